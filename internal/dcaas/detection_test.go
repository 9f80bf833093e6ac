package dcaas

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// detectionMock is a client of a mock with one interface and its ACTIVE
// IPv4 peer, whose id it returns.
func detectionMock(t *testing.T, pageSize int) (*Client, *mockserver.Server, string) {
	t.Helper()
	c, m := newMockClient(t, pageSize)
	vifID := m.SeedInterface("", "v")
	peerID, err := m.SeedPeer(vifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	return c, m, peerID
}

func TestDetectionStartWaitListDelete(t *testing.T) {
	c, m, peerID := detectionMock(t, 2)
	m.SetDetectionDuration(700 * time.Millisecond)
	ctx := context.Background()

	d, err := c.CreateVifPeerDetection(ctx, peerID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != DetectionProcessing || d.VifPeerID != peerID || d.LossRatio != nil || d.EndTime != nil || !UUIDPattern.MatchString(d.ID) {
		t.Fatalf("started: %+v", d)
	}
	var progress []string
	done, err := c.WaitVifPeerDetectionFinished(ctx, d.ID, func(d VifPeerDetection) { progress = append(progress, d.Status) })
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != DetectionComplete || done.LossRatio == nil || *done.LossRatio != 0 || done.EndTime == nil || done.RequestID == "" {
		t.Errorf("finished: %+v", done)
	}
	if len(progress) == 0 || progress[0] != DetectionProcessing {
		t.Errorf("progress told %v, want processing at least once", progress)
	}

	// Two more, then the list in both orders, two a page.
	m.SetDetectionDuration(0)
	ids := []string{d.ID}
	for range 2 {
		time.Sleep(2 * time.Millisecond)
		next, err := c.CreateVifPeerDetection(ctx, peerID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.WaitVifPeerDetectionFinished(ctx, next.ID, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, next.ID)
	}
	idsOf := func(ds []VifPeerDetection) string {
		var out []string
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return strings.Join(out, ",")
	}
	asc, err := c.ListVifPeerDetections(ctx, DetectionListOptions{VifPeerID: peerID})
	if err != nil || idsOf(asc) != strings.Join(ids, ",") {
		t.Errorf("ascending: %s, %v; want %s", idsOf(asc), err, strings.Join(ids, ","))
	}
	newest, err := c.ListVifPeerDetections(ctx, DetectionListOptions{VifPeerID: peerID, SortDir: SortDescending, Limit: 1})
	if err != nil || idsOf(newest) != ids[2] {
		t.Errorf("newest: %s, %v; want %s", idsOf(newest), err, ids[2])
	}
	var markers int
	for _, q := range m.Requests() {
		if q.Method == http.MethodGet && strings.HasSuffix(q.Path, "/vif-peer-detections") && strings.Contains(q.Query, "marker=") {
			markers++
		}
	}
	if markers != 1 {
		t.Errorf("three detections two a page took %d pages after the first, want 1", markers)
	}

	if err := c.DeleteVifPeerDetection(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetVifPeerDetection(ctx, ids[0]); !IsNotFound(err) {
		t.Errorf("get of a deleted detection: %v, want not found", err)
	}
}

func TestDetectionRefusals(t *testing.T) {
	c, m, peerID := detectionMock(t, 0)
	m.SetDetectionDuration(time.Hour)
	ctx := context.Background()
	if _, err := c.CreateVifPeerDetection(ctx, "5f0c6a4e-0000-4000-8000-000000000000"); !IsNotFound(err) {
		t.Errorf("unknown peer: %v, want not found", err)
	}
	d, err := c.CreateVifPeerDetection(ctx, peerID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateVifPeerDetection(ctx, peerID); !IsBusy(err) {
		t.Errorf("a second detection while one runs: %v, want busy", err)
	}
	if err := c.DeleteVifPeerDetection(ctx, d.ID); !IsBusy(err) {
		t.Errorf("delete while processing: %v, want busy", err)
	}
	if _, err := c.ListVifPeerDetections(ctx, DetectionListOptions{}); err == nil {
		t.Error("a list without a peer id was sent")
	}
	if n := len(m.Detections(peerID)); n != 1 {
		t.Errorf("%d detections, want 1", n)
	}
}

func TestDetectionWaitEnds(t *testing.T) {
	c, m, peerID := detectionMock(t, 0)
	ctx := context.Background()

	loss := 40
	m.SetDetectionOutcome(peerID, mockserver.DetectionOutcome{LossRatio: &loss})
	d, err := c.CreateVifPeerDetection(ctx, peerID)
	if err != nil {
		t.Fatal(err)
	}
	if done, err := c.WaitVifPeerDetectionFinished(ctx, d.ID, nil); err != nil || *done.LossRatio != 40 {
		t.Errorf("lossy line: %+v, %v", done, err)
	}

	m.SetDetectionOutcome(peerID, mockserver.DetectionOutcome{Error: true})
	d, err = c.CreateVifPeerDetection(ctx, peerID)
	if err != nil {
		t.Fatal(err)
	}
	done, err := c.WaitVifPeerDetectionFinished(ctx, d.ID, nil)
	if !errors.Is(err, ErrOperationFailed) || done == nil || done.Status != DetectionError || !strings.Contains(err.Error(), d.ID) {
		t.Errorf("detection ending in error: %+v, %v", done, err)
	}

	m.SetDetectionDuration(time.Hour)
	d, err = c.CreateVifPeerDetection(ctx, peerID)
	if err != nil {
		t.Fatal(err)
	}
	timeout, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	done, err = c.WaitVifPeerDetectionFinished(timeout, d.ID, nil)
	if !errors.Is(err, context.DeadlineExceeded) || done == nil || !strings.Contains(err.Error(), "still processing") || !strings.Contains(err.Error(), d.ID) {
		t.Errorf("timeout: %+v, %v", done, err)
	}
}

// A start whose answer is lost is found in the list, not sent again.
func TestDetectionLostAnswerFoundInTheList(t *testing.T) {
	c, m, peerID := detectionMock(t, 0)
	m.CutAnswers(http.MethodPost, "/vif-peer-detections", 1)
	d, err := c.CreateVifPeerDetection(context.Background(), peerID)
	if err != nil {
		t.Fatal(err)
	}
	made := m.Detections(peerID)
	if len(made) != 1 || made[0].ID != d.ID || m.CountRequests(http.MethodPost, "/vif-peer-detections") != 1 {
		t.Errorf("returned %s; the mock holds %+v after %d POSTs, want that one after 1", d.ID, made, m.CountRequests(http.MethodPost, "/vif-peer-detections"))
	}
}

// A 502 changed nothing: the list shows no detection, so the start is sent
// again, and one detection is made.
func TestDetectionLostAnswerNoneMadeSentAgain(t *testing.T) {
	c, m, peerID := detectionMock(t, 0)
	m.InjectFault(mockserver.Fault{Status: http.StatusBadGateway, Methods: []string{http.MethodPost}, PathContains: "/vif-peer-detections", Every: 1, Limit: 1})
	d, err := c.CreateVifPeerDetection(context.Background(), peerID)
	if err != nil {
		t.Fatal(err)
	}
	if made := m.Detections(peerID); len(made) != 1 || made[0].ID != d.ID || m.CountRequests(http.MethodPost, "/vif-peer-detections") != 2 {
		t.Errorf("returned %s; the mock holds %+v after %d POSTs, want that one after 2", d.ID, made, m.CountRequests(http.MethodPost, "/vif-peer-detections"))
	}
}

// When the list cannot be read either, whether a detection started is
// unknown, and said so; nothing is sent again.
func TestDetectionLostAnswerUnprovable(t *testing.T) {
	c, m, peerID := detectionMock(t, 0)
	m.CutAnswers(http.MethodPost, "/vif-peer-detections", 1)
	m.InjectFault(mockserver.Fault{Status: http.StatusInternalServerError, Methods: []string{http.MethodGet}, PathContains: "/vif-peer-detections", Every: 1})
	_, err := c.CreateVifPeerDetection(context.Background(), peerID)
	var lost *LostStartError
	if !errors.As(err, &lost) || lost.LookupErr == nil || !IsAmbiguous(err) || !strings.Contains(err.Error(), "unknown") {
		t.Fatalf("%v, want a LostStartError whose lookup failed", err)
	}
	if n := m.CountRequests(http.MethodPost, "/vif-peer-detections"); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
}

// Every start lost and none made: after MaxCreateAttempts, the error says
// none was started.
func TestDetectionLostAnswersNoneMade(t *testing.T) {
	c, m, peerID := detectionMock(t, 0)
	m.InjectFault(mockserver.Fault{Status: http.StatusGatewayTimeout, Methods: []string{http.MethodPost}, PathContains: "/vif-peer-detections", Every: 1})
	_, err := c.CreateVifPeerDetection(context.Background(), peerID)
	var lost *LostStartError
	if !errors.As(err, &lost) || lost.LookupErr != nil || lost.Sent != MaxCreateAttempts || !strings.Contains(err.Error(), "none was started") {
		t.Fatalf("%v, want a LostStartError after %d sends", err, MaxCreateAttempts)
	}
	if n := len(m.Detections(peerID)); n != 0 {
		t.Errorf("%d detections", n)
	}
}

// A throttled start changed nothing and is sent again at once.
func TestDetectionStartThrottled(t *testing.T) {
	c, m, peerID := detectionMock(t, 0)
	m.InjectFault(mockserver.Fault{Status: http.StatusTooManyRequests, RetryAfter: 0, Methods: []string{http.MethodPost}, PathContains: "/vif-peer-detections", Every: 1, Limit: 2})
	if _, err := c.CreateVifPeerDetection(context.Background(), peerID); err != nil {
		t.Fatal(err)
	}
	if n, lists := m.CountRequests(http.MethodPost, "/vif-peer-detections"), m.CountRequests(http.MethodGet, "/vif-peer-detections"); n != 3 || lists != 0 || len(m.Detections(peerID)) != 1 {
		t.Errorf("%d POSTs and %d lists for one detection, want 3 and 0", n, lists)
	}
}

// A start refused as busy after an earlier one's answer was lost may be
// that earlier start, committed late: the list is read again, and the
// detection that started since is returned rather than the refusal.
func TestDetectionBusyAfterLostAnswerFindsTheLateStart(t *testing.T) {
	c, m, peerID := detectionMock(t, 0)
	m.SetDetectionDuration(time.Hour)
	m.InjectFault(mockserver.Fault{Status: http.StatusBadGateway, Methods: []string{http.MethodPost}, PathContains: "/vif-peer-detections", Every: 1, Limit: 1})
	var late atomic.Pointer[VifPeerDetection]
	var once sync.Once
	// Once the first list has shown nothing, the detection appears, as a
	// start the service committed after answering 502 would.
	m.SetAfterRequest(func(r mockserver.Request) {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/vif-peer-detections") {
			once.Do(func() {
				d, err := postRecord(context.Background(), c, c.projectPath("vif-peer-detections"), "vif_peer_detection",
					map[string]any{"vif_peer_detection": map[string]string{"vif_peer_id": peerID}}, func(d *VifPeerDetection) string { return d.ID })
				if err != nil {
					t.Error(err)
				}
				late.Store(d)
			})
		}
	})
	d, err := c.CreateVifPeerDetection(context.Background(), peerID)
	if err != nil {
		t.Fatal(err)
	}
	if l := late.Load(); l == nil || d.ID != l.ID || len(m.Detections(peerID)) != 1 {
		t.Errorf("returned %s; the mock holds %+v", d.ID, m.Detections(peerID))
	}
	// The POSTs: the lost one, the late one, and the one refused as busy.
	if n := m.CountRequests(http.MethodPost, "/vif-peer-detections"); n != 3 {
		t.Errorf("%d POSTs, want 3", n)
	}
}

// A limit above the API's largest page is read in pages the API accepts.
func TestDetectionListLimitAboveLargestPage(t *testing.T) {
	c, m, peerID := detectionMock(t, 0)
	ctx := context.Background()
	for range maxListPageSize + 2 {
		if _, err := c.CreateVifPeerDetection(ctx, peerID); err != nil {
			t.Fatal(err)
		}
	}
	sent := len(m.Requests())
	got, err := c.ListVifPeerDetections(ctx, DetectionListOptions{VifPeerID: peerID, Limit: maxListPageSize + 1})
	if err != nil || len(got) != maxListPageSize+1 {
		t.Fatalf("listed %d, %v; want %d", len(got), err, maxListPageSize+1)
	}
	var limits []string
	for _, r := range m.Requests()[sent:] {
		q, _ := url.ParseQuery(r.Query)
		limits = append(limits, q.Get("limit"))
	}
	if want := []string{"2000", "1"}; !slices.Equal(limits, want) {
		t.Errorf("pages asked for limits %v, want %v", limits, want)
	}
}
