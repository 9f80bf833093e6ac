package dcaas

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	tokensURL string
	projectID string
	http      *http.Client
	userAgent string
	timeout   time.Duration
	retries   retryPolicy
	now       func() time.Time

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
		tokensURL: joinPath(u, iamTokensPath).String(),
		projectID: c.cfg.ProjectID,
		http:      c.cfg.HTTPClient, // follows no redirect, as NewClient made it
		userAgent: c.cfg.UserAgent,
		timeout:   c.cfg.RequestTimeout,
		retries:   c.retryPolicy(),
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
		// and its retries of throttled answers by throttledWithoutDeadline.
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
	err = retry(ctx, s.retries, func() attemptOutcome {
		var outcome attemptOutcome
		token, renewAt, outcome = s.attempt(ctx, payload)
		return outcome
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

func (s *passwordTokenSource) attempt(ctx context.Context, payload []byte) (string, time.Time, attemptOutcome) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.tokensURL, bytes.NewReader(payload))
	if err != nil {
		return "", time.Time{}, attemptOutcome{err: fmt.Errorf("building the IAM token request: %w", err)}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", s.userAgent)

	sentAt := s.now()
	resp, err := s.http.Do(req)
	if err != nil {
		return "", time.Time{}, attemptOutcome{
			err:   fmt.Errorf("requesting a token from IAM: %w", &TransportError{Method: http.MethodPost, Path: iamTokensPath, Err: err}),
			retry: transportRetry(err, true, tokenRequestIdempotent),
		}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", time.Time{}, attemptOutcome{err: fmt.Errorf("reading the IAM answer: %w", err), retry: transportRetry(err, true, tokenRequestIdempotent)}
	}

	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return "", time.Time{}, attemptOutcome{err: fmt.Errorf(
			"IAM answered POST %s with a redirect (HTTP %d) to %q: not followed, since the credentials go to the configured IAM endpoint only",
			s.tokensURL, resp.StatusCode, resp.Header.Get("Location"))}
	case resp.StatusCode >= 400:
		return "", time.Time{}, attemptOutcome{
			err:        s.decodeError(resp, raw),
			retry:      statusRetry(resp.StatusCode, tokenRequestIdempotent),
			retryAfter: parseRetryAfter(resp.Header.Get("Retry-After")),
		}
	case resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK:
		return "", time.Time{}, attemptOutcome{err: fmt.Errorf("IAM answered POST %s with HTTP %d, not 201", s.tokensURL, resp.StatusCode)}
	}

	token := resp.Header.Get("X-Subject-Token")
	if token == "" {
		return "", time.Time{}, attemptOutcome{err: fmt.Errorf("IAM answered POST %s without an X-Subject-Token header", s.tokensURL)}
	}
	renewAt, err := renewalTime(raw, sentAt)
	if err != nil {
		return "", time.Time{}, attemptOutcome{err: fmt.Errorf("IAM answered POST %s: %w", s.tokensURL, err)}
	}
	return token, renewAt, attemptOutcome{}
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
		Endpoint: s.tokensURL, Username: s.auth.Username, DomainName: s.auth.DomainName,
		ProjectID: s.projectID, StatusCode: resp.StatusCode, Message: msg,
	}
}

// IsCredentialsRefused reports whether IAM refused the username, password or
// domain (401).
func IsCredentialsRefused(err error) bool {
	var iamErr *IAMError
	return errors.As(err, &iamErr) && iamErr.StatusCode == http.StatusUnauthorized
}

// Authenticate obtains a token now when the client authenticates with a
// password, so that wrong credentials show before any change is made. With
// a static token it does nothing.
func (c *Client) Authenticate(ctx context.Context) error {
	_, err := c.tokens.token(ctx)
	return err
}

// attemptWithRenewal sends one attempt with the current token and, when the
// API refuses that token with 401, once more with a fresh one. A 401 means
// the request was not acted on, so even a create may be sent again.
func (c *Client) attemptWithRenewal(ctx context.Context, method string, target *url.URL, path string, payload []byte, out any) attemptOutcome {
	for renewed := false; ; renewed = true {
		token, err := c.tokens.token(ctx)
		if err != nil {
			return attemptOutcome{err: fmt.Errorf("%s %s: %w", method, path, &TokenError{Err: err})}
		}
		outcome := c.attempt(ctx, method, target, path, token, payload, out)
		if renewed || !IsUnauthorized(outcome.err) || !c.tokens.refused(token) {
			return outcome
		}
	}
}
