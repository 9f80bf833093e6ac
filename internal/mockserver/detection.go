package mockserver

import (
	"cmp"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Detection is the mock's record of a connectivity detection of a peer.
type Detection struct {
	ID        string
	VifPeerID string
	ProjectID string
	// Status is processing, then complete or error.
	Status string
	// LossRatio is set once the detection is complete.
	LossRatio *int
	StartedAt time.Time
	// EndedAt is set once the detection has ended.
	EndedAt time.Time

	endsAt time.Time
}

// Detection statuses.
const (
	DetectionProcessing = "processing"
	DetectionComplete   = "complete"
	DetectionError      = "error"
)

// mockDomainID is the domain of the mock's one project.
const mockDomainID = "0970dd7a1300f5672ff2c003c60ae115"

// timeLayout is how the API writes a time: UTC, to the millisecond.
const timeLayout = "2006-01-02T15:04:05.000Z"

// DetectionOutcome says how the detections of a peer end.
type DetectionOutcome struct {
	// LossRatio, when set, is the loss they report (0..100). Otherwise it
	// follows the peer when the detection ends: 0 for an ACTIVE peer, 100
	// for any other, and for every peer of a shut-down interface.
	LossRatio *int
	// Error makes them end in status error, as when the probe cannot run.
	Error bool
}

// SetDetectionOutcome sets how the detections of peerID that end from now
// on end; the zero DetectionOutcome restores the default.
func (s *Server) SetDetectionOutcome(peerID string, o DetectionOutcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o == (DetectionOutcome{}) {
		delete(s.detectionOutcomes, peerID)
		return
	}
	s.detectionOutcomes[peerID] = o
}

// SetDetectionDuration sets how long detections started from now on stay
// processing.
func (s *Server) SetDetectionDuration(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.detectionDuration = d
}

// Detections returns copies of the detections of a peer, oldest first.
func (s *Server) Detections(peerID string) []Detection {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	var out []Detection
	for _, d := range s.sortedDetections() {
		if d.VifPeerID == peerID {
			c := *d
			out = append(out, c)
		}
	}
	return out
}

// sortedDetections returns every detection by start time, then id. Callers
// hold s.mu.
func (s *Server) sortedDetections() []*Detection {
	return byStartTime(s.detections, func(d *Detection) (time.Time, string) { return d.StartedAt, d.ID })
}

// byStartTime returns the records by start time, then id, as the API lists
// detections and switchover tests.
func byStartTime[T any](records map[string]*T, key func(*T) (time.Time, string)) []*T {
	out := slices.Collect(maps.Values(records))
	slices.SortFunc(out, func(x, y *T) int {
		xStart, xID := key(x)
		yStart, yID := key(y)
		return cmp.Or(xStart.Compare(yStart), strings.Compare(xID, yID))
	})
	return out
}

// settleDetections ends every detection whose time is over, with the loss
// its peer shows then. Callers hold s.mu.
func (s *Server) settleDetections(now time.Time) {
	for _, d := range s.detections {
		if d.Status != DetectionProcessing || now.Before(d.endsAt) {
			continue
		}
		d.EndedAt = d.endsAt
		outcome := s.detectionOutcomes[d.VifPeerID]
		if outcome.Error {
			d.Status = DetectionError
			continue
		}
		loss := 100
		if p, ok := s.peers[d.VifPeerID]; ok && s.peerStatus(p) == "ACTIVE" {
			loss = 0
		}
		if outcome.LossRatio != nil {
			loss = *outcome.LossRatio
		}
		d.Status, d.LossRatio = DetectionComplete, &loss
	}
}

// processingDetection tells whether a detection of the peer is processing.
// Callers hold s.mu.
func (s *Server) processingDetection(peerID string) bool {
	for _, d := range s.detections {
		if d.VifPeerID == peerID && d.Status == DetectionProcessing {
			return true
		}
	}
	return false
}

// removeDetectionsOf removes the detections of a peer, which go with it.
// Callers hold s.mu.
func (s *Server) removeDetectionsOf(peerID string) {
	for id, d := range s.detections {
		if d.VifPeerID == peerID {
			delete(s.detections, id)
		}
	}
}

func (s *Server) renderDetection(d *Detection) map[string]any {
	var end, loss any
	if !d.EndedAt.IsZero() {
		end = d.EndedAt.Add(s.clockSkew).UTC().Format(timeLayout)
	}
	if d.LossRatio != nil {
		loss = *d.LossRatio
	}
	return map[string]any{
		"id": d.ID, "vif_peer_id": d.VifPeerID, "project_id": d.ProjectID, "domain_id": mockDomainID,
		"start_time": d.StartedAt.Add(s.clockSkew).UTC().Format(timeLayout), "end_time": end,
		"status": d.Status, "loss_ratio": loss,
		// Not in the contract: clients must ignore fields they do not know.
		"region_id": "mock-region-1",
	}
}

func (s *Server) handleCreateDetection(w http.ResponseWriter, r *http.Request) {
	raw, apiErr := decodeBody(r, "vif_peer_detection")
	if apiErr != nil {
		writeError(w, apiErr.status, apiErr.code, apiErr.msg)
		return
	}
	var in struct {
		VifPeerID *string `json:"vif_peer_id"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		writeError(w, http.StatusBadRequest, "DC.0000", "malformed vif_peer_detection: "+err.Error())
		return
	}
	if in.VifPeerID == nil || *in.VifPeerID == "" {
		writeError(w, http.StatusBadRequest, "DC.0001", "vif_peer_id is required")
		return
	}
	project, peerID := r.PathValue("project"), *in.VifPeerID

	s.mu.Lock()
	s.settle()
	p, ok := s.peers[peerID]
	if !ok || p.TenantID != project {
		s.mu.Unlock()
		s.writeNotFoundAs(w, "DC.0002", "vif peer "+peerID)
		return
	}
	if strings.HasPrefix(p.Status, "PENDING_") || s.processingDetection(peerID) {
		s.mu.Unlock()
		s.writeBusy(w, "vif peer "+peerID)
		return
	}
	now := time.Now()
	d := &Detection{ID: newUUID(), VifPeerID: peerID, ProjectID: project, Status: DetectionProcessing,
		StartedAt: now, endsAt: now.Add(s.detectionDuration)}
	s.detections[d.ID] = d
	body := s.renderDetection(d)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"vif_peer_detection": body})
}

func (s *Server) handleGetDetection(w http.ResponseWriter, r *http.Request) {
	d, ok := s.lockDetection(w, r)
	if !ok {
		return
	}
	body := s.renderDetection(d)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"vif_peer_detection": body})
}

func (s *Server) handleDeleteDetection(w http.ResponseWriter, r *http.Request) {
	d, ok := s.lockDetection(w, r)
	if !ok {
		return
	}
	if d.Status == DetectionProcessing {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "DC.1303", "vif peer detection "+d.ID+" is still processing")
		return
	}
	delete(s.detections, d.ID)
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// lockDetection locks the server and returns the detection of the path,
// when the project has it; otherwise it answers not found, unlocked.
func (s *Server) lockDetection(w http.ResponseWriter, r *http.Request) (*Detection, bool) {
	id := r.PathValue("id")
	s.mu.Lock()
	s.settle()
	d, ok := s.detections[id]
	if !ok || d.ProjectID != r.PathValue("project") {
		s.mu.Unlock()
		s.writeNotFoundAs(w, "DC.0002", "vif peer detection "+id)
		return nil, false
	}
	return d, true
}

func (s *Server) handleListDetections(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	peerIDs := q["vif_peer_id"]
	if len(peerIDs) != 1 || peerIDs[0] == "" {
		writeError(w, http.StatusBadRequest, "DC.0001", "vif_peer_id is required, once")
		return
	}
	limit, ok := pageLimit(w, q.Get("limit"))
	if !ok {
		return
	}
	desc := false
	switch dir := q.Get("sort_dir"); dir {
	case "", "asc":
	case "desc":
		desc = true
	default:
		writeError(w, http.StatusBadRequest, "DC.0001", "sort_dir must be asc or desc, not "+strconv.Quote(dir))
		return
	}
	project := r.PathValue("project")

	s.mu.Lock()
	s.settle()
	var matching []*Detection
	for _, d := range s.sortedDetections() {
		if d.VifPeerID == peerIDs[0] && d.ProjectID == project {
			matching = append(matching, d)
		}
	}
	if desc {
		for i, j := 0, len(matching)-1; i < j; i, j = i+1, j-1 {
			matching[i], matching[j] = matching[j], matching[i]
		}
	}
	ids := make([]string, len(matching))
	for i, d := range matching {
		ids[i] = d.ID
	}
	from, to, next, known := pageBounds(ids, q.Get("marker"), limit)
	if !known {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "DC.0001", "marker "+strconv.Quote(q.Get("marker"))+" is not in the list")
		return
	}
	items := make([]any, 0, to-from)
	for _, d := range matching[from:to] {
		items = append(items, s.renderDetection(d))
	}
	var rendered any = items
	if len(items) == 0 && s.nextEmptyAsNull() {
		rendered = nil
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"vif_peer_detections": rendered, "page_info": pageInfo(len(items), next, previousMarker(ids, q.Get("marker"), from, to))})
}
