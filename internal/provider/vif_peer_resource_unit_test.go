package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// stateOf builds the framework state of one peer, for calling resource
// methods directly where the CLI cannot show what is asserted (warnings of
// a destroy).
func stateOf(t *testing.T, r resource.Resource, vifID, peerID string) tfsdk.State {
	t.Helper()
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
	model := vifPeerResourceModel{
		vifPeerModel: vifPeerModel{
			ID: types.StringValue(peerID), VifID: types.StringValue(vifID),
			RemoteEPGroup: types.SetNull(customtypes.IPPrefixType{}), ServiceEPGroup: types.SetNull(types.StringType),
		},
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "update": types.StringType, "delete": types.StringType,
		})},
	}
	if diags := state.Set(ctx, &model); diags.HasError() {
		t.Fatal(diags)
	}
	return state
}

func newUnitClient(t *testing.T, m *mockserver.Server) *dcaas.Client {
	t.Helper()
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	client, err := dcaas.NewClient(dcaas.Config{Endpoint: srv.URL, ProjectID: testProjectID, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// A destroy of the last peer of an interface succeeds with a warning: the
// peer leaves the state and stays in the API. The destroy is told from the
// delete half of a replacement by the private data of its plan.
func TestDeleteLastPeerWarns(t *testing.T) {
	h := newProtocolHarness(t)
	peerID, err := h.mock.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	prior := h.peerState(testVifID, peerID, dcaas.StatusActive)
	resp := h.applyDelete(context.Background(), prior, h.planDestroy(prior))

	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning {
		t.Fatalf("want one warning, got %s", diagnosticsText(resp.Diagnostics))
	}
	detail := resp.Diagnostics[0].Detail
	for _, want := range []string{peerID, testVifID, "DC.1302", "removed from Terraform's state", "until the virtual interface itself is deleted"} {
		if !strings.Contains(detail, want) {
			t.Errorf("warning %q does not mention %q", detail, want)
		}
	}
	if attrs := h.attributes(resp.NewState); attrs != nil {
		t.Errorf("new state %v, want none", attrs)
	}
	if _, ok := h.mock.Peer(peerID); !ok {
		t.Error("the last peer is gone from the API")
	}
}

// A delete refused as the last peer's outside a destroy, as the delete half
// of a replacement is, fails: the peer stays in state, so no successor is
// created and nothing is orphaned. Its plan is any but a destroy's, here
// one that holds no private data, as a plan made without the provider's
// destroy check would.
func TestDeleteLastPeerOutsideADestroyFails(t *testing.T) {
	for _, status := range []string{dcaas.StatusActive, dcaas.StatusError} {
		t.Run(status, func(t *testing.T) {
			h := newProtocolHarness(t)
			peerID, err := h.mock.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
			if err != nil {
				t.Fatal(err)
			}
			resp := h.applyDelete(context.Background(), h.peerState(testVifID, peerID, status), nil)
			text := diagnosticsText(resp.Diagnostics)
			advice := "terraform untaint <address>"
			if status == dcaas.StatusError {
				advice = "Or delete and recreate the virtual interface"
			}
			for _, want := range []string{"VIF peer cannot be replaced: the service keeps the last peer", peerID, "DC.1302", "stays in Terraform's state", advice} {
				if !strings.Contains(text, want) {
					t.Errorf("diagnostics %q do not mention %q", text, want)
				}
			}
			if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError {
				t.Errorf("want one error, got %s", text)
			}
			if got := stringAttribute(h.attributes(resp.NewState), "id"); got != peerID {
				t.Errorf("new state holds peer %q, want %s kept", got, peerID)
			}
			if _, ok := h.mock.Peer(peerID); !ok {
				t.Error("the last peer is gone from the API")
			}
		})
	}
}

func TestDeleteOfVanishedPeerSucceeds(t *testing.T) {
	h := newProtocolHarness(t)
	prior := h.peerState(testVifID, "00000000-0000-4000-8000-000000000000", dcaas.StatusActive)
	resp := h.applyDelete(context.Background(), prior, h.planDestroy(prior))
	if len(resp.Diagnostics) != 0 {
		t.Fatalf("diagnostics for an already deleted peer: %s", diagnosticsText(resp.Diagnostics))
	}
	if attrs := h.attributes(resp.NewState); attrs != nil {
		t.Errorf("new state %v, want none", attrs)
	}
}

// A delete sent to an endpoint with an extra path gets the mock's "not
// found" for an unknown path: the read that must agree fails, so the
// delete fails too, and the peer stays in state and in the API, without
// the destroy's mark, which a later plan must not find.
func TestDeleteAtAWrongPathIsNotSuccess(t *testing.T) {
	h := newProtocolHarnessAt(t, "/api")
	peerID, err := h.mock.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	prior := h.peerState(testVifID, peerID, dcaas.StatusActive)
	planned := h.planDestroy(prior)
	if !strings.Contains(string(planned), destroyMarkKey) {
		t.Fatalf("the destroy's plan holds %q, without the destroy's mark", planned)
	}
	resp := h.applyDelete(context.Background(), prior, planned)
	if text := diagnosticsText(resp.Diagnostics); !strings.Contains(text, "the base URL is not the API's") || !strings.Contains(text, "Check endpoint") {
		t.Fatalf("diagnostics %q, want an error about the endpoint", text)
	}
	if got := stringAttribute(h.attributes(resp.NewState), "id"); got != peerID {
		t.Errorf("new state holds peer %q, want %s kept", got, peerID)
	}
	if strings.Contains(string(resp.Private), destroyMarkKey) {
		t.Errorf("the state's private data %q keeps the destroy's mark", resp.Private)
	}
	if _, ok := h.mock.Peer(peerID); !ok {
		t.Error("the peer is gone from the API")
	}
}

// The delete of the last peer is refused and reported at once when nothing
// else on the interface is changing.
func TestDeleteLastPeerDoesNotWaitOnAStillInterface(t *testing.T) {
	h := newProtocolHarness(t)
	peerID, err := h.mock.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	prior := h.peerState(testVifID, peerID, dcaas.StatusActive)
	h.applyDelete(context.Background(), prior, h.planDestroy(prior))
	deletes, reads := h.mock.CountRequests(http.MethodDelete, "/vif-peers/"), h.mock.CountRequests(http.MethodGet, "/virtual-interfaces/")
	if deletes != 1 || reads != 1 {
		t.Errorf("%d deletes and %d reads of the interface, want 1 and 1: nothing on the interface was changing", deletes, reads)
	}
}

func TestCreateWarnsWhenPeerIsDown(t *testing.T) {
	var diags diag.Diagnostics
	warnIfDown(&diags, &dcaas.VifPeer{ID: "p", VifID: "v", Status: dcaas.StatusDown})
	warnIfDown(&diags, &dcaas.VifPeer{ID: "q", VifID: "v", Status: dcaas.StatusActive})
	if len(diags) != 1 || diags.HasError() || !strings.Contains(diags[0].Detail(), "p on virtual interface v") {
		t.Errorf("diagnostics %v", diags)
	}
}
