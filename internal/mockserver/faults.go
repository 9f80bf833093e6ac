package mockserver

import (
	"bytes"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
)

// The faults tests inject are middleware in front of the contract's
// handlers, which know nothing of them: an injected status answers instead
// of the handler, a lost answer lets the handler act and then drops what
// it wrote, and a held create runs the test's code before the handler.
// Each is keyed by the request's method, path or route, so a fault reaches
// only the requests it names.

// withFaults wraps the contract's handler in every fault the server can
// inject. Requests reach it past the gateway and the credentials check, so
// a fault only meets requests the API would serve.
func (s *Server) withFaults(contract http.Handler) http.Handler {
	return s.injectStatuses(s.holdCreates(s.loseAnswers(contract)))
}

// routeOf is the pattern of the route that serves r, empty for none.
func (s *Server) routeOf(r *http.Request) string {
	_, pattern := s.mux.Handler(r)
	return pattern
}

// Fault makes the server answer matching requests with an error status
// instead of serving them. The contract promises such answers change nothing.
type Fault struct {
	// Status is the HTTP status to answer: 429, 500, 502, 503 or 504.
	Status int
	// Statuses, when set, are answered in turn instead of Status.
	Statuses []int
	// RetryAfter, in seconds, is sent as the Retry-After header when > 0.
	RetryAfter int
	// Methods limits the fault to these HTTP methods; empty means all.
	Methods []string
	// PathContains limits the fault to paths containing this text.
	PathContains string
	// Every answers every Nth matching request (1 = each one).
	Every int
	// Rate, when Every is 0, answers a matching request with this
	// probability, drawn from a generator seeded with Seed.
	Rate float64
	Seed uint64
	// Limit stops the fault after this many answers; 0 means no limit.
	Limit int

	seen, fired int
	rng         *rand.Rand
}

// InjectFault adds a fault; the first fault that fires answers the request.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.rng = rand.New(rand.NewPCG(f.Seed, f.Seed^0x9e3779b97f4a7c15)) //nolint:gosec // seeded on purpose, so faults repeat
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every injected fault, connection cut and held create.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.lostAnswers = nil
	s.heldCreates = nil
}

// injectStatuses answers a request an injected Fault fires on with the
// fault's status, in the error body of the service asked, and does not
// serve it.
func (s *Server) injectStatuses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		status, retryAfter := s.matchFault(r.Method, r.URL.Path)
		s.mu.Unlock()
		if status == 0 {
			next.ServeHTTP(w, r)
			return
		}
		if retryAfter > 0 {
			w.Header().Set("Retry-After", itoa(retryAfter))
		}
		if r.URL.Path == iamTokensPath {
			writeIAMError(w, status, "injected fault")
		} else {
			writeError(w, status, "DC.0003", "injected fault: "+http.StatusText(status))
		}
	})
}

// matchFault returns the status and Retry-After of the fault that answers
// this request, or a zero status. Callers hold s.mu.
func (s *Server) matchFault(method, path string) (status, retryAfter int) {
	for _, f := range s.faults {
		if !f.matches(method, path) {
			continue
		}
		f.seen++
		if f.Limit > 0 && f.fired >= f.Limit {
			continue
		}
		fire := false
		switch {
		case f.Every > 0:
			fire = f.seen%f.Every == 0
		case f.Rate > 0:
			fire = f.rng.Float64() < f.Rate
		}
		if !fire {
			continue
		}
		f.fired++
		if len(f.Statuses) > 0 {
			return f.Statuses[(f.fired-1)%len(f.Statuses)], f.RetryAfter
		}
		return f.Status, f.RetryAfter
	}
	return 0, 0
}

func (f *Fault) matches(method, path string) bool {
	if f.PathContains != "" && !strings.Contains(path, f.PathContains) {
		return false
	}
	return len(f.Methods) == 0 || slices.ContainsFunc(f.Methods, func(m string) bool { return strings.EqualFold(m, method) })
}

// CutAnswers makes the next n requests with this method whose path
// contains pathPart be served as usual, their effect kept, and their
// connection then closed without an answer: the client cannot learn what
// they did from the answer.
func (s *Server) CutAnswers(method, pathPart string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lostAnswers = append(s.lostAnswers, &lostAnswer{method: method, pathPart: pathPart, left: n})
}

// CutCreateResponses makes the next n successful creates store the peer and
// then close the connection without an answer. It replaces the count of an
// earlier call.
func (s *Server) CutCreateResponses(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lostAnswers = slices.DeleteFunc(s.lostAnswers, func(l *lostAnswer) bool { return l.route == routeCreatePeer })
	s.lostAnswers = append(s.lostAnswers, &lostAnswer{route: routeCreatePeer, status: http.StatusCreated, left: n})
}

// lostAnswer is what CutAnswers or CutCreateResponses asked for: the
// answers to lose, by the request's method and a part of its path or by
// its route, and by the status served when status is set; and how many are
// left to lose.
type lostAnswer struct {
	method, pathPart string
	route            string
	status           int
	left             int
}

func (l *lostAnswer) matches(r *http.Request, route string) bool {
	return l.left > 0 && (l.method == "" || strings.EqualFold(l.method, r.Method)) &&
		strings.Contains(r.URL.Path, l.pathPart) && (l.route == "" || l.route == route)
}

// loseAnswers serves a request whose answer may be lost into a buffer;
// once the handler has acted, it closes the connection unanswered when the
// answer is to be lost, and sends the buffer otherwise.
func (s *Server) loseAnswers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route := s.routeOf(r)
		s.mu.Lock()
		mayLose := slices.ContainsFunc(s.lostAnswers, func(l *lostAnswer) bool { return l.matches(r, route) })
		s.mu.Unlock()
		if !mayLose {
			next.ServeHTTP(w, r)
			return
		}
		answer := &bufferedAnswer{header: w.Header()}
		next.ServeHTTP(answer, r)
		if s.takeLostAnswer(r, route, answer.sentStatus()) {
			cutConnection(w)
			return
		}
		answer.sendTo(w)
	})
}

// takeLostAnswer tells whether the answer, of status, to this request is
// to be lost, and counts it against every rule that loses it.
func (s *Server) takeLostAnswer(r *http.Request, route string, status int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	lost := false
	for _, l := range s.lostAnswers {
		if l.matches(r, route) && (l.status == 0 || l.status == status) {
			l.left--
			lost = true
		}
	}
	return lost
}

// bufferedAnswer holds what a handler answers until it is sent or lost.
type bufferedAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedAnswer) Header() http.Header { return b.header }

func (b *bufferedAnswer) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedAnswer) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

// sentStatus is the status the handler answered.
func (b *bufferedAnswer) sentStatus() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}

func (b *bufferedAnswer) sendTo(w http.ResponseWriter) {
	w.WriteHeader(b.sentStatus())
	_, _ = w.Write(b.body.Bytes())
}

// HoldCreate makes the next create wait, once the server has read it,
// while whileHeld runs, and then be served as usual. whileHeld may send
// requests to the server, such as another client's create, which are
// served meanwhile. Each call holds one more create.
func (s *Server) HoldCreate(whileHeld func()) {
	s.holdCreate(heldCreate{whileHeld: whileHeld})
}

// CutCreateUnmade is HoldCreate, except that the create is then answered
// by closing the connection, without creating anything: the client cannot
// tell that from a create whose answer was lost. whileHeld may be nil.
func (s *Server) CutCreateUnmade(whileHeld func()) {
	s.holdCreate(heldCreate{whileHeld: whileHeld, cut: true})
}

// heldCreate is what HoldCreate and CutCreateUnmade do to a create.
type heldCreate struct {
	whileHeld func()
	cut       bool
}

func (s *Server) holdCreate(h heldCreate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heldCreates = append(s.heldCreates, h)
}

// holdCreates runs the test's code while a create is held, the server
// unlocked so that the code can reach it, and then serves the create or
// cuts its connection unserved.
func (s *Server) holdCreates(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		held, ok := s.takeHeldCreate(r)
		if ok && held.whileHeld != nil {
			held.whileHeld()
		}
		if ok && held.cut {
			cutConnection(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// takeHeldCreate returns what to do to this request, when it is a create
// to be held.
func (s *Server) takeHeldCreate(r *http.Request) (heldCreate, bool) {
	if s.routeOf(r) != routeCreatePeer {
		return heldCreate{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.heldCreates) == 0 {
		return heldCreate{}, false
	}
	h := s.heldCreates[0]
	s.heldCreates = s.heldCreates[1:]
	return h, true
}

// cutConnection closes the connection without answering: whatever the
// request did stays done, but the client never hears of it.
func cutConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
