package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

const testResourceName = "dcaas_vif_peer.test"

func TestAccVifPeerResource_basic(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + peerBlock("test", examplePeer()),
			ConfigStateChecks: []statecheck.StateCheck{
				dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
				dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
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
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("service_ep_group"), knownvalue.SetSizeExact(0)),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("enable_bfd"), knownvalue.Bool(false)),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

func TestAccVifPeerResource_ipv6(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv6")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + peerBlock("test", hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"vif-peer-test"`, "description": `""`, "address_family": `"ipv6"`, "route_mode": `"static"`, "local_gateway_ip": `"FD00::1/64"`, "remote_gateway_ip": `"FD00::2/64"`, "remote_ep_group": "[]"}),
			ConfigStateChecks: []statecheck.StateCheck{
				dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
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
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	config := peerBlock("test", examplePeer().with(hclArgs{"address_family": `"IPv4"`}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + config,
			ConfigStateChecks: []statecheck.StateCheck{
				dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"address_family": knownvalue.StringExact("ipv4")}),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("address_family"), knownvalue.StringExact("IPv4")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}, {
			// Rewriting the case in the configuration is no change at all:
			// nothing planned, nothing sent.
			Config: m.providerConfig() + peerBlock("test", examplePeer()),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPut, "/vif-peers/"), 0),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("address_family"), knownvalue.StringExact("IPv4")),
			},
		}},
	})
}

func TestAccVifPeerResource_bgp(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	const md5 = "md5-key-7c41e0"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + peerBlock("test", bgpPeer(testVifID, 4294967295, md5)),
			ConfigStateChecks: []statecheck.StateCheck{
				dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{
					"bgp_asn": knownvalue.Int64Exact(4294967295),
					"bgp_md5": knownvalue.StringExact(md5),
				}),
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
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	changedID := statecheck.CompareValue(compare.ValuesDiffer())
	updates := dcaastest.Request(http.MethodPut, "/vif-peers/")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					changedID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					dcaastest.ExpectRequestCount(m, updates, 0),
				},
			},
			{
				Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `"a new description"`, "remote_ep_group": `["8.8.8.0/30", "10.10.0.0/16"]`})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
					dcaastest.ExpectRequestCount(m, updates, 1),
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
				Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `""`, "remote_ep_group": `["8.8.8.0/30", "10.10.0.0/16"]`})),
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectLastRequestBody(m, updates, `{"vif_peer":{"description":""}}`),
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
				},
			},
			{
				Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `""`, "remote_ep_group": `["8.8.8.0/30", "10.10.0.0/16"]`, "local_gateway_ip": `"5.5.5.5/30"`, "remote_gateway_ip": `"5.5.5.6/30"`})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
					changedID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("local_gateway_ip"), knownvalue.StringExact("5.5.5.5/30")),
				},
			},
			{
				// Removing the list clears the subnets on the API side.
				Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `""`, "remote_ep_group": "null", "local_gateway_ip": `"5.5.5.5/30"`, "remote_gateway_ip": `"5.5.5.6/30"`})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectLastRequestBody(m, updates, `{"vif_peer":{"remote_ep_group":[]}}`),
					dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"remote_ep_group": knownvalue.ListSizeExact(0)}),
				},
			},
		},
	})
}

func TestAccVifPeerResource_disappears(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
			},
			{
				PreConfig: func() { m.deleteAllButSeeded(t) },
				Config:    m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
			},
		},
	})
}

func TestAccVifPeerResource_import(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	// Other interfaces too, so import by bare peer id has to search them all.
	for i := range 3 {
		m.SeedInterface("", fmt.Sprintf("other-%d", i))
	}
	config := m.providerConfig() + peerBlock("test", bgpPeer(testVifID, 64512, "import-md5-key"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
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
				// replacement. Terraform writes description = null where
				// OpenTofu writes the "" of the state; both plan no change.
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
				ExpectError:   expectDiagnostic("Invalid import ID", "<vif_id>/<peer_id> or <peer_id>"),
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
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.SetCreateOutcome("ERROR")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:      m.providerConfig() + peerBlock("test", examplePeer()),
				ExpectError: expectDiagnostic("Error waiting for VIF peer to be ready", "ERROR", "request id"),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{
					PostRefresh: []plancheck.PlanCheck{m.expectTaintedPeer(testResourceName, "ERROR")},
				},
			},
		},
	})
}

// A peer that the service puts in ERROR after its create went well (as
// after an interrupted create) is found so by the refresh, and the plan
// replaces it, since the interface has another peer.
func TestAccVifPeerResource_errorFoundByRefreshIsReplaced(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	changedID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigStateChecks: []statecheck.StateCheck{changedID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				PreConfig: func() { m.forceStatusOfMadeByTerraform(t, dcaas.StatusError) },
				Config:    m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					changedID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"status": knownvalue.StringExact(dcaas.StatusActive)}),
					// The seeded one and the successor.
					dcaastest.ExpectPeerCount(m, 2),
				},
			},
		},
	})
}

// The only peer of an interface in ERROR cannot be replaced: the service
// would keep it and refuse its successor. The plan leaves it as it is, and
// nothing is sent.
func TestAccVifPeerResource_errorLastPeerIsNotReplaced(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + peerBlock("test", examplePeer())},
			{
				PreConfig: func() { m.forceStatusOfMadeByTerraform(t, dcaas.StatusError) },
				Config:    m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append(m.expectNothingReplaced(),
					dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"status": knownvalue.StringExact(dcaas.StatusError)})),
			},
		},
	})
}

func TestAccVifPeerResource_createTimeout(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.SetPendingDelay(time.Hour)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:      m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"remote_ep_group": "", "timeouts": `{ create = "2s" }`})),
				ExpectError: expectDiagnostic("Error waiting for VIF peer to be ready", "timed out", "PENDING_CREATE"),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{
					PostRefresh: []plancheck.PlanCheck{m.expectTaintedPeer(testResourceName, "PENDING_CREATE")},
				},
			},
			{
				// The service finishes later; the tainted peer is replaced.
				PreConfig: func() { m.finishPending(t) },
				Config:    m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"remote_ep_group": "", "timeouts": `{ create = "2s" }`})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
			},
		},
	})
}

// A peer that comes up DOWN is provisioned: the apply succeeds (with a
// warning) and the state says DOWN.
func TestAccVifPeerResource_down(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.SetCreateOutcome("DOWN")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + peerBlock("test", examplePeer()),
			ConfigStateChecks: []statecheck.StateCheck{
				dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
				statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("status"), knownvalue.StringExact("DOWN")),
			},
		}},
	})
}

// Updates and deletes of a busy peer (PENDING_*) are asked again until the
// service is done with it.
func TestAccVifPeerResource_busy(t *testing.T) {
	t.Parallel()
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
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Two deletes answered busy, one accepted.
		CheckDestroy: dcaastest.CheckDestroy(m, dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodDelete, "/vif-peers/"), 3)),
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + peerBlock("test", examplePeer()),
				Check:  makeBusy,
				// The refresh finds the peer busy: the next apply waits for it.
				ExpectNonEmptyPlan: true,
			},
			{
				// Busy from the refresh on; the update waits its turn.
				Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `""`})),
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
					// Two answered busy, one accepted.
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPut, "/vif-peers/"), 3),
				},
			},
			{
				// Busy again for the destroy.
				PreConfig: func() {
					if err := m.ForceStatus(peerID, "PENDING_UPDATE"); err != nil {
						t.Fatal(err)
					}
				},
				Config:  m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `""`})),
				Destroy: true,
			},
		},
	})
}

// The last peer of an interface cannot be deleted: destroy succeeds with a
// warning, the peer leaves the state and stays on the interface.
func TestAccVifPeerResource_lastPeer(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// The destroy itself must succeed; the one peer created must outlive
		// it, asked to go once (no retries).
		CheckDestroy: dcaastest.AfterDestroy(
			dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
			dcaastest.ExpectPeerCount(m, 1),
			dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodDelete, "/vif-peers/"), 1),
		),
		Steps: []resource.TestStep{{
			Config:            m.providerConfig() + peerBlock("test", examplePeer()),
			ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
		}},
	})
}

// Unknown values are skipped by plan-time validation and checked once
// known; terraform_data is built into Terraform, so no download is needed.
func TestAccVifPeerResource_unknownValuesAtPlan(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + `
resource "terraform_data" "addresses" {
  input = {
    family = "ipv4"
    local  = "5.5.5.1/30"
    remote = "5.5.5.2/30"
    subnet = "8.8.8.0/30"
  }
}
` + peerBlock("test", hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"vif-peer-test"`,
				"address_family":    "terraform_data.addresses.output.family",
				"local_gateway_ip":  "terraform_data.addresses.output.local",
				"remote_gateway_ip": "terraform_data.addresses.output.remote",
				"remote_ep_group":   "[terraform_data.addresses.output.subnet]",
			}),
			ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
		}},
	})
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

// stateOf builds the framework state of one peer, for calling resource
// methods directly where the CLI cannot show what is asserted (warnings of
// a destroy).
func stateOf(t *testing.T, r fwresource.Resource, vifID, peerID string) tfsdk.State {
	t.Helper()
	ctx := context.Background()
	var schemaResp fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
	// What a read needs of the state, the other attributes null.
	var diags diag.Diagnostics
	diags.Append(state.SetAttribute(ctx, path.Root("id"), peerID)...)
	diags.Append(state.SetAttribute(ctx, path.Root("vif_id"), vifID)...)
	if diags.HasError() {
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
			if got := h.stringAttribute(h.attributes(resp.NewState), "id"); got != peerID {
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
	if got := h.stringAttribute(h.attributes(resp.NewState), "id"); got != peerID {
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
