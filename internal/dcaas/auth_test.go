package dcaas

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

const (
	iamProject  = "4bd6efdb0fb747b39aa2c0162c112226"
	iamVif      = "86f9556a-fa68-42b7-93c2-dd407408430b"
	iamUser     = "ci-bot"
	iamPassword = "pw-7d3e91"
	iamDomain   = "corp"
)

var testPasswordAuth = PasswordAuth{Username: iamUser, Password: iamPassword, DomainName: iamDomain}

// newIAMTestClient serves the mock (IAM and DCaaS at one address) through
// wrap, and returns a client that authenticates with a password.
func newIAMTestClient(t *testing.T, wrap func(http.Handler) http.Handler) (*Client, *mockserver.Server) {
	t.Helper()
	mock := mockserver.New(mockserver.Options{ProjectID: iamProject, Token: "static-unused",
		Users: []mockserver.User{{Name: iamUser, Password: iamPassword, Domain: iamDomain}}})
	mock.SeedInterface(iamVif, "example")
	var handler http.Handler = mock
	if wrap != nil {
		handler = wrap(mock)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	auth := testPasswordAuth
	auth.IAMEndpoint = srv.URL
	c, err := NewClient(Config{
		Endpoint: srv.URL, ProjectID: iamProject, Password: &auth,
		MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, MaxRetries: ptr(3),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, mock
}

// slowIAM makes every token request take d longer.
func slowIAM(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v3/auth/tokens" {
				time.Sleep(d)
			}
			next.ServeHTTP(w, r)
		})
	}
}

func countIAM(mock *mockserver.Server) int {
	return mock.CountRequests(http.MethodPost, "/v3/auth/tokens")
}

func TestPasswordAuthObtainsAProjectToken(t *testing.T) {
	c, mock := newIAMTestClient(t, nil)
	ctx := context.Background()
	for range 3 {
		if _, err := c.VirtualInterface(ctx, iamVif, Fresh); err != nil {
			t.Fatal(err)
		}
	}
	if n := countIAM(mock); n != 1 {
		t.Fatalf("%d token requests for three API calls, want 1: the token is not cached", n)
	}
	issued := mock.IssuedTokens()
	for _, r := range mock.Requests() {
		if r.Path == "/v3/auth/tokens" {
			if r.Header.Get("X-Auth-Token") != "" {
				t.Error("the token request carried an X-Auth-Token")
			}
			var body mockserver.TokenRequest
			if err := json.Unmarshal(r.Body, &body); err != nil || body.Auth == nil {
				t.Fatalf("token request body %s: %v", r.Body, err)
			}
			id, user := body.Auth.Identity, body.Auth.Identity.Password.User
			if len(id.Methods) != 1 || id.Methods[0] != "password" || user.Name != iamUser || user.Password != iamPassword ||
				user.Domain.Name != iamDomain || body.Auth.Scope.Project.ID != iamProject {
				t.Errorf("token request body %s", r.Body)
			}
			continue
		}
		if got := r.Header.Get("X-Auth-Token"); got != issued[0] || r.Status != http.StatusOK {
			t.Errorf("%s %s: status %d with token %.12q…, want the issued token", r.Method, r.Path, r.Status, got)
		}
	}
}

// A token is renewed when a safe margin of its lifetime is left: five
// minutes of a long one, a fifth of a short one.
func TestPasswordAuthRenewsBeforeExpiry(t *testing.T) {
	for _, tc := range []struct {
		lifetime, quiet, renew time.Duration
	}{
		{time.Hour, 54 * time.Minute, 56 * time.Minute},
		{10 * time.Second, 7 * time.Second, 9 * time.Second},
	} {
		c, mock := newIAMTestClient(t, nil)
		mock.SetTokenLifetime(tc.lifetime)
		var offset atomic.Int64
		c.tokens.(*passwordTokenSource).now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
		ctx := context.Background()
		call := func(at time.Duration, wantIAM int) {
			offset.Store(int64(at))
			if _, err := c.VirtualInterface(ctx, iamVif, Fresh); err != nil {
				t.Fatal(err)
			}
			if n := countIAM(mock); n != wantIAM {
				t.Errorf("lifetime %v, %v after issue: %d token requests, want %d", tc.lifetime, at, n, wantIAM)
			}
		}
		call(0, 1)
		call(tc.quiet, 1)
		call(tc.renew, 2)
	}
}

// A token refused with 401 is renewed once and the request sent again;
// even a create, since a refused request was not acted on.
func TestPasswordAuthRenewsOn401(t *testing.T) {
	c, mock := newIAMTestClient(t, nil)
	ctx := context.Background()
	if err := c.Authenticate(ctx); err != nil {
		t.Fatal(err)
	}
	mock.ExpireIssuedTokens()
	peer, err := c.postVifPeer(ctx, CreateVifPeerRequest{Name: "p", AddressFamily: "ipv4", LocalGatewayIP: "5.5.5.1/30",
		RemoteGatewayIP: "5.5.5.2/30", RouteMode: "static", RemoteEPGroup: []string{}, VifID: iamVif})
	if err != nil {
		t.Fatal(err)
	}
	if n := countIAM(mock); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
	var statuses []int
	for _, r := range mock.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/vif-peers") {
			statuses = append(statuses, r.Status)
		}
	}
	if len(statuses) != 2 || statuses[0] != http.StatusUnauthorized || statuses[1] != http.StatusCreated || len(mock.Peers()) != 1 || mock.Peers()[0].ID != peer.ID {
		t.Errorf("creates answered %v, peers %d: want one 401, one 201 and one peer", statuses, len(mock.Peers()))
	}
}

// When the fresh token is refused too, the request fails: one renewal,
// no more.
func TestPasswordAuthFailsWhenTheFreshTokenIsRefused(t *testing.T) {
	var apiCalls atomic.Int32
	c, mock := newIAMTestClient(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v3/auth/tokens" {
				next.ServeHTTP(w, r)
				return
			}
			apiCalls.Add(1)
			writeJSON(w, http.StatusUnauthorized, `{"error_code": "DC.0001", "error_msg": "token revoked"}`)
		})
	})
	_, err := c.VirtualInterface(context.Background(), iamVif, Fresh)
	if !IsUnauthorized(err) {
		t.Fatalf("error %v, want a 401", err)
	}
	if n, iam := apiCalls.Load(), countIAM(mock); n != 2 || iam != 2 {
		t.Errorf("%d API requests and %d token requests, want 2 and 2", n, iam)
	}
	for _, secret := range append(mock.IssuedTokens(), iamPassword) {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error holds a secret: %v", err)
		}
	}
}

// Requests that find no valid token wait for one renewal together.
func TestPasswordAuthSharesOneRenewal(t *testing.T) {
	c, mock := newIAMTestClient(t, slowIAM(100*time.Millisecond))
	ctx := context.Background()
	run := func() {
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.VirtualInterface(ctx, iamVif, Fresh); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	run()
	if n := countIAM(mock); n != 1 {
		t.Errorf("20 concurrent first requests made %d token requests, want 1", n)
	}
	mock.ExpireIssuedTokens()
	run()
	if n := countIAM(mock); n != 2 {
		t.Errorf("20 concurrent requests refused with 401 made %d token requests in all, want 2", n)
	}
}

// A caller that gives up does not fail the others waiting for the same
// renewal.
func TestPasswordAuthRenewalOutlivesACancelledCaller(t *testing.T) {
	c, _ := newIAMTestClient(t, slowIAM(150*time.Millisecond))
	short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := c.VirtualInterface(context.Background(), iamVif, Fresh); done <- err }()
	if _, err := c.VirtualInterface(short, iamVif, Fresh); err == nil {
		t.Error("a caller whose context ended got an answer")
	}
	if err := <-done; err != nil {
		t.Errorf("the patient caller failed: %v", err)
	}
}

func TestPasswordAuthWrongPassword(t *testing.T) {
	c, mock := newIAMTestClient(t, nil)
	c.tokens.(*passwordTokenSource).auth.Password = "not-" + iamPassword
	err := c.Authenticate(context.Background())
	if !IsCredentialsRefused(err) {
		t.Fatalf("error %v, want refused credentials", err)
	}
	msg := err.Error()
	for _, want := range []string{`user "ci-bot"`, `domain "corp"`, "HTTP 401", "requires authentication", iamProject} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %s", msg, want)
		}
	}
	if strings.Contains(msg, iamPassword) {
		t.Errorf("error %q holds the password", msg)
	}
	if n := len(mock.Requests()); n != 1 {
		t.Errorf("%d requests, want the one token request (a refusal is not retried)", n)
	}
	if _, err := c.VirtualInterface(context.Background(), iamVif, Fresh); !IsCredentialsRefused(err) {
		t.Errorf("API call with wrong credentials: %v", err)
	}
	if n := mock.CountRequests("", "/dcaas/"); n != 0 {
		t.Errorf("%d API requests without a token", n)
	}
}

func TestPasswordAuthHonoursRetryAfter(t *testing.T) {
	c, mock := newIAMTestClient(t, nil)
	mock.InjectFault(mockserver.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1, PathContains: "/auth/tokens", Every: 1, Limit: 1})
	mock.InjectFault(mockserver.Fault{Status: http.StatusBadGateway, PathContains: "/auth/tokens", Every: 1, Limit: 1})
	if err := c.Authenticate(context.Background()); err != nil {
		t.Fatal(err)
	}
	reqs := mock.Requests()
	if len(reqs) != 3 || reqs[0].Status != http.StatusTooManyRequests || reqs[1].Status != http.StatusBadGateway || reqs[2].Status != http.StatusCreated {
		t.Fatalf("requests %v", reqs)
	}
	if gap := reqs[1].At.Sub(reqs[0].At); gap < time.Second {
		t.Errorf("retried %v after a 429 with Retry-After: 1", gap)
	}
}

// Credentials go to the configured IAM endpoint only.
func TestPasswordAuthRefusesRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	t.Cleanup(other.Close)
	c, _ := newIAMTestClient(t, func(http.Handler) http.Handler {
		return http.RedirectHandler(other.URL+"/v3/auth/tokens", http.StatusTemporaryRedirect)
	})
	err := c.Authenticate(context.Background())
	if err == nil || !strings.Contains(err.Error(), other.URL+"/v3/auth/tokens") || !strings.Contains(err.Error(), "redirect") {
		t.Fatalf("error %v, want a refused redirect naming its Location", err)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect target received %d requests", n)
	}
}

func TestPasswordAuthRejectsBadSettings(t *testing.T) {
	for name, cfg := range map[string]Config{
		"IAM endpoint not a URL": {Password: &PasswordAuth{IAMEndpoint: "iam.example.com", Username: "u", Password: "p", DomainName: "d"}},
		"no domain":              {Password: &PasswordAuth{IAMEndpoint: "https://iam.example.com", Username: "u", Password: "p"}},
		"token and password":     {Token: "t", Password: &PasswordAuth{IAMEndpoint: "https://iam.example.com", Username: "u", Password: "p", DomainName: "d"}},
	} {
		cfg.Endpoint, cfg.ProjectID = "https://dcaas.example.com", "p"
		if _, err := NewClient(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.Contains(err.Error(), `"p"`) {
			t.Errorf("%s: the error may show the password: %v", name, err)
		}
	}
}

func TestRenewalTimeFromTheAnswer(t *testing.T) {
	sent := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		body string
		want time.Duration
	}{
		// The server's clock is a day ahead: its lifetime counts, not its clock.
		{`{"token": {"issued_at": "2026-01-02T00:00:00.000000Z", "expires_at": "2026-01-03T00:00:00.000000Z"}}`, 24*time.Hour - 5*time.Minute},
		{`{"token": {"issued_at": "2026-01-02T00:00:00.000000Z", "expires_at": "2026-01-02T00:00:10.000000Z"}}`, 8 * time.Second},
	} {
		got, err := renewalTime([]byte(tc.body), sent)
		if err != nil || got.Sub(sent) != tc.want {
			t.Errorf("%s: renew after %v (%v), want %v", tc.body, got.Sub(sent), err, tc.want)
		}
	}
	for _, body := range []string{`{"token": {}}`, `not json`, `{"token": {"issued_at": "2026-01-02T00:00:00Z", "expires_at": "2026-01-02T00:00:00Z"}}`} {
		if _, err := renewalTime([]byte(body), sent); err == nil {
			t.Errorf("%s accepted", body)
		}
	}
}

// An IAM endpoint that can never answer fails at once, as the API's does.
func TestPasswordAuthFailsFastOnASchemeMismatch(t *testing.T) {
	plain, conns := connectionCountingServer(t, false)
	auth := testPasswordAuth
	auth.IAMEndpoint = strings.Replace(plain.URL, "http://", "https://", 1)
	c, err := NewClient(Config{Endpoint: "https://dcaas.example.com", ProjectID: iamProject, Password: &auth, MinBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Authenticate(context.Background())
	if err == nil || !strings.Contains(err.Error(), "answers plain HTTP where https:// was asked for") || conns.Load() != 1 {
		t.Errorf("%d connections, err %v", conns.Load(), err)
	}
}
