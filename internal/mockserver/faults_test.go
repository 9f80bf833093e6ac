package mockserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestFaults(t *testing.T) {
	h := newHarness(t, 0)
	h.InjectFault(Fault{Status: 429, RetryAfter: 2, Every: 3, Methods: []string{"GET"}})
	var statuses []int
	for range 6 {
		status, _, hdr := h.call(http.MethodGet, vifPath(vifID), "")
		statuses = append(statuses, status)
		if status == 429 && hdr.Get("Retry-After") != "2" {
			t.Errorf("Retry-After %q", hdr.Get("Retry-After"))
		}
	}
	if fmt.Sprint(statuses) != "[200 200 429 200 200 429]" {
		t.Errorf("statuses %v", statuses)
	}
	if status, _, _ := h.call(http.MethodPost, peersPath(), vendorIPv4); status != 201 {
		t.Errorf("POST hit by a GET-only fault: %d", status)
	}
	h.ClearFaults()

	h.InjectFault(Fault{Statuses: []int{429, 503}, RetryAfter: 1, Every: 2, Methods: []string{"DELETE"}})
	var rotated []int
	for range 4 {
		status, _, _ := h.call(http.MethodDelete, peerPath("00000000-0000-4000-8000-000000000000"), "")
		rotated = append(rotated, status)
	}
	if rotated[1] != 429 || rotated[3] != 503 {
		t.Errorf("statuses in turn: %v", rotated)
	}
	h.ClearFaults()

	h.InjectFault(Fault{Status: 503, Rate: 0.5, Seed: 7, Limit: 3})
	faults := 0
	for range 20 {
		if status, _, _ := h.call(http.MethodGet, vifPath(vifID), ""); status == 503 {
			faults++
		}
	}
	if faults != 3 {
		t.Errorf("%d faults, want the limit of 3", faults)
	}
	h.ClearFaults()

	// A fault changes nothing: the create it answers made no peer.
	before := len(h.Peers())
	h.InjectFault(Fault{Status: 500, Every: 1, Methods: []string{"POST"}})
	if status, _, _ := h.call(http.MethodPost, peersPath(), vendorIPv6); status != 500 {
		t.Errorf("status %d", status)
	}
	if len(h.Peers()) != before {
		t.Error("a faulted create made a peer")
	}
}

func TestCutCreateResponseStillCreates(t *testing.T) {
	h := newHarness(t, 0)
	h.CutCreateResponses(1)
	req, _ := http.NewRequest(http.MethodPost, h.url+peersPath(), strings.NewReader(vendorIPv4))
	req.Header.Set("X-Auth-Token", token)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("got an answer (%d) to a cut create", resp.StatusCode)
	}
	peers := h.Peers()
	if len(peers) != 1 || peers[0].Name != "vif-peer-test" {
		t.Fatalf("peers after a cut create: %+v", peers)
	}
	if status, _, _ := h.call(http.MethodPost, peersPath(), vendorIPv6); status != 201 {
		t.Errorf("only the next create is cut; the one after got %d", status)
	}
	reqs := h.Requests()
	if reqs[0].Status != 0 || reqs[1].Status != 201 {
		t.Errorf("recorded statuses %d, %d", reqs[0].Status, reqs[1].Status)
	}
}

// A create cut without creating gets no answer and leaves nothing, while
// another client's identical create, sent as it is held, is made.
func TestCutCreateUnmade(t *testing.T) {
	h := newHarness(t, 0)
	// Set by the handler's goroutine, before it cuts the connection: the
	// cut is no synchronisation the race detector sees.
	var twinStatus atomic.Int64
	h.CutCreateUnmade(func() {
		status, _, _ := h.call(http.MethodPost, peersPath(), vendorIPv4)
		twinStatus.Store(int64(status))
	})
	req, _ := http.NewRequest(http.MethodPost, h.url+peersPath(), strings.NewReader(vendorIPv4))
	req.Header.Set("X-Auth-Token", token)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("got an answer (%d) to a cut create", resp.StatusCode)
	}
	if got := twinStatus.Load(); got != http.StatusCreated {
		t.Errorf("the create sent while the first was held got %d", got)
	}
	if peers := h.Peers(); len(peers) != 1 {
		t.Errorf("peers %+v, want the other client's alone", peers)
	}
	var statuses []int
	for _, r := range h.Requests() {
		statuses = append(statuses, r.Status)
	}
	if fmt.Sprint(statuses) != "[0 201]" {
		t.Errorf("recorded statuses %v, want the held create cut (0), the other answered 201", statuses)
	}
	if status, _, _ := h.call(http.MethodPost, peersPath(), vendorIPv6); status != http.StatusCreated {
		t.Errorf("only one create is cut; the next got %d", status)
	}
}

// A held create is served once the test has acted: here it finds its
// address family taken by the create sent meanwhile.
func TestHoldCreate(t *testing.T) {
	h := newHarness(t, 0)
	var otherStatus int
	h.HoldCreate(func() { otherStatus, _, _ = h.call(http.MethodPost, peersPath(), vendorIPv4) })
	status, out, _ := h.call(http.MethodPost, peersPath(), vendorIPv4)
	if otherStatus != http.StatusCreated || status != http.StatusBadRequest || out["error_code"] != "DC.1301" {
		t.Errorf("the create sent meanwhile got %d; the held one %d %v, want 201, then 400 DC.1301", otherStatus, status, out)
	}
}

// A create whose answer is cut is made all the same.
func TestCutAnswersKeepTheirEffect(t *testing.T) {
	h := newHarness(t, 0)
	peerID := h.seedPeer()
	h.CutAnswers(http.MethodPost, "/vif-peer-detections", 1)
	req, _ := http.NewRequest(http.MethodPost, h.url+detectionsPath(), strings.NewReader(detectionBody(peerID)))
	req.Header.Set("X-Auth-Token", token)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d, want the connection cut", resp.StatusCode)
	}
	if got := h.Detections(peerID); len(got) != 1 {
		t.Fatalf("detections after a cut answer: %+v", got)
	}
	h.startDetection(peerID) // the cut is used up
}

// Each fault reaches only the requests it names; every other request is
// served and answered as the contract says, the refusals included.
func TestFaultsReachOnlyTheirRoute(t *testing.T) {
	h := newHarness(t, 0)
	peerID := h.seedPeer()
	h.InjectFault(Fault{Status: http.StatusServiceUnavailable, Every: 1, Methods: []string{http.MethodPost}, PathContains: "/vif-peer-detections"})
	h.CutCreateResponses(1)
	var held atomic.Int64
	h.HoldCreate(func() { held.Add(1) })

	if status, _, _ := h.call(http.MethodPost, detectionsPath(), detectionBody(peerID)); status != http.StatusServiceUnavailable {
		t.Errorf("a detection started under its fault: %d, want 503", status)
	}
	if status, out, _ := h.call(http.MethodGet, detectionsPath()+"?vif_peer_id="+peerID, ""); status != http.StatusOK || len(listOf(out["vif_peer_detections"])) != 0 {
		t.Errorf("the list of detections, which no fault names: %d %v", status, out)
	}
	if status, out, _ := h.call(http.MethodPut, peerPath(peerID), `{"vif_peer":{"name":"renamed"}}`); status != http.StatusOK ||
		out["vif_peer"].(map[string]any)["name"] != "renamed" || held.Load() != 0 {
		t.Errorf("an update, which no fault names: %d %v, %d held", status, out, held.Load())
	}
	// The held create is the next create, whatever its outcome; a refused
	// create's answer is not lost, as only a successful one's is.
	if status, out, _ := h.call(http.MethodPost, peersPath(), vendorIPv4); status != http.StatusBadRequest || out["error_code"] != "DC.1301" || held.Load() != 1 {
		t.Errorf("a create of a taken family: %d %v, %d held; want 400 DC.1301, held once", status, out, held.Load())
	}
	req, _ := http.NewRequest(http.MethodPost, h.url+peersPath(), strings.NewReader(vendorIPv6))
	req.Header.Set("X-Auth-Token", token)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the successful create was answered %d, want its answer lost", resp.StatusCode)
	}
	if peers := h.Peers(); len(peers) != 2 || peers[1].AddressFamily != "ipv6" {
		t.Errorf("peers %+v, want the IPv6 peer made", peers)
	}
}

// A request the gateway or the credentials check refuses never meets a
// fault, nor uses up its turn.
func TestFaultsMeetOnlyServedRequests(t *testing.T) {
	h := newHarness(t, 0)
	h.InjectFault(Fault{Status: http.StatusBadGateway, Every: 1, Limit: 1})
	if status, out, _ := h.call(http.MethodGet, vifsPath(), "", "wrong"); status != http.StatusUnauthorized {
		t.Errorf("a wrong token: %d %v, want 401", status, out)
	}
	if status, out, _ := h.call(http.MethodGet, "/v3/"+project+"/dcaas/nothing", ""); status != http.StatusNotFound || out["error_code"] != "APIGW.0101" {
		t.Errorf("an unpublished path: %d %v, want the gateway's 404", status, out)
	}
	if status, _, _ := h.call(http.MethodGet, vifsPath(), ""); status != http.StatusBadGateway {
		t.Errorf("the first served request: %d, want the fault's 502", status)
	}
}

// The contract's handlers know nothing of faults: served without the
// middleware, a create is made and answered while every fault is set.
func TestHandlersIgnoreFaults(t *testing.T) {
	h := newHarness(t, 0)
	h.InjectFault(Fault{Status: http.StatusInternalServerError, Every: 1})
	h.CutCreateResponses(1)
	h.CutAnswers(http.MethodPost, "/vif-peers", 1)
	h.CutCreateUnmade(nil)
	req := httptest.NewRequest(http.MethodPost, peersPath(), strings.NewReader(vendorIPv4))
	rec := httptest.NewRecorder()
	h.mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"status":"PENDING_CREATE"`) {
		t.Errorf("the contract's create: %d %s, want 201 PENDING_CREATE", rec.Code, rec.Body)
	}
	if peers := h.Peers(); len(peers) != 1 {
		t.Errorf("peers %+v, want the one created", peers)
	}
}

// An answer that may be lost but is not reaches the client whole: status,
// headers and body.
func TestAnswerNotLostIsSentWhole(t *testing.T) {
	h := newHarness(t, 0)
	h.CutCreateResponses(1)
	status, out, header := h.call(http.MethodPost, peersPath(), `{"vif_peer":{"name":"n"}}`)
	if status != http.StatusBadRequest || out["error_code"] != "DC.0001" || out["request_id"] != header.Get("X-Request-Id") ||
		!strings.HasPrefix(header.Get("Content-Type"), "application/json") {
		t.Errorf("a refused create: %d %v %v", status, out, header)
	}
	if reqs := h.Requests(); reqs[0].Status != http.StatusBadRequest {
		t.Errorf("recorded status %d, want 400", reqs[0].Status)
	}
}
