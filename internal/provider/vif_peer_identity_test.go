package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
)

// A created peer has an identity, the same after an update in place and
// after a refresh, and an import block with that identity imports it with
// nothing to change.
func TestAccVifPeerResource_identity(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Identity)
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	renamed := peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `""`}))
	checks := func() []statecheck.StateCheck {
		return append(expectPeerIdentity(m, testResourceName, testVifID), sameID.AddStateValue(testResourceName, tfjsonpath.New("id")))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigStateChecks: checks(),
			},
			{
				Config: m.providerConfig() + renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: append(checks(), dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPut, "/vif-peers"), 1)),
			},
			{RefreshState: true},
			{
				Config: m.providerConfig() + renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: checks(),
			},
			{
				// terraform-plugin-testing writes the import block from the
				// identity in state, and fails unless the plan is a no-op
				// import whose identity is the same.
				ResourceName:    testResourceName,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				// As with import by id, the generated configuration plans no
				// change, "" or null in description alike.
				ResourceName:    testResourceName,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				GenerateConfig:  true,
			},
		},
	})
}

// Peers made elsewhere are imported by identity, with and without vif_id:
// the import plans no change, the plan after it is empty, the identity is
// in state, and the API receives nothing but reads. The import strings of
// the same peers keep working beside it (vif_peer_import_test.go).
func TestAccVifPeerResource_importByIdentity(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Identity)
	m := newTestMock(t)
	otherVifID := m.SeedInterface("", "second-vif")
	v4, err := m.SeedPeer(testVifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}
	b6, err := m.SeedPeer(otherVifID, "ipv6", "fd00:b::1/64", "fd00:b::2/64")
	if err != nil {
		t.Fatal(err)
	}
	config := m.providerConfig() + peerBlock("v4", hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"default-ipv4"`, "address_family": `"ipv4"`, "local_gateway_ip": `"192.0.2.1/30"`, "remote_gateway_ip": `"192.0.2.2/30"`}) +
		peerBlock("b6", hclArgs{"vif_id": fmt.Sprintf("%q", otherVifID), "name": `"default-ipv6"`, "address_family": `"ipv6"`, "local_gateway_ip": `"fd00:b::1/64"`, "remote_gateway_ip": `"fd00:b::2/64"`})
	imports := func(v4Identity, b6Identity string) string {
		return fmt.Sprintf(`
import {
  to       = dcaas_vif_peer.v4
  identity = %s
}

import {
  to       = dcaas_vif_peer.b6
  identity = %s
}
`, v4Identity, b6Identity)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config + imports(fmt.Sprintf(`{ id = %q }`, "not-a-uuid"), fmt.Sprintf(`{ id = %q }`, b6)),
				ExpectError: expectDiagnostic("Invalid import identity", `id "not-a-uuid"`, "UUID"),
			},
			{
				Config:      config + imports(fmt.Sprintf(`{ vif_id = "vif-1", id = %q }`, v4), fmt.Sprintf(`{ id = %q }`, b6)),
				ExpectError: expectDiagnostic("Invalid import identity", `vif_id "vif-1"`, "UUID"),
			},
			{
				Config:      config + imports(fmt.Sprintf(`{ vif_id = %q, id = %q }`, testVifID, "00000000-0000-4000-8000-000000000000"), fmt.Sprintf(`{ id = %q }`, b6)),
				ExpectError: regexp.MustCompile(`Cannot import non-existent remote object`),
			},
			{
				Config: config + imports(fmt.Sprintf(`{ vif_id = %q, id = %q }`, testVifID, v4), fmt.Sprintf(`{ id = %q }`, b6)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             expectNoOp("dcaas_vif_peer.v4", "dcaas_vif_peer.b6"),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: m.onlyReads,
				ConfigStateChecks: append(append(
					expectPeerIdentity(m, "dcaas_vif_peer.v4", testVifID),
					expectPeerIdentity(m, "dcaas_vif_peer.b6", otherVifID)...),
					statecheck.ExpectKnownValue("dcaas_vif_peer.v4", tfjsonpath.New("id"), knownvalue.StringExact(v4)),
					statecheck.ExpectKnownValue("dcaas_vif_peer.b6", tfjsonpath.New("id"), knownvalue.StringExact(b6)),
				),
			},
			{
				Config:   config,
				PlanOnly: true,
				Check:    m.onlyReads,
			},
		},
	})
}
