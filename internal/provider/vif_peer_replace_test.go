package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
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

const createBeforeDestroy = "{\n    create_before_destroy = true\n  }"

// The last peer of an interface cannot be replaced: the service keeps it
// (DC.1302) and holds one peer per family (DC.1301). Every attribute that
// forces a replacement fails the plan, naming itself, and nothing is sent.
func TestAccVifPeerResource_replaceLastPeerFailsAtPlan(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	config := func(asn int64, md5, local, remote string) string {
		return m.providerConfig() + peerBlock("test", bgpPeer(testVifID, asn, md5).with(hclArgs{"local_gateway_ip": fmt.Sprintf("%q", local), "remote_gateway_ip": fmt.Sprintf("%q", remote), "remote_ep_group": ""}))
	}
	lastPeerError := func(attribute string) *regexp.Regexp {
		return expectDiagnostic("VIF peer cannot be replaced: it is the last peer of its virtual interface",
			"with dcaas_vif_peer.test,", attribute, attribute, testVifID, "DC.1302", "other address family")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(64512, "key-1", "169.254.10.1/30", "169.254.10.2/30")},
			{Config: config(64512, "key-2", "169.254.10.1/30", "169.254.10.2/30"), ExpectError: lastPeerError("bgp_md5")},
			{Config: config(64513, "key-1", "169.254.10.1/30", "169.254.10.2/30"), ExpectError: lastPeerError("bgp_asn")},
			{Config: config(64512, "key-1", "169.254.20.1/30", "169.254.20.2/30"), ExpectError: lastPeerError("local_gateway_ip")},
			{Config: config(64512, "key-1", "169.254.20.1/30", "169.254.20.2/30"), ExpectError: lastPeerError("remote_gateway_ip")},
			{
				Config: config(64512, "key-1", "169.254.10.1/30", "169.254.10.2/30"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append(m.expectNothingReplaced(), m.expectPeerKey("key-1")),
			},
		},
	})
}

// With another peer on the interface, a new key replaces the peer: the old
// one is deleted, and the API holds the new one with the new key.
func TestAccVifPeerResource_replaceWithAnotherPeer(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	replacedID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + peerBlock("test", bgpPeer(testVifID, 64512, "key-1").with(hclArgs{"remote_ep_group": ""})),
				ConfigStateChecks: []statecheck.StateCheck{replacedID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				Config: m.providerConfig() + peerBlock("test", bgpPeer(testVifID, 64512, "key-2").with(hclArgs{"remote_ep_group": ""})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					replacedID.AddStateValue(testResourceName, tfjsonpath.New("id")),
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
// and the old peer stays, in the API and in the state. The provider cannot
// see create_before_destroy (Terraform plans and applies the new half of a
// replacement as a plain create), so the error names it nowhere; it says
// that the replacement has to delete the old peer first.
func TestAccVifPeerResource_createBeforeDestroyFails(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(md5 string) string {
		return m.providerConfig() + peerBlock("test", bgpPeer(testVifID, 64512, md5).with(hclArgs{"remote_ep_group": "", "lifecycle": createBeforeDestroy}))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            config("key-1"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				Config: config("key-2"),
				ExpectError: expectDiagnostic("Error creating VIF peer: its address family is taken",
					"ipv4", `"vif-peer-bgp"`, "DC.1301", "No create was sent", "delete it first"),
			},
			{
				Config: config("key-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append(m.expectNothingReplaced(),
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					m.expectPeerKey("key-1")),
			},
		},
	})
}

// A peer made in the console, with the very name and gateways of the
// configuration, the only peer of its interface, is not taken over: the
// apply fails, naming it and both ways to import it, and no create is
// sent. It fails at apply, not at plan, as the plan cannot be told from
// the one before a destroy (see TestAccVifPeerResource_destroyAfterLastPeerKeptCLI).
func TestAccVifPeerResource_othersPeerNotAdopted(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	consoleID, err := m.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	importID := testVifID + `/` + consoleID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"default-ipv4"`, "description": `""`, "remote_ep_group": "null"})),
			ExpectError: expectDiagnostic("Error creating VIF peer: its address family is taken",
				consoleID, `"default-ipv4"`, "5.5.5.1/30", "5.5.5.2/30", "ACTIVE", "DC.1301",
				"terraform import <address> "+importID, `import { to = <address> id = "`+importID+`" }`),
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
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.HoldCreate(func() { m.createAsAnotherClient(t, "vif-peer-test") })
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + peerBlock("test", examplePeer()),
			ExpectError: expectDiagnostic("Error creating VIF peer: its address family is taken",
				"ipv4", `"vif-peer-test"`, "HTTP 400", "DC.1301", "appeared after the provider read the interface"),
		}},
	})
	var statuses []int
	for _, r := range m.Requests() {
		if r.Method == http.MethodPost {
			statuses = append(statuses, r.Status)
		}
	}
	// In the order the creates arrived: this one's, held, then the other's.
	if fmt.Sprint(statuses) != "[400 201]" {
		t.Errorf("creates answered %v, want this one's 400 and the other workspace's 201", statuses)
	}
}

// Both peers of an interface replaced in one apply: the two deletes race,
// and the service refuses the second while the first peer is on its way
// out. The refused delete is asked again once the other peer's successor
// exists, so both are replaced and none is left behind.
func TestAccVifPeerResource_replaceBothPeersOfAnInterface(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	config := func(v4Local, v4Remote, v6Local, v6Remote string) string {
		return m.providerConfig() + peerBlock("v4", hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"v4"`, "address_family": `"ipv4"`, "local_gateway_ip": fmt.Sprintf("%q", v4Local), "remote_gateway_ip": fmt.Sprintf("%q", v4Remote)}) +
			peerBlock("v6", hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"v6"`, "address_family": `"ipv6"`, "local_gateway_ip": fmt.Sprintf("%q", v6Local), "remote_gateway_ip": fmt.Sprintf("%q", v6Remote)})
	}
	v4Replaced := statecheck.CompareValue(compare.ValuesDiffer())
	v6Replaced := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("5.5.5.1/30", "5.5.5.2/30", "fd00::1/64", "fd00::2/64"),
				ConfigStateChecks: []statecheck.StateCheck{
					v4Replaced.AddStateValue("dcaas_vif_peer.v4", tfjsonpath.New("id")),
					v6Replaced.AddStateValue("dcaas_vif_peer.v6", tfjsonpath.New("id")),
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
					v4Replaced.AddStateValue("dcaas_vif_peer.v4", tfjsonpath.New("id")),
					v6Replaced.AddStateValue("dcaas_vif_peer.v6", tfjsonpath.New("id")),
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
	t.Parallel()
	m := newTestMock(t)
	holderID, err := m.SeedPeer(testVifID, "ipv6", "fd00:99::1/64", "fd00:99::2/64")
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + peerBlock("test", examplePeer())},
			{
				Config: m.providerConfig() + strings.NewReplacer(`"ipv4"`, `"ipv6"`, `"5.5.5.1/30"`, `"fd00:1::1/64"`,
					`"5.5.5.2/30"`, `"fd00:1::2/64"`, `["8.8.8.0/30"]`, `[]`).Replace(peerBlock("test", examplePeer())),
				ExpectError: expectDiagnostic("VIF peer cannot be replaced: its address family is taken",
					"address_family", holderID, `"default-ipv6"`, "DC.1301"),
			},
			{
				Config: m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append(m.expectNothingReplaced(), dcaastest.ExpectPeerInAPI(m, testResourceName, nil)),
			},
		},
	})
}

// A tainted last peer cannot be replaced: Terraform plans its replacement
// as a create, which the provider fails at plan time, since the service
// would keep the old peer (DC.1302) and refuse the new one (DC.1301).
// Nothing is sent and the peer stays in state, so that once the interface
// gets a peer of the other family, the replacement goes ahead.
func TestAccVifPeerResource_taintedLastPeer(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	var peerID string
	var sent int
	replacedID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + peerBlock("test", examplePeer()),
				Check: func(s *terraform.State) error {
					peerID = s.RootModule().Resources[testResourceName].Primary.ID
					sent = len(m.Requests())
					return nil
				},
				ConfigStateChecks: []statecheck.StateCheck{replacedID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				// The service refuses the delete half, and the peer stays.
				Taint:  []string{testResourceName},
				Config: m.providerConfig() + peerBlock("test", examplePeer()),
				ExpectError: expectDiagnostic("VIF peer cannot be replaced: the service keeps the last peer of its virtual interface",
					`"vif-peer-test"`, "no successor", "terraform untaint <address>"),
			},
			{
				// A peer of the other family lets the old one go.
				PreConfig: func() {
					m.expectNoCreateSince(t, sent, "the refused replacement")
					m.seedOtherFamilyPeer(t, "ipv4")
				},
				Config: m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					replacedID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
					// The seeded one and the successor: the old one is gone.
					dcaastest.ExpectPeerCount(m, 2),
				},
			},
		},
	})
	if _, ok := m.Peer(peerID); ok {
		t.Errorf("the tainted peer %s is still in the API", peerID)
	}
}

// A replacement the plan allows, since the interface has another peer,
// that the service refuses at the delete because that other peer was
// destroyed first in the same apply (it depends on this one): the apply
// fails at the delete, the peer stays in state and in the API, and no
// successor is created. Reverting the change gives an empty plan.
func TestAccVifPeerResource_replacementRefusedAtDeleteKeepsPeer(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + testAccVifPeerConfig_v4("5.5.5.1/30", "5.5.5.2/30") + testAccVifPeerConfig_v6DependingOnV4,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue("dcaas_vif_peer.v4", tfjsonpath.New("id"))},
			},
			{
				Config: m.providerConfig() + testAccVifPeerConfig_v4("5.5.5.9/30", "5.5.5.10/30"),
				ExpectError: expectDiagnostic("VIF peer cannot be replaced: the service keeps the last peer of its virtual interface",
					`"v4"`, testVifID, "DC.1302", "stays in Terraform's state"),
			},
			{
				Config: m.providerConfig() + testAccVifPeerConfig_v4("5.5.5.1/30", "5.5.5.2/30"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("dcaas_vif_peer.v4", tfjsonpath.New("id")),
					dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.v4", nil),
					dcaastest.ExpectPeerCount(m, 1),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 2),
				},
			},
		},
	})
}

// With the real CLI: a tainted last peer is planned for replacement with a
// warning naming terraform untaint, and the apply fails at the delete that
// the service refuses; after terraform untaint the plan is empty; -replace
// of it fails the same way. No create is sent, and the peer stays in state
// throughout.
func TestAccVifPeerResource_lastPeerTaintAndReplaceCLI(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	w := newPeerCLIWorkspace(t, m.providerConfig()+peerBlock("test", examplePeer()))
	w.mustRun("apply", "-auto-approve")
	peerID := w.stateResource(testResourceName).AttributeValues["id"]
	sent := len(m.Requests())
	// The plan of a tainted peer warns; the service refuses the delete
	// half, and the peer stays.
	warned := expectDiagnostic("Warning: VIF peer cannot be created while the interface's only peer holds its address family",
		fmt.Sprint(peerID), "terraform untaint <address>", "-replace")
	refused := expectDiagnostic("Error: VIF peer cannot be replaced: the service keeps the last peer of its virtual interface",
		fmt.Sprint(peerID), "terraform untaint <address>")

	w.mustRun("taint", testResourceName)
	if code, out := w.run("apply", "-auto-approve"); code == 0 || !warned.MatchString(out) || !refused.MatchString(out) {
		t.Errorf("the apply of a tainted last peer (exit %d) does not fail as expected", code)
	}
	w.mustRun("untaint", testResourceName)
	w.expectNoChanges()
	if code, out := w.run("apply", "-auto-approve", "-replace="+testResourceName); code == 0 || !refused.MatchString(out) {
		t.Errorf("the apply with -replace of the last peer (exit %d) does not fail as expected", code)
	}

	m.expectNoCreateSince(t, sent, "the refused applies")
	if inState := w.stateResource(testResourceName); inState == nil || inState.AttributeValues["id"] != peerID || inState.Tainted {
		t.Errorf("state holds %+v, want peer %v, untainted", inState, peerID)
	}
}

// The two deletes of a last peer, with the real CLI (run it with every
// Terraform and OpenTofu to support): the delete half of a replacement
// that the service refuses fails and keeps the peer in state, while a
// destroy lets it go with a warning. The provider tells them apart by the
// private data that Terraform hands a delete from the plan it belongs to.
func TestAccVifPeerResource_lastPeerDeletesCLI(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccVifPeerConfig_v4("5.5.5.1/30", "5.5.5.2/30")+testAccVifPeerConfig_v6DependingOnV4)
	w.mustRun("apply", "-auto-approve")
	v4ID := w.stateResource("dcaas_vif_peer.v4").AttributeValues["id"]

	w.writeConfig(dcaasRequiredProviders + m.providerConfig() + testAccVifPeerConfig_v4("5.5.5.9/30", "5.5.5.10/30"))
	code, out := w.run("apply", "-auto-approve")
	if code == 0 || !expectDiagnostic("VIF peer cannot be replaced: the service keeps the last peer of its virtual interface", fmt.Sprint(v4ID)).MatchString(out) {
		t.Errorf("the replacement (exit %d) does not fail at the delete as expected", code)
	}
	if inState := w.stateResource("dcaas_vif_peer.v4"); inState == nil || inState.AttributeValues["id"] != v4ID {
		t.Fatalf("state holds %+v, want the refused peer %v", inState, v4ID)
	}

	// Terraform plans the configuration before a destroy: back to one the
	// plan accepts.
	w.writeConfig(dcaasRequiredProviders + m.providerConfig() + testAccVifPeerConfig_v4("5.5.5.1/30", "5.5.5.2/30"))
	out = w.mustRun("destroy", "-auto-approve")
	if !expectDiagnostic("Warning: VIF peer still exists on its virtual interface: the service keeps the last peer", fmt.Sprint(v4ID), "removed from Terraform's state").MatchString(out) {
		t.Errorf("the destroy does not warn that the peer still exists on its interface")
	}
	if inState := w.stateResource("dcaas_vif_peer.v4"); inState != nil {
		t.Errorf("state still holds %+v after the destroy", inState)
	}
	if peers := m.Peers(); len(peers) != 1 || peers[0].ID != v4ID {
		t.Errorf("the API holds %+v, want the last peer %v alone", peers, v4ID)
	}
}

// testAccVifPeerConfig_v4 is the IPv4 peer of the example interface, with
// these gateways.
func testAccVifPeerConfig_v4(local, remote string) string {
	return peerBlock("v4", hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"v4"`, "address_family": `"ipv4"`,
		"local_gateway_ip": fmt.Sprintf("%q", local), "remote_gateway_ip": fmt.Sprintf("%q", remote)})
}

// testAccVifPeerConfig_v6DependingOnV4 is the IPv6 peer of the example
// interface. It depends on the IPv4 one, so that a destroy of both, or of
// it alone while the other is replaced, deletes it first.
var testAccVifPeerConfig_v6DependingOnV4 = peerBlock("v6", hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"v6"`,
	"address_family": `"ipv6"`, "local_gateway_ip": `"fd00::1/64"`, "remote_gateway_ip": `"fd00::2/64"`, "depends_on": "[dcaas_vif_peer.v4]"})

// Terraform runs a normal plan before every destroy, and the provider
// cannot tell it from a plan to apply. After a destroy that the service
// answered by keeping an interface's last peer (dropped from state), that
// plan would create the peer again on its own family: it warns instead of
// failing, so the next destroy deletes what it can, while an apply that
// would create the peer fails, before any request that changes anything.
func TestAccVifPeerResource_destroyAfterLastPeerKeptCLI(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	otherVifID := m.SeedInterface("", "second")
	if _, err := m.SeedPeer(otherVifID, "ipv6", "fd00:98::1/64", "fd00:98::2/64"); err != nil {
		t.Fatal(err)
	}
	w := newPeerCLIWorkspace(t, m.providerConfig()+peerBlock("test", examplePeer())+peerBlock("other", hclArgs{"vif_id": fmt.Sprintf("%q", otherVifID), "name": `"other"`, "address_family": `"ipv4"`, "local_gateway_ip": `"5.5.6.1/30"`, "remote_gateway_ip": `"5.5.6.2/30"`}))
	w.mustRun("apply", "-auto-approve")
	keptID := w.stateResource(testResourceName).AttributeValues["id"]
	otherID := w.stateResource("dcaas_vif_peer.other").AttributeValues["id"]

	// The example interface's only peer: the service keeps it.
	w.mustRun("destroy", "-auto-approve", "-target="+testResourceName)
	if inState := w.stateResource(testResourceName); inState != nil {
		t.Fatalf("state holds %+v after the destroy of the last peer, want it dropped", inState)
	}

	warned := expectDiagnostic("Warning: VIF peer cannot be created while the interface's only peer holds its address family", fmt.Sprint(keptID))
	sent := len(m.Requests())
	code, out := w.run("apply", "-auto-approve")
	if code == 0 || !warned.MatchString(out) || !expectDiagnostic("Error: Error creating VIF peer: its address family is taken", fmt.Sprint(keptID)).MatchString(out) {
		t.Errorf("the apply that would create the kept peer again (exit %d) does not warn at plan and fail at apply", code)
	}
	m.expectNoCreateOrDeleteSince(t, sent, "the refused apply")

	if code, _ := w.run("destroy", "-auto-approve"); code != 0 {
		t.Errorf("the destroy exits %d, want it to go on", code)
	}
	if _, ok := m.Peer(fmt.Sprint(otherID)); ok {
		t.Errorf("the destroy left peer %v, which it could delete", otherID)
	}
	if _, ok := m.Peer(fmt.Sprint(keptID)); !ok {
		t.Errorf("the kept peer %v is gone from the API", keptID)
	}
	if state := w.state(); state.Values != nil && len(state.Values.RootModule.Resources) > 0 {
		t.Errorf("state holds %d resources after the destroy, want none", len(state.Values.RootModule.Resources))
	}
}

// A replacement that moves the peer to another interface is checked
// against that interface before the old peer is deleted. When the API
// fails to answer for it (HTTP 500), the plan fails with that error on
// vif_id, rather than let the apply delete the peer and then find its
// successor refused; nothing is created or deleted.
func TestAccVifPeerResource_vifIDChangeTargetUnreadable(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	targetVifID := m.SeedInterface("", "target-vif")
	var sent int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + peerBlock("test", examplePeer())},
			{
				PreConfig: func() {
					sent = len(m.Requests())
					m.InjectFault(mockserver.Fault{Status: http.StatusInternalServerError, Every: 1,
						Methods: []string{http.MethodGet}, PathContains: "/virtual-interfaces/" + targetVifID})
				},
				Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"vif_id": fmt.Sprintf("%q", targetVifID)})),
				ExpectError: expectDiagnostic("Error checking whether the VIF peer can be replaced",
					`vif_id = "`+targetVifID+`"`, "Reading virtual interface "+targetVifID, "HTTP 500"),
			},
			{
				PreConfig: func() {
					m.expectNoCreateOrDeleteSince(t, sent, "the plan that could not read the target interface")
					m.ClearFaults()
				},
				Config:            m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigStateChecks: m.expectNothingReplaced(),
			},
		},
	})
}
