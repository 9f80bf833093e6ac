package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"
)

// testAccVifPeerListConfig is a list block of dcaas_vif_peer named name,
// with the given lines inside it (config block, limit, include_resource).
func testAccVifPeerListConfig(name, body string) string {
	return fmt.Sprintf(`
list "dcaas_vif_peer" %q {
  provider = dcaas
%s
}
`, name, body)
}

// A query finds every peer of the project, the service's own included, by
// identity and by a name a person knows; each filter narrows it, the limit
// caps it, and no result holds an MD5 key.
func TestAccVifPeerListResource_query(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.ListResources)
	m := newTestMock(t)
	vifID, keylessID, keyedID, _ := m.keyedPeers(t)
	otherVifID, otherPeerID := m.createInterface(t, "head-office", "169.254.20.1/30", "169.254.20.2/30")
	identity := func(vif, peer string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"vif_id": knownvalue.StringExact(vif), "id": knownvalue.StringExact(peer)}
	}
	keyed := queryfilter.ByResourceIdentity(identity(vifID, keyedID))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Query: true,
				Config: m.providerConfig() +
					testAccVifPeerListConfig("all", `  include_resource = true`) +
					testAccVifPeerListConfig("bgp_ipv6", `  config {
    address_family = "IPv6"
    route_mode     = "bgp"
  }`) +
					testAccVifPeerListConfig("other_interface", fmt.Sprintf(`  config {
    vif_ids = [%q]
  }`, otherVifID)) +
					testAccVifPeerListConfig("by_name", `  config {
    name = "console-ipv6"
  }`) +
					testAccVifPeerListConfig("by_regex", `  config {
    name_regex = "^console-"
    status     = "active"
  }`) +
					testAccVifPeerListConfig("none", `  config {
    vif_ids = ["00000000-0000-4000-8000-000000000000"]
  }`) +
					testAccVifPeerListConfig("first_two", `  limit = 2`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("dcaas_vif_peer.all", 3),
					querycheck.ExpectIdentity("dcaas_vif_peer.all", identity(vifID, keylessID)),
					querycheck.ExpectIdentity("dcaas_vif_peer.all", identity(vifID, keyedID)),
					querycheck.ExpectIdentity("dcaas_vif_peer.all", identity(otherVifID, otherPeerID)),
					querycheck.ExpectResourceDisplayName("dcaas_vif_peer.all", keyed,
						knownvalue.StringExact("console-ipv6 (ipv6 on virtual interface "+vifID+")")),
					querycheck.ExpectResourceKnownValues("dcaas_vif_peer.all", keyed, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("console-ipv6")},
						{Path: tfjsonpath.New("route_mode"), KnownValue: knownvalue.StringExact("bgp")},
						{Path: tfjsonpath.New("bgp_asn"), KnownValue: knownvalue.Int64Exact(4200000000)},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("ACTIVE")},
						{Path: tfjsonpath.New("bgp_md5"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectLength("dcaas_vif_peer.bgp_ipv6", 1),
					querycheck.ExpectIdentity("dcaas_vif_peer.bgp_ipv6", identity(vifID, keyedID)),
					querycheck.ExpectLength("dcaas_vif_peer.other_interface", 1),
					querycheck.ExpectIdentity("dcaas_vif_peer.other_interface", identity(otherVifID, otherPeerID)),
					querycheck.ExpectLength("dcaas_vif_peer.by_name", 1),
					querycheck.ExpectIdentity("dcaas_vif_peer.by_name", identity(vifID, keyedID)),
					querycheck.ExpectLength("dcaas_vif_peer.by_regex", 1),
					querycheck.ExpectLength("dcaas_vif_peer.none", 0),
					querycheck.ExpectLength("dcaas_vif_peer.first_two", 2),
				},
			},
		},
	})
	// Seven list blocks, each one listing of a small project.
	if calls := len(m.ListQueries()); calls > 7 {
		t.Errorf("the query made %d list calls, want at most one per list block", calls)
	}
	if gets := m.CountRequests(http.MethodGet, "/virtual-interfaces/"); gets != 0 {
		t.Errorf("the query read %d interfaces one by one, want none", gets)
	}
}

// Bad filters fail the query naming the attribute, before any call to the
// API.
func TestAccVifPeerListResource_validation(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.ListResources)
	cases := map[string]struct{ config, want string }{
		"family":     {`address_family = "ipv5"`, `(?s)address_family.*ipv4.*ipv6`},
		"route mode": {`route_mode = "ospf"`, `(?s)route_mode.*static.*bgp`},
		"regex":      {`name_regex = "(unclosed"`, `(?s)name_regex.*missing closing \)`},
		"vif id":     {`vif_ids = ["86F9556A-FA68-42B7-93C2-DD407408430B"]`, `(?s)vif_ids.*UUID`},
		"repeated":   {`vif_ids = ["` + testVifID + `", "` + testVifID + `"]`, `(?s)Duplicate List Value.*` + testVifID},
		"empty":      {`status = ""`, `(?s)status.*at least 1`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := newTestMock(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Query:       true,
					Config:      m.providerConfig() + testAccVifPeerListConfig("bad", "  config {\n    "+tc.config+"\n  }"),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			if n := len(m.Requests()); n != 0 {
				t.Errorf("the refused query sent %d requests to the API, want none", n)
			}
		})
	}
}

// A team takes over an estate with the real CLI: `query
// -generate-config-out` writes the configuration and import blocks, an
// apply imports every peer, creating and deleting nothing, and the plan
// after it is empty. No MD5 key is in any output or in the generated file.
func TestAccVifPeerListResource_generateConfigImports(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.ListResources)
	m := newTestMock(t)
	vifID, keylessID, keyedID, key := m.keyedPeers(t)
	otherVifID, otherPeerID := m.createInterface(t, "head-office", "169.254.20.1/30", "169.254.20.2/30")

	w := newPeerCLIWorkspace(t, m.providerConfig())
	w.writeFile("estate.tfquery.hcl", testAccVifPeerListConfig("estate", ""))
	listsBefore := len(m.ListQueries())
	out := w.mustRun("query", "-generate-config-out=peers.tf")
	if calls := len(m.ListQueries()) - listsBefore; calls != 1 {
		t.Errorf("the query made %d list calls, want 1", calls)
	}
	jsonOut := w.mustRun("query", "-json")
	generated, err := os.ReadFile(filepath.Join(w.dir, "peers.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for what, text := range map[string]string{"output": out, "JSON output": jsonOut, "generated configuration": string(generated)} {
		if strings.Contains(text, key) {
			t.Errorf("the query's %s holds the MD5 key", what)
		}
	}
	for _, id := range []string{keylessID, keyedID, otherPeerID, vifID, otherVifID} {
		if !strings.Contains(string(generated), id) {
			t.Errorf("the generated configuration does not name %s:\n%s", id, generated)
		}
	}

	posts, deletes := m.CountRequests(http.MethodPost, "/vif-peers"), m.CountRequests(http.MethodDelete, "/vif-peers")
	applied := w.mustRun("apply", "-auto-approve", "-input=false")
	if !strings.Contains(applied, "3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply did not import the three peers and nothing else:\n%s", applied)
	}
	if m.CountRequests(http.MethodPost, "/vif-peers") != posts || m.CountRequests(http.MethodDelete, "/vif-peers") != deletes {
		t.Error("importing the generated configuration created or deleted a peer")
	}
	inState := map[string]bool{}
	for _, r := range w.state().Values.RootModule.Resources {
		inState[fmt.Sprint(r.AttributeValues["id"])] = true
	}
	for _, id := range []string{keylessID, keyedID, otherPeerID} {
		if !inState[id] {
			t.Errorf("peer %s is not in the state after the import", id)
		}
	}
	w.expectNoChanges()
}

// After creates whose answers were lost, a query by name finds the peers
// they made, and one import block with for_each, keyed like the resource's
// own, brings them in by identity: no error message needs reading.
func TestAccVifPeerListResource_recoversLostCreates(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.ListResources)
	m, w := newLostCreatesWorkspace(t)
	if code, out := w.run("apply", "-auto-approve"); code == 0 {
		t.Fatalf("the apply of three creates whose answers were lost succeeded:\n%s", out)
	}
	m.finishPending(t)

	w.writeFile("lost.tfquery.hcl", testAccVifPeerListConfig("lost", `  config {
    name_regex = "^edge-"
  }`))
	found := map[string]string{}
	for _, line := range strings.Split(w.mustRun("query", "-json"), "\n") {
		var message struct {
			Type   string `json:"type"`
			Result struct {
				DisplayName string            `json:"display_name"`
				Identity    map[string]string `json:"identity"`
			} `json:"list_resource_found"`
		}
		if json.Unmarshal([]byte(line), &message) != nil || message.Type != "list_resource_found" {
			continue
		}
		name, _, _ := strings.Cut(message.Result.DisplayName, " ")
		found[strings.TrimPrefix(name, "edge-")] = fmt.Sprintf("{ vif_id = %q, id = %q }",
			message.Result.Identity["vif_id"], message.Result.Identity["id"])
	}
	if len(found) != 3 || found["a"] == "" || found["b"] == "" || found["c"] == "" {
		t.Fatalf("the query found %v, want the peers edge-a, edge-b and edge-c", found)
	}
	w.writeFile("import.tf", fmt.Sprintf(`
import {
  for_each = {
    a = %s
    b = %s
    c = %s
  }
  to       = dcaas_vif_peer.edge[each.key]
  identity = each.value
}
`, found["a"], found["b"], found["c"]))
	if out := w.mustRun("apply", "-auto-approve"); !strings.Contains(out, "3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply of the import block did not import the three peers alone:\n%s", out)
	}
	w.expectNoChanges()
	if n := m.CountRequests(http.MethodPost, "/vif-peers"); n != 3 {
		t.Errorf("%d creates sent, want 3", n)
	}
}

// A query that stops at its limit while more peers match says so, so that
// a takeover is not partial unnoticed; one within its limit says nothing.
func TestAccVifPeerListResource_limitReachedWarns(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.ListResources)
	m := newTestMock(t)
	m.keyedPeers(t)
	w := newPeerCLIWorkspace(t, m.providerConfig())
	w.writeFile("estate.tfquery.hcl", testAccVifPeerListConfig("first", "  limit = 1")+testAccVifPeerListConfig("all", "  limit = 2"))
	out := w.mustRun("query")
	if strings.Count(out, "More VIF peers match than the limit") != 1 || !strings.Contains(out, "limit = 1, and more peers match") {
		t.Errorf("the query does not warn once, for the list stopped at 1 of 2 peers:\n%s", out)
	}
	if n := len(regexp.MustCompile(`(?m)^list\.dcaas_vif_peer\.`).FindAllString(out, -1)); n != 3 {
		t.Errorf("the query listed %d results, want 1 and 2:\n%s", n, out)
	}
}
