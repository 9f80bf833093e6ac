package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"
)

// testAccPeersOnInterfaces renders count peers spread over the given
// interfaces: the first len(vifIDs) are IPv4, the next IPv6, one of each per
// interface.
func testAccPeersOnInterfaces(vifIDs []string, count int, name string) string {
	quoted := make([]string, len(vifIDs))
	for i, id := range vifIDs {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	first := "count.index < length(local.vif_ids)"
	return fmt.Sprintf("\nlocals {\n  vif_ids = [%s]\n}\n", strings.Join(quoted, ", ")) + peerBlock("test", hclArgs{
		"count":             fmt.Sprint(count),
		"vif_id":            "local.vif_ids[count.index % length(local.vif_ids)]",
		"name":              fmt.Sprintf(`"%s-${count.index}"`, name),
		"address_family":    first + ` ? "ipv4" : "ipv6"`,
		"local_gateway_ip":  first + ` ? "10.${count.index}.0.1/30" : "fd00:${count.index}::1/64"`,
		"remote_gateway_ip": first + ` ? "10.${count.index}.0.2/30" : "fd00:${count.index}::2/64"`,
		"remote_ep_group":   first + ` ? ["172.16.${count.index}.0/24"] : ["fd10:${count.index}::/64"]`,
	})
}

// Every third request is throttled: apply, update, refresh and destroy of
// several peers all succeed, waiting as long as Retry-After asks.
func TestAccVifPeerResource_throttled(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	vifIDs := seedInterfaces(m, 3)
	for _, id := range vifIDs {
		if _, err := m.SeedPeer(id, "ipv6", "fd00:99::1/64", "fd00:99::2/64"); err != nil {
			t.Fatal(err)
		}
	}
	m.InjectFault(mockserver.Fault{Statuses: []int{http.StatusTooManyRequests, http.StatusServiceUnavailable}, RetryAfter: 1, Every: 3})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: dcaastest.CheckDestroy(m,
			dcaastest.ExpectPeerCount(m, 0).Where("peers made by Terraform", madeByTerraform),
			dcaastest.ExpectRetryAfterHonoured(m, time.Second, 400),
		),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + testAccPeersOnInterfaces(vifIDs, 3, "throttled"),
				ConfigStateChecks: m.expectPeersExist(3),
			},
			{
				Config: m.providerConfig() + testAccPeersOnInterfaces(vifIDs, 3, "renamed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("dcaas_vif_peer.test[0]", plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: m.expectPeersExist(3),
			},
			{RefreshState: true},
		},
	})
}

// Steady throttling: a fifth of all requests, creates and renames among
// them, are answered 429 or 503 with Retry-After: 1, at Terraform's default
// parallelism. With max_retries = 0, which bounds only other retries, 150
// peers are created, renamed in place and destroyed without a failure: each
// throttled request is sent again after Retry-After, until it goes through.
func TestAccVifPeerResource_steadyThrottling(t *testing.T) {
	t.Parallel()
	const peers = 150
	m := newTestMock(t)
	vifIDs := seedInterfaces(m, peers)
	// The seeded peers keep each interface from losing its last one.
	for _, id := range vifIDs {
		if _, err := m.SeedPeer(id, "ipv6", "fd00:99::1/64", "fd00:99::2/64"); err != nil {
			t.Fatal(err)
		}
	}
	m.InjectFault(mockserver.Fault{Statuses: []int{http.StatusTooManyRequests, http.StatusServiceUnavailable}, RetryAfter: 1, Rate: 0.2, Seed: 7})
	config := func(name string) string {
		return providerBlock(tokenArgs(m.URL).with(hclArgs{"max_retries": "0"})) + testAccPeersOnInterfaces(vifIDs, peers, name)
	}
	renamedInPlace := make([]plancheck.PlanCheck, peers)
	for i := range renamedInPlace {
		renamedInPlace[i] = plancheck.ExpectResourceAction(fmt.Sprintf("dcaas_vif_peer.test[%d]", i), plancheck.ResourceActionUpdate)
	}
	throttled := []int{http.StatusTooManyRequests, http.StatusServiceUnavailable}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: dcaastest.CheckDestroy(m,
			dcaastest.ExpectPeerCount(m, 0).Where("peers made by Terraform", madeByTerraform),
			dcaastest.ExpectRequestsAtLeast(m, dcaastest.Request(http.MethodDelete, "/vif-peers/").Answered(throttled...), 1),
			dcaastest.ExpectRetryAfterHonoured(m, time.Second, 20*peers),
		),
		Steps: []resource.TestStep{
			{
				Config: config("throttled"),
				ConfigStateChecks: append(m.expectPeersExist(peers),
					dcaastest.ExpectRequestsAtLeast(m, dcaastest.Request(http.MethodPost, "/vif-peers").Answered(throttled...), 1),
					// Every create went through once: a throttled one changed nothing.
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers").Answered(http.StatusCreated), peers),
				),
			},
			{
				Config:           config("renamed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: renamedInPlace},
				ConfigStateChecks: append(m.expectPeersExist(peers),
					dcaastest.ExpectRequestsAtLeast(m, dcaastest.Request(http.MethodPut, "/vif-peers/").Answered(throttled...), 1),
					dcaastest.ExpectPeerCount(m, peers).Where("peers named renamed-*", func(p mockserver.Peer) bool { return strings.HasPrefix(p.Name, "renamed-") }),
				),
			},
		},
	})
}

// Server errors on reads, updates and deletes are retried; a create that
// got one is sent again only after the interface was read and shown to hold
// no such peer.
func TestAccVifPeerResource_serverErrors(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.InjectFault(mockserver.Fault{Status: http.StatusInternalServerError, Every: 3, Methods: []string{"GET"}})
	m.InjectFault(mockserver.Fault{Status: http.StatusBadGateway, Every: 1, Limit: 1, Methods: []string{"PUT"}})
	m.InjectFault(mockserver.Fault{Status: http.StatusGatewayTimeout, Every: 1, Limit: 1, Methods: []string{"DELETE"}})
	m.InjectFault(mockserver.Fault{Status: http.StatusBadGateway, Every: 1, Limit: 1, Methods: []string{"POST"}})
	creates := dcaastest.Request(http.MethodPost, "/vif-peers")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// One delete failed, one retried.
		CheckDestroy: dcaastest.CheckDestroy(m, dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodDelete, "/vif-peers/"), 2)),
		Steps: []resource.TestStep{
			{
				Config: m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
					// Two creates, the first answered 502, and a read of the
					// interface between them.
					dcaastest.ExpectRequestCount(m, creates, 2),
					dcaastest.ExpectRequestOrder(m,
						creates.Answered(http.StatusBadGateway),
						dcaastest.Request(http.MethodGet, "/virtual-interfaces/"+testVifID).Answered(http.StatusOK),
						creates.Answered(http.StatusCreated),
					),
					// The seeded peer and the one created.
					dcaastest.ExpectPeerCount(m, 2),
				},
			},
			{
				Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `""`})),
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
					// One update failed, one retried.
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPut, "/vif-peers/"), 2),
				},
			},
		},
	})
}

// uuidPattern matches a peer id in an error.
const uuidPattern = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`

// lostAnswerError is the error of a create whose answer was lost after
// which the interface held a peer with every value the basic configuration
// sends: it names the peer and both ways to import it.
func lostAnswerError() *regexp.Regexp {
	return expectDiagnostic("VIF peer create's answer lost: the peer found is not taken over",
		"ipv4", `"vif-peer-test"`, testVifID, "every value the create sent", `"vif-peer-test"`, "not in state",
		"terraform import <address> "+testVifID+"/", `import { to = <address> id = "`+testVifID+"/")
}

// lostAnswerThenImport are the steps of a create whose answer was lost:
// the apply fails naming the peer found, which is not in state (the import
// would fail if it were), and the import by importID brings it in.
func lostAnswerThenImport(config string, importID resource.ImportStateIdFunc) []resource.TestStep {
	return []resource.TestStep{
		{Config: config, ExpectError: lostAnswerError()},
		{
			ResourceName:       testResourceName,
			ImportState:        true,
			ImportStatePersist: true,
			ImportStateIdFunc:  importID,
		},
	}
}

// The API creates the peer but the answer is lost: the peer found on the
// interface holds every value sent, but another client could have made it
// just so, and it does not go into state. The apply fails naming it;
// importing it as the error says gives an empty plan. No second create is
// sent.
func TestAccVifPeerResource_lostCreateResponse(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.CutCreateResponses(1)
	config := m.providerConfig() + peerBlock("test", examplePeer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: append(lostAnswerThenImport(config, m.importIDOfPeerNamed("vif-peer-test")),
			resource.TestStep{
				// Settled, so that the refresh and the check below see one status.
				PreConfig: func() { m.finishPending(t) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
					dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
					// The seeded one and the one created.
					dcaastest.ExpectPeerCount(m, 2),
				},
			},
		),
	})
}

// The create is read and its connection cut before anything is made, and
// in that moment another client (a second pipeline of the same
// configuration) creates an identical peer. The provider cannot tell it
// from one of its own making, so it does not take it over: the apply fails
// naming that peer as probably, not certainly, its own.
func TestAccVifPeerResource_lostCreateTwinNotAdopted(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	var twinID string
	m.CutCreateUnmade(func() { twinID = m.createAsAnotherClient(t, "vif-peer-test") })
	creates := dcaastest.Request(http.MethodPost, "/vif-peers")
	config := m.providerConfig() + peerBlock("test", examplePeer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: append(lostAnswerThenImport(config, func(*terraform.State) (string, error) { return testVifID + "/" + twinID, nil }),
			resource.TestStep{
				// Settled: a peer still PENDING_CREATE is planned as the
				// wait that finishes it.
				PreConfig: func() { m.finishPending(t) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("id"), knownvalue.StringFunc(func(id string) error {
						if id != twinID {
							return fmt.Errorf("state holds %s, want the other client's peer %s", id, twinID)
						}
						return nil
					})),
					// This provider's create, cut, and the other client's.
					dcaastest.ExpectRequestCount(m, creates.Answered(0), 1),
					dcaastest.ExpectRequestCount(m, creates.Answered(http.StatusCreated), 1),
					dcaastest.ExpectPeerCount(m, 2),
				},
			},
		),
	})
}

// The create's connection is cut before anything is made: the interface
// then holds no such peer, which proves the create did nothing, so it is
// sent again, and the apply succeeds.
func TestAccVifPeerResource_lostCreateNothingMadeIsSentAgain(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.CutCreateUnmade(nil)
	creates := dcaastest.Request(http.MethodPost, "/vif-peers")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + peerBlock("test", examplePeer()),
			ConfigStateChecks: []statecheck.StateCheck{
				dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
				dcaastest.ExpectRequestOrder(m,
					creates.Answered(0),
					dcaastest.Request(http.MethodGet, "/virtual-interfaces/"+testVifID).Answered(http.StatusOK),
					creates.Answered(http.StatusCreated),
				),
				dcaastest.ExpectRequestCount(m, creates, 2),
				dcaastest.ExpectPeerCount(m, 2),
			},
		}},
	})
}

// The create's connection is cut before anything is made, and meanwhile
// another client creates a peer of the family with another name: the apply
// fails naming it, and says that the create's answer was lost and that
// this peer is none of its making.
func TestAccVifPeerResource_lostCreateOtherPeerFound(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	var otherID string
	m.CutCreateUnmade(func() { otherID = m.createAsAnotherClient(t, "someone-else") })
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + peerBlock("test", examplePeer()),
			ExpectError: expectDiagnostic("Error creating VIF peer: its address family is taken",
				"ipv4", `"someone-else"`, "no answer", "not those sent", "terraform import <address> "+testVifID+"/"),
		}},
	})
	if peers := m.Peers(); len(peers) != 2 || !slices.ContainsFunc(peers, func(p mockserver.Peer) bool { return p.ID == otherID }) {
		t.Errorf("the API holds %+v, want the seeded peer and the other client's", peers)
	}
}

// The peer is deleted outside Terraform after the plan's refresh and before
// the apply: the update fails clearly, the next plan re-creates it, and
// destroy succeeds.
func TestAccVifPeerResource_deletedBetweenRefreshAndApply(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	var once sync.Once
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + peerBlock("test", examplePeer())},
			{
				PreConfig: func() {
					m.SetAfterRequest(func(r mockserver.Request) {
						if r.Method == http.MethodGet && r.Status == http.StatusOK {
							once.Do(func() { m.deleteAllButSeeded(t) })
						}
					})
				},
				Config:      m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `""`})),
				ExpectError: expectDiagnostic("VIF peer deleted outside Terraform", "no longer exists", "created again"),
			},
			{
				PreConfig: func() { m.SetAfterRequest(nil) },
				Config:    m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `""`})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
			},
			{
				// Gone again before destroy, which does not refresh: the
				// delete finds nothing and succeeds.
				PreConfig: func() { m.deleteAllButSeeded(t) },
				Config:    m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"name": `"renamed"`, "description": `""`})),
				Destroy:   true,
			},
		},
	})
}

// The whole virtual interface is deleted behind Terraform's back: the peer
// leaves the state on refresh, and the plan to create it again fails on
// vif_id, as the API reports the interface missing. Taking the peer out of
// the configuration ends it.
func TestAccVifPeerResource_interfaceDisappears(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + peerBlock("test", examplePeer())},
			{
				PreConfig:   func() { _ = m.DeleteInterface(testVifID) },
				Config:      m.providerConfig() + peerBlock("test", examplePeer()),
				ExpectError: expectDiagnostic("Virtual interface not found", `vif_id = "`+testVifID+`"`),
			},
			{
				Config: m.providerConfig(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// Twenty peers on ten interfaces, created with Terraform's default
// parallelism of ten while a tenth of all requests fail and two creates
// are cut unmade: each peer is created exactly once, and destroy leaves only what the last-peer rule
// keeps, one peer per interface.
func TestAccVifPeerResource_parallelUnderFaults(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	vifIDs := seedInterfaces(m, 10)
	m.InjectFault(mockserver.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1, Rate: 0.03, Seed: 1})
	m.InjectFault(mockserver.Fault{Status: http.StatusServiceUnavailable, RetryAfter: 1, Rate: 0.03, Seed: 2})
	m.InjectFault(mockserver.Fault{Status: http.StatusInternalServerError, Rate: 0.02, Seed: 3})
	m.InjectFault(mockserver.Fault{Status: http.StatusBadGateway, Rate: 0.02, Seed: 4})
	m.CutCreateUnmade(nil)
	m.CutCreateUnmade(nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.AfterDestroy(onePeerOnEach(m, vifIDs)...),
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + testAccPeersOnInterfaces(vifIDs, 20, "parallel"),
			ConfigStateChecks: append(m.expectPeersExist(20),
				// The creates the API made; two more were cut unmade.
				dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers").Answered(http.StatusCreated), 20),
				dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers").Answered(0), 2),
			),
		}},
	})
}

// madeByTerraform tells the peers a test made from those the mock was
// seeded with, which are named default-<family>.
func madeByTerraform(p mockserver.Peer) bool {
	return !strings.HasPrefix(p.Name, "default-")
}

// The words of a lost create's error, followed to the letter with the real
// CLI: its import block, with this resource's address, imports the peer
// found, and the plan after that is empty.
func TestAccVifPeerResource_lostCreateImportBlockCLI(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.CutCreateResponses(1)
	w := newPeerCLIWorkspace(t, m.providerConfig()+peerBlock("test", examplePeer()))
	code, out := w.run("apply", "-auto-approve")
	block := regexp.MustCompile(`(?m)^\s*import \{\n\s*to = <address>\n\s*id = "[^"]+"\n\s*\}`).FindString(out)
	if code == 0 || block == "" {
		t.Fatalf("the apply (exit %d) gives no import block:\n%s", code, out)
	}
	if w.stateResource(testResourceName) != nil {
		t.Fatal("the peer found went into state")
	}
	w.writeFile("import.tf", strings.Replace(block, "<address>", testResourceName, 1)+"\n")
	m.finishPending(t)
	if out := w.mustRun("apply", "-auto-approve"); !strings.Contains(out, "1 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply of the import block did not import the peer alone:\n%s", out)
	}
	w.expectNoChanges()
	peer := w.stateResource(testResourceName)
	if made := slices.IndexFunc(m.Peers(), madeByTerraform); peer == nil || made < 0 || peer.AttributeValues["id"] != m.Peers()[made].ID {
		t.Errorf("state holds %+v, want the peer the lost create made", peer)
	}
	if n := m.CountRequests(http.MethodPost, "/vif-peers"); n != 1 {
		t.Errorf("%d creates sent, want 1", n)
	}
}

// The create is throttled once, then its answer is lost: the error says
// plainly that one create was sent, that the attempt before it was turned
// away unacted, and what the provider concluded, without the retry
// layer's "gave up", which read as if the provider had given up the peer.
func TestAccVifPeerResource_lostCreateAfterThrottlingCLI(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.InjectFault(mockserver.Fault{Status: http.StatusServiceUnavailable, Methods: []string{http.MethodPost}, PathContains: "/vif-peers", Every: 1, Limit: 1})
	m.CutCreateResponses(1)
	w := newPeerCLIWorkspace(t, m.providerConfig()+peerBlock("test", examplePeer()))
	code, out := w.run("apply", "-auto-approve")
	if code == 0 {
		t.Fatal("the apply succeeded")
	}
	if want := expectDiagnostic("Error: VIF peer create's answer lost: the peer found is not taken over",
		"ipv4", `"vif-peer-test"`, testVifID, "2 attempts", "every value the create sent"); !want.MatchString(out) {
		t.Errorf("the error does not match %s", want)
	}
	if strings.Contains(out, "gave up") {
		t.Error(`the error says "gave up"`)
	}
	if n := m.CountRequests(http.MethodPost, "/vif-peers"); n != 2 {
		t.Errorf("%d creates reached the API, want the throttled one and the one whose answer was lost", n)
	}
}

// newLostCreatesWorkspace is a workspace of three peers, edge["a"] to
// edge["c"], each on an interface of its own beside an IPv6 peer, whose
// creates will lose their answers.
func newLostCreatesWorkspace(t *testing.T) (*testMock, *cliWorkspace) {
	t.Helper()
	m := newTestMock(t)
	vifIDs := seedInterfaces(m, 3)
	for _, id := range vifIDs {
		if _, err := m.SeedPeer(id, "ipv6", "fd00:99::1/64", "fd00:99::2/64"); err != nil {
			t.Fatal(err)
		}
	}
	m.CutCreateResponses(3)
	w := newPeerCLIWorkspace(t, m.providerConfig()+peerBlock("edge", hclArgs{
		"for_each": fmt.Sprintf("{ a = %q, b = %q, c = %q }", vifIDs[0], vifIDs[1], vifIDs[2]), "vif_id": "each.value",
		"name": `"edge-${each.key}"`, "address_family": `"ipv4"`, "local_gateway_ip": `"10.0.0.1/30"`, "remote_gateway_ip": `"10.0.0.2/30"`,
	}))
	return m, w
}

// Three creates of a for_each lose their answers in one apply. Each error
// names its instance's peer; one import block with for_each, keyed like
// the resource, as the errors say, brings all three in, and the plan after
// that is empty.
func TestAccVifPeerResource_lostCreatesImportForEachCLI(t *testing.T) {
	t.Parallel()
	m, w := newLostCreatesWorkspace(t)
	if w.cli.Product == tfcli.Terraform && !terraformFrom(w.cli, 1, 7) {
		t.Skipf("%s has no for_each in import blocks (Terraform 1.7)", w.cli)
	}
	code, out := w.run("apply", "-auto-approve")
	if code == 0 {
		t.Fatal("the apply succeeded")
	}
	// Each error, from its summary to the next, with its instance's key and
	// the id it gives.
	errorsOut := strings.Split(out, "Error: ")[1:]
	ids := map[string]string{}
	instance := regexp.MustCompile(`with dcaas_vif_peer\.edge\["(\w)"\]`)
	importID := regexp.MustCompile(`id = "(` + uuidPattern + `/` + uuidPattern + `)"`)
	for _, e := range errorsOut {
		key, id := instance.FindStringSubmatch(e), importID.FindStringSubmatch(e)
		if key == nil || id == nil || !strings.HasPrefix(e, "VIF peer create's answer lost") {
			t.Fatalf("an error without its instance or import id:\n%s", e)
		}
		if !expectDiagnostic("VIF peer create's answer lost", "one import block with for_each", "for_each = {").MatchString(e) {
			t.Errorf("the error of %s does not say how to import several peers at once", key[1])
		}
		ids[key[1]] = id[1]
	}
	if len(ids) != 3 {
		t.Fatalf("the errors name %d instances, want a, b and c:\n%s", len(ids), out)
	}
	w.writeFile("import.tf", fmt.Sprintf(`
import {
  for_each = {
    a = %q
    b = %q
    c = %q
  }
  to = dcaas_vif_peer.edge[each.key]
  id = each.value
}
`, ids["a"], ids["b"], ids["c"]))
	m.finishPending(t)
	if out := w.mustRun("apply", "-auto-approve"); !strings.Contains(out, "3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply of the import block did not import the three peers alone:\n%s", out)
	}
	w.expectNoChanges()
	for key, id := range ids {
		peer := w.stateResource(`dcaas_vif_peer.edge["` + key + `"]`)
		if peer == nil || peer.AttributeValues["vif_id"].(string)+"/"+peer.AttributeValues["id"].(string) != id {
			t.Errorf("state holds %+v for %s, want %s", peer, key, id)
		}
	}
	if n := m.CountRequests(http.MethodPost, "/vif-peers"); n != 3 {
		t.Errorf("%d creates sent, want 3", n)
	}
}
