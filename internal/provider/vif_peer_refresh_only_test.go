package provider

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/serving"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

const dcaasRequiredProviders = `terraform {
  required_providers {
    dcaas = {
      source = "` + serving.Address + `"
    }
  }
}
`

// A drift check on peers that nothing changed, `plan -refresh-only
// -detailed-exitcode` as users run it, exits 0 ten times out of ten, and
// one after a change outside Terraform exits 2 and names the peer. Where
// the CLI itself reports drift for every resource with a number (Terraform
// 1.10 to 1.14, see TestAccCLI_refreshOnlyExitCodeOfUnchangedResources),
// the saved plan's resource_drift, which the documentation recommends
// there, stays empty instead.
func TestAccVifPeerResource_refreshOnlyExitCode(t *testing.T) {
	t.Parallel()
	bgp := hclArgs{"route_mode": `"bgp"`, "bgp_asn": "64512"}
	cases := map[string]struct {
		args      map[string]string
		writeOnly bool
	}{
		"static":     {args: nil},
		"bgp_md5":    {args: bgp.with(hclArgs{"bgp_md5": `"md5-key-1"`})},
		"bgp_md5_wo": {args: bgp.with(hclArgs{"bgp_md5_wo": `"md5-key-1"`, "bgp_md5_wo_version": "1"}), writeOnly: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if tc.writeOnly {
				requireCLIFeature(t, tfcli.WriteOnly)
			}
			m := newTestMock(t)
			w := newCLIWorkspace(t, dcaasProviders())
			w.writeConfig(dcaasRequiredProviders + m.providerConfig() + peerBlock("test", examplePeer().with(tc.args)))
			w.apply()

			codes := refreshOnlyExitCodes(t, w, 10)
			if flagsNumbersAsDrift(w.cli) {
				t.Logf("%s exited %s: it reports drift for every resource with a number", w.cli, codes)
			} else {
				expectEvery(t, w.cli, codes, 0)
			}
			if drift := w.refreshOnlyPlan().ResourceDrift; len(drift) > 0 {
				t.Errorf("%s found drift in peers nothing changed: %s", w.cli, drift[0].Address)
			}
			// One sensitive path in state, which no CLI can write in two
			// orders.
			if got := sensitiveAttributes(t, w.state(), testResourceName); !slices.Equal(got, []string{"bgp_md5"}) {
				t.Errorf("the state marks %v sensitive, want only bgp_md5", got)
			}

			peers := m.Peers()
			if len(peers) != 1 {
				t.Fatalf("the API holds %d peers, want the one applied", len(peers))
			}
			if err := m.ForceStatus(peers[0].ID, dcaas.StatusDown); err != nil {
				t.Fatal(err)
			}
			if code, out := w.refreshOnlyExitCode(); code != 2 {
				t.Errorf("%s exited %d after the peer went DOWN outside Terraform, want 2:\n%s", w.cli, code, out)
			}
			drift := w.refreshOnlyPlan().ResourceDrift
			if len(drift) != 1 || drift[0].Address != testResourceName || !drift[0].Change.Actions.Update() {
				t.Errorf("%s reported drift %s after the peer went DOWN outside Terraform, want an update of %s", w.cli, driftText(drift), testResourceName)
			}
		})
	}
}

// sensitiveAttributes lists the top-level attributes that the state marks
// sensitive at address.
func sensitiveAttributes(t *testing.T, state *tfjson.State, address string) []string {
	t.Helper()
	if state.Values == nil {
		t.Fatal("the state holds no values")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address != address {
			continue
		}
		var marks map[string]any
		if err := json.Unmarshal(r.SensitiveValues, &marks); err != nil {
			t.Fatal(err)
		}
		var sensitive []string
		for name, mark := range marks {
			if mark == true {
				sensitive = append(sensitive, name)
			}
		}
		slices.Sort(sensitive)
		return sensitive
	}
	t.Fatalf("%s is not in the state", address)
	return nil
}

func driftText(drift []*tfjson.ResourceChange) string {
	text := "["
	for _, d := range drift {
		text += fmt.Sprintf(" %s %v", d.Address, d.Change.Actions)
	}
	return text + " ]"
}
