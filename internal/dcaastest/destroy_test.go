package dcaastest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// legacyState is the state before a destroy, holding peers of these ids.
func legacyState(peerIDs ...string) *terraform.State {
	resources := map[string]*terraform.ResourceState{}
	for i, id := range peerIDs {
		resources[fmt.Sprintf("dcaas_vif_peer.test.%d", i)] = &terraform.ResourceState{
			Type: "dcaas_vif_peer", Primary: &terraform.InstanceState{ID: id},
		}
	}
	return &terraform.State{Modules: []*terraform.ModuleState{{Path: []string{"root"}, Resources: resources}}}
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestCheckDestroy(t *testing.T) {
	api := fakeAPI{peers: []mockserver.Peer{{ID: "kept"}}, requests: []mockserver.Request{{Method: http.MethodDelete, Path: "/vif-peers/gone"}}}
	deletes := Request(http.MethodDelete, "/vif-peers/")

	expectPass(t, errorText(CheckDestroy(api)(legacyState("gone"))))
	expectPass(t, errorText(CheckDestroy(api, ExpectRequestCount(api, deletes, 1))(legacyState("gone"))))
	expectFailure(t, errorText(CheckDestroy(api)(legacyState("gone", "kept"))), "peer kept is still in the API")
	// A data source that reads a peer leaves the peer where it is.
	read := legacyState("gone")
	read.RootModule().Resources["data.dcaas_vif_peer.test"] = &terraform.ResourceState{Type: "dcaas_vif_peer", Primary: &terraform.InstanceState{ID: "kept"}}
	expectPass(t, errorText(CheckDestroy(api)(read)))
	expectFailure(t, errorText(CheckDestroy(api, ExpectRequestCount(api, deletes, 2))(legacyState("gone"))), "received 1 requests DELETE")
}

func TestAfterDestroy(t *testing.T) {
	api := fakeAPI{peers: []mockserver.Peer{{ID: "kept"}}}
	expectPass(t, errorText(AfterDestroy(ExpectPeerCount(api, 1))(legacyState("kept"))))
	expectFailure(t, errorText(AfterDestroy(ExpectPeerCount(api, 1), ExpectPeerCount(api, 0))(legacyState("kept"))), "the API holds 1 peers, want 0")
	// Nothing is left in the state for checks that read it.
	expectFailure(t, errorText(AfterDestroy(ExpectTainted(peerAddress))(legacyState("kept"))), "is not in state")
}

func TestOnPriorState(t *testing.T) {
	check := OnPriorState(ExpectTainted(peerAddress), ExpectPeerCount(fakeAPI{}, 0))
	run := func(plan *tfjson.Plan) string {
		var resp plancheck.CheckPlanResponse
		check.CheckPlan(context.Background(), plancheck.CheckPlanRequest{Plan: plan}, &resp)
		return errorText(resp.Error)
	}
	expectPass(t, run(&tfjson.Plan{PriorState: stateOf(&tfjson.StateResource{Address: peerAddress, Tainted: true})}))
	expectFailure(t, run(&tfjson.Plan{PriorState: stateOf(&tfjson.StateResource{Address: peerAddress})}), "not tainted")
	expectFailure(t, run(&tfjson.Plan{}), "the plan holds no prior state")

	// Every check runs, and each failure is reported.
	both := OnPriorState(ExpectTainted(peerAddress), ExpectPeerCount(fakeAPI{}, 1))
	var resp plancheck.CheckPlanResponse
	both.CheckPlan(context.Background(), plancheck.CheckPlanRequest{Plan: &tfjson.Plan{PriorState: stateOf()}}, &resp)
	if got := errorText(resp.Error); !strings.Contains(got, "not in state") || !strings.Contains(got, "want 1") {
		t.Errorf("error %q, want both failures", got)
	}
}
