package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
)

const testResourceName = "dcaas_vif_peer.test"

// seedOtherFamilyPeer gives the example interface a peer of the other
// family, so that deleting the peer under test is not blocked by the
// last-peer rule.
func (m *testMock) seedOtherFamilyPeer(t *testing.T, family string) {
	t.Helper()
	var err error
	if family == "ipv4" {
		_, err = m.SeedPeer(testVifID, "ipv6", "fd00:99::1/64", "fd00:99::2/64")
	} else {
		_, err = m.SeedPeer(testVifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	}
	if err != nil {
		t.Fatal(err)
	}
}

func TestAccVifPeerResource_basic(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
			Check:  m.checkVifPeerExists(testResourceName),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("name"), knownvalue.StringExact("vif-peer-test")),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("address_family"), knownvalue.StringExact("ipv4")),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("local_gateway_ip"), knownvalue.StringExact("5.5.5.1/30")),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("remote_gateway_ip"), knownvalue.StringExact("5.5.5.2/30")),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("remote_ep_group"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("8.8.8.0/30")})),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("route_mode"), knownvalue.StringExact("static")),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_asn"), knownvalue.Null()),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_status"), knownvalue.Null()),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("receive_route_num"), knownvalue.Int64Exact(-1)),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("tenant_id"), knownvalue.StringExact(testProjectID)),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("service_ep_group"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("enable_bfd"), knownvalue.Bool(false)),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	if n := m.CountRequests(http.MethodPost, "/vif-peers"); n != 1 {
		t.Errorf("the API received %d creates, want 1", n)
	}
}

func TestAccVifPeerResource_ipv6(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv6")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + fmt.Sprintf(`
resource "dcaas_vif_peer" "test" {
  vif_id            = %q
  name              = "vif-peer-test"
  address_family    = "ipv6"
  route_mode        = "static"
  remote_ep_group   = []
  description       = ""
  local_gateway_ip  = "FD00::1/64"
  remote_gateway_ip = "FD00::2/64"
}
`, testVifID),
			Check: m.checkVifPeerExists(testResourceName),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("address_family"), knownvalue.StringExact("ipv6")),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("local_gateway_ip"), knownvalue.StringExact("FD00::1/64")),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("remote_ep_group"), knownvalue.SetSizeExact(0)),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// The vendor writes IPv4/IPv6; the API answers in lower case. Neither the
// apply nor a later plan may see a difference.
func TestAccVifPeerResource_addressFamilyCase(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	config := strings.Replace(testAccVifPeerResourceConfig_basic(testVifID), `"ipv4"`, `"IPv4"`, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + config,
			Check: resource.ComposeTestCheckFunc(
				m.checkVifPeerExists(testResourceName),
				m.checkPeerField(testResourceName, "address_family", func(p mockserver.Peer) string { return p.AddressFamily }, "ipv4"),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("address_family"), knownvalue.StringExact("IPv4")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}, {
			// Rewriting the case in the configuration is no change at all:
			// nothing planned, nothing sent.
			Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				if n := m.CountRequests(http.MethodPut, "/vif-peers/"); n != 0 {
					return fmt.Errorf("%d updates sent for a change of letter case", n)
				}
				return nil
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("address_family"), knownvalue.StringExact("IPv4")),
			},
		}},
	})
}

func TestAccVifPeerResource_bgp(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	const md5 = "md5-key-7c41e0"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + testAccVifPeerResourceConfig_bgp(testVifID, 4294967295, md5),
			Check: resource.ComposeTestCheckFunc(
				m.checkVifPeerExists(testResourceName),
				m.checkPeerField(testResourceName, "bgp_asn", func(p mockserver.Peer) string { return fmt.Sprint(*p.BGPASN) }, "4294967295"),
				m.checkPeerField(testResourceName, "bgp_md5", func(p mockserver.Peer) string { return *p.BGPMD5 }, md5),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("route_mode"), knownvalue.StringExact("bgp")),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_asn"), knownvalue.Int64Exact(4294967295)),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_md5"), knownvalue.StringExact(md5)),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_status"), knownvalue.NotNull()),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionCreate),
					expectSensitiveInPlan(testResourceName, "bgp_md5"),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

func TestAccVifPeerResource_update(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	changedID := statecheck.CompareValue(compare.ValuesDiffer())
	var putsBefore int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					changedID.AddStateValue(testResourceName, tfjsonpath.New("id")),
				},
			},
			{
				PreConfig: func() { putsBefore = m.CountRequests(http.MethodPut, "/vif-peers/") },
				Config: m.providerConfig() + testAccVifPeerResourceConfig_full(testVifID, "renamed", "a new description",
					`["8.8.8.0/30", "10.10.0.0/16"]`, "5.5.5.1/30", "5.5.5.2/30"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					m.checkVifPeerExists(testResourceName),
					func(*terraform.State) error {
						if n := m.CountRequests(http.MethodPut, "/vif-peers/") - putsBefore; n != 1 {
							return fmt.Errorf("the API received %d updates, want 1", n)
						}
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("name"), knownvalue.StringExact("renamed")),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("description"), knownvalue.StringExact("a new description")),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("remote_ep_group"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("8.8.8.0/30"), knownvalue.StringExact("10.10.0.0/16"),
					})),
				},
			},
			{
				// Only the description changes: the update sends that field alone.
				Config: m.providerConfig() + testAccVifPeerResourceConfig_full(testVifID, "renamed", "",
					`["8.8.8.0/30", "10.10.0.0/16"]`, "5.5.5.1/30", "5.5.5.2/30"),
				Check: m.checkLastUpdateBody(`{"vif_peer":{"description":""}}`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
				},
			},
			{
				Config: m.providerConfig() + testAccVifPeerResourceConfig_full(testVifID, "renamed", "",
					`["8.8.8.0/30", "10.10.0.0/16"]`, "5.5.5.5/30", "5.5.5.6/30"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionReplace)},
				},
				Check: m.checkVifPeerExists(testResourceName),
				ConfigStateChecks: []statecheck.StateCheck{
					changedID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("local_gateway_ip"), knownvalue.StringExact("5.5.5.5/30")),
				},
			},
			{
				// Removing the list clears the subnets on the API side.
				Config: m.providerConfig() + testAccVifPeerResourceConfig_full(testVifID, "renamed", "", "null", "5.5.5.5/30", "5.5.5.6/30"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					m.checkLastUpdateBody(`{"vif_peer":{"remote_ep_group":[]}}`),
					m.checkPeerField(testResourceName, "remote_ep_group", func(p mockserver.Peer) string { return strings.Join(p.RemoteEPGroup, ",") }, ""),
				),
			},
		},
	})
}

func TestAccVifPeerResource_disappears(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
				Check: resource.ComposeTestCheckFunc(
					m.checkVifPeerExists(testResourceName),
					m.deletePeerOutOfBand(testResourceName),
				),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionCreate)},
				},
				Check: m.checkVifPeerExists(testResourceName),
			},
		},
	})
}

func TestAccVifPeerResource_import(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	// Other interfaces too, so import by bare peer id has to search them all.
	for i := range 3 {
		m.SeedInterface("", fmt.Sprintf("other-%d", i))
	}
	config := m.providerConfig() + testAccVifPeerResourceConfig_bgp(testVifID, 64512, "import-md5-key")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName:            testResourceName,
				ImportState:             true,
				ImportStateIdFunc:       importIDWithVif(testResourceName),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:            testResourceName,
				ImportState:             true,
				ImportStateIdFunc:       importIDBare(testResourceName),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:      testResourceName,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: importIDWithVif(testResourceName),
			},
			{
				// The generated configuration writes bgp_md5 = null (it is
				// sensitive): the import must still be a no-op, not a
				// replacement.
				ResourceName:      testResourceName,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: importIDBare(testResourceName),
				GenerateConfig:    true,
			},
			{
				ResourceName:  testResourceName,
				ImportState:   true,
				ImportStateId: "not-a-peer-id",
				ExpectError:   regexp.MustCompile(`Invalid import ID(.|\n)*<vif_id>/<peer_id> or <peer_id>`),
			},
			{
				ResourceName:  testResourceName,
				ImportState:   true,
				ImportStateId: testVifID + "/00000000-0000-4000-8000-000000000000",
				ExpectError:   regexp.MustCompile(`Cannot import non-existent remote object`),
			},
		},
	})
}

func TestAccVifPeerResource_errorStatus(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.SetCreateOutcome("ERROR")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{
			{
				Config:      m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
				ExpectError: regexp.MustCompile(`(?s)Error waiting for VIF peer to be ready.*status ERROR.*request\s+id\s+[0-9a-f]{32}`),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              m.checkTaintedPeerInState(testResourceName, "ERROR"),
			},
		},
	})
}

func TestAccVifPeerResource_createTimeout(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.SetPendingDelay(time.Hour)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{
			{
				Config:      m.providerConfig() + testAccVifPeerResourceConfig_withTimeouts(testVifID, "2s"),
				ExpectError: regexp.MustCompile(`(?s)Error waiting for VIF peer to be ready.*timed out with the peer still\s+in status\s+PENDING_CREATE`),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              m.checkTaintedPeerInState(testResourceName, "PENDING_CREATE"),
			},
			{
				// The service finishes later; the tainted peer is replaced.
				PreConfig: func() { m.finishPending(t) },
				Config:    m.providerConfig() + testAccVifPeerResourceConfig_withTimeouts(testVifID, "2s"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionReplace)},
				},
				Check: m.checkVifPeerExists(testResourceName),
			},
		},
	})
}

// A peer that comes up DOWN is provisioned: the apply succeeds (with a
// warning) and the state says DOWN.
func TestAccVifPeerResource_down(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.SetCreateOutcome("DOWN")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
			Check:  m.checkVifPeerExists(testResourceName),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("status"), knownvalue.StringExact("DOWN")),
			},
		}},
	})
}

// Updates and deletes of a busy peer (PENDING_*) are asked again until the
// service is done with it.
func TestAccVifPeerResource_busy(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	var peerID string
	makeBusy := func(s *terraform.State) error {
		peerID = s.RootModule().Resources[testResourceName].Primary.ID
		return m.ForceStatus(peerID, "PENDING_UPDATE")
	}
	// The service finishes once it has answered busy twice.
	busyAnswers := 0
	m.SetAfterRequest(func(r mockserver.Request) {
		if r.Method != http.MethodGet && (r.Status == http.StatusConflict || r.Status == http.StatusBadRequest) {
			if busyAnswers++; busyAnswers%2 == 0 {
				_ = m.ForceStatus(peerID, "ACTIVE")
			}
		}
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if n := m.CountRequests(http.MethodDelete, "/vif-peers/"); n != 3 {
				return fmt.Errorf("%d deletes, want 3: two busy, one accepted", n)
			}
			return m.checkVifPeerDestroy(s)
		},
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
				Check:  makeBusy,
			},
			{
				// Busy from the refresh on; the update waits its turn.
				Config: m.providerConfig() + testAccVifPeerResourceConfig_full(testVifID, "renamed", "", `["8.8.8.0/30"]`, "5.5.5.1/30", "5.5.5.2/30"),
				Check: resource.ComposeTestCheckFunc(
					m.checkVifPeerExists(testResourceName),
					func(*terraform.State) error {
						if n := m.CountRequests(http.MethodPut, "/vif-peers/"); n != 3 {
							return fmt.Errorf("%d updates, want 3: two busy, one accepted", n)
						}
						return nil
					},
					// Busy again for the destroy.
					makeBusy,
				),
			},
		},
	})
}

// The last peer of an interface cannot be deleted: destroy succeeds with a
// warning, the peer leaves the state and stays on the interface.
func TestAccVifPeerResource_lastPeer(t *testing.T) {
	m := newTestMock(t)
	var peerID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// The destroy itself must succeed; the peer must outlive it.
		CheckDestroy: func(*terraform.State) error {
			if _, ok := m.Peer(peerID); !ok {
				return fmt.Errorf("peer %s was deleted, but the last peer of an interface must stay", peerID)
			}
			if n := m.CountRequests(http.MethodDelete, "/vif-peers/"+peerID); n != 1 {
				return fmt.Errorf("the API received %d deletes of the last peer, want 1 (no retries)", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
			Check: resource.ComposeTestCheckFunc(
				m.checkVifPeerExists(testResourceName),
				func(s *terraform.State) error {
					peerID = s.RootModule().Resources[testResourceName].Primary.ID
					return nil
				},
			),
		}},
	})
}

// Unknown values are skipped by plan-time validation and checked once
// known; terraform_data is built into Terraform, so no download is needed.
func TestAccVifPeerResource_unknownValuesAtPlan(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + fmt.Sprintf(`
resource "terraform_data" "addresses" {
  input = {
    family = "ipv4"
    local  = "5.5.5.1/30"
    remote = "5.5.5.2/30"
    subnet = "8.8.8.0/30"
  }
}

resource "dcaas_vif_peer" "test" {
  vif_id            = %q
  name              = "vif-peer-test"
  address_family    = terraform_data.addresses.output.family
  local_gateway_ip  = terraform_data.addresses.output.local
  remote_gateway_ip = terraform_data.addresses.output.remote
  remote_ep_group   = [terraform_data.addresses.output.subnet]
}
`, testVifID),
			Check: m.checkVifPeerExists(testResourceName),
		}},
	})
}

func testAccVifPeerResourceConfig_basic(vifID string) string {
	return fmt.Sprintf(`
resource "dcaas_vif_peer" "test" {
  vif_id            = %q
  name              = "vif-peer-test"
  address_family    = "ipv4"
  route_mode        = "static"
  remote_ep_group   = ["8.8.8.0/30"]
  description       = ""
  local_gateway_ip  = "5.5.5.1/30"
  remote_gateway_ip = "5.5.5.2/30"
}
`, vifID)
}

func testAccVifPeerResourceConfig_full(vifID, name, description, remoteEPGroup, local, remote string) string {
	return fmt.Sprintf(`
resource "dcaas_vif_peer" "test" {
  vif_id            = %q
  name              = %q
  description       = %q
  address_family    = "ipv4"
  remote_ep_group   = %s
  local_gateway_ip  = %q
  remote_gateway_ip = %q
}
`, vifID, name, description, remoteEPGroup, local, remote)
}

func testAccVifPeerResourceConfig_bgp(vifID string, asn int64, md5 string) string {
	return fmt.Sprintf(`
resource "dcaas_vif_peer" "test" {
  vif_id            = %q
  name              = "vif-peer-bgp"
  address_family    = "ipv4"
  route_mode        = "bgp"
  bgp_asn           = %d
  bgp_md5           = %q
  local_gateway_ip  = "169.254.10.1/30"
  remote_gateway_ip = "169.254.10.2/30"
  remote_ep_group   = ["10.20.0.0/16", "10.30.0.0/16"]
}
`, vifID, asn, md5)
}

func testAccVifPeerResourceConfig_withTimeouts(vifID, create string) string {
	return fmt.Sprintf(`
resource "dcaas_vif_peer" "test" {
  vif_id            = %q
  name              = "vif-peer-test"
  address_family    = "ipv4"
  local_gateway_ip  = "5.5.5.1/30"
  remote_gateway_ip = "5.5.5.2/30"

  timeouts = {
    create = %q
  }
}
`, vifID, create)
}

// checkVifPeerExists checks that the peer in state exists in the mock with
// the attributes the state claims.
func (m *testMock) checkVifPeerExists(name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s is not in state", name)
		}
		peer, ok := m.Peer(rs.Primary.ID)
		if !ok {
			return fmt.Errorf("%s: peer %s does not exist in the API", name, rs.Primary.ID)
		}
		attrs := rs.Primary.Attributes
		want := map[string]string{
			"vif_id": peer.VifID, "name": peer.Name, "description": peer.Description,
			"status": peer.Status, "route_mode": peer.RouteMode, "tenant_id": peer.TenantID,
			"remote_ep_group.#": fmt.Sprint(len(peer.RemoteEPGroup)),
		}
		for key, value := range want {
			if attrs[key] != value {
				return fmt.Errorf("%s: state has %s = %q, the API has %q", name, key, attrs[key], value)
			}
		}
		if !strings.EqualFold(attrs["address_family"], peer.AddressFamily) {
			return fmt.Errorf("%s: state has address_family %q, the API has %q", name, attrs["address_family"], peer.AddressFamily)
		}
		// A set: every subnet the API holds must be in state, in any order
		// and spelling of the same prefix.
		inState := make([]string, len(peer.RemoteEPGroup))
		for i := range inState {
			inState[i] = attrs[fmt.Sprintf("remote_ep_group.%d", i)]
		}
		for _, cidr := range peer.RemoteEPGroup {
			if !slices.ContainsFunc(inState, func(s string) bool { return netaddr.SamePrefix(s, cidr) }) {
				return fmt.Errorf("%s: state has remote_ep_group %q, the API has %q", name, inState, peer.RemoteEPGroup)
			}
		}
		return nil
	}
}

// checkVifPeerDestroy checks that no peer in the destroyed state still
// exists in the mock.
func (m *testMock) checkVifPeerDestroy(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "dcaas_vif_peer" {
			continue
		}
		if _, ok := m.Peer(rs.Primary.ID); ok {
			return fmt.Errorf("peer %s still exists", rs.Primary.ID)
		}
	}
	return nil
}

func (m *testMock) checkPeerField(name, field string, get func(mockserver.Peer) string, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s is not in state", name)
		}
		peer, ok := m.Peer(rs.Primary.ID)
		if !ok {
			return fmt.Errorf("peer %s does not exist in the API", rs.Primary.ID)
		}
		if got := get(peer); got != want {
			return fmt.Errorf("the API has %s = %q, want %q", field, got, want)
		}
		return nil
	}
}

// checkLastUpdateBody checks the body of the last PUT the API received.
func (m *testMock) checkLastUpdateBody(want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		requests := m.Requests()
		for _, r := range slices.Backward(requests) {
			if r.Method == http.MethodPut {
				if got := strings.TrimSpace(string(r.Body)); got != want {
					return fmt.Errorf("last update sent %s, want %s", got, want)
				}
				return nil
			}
		}
		return fmt.Errorf("the API received no update")
	}
}

func (m *testMock) deletePeerOutOfBand(name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		return m.DeletePeer(s.RootModule().Resources[name].Primary.ID)
	}
}

// checkTaintedPeerInState checks that a failed create left the peer's id in
// state, tainted, and that the API holds that peer in the given status.
func (m *testMock) checkTaintedPeerInState(name, status string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s is not in state after the failed create: the peer is orphaned", name)
		}
		if !rs.Primary.Tainted {
			return fmt.Errorf("%s is in state but not tainted", name)
		}
		peer, ok := m.Peer(rs.Primary.ID)
		if !ok {
			return fmt.Errorf("the id in state, %s, is not a peer of the API", rs.Primary.ID)
		}
		if peer.Status != status {
			return fmt.Errorf("the API has the peer in status %s, want %s", peer.Status, status)
		}
		if n := len(m.Peers()); n != 2 {
			return fmt.Errorf("the API holds %d peers, want 2 (the seeded one and the one created once)", n)
		}
		return nil
	}
}

// finishPending ends every pending state now and makes later ones short.
func (m *testMock) finishPending(t *testing.T) {
	t.Helper()
	m.SetPendingDelay(testPendingDelay)
	for _, p := range m.Peers() {
		if strings.HasPrefix(p.Status, "PENDING_") {
			if err := m.ForceStatus(p.ID, "ACTIVE"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func importIDWithVif(name string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return "", fmt.Errorf("%s is not in state", name)
		}
		return rs.Primary.Attributes["vif_id"] + "/" + rs.Primary.ID, nil
	}
}

func importIDBare(name string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return "", fmt.Errorf("%s is not in state", name)
		}
		return rs.Primary.ID, nil
	}
}

// expectSensitiveInPlan checks that the plan marks an attribute sensitive,
// which is what keeps Terraform from printing it.
func expectSensitiveInPlan(name, attribute string) plancheck.PlanCheck {
	return sensitivePlanCheck{name: name, attribute: attribute}
}

type sensitivePlanCheck struct{ name, attribute string }

func (c sensitivePlanCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.name {
			continue
		}
		marks, _ := rc.Change.AfterSensitive.(map[string]any)
		if marks[c.attribute] != true {
			resp.Error = fmt.Errorf("%s.%s is not marked sensitive in the plan (marks: %v)", c.name, c.attribute, marks)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.name)
}
