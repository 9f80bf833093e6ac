package dcaas_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// BenchmarkWaitVifPeerReady measures how long after a peer becomes ready
// the create's wait notices (overshoot-ms), and how many checks of the
// interface the wait makes (polls), for peers that take the given time.
func BenchmarkWaitVifPeerReady(b *testing.B) {
	for _, pending := range []time.Duration{300 * time.Millisecond, time.Second, 4 * time.Second} {
		b.Run(pending.String(), func(b *testing.B) {
			m := mockserver.New(mockserver.Options{ProjectID: viewProject, Token: viewToken, PendingDelay: pending})
			srv := httptest.NewServer(m)
			defer srv.Close()
			client, err := dcaas.NewClient(dcaas.Config{Endpoint: srv.URL, ProjectID: viewProject, Token: viewToken})
			if err != nil {
				b.Fatal(err)
			}
			var overshoot time.Duration
			var polls int
			b.ResetTimer()
			for range b.N {
				vifID := m.SeedInterface("", "bench")
				before := m.CountRequests(http.MethodGet, "/virtual-interfaces")
				start := time.Now()
				peer, err := client.CreateVifPeer(context.Background(), dcaas.CreateVifPeerRequest{
					Name: "bench", AddressFamily: "ipv4", LocalGatewayIP: "5.5.5.1/30", RemoteGatewayIP: "5.5.5.2/30", VifID: vifID,
				})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := client.WaitVifPeerReady(context.Background(), vifID, peer.ID); err != nil {
					b.Fatal(err)
				}
				overshoot += time.Since(start) - pending
				polls += m.CountRequests(http.MethodGet, "/virtual-interfaces") - before
			}
			b.ReportMetric(float64(overshoot.Milliseconds())/float64(b.N), "overshoot-ms/op")
			b.ReportMetric(float64(polls)/float64(b.N), "polls/op")
		})
	}
}
