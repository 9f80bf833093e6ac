package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// destroyMarkKey is the key of the peer's private data that notes a
// destroy; Terraform keeps it in plans between plan and apply.
const destroyMarkKey = "planned_destroy"

// The note ModifyPlan leaves in a destroy's private data is how Delete
// tells a destroy from the delete half of a replacement, whose private data
// is the create's plan and holds no such note: refused as the last peer of
// its interface, a destroy leaves the peer behind with a warning and drops
// it from the state, while a replacement fails and keeps it, so that no
// successor is created. Neither leaves the note for a later plan.
func TestVifPeerPrivateNotes_deleteTellsDestroyFromReplacement(t *testing.T) {
	cases := map[string]struct {
		plan     func(h *protocolHarness, prior tftypes.Value) []byte
		severity tfprotov6.DiagnosticSeverity
		summary  string
		keptPeer bool
	}{
		"destroy": {
			plan:     func(h *protocolHarness, prior tftypes.Value) []byte { return h.planDestroy(prior) },
			severity: tfprotov6.DiagnosticSeverityWarning,
			summary:  "VIF peer still exists on its virtual interface: the service keeps the last peer",
		},
		"replacement": {
			plan:     func(*protocolHarness, tftypes.Value) []byte { return nil },
			severity: tfprotov6.DiagnosticSeverityError,
			summary:  "VIF peer cannot be replaced: the service keeps the last peer of its virtual interface",
			keptPeer: true,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			h := newProtocolHarness(t)
			peerID, err := h.mock.SeedPeer(testVifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
			if err != nil {
				t.Fatal(err)
			}
			prior := h.peerState(testVifID, peerID, dcaas.StatusActive)
			planned := tc.plan(h, prior)
			if noted := strings.Contains(string(planned), destroyMarkKey); noted == tc.keptPeer {
				t.Fatalf("the plan's private data %q: destroy noted %t", planned, noted)
			}
			resp := h.applyDelete(context.Background(), prior, planned)
			if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tc.severity || resp.Diagnostics[0].Summary != tc.summary {
				t.Fatalf("want only %q, got %s", tc.summary, diagnosticsText(resp.Diagnostics))
			}
			kept := h.stringAttribute(h.attributes(resp.NewState), "id")
			if kept == peerID != tc.keptPeer {
				t.Errorf("the new state holds peer %q; kept wanted: %t", kept, tc.keptPeer)
			}
			if strings.Contains(string(resp.Private), destroyMarkKey) {
				t.Errorf("the state's private data %q keeps the destroy's note", resp.Private)
			}
			if _, ok := h.mock.Peer(peerID); !ok {
				t.Error("the last peer is gone from the API")
			}
		})
	}
}
