package dcaas

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A throttled request waits what Retry-After asks and up to half as long
// again, drawn anew each time, so that requests throttled together come back
// spread out instead of in lockstep.
func TestThrottleWaitIsRetryAfterPlusJitter(t *testing.T) {
	const retryAfter = time.Second
	seen := map[time.Duration]bool{}
	shortest, longest := time.Hour, time.Duration(0)
	for range 200 {
		wait := throttleWait(retryAfter, time.Hour)
		if wait < retryAfter || wait > retryAfter*3/2 {
			t.Fatalf("wait %v outside [%v, %v]", wait, retryAfter, retryAfter*3/2)
		}
		seen[wait] = true
		shortest, longest = min(shortest, wait), max(longest, wait)
	}
	if len(seen) < 100 || longest-shortest < retryAfter/4 {
		t.Errorf("%d distinct waits between %v and %v: no jitter to speak of", len(seen), shortest, longest)
	}
	// Without Retry-After, the backoff decides.
	if wait := throttleWait(0, 3*time.Second); wait != 3*time.Second {
		t.Errorf("without Retry-After: wait %v, want the backoff", wait)
	}
}

// throttledTries answers throttled, asking for retryAfter, until n tries
// were made, then succeeds.
func throttledTries(n int, retryAfter time.Duration, tries *int) func() attemptOutcome {
	return func() attemptOutcome {
		*tries++
		if *tries > n {
			return attemptOutcome{}
		}
		return attemptOutcome{err: &APIError{StatusCode: http.StatusTooManyRequests, FromAPI: true}, retry: retryThrottled, retryAfter: retryAfter}
	}
}

// MaxRetries does not bound throttling: a request is retried as long as
// the deadline allows.
func TestThrottledRetriedPastMaxRetries(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tries := 0
	policy := retryPolicy{maxRetries: 1, backoff: schedule{first: time.Millisecond}}
	if err := retry(ctx, policy, throttledTries(8, 10*time.Millisecond, &tries)); err != nil {
		t.Fatal(err)
	}
	if tries != 9 {
		t.Errorf("%d tries, want 9: eight throttled, then success", tries)
	}
}

// Through the client, for a create as for a read: throttling changed
// nothing, so both are sent again, more often than MaxRetries (3) allows
// for server errors.
func TestThrottledRequestsOutlastMaxRetries(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		var calls atomic.Int32
		c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
			switch n := calls.Add(1); {
			case n <= 6:
				writeJSON(w, []int{http.StatusTooManyRequests, http.StatusServiceUnavailable}[n%2], `{"error_code":"DC.0003","error_msg":"slow down"}`)
			case r.Method == http.MethodPost:
				writeJSON(w, http.StatusCreated, vendorCreateResponse)
			default:
				writeJSON(w, http.StatusOK, `{"virtual_interface":{"id":"v1"}}`)
			}
		})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		var err error
		if method == http.MethodPost {
			_, err = c.postVifPeer(ctx, CreateVifPeerRequest{})
		} else {
			_, err = c.VirtualInterface(ctx, "v1", Fresh)
		}
		cancel()
		if err != nil || calls.Load() != 7 {
			t.Errorf("%s: %d calls, err %v; want 7 and success", method, calls.Load(), err)
		}
	}
}

// When the next try would come after the deadline, the request fails at
// once, saying so, as a deadline exceeded: it does not sleep into the
// deadline first.
func TestThrottlingStopsAtTheDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tries := 0
	policy := retryPolicy{maxRetries: 0, backoff: schedule{first: time.Millisecond}}
	// Three short waits, then one of 90 s or more, beyond the minute.
	short := throttledTries(3, 10*time.Millisecond, &tries)
	err := retry(ctx, policy, func() attemptOutcome {
		outcome := short()
		if tries > 3 {
			outcome = attemptOutcome{err: &APIError{StatusCode: http.StatusServiceUnavailable, FromAPI: true}, retry: retryThrottled, retryAfter: 90 * time.Second}
		}
		return outcome
	})
	if ctx.Err() != nil {
		t.Fatal("the retry waited until the deadline")
	}
	if tries != 4 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%d tries, err %v; want 4 and a deadline exceeded", tries, err)
	}
	if apiErr, ok := AsAPIError(err); !ok || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("err %v does not carry the last answer", err)
	}
	if !strings.Contains(err.Error(), "throttled 4 of 4 attempts over") || !strings.Contains(err.Error(), "would come after the deadline") {
		t.Errorf("err %q does not say why it stopped", err)
	}
}

// A context without a deadline, such as a shared read's, gets a bound of
// its own.
func TestThrottlingWithoutDeadlineStops(t *testing.T) {
	tries := 0
	err := retry(context.Background(), retryPolicy{backoff: schedule{first: time.Millisecond}, throttledWithoutDeadline: time.Second},
		throttledTries(1000, 10*time.Millisecond, &tries))
	if err == nil || errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "throttled") || !strings.Contains(err.Error(), time.Second.String()) {
		t.Fatalf("err %v", err)
	}
	if tries < 2 {
		t.Errorf("%d tries: the throttled request was not retried", tries)
	}
}

// refusingAddress is a local address where nothing listens, so that
// connections to it are refused.
func refusingAddress(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	_ = listener.Close()
	return addr
}

// A refused connection is retried fewer times than MaxRetries and sooner,
// and the error says how often and that nothing listens there.
func TestRefusedConnectionsRetriedBriefly(t *testing.T) {
	addr := refusingAddress(t)
	for _, tc := range []struct{ maxRetries, wantDials int }{{6, 1 + maxRefusedRetries}, {2, 3}, {0, 1}} {
		var dials atomic.Int32
		dialer := &net.Dialer{}
		c, _ := NewClient(Config{
			Endpoint: "http://" + addr, ProjectID: "p", MaxRetries: ptr(tc.maxRetries), MinBackoff: time.Millisecond,
			HTTPClient: &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
				dials.Add(1)
				return dialer.DialContext(ctx, network, address)
			}}},
		})
		_, err := c.VirtualInterface(context.Background(), "v1", Fresh)
		if int(dials.Load()) != tc.wantDials || err == nil || !strings.Contains(err.Error(), "Nothing accepts connections at that host and port") {
			t.Errorf("MaxRetries %d: %d dials, err %v; want %d dials", tc.maxRetries, dials.Load(), err, tc.wantDials)
		}
		if tc.wantDials > 1 && !strings.Contains(err.Error(), fmt.Sprintf("gave up after %d attempts over", tc.wantDials)) {
			t.Errorf("MaxRetries %d: err %v does not say how often", tc.maxRetries, err)
		}
	}
}

// With the default backoff, the waits between refused connections add up
// to less than ten seconds, so a plan against a wrong port fails soon.
func TestRefusedScheduleEndsWithinTenSeconds(t *testing.T) {
	c, err := NewClient(Config{Endpoint: "http://x", ProjectID: "p"})
	if err != nil {
		t.Fatal(err)
	}
	policy := c.settings.retries
	retries := min(policy.maxRetries, maxRefusedRetries)
	if retries < 2 {
		t.Fatalf("%d retries of a refused connection: too few to ride out a restart", retries)
	}
	for range 100 {
		var total time.Duration
		for n := range retries {
			total += policy.refusedWait(n)
		}
		if total > 10*time.Second {
			t.Fatalf("the waits of %d retries add up to %v", retries, total)
		}
	}
}
