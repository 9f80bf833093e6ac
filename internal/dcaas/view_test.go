package dcaas_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

const (
	viewProject = "4bd6efdb0fb747b39aa2c0162c112226"
	viewToken   = "view-token"
)

// seededMock returns a mock with n interfaces, each with one IPv4 peer,
// and their ids and the peers' ids.
func seededMock(t *testing.T, n int) (m *mockserver.Server, vifIDs, peerIDs []string) {
	t.Helper()
	m = mockserver.New(mockserver.Options{ProjectID: viewProject, Token: viewToken})
	for range n {
		vifID := m.SeedInterface("", "v")
		peerID, err := m.SeedPeer(vifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
		if err != nil {
			t.Fatal(err)
		}
		vifIDs, peerIDs = append(vifIDs, vifID), append(peerIDs, peerID)
	}
	return m, vifIDs, peerIDs
}

func newViewClient(t *testing.T, h http.Handler) *dcaas.Client {
	t.Helper()
	return newViewClientWithClock(t, h, time.Now)
}

func newViewClientWithClock(t *testing.T, h http.Handler, now func() time.Time) *dcaas.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := dcaas.NewClientWithViewClock(dcaas.Config{Endpoint: srv.URL, ProjectID: viewProject, Token: viewToken}, now)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testClock is the view's clock in tests that move time on: each reading
// moves it a microsecond, so that what happens in turn is told apart, and
// Advance moves it further.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock { return &testClock{now: time.Now()} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Microsecond)
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// ofThisRefresh reads peers as a refresh does.
func ofThisRefresh(c *dcaas.Client) func(ctx context.Context, vifID, peerID string) (*dcaas.VifPeer, error) {
	return func(ctx context.Context, vifID, peerID string) (*dcaas.VifPeer, error) {
		return c.VifPeer(ctx, vifID, peerID, dcaas.OfThisRefresh)
	}
}

// listCalls returns the list requests the mock received.
func listCalls(m *mockserver.Server) []mockserver.Request {
	var out []mockserver.Request
	for _, r := range m.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/virtual-interfaces") {
			out = append(out, r)
		}
	}
	return out
}

func interfaceGets(m *mockserver.Server) int {
	return m.CountRequests(http.MethodGet, "/virtual-interfaces/")
}

// readAll reads peers i of vifIDs/peerIDs concurrently, failing the test on
// any error, and returns what it read.
func readAll(t *testing.T, find func(ctx context.Context, vifID, peerID string) (*dcaas.VifPeer, error), vifIDs, peerIDs []string) []*dcaas.VifPeer {
	t.Helper()
	peers := make([]*dcaas.VifPeer, len(vifIDs))
	var wg sync.WaitGroup
	for i := range vifIDs {
		wg.Go(func() {
			peer, err := find(context.Background(), vifIDs[i], peerIDs[i])
			if err != nil {
				t.Errorf("reading peer %s: %v", peerIDs[i], err)
				return
			}
			peers[i] = peer
		})
	}
	wg.Wait()
	return peers
}

func TestViewConcurrentReadsShareOneListCall(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 40)
	read := ofThisRefresh(newViewClient(t, m))

	peers := readAll(t, read, vifIDs[:5], peerIDs[:5])
	for i, peer := range peers {
		if peer == nil || peer.ID != peerIDs[i] || peer.VifID != vifIDs[i] || peer.Status != "ACTIVE" {
			t.Fatalf("peer %d: %+v", i, peer)
		}
	}
	lists := listCalls(m)
	if len(lists) != 1 || interfaceGets(m) != 0 {
		t.Fatalf("5 concurrent reads made %d list calls and %d GETs, want 1 and 0", len(lists), interfaceGets(m))
	}
	// The batch asks for just the interfaces it needs.
	if n := strings.Count(lists[0].Query, "id="); n != 5 {
		t.Errorf("the list call asked for %d ids, want 5: %s", n, lists[0].Query)
	}

	// Reading them again within the maximum age costs nothing.
	readAll(t, read, vifIDs[:5], peerIDs[:5])
	if n := len(listCalls(m)); n != 1 {
		t.Errorf("a second read of the same peers made %d list calls in all, want 1", n)
	}

	// More interfaces than one call's id filter holds (5) are one listing
	// of the whole project, not several calls by id.
	readAll(t, read, vifIDs[10:20], peerIDs[10:20])
	lists = listCalls(m)
	if len(lists) != 2 || strings.Contains(lists[1].Query, "id=") {
		t.Errorf("10 concurrent reads of other peers made list calls %+v, want one of the whole project", lists[1:])
	}
}

func TestViewConcurrentWaitsShareOneListCallPerCheck(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 10)
	client := newViewClient(t, m)
	for round := 1; round <= 3; round++ {
		readAll(t, client.WaitVifPeerReady, vifIDs, peerIDs)
		if n := len(listCalls(m)); n != round || interfaceGets(m) != 0 {
			t.Fatalf("after %d rounds of 10 concurrent waits for ready peers: %d list calls and %d GETs, want %d and 0",
				round, n, interfaceGets(m), round)
		}
	}
}

// A refresh of many interfaces lists the whole project rather than five at a
// time, following the pages; here 2,050 interfaces make two pages.
func TestViewLargeRefreshListsWholeProjectAcrossPages(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 2050)
	clock := newTestClock()
	read := ofThisRefresh(newViewClientWithClock(t, m, clock.Now))

	for start := 0; start < 100; start += 5 {
		readAll(t, read, vifIDs[start:start+5], peerIDs[start:start+5])
	}
	lists := listCalls(m)
	var byID, pages, later int
	for _, r := range lists {
		switch {
		case strings.Contains(r.Query, "id="):
			byID++
		case strings.Contains(r.Query, "marker="):
			later++
		default:
			pages++
		}
	}
	if byID != 2 || pages != 1 || later != 1 || interfaceGets(m) != 0 {
		t.Errorf("100 reads in rounds of 5: %d list calls by id, %d first pages, %d later pages, %d GETs; want 2, 1, 1, 0",
			byID, pages, later, interfaceGets(m))
	}
	// An interface of the second page was read from the listing.
	peer, err := read(context.Background(), vifIDs[2049], peerIDs[2049])
	if err != nil || peer.ID != peerIDs[2049] || len(listCalls(m)) != len(lists) {
		t.Errorf("peer on the second page: %+v, %v, %d list calls", peer, err, len(listCalls(m)))
	}

	// A pause ends the large refresh: the next reads ask by id again
	// rather than list the whole project.
	clock.Advance(dcaas.ViewMaxAge() + time.Millisecond)
	before := len(listCalls(m))
	readAll(t, read, vifIDs[:5], peerIDs[:5])
	after := listCalls(m)[before:]
	if len(after) != 1 || !strings.Contains(after[0].Query, "id=") {
		t.Errorf("reads after a pause made %d list calls (%+v), want one by id", len(after), after)
	}
}

// A refresh that goes on reading for longer than the maximum age, as
// Terraform takes over thousands of peers, lists the project once: its
// reads take data fetched since it began, whatever the time between them.
func TestViewLongRefreshListsTheProjectOnce(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 80)
	clock := newTestClock()
	read := ofThisRefresh(newViewClientWithClock(t, m, clock.Now))

	// 16 rounds an eighth of the maximum age apart: the refresh lasts
	// twice the maximum age.
	for start := 0; start < len(vifIDs); start += 5 {
		readAll(t, read, vifIDs[start:start+5], peerIDs[start:start+5])
		clock.Advance(dcaas.ViewMaxAge() / 8)
	}
	var byID, whole int
	for _, r := range listCalls(m) {
		if strings.Contains(r.Query, "id=") {
			byID++
		} else {
			whole++
		}
	}
	if byID != 2 || whole != 1 || interfaceGets(m) != 0 {
		t.Errorf("80 reads in rounds of 5 over twice the maximum age: %d list calls by id, %d of the whole project, %d GETs; want 2, 1, 0",
			byID, whole, interfaceGets(m))
	}
}

// listWithoutPeers answers list calls with interfaces that hold no peers,
// as a lagging listing might, and passes everything else to m.
func listWithoutPeers(m *mockserver.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/virtual-interfaces") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"virtual_interfaces":[],"page_info":{"current_count":0},"request_id":"r"}`))
			return
		}
		m.ServeHTTP(w, r)
	})
}

func TestViewAsksTheInterfaceBeforeCallingAPeerGone(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 2)
	read := ofThisRefresh(newViewClient(t, listWithoutPeers(m)))

	peer, err := read(context.Background(), vifIDs[0], peerIDs[0])
	if err != nil || peer.ID != peerIDs[0] {
		t.Fatalf("a peer the list lacks but its interface holds: %+v, %v", peer, err)
	}
	if err := m.DeletePeer(peerIDs[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := read(context.Background(), vifIDs[1], peerIDs[1]); !dcaas.IsNotFound(err) {
		t.Errorf("a deleted peer: %v, want not found", err)
	}
	if n := m.CountRequests(http.MethodGet, "/virtual-interfaces/"); n != 2 {
		t.Errorf("%d GETs of an interface, want 2", n)
	}
}

// A failed list call is an error for every read of its batch, never "gone".
func TestViewListFailureIsAnError(t *testing.T) {
	read := ofThisRefresh(newViewClient(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"error_code":"DC.0001","error_msg":"other project","request_id":"r"}`))
	})))
	vifIDs := []string{"86f9556a-fa68-42b7-93c2-dd407408430b", "96f9556a-fa68-42b7-93c2-dd407408430b"}
	var wg sync.WaitGroup
	for _, vifID := range vifIDs {
		wg.Go(func() {
			if _, err := read(context.Background(), vifID, "p"); !dcaas.IsForbidden(err) || dcaas.IsNotFound(err) {
				t.Errorf("a 403 from the list call: %v, want that error", err)
			}
		})
	}
	wg.Wait()
}

func TestViewOwnWritesInvalidate(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 2)
	client := newViewClient(t, m)
	read := ofThisRefresh(client)
	ctx := context.Background()
	if _, err := read(ctx, vifIDs[0], peerIDs[0]); err != nil {
		t.Fatal(err)
	}

	name := "renamed"
	if _, err := client.UpdateVifPeer(ctx, peerIDs[0], dcaas.UpdateVifPeerRequest{Name: &name}); err != nil {
		t.Fatal(err)
	}
	peer, err := read(ctx, vifIDs[0], peerIDs[0])
	if err != nil || peer.Name != name {
		t.Errorf("read after this process's update: %+v, %v; want name %q", peer, err, name)
	}

	created, err := client.CreateVifPeer(ctx, dcaas.CreateVifPeerRequest{
		Name: "new", AddressFamily: "ipv6", LocalGatewayIP: "fd00::1/64", RemoteGatewayIP: "fd00::2/64", VifID: vifIDs[0],
	})
	if err != nil {
		t.Fatal(err)
	}
	gets := interfaceGets(m)
	if peer, err := read(ctx, vifIDs[0], created.ID); err != nil || peer.ID != created.ID {
		t.Errorf("read after this process's create: %+v, %v", peer, err)
	}
	if interfaceGets(m) != gets {
		t.Error("the created peer was read with a GET: the view served the interface as fetched before the create")
	}

	if err := client.DeleteVifPeer(ctx, vifIDs[0], peerIDs[0]); err != nil {
		t.Fatal(err)
	}
	// The mock deletes at once: the peer is gone, not served from before.
	if peer, err := read(ctx, vifIDs[0], peerIDs[0]); !dcaas.IsNotFound(err) {
		t.Errorf("read after this process's delete: %+v, %v; want not found", peer, err)
	}
	if n := len(listCalls(m)); n != 5 {
		t.Errorf("%d list calls, want 5: one first, one after each write, and the create's read of the interface before it", n)
	}

	// Changes made elsewhere show within the maximum age, and at once to a
	// fresh read.
	if err := m.ForceStatus(peerIDs[1], "DOWN"); err != nil {
		t.Fatal(err)
	}
	if peer, err := client.VifPeer(ctx, vifIDs[1], peerIDs[1], dcaas.Fresh); err != nil || peer.Status != "DOWN" {
		t.Errorf("fresh read after an outside change: %+v, %v", peer, err)
	}
}

func TestViewVifPeerInProject(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 2050)
	client := newViewClient(t, m)
	ctx := context.Background()

	var wg sync.WaitGroup
	for _, i := range []int{0, 1000, 2049} {
		wg.Go(func() {
			peer, err := client.VifPeerInProject(ctx, peerIDs[i], dcaas.OfThisRefresh)
			if err != nil || peer.VifID != vifIDs[i] {
				t.Errorf("peer %s: %+v, %v", peerIDs[i], peer, err)
			}
		})
	}
	wg.Wait()
	if _, err := client.VifPeerInProject(ctx, "ba604c46-8cdd-40c6-8969-ccf6159bb02b", dcaas.OfThisRefresh); !dcaas.IsNotFound(err) {
		t.Errorf("unknown peer: %v, want not found", err)
	}
	if n := len(listCalls(m)); n != 2 {
		t.Errorf("three concurrent imports and a miss made %d list calls, want 2 (one listing of two pages)", n)
	}
}
