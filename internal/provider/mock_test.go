package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

const (
	testProjectID = "4bd6efdb0fb747b39aa2c0162c112226"
	testToken     = "test-token-5f1c2a9e"
	// The IAM user every test mock knows.
	testUsername = "ci-bot"
	testPassword = "pw-c81d0e6b"
	testDomain   = "corp-domain"
	// The access key every test mock knows.
	testAccessKey = "HST3WK0PN7XJ2EXAMPLE"
	testSecretKey = "sk-q8Zr2v6Lw0Ue4TyhS1bN9mKc"
	// The interface id of the vendor's examples.
	testVifID = "86f9556a-fa68-42b7-93c2-dd407408430b"
	// Short enough for quick tests, long enough that waits really wait.
	testPendingDelay = 300 * time.Millisecond
)

// testMock is one in-process mock API for one test.
type testMock struct {
	*mockserver.Server
	URL string
}

// newTestMock starts a mock API with the vendor's example interface, closed
// when the test ends.
func newTestMock(t *testing.T) *testMock {
	t.Helper()
	server := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken, PendingDelay: testPendingDelay,
		Users: []mockserver.User{{Name: testUsername, Password: testPassword, Domain: testDomain}}})
	server.SeedInterface(testVifID, "example-vif")
	server.AddAccessKey(testAccessKey, testSecretKey, testProjectID)
	httpServer := httptest.NewServer(server)
	t.Cleanup(httpServer.Close)
	return &testMock{Server: server, URL: httpServer.URL}
}

// apiPost sends a create to the mock's API, as the console or another tool
// would, and decodes the answer into out.
func (m *testMock) apiPost(t *testing.T, resource string, body, out any) {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost,
		m.URL+"/v3/"+testProjectID+"/dcaas/"+resource, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Auth-Token", testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s: HTTP %d, %v", resource, resp.StatusCode, err)
	}
}

// createInterface makes a virtual interface through the mock's API, with
// the IPv4 peer the service creates with each interface, and returns the
// ids of both.
func (m *testMock) createInterface(t *testing.T, name, localGatewayIP, remoteGatewayIP string) (vifID, peerID string) {
	t.Helper()
	var out struct {
		VirtualInterface struct {
			ID       string `json:"id"`
			VifPeers []struct {
				ID string `json:"id"`
			} `json:"vif_peers"`
		} `json:"virtual_interface"`
	}
	m.apiPost(t, "virtual-interfaces", map[string]any{"virtual_interface": map[string]any{
		"name": name,
		"ipv4_peer": map[string]any{
			"local_gateway_ip": localGatewayIP, "remote_gateway_ip": remoteGatewayIP,
			"remote_ep_group": []string{"10.1.0.0/16", "10.2.0.0/16"},
		},
	}}, &out)
	if len(out.VirtualInterface.VifPeers) != 1 {
		t.Fatalf("the new interface has peers %+v, want its IPv4 peer", out.VirtualInterface.VifPeers)
	}
	return out.VirtualInterface.ID, out.VirtualInterface.VifPeers[0].ID
}

// createConsolePeer makes a BGP peer through the mock's API, as a team
// using the console would, and waits until it is ACTIVE.
func (m *testMock) createConsolePeer(t *testing.T, vifID, family, name, localGatewayIP, remoteGatewayIP string) string {
	t.Helper()
	var out struct {
		VifPeer struct {
			ID string `json:"id"`
		} `json:"vif_peer"`
	}
	m.apiPost(t, "vif-peers", map[string]any{"vif_peer": map[string]any{
		"name": name, "description": "made in the console", "address_family": family, "vif_id": vifID,
		"local_gateway_ip": localGatewayIP, "remote_gateway_ip": remoteGatewayIP,
		"route_mode": "bgp", "bgp_asn": 4200000000, "bgp_md5": "console-md5-key", "remote_ep_group": []string{},
	}}, &out)
	m.finishPending(t)
	return out.VifPeer.ID
}

// expectPeerAsInAPI checks every attribute of a peer, at the paths that at
// gives, against the peer as the mock holds it.
func (m *testMock) expectPeerAsInAPI(t *testing.T, address string, at func(attr string) tfjsonpath.Path, peerID string) []statecheck.StateCheck {
	t.Helper()
	p, ok := m.Peer(peerID)
	if !ok {
		t.Fatalf("the mock has no peer %s", peerID)
	}
	remote := make([]knownvalue.Check, 0, len(p.RemoteEPGroup))
	for _, cidr := range p.RemoteEPGroup {
		remote = append(remote, knownvalue.StringExact(cidr))
	}
	var asn, bgpStatus, received knownvalue.Check = knownvalue.Null(), knownvalue.Null(), knownvalue.Int64Exact(-1)
	if p.RouteMode == "bgp" {
		asn = knownvalue.Int64Exact(int64(*p.BGPASN)) //nolint:gosec // the mock keeps ASNs of 32 bits
		bgpStatus, received = knownvalue.StringExact("Established"), knownvalue.Int64Exact(0)
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(address, at("address_family"), knownvalue.StringExact(p.AddressFamily)),
		statecheck.ExpectKnownValue(address, at("bgp_asn"), asn),
		statecheck.ExpectKnownValue(address, at("bgp_md5_set"), knownvalue.Bool(p.BGPMD5 != nil)),
		statecheck.ExpectKnownValue(address, at("bgp_route_limit"), knownvalue.Int64Exact(int64(p.BGPRouteLimit))),
		statecheck.ExpectKnownValue(address, at("bgp_status"), bgpStatus),
		statecheck.ExpectKnownValue(address, at("description"), knownvalue.StringExact(p.Description)),
		statecheck.ExpectKnownValue(address, at("device_id"), knownvalue.StringExact(p.DeviceID)),
		statecheck.ExpectKnownValue(address, at("enable_bfd"), knownvalue.Bool(false)),
		statecheck.ExpectKnownValue(address, at("enable_nqa"), knownvalue.Bool(false)),
		statecheck.ExpectKnownValue(address, at("id"), knownvalue.StringExact(p.ID)),
		statecheck.ExpectKnownValue(address, at("local_gateway_ip"), knownvalue.StringExact(p.LocalGatewayIP)),
		statecheck.ExpectKnownValue(address, at("name"), knownvalue.StringExact(p.Name)),
		statecheck.ExpectKnownValue(address, at("receive_route_num"), received),
		statecheck.ExpectKnownValue(address, at("remote_ep_group"), knownvalue.SetExact(remote)),
		statecheck.ExpectKnownValue(address, at("remote_gateway_ip"), knownvalue.StringExact(p.RemoteGatewayIP)),
		statecheck.ExpectKnownValue(address, at("route_mode"), knownvalue.StringExact(p.RouteMode)),
		statecheck.ExpectKnownValue(address, at("service_ep_group"), knownvalue.SetSizeExact(0)),
		statecheck.ExpectKnownValue(address, at("status"), knownvalue.StringExact(p.Status)),
		statecheck.ExpectKnownValue(address, at("tenant_id"), knownvalue.StringExact(testProjectID)),
		statecheck.ExpectKnownValue(address, at("vif_id"), knownvalue.StringExact(p.VifID)),
	}
}

// peerIDsWhere returns the ids of the mock's peers that keep holds, in the
// order the data source promises: by interface id, then family.
func (m *testMock) peerIDsWhere(keep func(mockserver.Peer) bool) []string {
	var ids []string
	for _, p := range m.Peers() {
		if keep(p) {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// keyedPeers makes a virtual interface with the IPv4 peer the service
// creates, without key, and an IPv6 BGP peer with a key made in the
// console, and returns their ids and that key as the API holds it.
func (m *testMock) keyedPeers(t *testing.T) (vifID, keylessID, keyedID, key string) {
	t.Helper()
	vifID, keylessID = m.createInterface(t, "branch-office", "169.254.10.1/30", "169.254.10.2/30")
	keyedID = m.createConsolePeer(t, vifID, "ipv6", "console-ipv6", "fd00:10::1/64", "fd00:10::2/64")
	keyed, _ := m.Peer(keyedID)
	keyless, _ := m.Peer(keylessID)
	if keyed.BGPMD5 == nil || *keyed.BGPMD5 == "" || keyless.BGPMD5 != nil {
		t.Fatalf("the console peer has key %v and the service's peer %v: the test set-up changed", keyed.BGPMD5, keyless.BGPMD5)
	}
	return vifID, keylessID, keyedID, *keyed.BGPMD5
}

// checkIAMTokensUsed checks that every DCaaS request carried a token that
// IAM issued, never the mock's static one, and that IAM was asked at least
// minIAM times.
func (m *testMock) checkIAMTokensUsed(minIAM int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		issued := m.IssuedTokens()
		for _, r := range m.Requests() {
			if r.Path == iamTokensPath {
				continue
			}
			if token := r.Header.Get("X-Auth-Token"); !slices.Contains(issued, token) {
				return fmt.Errorf("%s %s carried a token IAM did not issue", r.Method, r.Path)
			}
		}
		if n := m.CountRequests(http.MethodPost, iamTokensPath); n < minIAM {
			return fmt.Errorf("IAM received %d token requests, want at least %d", n, minIAM)
		}
		return nil
	}
}

// countCreated counts the creates the API has answered 201.
func (m *testMock) countCreated() int {
	n := 0
	for _, r := range m.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/vif-peers") && r.Status == http.StatusCreated {
			n++
		}
	}
	return n
}

func seedInterfaces(m *testMock, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = m.SeedInterface("", fmt.Sprintf("vif-%d", i))
	}
	return ids
}

// createAsAnotherClient creates, through the API, the peer of the basic
// configuration with this name, as another client would, and returns its
// id.
func (m *testMock) createAsAnotherClient(t *testing.T, name string) string {
	body := fmt.Sprintf(`{"vif_peer": {"vif_id": %q, "name": %q, "description": "", "address_family": "ipv4", "route_mode": "static",
"local_gateway_ip": "5.5.5.1/30", "remote_gateway_ip": "5.5.5.2/30", "remote_ep_group": ["8.8.8.0/30"]}}`, testVifID, name)
	req, err := http.NewRequest(http.MethodPost, m.URL+"/v3/"+testProjectID+"/dcaas/vif-peers", strings.NewReader(body))
	if err != nil {
		t.Errorf("the other client's create: %v", err)
		return ""
	}
	req.Header.Set("X-Auth-Token", testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("the other client's create failed: %v", err)
		return ""
	}
	defer resp.Body.Close()
	var out struct {
		VifPeer struct {
			ID string `json:"id"`
		} `json:"vif_peer"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated {
		t.Errorf("the other client's create got %d (%v)", resp.StatusCode, err)
	}
	return out.VifPeer.ID
}

// importIDOfPeerNamed is the import id of the one peer in the API with this
// name.
func (m *testMock) importIDOfPeerNamed(name string) resource.ImportStateIdFunc {
	return func(*terraform.State) (string, error) {
		for _, p := range m.Peers() {
			if p.Name == name {
				return p.VifID + "/" + p.ID, nil
			}
		}
		return "", fmt.Errorf("the API holds no peer named %q", name)
	}
}

// expectPeersExist checks that the API holds exactly n peers made by this
// configuration, each the one its resource's state names.
func (m *testMock) expectPeersExist(n int) []statecheck.StateCheck {
	checks := make([]statecheck.StateCheck, 0, n+1)
	for i := range n {
		checks = append(checks, dcaastest.ExpectPeerInAPI(m, fmt.Sprintf("dcaas_vif_peer.test[%d]", i), nil))
	}
	return append(checks, dcaastest.ExpectPeerCount(m, n).Where("peers made by Terraform", madeByTerraform))
}

// onePeerOnEach checks that the API holds one peer on each of the
// interfaces and no other.
func onePeerOnEach(m *testMock, vifIDs []string) []statecheck.StateCheck {
	checks := []statecheck.StateCheck{dcaastest.ExpectPeerCount(m, len(vifIDs))}
	for _, id := range vifIDs {
		checks = append(checks, dcaastest.ExpectPeerCount(m, 1).Where("peers on "+id, func(p mockserver.Peer) bool { return p.VifID == id }))
	}
	return checks
}

// deleteAllButSeeded deletes, as if outside Terraform, every peer that
// Terraform made.
func (m *testMock) deleteAllButSeeded(t *testing.T) {
	for _, p := range m.Peers() {
		if madeByTerraform(p) {
			if err := m.DeletePeer(p.ID); err != nil {
				t.Error(err)
			}
		}
	}
}

// expectPeerIdentity checks that the identity of the peer at address names
// its interface and the id in its state, and that the API holds that peer.
func expectPeerIdentity(m *testMock, address, vifID string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectIdentity(address, map[string]knownvalue.Check{
			"vif_id": knownvalue.StringExact(vifID),
			"id":     knownvalue.StringRegexp(dcaas.UUIDPattern),
		}),
		statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New("id")),
		statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New("vif_id")),
		dcaastest.ExpectPeerInAPI(m, address, nil),
	}
}

// onlyReads checks that the API has received nothing but reads.
func (m *testMock) onlyReads(*terraform.State) error {
	for _, r := range m.Requests() {
		if r.Method != http.MethodGet {
			return fmt.Errorf("the API received %s %s, want reads only", r.Method, r.Path)
		}
	}
	return nil
}

// expectPeerKey checks that the peer in state exists in the API with this
// MD5 key.
func (m *testMock) expectPeerKey(md5 string) statecheck.StateCheck {
	return dcaastest.ExpectPeerInAPI(m, testResourceName, map[string]knownvalue.Check{"bgp_md5": knownvalue.StringExact(md5)})
}

// seedOtherFamilyPeer gives the example interface a peer of the other
// family, so that deleting the peer under test is not blocked by the
// last-peer rule.
func (m *testMock) seedOtherFamilyPeer(t *testing.T, family string) {
	t.Helper()
	var err error
	if family == "ipv4" {
		_, err = m.SeedPeer(testVifID, "ipv6", "fd00:99::1/64", "fd00:99::2/64")
	} else {
		_, err = m.SeedPeer(testVifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	}
	if err != nil {
		t.Fatal(err)
	}
}

// expectTaintedPeer checks that a failed create left the peer's id in
// state, tainted, and that the API holds that peer, created once, in the
// given status.
func (m *testMock) expectTaintedPeer(name, status string) plancheck.PlanCheck {
	return dcaastest.OnPriorState(
		dcaastest.ExpectTainted(name),
		dcaastest.ExpectPeerInAPI(m, name, map[string]knownvalue.Check{"status": knownvalue.StringExact(status)}),
		// The seeded peer and the one created.
		dcaastest.ExpectPeerCount(m, 2),
	)
}

// forceStatusOfMadeByTerraform sets the status of every peer Terraform made,
// as the service would.
func (m *testMock) forceStatusOfMadeByTerraform(t *testing.T, status string) {
	t.Helper()
	for _, p := range m.Peers() {
		if madeByTerraform(p) {
			if err := m.ForceStatus(p.ID, status); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// finishPending ends every pending state now and makes later ones short.
func (m *testMock) finishPending(t *testing.T) {
	t.Helper()
	m.SetPendingDelay(testPendingDelay)
	for _, p := range m.Peers() {
		if strings.HasPrefix(p.Status, "PENDING_") {
			if err := m.ForceStatus(p.ID, "ACTIVE"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// renameOutOfBand renames a peer through the API, as someone else would,
// and waits until the update is done.
func renameOutOfBand(t *testing.T, m *testMock, peerID, name string) {
	t.Helper()
	client, err := dcaas.NewClient(dcaas.Config{Endpoint: m.URL, ProjectID: testProjectID, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.UpdateVifPeer(context.Background(), peerID, dcaas.UpdateVifPeerRequest{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if err := m.ForceStatus(peerID, dcaas.StatusActive); err != nil {
		t.Fatal(err)
	}
}

// expectNoCreateOrDeleteSince reports each create or delete the API
// received after its first sent requests, as sent by what.
func (m *testMock) expectNoCreateOrDeleteSince(t *testing.T, sent int, what string) {
	t.Helper()
	for _, r := range m.Requests()[sent:] {
		if r.Method == http.MethodPost || r.Method == http.MethodDelete {
			t.Errorf("%s sent %s %s", what, r.Method, r.Path)
		}
	}
}

// expectNoCreateSince reports each create the API received after its first
// sent requests, as sent by what.
func (m *testMock) expectNoCreateSince(t *testing.T, sent int, what string) {
	t.Helper()
	for _, r := range m.Requests()[sent:] {
		if r.Method == http.MethodPost {
			t.Errorf("%s sent %s %s", what, r.Method, r.Path)
		}
	}
}

// expectNothingReplaced checks that the API received one create, the first
// apply's, and no delete.
func (m *testMock) expectNothingReplaced() []statecheck.StateCheck {
	return []statecheck.StateCheck{
		dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1),
		dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodDelete, "/vif-peers"), 0),
	}
}
