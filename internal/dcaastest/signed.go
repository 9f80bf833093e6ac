package dcaastest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

var _ statecheck.StateCheck = everySignedBy{}

type everySignedBy struct {
	api         API
	accessKeyID string
}

// ExpectEverySignedBy checks that the API received requests, each with a
// signature of accessKeyID that it verified, and none with an X-Auth-Token.
func ExpectEverySignedBy(api API, accessKeyID string) statecheck.StateCheck {
	return everySignedBy{api: api, accessKeyID: accessKeyID}
}

func (c everySignedBy) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	requests := c.api.Requests()
	if len(requests) == 0 {
		resp.Error = errors.New("the API received no request")
		return
	}
	var errs []error
	for _, r := range requests {
		if r.SignedBy != c.accessKeyID {
			errs = append(errs, fmt.Errorf("%s %s?%s (answered %d) was not signed by access key %s, but by %q", r.Method, r.Path, r.Query, r.Status, c.accessKeyID, r.SignedBy))
		}
		if _, sent := r.Header["X-Auth-Token"]; sent {
			errs = append(errs, fmt.Errorf("%s %s?%s carried an X-Auth-Token", r.Method, r.Path, r.Query))
		}
	}
	resp.Error = errors.Join(errs...)
}

// CheckAPI runs checks of the API alone at the end of a test whose steps
// failed on purpose, where no state check runs.
func CheckAPI(t testing.TB, checks ...statecheck.StateCheck) {
	t.Helper()
	if err := runStateChecks(&tfjson.State{}, checks); err != nil {
		t.Error(err)
	}
}
