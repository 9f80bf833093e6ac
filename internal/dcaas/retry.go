package dcaas

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// retryClass says whether, and by which rule, a failed attempt is sent
// again.
type retryClass int

const (
	// notRetried failures are final.
	notRetried retryClass = iota
	// retryThrottled is a 429 or 503, which changed nothing: sent again
	// after Retry-After and some jitter, for as long as the call's deadline
	// allows. MaxRetries does not bound it.
	retryThrottled
	// retryFailed is a server error or a lost connection of a request that
	// may be sent twice: up to MaxRetries times, with backoff.
	retryFailed
	// retryRefused is a refused connection: nothing was sent, and nothing
	// listens there. It is retried as retryFailed but fewer times and
	// sooner, so that a wrong endpoint shows quickly; see
	// maxRefusedRetries.
	retryRefused
)

// maxRetryAfter is the longest Retry-After this client waits for; an
// answer that asks for longer fails, rather than hold the run for hours.
const maxRetryAfter = 2 * time.Minute

// maxRefusedRetries bounds the retries of a refused connection. A refusal
// comes at once, so the retries cost only their waits: half the backoff,
// 0.5, 1, 2 and 4 s by default (each between half and all of that), at most
// 7.5 s in all. That rides out a restart of the service or its load
// balancer, and a wrong host or port, which no wait mends, fails within
// about ten seconds rather than the 30 s and more of the full backoff.
const maxRefusedRetries = 4

// throttledWithoutDeadline is how long a throttled request is retried when
// its context sets no deadline, such as the view's shared reads and a
// token renewal, which outlive their callers.
var throttledWithoutDeadline = 10 * time.Minute

// retryPolicy says when a failed attempt is sent again. Every request, the
// API's and IAM's, follows the client's one.
type retryPolicy struct {
	// maxRetries bounds the retries of server errors and connection
	// failures; throttled answers are retried until the deadline.
	maxRetries int
	// backoff spaces the retries of failures whose answer names no wait.
	backoff schedule
}

// newRetryPolicy retries up to maxRetries times, with capped exponential
// backoff from minBackoff to maxBackoff, each wait between half and all of
// its step.
func newRetryPolicy(maxRetries int, minBackoff, maxBackoff time.Duration) retryPolicy {
	return retryPolicy{maxRetries: maxRetries, backoff: schedule{first: minBackoff, growth: 2, max: maxBackoff, jitter: true}}
}

// backoffWait is the wait before retry n (from 0).
func (p retryPolicy) backoffWait(n int) time.Duration {
	return p.backoff.wait(n, 0)
}

// refusedWait is the wait before retry n of a refused connection.
func (p retryPolicy) refusedWait(n int) time.Duration {
	return p.backoffWait(n) / 2
}

type attemptOutcome struct {
	err        error
	retry      retryClass
	retryAfter time.Duration
	// renewable is a refusal of credentials that fresh ones may cure.
	renewable bool
}

// retry calls try until it succeeds or fails for good: a failure that is
// not retried, a retry limit of its class, or the deadline. A final error
// after retries says how many tries over how long.
func retry(ctx context.Context, policy retryPolicy, try func() attemptOutcome) error {
	start := time.Now()
	throttleDeadline, hasDeadline := ctx.Deadline()
	if !hasDeadline {
		throttleDeadline = start.Add(throttledWithoutDeadline)
	}
	retries, throttled := 0, 0
	for tries := 1; ; tries++ {
		outcome := try()
		if outcome.err == nil {
			return nil
		}
		if outcome.retry == notRetried || ctx.Err() != nil {
			return gaveUp(outcome.err, tries, start)
		}
		var wait time.Duration
		switch outcome.retry {
		case retryThrottled:
			if outcome.retryAfter > maxRetryAfter {
				return fmt.Errorf("%w (the answer asks to wait %s before trying again, longer than the %s this client waits)", outcome.err, outcome.retryAfter, maxRetryAfter)
			}
			wait = throttleWait(outcome.retryAfter, policy.backoffWait(throttled))
			throttled++
			if left := time.Until(throttleDeadline); wait > left {
				return throttledPastDeadline(outcome.err, tries, throttled, start, wait, left, hasDeadline)
			}
		case retryRefused:
			if retries >= min(policy.maxRetries, maxRefusedRetries) {
				return gaveUp(outcome.err, tries, start)
			}
			wait = policy.refusedWait(retries)
			retries++
		default:
			if retries >= policy.maxRetries {
				return gaveUp(outcome.err, tries, start)
			}
			wait = policy.backoffWait(retries)
			retries++
		}
		if err := sleep(ctx, wait); err != nil {
			return fmt.Errorf("%w (waiting to retry after: %w)", err, outcome.err)
		}
	}
}

// throttleWait is how long to wait after a throttled answer: Retry-After
// and up to half as long again, so that requests throttled together do not
// all come back at the same instant; without Retry-After, the backoff.
func throttleWait(retryAfter, backoff time.Duration) time.Duration {
	if retryAfter <= 0 {
		return backoff
	}
	return retryAfter + rand.N(retryAfter/2+1) //nolint:gosec // jitter needs no cryptographic randomness
}

func gaveUp(err error, tries int, start time.Time) error {
	if tries == 1 {
		return err
	}
	return &RetriedError{Err: err, Attempts: tries, Over: time.Since(start).Round(100 * time.Millisecond)}
}

// RetriedError is a request that failed after Attempts attempts over Over:
// Err is the last attempt's failure. Each earlier one was retried, so it
// failed in a way the policy retries: for a create, only ways that leave
// nothing done (throttled, refused, never sent).
type RetriedError struct {
	Err      error
	Attempts int
	Over     time.Duration
}

func (e *RetriedError) Error() string {
	return fmt.Sprintf("%v (gave up after %d attempts over %s)", e.Err, e.Attempts, e.Over)
}

func (e *RetriedError) Unwrap() error { return e.Err }

// throttledPastDeadline is the error of a request still throttled when the
// next try would come too late. With the caller's deadline it is a
// deadline exceeded, as if the wait had run into it.
func throttledPastDeadline(err error, tries, throttled int, start time.Time, wait, left time.Duration, callerDeadline bool) error {
	summary := fmt.Sprintf("throttled %d of %d attempts over %s; the next, due in %s, would come after",
		throttled, tries, time.Since(start).Round(100*time.Millisecond), wait.Round(100*time.Millisecond))
	if !callerDeadline {
		return fmt.Errorf("%w (%s the %s this client retries a throttled request that has no deadline)", err, summary, throttledWithoutDeadline)
	}
	return fmt.Errorf("%w (%s the deadline, %s away: %w)", err, summary, left.Round(100*time.Millisecond), context.DeadlineExceeded)
}

// statusRetry says how an error answer is retried: throttling changed
// nothing, so even a create is sent again; after a server error only a
// request that may be sent twice is.
func statusRetry(status int, idempotent bool) retryClass {
	switch status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return retryThrottled
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		if idempotent {
			return retryFailed
		}
	}
	return notRetried
}

// transportRetry says how a request that got no answer is retried. One
// never written cannot have been acted on; a failure that is about the
// endpoint itself will not heal by trying again.
func transportRetry(err error, sent, idempotent bool) retryClass {
	switch {
	case isEndpointFailure(err):
		return notRetried
	case errors.Is(err, syscall.ECONNREFUSED):
		return retryRefused
	case idempotent || !sent:
		return retryFailed
	}
	return notRetried
}

// parseRetryAfter reads a Retry-After header given in seconds or as an HTTP
// date; anything else yields 0.
func parseRetryAfter(value string) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	if secs, err := strconv.Atoi(value); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if when, err := http.ParseTime(value); err == nil {
		return max(time.Until(when), 0)
	}
	return 0
}
