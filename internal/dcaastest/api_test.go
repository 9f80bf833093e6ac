package dcaastest

import (
	"context"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// fakeAPI holds what a test says the API holds and received.
type fakeAPI struct {
	peers    []mockserver.Peer
	requests []mockserver.Request
}

func (f fakeAPI) Peer(peerID string) (mockserver.Peer, bool) {
	for _, p := range f.peers {
		if p.ID == peerID {
			return p, true
		}
	}
	return mockserver.Peer{}, false
}

func (f fakeAPI) Peers() []mockserver.Peer       { return f.peers }
func (f fakeAPI) Requests() []mockserver.Request { return f.requests }

func stateOf(resources ...*tfjson.StateResource) *tfjson.State {
	return &tfjson.State{Values: &tfjson.StateValues{RootModule: &tfjson.StateModule{Resources: resources}}}
}

// runCheck runs check on state and returns its error, "" when it passed.
func runCheck(check statecheck.StateCheck, state *tfjson.State) string {
	var resp statecheck.CheckStateResponse
	check.CheckState(context.Background(), statecheck.CheckStateRequest{State: state}, &resp)
	if resp.Error == nil {
		return ""
	}
	return resp.Error.Error()
}

// expectFailure fails the test unless got is an error holding want.
func expectFailure(t *testing.T, got, want string) {
	t.Helper()
	if got == "" {
		t.Errorf("the check passed, want an error holding %q", want)
	} else if !strings.Contains(got, want) {
		t.Errorf("error %q, want it to hold %q", got, want)
	}
}

func expectPass(t *testing.T, got string) {
	t.Helper()
	if got != "" {
		t.Errorf("the check failed: %s", got)
	}
}
