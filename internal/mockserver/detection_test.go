package mockserver

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func detectionsPath() string         { return "/v3/" + project + "/dcaas/vif-peer-detections" }
func detectionPath(id string) string { return detectionsPath() + "/" + id }

func detectionBody(peerID string) string {
	return `{"vif_peer_detection":{"vif_peer_id":"` + peerID + `"}}`
}

// seedPeer adds an ACTIVE IPv4 peer to the harness's interface.
func (h *harness) seedPeer() string {
	h.t.Helper()
	id, err := h.SeedPeer(vifID, "ipv4", "10.0.0.1/30", "10.0.0.2/30")
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// startDetection starts a detection of peerID and returns it as answered.
func (h *harness) startDetection(peerID string) map[string]any {
	h.t.Helper()
	status, out, _ := h.call(http.MethodPost, detectionsPath(), detectionBody(peerID))
	if status != http.StatusCreated {
		h.t.Fatalf("create detection: %d %v", status, out)
	}
	return out["vif_peer_detection"].(map[string]any)
}

func (h *harness) getDetection(id string) map[string]any {
	h.t.Helper()
	status, out, _ := h.call(http.MethodGet, detectionPath(id), "")
	if status != http.StatusOK {
		h.t.Fatalf("get detection %s: %d %v", id, status, out)
	}
	return out["vif_peer_detection"].(map[string]any)
}

func TestDetectionRunsThenCompletes(t *testing.T) {
	h := newHarness(t, 0)
	h.SetDetectionDuration(100 * time.Millisecond)
	peerID := h.seedPeer()
	d := h.startDetection(peerID)
	if d["status"] != "processing" || d["vif_peer_id"] != peerID || d["end_time"] != nil || d["loss_ratio"] != nil ||
		d["project_id"] != project || d["domain_id"] == "" || len(d["id"].(string)) != 36 {
		t.Fatalf("started detection: %v", d)
	}
	start, err := time.Parse(time.RFC3339Nano, d["start_time"].(string))
	if err != nil || !strings.HasSuffix(d["start_time"].(string), "Z") || time.Since(start) > time.Minute {
		t.Errorf("start_time %v: %v", d["start_time"], err)
	}
	if got := h.getDetection(d["id"].(string)); got["status"] != "processing" {
		t.Errorf("before its time: %v", got)
	}
	time.Sleep(150 * time.Millisecond)
	got := h.getDetection(d["id"].(string))
	if got["status"] != "complete" || got["loss_ratio"] != float64(0) || got["end_time"] == nil {
		t.Errorf("an ACTIVE peer's detection ended as %v, want complete with loss 0", got)
	}
}

func TestDetectionLossFollowsThePeer(t *testing.T) {
	h := newHarness(t, 0)
	peerID := h.seedPeer()
	if err := h.ForceStatus(peerID, "DOWN"); err != nil {
		t.Fatal(err)
	}
	d := h.startDetection(peerID)
	if got := h.getDetection(d["id"].(string)); got["status"] != "complete" || got["loss_ratio"] != float64(100) {
		t.Errorf("a DOWN peer's detection: %v, want loss 100", got)
	}
}

func TestDetectionOutcomeControls(t *testing.T) {
	h := newHarness(t, 0)
	peerID := h.seedPeer()
	loss := 37
	h.SetDetectionOutcome(peerID, DetectionOutcome{LossRatio: &loss})
	if got := h.getDetection(h.startDetection(peerID)["id"].(string)); got["status"] != "complete" || got["loss_ratio"] != float64(37) {
		t.Errorf("with loss set to 37: %v", got)
	}
	h.SetDetectionOutcome(peerID, DetectionOutcome{Error: true})
	if got := h.getDetection(h.startDetection(peerID)["id"].(string)); got["status"] != "error" || got["loss_ratio"] != nil || got["end_time"] == nil {
		t.Errorf("with error forced: %v", got)
	}
	h.SetDetectionOutcome(peerID, DetectionOutcome{})
	if got := h.getDetection(h.startDetection(peerID)["id"].(string)); got["loss_ratio"] != float64(0) {
		t.Errorf("after the default is restored: %v", got)
	}
}

func TestDetectionRefusals(t *testing.T) {
	h := newHarness(t, time.Hour)
	h.SetDetectionDuration(time.Hour)
	peerID := h.seedPeer()

	for range 2 {
		status, out, _ := h.call(http.MethodPost, detectionsPath(), detectionBody(newUUID()))
		if (status != 404 && status != 400) || out["error_code"] != "DC.0002" {
			t.Errorf("unknown peer: %d %v", status, out)
		}
	}
	for body, code := range map[string]string{`{}`: "DC.0000", `{"vif_peer_detection":{}}`: "DC.0001", `not json`: "DC.0000"} {
		if status, out, _ := h.call(http.MethodPost, detectionsPath(), body); status != 400 || out["error_code"] != code {
			t.Errorf("body %s: %d %v, want 400 %s", body, status, out, code)
		}
	}

	d := h.startDetection(peerID)
	status, out, _ := h.call(http.MethodPost, detectionsPath(), detectionBody(peerID))
	if (status != 409 && status != 400) || out["error_code"] != "DC.1303" {
		t.Errorf("second detection while one is processing: %d %v", status, out)
	}
	if status, out, _ := h.call(http.MethodDelete, detectionPath(d["id"].(string)), ""); status != 400 || out["error_code"] != "DC.1303" {
		t.Errorf("delete while processing: %d %v", status, out)
	}

	// A peer being updated is busy.
	other, err := h.SeedPeer(vifID, "ipv6", "fd00::1/64", "fd00::2/64")
	if err != nil {
		t.Fatal(err)
	}
	if status, _, _ := h.call(http.MethodPut, peerPath(other), `{"vif_peer":{"name":"n"}}`); status != 200 {
		t.Fatalf("update: %d", status)
	}
	if status, out, _ := h.call(http.MethodPost, detectionsPath(), detectionBody(other)); (status != 409 && status != 400) || out["error_code"] != "DC.1303" {
		t.Errorf("detection of a PENDING_UPDATE peer: %d %v", status, out)
	}
	for range 2 {
		if status, out, _ := h.call(http.MethodGet, detectionPath(newUUID()), ""); (status != 404 && status != 400) || out["error_code"] != "DC.0002" {
			t.Errorf("get of an unknown detection: %d %v", status, out)
		}
	}
}

func TestDetectionDeleteAndPeerDelete(t *testing.T) {
	h := newHarness(t, 0)
	peerID := h.seedPeer()
	if _, err := h.SeedPeer(vifID, "ipv6", "fd00::1/64", "fd00::2/64"); err != nil {
		t.Fatal(err)
	}
	first := h.startDetection(peerID)["id"].(string)
	h.getDetection(first)
	if status, _, _ := h.call(http.MethodDelete, detectionPath(first), ""); status != http.StatusNoContent {
		t.Fatalf("delete of a finished detection: %d", status)
	}
	if status, _, _ := h.call(http.MethodGet, detectionPath(first), ""); status != 404 && status != 400 {
		t.Errorf("deleted detection still read: %d", status)
	}

	second := h.startDetection(peerID)["id"].(string)
	h.getDetection(second)
	if status, _, _ := h.call(http.MethodDelete, peerPath(peerID), ""); status != http.StatusNoContent {
		t.Fatalf("delete peer: %d", status)
	}
	h.Peers() // the delete ends
	if status, out, _ := h.call(http.MethodGet, detectionPath(second), ""); status != 404 && status != 400 {
		t.Errorf("the detection of a deleted peer is still there: %d %v", status, out)
	}
}

func TestDetectionListSortAndPaging(t *testing.T) {
	h := newHarness(t, 0)
	peerID := h.seedPeer()
	var started []string
	for range 5 {
		id := h.startDetection(peerID)["id"].(string)
		h.getDetection(id) // ends it, so the next may start
		started = append(started, id)
		time.Sleep(2 * time.Millisecond)
	}
	other := h.SeedInterface("", "other")
	otherPeer, err := h.SeedPeer(other, "ipv4", "10.1.0.1/30", "10.1.0.2/30")
	if err != nil {
		t.Fatal(err)
	}
	h.startDetection(otherPeer)

	list := func(dir string) []string {
		var ids []string
		marker := ""
		for pages := 0; pages < 10; pages++ {
			q := "?vif_peer_id=" + peerID + "&limit=2"
			if dir != "" {
				q += "&sort_dir=" + dir
			}
			if marker != "" {
				q += "&marker=" + marker
			}
			status, out, _ := h.call(http.MethodGet, detectionsPath()+q, "")
			if status != 200 {
				t.Fatalf("list %s: %d %v", q, status, out)
			}
			items := listOf(out["vif_peer_detections"])
			for _, it := range items {
				ids = append(ids, it.(map[string]any)["id"].(string))
			}
			info := out["page_info"].(map[string]any)
			if previous, _ := info["previous_marker"].(string); marker != "" && previous != items[0].(map[string]any)["id"] {
				t.Errorf("%s: previous_marker %q, want the page's first id", q, previous)
			}
			if marker, _ = info["next_marker"].(string); marker == "" {
				return ids
			}
		}
		t.Fatal("paging does not end")
		return nil
	}
	if got := strings.Join(list(""), ","); got != strings.Join(started, ",") {
		t.Errorf("ascending:\n got %s\nwant %s", got, strings.Join(started, ","))
	}
	if got := strings.Join(list("asc"), ","); got != strings.Join(started, ",") {
		t.Errorf("sort_dir=asc:\n got %s\nwant %s", got, strings.Join(started, ","))
	}
	reversed := make([]string, len(started))
	for i, id := range started {
		reversed[len(started)-1-i] = id
	}
	if got := strings.Join(list("desc"), ","); got != strings.Join(reversed, ",") {
		t.Errorf("sort_dir=desc:\n got %s\nwant %s", got, strings.Join(reversed, ","))
	}

	for q, want := range map[string]string{
		"": "vif_peer_id",
		"?vif_peer_id=" + peerID + "&sort_dir=up": "sort_dir",
		"?vif_peer_id=" + peerID + "&limit=0":     "limit",
		"?vif_peer_id=" + peerID + "&status=x":    `"status"`,
	} {
		if status, out, _ := h.call(http.MethodGet, detectionsPath()+q, ""); status != 400 || out["error_code"] != "DC.0001" ||
			!strings.Contains(out["error_msg"].(string), want) {
			t.Errorf("list%s: %d %v, want 400 DC.0001 naming %s", q, status, out, want)
		}
	}
}
