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
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := dcaas.NewClient(dcaas.Config{Endpoint: srv.URL, ProjectID: viewProject, Token: viewToken})
	if err != nil {
		t.Fatal(err)
	}
	return c
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

func TestViewConcurrentReadsShareListCalls(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 40)
	view := newViewClient(t, m).View()

	peers := readAll(t, view.FindVifPeer, vifIDs[:10], peerIDs[:10])
	for i, peer := range peers {
		if peer == nil || peer.ID != peerIDs[i] || peer.VifID != vifIDs[i] || peer.Status != "ACTIVE" {
			t.Fatalf("peer %d: %+v", i, peer)
		}
	}
	// The batch asks for just the interfaces it needs, five at a time as
	// the API allows.
	lists := listCalls(m)
	if len(lists) != 2 || interfaceGets(m) != 0 {
		t.Fatalf("10 concurrent reads made %d list calls and %d GETs, want 2 and 0", len(lists), interfaceGets(m))
	}
	for _, list := range lists {
		if n := strings.Count(list.Query, "id="); n != 5 {
			t.Errorf("a list call asked for %d ids, want 5: %s", n, list.Query)
		}
	}

	// Reading them again within viewMaxAge costs nothing.
	readAll(t, view.FindVifPeer, vifIDs[:10], peerIDs[:10])
	if n := len(listCalls(m)); n != 2 {
		t.Errorf("a second read of the same peers made %d list calls in all, want 2", n)
	}
}

func TestViewConcurrentWaitsShareListCallsPerCheck(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 10)
	view := newViewClient(t, m).View()
	for round := 1; round <= 3; round++ {
		readAll(t, view.FindVifPeerFresh, vifIDs, peerIDs)
		if n := len(listCalls(m)); n != 2*round {
			t.Fatalf("after %d rounds of 10 concurrent fresh reads: %d list calls, want %d (five ids a call)", round, n, 2*round)
		}
	}
}

// A refresh of many interfaces lists the whole project rather than ten at a
// time, following the pages; here 2,050 interfaces make two pages.
func TestViewLargeRefreshListsWholeProjectAcrossPages(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 2050)
	view := newViewClient(t, m).View()

	for start := 0; start < 100; start += 10 {
		readAll(t, view.FindVifPeer, vifIDs[start:start+10], peerIDs[start:start+10])
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
	if byID != 4 || pages != 1 || later != 1 || interfaceGets(m) != 0 {
		t.Errorf("100 reads in rounds of 10: %d list calls by id, %d first pages, %d later pages, %d GETs; want 4, 1, 1, 0",
			byID, pages, later, interfaceGets(m))
	}
	// An interface of the second page was read from the listing.
	peer, err := view.FindVifPeer(context.Background(), vifIDs[2049], peerIDs[2049])
	if err != nil || peer.ID != peerIDs[2049] || len(listCalls(m)) != len(lists) {
		t.Errorf("peer on the second page: %+v, %v, %d list calls", peer, err, len(listCalls(m)))
	}

	// A pause ends the large refresh: the next reads ask by id again
	// rather than list the whole project.
	time.Sleep(dcaas.ViewMaxAge + 100*time.Millisecond)
	before := len(listCalls(m))
	readAll(t, view.FindVifPeer, vifIDs[:10], peerIDs[:10])
	after := listCalls(m)[before:]
	if len(after) != 2 || !strings.Contains(after[0].Query, "id=") || !strings.Contains(after[1].Query, "id=") {
		t.Errorf("reads after a pause made %d list calls (%+v), want two by id", len(after), after)
	}
}

// A refresh that goes on reading for longer than the maximum age, as
// Terraform takes over thousands of peers, lists the project once: its
// reads take data fetched since it began, whatever the time between them.
func TestViewLongRefreshListsTheProjectOnce(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 80)
	view := newViewClient(t, m).View()

	started := time.Now()
	for start := 0; start < len(vifIDs); start += 10 {
		readAll(t, view.FindVifPeer, vifIDs[start:start+10], peerIDs[start:start+10])
		time.Sleep(dcaas.ViewMaxAge / 4)
	}
	if took := time.Since(started); took <= 2*dcaas.ViewMaxAge {
		t.Fatalf("the refresh took %s, not more than twice the maximum age", took)
	}
	var byID, whole int
	for _, r := range listCalls(m) {
		if strings.Contains(r.Query, "id=") {
			byID++
		} else {
			whole++
		}
	}
	if byID != 4 || whole != 1 || interfaceGets(m) != 0 {
		t.Errorf("80 reads in rounds of 10 over %s: %d list calls by id, %d of the whole project, %d GETs; want 4, 1, 0",
			time.Since(started).Round(time.Millisecond), byID, whole, interfaceGets(m))
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
	view := newViewClient(t, listWithoutPeers(m)).View()

	peer, err := view.FindVifPeer(context.Background(), vifIDs[0], peerIDs[0])
	if err != nil || peer.ID != peerIDs[0] {
		t.Fatalf("a peer the list lacks but its interface holds: %+v, %v", peer, err)
	}
	if err := m.DeletePeer(peerIDs[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := view.FindVifPeer(context.Background(), vifIDs[1], peerIDs[1]); !dcaas.IsNotFound(err) {
		t.Errorf("a deleted peer: %v, want not found", err)
	}
	if n := m.CountRequests(http.MethodGet, "/virtual-interfaces/"); n != 2 {
		t.Errorf("%d GETs of an interface, want 2", n)
	}
}

// A failed list call is an error for every read of its batch, never "gone".
func TestViewListFailureIsAnError(t *testing.T) {
	view := newViewClient(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"error_code":"DC.0001","error_msg":"other project","request_id":"r"}`))
	})).View()
	vifIDs := []string{"86f9556a-fa68-42b7-93c2-dd407408430b", "96f9556a-fa68-42b7-93c2-dd407408430b"}
	var wg sync.WaitGroup
	for _, vifID := range vifIDs {
		wg.Go(func() {
			if _, err := view.FindVifPeer(context.Background(), vifID, "p"); !dcaas.IsForbidden(err) || dcaas.IsNotFound(err) {
				t.Errorf("a 403 from the list call: %v, want that error", err)
			}
		})
	}
	wg.Wait()
}

func TestViewOwnWritesInvalidate(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 2)
	client := newViewClient(t, m)
	view := client.View()
	ctx := context.Background()
	if _, err := view.FindVifPeer(ctx, vifIDs[0], peerIDs[0]); err != nil {
		t.Fatal(err)
	}

	name := "renamed"
	if _, err := client.UpdateVifPeer(ctx, peerIDs[0], dcaas.UpdateVifPeerRequest{Name: &name}); err != nil {
		t.Fatal(err)
	}
	peer, err := view.FindVifPeer(ctx, vifIDs[0], peerIDs[0])
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
	if peer, err := view.FindVifPeer(ctx, vifIDs[0], created.ID); err != nil || peer.ID != created.ID {
		t.Errorf("read after this process's create: %+v, %v", peer, err)
	}
	if interfaceGets(m) != gets {
		t.Error("the created peer was read with a GET: the view served the interface as fetched before the create")
	}

	if err := client.DeleteVifPeer(ctx, vifIDs[0], peerIDs[0]); err != nil {
		t.Fatal(err)
	}
	// The mock deletes at once: the peer is gone, not served from before.
	if peer, err := view.FindVifPeer(ctx, vifIDs[0], peerIDs[0]); !dcaas.IsNotFound(err) {
		t.Errorf("read after this process's delete: %+v, %v; want not found", peer, err)
	}
	if n := len(listCalls(m)); n != 5 {
		t.Errorf("%d list calls, want 5: one first, one after each write, and the create's read of the interface before it", n)
	}

	// Changes made elsewhere show within viewMaxAge, and at once to a
	// fresh read.
	if err := m.ForceStatus(peerIDs[1], "DOWN"); err != nil {
		t.Fatal(err)
	}
	if peer, err := view.FindVifPeerFresh(ctx, vifIDs[1], peerIDs[1]); err != nil || peer.Status != "DOWN" {
		t.Errorf("fresh read after an outside change: %+v, %v", peer, err)
	}
}

func TestViewFindVifPeerInProject(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 2050)
	view := newViewClient(t, m).View()
	ctx := context.Background()

	var wg sync.WaitGroup
	for _, i := range []int{0, 1000, 2049} {
		wg.Go(func() {
			peer, err := view.FindVifPeerInProject(ctx, peerIDs[i])
			if err != nil || peer.VifID != vifIDs[i] {
				t.Errorf("peer %s: %+v, %v", peerIDs[i], peer, err)
			}
		})
	}
	wg.Wait()
	if _, err := view.FindVifPeerInProject(ctx, "ba604c46-8cdd-40c6-8969-ccf6159bb02b"); !dcaas.IsNotFound(err) {
		t.Errorf("unknown peer: %v, want not found", err)
	}
	if n := len(listCalls(m)); n != 2 {
		t.Errorf("three concurrent imports and a miss made %d list calls, want 2 (one listing of two pages)", n)
	}
}
