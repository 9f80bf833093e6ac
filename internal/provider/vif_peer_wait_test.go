package provider

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// A status the contract does not name means the service is still working:
// the wait goes on until a finished status.
func TestWaitTreatsUnknownStatusAsInProgress(t *testing.T) {
	m := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken})
	m.SeedInterface(testVifID, "v")
	peerID, err := m.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.ForceStatus(peerID, "CONFIGURING"); err != nil {
		t.Fatal(err)
	}
	m.SetAfterRequest(func(r mockserver.Request) {
		if r.Method == http.MethodGet && m.CountRequests(http.MethodGet, "/virtual-interfaces") == 2 {
			_ = m.ForceStatus(peerID, "ACTIVE")
		}
	})
	peer, err := waitVifPeerReady(context.Background(), newUnitClient(t, m).View(), testVifID, peerID)
	if err != nil {
		t.Fatal(err)
	}
	if reads := m.CountRequests(http.MethodGet, "/virtual-interfaces"); peer.Status != "ACTIVE" || reads != 3 {
		t.Errorf("wait ended with status %s after %d reads, want ACTIVE after 3", peer.Status, reads)
	}
}

func TestWaitReportsErrorStatusAndTimeout(t *testing.T) {
	m := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken})
	m.SeedInterface(testVifID, "v")
	peerID, _ := m.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	client := newUnitClient(t, m)

	_ = m.ForceStatus(peerID, "ERROR")
	if _, err := waitVifPeerReady(context.Background(), client.View(), testVifID, peerID); !errors.Is(err, errPeerFailed) {
		t.Errorf("ERROR status: %v", err)
	}

	_ = m.ForceStatus(peerID, "PENDING_UPDATE")
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()
	_, err := waitVifPeerReady(ctx, client.View(), testVifID, peerID)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "still in status PENDING_UPDATE") {
		t.Errorf("timeout: %v", err)
	}
}
