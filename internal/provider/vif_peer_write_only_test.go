package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"
)

// bgp_md5_wo is tested first through the framework's protocol server,
// speaking as a client that supports write-only attributes, so these tests
// run wherever the unit tests do; the TestAcc tests below run the CLIs that
// have them. A CLI without them is shown to give a clear error.

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
			if err := json.Unmarshal(r.Body, &sent); err != nil {
				t.Fatalf("the create's body: %v", err)
			}
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
	attrs := h.attributes(state)
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
	t.Parallel()
	requireCLIWithout(t, tfcli.WriteOnly)
	m := newTestMock(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{
				"route_mode": `"bgp"`, "bgp_asn": "64512", "bgp_md5_wo": `"k"`, "bgp_md5_wo_version": "1",
			})),
			PlanOnly:    true,
			ExpectError: expectDiagnostic("WriteOnly Attribute Not Allowed", "bgp_md5_wo", "Terraform 1.11"),
		}},
	})
	if n := len(m.Requests()); n != 0 {
		t.Errorf("the API received %d requests", n)
	}
}

// These tests run under the CLIs with write-only attributes and ephemeral
// values (Terraform 1.11, OpenTofu 1.11 and later) and skip elsewhere. The
// key comes from an ephemeral variable, as it does in real use.
func testAccVifPeerResourceConfig_writeOnlyKey(vifID string, keyVersion int, lifecycle string) string {
	return `
variable "md5_key" {
  type      = string
  ephemeral = true
  sensitive = true
}
` + peerBlock("test", bgpPeer(vifID, 64512, "").with(hclArgs{"bgp_md5": "", "bgp_md5_wo": "var.md5_key",
		"bgp_md5_wo_version": fmt.Sprint(keyVersion), "remote_ep_group": "", "lifecycle": lifecycle}))
}

func md5Key(key string) config.Variables {
	return config.Variables{"md5_key": config.StringVariable(key)}
}

// A new key for the last peer of an interface fails at plan, naming
// bgp_md5_wo_version, and the API keeps the peer and its key.
func TestAccVifPeerResource_writeOnlyRotationOfLastPeer(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.WriteOnly, tfcli.Ephemeral)
	m := newTestMock(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 1, ""),
				ConfigVariables: md5Key("key-1"),
				ConfigStateChecks: []statecheck.StateCheck{
					m.expectPeerKey("key-1"),
					dcaastest.ExpectSecretNotInState("key-1"),
				},
			},
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 2, ""),
				ConfigVariables: md5Key("key-2"),
				ExpectError:     expectDiagnostic("VIF peer cannot be replaced: it is the last peer of its virtual interface", "bgp_md5_wo_version"),
			},
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 1, ""),
				ConfigVariables: md5Key("key-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append(m.expectNothingReplaced(), m.expectPeerKey("key-1")),
			},
		},
	})
}

// Beside another peer, a new key version replaces the peer, and the API
// then holds the new key; the state never holds either.
func TestAccVifPeerResource_writeOnlyRotation(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.WriteOnly, tfcli.Ephemeral)
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	replacedID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 1, ""),
				ConfigVariables:   md5Key("key-1"),
				ConfigStateChecks: []statecheck.StateCheck{replacedID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 2, ""),
				ConfigVariables: md5Key("key-2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					replacedID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_md5_wo"), knownvalue.Null()),
					m.expectPeerKey("key-2"),
					dcaastest.ExpectSecretNotInState("key-2"),
				},
			},
		},
	})
}

// Under create_before_destroy a new key cannot be applied: the apply fails
// saying why, and the old peer with the old key stays in the API and state.
func TestAccVifPeerResource_writeOnlyRotationCreateBeforeDestroy(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.WriteOnly, tfcli.Ephemeral)
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 1, createBeforeDestroy),
				ConfigVariables:   md5Key("key-1"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 2, createBeforeDestroy),
				ConfigVariables: md5Key("key-2"),
				ExpectError:     expectDiagnostic("Error creating VIF peer: its address family is taken", "ipv4", "delete it first"),
			},
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 1, createBeforeDestroy),
				ConfigVariables: md5Key("key-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					m.expectPeerKey("key-1"),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
				},
			},
		},
	})
}

// The write-only key, from a variable not marked sensitive, appears in no
// output of the CLI, no trace log of the CLI or the provider, and not in
// the state: through an apply, a plan that replaces the peer for a new key
// version, and a configuration the plan refuses.
func TestAccVifPeerResource_writeOnlyKeyNeverShown(t *testing.T) {
	const key = "wo-key-never-shown-5c2e"
	requireCLIFeature(t, tfcli.WriteOnly)
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	logs := t.TempDir()
	cliLog, providerLog := filepath.Join(logs, "cli.log"), filepath.Join(logs, "provider.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", cliLog)
	t.Setenv("TF_ACC_LOG_PATH", providerLog)
	t.Setenv("TF_VAR_md5_key", key)
	w := newCLIWorkspace(t, dcaasProviders())
	config := func(version int, extra string) string {
		return dcaasRequiredProviders + m.providerConfig() + `
variable "md5_key" {
  type = string
}
` + peerBlock("test", examplePeer().with(hclArgs{"route_mode": `"bgp"`, "bgp_asn": "64512", "bgp_md5_wo": "var.md5_key",
			"bgp_md5_wo_version": fmt.Sprint(version), "bgp_md5": extra}))
	}

	w.writeConfig(config(1, ""))
	applied := w.apply()
	if !strings.Contains(applied, "bgp_md5_wo         = (write-only attribute)") {
		t.Errorf("the apply's plan does not show bgp_md5_wo as write-only:\n%s", applied)
	}
	w.writeConfig(config(2, ""))
	plan := w.mustRun("plan", "-input=false")
	if !strings.Contains(plan, "bgp_md5_wo_version = 1 -> 2 # forces replacement") {
		t.Errorf("the plan does not replace the peer for a new key version:\n%s", plan)
	}
	outputs := []string{applied, plan}
	w.writeConfig(config(1, `"another-key"`))
	if code, out := w.run("plan", "-input=false"); code != 1 {
		t.Errorf("%s planned bgp_md5 beside bgp_md5_wo with exit code %d, want an error:\n%s", w.cli, code, out)
	} else {
		outputs = append(outputs, out)
	}
	for i, out := range outputs {
		if strings.Contains(out, key) {
			t.Errorf("output %d shows the write-only key:\n%s", i, out)
		}
	}
	if state := w.mustRun("show", "-json"); strings.Contains(state, key) {
		t.Errorf("the state holds the write-only key")
	}
	checkTraceLog(t, cliLog, map[string]string{"write-only key": key}, "ReadResource")
	checkTraceLog(t, providerLog, map[string]string{"write-only key": key}, `http_req_body=`)
	if got := m.Peers(); len(got) != 2 || !slices.ContainsFunc(got, func(p mockserver.Peer) bool { return p.BGPMD5 != nil && *p.BGPMD5 == key }) {
		t.Errorf("the API holds no peer with the write-only key: the key did not reach it")
	}
}
