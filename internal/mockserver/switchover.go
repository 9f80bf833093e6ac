package mockserver

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// SwitchoverRecord is the mock's record of a switchover test of a virtual
// interface.
type SwitchoverRecord struct {
	ID         string
	TenantID   string
	ResourceID string
	// Operation is shutdown or undo_shutdown.
	Operation string
	// Status is STARTING, INPROGRESS, then COMPLETE or ERROR.
	Status    string
	StartedAt time.Time
	// EndedAt is set once the test has ended.
	EndedAt time.Time

	inProgressAt, endsAt time.Time
}

// Switchover operations and statuses.
const (
	OperationShutdown     = "shutdown"
	OperationUndoShutdown = "undo_shutdown"

	SwitchoverStarting   = "STARTING"
	SwitchoverInProgress = "INPROGRESS"
	SwitchoverComplete   = "COMPLETE"
	SwitchoverError      = "ERROR"
)

// SetSwitchoverDuration sets how long switchover tests started from now on
// take to end.
func (s *Server) SetSwitchoverDuration(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.switchoverDuration = d
}

// FailSwitchovers makes the switchover tests of interface vifID that end
// from now on end in ERROR, changing nothing, or again COMPLETE when fail
// is false.
func (s *Server) FailSwitchovers(vifID string, fail bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if fail {
		s.switchoverFailures[vifID] = true
	} else {
		delete(s.switchoverFailures, vifID)
	}
}

// SwitchoverRecords returns copies of the switchover tests of an interface,
// oldest first.
func (s *Server) SwitchoverRecords(vifID string) []SwitchoverRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	var out []SwitchoverRecord
	for _, rec := range s.sortedSwitchovers() {
		if rec.ResourceID == vifID {
			out = append(out, *rec)
		}
	}
	return out
}

// sortedSwitchovers returns every record by start time, then id. Callers
// hold s.mu.
func (s *Server) sortedSwitchovers() []*SwitchoverRecord {
	return byStartTime(s.switchovers, func(rec *SwitchoverRecord) (time.Time, string) { return rec.StartedAt, rec.ID })
}

// settleSwitchovers moves each test on whose time has come; one that
// completes shuts its interface down or brings it back. Callers hold s.mu.
func (s *Server) settleSwitchovers(now time.Time) {
	for _, rec := range s.sortedSwitchovers() {
		if rec.Status == SwitchoverStarting && !now.Before(rec.inProgressAt) {
			rec.Status = SwitchoverInProgress
		}
		if rec.Status != SwitchoverInProgress || now.Before(rec.endsAt) {
			continue
		}
		rec.EndedAt = rec.endsAt
		if s.switchoverFailures[rec.ResourceID] {
			rec.Status = SwitchoverError
			continue
		}
		rec.Status = SwitchoverComplete
		if vif, ok := s.vifs[rec.ResourceID]; ok {
			vif.shutDown = rec.Operation == OperationShutdown
		}
	}
}

// peerStatus is the status a peer shows: DOWN for every peer of a
// shut-down interface that is not changing. A peer in ERROR keeps it, as
// the contract says it does until deleted. Callers hold s.mu.
func (s *Server) peerStatus(p *Peer) string {
	if vif, ok := s.vifs[p.VifID]; ok && vif.shutDown &&
		!strings.HasPrefix(p.Status, "PENDING_") && p.Status != "ERROR" {
		return "DOWN"
	}
	return p.Status
}

// unfinishedSwitchover tells whether a test of the interface has not
// ended. Callers hold s.mu.
func (s *Server) unfinishedSwitchover(vifID string) bool {
	for _, rec := range s.switchovers {
		if rec.ResourceID == vifID && (rec.Status == SwitchoverStarting || rec.Status == SwitchoverInProgress) {
			return true
		}
	}
	return false
}

func (s *Server) renderSwitchover(rec *SwitchoverRecord) map[string]any {
	var end any
	if !rec.EndedAt.IsZero() {
		end = rec.EndedAt.Add(s.clockSkew).UTC().Format(timeLayout)
	}
	return map[string]any{
		"id": rec.ID, "tenant_id": rec.TenantID, "resource_id": rec.ResourceID, "resource_type": "virtual_interface",
		"operation": rec.Operation, "start_time": rec.StartedAt.Add(s.clockSkew).UTC().Format(timeLayout),
		"end_time": end, "operate_status": rec.Status,
		// Not in the contract: clients must ignore fields they do not know.
		"region_id": "mock-region-1",
	}
}

func (s *Server) handleCreateSwitchover(w http.ResponseWriter, r *http.Request) {
	raw, apiErr := decodeBody(r, "switchover_test_record")
	if apiErr != nil {
		writeError(w, apiErr.status, apiErr.code, apiErr.msg)
		return
	}
	var in struct {
		ResourceID   string  `json:"resource_id"`
		ResourceType *string `json:"resource_type"`
		Operation    string  `json:"operation"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		writeError(w, http.StatusBadRequest, "DC.0000", "malformed switchover_test_record: "+err.Error())
		return
	}
	switch {
	case in.ResourceID == "":
		writeError(w, http.StatusBadRequest, "DC.0001", "resource_id is required")
		return
	case in.ResourceType != nil && *in.ResourceType != "virtual_interface":
		writeError(w, http.StatusBadRequest, "DC.0001", "resource_type must be virtual_interface")
		return
	case in.Operation != OperationShutdown && in.Operation != OperationUndoShutdown:
		writeError(w, http.StatusBadRequest, "DC.0001", "operation must be shutdown or undo_shutdown")
		return
	}
	project := r.PathValue("project")

	s.mu.Lock()
	s.settle()
	vif, ok := s.vifs[in.ResourceID]
	if !ok {
		s.mu.Unlock()
		s.writeNotFoundAs(w, "DC.1211", "virtual interface "+in.ResourceID)
		return
	}
	if vif.TenantID != project {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "DC.1213", "virtual interface "+vif.ID+" belongs to another tenant")
		return
	}
	busy := s.unfinishedSwitchover(vif.ID)
	for _, pid := range vif.peerIDs {
		busy = busy || strings.HasPrefix(s.peers[pid].Status, "PENDING_")
	}
	if busy {
		s.mu.Unlock()
		s.writeBusy(w, "virtual interface "+vif.ID)
		return
	}
	if vif.shutDown == (in.Operation == OperationShutdown) {
		s.mu.Unlock()
		state := "is not shut down"
		if vif.shutDown {
			state = "is already shut down"
		}
		writeError(w, http.StatusBadRequest, "DC.0001", "virtual interface "+vif.ID+" "+state)
		return
	}
	now := time.Now()
	rec := &SwitchoverRecord{ID: newUUID(), TenantID: project, ResourceID: vif.ID, Operation: in.Operation,
		Status: SwitchoverStarting, StartedAt: now,
		inProgressAt: now.Add(s.switchoverDuration / 4), endsAt: now.Add(s.switchoverDuration)}
	s.switchovers[rec.ID] = rec
	body := s.renderSwitchover(rec)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"switchover_test_record": body})
}

func (s *Server) handleListSwitchovers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, ok := pageLimit(w, q.Get("limit"))
	if !ok {
		return
	}
	wanted := q["resource_id"]
	project := r.PathValue("project")

	s.mu.Lock()
	s.settle()
	var matching []*SwitchoverRecord
	var ids []string
	for _, rec := range s.sortedSwitchovers() {
		if rec.TenantID == project && (len(wanted) == 0 || slices.Contains(wanted, rec.ResourceID)) {
			matching = append(matching, rec)
			ids = append(ids, rec.ID)
		}
	}
	from, to, next, known := pageBounds(ids, q.Get("marker"), limit)
	if !known {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "DC.0001", "marker "+q.Get("marker")+" is not in the list")
		return
	}
	items := make([]any, 0, to-from)
	for _, rec := range matching[from:to] {
		items = append(items, s.renderSwitchover(rec))
	}
	var rendered any = items
	if len(items) == 0 && s.nextEmptyAsNull() {
		rendered = nil
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"switchover_test_records": rendered, "page_info": pageInfo(len(items), next, previousMarker(ids, q.Get("marker"), from, to))})
}
