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
		ID: types.StringValue(peerID), VifID: types.StringValue(vifID),
		RemoteEPGroup: types.SetNull(customtypes.IPPrefixType{}), ServiceEPGroup: types.SetNull(types.StringType),
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

func TestDeleteLastPeerWarns(t *testing.T) {
	m := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken})
	m.SeedInterface(testVifID, "v")
	peerID, err := m.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	r := &vifPeerResource{client: newUnitClient(t, m)}
	resp := resource.DeleteResponse{State: stateOf(t, r, testVifID, peerID)}
	r.Delete(context.Background(), resource.DeleteRequest{State: resp.State}, &resp)

	if resp.Diagnostics.HasError() {
		t.Fatalf("errors: %v", resp.Diagnostics)
	}
	warnings := resp.Diagnostics.Warnings()
	if len(warnings) != 1 {
		t.Fatalf("want one warning, got %v", resp.Diagnostics)
	}
	detail := warnings[0].Detail()
	for _, want := range []string{peerID, testVifID, "DC.1302", "removed from Terraform's state", "until the virtual interface itself is deleted"} {
		if !strings.Contains(detail, want) {
			t.Errorf("warning %q does not mention %q", detail, want)
		}
	}
	if _, ok := m.Peer(peerID); !ok {
		t.Error("the last peer is gone from the API")
	}
}

func TestDeleteOfVanishedPeerSucceeds(t *testing.T) {
	m := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken})
	m.SeedInterface(testVifID, "v")
	r := &vifPeerResource{client: newUnitClient(t, m)}
	resp := resource.DeleteResponse{State: stateOf(t, r, testVifID, "00000000-0000-4000-8000-000000000000")}
	r.Delete(context.Background(), resource.DeleteRequest{State: resp.State}, &resp)
	if len(resp.Diagnostics) != 0 {
		t.Fatalf("diagnostics for an already deleted peer: %v", resp.Diagnostics)
	}
}

// A delete sent to an endpoint with an extra path gets the mock's "not
// found" for an unknown path: the read that must agree fails, so the
// delete fails too, and the peer stays in state and in the API.
func TestDeleteAtAWrongPathIsNotSuccess(t *testing.T) {
	m := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken})
	m.SeedInterface(testVifID, "v")
	peerID, err := m.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	client, err := dcaas.NewClient(dcaas.Config{Endpoint: srv.URL + "/api", ProjectID: testProjectID, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	r := &vifPeerResource{client: client}
	resp := resource.DeleteResponse{State: stateOf(t, r, testVifID, peerID)}
	r.Delete(context.Background(), resource.DeleteRequest{State: resp.State}, &resp)
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "the endpoint is not the API's base URL") {
		t.Fatalf("diagnostics %v, want an error about the endpoint", resp.Diagnostics)
	}
	if resp.State.Raw.IsNull() {
		t.Error("the peer left the state")
	}
	if _, ok := m.Peer(peerID); !ok {
		t.Error("the peer is gone from the API")
	}
}

// The delete of the last peer is refused and reported at once when nothing
// else on the interface is changing.
func TestDeleteLastPeerDoesNotWaitOnAStillInterface(t *testing.T) {
	m := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken})
	m.SeedInterface(testVifID, "v")
	peerID, err := m.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	r := &vifPeerResource{client: newUnitClient(t, m)}
	resp := resource.DeleteResponse{State: stateOf(t, r, testVifID, peerID)}
	r.Delete(context.Background(), resource.DeleteRequest{State: resp.State}, &resp)
	deletes, reads := m.CountRequests(http.MethodDelete, "/vif-peers/"), m.CountRequests(http.MethodGet, "/virtual-interfaces/")
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
