package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/vifpeer"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

const missingPeerID = "00000000-0000-4000-8000-000000000000"

// The realistic use: read the IPv4 peer the service created with a new
// interface, by interface and family (spelled as the vendor does) and by id,
// and feed its gateways into another resource.
func TestAccVifPeerDataSource_serviceCreatedPeer(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	vifID, peerID := m.createInterface(t, "branch-office", "169.254.10.1/30", "169.254.10.2/30")
	config := m.providerConfig() + fmt.Sprintf(`
data "dcaas_vif_peer" "by_family" {
  vif_id         = %q
  address_family = "IPv4"
}

data "dcaas_vif_peer" "by_id" {
  id = %q
}

resource "terraform_data" "router" {
  input = {
    local  = data.dcaas_vif_peer.by_family.local_gateway_ip
    remote = data.dcaas_vif_peer.by_family.remote_gateway_ip
  }
}
`, vifID, peerID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: append(append(
				m.expectPeerAsInAPI(t, "data.dcaas_vif_peer.by_family", tfjsonpath.New, peerID),
				m.expectPeerAsInAPI(t, "data.dcaas_vif_peer.by_id", tfjsonpath.New, peerID)...),
				statecheck.ExpectKnownValue("terraform_data.router", tfjsonpath.New("output"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"local":  knownvalue.StringExact("169.254.10.1/30"),
					"remote": knownvalue.StringExact("169.254.10.2/30"),
				})),
				statecheck.CompareValuePairs("data.dcaas_vif_peer.by_family", tfjsonpath.New("id"),
					"data.dcaas_vif_peer.by_id", tfjsonpath.New("id"), compare.ValuesSame()),
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	if n := m.CountRequests("", "/vif-peers"); n != 0 {
		t.Errorf("reading peers sent %d requests to /vif-peers, want none", n)
	}
}

// A peer deleted between two plans: the single lookup then fails with the
// not-found error, naming what it searched, and the list no longer holds it.
func TestAccVifPeerDataSource_deletedBetweenPlans(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	vifID, ipv4ID := m.createInterface(t, "branch-office", "169.254.10.1/30", "169.254.10.2/30")
	ipv6ID := m.createConsolePeer(t, vifID, "ipv6", "console-ipv6", "fd00:10::1/64", "fd00:10::2/64")
	byID := fmt.Sprintf(`
data "dcaas_vif_peer" "by_id" {
  id = %q
}
`, ipv6ID)
	byFamily := fmt.Sprintf(`
data "dcaas_vif_peer" "by_family" {
  vif_id         = %q
  address_family = "ipv6"
}
`, vifID)
	list := fmt.Sprintf(`
data "dcaas_vif_peers" "on_vif" {
  vif_id = %q
}
`, vifID)
	entry := func(i int) func(string) tfjsonpath.Path {
		return func(attr string) tfjsonpath.Path { return tfjsonpath.New("peers").AtSliceIndex(i).AtMapKey(attr) }
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + byID + byFamily + list,
				ConfigStateChecks: append(append(append(
					m.expectPeerAsInAPI(t, "data.dcaas_vif_peer.by_id", tfjsonpath.New, ipv6ID),
					m.expectPeerAsInAPI(t, "data.dcaas_vif_peer.by_family", tfjsonpath.New, ipv6ID)...),
					m.expectPeerAsInAPI(t, "data.dcaas_vif_peers.on_vif", entry(1), ipv6ID)...),
					statecheck.ExpectKnownValue("data.dcaas_vif_peers.on_vif", tfjsonpath.New("ids"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(ipv4ID), knownvalue.StringExact(ipv6ID)})),
				),
			},
			{
				PreConfig: func() {
					if err := m.DeletePeer(ipv6ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: m.providerConfig() + list,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.dcaas_vif_peers.on_vif", tfjsonpath.New("ids"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(ipv4ID)})),
				},
			},
			{
				Config:      m.providerConfig() + byID,
				ExpectError: expectDiagnostic("VIF peer not found", ipv6ID, "2 virtual interfaces", testProjectID),
			},
			{
				Config:      m.providerConfig() + byFamily,
				ExpectError: expectDiagnostic("VIF peer not found", "ipv6", vifID, "no ipv6 peer"),
			},
			{
				// An interface that does not exist: the API's own answer.
				Config:      m.providerConfig() + strings.Replace(byFamily, vifID, missingPeerID, 1),
				ExpectError: expectDiagnostic("VIF peer not found", "virtual-interfaces/"+missingPeerID, "HTTP 40", "DC.", missingPeerID, "does not exist"),
			},
		},
	})
}

// vifPeerLookupValidationCases are the wrong ways of looking up one peer,
// by the arguments of a dcaas_vif_peer data source or ephemeral block, and
// the error each gets.
var vifPeerLookupValidationCases = map[string]struct {
	args string
	want *regexp.Regexp
}{
	"nothing to look up by": {
		``,
		expectDiagnostic("Missing Attribute Configuration", "[id,vif_id]"),
	},
	"id and vif_id": {
		`id = "` + missingPeerID + `"
  vif_id = "` + testVifID + `"
  address_family = "ipv4"`,
		expectDiagnostic("Invalid Attribute Combination", "[id,vif_id]"),
	},
	"vif_id without address_family": {
		`vif_id = "` + testVifID + `"`,
		expectDiagnostic("Invalid Attribute Combination", "[vif_id,address_family]"),
	},
	"address_family with id": {
		`id = "` + missingPeerID + `"
  address_family = "ipv4"`,
		expectDiagnostic("Invalid Attribute Combination", "[vif_id,address_family]"),
	},
	"id not a uuid": {
		`id = "peer-1"`,
		expectDiagnostic("Attribute id must be a 36-character UUID"),
	},
	"vif_id not a uuid": {
		`vif_id = "86f9556a-fa68"
  address_family = "ipv4"`,
		expectDiagnostic("Attribute vif_id must be a 36-character UUID"),
	},
	"address_family unknown": {
		`vif_id = "` + testVifID + `"
  address_family = "ipv5"`,
		expectDiagnostic("Attribute address_family value must be one of", `"ipv4"`, `"ipv6"`),
	},
}

// Every wrong way of looking up fails the plan with an error that names the
// attributes, and the API receives no request.
func TestAccVifPeerDataSource_validation(t *testing.T) {
	t.Parallel()
	for name, tc := range vifPeerLookupValidationCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			expectPlanErrorWithoutRequests(t, "data \"dcaas_vif_peer\" \"test\" {\n  "+tc.args+"\n}\n", tc.want)
		})
	}
}

// expectPlanErrorWithoutRequests plans config against a fresh mock, expects
// an error that matches want, and checks that the API received no request.
// A test that runs in parallel says so itself: one that picks another
// Terraform with t.Setenv cannot.
func expectPlanErrorWithoutRequests(t *testing.T, config string, want *regexp.Regexp, versionChecks ...tfversion.TerraformVersionCheck) {
	t.Helper()
	m := newTestMock(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   versionChecks,
		Steps: []resource.TestStep{{
			Config:      m.providerConfig() + config,
			PlanOnly:    true,
			ExpectError: want,
		}},
	})
	if n := len(m.Requests()); n != 0 {
		t.Errorf("the API received %d requests for a config that fails validation, want 0", n)
	}
}

// Neither data source has an attribute for the key, in the list neither:
// what a data source reads is stored in the state.
func TestVifPeerDataSourcesHaveNoKeyAttribute(t *testing.T) {
	for _, ds := range []datasource.DataSource{vifpeer.NewDataSource(), vifpeer.NewPeersDataSource()} {
		var resp datasource.SchemaResponse
		ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
		attrs := resp.Schema.Attributes
		if peers, ok := attrs["peers"].(schema.ListNestedAttribute); ok {
			attrs = peers.NestedObject.Attributes
		}
		for name := range attrs {
			if strings.Contains(name, "md5") && name != "bgp_md5_set" {
				t.Errorf("%T has attribute %s", ds, name)
			}
		}
		if _, ok := attrs["bgp_md5_set"].(schema.BoolAttribute); !ok {
			t.Errorf("%T: bgp_md5_set is %T, want a bool", ds, attrs["bgp_md5_set"])
		}
	}
}

// service_ep_group has one type wherever a peer is shown: a set of strings.
func TestServiceEPGroupIsOneSet(t *testing.T) {
	ctx := context.Background()
	want := types.SetType{ElemType: types.StringType}
	var resourceResp fwresource.SchemaResponse
	vifpeer.NewResource().Schema(ctx, fwresource.SchemaRequest{}, &resourceResp)
	var ephemeralResp ephemeral.SchemaResponse
	vifpeer.NewEphemeralResource().Schema(ctx, ephemeral.SchemaRequest{}, &ephemeralResp)
	var dataResp, listResp datasource.SchemaResponse
	vifpeer.NewDataSource().Schema(ctx, datasource.SchemaRequest{}, &dataResp)
	vifpeer.NewPeersDataSource().Schema(ctx, datasource.SchemaRequest{}, &listResp)
	for where, attribute := range map[string]interface{ GetType() attr.Type }{
		"resource":                resourceResp.Schema.Attributes["service_ep_group"],
		"ephemeral resource":      ephemeralResp.Schema.Attributes["service_ep_group"],
		"data source":             dataResp.Schema.Attributes["service_ep_group"],
		"dcaas_vif_peers entries": listResp.Schema.Attributes["peers"].(schema.ListNestedAttribute).NestedObject.Attributes["service_ep_group"],
	} {
		if got := attribute.GetType(); !got.Equal(want) {
			t.Errorf("%s: service_ep_group is %s, want %s", where, got, want)
		}
	}
}
