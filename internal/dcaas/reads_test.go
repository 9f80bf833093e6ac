package dcaas

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestVifPeer(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v3/"+testProject+"/dcaas/virtual-interfaces/v1" {
			writeJSON(w, 404, `{"error_code":"DC.1211"}`)
			return
		}
		writeJSON(w, 200, `{"virtual_interface":{"id":"v1","vif_peers":[{"id":"p4","address_family":"ipv4"},{"id":"p6","address_family":"ipv6"}]},"request_id":"rid"}`)
	})
	peer, err := c.VifPeer(context.Background(), "v1", "p6", Fresh)
	if err != nil || peer.ID != "p6" || peer.AddressFamily != "ipv6" || peer.RequestID != "rid" || peer.VifID != "v1" {
		t.Fatalf("peer %+v, err %v", peer, err)
	}
	if _, err := c.VifPeer(context.Background(), "v1", "missing", Fresh); !IsNotFound(err) {
		t.Errorf("missing peer: %v", err)
	}
	if _, err := c.VifPeer(context.Background(), "v2", "p6", Fresh); !IsNotFound(err) {
		t.Errorf("missing interface: %v", err)
	}
}

func TestVifPeerOfFamily(t *testing.T) {
	c, m := newMockClient(t, 0)
	vifID := m.SeedInterface("", "one")
	peerID, err := m.SeedPeer(vifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}
	peer, err := c.VifPeerOfFamily(context.Background(), vifID, "IPv4", Fresh)
	if err != nil || peer.ID != peerID || peer.VifID != vifID {
		t.Fatalf("peer %+v, err %v", peer, err)
	}
	_, err = c.VifPeerOfFamily(context.Background(), vifID, "IPv6", Fresh)
	if !IsNotFound(err) || !strings.Contains(err.Error(), "virtual interface "+vifID+" has no ipv6 peer") {
		t.Errorf("missing family: %v", err)
	}
	// A missing interface is the API's own answer, with its code and request id.
	_, err = c.VifPeerOfFamily(context.Background(), "00000000-0000-4000-8000-000000000000", "ipv4", Fresh)
	if apiErr, ok := AsAPIError(err); !ok || !IsNotFound(err) || apiErr.RequestID == "" {
		t.Errorf("missing interface: %v", err)
	}
}

// A search by peer id alone pages through every interface of the project.
func TestVifPeerInProject(t *testing.T) {
	c, m := newMockClient(t, 100)
	for i := range 450 {
		m.SeedInterface("", fmt.Sprintf("vif-%d", i))
	}
	ids := m.InterfaceIDs()
	last := ids[len(ids)-1]
	peerID, err := m.SeedPeer(last, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}

	peer, err := c.VifPeerInProject(context.Background(), peerID, OfThisRefresh)
	if err != nil || peer.ID != peerID || peer.VifID != last {
		t.Fatalf("peer %+v, err %v", peer, err)
	}
	if n := len(m.ListQueries()); n != 5 {
		t.Errorf("%d pages fetched to reach the last interface, want 5", n)
	}

	const missing = "00000000-0000-4000-8000-000000000000"
	_, err = c.VifPeerInProject(context.Background(), missing, OfThisRefresh)
	if !IsNotFound(err) || !strings.Contains(err.Error(), "no peer "+missing+" on any of the 450 virtual interfaces of project "+testProject) {
		t.Errorf("missing peer: %v", err)
	}
}

// A Fresh read of one peer is its interface's own GET, every time; a read
// that accepts shared data is served by one list call while that data is
// young enough.
func TestReadsByFreshness(t *testing.T) {
	c, m := newMockClient(t, 0)
	vifID := m.SeedInterface("", "one")
	peerID, err := m.SeedPeer(vifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, f := range []Freshness{Fresh, Recent, OfThisRefresh, Recent, Fresh} {
		if peer, err := c.VifPeer(ctx, vifID, peerID, f); err != nil || peer.ID != peerID {
			t.Fatalf("freshness %d: peer %+v, err %v", f, peer, err)
		}
	}
	gets := m.CountRequests(http.MethodGet, "/virtual-interfaces/")
	lists := len(m.ListQueries())
	if gets != 2 || lists != 1 {
		t.Errorf("two fresh reads and three shared ones made %d GETs and %d list calls, want 2 and 1", gets, lists)
	}
}
