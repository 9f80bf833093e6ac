package mockserver

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// iamTokensPath is the IAM operation that issues tokens. The mock serves it
// beside the DCaaS API, so one server is both endpoints.
const iamTokensPath = "/v3/auth/tokens" //nolint:gosec // a path, not a credential

// iamTimeFormat is how IAM writes times: microseconds, in UTC.
const iamTimeFormat = "2006-01-02T15:04:05.000000Z"

// User is an IAM user who may obtain tokens for any project.
type User struct {
	Name     string
	Password string
	Domain   string
}

// grant is what a token allows: one project, until expiresAt (never when
// zero, as for the static token).
type grant struct {
	project   string
	expiresAt time.Time
	issued    bool
}

func (g grant) expired(now time.Time) bool {
	return !g.expiresAt.IsZero() && !now.Before(g.expiresAt)
}

// TokenRequest is the body of an IAM password token request. Tests decode
// the requests the mock received with it.
type TokenRequest struct {
	Auth *struct {
		Identity struct {
			Methods  []string `json:"methods"`
			Password struct {
				User struct {
					Name     string `json:"name"`
					Password string `json:"password"`
					Domain   struct {
						Name string `json:"name"`
					} `json:"domain"`
				} `json:"user"`
			} `json:"password"`
		} `json:"identity"`
		Scope struct {
			Project struct {
				ID string `json:"id"`
			} `json:"project"`
		} `json:"scope"`
	} `json:"auth"`
}

// handleIssueToken is IAM's password method, scoped to a project.
func (s *Server) handleIssueToken(w http.ResponseWriter, r *http.Request) {
	var in TokenRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Auth == nil {
		writeIAMError(w, http.StatusBadRequest, "The request body is not an auth object.")
		return
	}
	identity, project := in.Auth.Identity, in.Auth.Scope.Project.ID
	user := identity.Password.User
	if !slices.Contains(identity.Methods, "password") || user.Name == "" || user.Domain.Name == "" || project == "" {
		writeIAMError(w, http.StatusBadRequest,
			"Expecting auth.identity.methods [\"password\"], password.user.name, password.user.domain.name and scope.project.id.")
		return
	}

	s.mu.Lock()
	known := slices.Contains(s.users, User{Name: user.Name, Password: user.Password, Domain: user.Domain.Name})
	if !known {
		s.mu.Unlock()
		writeIAMError(w, http.StatusUnauthorized, "The request you have made requires authentication.")
		return
	}
	issuedAt := time.Now().UTC()
	expiresAt := issuedAt.Add(s.tokenLife)
	token := s.newIAMTokenLocked()
	s.tokens[token] = grant{project: project, expiresAt: expiresAt, issued: true}
	s.mu.Unlock()

	w.Header().Set("X-Subject-Token", token)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]any{"token": map[string]any{
		"expires_at": expiresAt.Format(iamTimeFormat),
		"issued_at":  issuedAt.Format(iamTimeFormat),
		"methods":    []string{"password"},
		"project":    map[string]any{"id": project, "name": project},
		"user": map[string]any{
			"id": "user-" + user.Name, "name": user.Name,
			"domain": map[string]any{"id": "domain-" + user.Domain.Name, "name": user.Domain.Name},
		},
	}})
}

// Token lengths the mock issues in turn: a short one, and the longest the
// contract allows, as tokens that carry their catalogue are.
var iamTokenLengths = [...]int{128, 10240}

// newIAMTokenLocked returns an opaque token, of the next length in turn.
// Callers hold s.mu.
func (s *Server) newIAMTokenLocked() string {
	n := iamTokenLengths[s.tokenQuirk%len(iamTokenLengths)]
	s.tokenQuirk++
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return ("MII" + base64.RawURLEncoding.EncodeToString(b))[:n]
}

func writeIAMError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code": status, "title": http.StatusText(status), "message": msg,
	}})
}

// AddUser lets a user obtain tokens with this password.
func (s *Server) AddUser(name, password, domain string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users = append(s.users, User{Name: name, Password: password, Domain: domain})
}

// SetTokenLifetime changes how long tokens issued from now on are valid.
func (s *Server) SetTokenLifetime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenLife = d
}

// ExpireIssuedTokens makes every token IAM has issued expire now, as if
// the client had held them too long.
func (s *Server) ExpireIssuedTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for token, g := range s.tokens {
		if g.issued && !g.expired(now) {
			g.expiresAt = now
			s.tokens[token] = g
		}
	}
}

// IssuedTokens returns every token IAM has issued, so tests can look for
// them where they must not be.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for token, g := range s.tokens {
		if g.issued {
			out = append(out, token)
		}
	}
	return out
}
