package dcaas

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Every request of the client, to the API or to IAM, takes one way, read
// here from top to bottom: do says what the API's answers mean; send
// retries the attempts by the client's one retry policy; each attempt
// carries the credentials of the moment, renewed once when the API refuses
// them; the retry classes say which failures are sent again, and the policy
// after how long; last come the errors of requests that got no answer, or
// one the API never gives.

// do sends one request to the API, with in, when not nil, as its JSON
// body, and decodes the answer into out, when not nil.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	var payload []byte
	if in != nil {
		var err error
		if payload, err = json.Marshal(in); err != nil {
			return fmt.Errorf("encoding %s %s: %w", method, path, err)
		}
	}
	target := joinPath(c.baseURL, path)
	target.RawQuery = query.Encode()

	return c.send(ctx, exchange{
		method: method, target: target, path: path, payload: payload, idempotent: isIdempotent(method), auth: c.auth,
		refusal: func(resp *http.Response, raw []byte) error { return decodeAPIError(method, path, target, resp, raw) },
		decode: func(resp *http.Response, raw []byte, _ time.Time) error {
			if out == nil || len(bytes.TrimSpace(raw)) == 0 {
				return nil
			}
			if err := json.Unmarshal(raw, out); err != nil {
				return fmt.Errorf("decoding answer to %s %s (HTTP %d, request id %s): %w",
					method, path, resp.StatusCode, resp.Header.Get("X-Request-Id"), err)
			}
			return nil
		},
	})
}

// exchange is one request of the client, to the API or to IAM, as each of
// its attempts sends it, and what its answers mean.
type exchange struct {
	method string
	target *url.URL
	// path names the request in errors.
	path       string
	payload    []byte
	idempotent bool
	// auth puts the credentials on each attempt; nil when the payload
	// carries them, as a token request's does.
	auth authenticator
	// iam marks a token request, whose failures say so.
	iam bool
	// refusal is the error that an answer of 400 or more means.
	refusal func(resp *http.Response, raw []byte) error
	// decode reads an answer below 300 to an attempt sent at sentAt, as
	// now (time.Now when nil) told it.
	decode func(resp *http.Response, raw []byte, sentAt time.Time) error
	now    func() time.Time
}

// send sends x, attempt after attempt by the client's one retry policy,
// until one succeeds or fails for good.
func (c *Client) send(ctx context.Context, x exchange) error {
	return retry(ctx, c.settings.retries, func() attemptOutcome {
		return c.attemptWithRenewal(ctx, x)
	})
}

// retry calls try until it succeeds or fails for good: a failure that is
// not retried, a retry limit of its class, or the deadline. A final error
// after retries says how many tries over how long.
func retry(ctx context.Context, policy retryPolicy, try func() attemptOutcome) error {
	start := time.Now()
	throttleDeadline, hasDeadline := ctx.Deadline()
	if !hasDeadline {
		throttleDeadline = start.Add(policy.throttledWithoutDeadline)
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
				return policy.throttledPastDeadline(outcome.err, tries, throttled, start, wait, left, hasDeadline)
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

// throttledPastDeadline is the error of a request still throttled when the
// next try would come too late. With the caller's deadline it is a
// deadline exceeded, as if the wait had run into it.
func (p retryPolicy) throttledPastDeadline(err error, tries, throttled int, start time.Time, wait, left time.Duration, callerDeadline bool) error {
	summary := fmt.Sprintf("throttled %d of %d attempts over %s; the next, due in %s, would come after",
		throttled, tries, time.Since(start).Round(100*time.Millisecond), wait.Round(100*time.Millisecond))
	if !callerDeadline {
		return fmt.Errorf("%w (%s the %s this client retries a throttled request that has no deadline)", err, summary, p.throttledWithoutDeadline)
	}
	return fmt.Errorf("%w (%s the deadline, %s away: %w)", err, summary, left.Round(100*time.Millisecond), context.DeadlineExceeded)
}

// attemptWithRenewal sends one attempt and, when the API refuses its
// credentials and fresh ones may cure that (a token obtained with a
// password), once more. A 401 means the request was not acted on, so even a
// create may be sent again.
func (c *Client) attemptWithRenewal(ctx context.Context, x exchange) attemptOutcome {
	for renewed := false; ; renewed = true {
		outcome := c.attempt(ctx, x)
		if renewed || !outcome.renewable {
			return outcome
		}
	}
}

// attempt sends x once. The credentials are set before the request timeout
// starts, so that waiting for a token does not count against it.
func (c *Client) attempt(ctx context.Context, x exchange) attemptOutcome {
	var body io.Reader
	if x.payload != nil {
		body = bytes.NewReader(x.payload)
	}
	req, err := http.NewRequestWithContext(ctx, x.method, x.target.String(), body)
	if err != nil {
		return attemptOutcome{err: fmt.Errorf("building %s %s: %w", x.method, x.path, err)}
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "application/json")
	if x.payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if x.auth != nil {
		if err := x.auth.authorize(ctx, req, x.payload); err != nil {
			return attemptOutcome{err: fmt.Errorf("%s %s: %w", x.method, x.path, err)}
		}
	}

	ctx, cancel := context.WithTimeout(ctx, c.settings.requestTimeout)
	defer cancel()
	var sent bool
	req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteHeaders: func() { sent = true },
	}))
	now := x.now
	if now == nil {
		now = time.Now
	}
	sentAt := now()
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return attemptOutcome{err: x.unanswered(err, sent), retry: transportRetry(err, sent, x.idempotent)}
	}
	defer resp.Body.Close()

	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return attemptOutcome{err: &RedirectError{Method: x.method, URL: x.target.Redacted(),
			StatusCode: resp.StatusCode, Location: resp.Header.Get("Location"), IAM: x.iam}}
	}

	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return attemptOutcome{err: x.unanswered(err, true), retry: transportRetry(err, true, x.idempotent)}
	}

	if resp.StatusCode >= 400 {
		outcome := attemptOutcome{
			err:        x.refusal(resp, raw),
			retry:      statusRetry(resp.StatusCode, x.idempotent),
			retryAfter: parseRetryAfter(resp.Header.Get("Retry-After")),
		}
		if apiErr, ok := AsAPIError(outcome.err); ok && x.auth != nil &&
			(resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden) {
			outcome.renewable, outcome.err = x.auth.refused(req, resp, apiErr)
		}
		return outcome
	}
	return attemptOutcome{err: x.decode(resp, raw, sentAt)}
}

// unanswered is the error of an attempt of x that got no answer, or whose
// answer could not be read.
func (x exchange) unanswered(err error, sent bool) error {
	if x.iam {
		// The API request that waits for this token was not sent: whether
		// the token request was tells nothing of what the API did, and must
		// not make IsAmbiguous say otherwise.
		return fmt.Errorf("requesting a token from IAM: %w", &TransportError{Method: x.method, Path: x.path, Err: err})
	}
	return &TransportError{Method: x.method, Path: x.path, Sent: sent, Err: err}
}

// authenticator puts the credentials on each attempt of a request.
type authenticator interface {
	// authorize sets them on req, whose body is payload, as the last step
	// before it is sent.
	authorize(ctx context.Context, req *http.Request, payload []byte) error
	// refused is told of the answer resp, 401 or 403, that refused req's
	// credentials, as apiErr. It returns the error to report, and whether
	// fresh credentials may cure the refusal, so that req is worth sending
	// once more.
	refused(req *http.Request, resp *http.Response, apiErr *APIError) (renewable bool, err error)
}

type attemptOutcome struct {
	err        error
	retry      retryClass
	retryAfter time.Duration
	// renewable is a refusal of credentials that fresh ones may cure.
	renewable bool
}

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

func isIdempotent(method string) bool {
	return method != http.MethodPost
}

// isEndpointFailure reports whether a request failed for a reason that no
// retry can cure: the host name does not exist, or TLS cannot work with it.
func isEndpointFailure(err error) bool {
	var dnsErr *net.DNSError
	return (errors.As(err, &dnsErr) && dnsErr.IsNotFound) || errors.Is(err, http.ErrSchemeMismatch) || IsTLSFailure(err)
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

// retryPolicy says when a failed attempt is sent again. Every request, the
// API's and IAM's, follows the client's one.
type retryPolicy struct {
	// maxRetries bounds the retries of server errors and connection
	// failures; throttled answers are retried until the deadline.
	maxRetries int
	// backoff spaces the retries of failures whose answer names no wait.
	backoff schedule
	// throttledWithoutDeadline bounds the retries of a throttled request
	// whose context has no deadline.
	throttledWithoutDeadline time.Duration
}

// newRetryPolicy retries up to maxRetries times, with capped exponential
// backoff from minBackoff to maxBackoff, each wait between half and all of
// its step.
func newRetryPolicy(maxRetries int, minBackoff, maxBackoff time.Duration) retryPolicy {
	return retryPolicy{maxRetries: maxRetries, backoff: schedule{first: minBackoff, growth: 2, max: maxBackoff, jitter: true},
		throttledWithoutDeadline: defaultThrottledWithoutDeadline}
}

// backoffWait is the wait before retry n (from 0).
func (p retryPolicy) backoffWait(n int) time.Duration {
	return p.backoff.wait(n, 0)
}

// refusedWait is the wait before retry n of a refused connection.
func (p retryPolicy) refusedWait(n int) time.Duration {
	return p.backoffWait(n) / 2
}

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

// defaultThrottledWithoutDeadline is how long a throttled request is
// retried when its context sets no deadline, such as the view's shared
// reads and a token renewal, which outlive their callers.
const defaultThrottledWithoutDeadline = 10 * time.Minute

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

// TransportError is a request that got no HTTP answer. Sent says whether the
// request may have reached the server.
type TransportError struct {
	Method string
	Path   string
	Sent   bool
	Err    error
}

func (e *TransportError) Error() string {
	msg := fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
	var dnsErr *net.DNSError
	switch {
	case errors.As(e.Err, &dnsErr) && dnsErr.IsNotFound:
		msg += ". The host name does not exist"
	case errors.Is(e.Err, http.ErrSchemeMismatch):
		msg += ". The server answers plain HTTP where https:// was asked for"
	case IsTLSFailure(e.Err):
		msg += ". " + tlsProblem(e.Err)
	case errors.Is(e.Err, syscall.ECONNREFUSED):
		msg += ". Nothing accepts connections at that host and port"
	}
	return msg
}

func (e *TransportError) Unwrap() error { return e.Err }

// IsAmbiguous reports whether err leaves open whether the server acted on a
// create: the request was sent but no answer came back, or the answer was a
// 500, 502 or 504.
func IsAmbiguous(err error) bool {
	var tErr *TransportError
	if errors.As(err, &tErr) {
		return tErr.Sent
	}
	apiErr, ok := AsAPIError(err)
	if !ok {
		return false
	}
	switch apiErr.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// IsConnectFailure reports whether err is a request that reached no server
// it could talk to: the host name does not exist, nothing accepts
// connections at the host and port, the server answers plain HTTP where
// https:// was asked for, or TLS with it failed.
func IsConnectFailure(err error) bool {
	return isEndpointFailure(err) || errors.Is(err, syscall.ECONNREFUSED)
}

// IsTLSFailure reports whether the server's certificate was refused or the
// server does not speak TLS.
func IsTLSFailure(err error) bool {
	var verifyErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	return errors.As(err, &verifyErr) || errors.As(err, &recordErr) || errors.As(err, &unknownAuthority) ||
		errors.As(err, &hostnameErr) || errors.As(err, &invalidErr)
}

// tlsProblem says what was wrong with TLS, for an error that IsTLSFailure
// holds for; the error itself has the details.
func tlsProblem(err error) string {
	var recordErr tls.RecordHeaderError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	switch {
	case errors.As(err, &recordErr):
		return "The server does not speak TLS at that port"
	case errors.As(err, &unknownAuthority):
		return "The server's certificate was refused: it is signed by an authority that this machine does not trust"
	case errors.As(err, &hostnameErr):
		return "The server's certificate was refused: it is not valid for the host name asked for"
	case errors.As(err, &invalidErr) && invalidErr.Reason == x509.Expired:
		return "The server's certificate was refused: it has expired, or is not valid yet"
	}
	return "The server's certificate was refused"
}

// RedirectError is a 3xx answer. Neither the API nor IAM redirects, so one
// means the endpoint is not theirs; it is not followed, so nothing goes
// elsewhere.
type RedirectError struct {
	Method     string
	URL        string
	StatusCode int
	Location   string
	// IAM is set for IAM's answer to a token request.
	IAM bool
}

func (e *RedirectError) Error() string {
	if e.IAM {
		return fmt.Sprintf("IAM answered %s %s with a redirect (HTTP %d) to %q: not followed, since the credentials go to the configured IAM endpoint only",
			e.Method, e.URL, e.StatusCode, e.Location)
	}
	return fmt.Sprintf("%s %s: HTTP %d redirecting to %q. The DCaaS API never redirects, so the base URL is not the API's; "+
		"the redirect was not followed, and neither the token nor the request went there", e.Method, e.URL, e.StatusCode, e.Location)
}

// Is makes a redirect an answer that is not the API's (IsNotTheAPI).
func (e *RedirectError) Is(target error) bool { return target == errNotTheAPI }
