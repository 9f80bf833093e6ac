package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/vifpeer"
)

// listCallCount counts the list calls the mock received; interfaceGetCount
// the GETs of one interface.
func listCallCount(m *mockserver.Server) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/virtual-interfaces") {
			n++
		}
	}
	return n
}

func interfaceGetCount(m *mockserver.Server) int {
	return m.CountRequests(http.MethodGet, "/virtual-interfaces/")
}

// seedInterfacesWithPeers seeds n interfaces, each with an IPv6 peer so
// that an IPv4 peer made on it can be destroyed, and returns their ids.
func seedInterfacesWithPeers(t *testing.T, m *mockserver.Server, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = m.SeedInterface("", fmt.Sprintf("vif-%02d", i))
		if _, err := m.SeedPeer(ids[i], "ipv6", "fd00:99::1/64", "fd00:99::2/64"); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func TestReadsOfOneRefreshShareListCalls(t *testing.T) {
	m := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken})
	seedInterfacesWithPeers(t, m, 10)
	r := vifpeer.NewResource()
	r.(resource.ResourceWithConfigure).Configure(context.Background(), resource.ConfigureRequest{ProviderData: newUnitClient(t, m)}, &resource.ConfigureResponse{})
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, p := range m.Peers() {
		state := stateOf(t, r, p.VifID, p.ID)
		wg.Go(func() {
			<-start
			resp := resource.ReadResponse{State: state}
			r.Read(context.Background(), resource.ReadRequest{State: state}, &resp)
			var name types.String
			resp.Diagnostics.Append(resp.State.GetAttribute(context.Background(), path.Root("name"), &name)...)
			if resp.Diagnostics.HasError() || name.ValueString() != "default-ipv6" {
				t.Errorf("read of %s: name %s, %v", p.ID, name, resp.Diagnostics)
			}
		})
	}
	close(start)
	wg.Wait()
	// Reads that reach the view within its batch window share a call; on a
	// loaded machine the ten may span two windows.
	if lists, gets := listCallCount(m), interfaceGetCount(m); lists > 2 || gets != 0 {
		t.Errorf("10 concurrent reads made %d list calls and %d GETs, want at most 2 and 0", lists, gets)
	}
}

// The refresh of 25 peers in a project of 2,050 interfaces lists the whole
// project (two pages) rather than asking for each peer's interface, and
// changes made outside Terraform still show in the next plan.
func TestAccVifPeerResource_manyPeers(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	vifIDs := seedInterfacesWithPeers(t, m.Server, 25)
	for i := len(vifIDs) + 1; i < 2050; i++ {
		m.SeedInterface("", fmt.Sprintf("empty-%04d", i))
	}
	config := m.providerConfig() + fmt.Sprintf("\nlocals {\n  vif_ids = [\"%s\"]\n}\n", strings.Join(vifIDs, `", "`)) + peerBlock("many", hclArgs{
		"count": "length(local.vif_ids)", "vif_id": "local.vif_ids[count.index]", "name": `"many-${count.index}"`,
		"address_family": `"ipv4"`, "local_gateway_ip": `"5.5.5.1/30"`, "remote_gateway_ip": `"5.5.5.2/30"`,
	})

	var listsBefore, getsBefore int
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []tfresource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.many[0]", nil),
					dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.many[24]", map[string]knownvalue.Check{"status": knownvalue.StringExact("ACTIVE")}),
					// Each wait found its new peer in a list call.
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodGet, "/virtual-interfaces/"), 0),
				},
			},
			{
				PreConfig: func() {
					peers := m.Peers()
					renameOutOfBand(t, m, peerNamed(t, peers, "many-3").ID, "renamed-elsewhere")
					if err := m.DeletePeer(peerNamed(t, peers, "many-7").ID); err != nil {
						t.Fatal(err)
					}
					listsBefore, getsBefore = listCallCount(m.Server), interfaceGetCount(m.Server)
				},
				Config: config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("dcaas_vif_peer.many[3]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("dcaas_vif_peer.many[7]", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("dcaas_vif_peer.many[8]", plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.many[3]", map[string]knownvalue.Check{"name": knownvalue.StringExact("many-3")}),
					dcaastest.ExpectPeerInAPI(m, "dcaas_vif_peer.many[7]", nil),
				},
			},
			{
				PreConfig: func() { listsBefore, getsBefore = listCallCount(m.Server), interfaceGetCount(m.Server) },
				Config:    config,
				Check: func(*terraform.State) error {
					// This step refreshes the 25 peers several times (plan,
					// apply, the plans after it); one read per peer would
					// make 25 calls each time.
					lists, gets := listCallCount(m.Server)-listsBefore, interfaceGetCount(m.Server)-getsBefore
					if gets != 0 || lists >= 25 {
						return fmt.Errorf("refreshing 25 peers made %d list calls and %d GETs, want fewer than 25 and 0", lists, gets)
					}
					for _, r := range m.Requests() {
						if strings.Contains(r.Query, "marker=") {
							return nil
						}
					}
					return fmt.Errorf("no list call asked for a second page")
				},
			},
		},
	})
}

func peerNamed(t *testing.T, peers []mockserver.Peer, name string) mockserver.Peer {
	t.Helper()
	for _, p := range peers {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no peer named %s", name)
	return mockserver.Peer{}
}
