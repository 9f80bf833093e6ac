package provider

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// The plan of a peer that a refresh found in ERROR: replaced where the
// interface has another peer; otherwise left as it is, with a warning that
// says why and what to do.
func TestPlanOfPeerInError(t *testing.T) {
	for name, withOther := range map[string]bool{"another peer on the interface": true, "the last peer": false} {
		t.Run(name, func(t *testing.T) {
			h := newProtocolHarness(t)
			if withOther {
				if _, err := h.mock.SeedPeer(testVifID, "ipv6", "fd00:99::1/64", "fd00:99::2/64"); err != nil {
					t.Fatal(err)
				}
			}
			created, peerID := h.createdPeer()
			if err := h.mock.ForceStatus(peerID, dcaas.StatusError); err != nil {
				t.Fatal(err)
			}
			values := h.attributes(created.NewState)
			values["status"] = tftypes.NewValue(tftypes.String, dcaas.StatusError)
			prior := h.dynamic(h.peerType, tftypes.NewValue(h.peerType, values))
			resp, err := h.server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
				TypeName:         "dcaas_vif_peer",
				PriorState:       prior,
				ProposedNewState: prior,
				Config:           h.dynamic(h.peerType, h.configOf(values)),
			})
			if err != nil {
				t.Fatal(err)
			}
			replaces := slices.ContainsFunc(resp.RequiresReplace, func(p *tftypes.AttributePath) bool {
				return p.Equal(tftypes.NewAttributePath().WithAttributeName("status"))
			})
			text := diagnosticsText(resp.Diagnostics)
			switch {
			case withOther && (!replaces || len(resp.Diagnostics) > 0):
				t.Errorf("replaced %v, diagnostics %q: want a replacement forced by the status, quietly", replaces, text)
			case !withOther && (replaces || hasError(resp.Diagnostics) || !strings.Contains(text, "VIF peer in ERROR cannot be replaced") ||
				!strings.Contains(text, "add a peer of the other address family to the interface first")):
				t.Errorf("replaced %v, diagnostics %q: want no replacement, and a warning that says what to do", replaces, text)
			}
		})
	}
}
