package provider

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// The apply is interrupted (Ctrl-C cancels the provider's context) while
// the provider waits for a new peer, or even while the create's answer is
// on its way: the create returns the peer in the new state with no error,
// only a warning, so Terraform records it untainted, and a peer the service
// then makes ready costs no replacement.
func TestVifPeerCreateInterruptedKeepsPeer(t *testing.T) {
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

// Interrupted while the interface is read before the create, the apply
// sends no create and says that none was made, leaving nothing behind.
func TestVifPeerCreateInterruptedBeforeSending(t *testing.T) {
	h := newProtocolHarness(t)
	ctx := h.interruptWhen(func(r mockserver.Request) bool { return r.Method == http.MethodGet })
	resp := h.applyCreate(ctx)
	text := diagnosticsText(resp.Diagnostics)
	if !strings.Contains(text, "VIF peer create interrupted") || !strings.Contains(text, "none was made") || !hasError(resp.Diagnostics) {
		t.Errorf("diagnostics %q do not report the interruption as an error", text)
	}
	if attrs := h.attributes(resp.NewState); attrs != nil {
		t.Errorf("new state %v, want none", attrs)
	}
	if n := h.mock.CountRequests(http.MethodPost, ""); n != 0 {
		t.Errorf("%d creates sent after the cancellation", n)
	}
}

func testCreateInterrupted(t *testing.T, cancelWhen func(mockserver.Request) bool) {
	h := newProtocolHarness(t)
	h.mock.SetPendingDelay(time.Hour)
	ctx := h.interruptWhen(cancelWhen)

	resp := h.applyCreate(ctx)
	text := diagnosticsText(resp.Diagnostics)
	if hasError(resp.Diagnostics) || !strings.Contains(text, "Interrupted while the VIF peer was provisioning") || !strings.Contains(text, "next refresh") {
		t.Errorf("diagnostics %q, want only the warning of the interruption", text)
	}
	attrs := h.attributes(resp.NewState)
	peers := h.mock.Peers()
	if len(peers) != 1 || h.stringAttribute(attrs, "id") != peers[0].ID {
		t.Fatalf("state has id %q, the API has %+v", h.stringAttribute(attrs, "id"), peers)
	}
	if status := h.stringAttribute(attrs, "status"); status != peers[0].Status || status != dcaas.StatusPendingCreate {
		t.Errorf("state has status %q, the API %q: want both PENDING_CREATE", status, peers[0].Status)
	}
}

// Interrupted while an accepted update is carried out, the update returns
// the peer as the API holds it, with its new name, and only a warning.
func TestVifPeerUpdateInterruptedDuringTheWait(t *testing.T) {
	h := newProtocolHarness(t)
	created, peerID := h.createdPeer()
	h.mock.SetPendingDelay(time.Hour)
	ctx := h.interruptWhen(func(r mockserver.Request) bool { return r.Method == http.MethodPut && r.Status == http.StatusOK })
	resp := h.applyRename(ctx, created, "renamed")
	text := diagnosticsText(resp.Diagnostics)
	if hasError(resp.Diagnostics) || !strings.Contains(text, "Interrupted while the VIF peer was updating") {
		t.Errorf("diagnostics %q, want only the warning of the interruption", text)
	}
	attrs := h.attributes(resp.NewState)
	inAPI, _ := h.mock.Peer(peerID)
	if h.stringAttribute(attrs, "name") != "renamed" || inAPI.Name != "renamed" || h.stringAttribute(attrs, "status") != inAPI.Status {
		t.Errorf("state has name %q and status %q; the API %q and %q", h.stringAttribute(attrs, "name"), h.stringAttribute(attrs, "status"), inAPI.Name, inAPI.Status)
	}
}

// Interrupted while the update waits its turn on a busy peer, the update
// fails, and the state keeps what the API holds: the old name.
func TestVifPeerUpdateInterruptedBeforeItIsAccepted(t *testing.T) {
	h := newProtocolHarness(t)
	created, peerID := h.createdPeer()
	if err := h.mock.ForceStatus(peerID, "PENDING_UPDATE"); err != nil {
		t.Fatal(err)
	}
	ctx := h.interruptWhen(func(r mockserver.Request) bool { return r.Method == http.MethodPut })
	resp := h.applyRename(ctx, created, "renamed")
	if text := diagnosticsText(resp.Diagnostics); !hasError(resp.Diagnostics) || !strings.Contains(text, "VIF peer update interrupted") {
		t.Errorf("diagnostics %q, want the error of the interruption", text)
	}
	inAPI, _ := h.mock.Peer(peerID)
	if name := h.stringAttribute(h.attributes(resp.NewState), "name"); name != "interrupted" || inAPI.Name != "interrupted" {
		t.Errorf("state has name %q, the API %q: want both the old name", name, inAPI.Name)
	}
}

// Interrupted after the service accepted a delete, before the peer is
// gone: the peer stays in state, in the status the API shows, with an
// error that keeps it there, so that the next run waits for it to go.
func TestVifPeerDeleteInterruptedAfterItWasAccepted(t *testing.T) {
	h := newProtocolHarness(t)
	if _, err := h.mock.SeedPeer(testVifID, "ipv6", "fd00:99::1/64", "fd00:99::2/64"); err != nil {
		t.Fatal(err)
	}
	created, peerID := h.createdPeer()
	h.mock.SetPendingDelay(time.Hour)
	ctx := h.interruptWhen(func(r mockserver.Request) bool {
		return r.Method == http.MethodDelete && r.Status == http.StatusNoContent
	})
	prior, err := created.NewState.Unmarshal(h.peerType)
	if err != nil {
		t.Fatal(err)
	}
	resp := h.applyDelete(ctx, prior, h.planDestroy(prior))
	if text := diagnosticsText(resp.Diagnostics); !hasError(resp.Diagnostics) || !strings.Contains(text, "VIF peer deletion interrupted") {
		t.Errorf("diagnostics %q, want the error of the interruption", text)
	}
	attrs := h.attributes(resp.NewState)
	inAPI, ok := h.mock.Peer(peerID)
	if !ok || h.stringAttribute(attrs, "id") != peerID || h.stringAttribute(attrs, "status") != inAPI.Status || inAPI.Status != dcaas.StatusPendingDelete {
		t.Errorf("state has peer %q in status %q; the API %+v: want it in both, PENDING_DELETE", h.stringAttribute(attrs, "id"), h.stringAttribute(attrs, "status"), inAPI)
	}
}

// interruptWhen returns a context that is cancelled, as Terraform cancels
// the provider's when interrupted, once the mock has answered a request for
// which when holds.
func (h *protocolHarness) interruptWhen(when func(mockserver.Request) bool) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	h.t.Cleanup(cancel)
	h.mock.SetAfterRequest(func(r mockserver.Request) {
		if when(r) {
			cancel()
		}
	})
	return ctx
}

// createdPeer creates the static IPv4 peer of applyCreate, ready, and
// returns the create's answer and the peer's id.
func (h *protocolHarness) createdPeer() (*tfprotov6.ApplyResourceChangeResponse, string) {
	h.t.Helper()
	created := h.applyCreate(context.Background())
	if len(created.Diagnostics) > 0 {
		h.t.Fatalf("create: %s", diagnosticsText(created.Diagnostics))
	}
	return created, h.stringAttribute(h.attributes(created.NewState), "id")
}

// applyRename applies a new name to the peer that created holds.
func (h *protocolHarness) applyRename(ctx context.Context, created *tfprotov6.ApplyResourceChangeResponse, name string) *tfprotov6.ApplyResourceChangeResponse {
	h.t.Helper()
	values := h.attributes(created.NewState)
	values["name"] = tftypes.NewValue(tftypes.String, name)
	for _, computed := range []string{"status", "bgp_status", "receive_route_num"} {
		values[computed] = tftypes.NewValue(h.peerType.AttributeTypes[computed], tftypes.UnknownValue)
	}
	resp, err := h.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:     "dcaas_vif_peer",
		PriorState:   created.NewState,
		PlannedState: h.dynamic(h.peerType, tftypes.NewValue(h.peerType, values)),
		Config:       h.dynamic(h.peerType, h.configOf(values)),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
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

// interruptApplyWhileWaiting starts an apply of w and sends it Ctrl-C once
// the provider waits for the peer it created, at its first read after the
// create, and returns what the apply printed.
func interruptApplyWhileWaiting(t *testing.T, m *testMock, w *cliWorkspace) string {
	t.Helper()
	waiting := make(chan struct{})
	var created atomic.Bool
	var once sync.Once
	m.SetAfterRequest(func(r mockserver.Request) {
		if r.Method == http.MethodPost && r.Status == http.StatusCreated {
			created.Store(true)
		}
		if created.Load() && r.Method == http.MethodGet {
			once.Do(func() { close(waiting) })
		}
	})
	var out bytes.Buffer
	apply := w.command(&out, "apply", "-auto-approve")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-waiting:
	case <-time.After(2 * time.Minute):
		_ = apply.Process.Kill()
		t.Fatalf("the apply never waited for the peer:\n%s", out.String())
	}
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = apply.Wait() // an interrupted apply exits non-zero
	m.SetAfterRequest(nil)
	t.Logf("interrupted apply:\n%s", out.String())
	return out.String()
}

// The user's story, with the real CLI: Ctrl-C while the only peer of an
// interface provisions. The interrupted apply leaves the peer in state,
// untainted; the service then makes it ready; the next plain apply sends
// no delete and no create (a replacement would have orphaned the peer, the
// last of its interface), and the plan after it is empty.
func TestAccVifPeerResource_interruptedCreateCostsNoPeer(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.SetPendingDelay(time.Hour)
	w := newPeerCLIWorkspace(t, m.providerConfig()+peerBlock("test", examplePeer()))

	out := interruptApplyWhileWaiting(t, m, w)
	if !strings.Contains(out, "Interrupted while the VIF peer was provisioning") {
		t.Errorf("the interrupted apply does not warn of the interruption")
	}

	peers := m.Peers()
	inState := w.stateResource(testResourceName)
	if len(peers) != 1 || inState == nil || inState.AttributeValues["id"] != peers[0].ID {
		t.Fatalf("state holds %+v, the API %+v: want the one peer in both", inState, peers)
	}
	if inState.Tainted || inState.AttributeValues["status"] != dcaas.StatusPendingCreate {
		t.Errorf("state holds the peer tainted=%v in status %v, want it untainted, PENDING_CREATE", inState.Tainted, inState.AttributeValues["status"])
	}

	m.finishPending(t)
	sent := len(m.Requests())
	w.mustRun("apply", "-auto-approve")
	m.expectNoCreateOrDeleteSince(t, sent, "the apply after the interruption")
	w.expectNoChanges()
	if status := w.stateResource(testResourceName).AttributeValues["status"]; status != dcaas.StatusActive {
		t.Errorf("state has status %v, want ACTIVE, as the API has", status)
	}
}

// A wait cut short because the credentials stopped working, not by the
// peer, leaves the new peer in state untainted, with a warning, as a
// Ctrl-C does: the peer exists, and the next apply waits for it.
func TestVifPeerCreateWaitCutShortByCredentialsKeepsPeer(t *testing.T) {
	h := newProtocolHarness(t)
	h.mock.SetPendingDelay(time.Hour)
	h.mock.SetAfterRequest(func(r mockserver.Request) {
		if r.Method == http.MethodPost && r.Status == http.StatusCreated {
			// The token no longer grants the project: the API answers 403.
			h.mock.AddToken(testToken, "another-project")
		}
	})
	resp := h.applyCreate(context.Background())
	text := diagnosticsText(resp.Diagnostics)
	if hasError(resp.Diagnostics) || !strings.Contains(text, "VIF peer still provisioning: the wait for it was cut short") || !strings.Contains(text, "403") {
		t.Errorf("diagnostics %q, want only the warning that the wait was cut short, with the API's answer", text)
	}
	attrs := h.attributes(resp.NewState)
	peers := h.mock.Peers()
	if len(peers) != 1 || h.stringAttribute(attrs, "id") != peers[0].ID {
		t.Fatalf("state has id %q, the API has %+v", h.stringAttribute(attrs, "id"), peers)
	}
	if status := h.stringAttribute(attrs, "status"); status != peers[0].Status || status != dcaas.StatusPendingCreate {
		t.Errorf("state has status %q, the API %q: want both PENDING_CREATE", status, peers[0].Status)
	}
}

// The user's story of a Ctrl-C, with the real CLI and a dependent keyed on
// the peer's status: the next apply plans the peer, left PENDING_CREATE in
// state, as an update that only waits, sends no write, and creates the
// dependent from the status the peer settled in; the plan after it is
// empty.
func TestAccVifPeerResource_interruptedCreateFinishedByNextApply(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.SetPendingDelay(time.Hour)
	w := newPeerCLIWorkspace(t, m.providerConfig()+peerBlock("test", examplePeer())+`
resource "terraform_data" "dependent" {
  triggers_replace = dcaas_vif_peer.test.status
}
`)
	interruptApplyWhileWaiting(t, m, w)
	if inState := w.stateResource(testResourceName); inState == nil || inState.Tainted || inState.AttributeValues["status"] != dcaas.StatusPendingCreate {
		t.Fatalf("state holds %+v, want the peer untainted, PENDING_CREATE", inState)
	}

	// The service finishes the peer while the next apply is reading it,
	// after the refresh: only an apply that waits sees it ACTIVE.
	sent := len(m.Requests())
	var reads atomic.Int32
	m.SetAfterRequest(func(r mockserver.Request) {
		if r.Method == http.MethodGet && reads.Add(1) == 2 {
			m.finishPending(t)
		}
	})
	applied := w.mustRun("apply", "-auto-approve")
	m.SetAfterRequest(nil)
	if !strings.Contains(applied, "dcaas_vif_peer.test will be updated in-place") {
		t.Errorf("the apply after the interruption did not plan the peer as an update")
	}
	for _, r := range m.Requests()[sent:] {
		if r.Method != http.MethodGet {
			t.Errorf("the apply after the interruption sent %s %s, want reads only", r.Method, r.Path)
		}
	}
	if status := w.stateResource(testResourceName).AttributeValues["status"]; status != dcaas.StatusActive {
		t.Errorf("state has the peer in status %v, want ACTIVE, as the API has", status)
	}
	dependent := w.stateResource("terraform_data.dependent")
	if dependent == nil || dependent.AttributeValues["triggers_replace"] != dcaas.StatusActive {
		t.Errorf("the dependent was created from %+v, want the settled status ACTIVE", dependent)
	}
	w.expectNoChanges()
}
