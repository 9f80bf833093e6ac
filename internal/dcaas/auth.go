package dcaas

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// PasswordAuth are the IAM credentials from which the client obtains its
// token, scoped to the client's project.
type PasswordAuth struct {
	// IAMEndpoint is the base URL of the IAM service, such as
	// https://iam.example.com; the token comes from {IAMEndpoint}/v3/auth/tokens.
	IAMEndpoint string
	Username    string
	Password    string
	DomainName  string
}

// maxRenewMargin is how long before expires_at a token is renewed at most;
// short-lived tokens are renewed when a fifth of their lifetime is left.
const maxRenewMargin = 5 * time.Minute

// tokenSource gives each request its X-Auth-Token.
type tokenSource interface {
	token(ctx context.Context) (string, error)
	// refused tells the source that the API answered 401 to token; it
	// reports whether a fresh token may be obtained to send the request again.
	refused(token string) bool
}

type staticToken string

func (s staticToken) token(context.Context) (string, error) { return string(s), nil }

// A pasted token cannot be renewed: a 401 is final.
func (s staticToken) refused(string) bool { return false }

// passwordTokenSource obtains tokens from IAM, caches one for the life of
// the process and renews it before it expires. Concurrent callers share one
// renewal.
type passwordTokenSource struct {
	auth      PasswordAuth
	tokensURL *url.URL
	projectID string
	// client sends the token requests, as it sends every request.
	client *Client
	now    func() time.Time

	mu       sync.Mutex
	current  string
	renewAt  time.Time
	inFlight *renewal
}

type renewal struct {
	done  chan struct{}
	token string
	err   error
}

// iamTokensPath is where IAM issues tokens, below its base URL.
const iamTokensPath = "/v3/auth/tokens" //nolint:gosec // a path, not a credential

// tokenRequestIdempotent says that asking IAM for a token twice does no
// harm, so a token request is retried as a read is.
const tokenRequestIdempotent = true

func newPasswordTokenSource(c *Client, auth PasswordAuth) (*passwordTokenSource, error) {
	u, err := ParseBaseURL(auth.IAMEndpoint)
	if err != nil {
		return nil, fmt.Errorf("IAM endpoint: %w", err)
	}
	if auth.Username == "" || auth.Password == "" || auth.DomainName == "" {
		return nil, errors.New("IAM password authentication needs a username, a password and a domain name")
	}
	return &passwordTokenSource{
		auth:      auth,
		tokensURL: joinPath(u, iamTokensPath),
		projectID: c.cfg.ProjectID,
		client:    c,
		now:       time.Now,
	}, nil
}

func (s *passwordTokenSource) token(ctx context.Context) (string, error) {
	s.mu.Lock()
	if s.current != "" && s.now().Before(s.renewAt) {
		token := s.current
		s.mu.Unlock()
		return token, nil
	}
	r := s.inFlight
	if r == nil {
		r = &renewal{done: make(chan struct{})}
		s.inFlight = r
		// The renewal outlives a caller that gives up, since others may be
		// waiting for it; its attempts are bounded by the request timeout,
		// and its retries of throttled answers by the retry policy's
		// throttledWithoutDeadline.
		go s.renew(context.WithoutCancel(ctx), r)
	}
	s.mu.Unlock()

	select {
	case <-r.done:
		return r.token, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (s *passwordTokenSource) refused(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if token == s.current {
		s.current = ""
	}
	return true
}

func (s *passwordTokenSource) renew(ctx context.Context, r *renewal) {
	token, renewAt, err := s.obtain(ctx)
	s.mu.Lock()
	if err == nil {
		s.current, s.renewAt = token, renewAt
	}
	s.inFlight = nil
	s.mu.Unlock()
	r.token, r.err = token, err
	close(r.done)
}

// obtain asks IAM for a token, retrying throttling and server errors; asking
// twice does no harm.
func (s *passwordTokenSource) obtain(ctx context.Context) (string, time.Time, error) {
	payload, err := json.Marshal(s.requestBody())
	if err != nil {
		return "", time.Time{}, fmt.Errorf("encoding the IAM token request: %w", err)
	}
	var token string
	var renewAt time.Time
	err = s.client.send(ctx, exchange{
		method: http.MethodPost, target: s.tokensURL, path: iamTokensPath, payload: payload,
		idempotent: tokenRequestIdempotent, iam: true, now: s.now,
		refusal: func(resp *http.Response, raw []byte) error { return s.decodeError(resp, raw) },
		decode: func(resp *http.Response, raw []byte, sentAt time.Time) (err error) {
			token, renewAt, err = s.readToken(resp, raw, sentAt)
			return err
		},
	})
	return token, renewAt, err
}

func (s *passwordTokenSource) requestBody() map[string]any {
	return map[string]any{"auth": map[string]any{
		"identity": map[string]any{
			"methods": []string{"password"},
			"password": map[string]any{"user": map[string]any{
				"name":     s.auth.Username,
				"password": s.auth.Password,
				"domain":   map[string]any{"name": s.auth.DomainName},
			}},
		},
		"scope": map[string]any{"project": map[string]any{"id": s.projectID}},
	}}
}

// readToken reads the token and when to renew it from IAM's answer to a
// token request sent at sentAt.
func (s *passwordTokenSource) readToken(resp *http.Response, raw []byte, sentAt time.Time) (string, time.Time, error) {
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return "", time.Time{}, fmt.Errorf("IAM answered POST %s with HTTP %d, not 201", s.tokensURL, resp.StatusCode)
	}
	token := resp.Header.Get("X-Subject-Token")
	if token == "" {
		return "", time.Time{}, fmt.Errorf("IAM answered POST %s without an X-Subject-Token header", s.tokensURL)
	}
	renewAt, err := renewalTime(raw, sentAt)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("IAM answered POST %s: %w", s.tokensURL, err)
	}
	return token, renewAt, nil
}

// renewalTime reads the token's lifetime from the IAM answer and returns
// when, on this machine's clock, the token is to be renewed. The lifetime is
// measured on the server's clock (expires_at - issued_at) and counted from
// when the request was sent, so a skewed local clock does no harm.
func renewalTime(raw []byte, sentAt time.Time) (time.Time, error) {
	var body struct {
		Token struct {
			ExpiresAt string `json:"expires_at"`
			IssuedAt  string `json:"issued_at"`
		} `json:"token"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return time.Time{}, fmt.Errorf("decoding the token body: %w", err)
	}
	expiresAt, err := time.Parse(time.RFC3339Nano, body.Token.ExpiresAt)
	if err != nil {
		return time.Time{}, fmt.Errorf("token.expires_at %q is not a time", body.Token.ExpiresAt)
	}
	lifetime := time.Until(expiresAt)
	if issuedAt, err := time.Parse(time.RFC3339Nano, body.Token.IssuedAt); err == nil {
		lifetime = expiresAt.Sub(issuedAt)
	}
	if lifetime <= 0 {
		return time.Time{}, fmt.Errorf("the token expired at issue (expires_at %s)", body.Token.ExpiresAt)
	}
	margin := min(maxRenewMargin, lifetime/5)
	return sentAt.Add(lifetime - margin), nil
}

// IAMError is an error answer of IAM to a token request. It names the user
// and domain, never the password.
type IAMError struct {
	Endpoint   string
	Username   string
	DomainName string
	ProjectID  string
	StatusCode int
	Message    string
}

func (e *IAMError) Error() string {
	what := "refused the token request"
	if e.StatusCode == http.StatusUnauthorized {
		what = "refused the credentials"
	}
	return fmt.Sprintf("IAM at %s %s of user %q in domain %q for project %s: HTTP %d: %s",
		e.Endpoint, what, e.Username, e.DomainName, e.ProjectID, e.StatusCode, e.Message)
}

func (s *passwordTokenSource) decodeError(resp *http.Response, raw []byte) *IAMError {
	var body struct {
		Error struct {
			Title   string `json:"title"`
			Message string `json:"message"`
		} `json:"error"`
	}
	// The body may be anything a proxy wrote; only its known fields are used.
	_ = json.Unmarshal(raw, &body)
	msg := body.Error.Message
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	return &IAMError{
		Endpoint: s.tokensURL.String(), Username: s.auth.Username, DomainName: s.auth.DomainName,
		ProjectID: s.projectID, StatusCode: resp.StatusCode, Message: msg,
	}
}

// IsCredentialsRefused reports whether IAM refused the username, password or
// domain (401).
func IsCredentialsRefused(err error) bool {
	var iamErr *IAMError
	return errors.As(err, &iamErr) && iamErr.StatusCode == http.StatusUnauthorized
}

// tokenAuth sends the token of a source as X-Auth-Token.
type tokenAuth struct{ source tokenSource }

func (a tokenAuth) authorize(ctx context.Context, req *http.Request, _ []byte) error {
	token, err := a.source.token(ctx)
	if err != nil {
		return &TokenError{Err: err}
	}
	req.Header.Set("X-Auth-Token", token)
	return nil
}

// A 401 may be cured by a fresh token, if the source can obtain one.
func (a tokenAuth) refused(req *http.Request, resp *http.Response, apiErr *APIError) (renewable bool, err error) {
	return resp.StatusCode == http.StatusUnauthorized && a.source.refused(req.Header.Get("X-Auth-Token")), apiErr
}

// Authenticate proves the credentials now, so that wrong ones show before
// any change is made, at the cost of one request: with a password it
// obtains a token; with an access key it sends one signed read
// (CheckAccess). With a static token it does nothing.
func (c *Client) Authenticate(ctx context.Context) error {
	if c.cfg.AccessKey != nil {
		return c.CheckAccess(ctx)
	}
	_, err := c.tokens.token(ctx)
	return err
}
