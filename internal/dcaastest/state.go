package dcaastest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

var _ statecheck.StateCheck = tainted{}

type tainted struct{ address string }

// ExpectTainted checks that the resource at address is in state and
// tainted, as a create that failed after the API made the object leaves it.
func ExpectTainted(address string) statecheck.StateCheck {
	return tainted{address: address}
}

func (c tainted) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	rs, err := stateResource(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	if !rs.Tainted {
		resp.Error = fmt.Errorf("%s is in state but not tainted", c.address)
	}
}

var _ statecheck.StateCheck = secretNotInState{}

type secretNotInState struct{ secret string }

// ExpectSecretNotInState checks that no value of any resource in state
// holds secret.
func ExpectSecretNotInState(secret string) statecheck.StateCheck {
	return secretNotInState{secret: secret}
}

func (c secretNotInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		return
	}
	var errs []error
	for _, rs := range req.State.Values.RootModule.Resources {
		for name, value := range rs.AttributeValues {
			if holds(value, c.secret) {
				errs = append(errs, fmt.Errorf("%s.%s holds the secret", rs.Address, name))
			}
		}
	}
	resp.Error = errors.Join(errs...)
}

// holds reports whether a value of the state, or any value nested in it,
// is a string containing secret.
func holds(value any, secret string) bool {
	switch v := value.(type) {
	case string:
		return strings.Contains(v, secret)
	case []any:
		for _, item := range v {
			if holds(item, secret) {
				return true
			}
		}
	case map[string]any:
		for _, item := range v {
			if holds(item, secret) {
				return true
			}
		}
	}
	return false
}
