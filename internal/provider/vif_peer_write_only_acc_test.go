package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
)

// These tests run under the CLIs with write-only attributes and ephemeral
// values (Terraform 1.11, OpenTofu 1.11 and later) and skip elsewhere. The
// key comes from an ephemeral variable, as it does in real use.
func testAccVifPeerResourceConfig_writeOnlyKey(vifID string, keyVersion int, lifecycle string) string {
	return fmt.Sprintf(`
variable "md5_key" {
  type      = string
  ephemeral = true
  sensitive = true
}

resource "dcaas_vif_peer" "test" {
  vif_id             = %q
  name               = "vif-peer-bgp"
  address_family     = "ipv4"
  route_mode         = "bgp"
  bgp_asn            = 64512
  bgp_md5_wo         = var.md5_key
  bgp_md5_wo_version = %d
  local_gateway_ip   = "169.254.10.1/30"
  remote_gateway_ip  = "169.254.10.2/30"
  %s
}
`, vifID, keyVersion, lifecycle)
}

func md5Key(key string) config.Variables {
	return config.Variables{"md5_key": config.StringVariable(key)}
}

// A new key for the last peer of an interface fails at plan, naming
// bgp_md5_wo_version, and the API keeps the peer and its key.
func TestAccVifPeerResource_writeOnlyRotationOfLastPeer(t *testing.T) {
	requireCLIFeature(t, writeOnly, ephemeral)
	m := newTestMock(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 1, ""),
				ConfigVariables: md5Key("key-1"),
				ConfigStateChecks: []statecheck.StateCheck{
					m.expectPeerKey("key-1"),
					dcaastest.ExpectSecretNotInState("key-1"),
				},
			},
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 2, ""),
				ConfigVariables: md5Key("key-2"),
				ExpectError:     matchWrapped(`VIF peer cannot be replaced: it is the last peer of its virtual interface.*Changing bgp_md5_wo_version replaces`),
			},
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 1, ""),
				ConfigVariables: md5Key("key-1"),
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

// Beside another peer, a new key version replaces the peer, and the API
// then holds the new key; the state never holds either.
func TestAccVifPeerResource_writeOnlyRotation(t *testing.T) {
	requireCLIFeature(t, writeOnly, ephemeral)
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 1, ""),
				ConfigVariables:   md5Key("key-1"),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 2, ""),
				ConfigVariables: md5Key("key-2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					statecheck.ExpectSensitiveValue(testResourceName, tfjsonpath.New("bgp_md5_wo")),
					m.expectPeerKey("key-2"),
					dcaastest.ExpectSecretNotInState("key-2"),
				},
			},
		},
	})
}

// Under create_before_destroy a new key cannot be applied: the apply fails
// saying why, and the old peer with the old key stays in the API and state.
func TestAccVifPeerResource_writeOnlyRotationCreateBeforeDestroy(t *testing.T) {
	requireCLIFeature(t, writeOnly, ephemeral)
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 1, createBeforeDestroy),
				ConfigVariables:   md5Key("key-1"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 2, createBeforeDestroy),
				ConfigVariables: md5Key("key-2"),
				ExpectError:     matchWrapped(`Error creating VIF peer.*already has an ipv4 peer.*remove create_before_destroy`),
			},
			{
				Config:          m.providerConfig() + testAccVifPeerResourceConfig_writeOnlyKey(testVifID, 1, createBeforeDestroy),
				ConfigVariables: md5Key("key-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					m.expectPeerKey("key-1"),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
				},
			},
		},
	})
}
