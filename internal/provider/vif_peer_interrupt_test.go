package provider

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// The apply is cancelled (Ctrl-C) while the provider waits for a new peer,
// or even while the create's answer is on its way: the create still returns
// the peer's id in the new state, so Terraform records it (tainted) instead
// of orphaning it.
func TestVifPeerCreateInterruptedKeepsID(t *testing.T) {
	cancelWhen := map[string]func() func(mockserver.Request) bool{
		"during the wait": func() func(mockserver.Request) bool {
			created := false
			return func(r mockserver.Request) bool {
				created = created || r.Method == http.MethodPost
				return created && r.Method == http.MethodGet
			}
		},
		"as the create is answered": func() func(mockserver.Request) bool {
			return func(r mockserver.Request) bool { return r.Method == http.MethodPost && r.Status == http.StatusCreated }
		},
	}
	for name, when := range cancelWhen {
		t.Run(name, func(t *testing.T) { testCreateInterrupted(t, when()) })
	}
}

// Cancelled while the interface is read before the create, the apply sends
// no create and reports the cancellation, leaving nothing behind.
func TestVifPeerCreateInterruptedBeforeSending(t *testing.T) {
	h := newProtocolHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.mock.SetAfterRequest(func(r mockserver.Request) {
		if r.Method == http.MethodGet {
			cancel()
		}
	})
	resp := h.applyCreate(ctx)
	if text := diagnosticsText(resp.Diagnostics); !strings.Contains(text, "context canceled") {
		t.Errorf("diagnostics %q do not report the cancellation", text)
	}
	if state, err := resp.NewState.Unmarshal(h.peerType); err != nil || !state.IsNull() {
		t.Errorf("new state %v (%v), want null", state, err)
	}
	if n := h.mock.CountRequests(http.MethodPost, ""); n != 0 {
		t.Errorf("%d creates sent after the cancellation", n)
	}
}

func testCreateInterrupted(t *testing.T, cancelWhen func(mockserver.Request) bool) {
	h := newProtocolHarness(t)
	h.mock.SetPendingDelay(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.mock.SetAfterRequest(func(r mockserver.Request) {
		if cancelWhen(r) {
			cancel()
		}
	})

	resp := h.applyCreate(ctx)
	if text := diagnosticsText(resp.Diagnostics); !strings.Contains(text, "context canceled") {
		t.Errorf("diagnostics %q do not report the cancellation", text)
	}
	state, err := resp.NewState.Unmarshal(h.peerType)
	if err != nil || state.IsNull() {
		t.Fatalf("no new state after the interrupted create: %v", err)
	}
	var attrs map[string]tftypes.Value
	_ = state.As(&attrs)
	var id string
	_ = attrs["id"].As(&id)
	peers := h.mock.Peers()
	if len(peers) != 1 || peers[0].ID != id {
		t.Errorf("state has id %q, the API has %+v", id, peers)
	}
}

// applyCreate asks the provider to create a static IPv4 peer on the
// example interface.
func (h *protocolHarness) applyCreate(ctx context.Context) *tfprotov6.ApplyResourceChangeResponse {
	h.t.Helper()
	values := map[string]tftypes.Value{
		"vif_id":            tftypes.NewValue(tftypes.String, testVifID),
		"name":              tftypes.NewValue(tftypes.String, "interrupted"),
		"address_family":    tftypes.NewValue(tftypes.String, "ipv4"),
		"local_gateway_ip":  tftypes.NewValue(tftypes.String, "5.5.5.1/30"),
		"remote_gateway_ip": tftypes.NewValue(tftypes.String, "5.5.5.2/30"),
	}
	config := h.configOf(values)
	values["route_mode"] = tftypes.NewValue(tftypes.String, "static")
	values["description"] = tftypes.NewValue(tftypes.String, "")
	for _, name := range []string{"bgp_asn", "bgp_md5", "bgp_md5_wo", "bgp_md5_wo_version", "remote_ep_group", "timeouts"} {
		values[name] = tftypes.NewValue(h.peerType.AttributeTypes[name], nil)
	}
	planned := h.object(h.peerType, values, true)

	resp, err := h.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:     "dcaas_vif_peer",
		PriorState:   h.dynamic(h.peerType, tftypes.NewValue(h.peerType, nil)),
		PlannedState: h.dynamic(h.peerType, planned),
		Config:       h.dynamic(h.peerType, config),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp
}
