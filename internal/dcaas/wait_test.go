package dcaas_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// A status the contract does not name means the service is still working:
// the wait goes on until a finished status.
func TestWaitTreatsUnknownStatusAsInProgress(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 1)
	if err := m.ForceStatus(peerIDs[0], "CONFIGURING"); err != nil {
		t.Fatal(err)
	}
	m.SetAfterRequest(func(r mockserver.Request) {
		if r.Method == http.MethodGet && m.CountRequests(http.MethodGet, "/virtual-interfaces") == 2 {
			_ = m.ForceStatus(peerIDs[0], "ACTIVE")
		}
	})
	peer, err := newViewClient(t, m).WaitVifPeerReady(context.Background(), vifIDs[0], peerIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if reads := m.CountRequests(http.MethodGet, "/virtual-interfaces"); peer.Status != "ACTIVE" || reads != 3 {
		t.Errorf("wait ended with status %s after %d reads, want ACTIVE after 3", peer.Status, reads)
	}
}

func TestWaitReportsErrorStatusAndTimeout(t *testing.T) {
	m, vifIDs, peerIDs := seededMock(t, 1)
	client := newViewClient(t, m)

	_ = m.ForceStatus(peerIDs[0], "ERROR")
	if _, err := client.WaitVifPeerReady(context.Background(), vifIDs[0], peerIDs[0]); !errors.Is(err, dcaas.ErrProvisioningFailed) {
		t.Errorf("ERROR status: %v", err)
	}

	_ = m.ForceStatus(peerIDs[0], "PENDING_UPDATE")
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()
	_, err := client.WaitVifPeerReady(ctx, vifIDs[0], peerIDs[0])
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "still in status PENDING_UPDATE") {
		t.Errorf("timeout: %v", err)
	}
}

func TestWaitsOfConcurrentCreatesShareListCalls(t *testing.T) {
	m := mockserver.New(mockserver.Options{ProjectID: viewProject, Token: viewToken, PendingDelay: time.Second})
	client := newViewClient(t, m)
	var vifIDs, peerIDs []string
	for range 10 {
		vifID := m.SeedInterface("", "v")
		peer, err := client.CreateVifPeer(context.Background(), dcaas.CreateVifPeerRequest{
			Name: "p", AddressFamily: "ipv4", LocalGatewayIP: "5.5.5.1/30", RemoteGatewayIP: "5.5.5.2/30", VifID: vifID,
		})
		if err != nil {
			t.Fatal(err)
		}
		vifIDs, peerIDs = append(vifIDs, vifID), append(peerIDs, peer.ID)
	}
	// Each create reads its interface first; only the waits count here.
	listsBefore, getsBefore := len(listCalls(m)), interfaceGets(m)
	var wg sync.WaitGroup
	for i := range vifIDs {
		wg.Go(func() {
			peer, err := client.WaitVifPeerReady(context.Background(), vifIDs[i], peerIDs[i])
			if err != nil || peer.Status != dcaas.StatusActive {
				t.Errorf("wait for %s: %+v, %v", peerIDs[i], peer, err)
			}
		})
	}
	wg.Wait()
	// Each wait alone checks about five times in the second the peers take;
	// ten of them sharing ticks make about as many calls as one.
	if lists, gets := len(listCalls(m))-listsBefore, interfaceGets(m)-getsBefore; lists > 8 || gets != 0 {
		t.Errorf("10 concurrent waits made %d list calls and %d GETs, want at most 8 and 0", lists, gets)
	}
}
