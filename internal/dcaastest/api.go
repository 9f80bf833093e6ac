// Package dcaastest holds state checks for acceptance tests that run
// against the mock API: what the API holds and what it was asked, set
// beside what the state claims.
package dcaastest

import (
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// API is the part of the mock API that the checks read.
type API interface {
	Peer(peerID string) (mockserver.Peer, bool)
	Peers() []mockserver.Peer
	Requests() []mockserver.Request
}

var _ API = (*mockserver.Server)(nil)

// stateResource finds the resource at address in the root module of state.
func stateResource(state *tfjson.State, address string) (*tfjson.StateResource, error) {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return nil, fmt.Errorf("%s is not in state: the state is empty", address)
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			return r, nil
		}
	}
	return nil, fmt.Errorf("%s is not in state", address)
}
