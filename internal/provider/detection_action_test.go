package provider

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"
)

// testDetectionDuration is how long the mock's detections run in these
// tests: long enough that the action's wait really waits.
const testDetectionDuration = time.Second

// detectionActionAddress is the address -invoke takes.
const detectionActionAddress = "action.dcaas_vif_peer_detection.check"

// testAccDetectionActionConfig is an action that probes the peer whose id
// the expression peerID gives, allowing maxLoss percent lost ("" leaves
// max_loss_ratio unset).
func testAccDetectionActionConfig(peerID, maxLoss string) string {
	limit := ""
	if maxLoss != "" {
		limit = "\n  max_loss_ratio = " + maxLoss
	}
	return fmt.Sprintf(`
action "dcaas_vif_peer_detection" "check" {
  config {
    vif_peer_id = %s%s
    timeout     = "1m"
  }
}
`, peerID, limit)
}

// newDetectionMock is a mock whose detections take testDetectionDuration,
// holding one ACTIVE peer on the example interface, whose id it returns.
func newDetectionMock(t *testing.T) (*testMock, string) {
	t.Helper()
	m := newTestMock(t)
	m.SetDetectionDuration(testDetectionDuration)
	peerID, err := m.SeedPeer(testVifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}
	return m, peerID
}

// cliSays tells whether the CLI's output holds phrase, however the CLI
// wrapped it and framed it in a diagnostic's box.
func cliSays(out, phrase string) bool {
	flat := strings.Join(strings.Fields(strings.ReplaceAll(out, "│", " ")), " ")
	return strings.Contains(flat, phrase)
}

// expectCLISays fails the test for each phrase the output lacks.
func expectCLISays(t *testing.T, what, out string, phrases ...string) {
	t.Helper()
	for _, p := range phrases {
		if !cliSays(out, p) {
			t.Errorf("%s does not say %q", what, p)
		}
	}
}

func invokeArgs(address string) []string {
	return []string{"apply", "-invoke=" + address, "-auto-approve", "-input=false"}
}

// Invoked on demand: a clean line passes, showing the detection start,
// run and end; a line losing more than max_loss_ratio fails naming the
// loss and the limit; a detection the service cannot run fails saying so.
// Each invocation starts exactly one detection.
func TestAccVifPeerDetectionAction_invokeCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m, peerID := newDetectionMock(t)
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccDetectionActionConfig(fmt.Sprintf("%q", peerID), "10"))

	out := w.mustRun(invokeArgs(detectionActionAddress)...)
	detections := m.Detections(peerID)
	if len(detections) != 1 {
		t.Fatalf("the mock ran %d detections of the peer, want 1", len(detections))
	}
	id := detections[0].ID
	expectCLISays(t, "a clean line's invocation", out,
		"Action started: "+detectionActionAddress,
		"connectivity detection "+id+" of VIF peer "+peerID+" started",
		"connectivity detection "+id+" still processing",
		"connectivity detection "+id+" complete: 0% of packets lost (max_loss_ratio 10%)",
		"Action complete: "+detectionActionAddress)

	lossy := 30
	m.SetDetectionOutcome(peerID, mockserver.DetectionOutcome{LossRatio: &lossy})
	code, out := w.run(invokeArgs(detectionActionAddress)...)
	if code == 0 {
		t.Error("the invocation on a lossy line succeeded")
	}
	expectCLISays(t, "a lossy line's invocation", out, "Action failed: "+detectionActionAddress, "VIF peer loses packets", peerID, "loss of 30% of packets", "max_loss_ratio of 10%")

	m.SetDetectionOutcome(peerID, mockserver.DetectionOutcome{Error: true})
	code, out = w.run(invokeArgs(detectionActionAddress)...)
	if code == 0 {
		t.Error("the invocation of a detection ending in error succeeded")
	}
	expectCLISays(t, "a failed detection's invocation", out, "Action failed: "+detectionActionAddress, "Connectivity detection failed", peerID, "ended in status error")

	if n := len(m.Detections(peerID)); n != 3 {
		t.Errorf("the mock ran %d detections of the peer, want 3", n)
	}
	if n := w.state().Values; n != nil && len(n.RootModule.Resources) != 0 {
		t.Errorf("the invocations left %d resources in state", len(n.RootModule.Resources))
	}
}

// Unset, max_loss_ratio is 0: a single packet lost fails the action.
func TestAccVifPeerDetectionAction_defaultLimitCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m, peerID := newDetectionMock(t)
	lossy := 1
	m.SetDetectionOutcome(peerID, mockserver.DetectionOutcome{LossRatio: &lossy})
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccDetectionActionConfig(fmt.Sprintf("%q", peerID), ""))
	code, out := w.run(invokeArgs(detectionActionAddress)...)
	if code == 0 {
		t.Error("a loss of 1% passed the default limit")
	}
	expectCLISays(t, "the invocation", out, "loss of 1% of packets", "max_loss_ratio of 0%")
}

// A malformed peer id and a limit out of range are refused before anything
// is sent; an unknown peer and a busy one are the API's refusals, told as
// such.
func TestAccVifPeerDetectionAction_refusedCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m, peerID := newDetectionMock(t)
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccDetectionActionConfig(`"not-a-uuid"`, "101"))
	code, out := w.run(invokeArgs(detectionActionAddress)...)
	if code == 0 {
		t.Error("an invalid configuration was invoked")
	}
	expectCLISays(t, "the invalid configuration's invocation", out, "vif_peer_id", "max_loss_ratio", "whole number from 0 to 100")
	w.writeConfig(dcaasRequiredProviders + m.providerConfig() + testAccDetectionActionConfig(fmt.Sprintf("%q", peerID), "0.5"))
	if code, out := w.run(invokeArgs(detectionActionAddress)...); code == 0 || strings.Contains(out, "error in the provider") {
		t.Errorf("a max_loss_ratio with a fraction was invoked, or failed as the provider's error:\n%s", out)
	} else {
		expectCLISays(t, "the invocation with a fractional limit", out, "max_loss_ratio must be a whole number from 0 to 100, got 0.5")
	}
	if n := m.CountRequests(http.MethodPost, "/vif-peer-detections"); n != 0 {
		t.Errorf("the API got %d detection starts for an invalid configuration", n)
	}

	const unknown = "0f5c6a3e-2d4b-4c1e-9a8f-7b6d5e4c3b2a"
	w.writeConfig(dcaasRequiredProviders + m.providerConfig() + testAccDetectionActionConfig(fmt.Sprintf("%q", unknown), ""))
	code, out = w.run(invokeArgs(detectionActionAddress)...)
	if code == 0 {
		t.Error("a detection of an unknown peer succeeded")
	}
	expectCLISays(t, "the unknown peer's invocation", out, "VIF peer not found", unknown, "DC.0002")

	// A second detection while the first still runs is refused as busy.
	m.SetDetectionDuration(time.Minute)
	m.apiPost(t, "vif-peer-detections", map[string]any{"vif_peer_detection": map[string]string{"vif_peer_id": peerID}}, &struct{}{})
	w.writeConfig(dcaasRequiredProviders + m.providerConfig() + testAccDetectionActionConfig(fmt.Sprintf("%q", peerID), ""))
	code, out = w.run(invokeArgs(detectionActionAddress)...)
	if code == 0 {
		t.Error("a detection of a busy peer succeeded")
	}
	expectCLISays(t, "the busy peer's invocation", out, "VIF peer busy", peerID, "DC.1303")
	if n := len(m.Detections(peerID)); n != 1 {
		t.Errorf("the peer has %d detections, want only the one running", n)
	}
}

// A detection outlasting the timeout fails the action, naming the
// detection, which may still be running.
func TestAccVifPeerDetectionAction_timeoutCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m, peerID := newDetectionMock(t)
	m.SetDetectionDuration(time.Minute)
	config := strings.Replace(testAccDetectionActionConfig(fmt.Sprintf("%q", peerID), ""), `"1m"`, `"3s"`, 1)
	w := newPeerCLIWorkspace(t, m.providerConfig()+config)
	code, out := w.run(invokeArgs(detectionActionAddress)...)
	if code == 0 {
		t.Error("the invocation outlasting its timeout succeeded")
	}
	detections := m.Detections(peerID)
	if len(detections) != 1 {
		t.Fatalf("the mock ran %d detections of the peer, want 1", len(detections))
	}
	expectCLISays(t, "the timed-out invocation", out, "Connectivity detection timed out", detections[0].ID, "may still be running")
}

// testAccCheckedPeerConfig is a peer on interface vifID, named name, with
// description, whose creation and updates run a detection of it, allowing
// no loss.
func testAccCheckedPeerConfig(name, vifID, description string) string {
	return peerBlock(name, examplePeer().with(hclArgs{
		"vif_id": fmt.Sprintf("%q", vifID), "name": fmt.Sprintf("%q", name), "description": fmt.Sprintf("%q", description),
		"route_mode": `"static"`,
		"lifecycle": fmt.Sprintf(`{
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.dcaas_vif_peer_detection.%s]
    }
  }`, name),
	})) + fmt.Sprintf(`
action "dcaas_vif_peer_detection" %[1]q {
  config {
    vif_peer_id = dcaas_vif_peer.%[1]s.id
  }
}
`, name)
}

// An after_create trigger checks each new peer: on a line that loses every
// packet (the peer comes up DOWN) the apply fails, the peer staying in
// state, untainted, so the next plan wants nothing; on a clean line it
// passes.
func TestAccVifPeerDetectionAction_afterCreateCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m := newTestMock(t)
	m.SetDetectionDuration(testDetectionDuration)
	cleanVifID := m.SeedInterface("", "clean-vif")

	m.SetCreateOutcome("DOWN")
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccCheckedPeerConfig("lossy", testVifID, ""))
	code, out := w.run("apply", "-auto-approve", "-input=false")
	if code == 0 {
		t.Error("the apply creating a peer that loses every packet succeeded")
	}
	lossy := w.stateResource("dcaas_vif_peer.lossy")
	if lossy == nil {
		t.Fatal("the peer is not in state after the failed check")
	}
	if lossy.Tainted {
		t.Error("the failed check tainted the peer")
	}
	lossyID, _ := lossy.AttributeValues["id"].(string)
	expectCLISays(t, "the failed apply", out, "Action failed: action.dcaas_vif_peer_detection.lossy (triggered by dcaas_vif_peer.lossy)",
		"VIF peer loses packets", lossyID, "loss of 100% of packets", "max_loss_ratio of 0%")
	w.expectNoChanges()

	m.SetCreateOutcome("ACTIVE")
	w.writeConfig(dcaasRequiredProviders + m.providerConfig() + testAccCheckedPeerConfig("lossy", testVifID, "") + testAccCheckedPeerConfig("clean", cleanVifID, ""))
	out = w.mustRun("apply", "-auto-approve", "-input=false")
	expectCLISays(t, "the passing apply", out, "Action complete: action.dcaas_vif_peer_detection.clean (triggered by dcaas_vif_peer.clean)",
		"complete: 0% of packets lost")
	clean := w.stateResource("dcaas_vif_peer.clean")
	if clean == nil {
		t.Fatal("the clean peer is not in state")
	}
	if n := len(m.Detections(clean.AttributeValues["id"].(string))); n != 1 {
		t.Errorf("the clean peer had %d detections, want 1", n)
	}
	if n := len(m.Detections(lossyID)); n != 1 {
		t.Errorf("the lossy peer had %d detections, want only the one of its create", n)
	}
	w.expectNoChanges()

	// An update in place checks the line again; the unchanged peer is not
	// checked.
	cleanID := clean.AttributeValues["id"].(string)
	w.writeConfig(dcaasRequiredProviders + m.providerConfig() + testAccCheckedPeerConfig("lossy", testVifID, "") +
		testAccCheckedPeerConfig("clean", cleanVifID, "checked after each change"))
	out = w.mustRun("apply", "-auto-approve", "-input=false")
	expectCLISays(t, "the apply of an update", out, "Action complete: action.dcaas_vif_peer_detection.clean (triggered by dcaas_vif_peer.clean)")
	if n := len(m.Detections(cleanID)); n != 2 {
		t.Errorf("after its update the clean peer had %d detections, want 2", n)
	}
	if n := len(m.Detections(lossyID)); n != 1 {
		t.Errorf("the unchanged lossy peer had %d detections, want 1", n)
	}
	w.expectNoChanges()
}

// A start whose answer is lost is looked up, not sent again: one
// detection runs, and the action reports its result.
func TestAccVifPeerDetectionAction_lostAnswerCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m, peerID := newDetectionMock(t)
	m.CutAnswers(http.MethodPost, "/vif-peer-detections", 1)
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccDetectionActionConfig(fmt.Sprintf("%q", peerID), ""))
	out := w.mustRun(invokeArgs(detectionActionAddress)...)
	if n := len(m.Detections(peerID)); n != 1 {
		t.Errorf("the mock ran %d detections of the peer, want 1", n)
	}
	if n := m.CountRequests(http.MethodPost, "/vif-peer-detections"); n != 1 {
		t.Errorf("the API got %d detection starts, want 1", n)
	}
	expectCLISays(t, "the invocation", out, "complete: 0% of packets lost")
}

// Throttled starts and reads are retried after their Retry-After.
func TestAccVifPeerDetectionAction_throttledCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m, peerID := newDetectionMock(t)
	m.InjectFault(mockserver.Fault{Statuses: []int{http.StatusTooManyRequests, http.StatusServiceUnavailable}, RetryAfter: 1,
		Every: 2, PathContains: "/vif-peer-detections"})
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccDetectionActionConfig(fmt.Sprintf("%q", peerID), ""))
	out := w.mustRun(invokeArgs(detectionActionAddress)...)
	expectCLISays(t, "the invocation", out, "complete: 0% of packets lost")
	throttled := 0
	for _, r := range m.Requests() {
		if strings.Contains(r.Path, "/vif-peer-detections") && (r.Status == http.StatusTooManyRequests || r.Status == http.StatusServiceUnavailable) {
			throttled++
		}
	}
	if throttled == 0 {
		t.Error("no detection request was throttled: the test tested nothing")
	}
	if n := len(m.Detections(peerID)); n != 1 {
		t.Errorf("the mock ran %d detections of the peer, want 1", n)
	}
}

// Ctrl-C while a detection runs ends the invocation at once. Terraform
// then shows only that it halted, not the action's diagnostic, so the
// detection's id, which the user needs to find its result, was shown when
// it started; it runs on, and nothing says it timed out.
func TestAccVifPeerDetectionAction_interruptedCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m, peerID := newDetectionMock(t)
	m.SetDetectionDuration(time.Hour)
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccDetectionActionConfig(fmt.Sprintf("%q", peerID), ""))

	// Interrupt once the provider waits: at its first read of the detection.
	waiting := make(chan struct{})
	var once sync.Once
	m.SetAfterRequest(func(r mockserver.Request) {
		if r.Method == http.MethodGet && strings.Contains(r.Path, "/vif-peer-detections/") {
			once.Do(func() { close(waiting) })
		}
	})
	var out bytes.Buffer
	invoke := w.command(&out, invokeArgs(detectionActionAddress)...)
	if err := invoke.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-waiting:
	case <-time.After(2 * time.Minute):
		_ = invoke.Process.Kill()
		t.Fatalf("the invocation never waited for the detection:\n%s", out.String())
	}
	interrupted := time.Now()
	if err := invoke.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = invoke.Wait() // an interrupted apply exits non-zero
	m.SetAfterRequest(nil)
	t.Logf("interrupted invocation:\n%s", out.String())
	if took := time.Since(interrupted); took > 30*time.Second {
		t.Errorf("the invocation took %s to end after the interrupt", took)
	}
	detections := m.Detections(peerID)
	if len(detections) != 1 {
		t.Fatalf("the mock ran %d detections of the peer, want 1", len(detections))
	}
	expectCLISays(t, "the interrupted invocation", out.String(), "connectivity detection "+detections[0].ID+" of VIF peer "+peerID+" started")
	if detections[0].Status != mockserver.DetectionProcessing {
		t.Errorf("the detection is %s after the interrupt, want it still processing", detections[0].Status)
	}
	if cliSays(out.String(), "timed out") {
		t.Error("the interrupted invocation says it timed out")
	}
}

// A start whose answer is lost while the peer's detections cannot be read
// is not sent again: whether it started is unknown, and the action says so.
func TestAccVifPeerDetectionAction_lostAnswerUnknownCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m, peerID := newDetectionMock(t)
	m.CutAnswers(http.MethodPost, "/vif-peer-detections", 1)
	m.InjectFault(mockserver.Fault{Status: http.StatusInternalServerError, Every: 1, Methods: []string{http.MethodGet}, PathContains: "/vif-peer-detections"})
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccDetectionActionConfig(fmt.Sprintf("%q", peerID), ""))
	code, out := w.run(invokeArgs(detectionActionAddress)...)
	if code == 0 {
		t.Error("the invocation succeeded without knowing its detection")
	}
	expectCLISays(t, "the invocation", out, "Connectivity detection may have started", peerID)
	if n := m.CountRequests(http.MethodPost, "/vif-peer-detections"); n != 1 {
		t.Errorf("the API got %d detection starts, want 1", n)
	}
}
