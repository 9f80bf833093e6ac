package dcaas

import (
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// newMockClient returns a client of a fresh mock API whose listings ask for
// pages of pageSize interfaces (0: the server's default).
func newMockClient(t *testing.T, pageSize int) (*Client, *mockserver.Server) {
	t.Helper()
	m := mockserver.New(mockserver.Options{ProjectID: testProject, Token: testToken})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{
		Endpoint: srv.URL, ProjectID: testProject, Token: testToken, ListPageSize: pageSize,
		MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, m
}

func createPeer(t *testing.T, c *Client, vifID, family, name, local, remote string) string {
	t.Helper()
	p, err := c.CreateVifPeer(context.Background(), CreateVifPeerRequest{
		Name: name, AddressFamily: family, LocalGatewayIP: local, RemoteGatewayIP: remote, VifID: vifID,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func peerIDs(peers []VifPeer) []string {
	ids := make([]string, len(peers))
	for i, p := range peers {
		ids[i] = p.ID
	}
	return ids
}

func TestNewClientChecksListPageSize(t *testing.T) {
	for _, size := range []int{-1, 2001} {
		if _, err := NewClient(Config{Endpoint: "https://x", ProjectID: "p", ListPageSize: size}); err == nil {
			t.Errorf("list page size %d accepted", size)
		}
	}
}

// Thousands of interfaces in small pages: every page is fetched, and the
// peers come back in the order of interface id, then family.
func TestListVifPeersPagesThroughEveryInterface(t *testing.T) {
	const interfaces, pageSize = 3000, 250
	c, m := newMockClient(t, pageSize)
	for i := range interfaces {
		m.SeedInterface("", fmt.Sprintf("vif-%d", i))
	}
	ids := m.InterfaceIDs()
	for _, vifID := range []string{ids[interfaces-1], ids[0], ids[interfaces/2]} {
		if _, err := m.SeedPeer(vifID, "ipv6", "fd00::1/64", "fd00::2/64"); err != nil {
			t.Fatal(err)
		}
		if _, err := m.SeedPeer(vifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30"); err != nil {
			t.Fatal(err)
		}
	}

	peers, err := c.ListVifPeers(context.Background(), PeerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range m.Peers() {
		want = append(want, p.ID)
	}
	if got := peerIDs(peers); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("peers %v, want %v (by interface, then family)", got, want)
	}
	pages := m.ListQueries()
	if len(pages) != interfaces/pageSize {
		t.Errorf("%d pages fetched, want %d", len(pages), interfaces/pageSize)
	}
	for i, q := range pages {
		if q.Get("limit") != fmt.Sprint(pageSize) || (i > 0) != (q.Get("marker") != "") {
			t.Errorf("page %d asked with %v", i, q)
		}
	}
}

func TestListVifPeersFilters(t *testing.T) {
	c, m := newMockClient(t, 0)
	vif1, vif2 := m.SeedInterface("", "one"), m.SeedInterface("", "two")
	p1v4 := createPeer(t, c, vif1, "ipv4", "core-a", "192.0.2.1/30", "192.0.2.2/30")
	p1v6 := createPeer(t, c, vif1, "ipv6", "edge-a", "fd00::1/64", "fd00::2/64")
	p2v4 := createPeer(t, c, vif2, "ipv4", "core-b", "198.51.100.1/30", "198.51.100.2/30")
	if err := m.ForceStatus(p1v6, "DOWN"); err != nil {
		t.Fatal(err)
	}
	// Peers of both interfaces come in interface order.
	ipv4s := []string{p1v4, p2v4}
	if vif2 < vif1 {
		ipv4s = []string{p2v4, p1v4}
	}

	cases := map[string]struct {
		filter PeerFilter
		want   []string
	}{
		"interface":              {PeerFilter{VifIDs: []string{vif2}}, []string{p2v4}},
		"family in any case":     {PeerFilter{AddressFamily: "IPv4"}, ipv4s},
		"status in any case":     {PeerFilter{Status: "down"}, []string{p1v6}},
		"name":                   {PeerFilter{NameRegexp: regexp.MustCompile(`^core-`)}, ipv4s},
		"route mode in any case": {PeerFilter{VifIDs: []string{vif1}, RouteMode: "STATIC"}, []string{p1v4, p1v6}},
		"other route mode":       {PeerFilter{RouteMode: "bgp"}, []string{}},
		"exact name":             {PeerFilter{Name: ptr("core-b")}, []string{p2v4}},
		"name not a prefix":      {PeerFilter{Name: ptr("core")}, []string{}},
		"all together":           {PeerFilter{VifIDs: []string{vif1}, AddressFamily: "ipv4", Status: "ACTIVE", NameRegexp: regexp.MustCompile("a$")}, []string{p1v4}},
		"no match":               {PeerFilter{VifIDs: []string{vif1}, Status: "ERROR"}, []string{}},
		"interface that is none": {PeerFilter{VifIDs: []string{"00000000-0000-4000-8000-000000000000"}}, []string{}},
	}

	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			before := len(m.ListQueries())
			peers, err := c.ListVifPeers(context.Background(), tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if peers == nil || strings.Join(peerIDs(peers), ",") != strings.Join(tc.want, ",") {
				t.Errorf("peers %#v, want %v", peerIDs(peers), tc.want)
			}
			pages := m.ListQueries()[before:]
			if len(pages) != 1 || strings.Join(pages[0]["id"], ",") != strings.Join(tc.filter.VifIDs, ",") {
				t.Errorf("listings %v: the interface filter must go to the API, the others not", pages)
			}
		})
	}
}

// Interfaces named by id are asked for a few a call, as the API's repeated
// id filter allows, and EachVifPeer stops listing once its caller has what
// it wants.
func TestEachVifPeerByIDsAndStopping(t *testing.T) {
	c, m := newMockClient(t, 0)
	var vifIDs, peers []string
	for i := range 7 {
		vifID := m.SeedInterface("", fmt.Sprintf("vif-%d", i))
		vifIDs = append(vifIDs, vifID)
		peers = append(peers, createPeer(t, c, vifID, "ipv6", fmt.Sprintf("p%d", i), "fd00::1/64", "fd00::2/64"))
	}
	before := len(m.ListQueries())
	got, err := c.ListVifPeers(context.Background(), PeerFilter{VifIDs: vifIDs})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(peers) {
		t.Errorf("listed %d peers, want %d", len(got), len(peers))
	}
	queries := m.ListQueries()[before:]
	if len(queries) != 2 || len(queries[0]["id"]) != 5 || len(queries[1]["id"]) != 2 {
		t.Errorf("listings %v, want one of 5 ids and one of 2", queries)
	}

	c, m = newMockClient(t, 2)
	for i := range 6 {
		createPeer(t, c, m.SeedInterface("", fmt.Sprintf("vif-%d", i)), "ipv6", "", "fd00::1/64", "fd00::2/64")
	}
	before = len(m.ListQueries())
	seen := 0
	err = c.EachVifPeer(context.Background(), PeerFilter{}, func(*VifPeer) bool {
		seen++
		return seen < 3
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages := len(m.ListQueries()) - before; seen != 3 || pages != 2 {
		t.Errorf("stopped after %d peers and %d pages of 2 interfaces, want 3 peers from 2 pages", seen, pages)
	}
}

// The API takes at most five values of a filter: more ids are asked for
// five at a time, and every interface asked for comes back.
func TestListVirtualInterfacesAsksFiveIDsACall(t *testing.T) {
	c, m := newMockClient(t, 0)
	var ids []string
	for range 12 {
		ids = append(ids, m.SeedInterface("", "v"))
	}
	m.SeedInterface("", "not asked for")
	vifs, err := c.ListVirtualInterfaces(context.Background(), ListOptions{IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, v := range vifs {
		got[v.ID] = true
	}
	for _, id := range ids {
		if !got[id] {
			t.Errorf("interface %s not listed", id)
		}
	}
	queries := m.ListQueries()
	if len(vifs) != 12 || len(queries) != 3 {
		t.Fatalf("%d interfaces in %d calls, want 12 in 3", len(vifs), len(queries))
	}
	for _, q := range queries {
		if n := len(q["id"]); n > 5 {
			t.Errorf("a call asked for %d ids", n)
		}
	}
}
