package mockserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure a Server.
type Options struct {
	ProjectID string
	Token     string
	// PendingDelay is how long a peer stays in each PENDING_* state.
	PendingDelay time.Duration
	// Users may obtain tokens from the IAM operation.
	Users []User
	// TokenLifetime is how long an IAM token is valid (default 24h).
	TokenLifetime time.Duration
	// DetectionDuration is how long a connectivity detection stays
	// processing; SwitchoverDuration how long a switchover test takes to
	// reach COMPLETE or ERROR. Zero ends them at the first request after
	// the one that started them.
	DetectionDuration  time.Duration
	SwitchoverDuration time.Duration
}

// Server is the mock DCaaS API. It is an http.Handler.
type Server struct {
	mu           sync.Mutex
	projectID    string
	tokens       map[string]grant
	accessKeys   map[string]accessKey
	clockSkew    time.Duration
	users        []User
	tokenLife    time.Duration
	pendingDelay time.Duration
	createStatus string
	joinEPGroups bool

	vifs  map[string]*VirtualInterface
	peers map[string]*Peer

	detections         map[string]*Detection
	switchovers        map[string]*SwitchoverRecord
	detectionDuration  time.Duration
	switchoverDuration time.Duration
	detectionOutcomes  map[string]DetectionOutcome
	switchoverFailures map[string]bool

	requests     []Request
	afterRequest func(Request)
	faults       []*Fault
	lostAnswers  []*lostAnswer
	heldCreates  []heldCreate

	// quirk counters rotate the spellings the contract allows.
	notFoundQuirk int
	emptyQuirk    int
	busyQuirk     int
	tokenQuirk    int

	mux *http.ServeMux
	// api is mux behind the faults tests inject.
	api http.Handler
}

// Request is what the mock received, for tests to inspect.
type Request struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
	At     time.Time
	// Status is the HTTP status answered; 0 when the connection was cut.
	Status int
	// SignedBy is the access key id of a request whose AK/SK signature the
	// server verified; empty for requests with a token and refused ones.
	SignedBy string
}

// routeCreatePeer is the route of a create of a peer, which some faults
// are for.
const routeCreatePeer = "POST /v3/{project}/dcaas/vif-peers"

// New returns a server with no virtual interfaces.
func New(opts Options) *Server {
	s := &Server{
		projectID:          opts.ProjectID,
		tokens:             map[string]grant{opts.Token: {project: opts.ProjectID}},
		accessKeys:         map[string]accessKey{},
		users:              append([]User(nil), opts.Users...),
		tokenLife:          opts.TokenLifetime,
		pendingDelay:       opts.PendingDelay,
		createStatus:       "ACTIVE",
		detectionDuration:  opts.DetectionDuration,
		switchoverDuration: opts.SwitchoverDuration,
		detectionOutcomes:  map[string]DetectionOutcome{},
		switchoverFailures: map[string]bool{},
		detections:         map[string]*Detection{},
		switchovers:        map[string]*SwitchoverRecord{},
		vifs:               map[string]*VirtualInterface{},
		peers:              map[string]*Peer{},
		mux:                http.NewServeMux(),
	}
	s.route(routeCreatePeer, s.handleCreatePeer)
	s.route("PUT /v3/{project}/dcaas/vif-peers/{id}", s.handleUpdatePeer)
	s.route("DELETE /v3/{project}/dcaas/vif-peers/{id}", s.handleDeletePeer)
	s.route("GET /v3/{project}/dcaas/virtual-interfaces/{id}", s.handleGetVif)
	s.route("GET /v3/{project}/dcaas/virtual-interfaces", s.handleListVifs, "limit", "marker", "id", "status", "direct_connect_id", "vgw_id")
	s.route("POST /v3/{project}/dcaas/virtual-interfaces", s.handleCreateVif)
	s.route("POST /v3/{project}/dcaas/vif-peer-detections", s.handleCreateDetection)
	s.route("GET /v3/{project}/dcaas/vif-peer-detections", s.handleListDetections, "vif_peer_id", "limit", "marker", "sort_dir")
	s.route("GET /v3/{project}/dcaas/vif-peer-detections/{id}", s.handleGetDetection)
	s.route("DELETE /v3/{project}/dcaas/vif-peer-detections/{id}", s.handleDeleteDetection)
	s.route("POST /v3/{project}/dcaas/switchover-test", s.handleCreateSwitchover)
	s.route("GET /v3/{project}/dcaas/switchover-test", s.handleListSwitchovers, "resource_id", "limit", "marker")
	// IAM is another service, outside the DCaaS gateway's rules.
	s.mux.HandleFunc("POST "+iamTokensPath, s.handleIssueToken)
	s.api = s.withFaults(s.mux)
	if s.tokenLife <= 0 {
		s.tokenLife = 24 * time.Hour
	}
	return s
}

// ServeHTTP records the request, answers for the gateway and checks the
// credentials, then serves it, behind the faults injected.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := &recorder{ResponseWriter: w}

	s.mu.Lock()
	idx := len(s.requests)
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body, At: time.Now(),
	})
	now := s.nowLocked()
	s.mu.Unlock()

	var signedBy string
	defer func() {
		s.mu.Lock()
		s.requests[idx].Status = rec.status
		s.requests[idx].SignedBy = signedBy
		done, hook := s.requests[idx], s.afterRequest
		s.mu.Unlock()
		if hook != nil {
			hook(done)
		}
	}()

	w.Header().Set("X-Request-Id", newRequestID())
	// A server tells its clock in Date; a skewed one, the skewed time.
	w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
	// The API gateway answers a path or method it does not publish before
	// it looks at the credentials. A path that is not in its clean form is
	// not published either: the API never redirects to the clean one.
	if _, pattern := s.mux.Handler(r); pattern == "" || path.Clean(r.URL.Path) != r.URL.Path {
		writeError(rec, http.StatusNotFound, "APIGW.0101", "The API does not exist or has not been published in the environment")
		return
	}
	// IAM is another service, outside the gateway's credentials check.
	if r.URL.Path != iamTokensPath {
		var ok bool
		if signedBy, ok = s.authorize(rec, r, body); !ok {
			return
		}
	}
	s.api.ServeHTTP(rec, r)
}

// route serves pattern with handler, which accepts the query parameters
// named (none when no name is given): the API refuses any other with
// DC.0001 naming it, rather than ignore it.
func (s *Server) route(pattern string, handler http.HandlerFunc, params ...string) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		names := make([]string, 0, len(r.URL.Query()))
		for name := range r.URL.Query() {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if !slices.Contains(params, name) {
				writeError(w, http.StatusBadRequest, "DC.0001", "query parameter "+strconv.Quote(name)+" is not supported")
				return
			}
		}
		handler(w, r)
	})
}

// authorize checks the request's token or AK/SK signature and that it is
// good for the path's project. It returns the access key id of a signed
// request.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, body []byte) (signedBy string, ok bool) {
	_, signed := r.Header["Authorization"]
	credential, project := "token", ""
	if signed {
		if _, both := r.Header["X-Auth-Token"]; both {
			writeSignatureError(w, "a request carries either X-Auth-Token or an AK/SK signature, not both")
			return "", false
		}
		var reason string
		if signedBy, project, reason = s.verifySignature(r, body); reason != "" {
			writeSignatureError(w, reason)
			return "", false
		}
		credential = "access key " + signedBy
	} else {
		token := r.Header.Get("X-Auth-Token")
		s.mu.Lock()
		granted, known := s.tokens[token]
		s.mu.Unlock()
		if token == "" || !known {
			writeError(w, http.StatusUnauthorized, "DC.0001", "the token is missing or invalid")
			return "", false
		}
		if granted.expired(time.Now()) {
			writeError(w, http.StatusUnauthorized, "DC.0001", "the token has expired")
			return "", false
		}
		project = granted.project
	}
	// Every route of the API starts /v3/{project}/.
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if parts[1] != project {
		writeError(w, http.StatusForbidden, "DC.0001", "the "+credential+" does not belong to project "+parts[1])
		return "", false
	}
	if sent := r.Header.Get("X-Project-Id"); signed && sent != parts[1] {
		writeError(w, http.StatusForbidden, "DC.0001", "X-Project-Id "+strconv.Quote(sent)+" is not the project "+parts[1]+" of the path")
		return "", false
	}
	return signedBy, true
}

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets a fault reach the connection, to cut it.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func writeJSON(w http.ResponseWriter, status int, body map[string]any) {
	body["request_id"] = w.Header().Get("X-Request-Id")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error_code": code, "error_msg": msg})
}

// writeNotFound answers "not found" in one of the three ways the contract
// allows, in turn, so clients meet all of them.
func (s *Server) writeNotFound(w http.ResponseWriter, what string) {
	s.mu.Lock()
	n := s.notFoundQuirk
	s.notFoundQuirk++
	s.mu.Unlock()
	switch n % 3 {
	case 0:
		writeError(w, http.StatusNotFound, "DC.0002", what+" does not exist")
	case 1:
		writeError(w, http.StatusBadRequest, "DC.0002", what+" does not exist")
	default:
		writeError(w, http.StatusBadRequest, "DC.1211", what+" does not exist")
	}
}

// writeNotFoundAs answers that what does not exist with code, as 404 or
// 400 in turn, where the contract names the code.
func (s *Server) writeNotFoundAs(w http.ResponseWriter, code, what string) {
	s.mu.Lock()
	n := s.notFoundQuirk
	s.notFoundQuirk++
	s.mu.Unlock()
	status := http.StatusNotFound
	if n%2 == 1 {
		status = http.StatusBadRequest
	}
	writeError(w, status, code, what+" does not exist")
}

// writeBusy answers that what (such as "vif peer ID") is busy, as 409 or
// as 400 DC.1303, in turn.
func (s *Server) writeBusy(w http.ResponseWriter, what string) {
	s.mu.Lock()
	n := s.busyQuirk
	s.busyQuirk++
	s.mu.Unlock()
	status := http.StatusConflict
	if n%2 == 1 {
		status = http.StatusBadRequest
	}
	writeError(w, status, "DC.1303", what+" is busy")
}
