package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// expectIDs checks the ids of a dcaas_vif_peers data source, and that its
// peers hold the same ids in the same order.
func expectIDs(address string, ids ...string) []statecheck.StateCheck {
	idChecks := make([]knownvalue.Check, len(ids))
	peerChecks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		idChecks[i] = knownvalue.StringExact(id)
		peerChecks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(address, tfjsonpath.New("ids"), knownvalue.ListExact(idChecks)),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("peers"), knownvalue.ListExact(peerChecks)),
	}
}

// Each filter alone, all of them together, and a filter that matches
// nothing, which is an empty list rather than an error.
func TestAccVifPeersDataSource_filters(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	branch, _ := m.createInterface(t, "branch", "169.254.10.1/30", "169.254.10.2/30")
	campus, _ := m.createInterface(t, "campus", "169.254.20.1/30", "169.254.20.2/30")
	m.createConsolePeer(t, branch, "ipv6", "console-ipv6", "fd00:10::1/64", "fd00:10::2/64")
	downID := m.createConsolePeer(t, campus, "ipv6", "campus-ipv6", "fd00:20::1/64", "fd00:20::2/64")
	if err := m.ForceStatus(downID, "DOWN"); err != nil {
		t.Fatal(err)
	}
	config := m.providerConfig() + fmt.Sprintf(`
data "dcaas_vif_peers" "all" {}

data "dcaas_vif_peers" "branch" {
  vif_id = %[1]q
}

data "dcaas_vif_peers" "ipv6" {
  address_family = "IPv6"
}

data "dcaas_vif_peers" "down" {
  status = "DOWN"
}

data "dcaas_vif_peers" "console" {
  name_regex = "^console-"
}

data "dcaas_vif_peers" "branch_ipv4_active" {
  vif_id         = %[1]q
  address_family = "ipv4"
  status         = "active"
  name_regex     = "(?i)^BRANCH"
}

data "dcaas_vif_peers" "none" {
  vif_id = %[1]q
  status = "ERROR"
}
`, branch)

	all := m.peerIDsWhere(func(mockserver.Peer) bool { return true })
	checks := append(expectIDs("data.dcaas_vif_peers.all", all...), m.expectPeerAsInAPI(t, "data.dcaas_vif_peers.all",
		func(attr string) tfjsonpath.Path { return tfjsonpath.New("peers").AtSliceIndex(0).AtMapKey(attr) }, all[0])...)
	checks = append(checks, expectIDs("data.dcaas_vif_peers.branch", m.peerIDsWhere(func(p mockserver.Peer) bool { return p.VifID == branch })...)...)
	checks = append(checks, expectIDs("data.dcaas_vif_peers.ipv6", m.peerIDsWhere(func(p mockserver.Peer) bool { return p.AddressFamily == "ipv6" })...)...)
	checks = append(checks, expectIDs("data.dcaas_vif_peers.down", downID)...)
	checks = append(checks, expectIDs("data.dcaas_vif_peers.console", m.peerIDsWhere(func(p mockserver.Peer) bool { return strings.HasPrefix(p.Name, "console-") })...)...)
	checks = append(checks, expectIDs("data.dcaas_vif_peers.branch_ipv4_active", m.peerIDsWhere(func(p mockserver.Peer) bool {
		return p.VifID == branch && p.AddressFamily == "ipv4"
	})...)...)
	checks = append(checks, expectIDs("data.dcaas_vif_peers.none")...)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigStateChecks: checks,
			Check: func(*terraform.State) error {
				// The interface filter goes to the API; the others cannot.
				for _, q := range m.ListQueries() {
					if ids := q["id"]; len(ids) > 0 && (len(ids) != 1 || ids[0] != branch) {
						return fmt.Errorf("a listing asked for interfaces %v", ids)
					}
				}
				return nil
			},
		}},
	})
	if len(all) != 4 {
		t.Errorf("the mock holds %d peers, want 4: the test set-up changed", len(all))
	}
}

// More interfaces than one page holds: the list and the lookup by id read
// every page, following next_marker.
func TestAccVifPeersDataSource_paging(t *testing.T) {
	t.Parallel()
	const interfaces = 2500 // the API's default page is 2000
	m := newTestMock(t)
	for i := range interfaces {
		m.SeedInterface("", fmt.Sprintf("vif-%04d", i))
	}
	ids := m.InterfaceIDs()
	first, err := m.SeedPeer(ids[0], "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}
	last, err := m.SeedPeer(ids[len(ids)-1], "ipv4", "198.51.100.1/30", "198.51.100.2/30")
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + fmt.Sprintf(`
data "dcaas_vif_peers" "all" {}

data "dcaas_vif_peer" "on_last_page" {
  id = %q
}
`, last),
			ConfigStateChecks: append(expectIDs("data.dcaas_vif_peers.all", first, last),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer.on_last_page", tfjsonpath.New("vif_id"), knownvalue.StringExact(ids[len(ids)-1]))),
			Check: func(*terraform.State) error {
				firstPages, nextPages := 0, 0
				for _, q := range m.ListQueries() {
					if q.Get("marker") == "" {
						firstPages++
					} else {
						nextPages++
					}
				}
				if firstPages == 0 || nextPages != firstPages {
					return fmt.Errorf("%d listings asked for the first page and %d for a next one, want one next page each", firstPages, nextPages)
				}
				return nil
			},
		}},
	})
}

// Bad filters fail the plan with an error on the attribute, and the API
// receives no request.
func TestAccVifPeersDataSource_validation(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		args string
		want *regexp.Regexp
	}{
		"vif_id not a uuid":      {`vif_id = "vif-1"`, expectDiagnostic("Attribute vif_id must be a 36-character UUID")},
		"address_family unknown": {`address_family = "ipv5"`, expectDiagnostic("Attribute address_family value must be one of", `"ipv4"`, `"ipv6"`)},
		"status empty":           {`status = ""`, expectDiagnostic("Attribute status string length must be at least 1")},
		"name_regex invalid":     {`name_regex = "dc-(1"`, expectDiagnostic("Invalid name_regex", "missing closing )", "dc-(1", "name_regex", "RE2")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			expectPlanErrorWithoutRequests(t, "data \"dcaas_vif_peers\" \"test\" {\n  "+tc.args+"\n}\n", tc.want)
		})
	}
}
