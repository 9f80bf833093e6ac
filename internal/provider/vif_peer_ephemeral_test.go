package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
)

// Ephemeral blocks are unknown to Terraform before 1.10: there these tests
// skip, saying so.
var ephemeralResourcesSupported = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}

// The echo provider copies what its configuration gets into the state of
// echo resources: the only way to see the values of an ephemeral resource,
// so it goes only into tests that look at those values.
var testAccEchoProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"dcaas": testAccProtoV6ProviderFactories["dcaas"],
	"echo":  echoprovider.NewProviderServer(),
}

// The ephemeral resource finds a peer by id and by interface and family,
// as the data source does, and returns every attribute as the API holds
// it, the key included. A family spelled as the vendor does (IPv4) finds
// the peer too and stays as given: Terraform requires that.
func TestAccVifPeerEphemeralResource_lookups(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.WriteOnly, tfcli.Ephemeral)
	m := newTestMock(t)
	vifID, keylessID, keyedID, key := m.keyedPeers(t)
	setUpWrites := m.CountRequests("", "/vif-peers")
	config := m.providerConfig() + fmt.Sprintf(`
ephemeral "dcaas_vif_peer" "by_id" {
  id = %q
}

ephemeral "dcaas_vif_peer" "by_family" {
  vif_id         = %[2]q
  address_family = "ipv6"
}

ephemeral "dcaas_vif_peer" "keyless" {
  vif_id         = %[2]q
  address_family = "ipv4"
}

ephemeral "dcaas_vif_peer" "vendor_spelling" {
  vif_id         = %[2]q
  address_family = "IPv4"
}

provider "echo" {
  data = {
    by_id           = ephemeral.dcaas_vif_peer.by_id
    by_family       = ephemeral.dcaas_vif_peer.by_family
    keyless         = ephemeral.dcaas_vif_peer.keyless
    vendor_spelling = ephemeral.dcaas_vif_peer.vendor_spelling
  }
}

resource "echo" "peers" {}
`, keyedID, vifID)
	echoed := func(lookup string) func(string) tfjsonpath.Path {
		return func(attr string) tfjsonpath.Path { return tfjsonpath.New("data").AtMapKey(lookup).AtMapKey(attr) }
	}
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("echo.peers", echoed("by_id")("bgp_md5"), knownvalue.StringExact(key)),
		statecheck.ExpectKnownValue("echo.peers", echoed("by_family")("bgp_md5"), knownvalue.StringExact(key)),
		statecheck.ExpectKnownValue("echo.peers", echoed("keyless")("bgp_md5"), knownvalue.Null()),
		statecheck.ExpectKnownValue("echo.peers", echoed("vendor_spelling")("id"), knownvalue.StringExact(keylessID)),
		statecheck.ExpectKnownValue("echo.peers", echoed("vendor_spelling")("address_family"), knownvalue.StringExact("IPv4")),
	}
	checks = append(checks, m.expectPeerAsInAPI(t, "echo.peers", echoed("by_id"), keyedID)...)
	checks = append(checks, m.expectPeerAsInAPI(t, "echo.peers", echoed("by_family"), keyedID)...)
	checks = append(checks, m.expectPeerAsInAPI(t, "echo.peers", echoed("keyless"), keylessID)...)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccEchoProviderFactories,
		TerraformVersionChecks:   ephemeralResourcesSupported,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
	if n := m.CountRequests("", "/vif-peers") - setUpWrites; n != 0 {
		t.Errorf("reading peers sent %d requests to /vif-peers, want none", n)
	}
}

// The audit and hand-over of a key in one run: both data sources read
// peers with and without a key and say which have one; the ephemeral
// resource hands the key to a new peer's bgp_md5_wo, and the API gets it.
// No file Terraform writes, the raw state first, holds the key.
func TestAccVifPeerEphemeralResource_keyStaysOutOfState(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.WriteOnly, tfcli.Ephemeral)
	m := newTestMock(t)
	vifID, keylessID, keyedID, key := m.keyedPeers(t)
	otherVifID, otherKeylessID := m.createInterface(t, "campus", "169.254.20.1/30", "169.254.20.2/30")
	workingDir := t.TempDir()
	config := m.providerConfig() + fmt.Sprintf(`
data "dcaas_vif_peers" "all" {}

data "dcaas_vif_peer" "keyed" {
  id = %q
}

data "dcaas_vif_peer" "keyless" {
  vif_id         = %q
  address_family = "ipv4"
}

ephemeral "dcaas_vif_peer" "keyed" {
  vif_id         = %[2]q
  address_family = "ipv6"
}
`, keyedID, vifID) +
		// A second line to the same on-premises router, with the same key.
		peerBlock("test", hclArgs{"vif_id": fmt.Sprintf("%q", otherVifID), "name": `"campus-ipv6"`, "address_family": `"ipv6"`,
			"route_mode": `"bgp"`, "bgp_asn": "4200000000", "bgp_md5_wo": "ephemeral.dcaas_vif_peer.keyed.bgp_md5", "bgp_md5_wo_version": "1",
			"local_gateway_ip": `"fd00:20::1/64"`, "remote_gateway_ip": `"fd00:20::2/64"`})
	keySet := func(id string, set bool) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "bgp_md5_set": knownvalue.Bool(set)})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   ephemeralResourcesSupported,
		WorkingDir:               workingDir,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"bgp_md5": knownvalue.StringExact(key)}),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer.keyed", tfjsonpath.New("bgp_md5_set"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer.keyless", tfjsonpath.New("bgp_md5_set"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.dcaas_vif_peers.all", tfjsonpath.New("peers"), knownvalue.SetPartial([]knownvalue.Check{
					keySet(keylessID, false), keySet(keyedID, true), keySet(otherKeylessID, false),
				})),
				dcaastest.ExpectSecretNotInState(key),
				dcaastest.ExpectSecretNotInFiles(workingDir, key),
			},
		}},
	})
}

// The lookup rules of the data source, at plan, before any API call.
func TestAccVifPeerEphemeralResource_validation(t *testing.T) {
	t.Parallel()
	for name, tc := range vifPeerLookupValidationCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			requireCLIFeature(t, tfcli.Ephemeral)
			expectPlanErrorWithoutRequests(t, "ephemeral \"dcaas_vif_peer\" \"test\" {\n  "+tc.args+"\n}\n", tc.want, ephemeralResourcesSupported...)
		})
	}
}

// A peer that is not there fails the plan with the data source's error,
// naming what was searched, or the API's own answer for an interface that
// does not exist.
func TestAccVifPeerEphemeralResource_notFound(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Ephemeral)
	m := newTestMock(t)
	vifID, _ := m.createInterface(t, "branch-office", "169.254.10.1/30", "169.254.10.2/30")
	// An ephemeral resource is opened only when something uses it.
	lookup := func(args string) string {
		return m.providerConfig() + `
ephemeral "dcaas_vif_peer" "test" {
  ` + args + `
}

provider "echo" {
  data = ephemeral.dcaas_vif_peer.test.id
}

resource "echo" "test" {}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccEchoProviderFactories,
		TerraformVersionChecks:   ephemeralResourcesSupported,
		Steps: []resource.TestStep{
			{
				Config:      lookup(`id = "` + missingPeerID + `"`),
				ExpectError: expectDiagnostic("VIF peer not found", missingPeerID, "2 virtual interfaces", testProjectID),
			},
			{
				Config:      lookup(`vif_id = "` + vifID + `"` + "\n  address_family = \"ipv6\""),
				ExpectError: expectDiagnostic("VIF peer not found", "ipv6", vifID, "no ipv6 peer"),
			},
			{
				Config:      lookup(`vif_id = "` + missingPeerID + `"` + "\n  address_family = \"ipv4\""),
				ExpectError: expectDiagnostic("VIF peer not found", "virtual-interfaces/"+missingPeerID, "HTTP 40", "DC.", missingPeerID, "does not exist"),
			},
		},
	})
	if n := m.CountRequests(http.MethodPost, "/vif-peers"); n != 0 {
		t.Errorf("looking up peers sent %d creates, want none", n)
	}
}
