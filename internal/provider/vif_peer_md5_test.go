package provider

import (
	"fmt"
	"net/http"
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

// The API cannot take a key off a peer in place: leaving bgp_md5 out of the
// configuration plans nothing, and the peer and the state keep the key.
func TestAccVifPeerResource_md5RemovedFromConfig(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	const key = "md5-key-removed"
	withKey := peerBlock("test", bgpPeer(testVifID, 64512, key))
	withoutKey := peerBlock("test", bgpPeer(testVifID, 64512, key).with(hclArgs{"bgp_md5": ""}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + withKey},
			{
				Config: m.providerConfig() + withoutKey,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"bgp_md5": knownvalue.StringExact(key)}),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPut, "/vif-peers"), 0),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodDelete, "/vif-peers"), 0),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_md5"), knownvalue.StringExact(key)),
				},
			},
		},
	})
}

// Handing the same key from bgp_md5 to the write-only bgp_md5_wo changes
// nothing on the peer: no replacement, no request that writes. Another key
// then replaces the peer. Write-only attributes need Terraform or OpenTofu
// 1.11.
func TestAccVifPeerResource_md5ToWriteOnly(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.WriteOnly)
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	const key, newKey = "md5-key-kept", "md5-key-rotated"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	replacedID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + peerBlock("test", bgpPeer(testVifID, 64512, key)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
				},
			},
			{
				Config: m.providerConfig() + peerBlock("test", bgpPeer(testVifID, 64512, "").with(hclArgs{"bgp_md5": "", "bgp_md5_wo": fmt.Sprintf("%q", key), "bgp_md5_wo_version": "1"})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"bgp_md5": knownvalue.StringExact(key)}),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPut, "/vif-peers"), 0),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodDelete, "/vif-peers"), 0),
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					replacedID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_md5"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_md5_wo_version"), knownvalue.Int64Exact(1)),
				},
			},
			{
				Config: m.providerConfig() + peerBlock("test", bgpPeer(testVifID, 64512, "").with(hclArgs{"bgp_md5": "", "bgp_md5_wo": fmt.Sprintf("%q", newKey), "bgp_md5_wo_version": "2"})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"bgp_md5": knownvalue.StringExact(newKey)}),
					replacedID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_md5"), knownvalue.Null()),
				},
			},
		},
	})
}

// A different key handed to bgp_md5_wo is a new key: the peer is replaced.
func TestAccVifPeerResource_md5ToWriteOnlyOtherKey(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.WriteOnly)
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + peerBlock("test", bgpPeer(testVifID, 64512, "md5-key-old"))},
			{
				Config: m.providerConfig() + peerBlock("test", bgpPeer(testVifID, 64512, "").with(hclArgs{"bgp_md5": "", "bgp_md5_wo": `"md5-key-new"`, "bgp_md5_wo_version": "1"})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"bgp_md5": knownvalue.StringExact("md5-key-new")}),
				},
			},
		},
	})
}
