package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// An update with nothing to send (only timeouts changed) that finds the
// peer deleted outside Terraform says so, as an update that sends does.
func TestAccVifPeerResource_deletedBeforeUpdateWithNothingToSend(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	var once sync.Once
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"remote_ep_group": "", "timeouts": `{ create = "10m" }`}))},
			{
				PreConfig: func() {
					m.SetAfterRequest(func(r mockserver.Request) {
						if r.Method == http.MethodGet && r.Status == http.StatusOK {
							once.Do(func() { m.deleteAllButSeeded(t) })
						}
					})
				},
				Config:      m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"remote_ep_group": "", "timeouts": `{ create = "20m" }`})),
				ExpectError: expectDiagnostic("VIF peer deleted outside Terraform", "no longer exists", "created again"),
			},
			{
				PreConfig: func() { m.SetAfterRequest(nil) },
				Config:    m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"remote_ep_group": "", "timeouts": `{ create = "20m" }`})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// When the wait after an update fails, the new state holds the peer as last
// seen, with the new name and the failed status, as a failed create does.
func TestVifPeerUpdateSavesLastPeerSeenWhenTheWaitFails(t *testing.T) {
	h := newProtocolHarness(t)
	h.mock.SeedPeer(testVifID, "ipv6", "fd00:99::1/64", "fd00:99::2/64") //nolint:errcheck // the interface was just seeded
	ctx := context.Background()
	created := h.applyCreate(ctx)
	if len(created.Diagnostics) > 0 {
		t.Fatalf("create: %s", diagnosticsText(created.Diagnostics))
	}
	values := h.attributes(created.NewState)
	peerID := h.stringAttribute(values, "id")

	h.mock.SetAfterRequest(func(r mockserver.Request) {
		if r.Method == http.MethodPut {
			_ = h.mock.ForceStatus(peerID, dcaas.StatusError)
		}
	})
	values["name"] = tftypes.NewValue(tftypes.String, "renamed")
	for _, name := range []string{"status", "bgp_status", "receive_route_num"} {
		values[name] = tftypes.NewValue(h.peerType.AttributeTypes[name], tftypes.UnknownValue)
	}
	planned := tftypes.NewValue(h.peerType, values)
	resp, err := h.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:     "dcaas_vif_peer",
		PriorState:   created.NewState,
		PlannedState: h.dynamic(h.peerType, planned),
		Config:       h.dynamic(h.peerType, h.configOf(values)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if text := diagnosticsText(resp.Diagnostics); !strings.Contains(text, "Error waiting for VIF peer update") || !strings.Contains(text, "ERROR") {
		t.Errorf("diagnostics %q do not report the failed wait", text)
	}
	values = h.attributes(resp.NewState)
	name, status := h.stringAttribute(values, "name"), h.stringAttribute(values, "status")
	if name != "renamed" || status != dcaas.StatusError {
		t.Errorf("new state has name %q and status %q, want the peer as last seen: renamed, ERROR", name, status)
	}
}

// Renaming a peer plans its BGP figures as they are, not as known after
// apply: with static routing null and -1 (there is no BGP session), with
// BGP the session's, which a rename does not touch.
func TestAccVifPeerResource_updateKeepsStaticBGPFigures(t *testing.T) {
	t.Parallel()
	bgp := map[string]string{"route_mode": `"bgp"`, "bgp_asn": "64512"}
	withName := func(args map[string]string, name string) string {
		return peerBlock("test", examplePeer().with(args).with(hclArgs{"name": fmt.Sprintf("%q", name)}))
	}
	cases := map[string]struct {
		args      map[string]string
		bgpStatus plancheck.PlanCheck
		routeNum  plancheck.PlanCheck
	}{
		"static": {nil,
			plancheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_status"), knownvalue.Null()),
			plancheck.ExpectKnownValue(testResourceName, tfjsonpath.New("receive_route_num"), knownvalue.Int64Exact(-1))},
		"bgp": {bgp,
			plancheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_status"), knownvalue.NotNull()),
			plancheck.ExpectKnownValue(testResourceName, tfjsonpath.New("receive_route_num"), knownvalue.NotNull())},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := newTestMock(t)
			m.seedOtherFamilyPeer(t, "ipv4")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             dcaastest.CheckDestroy(m),
				Steps: []resource.TestStep{
					{Config: m.providerConfig() + withName(tc.args, "before")},
					{
						Config: m.providerConfig() + withName(tc.args, "after"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionUpdate),
								tc.bgpStatus,
								tc.routeNum,
							},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"name": knownvalue.StringExact("after")}),
						},
					},
				},
			})
		})
	}
}

// Plans show what is known. A create plans the tenant (the provider's
// project) and, for a static peer, the absent BGP session; an in-place
// update plans status, bgp_status and receive_route_num as they are, so a
// dependent keyed on them stays. When the service then answers otherwise
// (the peer went DOWN during a rename), the apply keeps its plan and the
// next refresh shows the drift, rather than failing as inconsistent.
func TestAccVifPeerResource_plansShowWhatIsKnown(t *testing.T) {
	t.Parallel()
	static := func(name string) string {
		return peerBlock("test", examplePeer().with(hclArgs{"name": fmt.Sprintf("%q", name)})) + dependentOnOperationalFields
	}
	bgp := func(name string) string {
		return peerBlock("test", bgpPeer(testVifID, 4200000000, "md5-key").with(hclArgs{"name": fmt.Sprintf("%q", name)})) + dependentOnOperationalFields
	}
	renameKeepsDependent := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionUpdate),
		plancheck.ExpectResourceAction("terraform_data.dependent", plancheck.ResourceActionNoop),
	}
	t.Run("static", func(t *testing.T) {
		t.Parallel()
		m := newTestMock(t)
		m.seedOtherFamilyPeer(t, "ipv4")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: m.providerConfig() + static("first"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(testResourceName, tfjsonpath.New("tenant_id"), knownvalue.StringExact(testProjectID)),
						plancheck.ExpectKnownValue(testResourceName, tfjsonpath.New("bgp_status"), knownvalue.Null()),
						plancheck.ExpectKnownValue(testResourceName, tfjsonpath.New("receive_route_num"), knownvalue.Int64Exact(-1)),
						plancheck.ExpectUnknownValue(testResourceName, tfjsonpath.New("status")),
					}},
				},
				{
					Config:           m.providerConfig() + static("second"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: renameKeepsDependent},
					ConfigStateChecks: []statecheck.StateCheck{
						dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"name": knownvalue.StringExact("second")}),
					},
				},
				{
					PreConfig: func() {
						m.SetAfterRequest(func(r mockserver.Request) {
							if r.Method == http.MethodPut && r.Status == http.StatusOK {
								m.forceStatusOfMadeByTerraform(t, dcaas.StatusDown)
							}
						})
					},
					Config:             m.providerConfig() + static("third"),
					ConfigPlanChecks:   resource.ConfigPlanChecks{PreApply: renameKeepsDependent},
					ExpectNonEmptyPlan: true,
				},
				{
					PreConfig: func() { m.SetAfterRequest(nil) },
					Config:    m.providerConfig() + static("third"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("terraform_data.dependent", plancheck.ResourceActionReplace),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"status": knownvalue.StringExact(dcaas.StatusDown)}),
						statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("status"), knownvalue.StringExact(dcaas.StatusDown)),
					},
				},
			},
		})
	})
	t.Run("bgp", func(t *testing.T) {
		t.Parallel()
		m := newTestMock(t)
		m.seedOtherFamilyPeer(t, "ipv4")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: m.providerConfig() + bgp("first"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(testResourceName, tfjsonpath.New("tenant_id"), knownvalue.StringExact(testProjectID)),
						// A BGP session's state is the service's to report.
						plancheck.ExpectUnknownValue(testResourceName, tfjsonpath.New("bgp_status")),
						plancheck.ExpectUnknownValue(testResourceName, tfjsonpath.New("receive_route_num")),
					}},
				},
				{
					Config:           m.providerConfig() + bgp("second"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: renameKeepsDependent},
				},
			},
		})
	})
}

// dependentOnOperationalFields is a dependent replaced whenever the peer's
// operational fields change.
const dependentOnOperationalFields = `
resource "terraform_data" "dependent" {
  triggers_replace = [dcaas_vif_peer.test.status, dcaas_vif_peer.test.bgp_status, dcaas_vif_peer.test.receive_route_num]
}
`
