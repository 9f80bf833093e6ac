package dcaastest

import (
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

func TestExpectPeerCount(t *testing.T) {
	api := fakeAPI{peers: []mockserver.Peer{{ID: "a", VifID: "vif-1"}, {ID: "b", VifID: "vif-1"}, {ID: "c", VifID: "vif-2"}}}
	onVif1 := func(p mockserver.Peer) bool { return p.VifID == "vif-1" }

	expectPass(t, runCheck(ExpectPeerCount(api, 3), nil))
	expectPass(t, runCheck(ExpectPeerCount(api, 2).Where("peers on vif-1", onVif1), nil))
	expectFailure(t, runCheck(ExpectPeerCount(api, 2), nil), "the API holds 3 peers, want 2")
	expectFailure(t, runCheck(ExpectPeerCount(api, 1).Where("peers on vif-1", onVif1), nil), "the API holds 2 peers on vif-1, want 1")
	expectFailure(t, runCheck(ExpectPeerCount(fakeAPI{}, 1), nil), "the API holds 0 peers, want 1")
}
