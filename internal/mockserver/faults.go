package mockserver

import (
	"math/rand/v2"
	"strings"
)

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
	s.cuts = 0
	s.heldCreates = nil
	s.answerCuts = nil
}

// CutAnswers makes the next n requests with this method whose path
// contains pathPart be served as usual, their effect kept, and their
// connection then closed without an answer: the client cannot learn what
// they did from the answer.
func (s *Server) CutAnswers(method, pathPart string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answerCuts = append(s.answerCuts, &answerCut{method: method, pathPart: pathPart, left: n})
}

// answerCut is what CutAnswers asked for, and how many are left to cut.
type answerCut struct {
	method, pathPart string
	left             int
}

// takeAnswerCut tells whether the answer to this request is to be cut.
func (s *Server) takeAnswerCut(method, path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.answerCuts {
		if c.left > 0 && strings.EqualFold(c.method, method) && strings.Contains(path, c.pathPart) {
			c.left--
			return true
		}
	}
	return false
}

// CutCreateResponses makes the next n successful creates store the peer and
// then close the connection without an answer.
func (s *Server) CutCreateResponses(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cuts = n
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

// takeHeldCreate returns what to do to the create being served, if it is
// to be held.
func (s *Server) takeHeldCreate() (heldCreate, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.heldCreates) == 0 {
		return heldCreate{}, false
	}
	h := s.heldCreates[0]
	s.heldCreates = s.heldCreates[1:]
	return h, true
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
	if len(f.Methods) == 0 {
		return true
	}
	for _, m := range f.Methods {
		if strings.EqualFold(m, method) {
			return true
		}
	}
	return false
}
