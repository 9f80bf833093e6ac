package provider

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

func testAccVifPeerResourceConfig_bgpPeer(vifID string, asn int64, md5, local, remote, lifecycle string) string {
	return fmt.Sprintf(`
resource "dcaas_vif_peer" "test" {
  vif_id            = %q
  name              = "vif-peer-bgp"
  address_family    = "ipv4"
  route_mode        = "bgp"
  bgp_asn           = %d
  bgp_md5           = %q
  local_gateway_ip  = %q
  remote_gateway_ip = %q
  %s
}
`, vifID, asn, md5, local, remote, lifecycle)
}

const createBeforeDestroy = "lifecycle {\n    create_before_destroy = true\n  }"

// expectPeerKey checks that the peer in state exists in the API with this
// MD5 key.
func (m *testMock) expectPeerKey(md5 string) statecheck.StateCheck {
	return dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"bgp_md5": knownvalue.StringExact(md5)})
}

// The last peer of an interface cannot be replaced: the service keeps it
// (DC.1302) and holds one peer per family (DC.1301). Every attribute that
// forces a replacement fails the plan, naming itself, and nothing is sent.
func TestAccVifPeerResource_replaceLastPeerFailsAtPlan(t *testing.T) {
	m := newTestMock(t)
	config := func(asn int64, md5, local, remote string) string {
		return m.providerConfig() + testAccVifPeerResourceConfig_bgpPeer(testVifID, asn, md5, local, remote, "")
	}
	lastPeerError := func(attribute string) string {
		return `Error: VIF peer cannot be replaced: it is the last peer of its virtual interface.*with dcaas_vif_peer.test,.*` +
			attribute + `.*Changing ` + attribute + ` replaces VIF peer.*only peer of virtual interface ` + testVifID +
			`.*DC.1302.*first add a peer of the other address family`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(64512, "key-1", "169.254.10.1/30", "169.254.10.2/30")},
			{Config: config(64512, "key-2", "169.254.10.1/30", "169.254.10.2/30"), ExpectError: matchWrapped(lastPeerError("bgp_md5"))},
			{Config: config(64513, "key-1", "169.254.10.1/30", "169.254.10.2/30"), ExpectError: matchWrapped(lastPeerError("bgp_asn"))},
			{Config: config(64512, "key-1", "169.254.20.1/30", "169.254.20.2/30"), ExpectError: matchWrapped(lastPeerError("local_gateway_ip"))},
			{Config: config(64512, "key-1", "169.254.20.1/30", "169.254.20.2/30"), ExpectError: matchWrapped(lastPeerError("remote_gateway_ip"))},
			{
				Config: config(64512, "key-1", "169.254.10.1/30", "169.254.10.2/30"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					m.expectPeerKey("key-1"),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodDelete, "/vif-peers"), 0),
				},
			},
		},
	})
}

// With another peer on the interface, a new key replaces the peer: the old
// one is deleted, and the API holds the new one with the new key.
func TestAccVifPeerResource_replaceWithAnotherPeer(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	sameID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + testAccVifPeerResourceConfig_bgpPeer(testVifID, 64512, "key-1", "169.254.10.1/30", "169.254.10.2/30", ""),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				Config: m.providerConfig() + testAccVifPeerResourceConfig_bgpPeer(testVifID, 64512, "key-2", "169.254.10.1/30", "169.254.10.2/30", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					m.expectPeerKey("key-2"),
					// The seeded one and the new one.
					dcaastest.ExpectPeerCount(m, 2),
				},
			},
		},
	})
}

// Under create_before_destroy the new peer cannot stand beside the old one
// of the same family: the apply fails saying so, before any create is sent,
// and the old peer stays, in the API and in the state.
func TestAccVifPeerResource_createBeforeDestroyFails(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(md5 string) string {
		return m.providerConfig() + testAccVifPeerResourceConfig_bgpPeer(testVifID, 64512, md5, "169.254.10.1/30", "169.254.10.2/30", createBeforeDestroy)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            config("key-1"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				Config:      config("key-2"),
				ExpectError: matchWrapped(`Error creating VIF peer.*already has an ipv4 peer.*name "vif-peer-bgp".*DC.1301.*remove create_before_destroy`),
			},
			{
				Config: config("key-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					m.expectPeerKey("key-1"),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodDelete, "/vif-peers"), 0),
				},
			},
		},
	})
}

// A peer made in the console, with the very name and gateways of the
// configuration, is not taken over: the apply fails before any create,
// naming it and the import command.
func TestAccVifPeerResource_othersPeerNotAdopted(t *testing.T) {
	m := newTestMock(t)
	consoleID, err := m.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + testAccVifPeerResourceConfig_full(testVifID, "default-ipv4", "", "null", "5.5.5.1/30", "5.5.5.2/30"),
			ExpectError: matchWrapped(`Error creating VIF peer.*already has an ipv4 peer, ` + consoleID +
				`.*takes over no peer that it did not make.*terraform import <address> ` + testVifID + `/` + consoleID),
		}},
	})
	if n := m.CountRequests(http.MethodPost, "/vif-peers"); n != 0 {
		t.Errorf("the API received %d creates, want none", n)
	}
}

// Another workspace creates a matching peer between the provider's read of
// the interface and its create: the API answers DC.1301, and that is an
// error, never adoption.
func TestAccVifPeerResource_familyTakenIsNeverAdopted(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	var once sync.Once
	m.SetAfterRequest(func(r mockserver.Request) {
		if r.Method != http.MethodGet || r.Status != http.StatusOK || !strings.Contains(r.Path+"?"+r.Query, testVifID) {
			return
		}
		once.Do(func() {
			body := fmt.Sprintf(`{"vif_peer": {"vif_id": %q, "name": "vif-peer-test", "description": "", "address_family": "ipv4",
"local_gateway_ip": "5.5.5.1/30", "remote_gateway_ip": "5.5.5.2/30", "remote_ep_group": ["8.8.8.0/30"]}}`, testVifID)
			req, _ := http.NewRequest(http.MethodPost, m.URL+"/v3/"+testProjectID+"/dcaas/vif-peers", bytes.NewBufferString(body))
			req.Header.Set("X-Auth-Token", testToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil || resp.StatusCode != http.StatusCreated {
				t.Errorf("the other workspace's create failed: %v %v", resp, err)
			}
			if resp != nil {
				_ = resp.Body.Close()
			}
		})
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
			ExpectError: matchWrapped(`Error creating VIF peer.*already has an ipv4 peer.*name "vif-peer-test".*takes over no peer that it did not make.*HTTP 400 DC.1301`),
		}},
	})
	var statuses []int
	for _, r := range m.Requests() {
		if r.Method == http.MethodPost {
			statuses = append(statuses, r.Status)
		}
	}
	if fmt.Sprint(statuses) != "[201 400]" {
		t.Errorf("creates answered %v, want the other workspace's 201 then this one's 400", statuses)
	}
}

// Both peers of an interface replaced in one apply: the two deletes race,
// and the service refuses the second while the first peer is on its way
// out. The refused delete is asked again once the other peer's successor
// exists, so both are replaced and none is left behind.
func TestAccVifPeerResource_replaceBothPeersOfAnInterface(t *testing.T) {
	m := newTestMock(t)
	config := func(v4Local, v4Remote, v6Local, v6Remote string) string {
		return m.providerConfig() + fmt.Sprintf(`
resource "dcaas_vif_peer" "v4" {
  vif_id            = %[1]q
  name              = "v4"
  address_family    = "ipv4"
  local_gateway_ip  = %[2]q
  remote_gateway_ip = %[3]q
}

resource "dcaas_vif_peer" "v6" {
  vif_id            = %[1]q
  name              = "v6"
  address_family    = "ipv6"
  local_gateway_ip  = %[4]q
  remote_gateway_ip = %[5]q
}
`, testVifID, v4Local, v4Remote, v6Local, v6Remote)
	}
	v4ID := statecheck.CompareValue(compare.ValuesDiffer())
	v6ID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("5.5.5.1/30", "5.5.5.2/30", "fd00::1/64", "fd00::2/64"),
				ConfigStateChecks: []statecheck.StateCheck{
					v4ID.AddStateValue("dcaas_vif_peer.v4", tfjsonpath.New("id")),
					v6ID.AddStateValue("dcaas_vif_peer.v6", tfjsonpath.New("id")),
				},
			},
			{
				Config: config("5.5.5.9/30", "5.5.5.10/30", "fd00::11/64", "fd00::12/64"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("dcaas_vif_peer.v4", plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction("dcaas_vif_peer.v6", plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					v4ID.AddStateValue("dcaas_vif_peer.v4", tfjsonpath.New("id")),
					v6ID.AddStateValue("dcaas_vif_peer.v6", tfjsonpath.New("id")),
					dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.v4", map[string]knownvalue.Check{"local_gateway_ip": knownvalue.StringExact("5.5.5.9/30")}),
					dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.v6", map[string]knownvalue.Check{"local_gateway_ip": knownvalue.StringExact("fd00::11/64")}),
					// The two new peers, and no old one left behind.
					dcaastest.ExpectPeerCount(m, 2),
				},
			},
		},
	})
}

// A replacement onto an address family that another peer of the interface
// holds fails at plan time, before the working peer is deleted.
func TestAccVifPeerResource_replaceOntoTakenFamilyFailsAtPlan(t *testing.T) {
	m := newTestMock(t)
	holderID, err := m.SeedPeer(testVifID, "ipv6", "fd00:99::1/64", "fd00:99::2/64")
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID)},
			{
				Config: m.providerConfig() + strings.NewReplacer(`"ipv4"`, `"ipv6"`, `"5.5.5.1/30"`, `"fd00:1::1/64"`,
					`"5.5.5.2/30"`, `"fd00:1::2/64"`, `["8.8.8.0/30"]`, `[]`).Replace(testAccVifPeerResourceConfig_basic(testVifID)),
				ExpectError: matchWrapped(`VIF peer cannot be replaced: its address family is taken.*address_family.*already has one: ` +
					holderID + ` \(name "default-ipv6".*DC.1301`),
			},
			{
				Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodDelete, "/vif-peers"), 0),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
				},
			},
		},
	})
}

// A tainted last peer is replaced by Terraform without the provider's plan
// check: the service keeps the peer when it is deleted, and the create then
// fails saying exactly that, with the import command that brings it back.
func TestAccVifPeerResource_taintedLastPeer(t *testing.T) {
	m := newTestMock(t)
	var peerID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
				Check: func(s *terraform.State) error {
					peerID = s.RootModule().Resources[testResourceName].Primary.ID
					return nil
				},
			},
			{
				Taint:  []string{testResourceName},
				Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
				ExpectError: matchWrapped(`Error creating VIF peer.*still has its ipv4 peer.*this run asked to delete it, to replace it.*DC.1302.*` +
					`terraform import <address> ` + testVifID + `/`),
			},
		},
	})
	if _, ok := m.Peer(peerID); !ok || len(m.Peers()) != 1 {
		t.Errorf("the API holds %v, want the tainted peer %s alone, kept by the service", m.Peers(), peerID)
	}
}
