package dcaastest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

var _ statecheck.StateCheck = retryAfterHonoured{}

type retryAfterHonoured struct {
	api         API
	retryAfter  time.Duration
	maxRequests int
}

// ExpectRetryAfterHonoured checks that the API throttled some requests (429
// or 503), that each was sent again no sooner than retryAfter, and that the
// API received no more than maxRequests requests in all.
func ExpectRetryAfterHonoured(api API, retryAfter time.Duration, maxRequests int) statecheck.StateCheck {
	return retryAfterHonoured{api: api, retryAfter: retryAfter, maxRequests: maxRequests}
}

func (c retryAfterHonoured) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	requests := c.api.Requests()
	var errs []error
	if len(requests) > c.maxRequests {
		errs = append(errs, fmt.Errorf("the API received %d requests, more than %d: a request storm", len(requests), c.maxRequests))
	}
	throttled := 0
	for i, r := range requests {
		if r.Status != http.StatusTooManyRequests && r.Status != http.StatusServiceUnavailable {
			continue
		}
		throttled++
		for _, next := range requests[i+1:] {
			if next.Method == r.Method && next.Path == r.Path && next.Query == r.Query && string(next.Body) == string(r.Body) {
				if gap := next.At.Sub(r.At); gap < c.retryAfter {
					errs = append(errs, fmt.Errorf("%s %s answered %d was sent again after %v, sooner than Retry-After %v", r.Method, r.Path, r.Status, gap, c.retryAfter))
				}
				break
			}
		}
	}
	if throttled == 0 {
		errs = append(errs, errors.New("the API throttled no request: the fault injection did not work"))
	}
	resp.Error = errors.Join(errs...)
}
