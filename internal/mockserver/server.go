package mockserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
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

	requests     []Request
	afterRequest func(Request)
	faults       []*Fault
	cuts         int
	heldCreates  []heldCreate

	// quirk counters rotate the spellings the contract allows.
	notFoundQuirk int
	emptyQuirk    int
	busyQuirk     int
	tokenQuirk    int

	mux *http.ServeMux
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

// New returns a server with no virtual interfaces.
func New(opts Options) *Server {
	s := &Server{
		projectID:    opts.ProjectID,
		tokens:       map[string]grant{opts.Token: {project: opts.ProjectID}},
		accessKeys:   map[string]accessKey{},
		users:        append([]User(nil), opts.Users...),
		tokenLife:    opts.TokenLifetime,
		pendingDelay: opts.PendingDelay,
		createStatus: "ACTIVE",
		vifs:         map[string]*VirtualInterface{},
		peers:        map[string]*Peer{},
		mux:          http.NewServeMux(),
	}
	s.mux.HandleFunc("POST /v3/{project}/dcaas/vif-peers", s.handleCreatePeer)
	s.mux.HandleFunc("PUT /v3/{project}/dcaas/vif-peers/{id}", s.handleUpdatePeer)
	s.mux.HandleFunc("DELETE /v3/{project}/dcaas/vif-peers/{id}", s.handleDeletePeer)
	s.mux.HandleFunc("GET /v3/{project}/dcaas/virtual-interfaces/{id}", s.handleGetVif)
	s.mux.HandleFunc("GET /v3/{project}/dcaas/virtual-interfaces", s.handleListVifs)
	s.mux.HandleFunc("POST /v3/{project}/dcaas/virtual-interfaces", s.handleCreateVif)
	s.mux.HandleFunc("POST "+iamTokensPath, s.handleIssueToken)
	if s.tokenLife <= 0 {
		s.tokenLife = 24 * time.Hour
	}
	return s
}

// ServeHTTP records the request, applies auth and injected faults, then
// routes it.
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
	faultStatus, retryAfter := s.matchFault(r.Method, r.URL.Path)
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
	isIAM := r.URL.Path == iamTokensPath
	if !isIAM {
		var ok bool
		if signedBy, ok = s.authorize(rec, r, body); !ok {
			return
		}
	}
	if faultStatus != 0 {
		if retryAfter > 0 {
			w.Header().Set("Retry-After", itoa(retryAfter))
		}
		if isIAM {
			writeIAMError(rec, faultStatus, "injected fault")
		} else {
			writeError(rec, faultStatus, "DC.0003", "injected fault: "+http.StatusText(faultStatus))
		}
		return
	}
	s.mux.ServeHTTP(rec, r)
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
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) < 2 || parts[0] != "v3" {
		writeError(w, http.StatusNotFound, "DC.0002", "no such path")
		return "", false
	}
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

// writeBusy answers "busy" as 409 or as 400 DC.1303, in turn.
func (s *Server) writeBusy(w http.ResponseWriter, id string) {
	s.mu.Lock()
	n := s.busyQuirk
	s.busyQuirk++
	s.mu.Unlock()
	status := http.StatusConflict
	if n%2 == 1 {
		status = http.StatusBadRequest
	}
	writeError(w, status, "DC.1303", "vif peer "+id+" is busy")
}
