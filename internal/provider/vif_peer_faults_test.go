package provider

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// testAccPeersOnInterfaces renders count peers spread over the given
// interfaces: the first len(vifIDs) are IPv4, the next IPv6, one of each per
// interface.
func testAccPeersOnInterfaces(vifIDs []string, count int, name string) string {
	quoted := make([]string, len(vifIDs))
	for i, id := range vifIDs {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf(`
locals {
  vif_ids = [%s]
}

resource "dcaas_vif_peer" "test" {
  count             = %d
  vif_id            = local.vif_ids[count.index %% length(local.vif_ids)]
  name              = "%s-${count.index}"
  address_family    = count.index < length(local.vif_ids) ? "ipv4" : "ipv6"
  local_gateway_ip  = count.index < length(local.vif_ids) ? "10.${count.index}.0.1/30" : "fd00:${count.index}::1/64"
  remote_gateway_ip = count.index < length(local.vif_ids) ? "10.${count.index}.0.2/30" : "fd00:${count.index}::2/64"
  remote_ep_group   = count.index < length(local.vif_ids) ? ["172.16.${count.index}.0/24"] : ["fd10:${count.index}::/64"]
}
`, strings.Join(quoted, ", "), count, name)
}

func seedInterfaces(m *testMock, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = m.SeedInterface("", fmt.Sprintf("vif-%d", i))
	}
	return ids
}

// checkRetryAfterHonoured checks that every request answered 429 or 503
// was sent again no sooner than its Retry-After, and that the API saw no
// more requests than maxRequests.
func (m *testMock) checkRetryAfterHonoured(t *testing.T, retryAfter time.Duration, maxRequests int) {
	t.Helper()
	requests := m.Requests()
	if len(requests) > maxRequests {
		t.Errorf("the API received %d requests, more than %d: a request storm", len(requests), maxRequests)
	}
	throttled := 0
	for i, r := range requests {
		if r.Status != http.StatusTooManyRequests && r.Status != http.StatusServiceUnavailable {
			continue
		}
		throttled++
		for _, next := range requests[i+1:] {
			if next.Method == r.Method && next.Path == r.Path && next.Query == r.Query && string(next.Body) == string(r.Body) {
				if gap := next.At.Sub(r.At); gap < retryAfter {
					t.Errorf("%s %s answered %d was sent again after %v, sooner than Retry-After %v", r.Method, r.Path, r.Status, gap, retryAfter)
				}
				break
			}
		}
	}
	if throttled == 0 {
		t.Error("no request was throttled: the fault injection did not work")
	}
}

// Every third request is throttled: apply, update, refresh and destroy of
// several peers all succeed, waiting as long as Retry-After asks.
func TestAccVifPeerResource_throttled(t *testing.T) {
	m := newTestMock(t)
	vifIDs := seedInterfaces(m, 3)
	for _, id := range vifIDs {
		if _, err := m.SeedPeer(id, "ipv6", "fd00:99::1/64", "fd00:99::2/64"); err != nil {
			t.Fatal(err)
		}
	}
	m.InjectFault(mockserver.Fault{Statuses: []int{http.StatusTooManyRequests, http.StatusServiceUnavailable}, RetryAfter: 1, Every: 3})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkAllPeersDestroyed,
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + testAccPeersOnInterfaces(vifIDs, 3, "throttled"), Check: m.checkPeersExist(3)},
			{
				Config: m.providerConfig() + testAccPeersOnInterfaces(vifIDs, 3, "renamed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("dcaas_vif_peer.test[0]", plancheck.ResourceActionUpdate)},
				},
				Check: m.checkPeersExist(3),
			},
			{RefreshState: true},
		},
	})
	m.checkRetryAfterHonoured(t, time.Second, 400)
}

// Server errors on reads, updates and deletes are retried; a create that
// got one is sent again only after the interface was read and shown to hold
// no such peer.
func TestAccVifPeerResource_serverErrors(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.InjectFault(mockserver.Fault{Status: http.StatusInternalServerError, Every: 3, Methods: []string{"GET"}})
	m.InjectFault(mockserver.Fault{Status: http.StatusBadGateway, Every: 1, Limit: 1, Methods: []string{"PUT"}})
	m.InjectFault(mockserver.Fault{Status: http.StatusGatewayTimeout, Every: 1, Limit: 1, Methods: []string{"DELETE"}})
	m.InjectFault(mockserver.Fault{Status: http.StatusBadGateway, Every: 1, Limit: 1, Methods: []string{"POST"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
				Check: resource.ComposeTestCheckFunc(
					m.checkVifPeerExists(testResourceName),
					m.checkCreateNotBlindlyRetried,
				),
			},
			{
				Config: m.providerConfig() + testAccVifPeerResourceConfig_full(testVifID, "renamed", "", `["8.8.8.0/30"]`, "5.5.5.1/30", "5.5.5.2/30"),
				Check:  m.checkVifPeerExists(testResourceName),
			},
		},
	})
	for _, method := range []string{http.MethodPut, http.MethodDelete} {
		if n := m.CountRequests(method, "/vif-peers/"); n != 2 {
			t.Errorf("%d %s requests, want 2: one failed, one retried", n, method)
		}
	}
}

// checkCreateNotBlindlyRetried checks that the API got two creates, the
// first answered 502, and a read of the interface between them.
func (m *testMock) checkCreateNotBlindlyRetried(*terraform.State) error {
	var seq []string
	for _, r := range m.Requests() {
		switch {
		case r.Method == http.MethodPost:
			seq = append(seq, fmt.Sprintf("POST %d", r.Status))
		case r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/virtual-interfaces/"+testVifID) && r.Status == http.StatusOK && len(seq) == 1:
			seq = append(seq, "GET interface")
		}
	}
	if got := strings.Join(seq, ", "); got != "POST 502, GET interface, POST 201" {
		return fmt.Errorf("create sequence %q, want a read of the interface between the failed create and the next", got)
	}
	if n := len(m.Peers()); n != 2 {
		return fmt.Errorf("%d peers in the API, want 2 (the seeded one and one created)", n)
	}
	return nil
}

// The API creates the peer but the answer is lost: the provider finds the
// peer on the interface, adopts it and sends no second create.
func TestAccVifPeerResource_lostCreateResponse(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.CutCreateResponses(1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
			Check: resource.ComposeTestCheckFunc(
				m.checkVifPeerExists(testResourceName),
				func(*terraform.State) error {
					if n := m.CountRequests(http.MethodPost, "/vif-peers"); n != 1 {
						return fmt.Errorf("%d creates sent, want 1", n)
					}
					if n := len(m.Peers()); n != 2 {
						return fmt.Errorf("%d peers in the API, want 2 (the seeded one and the adopted one)", n)
					}
					return nil
				},
			),
		}},
	})
}

// A lost answer, and the peer found on the interface is not this one: the
// apply fails and names the peer that holds the address family.
func TestAccVifPeerResource_addressFamilyTakenByAnother(t *testing.T) {
	m := newTestMock(t)
	existingID, err := m.SeedPeer(testVifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
			ExpectError: matchWrapped(`Error creating VIF peer.*already has an ipv4 peer, ` + existingID + ` \(name "default-ipv4".*DC.1301.*terraform import`),
		}},
	})
	if n := len(m.Peers()); n != 1 {
		t.Errorf("%d peers in the API, want only the existing one", n)
	}
}

// The peer is deleted outside Terraform after the plan's refresh and before
// the apply: the update fails clearly, the next plan re-creates it, and
// destroy succeeds.
func TestAccVifPeerResource_deletedBetweenRefreshAndApply(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	var once sync.Once
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             m.checkVifPeerDestroy,
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID)},
			{
				PreConfig: func() {
					m.SetAfterRequest(func(r mockserver.Request) {
						if r.Method == http.MethodGet && r.Status == http.StatusOK {
							once.Do(func() { m.deleteAllButSeeded(t) })
						}
					})
				},
				Config:      m.providerConfig() + testAccVifPeerResourceConfig_full(testVifID, "renamed", "", `["8.8.8.0/30"]`, "5.5.5.1/30", "5.5.5.2/30"),
				ExpectError: matchWrapped(`VIF peer deleted outside Terraform.*no longer exists.*next plan will show it to be created again`),
			},
			{
				PreConfig: func() { m.SetAfterRequest(nil) },
				Config:    m.providerConfig() + testAccVifPeerResourceConfig_full(testVifID, "renamed", "", `["8.8.8.0/30"]`, "5.5.5.1/30", "5.5.5.2/30"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionCreate)},
				},
				Check: m.checkVifPeerExists(testResourceName),
			},
			{
				// Gone again before destroy, which does not refresh: the
				// delete finds nothing and succeeds.
				PreConfig: func() { m.deleteAllButSeeded(t) },
				Config:    m.providerConfig() + testAccVifPeerResourceConfig_full(testVifID, "renamed", "", `["8.8.8.0/30"]`, "5.5.5.1/30", "5.5.5.2/30"),
				Destroy:   true,
			},
		},
	})
}

// The whole virtual interface is deleted behind Terraform's back: the peer
// leaves the state on refresh, the plan re-creates it, destroy succeeds.
func TestAccVifPeerResource_interfaceDisappears(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + testAccVifPeerResourceConfig_basic(testVifID),
			Check: func(*terraform.State) error {
				return m.DeleteInterface(testVifID)
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionCreate)},
			},
			ExpectNonEmptyPlan: true,
		}},
	})
}

// Twenty peers on ten interfaces, created with Terraform's default
// parallelism of ten while a tenth of all requests fail: each peer is
// created exactly once, and destroy leaves only what the last-peer rule
// keeps, one peer per interface.
func TestAccVifPeerResource_parallelUnderFaults(t *testing.T) {
	m := newTestMock(t)
	vifIDs := seedInterfaces(m, 10)
	m.InjectFault(mockserver.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1, Rate: 0.03, Seed: 1})
	m.InjectFault(mockserver.Fault{Status: http.StatusServiceUnavailable, RetryAfter: 1, Rate: 0.03, Seed: 2})
	m.InjectFault(mockserver.Fault{Status: http.StatusInternalServerError, Rate: 0.02, Seed: 3})
	m.InjectFault(mockserver.Fault{Status: http.StatusBadGateway, Rate: 0.02, Seed: 4})
	m.CutCreateResponses(2)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			peers := m.Peers()
			perVif := map[string]int{}
			for _, p := range peers {
				perVif[p.VifID]++
			}
			if len(peers) != len(vifIDs) || len(perVif) != len(vifIDs) {
				return fmt.Errorf("after destroy the API holds %d peers on %d interfaces, want one on each of %d", len(peers), len(perVif), len(vifIDs))
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + testAccPeersOnInterfaces(vifIDs, 20, "parallel"),
			Check: resource.ComposeTestCheckFunc(
				m.checkPeersExist(20),
				func(*terraform.State) error {
					created := 0
					for _, r := range m.Requests() {
						if r.Method == http.MethodPost && (r.Status == http.StatusCreated || r.Status == 0) {
							created++
						}
					}
					if created != 20 {
						return fmt.Errorf("the API made %d peers, want exactly 20", created)
					}
					return nil
				},
			),
		}},
	})
}

// checkPeersExist checks that the API holds exactly n peers made by this
// configuration, each the one its resource's state names.
func (m *testMock) checkPeersExist(n int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		checks := make([]resource.TestCheckFunc, 0, n)
		for i := range n {
			checks = append(checks, m.checkVifPeerExists(fmt.Sprintf("dcaas_vif_peer.test.%d", i)))
		}
		if err := resource.ComposeAggregateTestCheckFunc(checks...)(s); err != nil {
			return err
		}
		made := 0
		for _, p := range m.Peers() {
			if !strings.HasPrefix(p.Name, "default-") {
				made++
			}
		}
		if made != n {
			return fmt.Errorf("the API holds %d peers made by Terraform, want %d", made, n)
		}
		return nil
	}
}

// checkAllPeersDestroyed checks that only the seeded peers are left.
func (m *testMock) checkAllPeersDestroyed(*terraform.State) error {
	for _, p := range m.Peers() {
		if !strings.HasPrefix(p.Name, "default-") {
			return fmt.Errorf("peer %s (%s) still exists", p.ID, p.Name)
		}
	}
	return nil
}

// deleteAllButSeeded deletes, as if outside Terraform, every peer that
// Terraform made.
func (m *testMock) deleteAllButSeeded(t *testing.T) {
	for _, p := range m.Peers() {
		if !strings.HasPrefix(p.Name, "default-") {
			if err := m.DeletePeer(p.ID); err != nil {
				t.Error(err)
			}
		}
	}
}
