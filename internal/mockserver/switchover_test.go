package mockserver

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func switchoverPath() string { return "/v3/" + project + "/dcaas/switchover-test" }

func switchoverBody(vif, operation string) string {
	return `{"switchover_test_record":{"resource_id":"` + vif + `","resource_type":"virtual_interface","operation":"` + operation + `"}}`
}

// startSwitchover starts a test and returns it as answered.
func (h *harness) startSwitchover(vif, operation string) map[string]any {
	h.t.Helper()
	status, out, _ := h.call(http.MethodPost, switchoverPath(), switchoverBody(vif, operation))
	if status != http.StatusCreated {
		h.t.Fatalf("%s of %s: %d %v", operation, vif, status, out)
	}
	return out["switchover_test_record"].(map[string]any)
}

// switchoverRecords lists the records of the query q, one page.
func (h *harness) switchoverRecords(q string) []any {
	h.t.Helper()
	status, out, _ := h.call(http.MethodGet, switchoverPath()+q, "")
	if status != http.StatusOK {
		h.t.Fatalf("list %s: %d %v", q, status, out)
	}
	return listOf(out["switchover_test_records"])
}

// vifAndPeers reads the interface and returns its status and its peers.
func (h *harness) vifAndPeers(id string) (string, []map[string]any) {
	h.t.Helper()
	_, out, _ := h.call(http.MethodGet, vifPath(id), "")
	vif := out["virtual_interface"].(map[string]any)
	var peers []map[string]any
	for _, p := range listOf(vif["vif_peers"]) {
		peers = append(peers, p.(map[string]any))
	}
	return vif["status"].(string), peers
}

func TestSwitchoverDrill(t *testing.T) {
	h := newHarness(t, 0)
	h.SetSwitchoverDuration(200 * time.Millisecond)
	static := h.seedPeer()
	status, out, _ := h.call(http.MethodPost, peersPath(), `{"vif_peer":{"vif_id":"`+vifID+`","name":"b","address_family":"ipv6","local_gateway_ip":"fd00::1/64","remote_gateway_ip":"fd00::2/64","route_mode":"bgp","bgp_asn":4200000000}}`)
	if status != 201 {
		t.Fatalf("bgp peer: %d %v", status, out)
	}
	bgp := out["vif_peer"].(map[string]any)["id"].(string)
	if _, peers := h.vifAndPeers(vifID); len(peers) != 2 {
		t.Fatalf("peers %v", peers)
	}

	rec := h.startSwitchover(vifID, "shutdown")
	if rec["operate_status"] != "STARTING" || rec["resource_id"] != vifID || rec["resource_type"] != "virtual_interface" ||
		rec["operation"] != "shutdown" || rec["end_time"] != nil || rec["tenant_id"] != project {
		t.Fatalf("started: %v", rec)
	}
	time.Sleep(100 * time.Millisecond)
	if got := h.switchoverRecords("?resource_id=" + vifID); len(got) != 1 || got[0].(map[string]any)["operate_status"] != "INPROGRESS" {
		t.Errorf("midway: %v", got)
	}
	// Shut down only once COMPLETE.
	if vifStatus, _ := h.vifAndPeers(vifID); vifStatus != "ACTIVE" {
		t.Errorf("interface %s before the shutdown completed", vifStatus)
	}
	time.Sleep(150 * time.Millisecond)
	got := h.switchoverRecords("?resource_id=" + vifID)
	if len(got) != 1 || got[0].(map[string]any)["operate_status"] != "COMPLETE" || got[0].(map[string]any)["end_time"] == nil {
		t.Fatalf("after its time: %v", got)
	}
	vifStatus, peers := h.vifAndPeers(vifID)
	if vifStatus != "DOWN" {
		t.Errorf("interface %s while shut down", vifStatus)
	}
	for _, p := range peers {
		wantBGP := any(nil)
		if p["id"] == bgp {
			wantBGP = "Down"
		}
		if p["status"] != "DOWN" || p["bgp_status"] != wantBGP {
			t.Errorf("peer %v while shut down: status %v, bgp_status %v", p["id"], p["status"], p["bgp_status"])
		}
	}
	if p, _ := h.Peer(static); p.Status != "DOWN" {
		t.Errorf("control Peer shows %s while shut down", p.Status)
	}

	// Peers of a shut-down interface can be changed; a new one is DOWN.
	if status, out, _ := h.call(http.MethodPut, peerPath(static), `{"vif_peer":{"name":"renamed"}}`); status != 200 {
		t.Errorf("update while shut down: %d %v", status, out)
	}
	if status, out, _ := h.call(http.MethodDelete, peerPath(bgp), ""); status != 204 {
		t.Errorf("delete while shut down: %d %v", status, out)
	}
	h.Peers()
	status, out, _ = h.call(http.MethodPost, peersPath(), strings.Replace(vendorIPv6, `"vif-peer-test"`, `"late"`, 1))
	if status != 201 || out["vif_peer"].(map[string]any)["status"] != "PENDING_CREATE" {
		t.Fatalf("create while shut down: %d %v", status, out)
	}
	late := out["vif_peer"].(map[string]any)["id"].(string)
	h.Peers()
	if p, _ := h.Peer(late); p.Status != "DOWN" {
		t.Errorf("a peer made on a shut-down interface is %s after PENDING_CREATE", p.Status)
	}

	h.SetSwitchoverDuration(0)
	h.startSwitchover(vifID, "undo_shutdown")
	vifStatus, peers = h.vifAndPeers(vifID)
	if vifStatus != "ACTIVE" || len(peers) != 2 {
		t.Fatalf("after undo: interface %s, peers %v", vifStatus, peers)
	}
	for _, p := range peers {
		if p["status"] != "ACTIVE" {
			t.Errorf("peer %v after undo: %v", p["id"], p["status"])
		}
	}
	if got := h.switchoverRecords(""); len(got) != 2 || got[0].(map[string]any)["operation"] != "shutdown" || got[1].(map[string]any)["operation"] != "undo_shutdown" {
		t.Errorf("all records, by start time: %v", got)
	}
}

// A BGP peer's session comes back as it was after the undo.
func TestSwitchoverRestoresBGPStatus(t *testing.T) {
	h := newHarness(t, 0)
	status, out, _ := h.call(http.MethodPost, peersPath(), `{"vif_peer":{"vif_id":"`+vifID+`","name":"b","address_family":"ipv4","local_gateway_ip":"10.0.0.1/30","remote_gateway_ip":"10.0.0.2/30","route_mode":"bgp","bgp_asn":65000}}`)
	if status != 201 {
		t.Fatalf("%d %v", status, out)
	}
	_, peers := h.vifAndPeers(vifID)
	before := peers[0]["bgp_status"]
	h.startSwitchover(vifID, "shutdown")
	if _, peers = h.vifAndPeers(vifID); peers[0]["bgp_status"] != "Down" {
		t.Errorf("bgp_status %v while shut down", peers[0]["bgp_status"])
	}
	h.startSwitchover(vifID, "undo_shutdown")
	if _, peers = h.vifAndPeers(vifID); peers[0]["bgp_status"] != before || before != "Established" {
		t.Errorf("bgp_status %v after undo, %v before", peers[0]["bgp_status"], before)
	}
}

func TestSwitchoverRefusals(t *testing.T) {
	h := newHarness(t, time.Hour)
	h.seedPeer()
	for range 2 {
		if status, out, _ := h.call(http.MethodPost, switchoverPath(), switchoverBody(newUUID(), "shutdown")); (status != 404 && status != 400) || out["error_code"] != "DC.1211" {
			t.Errorf("unknown interface: %d %v", status, out)
		}
	}
	for body, code := range map[string]string{
		switchoverBody(vifID, "reboot"): "DC.0001",
		`{"switchover_test_record":{"resource_id":"` + vifID + `","resource_type":"vif","operation":"shutdown"}}`: "DC.0001",
		`{"switchover_test_record":{"operation":"shutdown"}}`:                                                     "DC.0001",
		`{}`: "DC.0000",
	} {
		if status, out, _ := h.call(http.MethodPost, switchoverPath(), body); status != 400 || out["error_code"] != code {
			t.Errorf("%s: %d %v, want 400 %s", body, status, out, code)
		}
	}
	if status, out, _ := h.call(http.MethodPost, switchoverPath(), switchoverBody(vifID, "undo_shutdown")); status != 400 || out["error_code"] != "DC.0001" ||
		!strings.Contains(out["error_msg"].(string), "not shut down") {
		t.Errorf("undo of an interface that is up: %d %v", status, out)
	}
	h.startSwitchover(vifID, "shutdown")
	h.SwitchoverRecords(vifID)
	if status, out, _ := h.call(http.MethodPost, switchoverPath(), switchoverBody(vifID, "shutdown")); status != 400 || out["error_code"] != "DC.0001" ||
		!strings.Contains(out["error_msg"].(string), "already shut down") {
		t.Errorf("shutdown of a shut-down interface: %d %v", status, out)
	}

	// Busy: a test not finished, or a peer changing.
	h.SetSwitchoverDuration(time.Hour)
	h.startSwitchover(vifID, "undo_shutdown")
	if status, out, _ := h.call(http.MethodPost, switchoverPath(), switchoverBody(vifID, "shutdown")); (status != 409 && status != 400) || out["error_code"] != "DC.1303" {
		t.Errorf("while a test runs: %d %v", status, out)
	}
	other := h.SeedInterface("", "other")
	if _, err := h.SeedPeer(other, "ipv6", "fd00::1/64", "fd00::2/64"); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := h.call(http.MethodPost, peersPath(), strings.Replace(vendorIPv4, vifID, other, 1)); status != 201 {
		t.Fatal("create")
	}
	if status, out, _ := h.call(http.MethodPost, switchoverPath(), switchoverBody(other, "shutdown")); (status != 409 && status != 400) || out["error_code"] != "DC.1303" {
		t.Errorf("with a PENDING_CREATE peer: %d %v", status, out)
	}
}

func TestSwitchoverForcedError(t *testing.T) {
	h := newHarness(t, 0)
	h.seedPeer()
	h.FailSwitchovers(vifID, true)
	h.startSwitchover(vifID, "shutdown")
	recs := h.SwitchoverRecords(vifID)
	if len(recs) != 1 || recs[0].Status != "ERROR" || recs[0].EndedAt.IsZero() {
		t.Fatalf("records %+v", recs)
	}
	if vifStatus, peers := h.vifAndPeers(vifID); vifStatus != "ACTIVE" || peers[0]["status"] != "ACTIVE" {
		t.Errorf("a failed shutdown left the interface %s, its peer %v", vifStatus, peers[0]["status"])
	}
	h.FailSwitchovers(vifID, false)
	h.startSwitchover(vifID, "shutdown")
	if vifStatus, _ := h.vifAndPeers(vifID); vifStatus != "DOWN" {
		t.Errorf("interface %s after a shutdown once errors are off", vifStatus)
	}
}

// A shut-down interface's peers lose every probe packet.
func TestDetectionOfAShutDownInterface(t *testing.T) {
	h := newHarness(t, 0)
	peerID := h.seedPeer()
	h.startSwitchover(vifID, "shutdown")
	h.SwitchoverRecords(vifID)
	if got := h.getDetection(h.startDetection(peerID)["id"].(string)); got["loss_ratio"] != float64(100) {
		t.Errorf("detection while shut down: %v", got)
	}
}

func TestSwitchoverListFiltersAndPaging(t *testing.T) {
	h := newHarness(t, 0)
	second := h.SeedInterface("", "second")
	third := h.SeedInterface("", "third")
	var all []string
	for _, vif := range []string{vifID, second, third, vifID} {
		op := "shutdown"
		if len(h.SwitchoverRecords(vif)) == 1 {
			op = "undo_shutdown"
		}
		all = append(all, h.startSwitchover(vif, op)["id"].(string))
		time.Sleep(2 * time.Millisecond)
	}
	ids := func(items []any) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.(map[string]any)["id"].(string))
		}
		return out
	}
	if got := ids(h.switchoverRecords("?resource_id=" + vifID + "&resource_id=" + third)); strings.Join(got, ",") != strings.Join([]string{all[0], all[2], all[3]}, ",") {
		t.Errorf("two interfaces: %v", got)
	}
	var paged []string
	marker := ""
	for range 5 {
		q := "?limit=3"
		if marker != "" {
			q += "&marker=" + marker
		}
		_, out, _ := h.call(http.MethodGet, switchoverPath()+q, "")
		paged = append(paged, ids(listOf(out["switchover_test_records"]))...)
		if marker, _ = out["page_info"].(map[string]any)["next_marker"].(string); marker == "" {
			break
		}
	}
	if strings.Join(paged, ",") != strings.Join(all, ",") {
		t.Errorf("paged:\n got %v\nwant %v", paged, all)
	}
	if status, out, _ := h.call(http.MethodGet, switchoverPath()+"?operation=shutdown", ""); status != 400 || !strings.Contains(out["error_msg"].(string), `"operation"`) {
		t.Errorf("unknown parameter: %d %v", status, out)
	}
}
