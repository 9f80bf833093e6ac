package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// bgp_md5_wo is tested here through the framework's protocol server,
// speaking as a client that supports write-only attributes, so these tests
// run wherever the unit tests do; vif_peer_write_only_acc_test.go runs the
// CLIs that have them. A CLI without them is shown to give a clear error.

func bgpPeerValues(extra map[string]tftypes.Value) map[string]tftypes.Value {
	values := map[string]tftypes.Value{
		"vif_id":            tftypes.NewValue(tftypes.String, testVifID),
		"name":              tftypes.NewValue(tftypes.String, "wo-peer"),
		"address_family":    tftypes.NewValue(tftypes.String, "ipv4"),
		"route_mode":        tftypes.NewValue(tftypes.String, "bgp"),
		"bgp_asn":           tftypes.NewValue(tftypes.Number, 64512),
		"local_gateway_ip":  tftypes.NewValue(tftypes.String, "169.254.0.1/30"),
		"remote_gateway_ip": tftypes.NewValue(tftypes.String, "169.254.0.2/30"),
	}
	for k, v := range extra {
		values[k] = v
	}
	return values
}

func (h *protocolHarness) validate(values map[string]tftypes.Value, writeOnlyAllowed bool) []*tfprotov6.Diagnostic {
	resp, err := h.server.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
		TypeName:           "dcaas_vif_peer",
		Config:             h.dynamic(h.peerType, h.object(h.peerType, values, false)),
		ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: writeOnlyAllowed},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

func TestVifPeerWriteOnlyMD5Schema(t *testing.T) {
	h := newProtocolHarness(t)
	schemas, _ := h.server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	for _, a := range schemas.ResourceSchemas["dcaas_vif_peer"].Block.Attributes {
		// Write-only keeps the key out of plan and state; marked sensitive
		// too, it would give the state a second sensitive path.
		if a.Name == "bgp_md5_wo" && (!a.WriteOnly || a.Sensitive || !a.Optional) {
			t.Errorf("bgp_md5_wo: write-only %v, sensitive %v, optional %v", a.WriteOnly, a.Sensitive, a.Optional)
		}
	}
}

func TestVifPeerWriteOnlyMD5Validation(t *testing.T) {
	h := newProtocolHarness(t)
	key := tftypes.NewValue(tftypes.String, "wo-key")
	version := tftypes.NewValue(tftypes.Number, 1)

	if diags := h.validate(bgpPeerValues(map[string]tftypes.Value{"bgp_md5_wo": key, "bgp_md5_wo_version": version}), true); len(diags) != 0 {
		t.Errorf("valid write-only key rejected: %s", diagnosticsText(diags))
	}
	cases := map[string]struct {
		values           map[string]tftypes.Value
		writeOnlyAllowed bool
		want             string
	}{
		"client before Terraform 1.11": {
			bgpPeerValues(map[string]tftypes.Value{"bgp_md5_wo": key, "bgp_md5_wo_version": version}), false,
			"only supported in Terraform 1.11 and later",
		},
		"with bgp_md5": {
			bgpPeerValues(map[string]tftypes.Value{"bgp_md5_wo": key, "bgp_md5_wo_version": version, "bgp_md5": tftypes.NewValue(tftypes.String, "k")}), true,
			`"bgp_md5"`,
		},
		"without a version": {
			bgpPeerValues(map[string]tftypes.Value{"bgp_md5_wo": key}), true,
			`"bgp_md5_wo_version"`,
		},
		"with static routing": {
			bgpPeerValues(map[string]tftypes.Value{"bgp_md5_wo": key, "bgp_md5_wo_version": version,
				"route_mode": tftypes.NewValue(tftypes.String, "static"), "bgp_asn": tftypes.NewValue(tftypes.Number, nil)}), true,
			`bgp_md5_wo is only allowed with route_mode = "bgp"`,
		},
	}
	for name, tc := range cases {
		diags := h.validate(tc.values, tc.writeOnlyAllowed)
		if text := diagnosticsText(diags); !strings.Contains(text, tc.want) {
			t.Errorf("%s: diagnostics %q lack %q", name, text, tc.want)
		}
	}
}

// The key reaches the API at create, and neither the new state nor a
// refresh holds it, although the API echoes it back.
func TestVifPeerWriteOnlyMD5CreateAndRead(t *testing.T) {
	const key = "wo-key-93e1"
	h := newProtocolHarness(t)
	ctx := context.Background()
	config := h.object(h.peerType, bgpPeerValues(map[string]tftypes.Value{
		"bgp_md5_wo":         tftypes.NewValue(tftypes.String, key),
		"bgp_md5_wo_version": tftypes.NewValue(tftypes.Number, 1),
	}), false)
	planned := h.object(h.peerType, bgpPeerValues(map[string]tftypes.Value{
		"bgp_md5_wo":         tftypes.NewValue(tftypes.String, nil),
		"bgp_md5_wo_version": tftypes.NewValue(tftypes.Number, 1),
		"bgp_md5":            tftypes.NewValue(tftypes.String, nil),
		"description":        tftypes.NewValue(tftypes.String, ""),
		"remote_ep_group":    tftypes.NewValue(h.peerType.AttributeTypes["remote_ep_group"], nil),
		"timeouts":           tftypes.NewValue(h.peerType.AttributeTypes["timeouts"], nil),
	}), true)

	applied, err := h.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:     "dcaas_vif_peer",
		PriorState:   h.dynamic(h.peerType, tftypes.NewValue(h.peerType, nil)),
		PlannedState: h.dynamic(h.peerType, planned),
		Config:       h.dynamic(h.peerType, config),
	})
	if err != nil || len(applied.Diagnostics) > 0 {
		t.Fatalf("apply: %v %s", err, diagnosticsText(applied.Diagnostics))
	}

	var sent struct {
		VifPeer struct {
			BGPMD5 string `json:"bgp_md5"`
		} `json:"vif_peer"`
	}
	for _, r := range h.mock.Requests() {
		if r.Method == http.MethodPost {
			_ = json.Unmarshal(r.Body, &sent)
		}
	}
	if sent.VifPeer.BGPMD5 != key {
		t.Errorf("the API received bgp_md5 %q, want the write-only key", sent.VifPeer.BGPMD5)
	}

	h.expectNoKey(applied.NewState, key, "new state")
	read, err := h.server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "dcaas_vif_peer", CurrentState: applied.NewState})
	if err != nil || len(read.Diagnostics) > 0 {
		t.Fatalf("read: %v %s", err, diagnosticsText(read.Diagnostics))
	}
	h.expectNoKey(read.NewState, key, "refreshed state")
}

func (h *protocolHarness) expectNoKey(state *tfprotov6.DynamicValue, key, what string) {
	h.t.Helper()
	value, err := state.Unmarshal(h.peerType)
	if err != nil {
		h.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := value.As(&attrs); err != nil {
		h.t.Fatal(err)
	}
	for _, name := range []string{"bgp_md5", "bgp_md5_wo"} {
		if !attrs[name].IsNull() {
			h.t.Errorf("%s: %s is %v, want null", what, name, attrs[name])
		}
	}
	if strings.Contains(value.String(), key) {
		h.t.Errorf("%s holds the write-only key", what)
	}
}

// A CLI without write-only attributes (Terraform 1.5.7, OpenTofu 1.10) gets
// a clear error for bgp_md5_wo, at plan time. The words are the
// framework's, which names Terraform only.
func TestAccVifPeerResource_writeOnlyNeedsNewerCLI(t *testing.T) {
	requireCLIWithout(t, tfcli.WriteOnly)
	m := newTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + peerArgs(map[string]string{
				"route_mode": `"bgp"`, "bgp_asn": "64512", "bgp_md5_wo": `"k"`, "bgp_md5_wo_version": "1",
			}),
			PlanOnly:    true,
			ExpectError: matchWrapped(`WriteOnly Attribute Not Allowed.*bgp_md5_wo.*only supported in Terraform 1.11 and later`),
		}},
	})
	if n := len(m.Requests()); n != 0 {
		t.Errorf("the API received %d requests", n)
	}
}
