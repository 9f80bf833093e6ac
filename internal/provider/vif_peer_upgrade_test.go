package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A state written by the provider before remote_ep_group became a list
// (schema version 0, the subnets a set in Terraform's own order, spelled as
// configured) upgrades with no change planned and none sent, while the API
// answers in its own order and spelling, joined into one string, and the
// configuration lists the subnets in yet another order.
func TestAccVifPeerResource_upgradeFromSetState(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	configured := []string{"fd00:3::/64", "FD00:2::/64", "fd00:1:0::/64"}
	config := m.providerConfig() + peerBlock("test", hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"upgraded"`, "address_family": `"ipv6"`,
		"local_gateway_ip": `"fd00::1/64"`, "remote_gateway_ip": `"fd00::2/64"`, "remote_ep_group": `["fd00:3::/64", "FD00:2::/64", "fd00:1:0::/64"]`})
	w := newPeerCLIWorkspace(t, config)
	w.mustRun("apply", "-auto-approve", "-input=false")

	// What version 0 wrote: a set of strings, which Terraform keeps sorted.
	v0Subnets := slices.Sorted(slices.Values(configured))
	statePath := filepath.Join(w.dir, "terraform.tfstate")
	rewriteState(t, statePath, func(instance map[string]any) {
		instance["schema_version"] = 0
		instance["attributes"].(map[string]any)["remote_ep_group"] = v0Subnets
	})
	m.SetJoinEPGroups(true)
	sent := len(m.Requests())

	w.expectNoChanges()
	w.mustRun("apply", "-auto-approve", "-input=false")

	for _, r := range m.Requests()[sent:] {
		if r.Method != http.MethodGet {
			t.Errorf("the upgrade sent %s %s", r.Method, r.Path)
		}
	}
	rewriteState(t, statePath, func(instance map[string]any) {
		if version := instance["schema_version"]; version != float64(1) {
			t.Errorf("schema_version %v after the apply, want 1", version)
		}
		got := instance["attributes"].(map[string]any)["remote_ep_group"]
		if !slices.Equal(stringsOf(got), v0Subnets) {
			t.Errorf("remote_ep_group %v after the upgrade, want the state's %v unchanged", got, v0Subnets)
		}
	})
}

// rewriteState hands the one resource instance of a state file to edit and
// writes the state back.
func rewriteState(t *testing.T, path string, edit func(instance map[string]any)) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]any
	if err := json.Unmarshal(data, &state); err != nil {
		t.Fatal(err)
	}
	resources := state["resources"].([]any)
	if len(resources) != 1 {
		t.Fatalf("%d resources in state, want 1", len(resources))
	}
	instances := resources[0].(map[string]any)["instances"].([]any)
	edit(instances[0].(map[string]any))
	if data, err = json.MarshalIndent(state, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func stringsOf(v any) []string {
	items, _ := v.([]any)
	out := make([]string, len(items))
	for i, item := range items {
		out[i], _ = item.(string)
	}
	return out
}

// A state written while service_ep_group was a list reads as the set: both
// are JSON arrays in the state, and the schema version is the same.
func TestServiceEPGroupListStateReadsAsSet(t *testing.T) {
	h := newProtocolHarness(t)
	resp, err := h.server.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "dcaas_vif_peer",
		RawState: &tfprotov6.RawState{JSON: []byte(`{"id":"p","vif_id":"` + testVifID + `","service_ep_group":["203.0.113.0/24","198.51.100.7"]}`)},
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("upgrade: %v %s", err, diagnosticsText(resp.Diagnostics))
	}
	state, err := resp.UpgradedState.Unmarshal(h.peerType)
	if err != nil {
		t.Fatal(err)
	}
	var attributes map[string]tftypes.Value
	if err := state.As(&attributes); err != nil {
		t.Fatal(err)
	}
	want := tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{
		tftypes.NewValue(tftypes.String, "198.51.100.7"), tftypes.NewValue(tftypes.String, "203.0.113.0/24"),
	})
	if got := attributes["service_ep_group"]; !got.Equal(want) {
		t.Errorf("service_ep_group %s, want %s", got, want)
	}
}
