package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"
)

// testSwitchoverDuration is how long the mock's switchover tests take in
// these tests.
const testSwitchoverDuration = time.Second

// testAccSwitchoverActionConfig is an action named name running operation
// on the interface whose id the expression vifID gives.
func testAccSwitchoverActionConfig(name, vifID, operation string) string {
	return fmt.Sprintf(`
action "dcaas_virtual_interface_switchover" %q {
  config {
    vif_id    = %s
    operation = %q
    timeout   = "1m"
  }
}
`, name, vifID, operation)
}

// testAccDrillConfig is a line of two interfaces, each with a BGP peer, the
// actions of a drill of the first (shutdown, undo), and a detection of the
// second's peer, the redundant line, and of the first's.
func testAccDrillConfig(primaryVifID, redundantVifID string) string {
	peers := ""
	for i, vifID := range []string{primaryVifID, redundantVifID} {
		name := []string{"primary", "redundant"}[i]
		peers += peerBlock(name, hclArgs{
			"vif_id": fmt.Sprintf("%q", vifID), "name": fmt.Sprintf("%q", name), "address_family": `"ipv4"`,
			"route_mode": `"bgp"`, "bgp_asn": fmt.Sprintf("6500%d", i+1), "remote_ep_group": fmt.Sprintf(`["10.%d.0.0/24"]`, i+1),
			"local_gateway_ip": fmt.Sprintf(`"192.0.2.%d/30"`, 4*i+1), "remote_gateway_ip": fmt.Sprintf(`"192.0.2.%d/30"`, 4*i+2),
		})
	}
	return peers +
		testAccSwitchoverActionConfig("shutdown", "dcaas_vif_peer.primary.vif_id", "shutdown") +
		testAccSwitchoverActionConfig("undo", "dcaas_vif_peer.primary.vif_id", "undo_shutdown") + `
action "dcaas_vif_peer_detection" "redundant" {
  config {
    vif_peer_id = dcaas_vif_peer.redundant.id
  }
}

action "dcaas_vif_peer_detection" "primary" {
  config {
    vif_peer_id = dcaas_vif_peer.primary.id
  }
}
`
}

// newSwitchoverMock is a mock whose detections and switchover tests take
// a second.
func newSwitchoverMock(t *testing.T) *testMock {
	t.Helper()
	m := newTestMock(t)
	m.SetDetectionDuration(testDetectionDuration)
	m.SetSwitchoverDuration(testSwitchoverDuration)
	return m
}

// expectOperations checks the switchover tests the mock ran on vifID, in
// order, each as operation/status.
func expectOperations(t *testing.T, m *testMock, vifID string, want ...string) {
	t.Helper()
	var got []string
	for _, r := range m.SwitchoverRecords(vifID) {
		got = append(got, r.Operation+"/"+r.Status)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the switchover tests of %s are %q, want %q", vifID, got, want)
	}
}

// A drill as the docs show it: shut the primary interface down, check the
// redundant line (the primary, shut down, loses every packet), bring the
// primary back. While the primary is down its
// peer reads DOWN and its BGP session Down, which a plan takes in without
// any change; afterwards it is ACTIVE again, and the plan still empty.
func TestAccVirtualInterfaceSwitchoverAction_drillCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m := newSwitchoverMock(t)
	redundantVifID := m.SeedInterface("", "redundant-vif")
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccDrillConfig(testVifID, redundantVifID))
	w.mustRun("apply", "-auto-approve", "-input=false")
	primary := w.stateResource("dcaas_vif_peer.primary")
	if primary == nil {
		t.Fatal("the primary peer is not in state")
	}
	primaryID := primary.AttributeValues["id"].(string)

	out := w.mustRun(invokeArgs("action.dcaas_virtual_interface_switchover.shutdown")...)
	records := m.SwitchoverRecords(testVifID)
	if len(records) != 1 {
		t.Fatalf("the mock ran %d switchover tests, want 1", len(records))
	}
	expectCLISays(t, "the shutdown", out,
		"shutdown switchover test "+records[0].ID+" of virtual interface "+testVifID+" started",
		"switchover test "+records[0].ID+" still",
		"switchover test "+records[0].ID+" COMPLETE: virtual interface "+testVifID+" is shut down",
		"Action complete: action.dcaas_virtual_interface_switchover.shutdown")
	expectOperations(t, m, testVifID, "shutdown/COMPLETE")
	if p, _ := m.Peer(primaryID); p.Status != "DOWN" {
		t.Fatalf("the primary peer is %s in the mock while shut down, want DOWN", p.Status)
	}

	w.expectNoChanges()
	// A plan saves nothing: a refresh-only apply stores what it read.
	w.mustRun("apply", "-refresh-only", "-auto-approve", "-input=false")
	if got := w.stateResource("dcaas_vif_peer.primary").AttributeValues; got["status"] != "DOWN" || got["bgp_status"] != "Down" {
		t.Errorf("a refresh while shut down stored status %v, bgp_status %v; want DOWN, Down", got["status"], got["bgp_status"])
	}

	out = w.mustRun(invokeArgs("action.dcaas_vif_peer_detection.redundant")...)
	expectCLISays(t, "the check of the redundant line", out, "complete: 0% of packets lost")
	code, out := w.run(invokeArgs("action.dcaas_vif_peer_detection.primary")...)
	if code == 0 {
		t.Error("the check of the shut-down line passed")
	}
	expectCLISays(t, "the check of the shut-down line", out, "loss of 100% of packets")

	out = w.mustRun(invokeArgs("action.dcaas_virtual_interface_switchover.undo")...)
	expectCLISays(t, "the undo", out, "COMPLETE: virtual interface "+testVifID+" is back up", "Action complete: action.dcaas_virtual_interface_switchover.undo")
	expectOperations(t, m, testVifID, "shutdown/COMPLETE", "undo_shutdown/COMPLETE")

	w.expectNoChanges()
	w.mustRun("apply", "-refresh-only", "-auto-approve", "-input=false")
	if got := w.stateResource("dcaas_vif_peer.primary").AttributeValues; got["status"] != "ACTIVE" || got["bgp_status"] == "Down" {
		t.Errorf("a refresh after the undo stored status %v, bgp_status %v; want ACTIVE and the session back", got["status"], got["bgp_status"])
	}
	if n := m.CountRequests(http.MethodPut, "/vif-peers/") + m.CountRequests(http.MethodDelete, "/vif-peers/"); n != 0 {
		t.Errorf("the drill sent %d updates or deletes of peers", n)
	}
	expectOperations(t, m, redundantVifID)
}

// An operation the API does not know and a malformed id are refused before
// anything is sent; a shutdown of an interface already shut down, an undo
// of one that is not, and a test while another runs are the API's
// refusals, told as such.
func TestAccVirtualInterfaceSwitchoverAction_refusedCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m := newSwitchoverMock(t)
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccSwitchoverActionConfig("bad", `"86f9556a"`, "reboot"))
	code, out := w.run(invokeArgs("action.dcaas_virtual_interface_switchover.bad")...)
	if code == 0 {
		t.Error("an invalid configuration was invoked")
	}
	expectCLISays(t, "the invalid configuration's invocation", out, "vif_id", "operation", `"shutdown"`, `"undo_shutdown"`)
	if n := m.CountRequests(http.MethodPost, "/switchover-test"); n != 0 {
		t.Errorf("the API got %d switchover starts for an invalid configuration", n)
	}

	vifID := fmt.Sprintf("%q", testVifID)
	w.writeConfig(dcaasRequiredProviders + m.providerConfig() + testAccSwitchoverActionConfig("shutdown", vifID, "shutdown") +
		testAccSwitchoverActionConfig("undo", vifID, "undo_shutdown"))
	code, out = w.run(invokeArgs("action.dcaas_virtual_interface_switchover.undo")...)
	if code == 0 {
		t.Error("an undo of an interface not shut down succeeded")
	}
	expectCLISays(t, "the undo of an interface not shut down", out, "Virtual interface not shut down", "DC.0001", testVifID+" is not shut down")

	w.mustRun(invokeArgs("action.dcaas_virtual_interface_switchover.shutdown")...)
	code, out = w.run(invokeArgs("action.dcaas_virtual_interface_switchover.shutdown")...)
	if code == 0 {
		t.Error("a shutdown of an interface already shut down succeeded")
	}
	expectCLISays(t, "the second shutdown", out, "Virtual interface already shut down", "DC.0001", testVifID+" is already shut down")

	m.SetSwitchoverDuration(time.Minute)
	m.apiPost(t, "switchover-test", map[string]any{"switchover_test_record": map[string]string{
		"resource_id": testVifID, "resource_type": "virtual_interface", "operation": "undo_shutdown"}}, &struct{}{})
	code, out = w.run(invokeArgs("action.dcaas_virtual_interface_switchover.undo")...)
	if code == 0 {
		t.Error("an undo while another test runs succeeded")
	}
	expectCLISays(t, "the undo while another runs", out, "Virtual interface busy", "DC.1303")
	expectOperations(t, m, testVifID, "shutdown/COMPLETE", "undo_shutdown/"+mockserver.SwitchoverStarting)
}

// A test ending in ERROR fails the action, and one outlasting the timeout
// fails it naming the test, which may still be running.
func TestAccVirtualInterfaceSwitchoverAction_failedCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m := newSwitchoverMock(t)
	m.FailSwitchovers(testVifID, true)
	config := testAccSwitchoverActionConfig("shutdown", fmt.Sprintf("%q", testVifID), "shutdown")
	w := newPeerCLIWorkspace(t, m.providerConfig()+config)
	code, out := w.run(invokeArgs("action.dcaas_virtual_interface_switchover.shutdown")...)
	if code == 0 {
		t.Error("a switchover test ending in ERROR succeeded")
	}
	records := m.SwitchoverRecords(testVifID)
	if len(records) != 1 {
		t.Fatalf("the mock ran %d switchover tests, want 1", len(records))
	}
	expectCLISays(t, "the failed shutdown", out, "Action failed: action.dcaas_virtual_interface_switchover.shutdown",
		"Switchover test failed", records[0].ID, "ended in status ERROR")

	m.FailSwitchovers(testVifID, false)
	m.SetSwitchoverDuration(time.Minute)
	w.writeConfig(dcaasRequiredProviders + m.providerConfig() + strings.Replace(config, `"1m"`, `"3s"`, 1))
	code, out = w.run(invokeArgs("action.dcaas_virtual_interface_switchover.shutdown")...)
	if code == 0 {
		t.Error("a switchover test outlasting its timeout succeeded")
	}
	records = m.SwitchoverRecords(testVifID)
	if len(records) != 2 {
		t.Fatalf("the mock ran %d switchover tests, want 2", len(records))
	}
	expectCLISays(t, "the timed-out shutdown", out, "Switchover test timed out", records[1].ID, "may still be running")
}

// A start whose answer is lost is looked up, not sent again: one test
// runs; throttled starts and reads are retried after their Retry-After.
func TestAccVirtualInterfaceSwitchoverAction_lostAnswerThrottledCLI(t *testing.T) {
	t.Parallel()
	requireCLIFeature(t, tfcli.Actions)
	m := newSwitchoverMock(t)
	vifID := fmt.Sprintf("%q", testVifID)
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccSwitchoverActionConfig("shutdown", vifID, "shutdown")+
		testAccSwitchoverActionConfig("undo", vifID, "undo_shutdown"))

	m.CutAnswers(http.MethodPost, "/switchover-test", 1)
	out := w.mustRun(invokeArgs("action.dcaas_virtual_interface_switchover.shutdown")...)
	expectCLISays(t, "the shutdown", out, "is shut down")
	expectOperations(t, m, testVifID, "shutdown/COMPLETE")
	if n := m.CountRequests(http.MethodPost, "/switchover-test"); n != 1 {
		t.Errorf("the API got %d switchover starts, want 1", n)
	}

	m.InjectFault(mockserver.Fault{Statuses: []int{http.StatusTooManyRequests, http.StatusServiceUnavailable}, RetryAfter: 1,
		Every: 2, PathContains: "/switchover-test"})
	out = w.mustRun(invokeArgs("action.dcaas_virtual_interface_switchover.undo")...)
	expectCLISays(t, "the undo", out, "is back up")
	expectOperations(t, m, testVifID, "shutdown/COMPLETE", "undo_shutdown/COMPLETE")
	throttled := 0
	for _, r := range m.Requests() {
		if strings.Contains(r.Path, "/switchover-test") && (r.Status == http.StatusTooManyRequests || r.Status == http.StatusServiceUnavailable) {
			throttled++
		}
	}
	if throttled == 0 {
		t.Error("no switchover request was throttled: the test tested nothing")
	}
}
