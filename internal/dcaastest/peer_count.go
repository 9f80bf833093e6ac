package dcaastest

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

var _ statecheck.StateCheck = PeerCount{}

// PeerCount checks how many peers, of those it selects, the API holds.
type PeerCount struct {
	api   API
	want  int
	what  string
	match func(mockserver.Peer) bool
}

// ExpectPeerCount checks that the API holds exactly want peers.
func ExpectPeerCount(api API, want int) PeerCount {
	return PeerCount{api: api, want: want, what: "peers"}
}

// Where counts only the peers that match; what names them in the error,
// as in "peers made by Terraform".
func (c PeerCount) Where(what string, match func(mockserver.Peer) bool) PeerCount {
	c.what, c.match = what, match
	return c
}

func (c PeerCount) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	n := 0
	for _, p := range c.api.Peers() {
		if c.match == nil || c.match(p) {
			n++
		}
	}
	if n != c.want {
		resp.Error = fmt.Errorf("the API holds %d %s, want %d", n, c.what, c.want)
	}
}
