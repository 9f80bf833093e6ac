package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
)

// Peers made elsewhere, imported with a configuration written as people
// write it: the vendor's IPv4, canonical IPv6 where the API holds the long
// form in capitals, subnets in another order and spelling, [] where the API
// has none and no list at all. The import plans no change, the plan after it
// is empty, and the API receives nothing but reads.
func TestAccVifPeerResource_importQuiet(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	otherVifID := m.SeedInterface("", "second-vif")
	seed := func(vifID, family, local, remote string, subnets ...string) string {
		t.Helper()
		id, err := m.SeedPeer(vifID, family, local, remote)
		if err == nil {
			err = m.SetRemoteEPGroup(id, subnets)
		}
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	v4 := seed(testVifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30", "10.2.0.0/16", "10.1.0.0/16")
	v6 := seed(testVifID, "ipv6", "FD00:0:0:0:0:0:0:1/64", "FD00:0:0:0:0:0:0:2/64", "FD00:1::/48")
	b4 := seed(otherVifID, "ipv4", "198.51.100.1/30", "198.51.100.2/30")
	b6 := seed(otherVifID, "ipv6", "fd00:b::1/64", "fd00:b::2/64")

	config := m.providerConfig() + peerBlock("v4", hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"default-ipv4"`, "address_family": `"IPv4"`, "local_gateway_ip": `"192.0.2.1/30"`, "remote_gateway_ip": `"192.0.2.2/30"`, "remote_ep_group": `["10.1.0.0/16", "10.2.0.0/16"]`}) +
		peerBlock("v6", hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"default-ipv6"`, "address_family": `"IPv6"`, "local_gateway_ip": `"fd00::1/64"`, "remote_gateway_ip": `"fd00::2/64"`, "remote_ep_group": `["fd00:1::/48"]`}) +
		peerBlock("b4", hclArgs{"vif_id": fmt.Sprintf("%q", otherVifID), "name": `"default-ipv4"`, "address_family": `"ipv4"`, "local_gateway_ip": `"198.51.100.1/30"`, "remote_gateway_ip": `"198.51.100.2/30"`, "remote_ep_group": "[]"}) +
		peerBlock("b6", hclArgs{"vif_id": fmt.Sprintf("%q", otherVifID), "name": `"default-ipv6"`, "address_family": `"ipv6"`, "local_gateway_ip": `"fd00:b::1/64"`, "remote_gateway_ip": `"fd00:b::2/64"`})
	imports := fmt.Sprintf(`
import {
  to = dcaas_vif_peer.v4
  id = "%[1]s/%[3]s"
}

import {
  to = dcaas_vif_peer.v6
  id = "%[1]s/%[4]s"
}

import {
  to = dcaas_vif_peer.b4
  id = "%[2]s/%[5]s"
}

import {
  to = dcaas_vif_peer.b6
  id = "%[2]s/%[6]s"
}
`, testVifID, otherVifID, v4, v6, b4, b6)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config + imports,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             expectNoOp("dcaas_vif_peer.v4", "dcaas_vif_peer.v6", "dcaas_vif_peer.b4", "dcaas_vif_peer.b6"),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: m.onlyReads,
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.v4", nil), dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.v6", nil),
					dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.b4", nil), dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.b6", nil),
					statecheck.ExpectKnownValue("dcaas_vif_peer.v6", tfjsonpath.New("id"), knownvalue.StringExact(v6)),
					statecheck.ExpectKnownValue("dcaas_vif_peer.b6", tfjsonpath.New("remote_ep_group"), knownvalue.SetSizeExact(0)),
				},
			},
			{
				// Once imported, the same configuration stays quiet.
				Config:   config,
				PlanOnly: true,
				Check:    m.onlyReads,
			},
		},
	})
	// The destroy at the end deletes; nothing ever created or updated.
	if n := m.CountRequests(http.MethodPut, "/vif-peers") + m.CountRequests(http.MethodPost, "/vif-peers"); n != 0 {
		t.Errorf("the API received %d creates and updates, want 0", n)
	}
}

// expectNoOp checks that the plan changes none of the resources named:
// for an import, that it only imports them.
func expectNoOp(names ...string) []plancheck.PlanCheck {
	var checks []plancheck.PlanCheck
	for _, name := range names {
		checks = append(checks, plancheck.ExpectResourceAction(name, plancheck.ResourceActionNoop))
	}
	return checks
}

// A peer imported by a <vif_id>/<peer_id> whose interface is not the
// peer's, by the import command and by an import block: the import fails
// naming the interface the peer is on, rather than as a peer that does
// not exist.
func TestAccVifPeerResource_importWrongInterfaceCLI(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	otherVifID := m.SeedInterface("", "second-vif")
	peerID, err := m.SeedPeer(testVifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}
	wrongID := otherVifID + "/" + peerID
	onOther := expectDiagnostic("Error: VIF peer is on another virtual interface",
		peerID, `"default-ipv4"`, otherVifID, testVifID, "terraform import <address> "+testVifID+"/"+peerID)
	w := newPeerCLIWorkspace(t, m.providerConfig()+peerBlock("test", examplePeer().with(hclArgs{"vif_id": fmt.Sprintf("%q", otherVifID)})))
	if code, out := w.run("import", testResourceName, wrongID); code == 0 || !onOther.MatchString(out) {
		t.Errorf("the import command (exit %d) does not name the peer's interface", code)
	}
	w.writeFile("import.tf", fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", testResourceName, wrongID))
	if code, out := w.run("plan", "-input=false"); code == 0 || !onOther.MatchString(out) {
		t.Errorf("the plan of the import block (exit %d) does not name the peer's interface", code)
	}
	if w.stateResource(testResourceName) != nil {
		t.Error("the peer went into state")
	}
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		if n := m.CountRequests(method, "/vif-peers"); n != 0 {
			t.Errorf("the API got %d %s requests, want none", n, method)
		}
	}
}
