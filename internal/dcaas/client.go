package dcaas

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/wording"
)

// Config says how to reach the API. Zero values take the documented defaults.
type Config struct {
	Endpoint  string
	ProjectID string
	// Token is a token obtained elsewhere; Password makes the client obtain
	// and renew its own instead; AccessKey signs every request instead of
	// sending a token. Exactly one of them is set.
	Token     string
	Password  *PasswordAuth
	AccessKey *AccessKey

	// HTTPClient carries TLS settings and any logging transport.
	HTTPClient *http.Client
	UserAgent  string

	// RequestTimeout bounds one HTTP attempt (DefaultRequestTimeout when
	// zero).
	RequestTimeout time.Duration
	// MaxRetries is how many times a retryable answer is retried
	// (DefaultMaxRetries when nil).
	MaxRetries *int
	// MinBackoff and MaxBackoff bound the exponential backoff between
	// retries that come without Retry-After (defaults 1s and 30s).
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// ListPageSize is the limit of each page of a listing whose
	// ListOptions name none: 1..2000, or 0 for the server's default.
	ListPageSize int
}

// Defaults of the settings a Config leaves unset.
const (
	DefaultRequestTimeout = 60 * time.Second
	DefaultMaxRetries     = 6
)

// Client talks to one project of the DCaaS v3 API.
type Client struct {
	baseURL  *url.URL
	cfg      Config
	settings settings
	tokens   tokenSource
	auth     authenticator
	view     *view
}

// settings are the client's timings: how long it waits, and how it spaces
// what it repeats. Config sets some; the rest are the defaults, which only
// tests change (newClient's tune).
type settings struct {
	// requestTimeout bounds one HTTP attempt.
	requestTimeout time.Duration
	retries        retryPolicy
	polls          pollSchedules
	view           viewSettings
}

// DefaultUserAgent is sent when the Config names none; a program using the
// client names itself there.
const DefaultUserAgent = "dcaas-go-client"

// NewClient checks cfg and returns a client for it.
func NewClient(cfg Config) (*Client, error) {
	return newClient(cfg, nil)
}

// newClient is NewClient with its settings changed by tune, when not nil.
func newClient(cfg Config, tune func(*settings)) (*Client, error) {
	u, err := ParseBaseURL(cfg.Endpoint)
	if err != nil {
		return nil, fmt.Errorf("endpoint: %w", err)
	}
	if cfg.ProjectID == "" {
		return nil, errors.New("project id is empty")
	}
	if cfg.ListPageSize < 0 || cfg.ListPageSize > maxListPageSize {
		return nil, fmt.Errorf("list page size %d is not between 1 and %d", cfg.ListPageSize, maxListPageSize)
	}
	httpClient := &http.Client{}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		httpClient = &copied
	}
	// The API never redirects; following one would send the token and the
	// body to a host the user did not name.
	httpClient.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	cfg.HTTPClient = httpClient
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	s := settingsOf(cfg)
	if tune != nil {
		tune(&s)
	}
	c := &Client{baseURL: u, cfg: cfg, settings: s, tokens: staticToken(cfg.Token)}
	c.view = newView(c, s.view)
	if cfg.Password != nil {
		if cfg.Token != "" {
			return nil, errors.New("both a token and a password are set")
		}
		if c.tokens, err = newPasswordTokenSource(c, *cfg.Password); err != nil {
			return nil, err
		}
	}
	c.auth = tokenAuth{c.tokens}
	if cfg.AccessKey != nil {
		if cfg.Token != "" || cfg.Password != nil {
			return nil, errors.New("both an access key and a token or password are set")
		}
		if err := cfg.AccessKey.Validate(); err != nil {
			return nil, err
		}
		c.auth = accessKeyAuth{key: *cfg.AccessKey, projectID: cfg.ProjectID}
	}
	return c, nil
}

// settingsOf is the settings that cfg asks for, with the defaults for
// what it leaves unset.
func settingsOf(cfg Config) settings {
	s := settings{requestTimeout: cfg.RequestTimeout, polls: defaultPollSchedules(), view: defaultViewSettings()}
	if s.requestTimeout <= 0 {
		s.requestTimeout = DefaultRequestTimeout
	}
	maxRetries := DefaultMaxRetries
	if cfg.MaxRetries != nil {
		maxRetries = max(*cfg.MaxRetries, 0)
	}
	minBackoff, maxBackoff := cfg.MinBackoff, cfg.MaxBackoff
	if minBackoff <= 0 {
		minBackoff = time.Second
	}
	if maxBackoff < minBackoff {
		maxBackoff = max(30*time.Second, minBackoff)
	}
	s.retries = newRetryPolicy(maxRetries, minBackoff, maxBackoff)
	return s
}

// ParseBaseURL parses the base URL of an API: an absolute http or https URL
// with a host, and at most a port and a path. Every API path starts with
// /v3, which the client adds; a base URL that holds it already (the
// vendor's URLs show it) would reach a wrong path. User information would
// travel as a second credential beside the token and show wherever the URL
// does, and a query or a fragment would be dropped from every request. The
// errors never show user information, a query or a fragment.
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http or https URL", elided(s))
	}
	var extras []string
	if u.User != nil {
		extras = append(extras, "user information (a name or password before the host)")
	}
	if u.RawQuery != "" || u.ForceQuery {
		extras = append(extras, "a query (?...)")
	}
	if strings.Contains(s, "#") {
		extras = append(extras, "a fragment (#...)")
	}
	if len(extras) > 0 {
		base := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
		return nil, fmt.Errorf("%q holds %s: a base URL is only a scheme, host, port and path, as in %s", elided(s), wording.And(extras), base.String())
	}
	for _, segment := range strings.Split(u.Path, "/") {
		if strings.EqualFold(segment, "v3") {
			return nil, fmt.Errorf("%q ends in the API path %s: leave it out, as in %s://%s, since every request adds /v3/... to the base URL", s, u.Path, u.Scheme, u.Host)
		}
	}
	return u, nil
}

// elided is s with whatever may be secret (user information, a query, a
// fragment) replaced by ***, so that an error can show it. Everything up to
// the last @ counts as user information, since a password may hold any
// character.
func elided(s string) string {
	head, rest := "", s
	if i := strings.Index(s, "://"); i >= 0 {
		head, rest = s[:i+3], s[i+3:]
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		rest = "***@" + rest[at+1:]
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i+1] + "***"
	}
	return head + rest
}

// joinPath returns base with escapedPath, percent-encoded already, added to
// its path. Path and RawPath are both set, so that the URL is encoded once:
// with Path alone, String would encode each % of escapedPath again.
func joinPath(base *url.URL, escapedPath string) *url.URL {
	u := *base
	u.RawPath = base.EscapedPath() + escapedPath
	// Cannot fail: EscapedPath and url.PathEscape encode validly.
	u.Path, _ = url.PathUnescape(u.RawPath)
	return &u
}

// ProjectID is the project the client works in: the tenant_id of every
// peer it creates.
func (c *Client) ProjectID() string { return c.cfg.ProjectID }

func (c *Client) projectPath(parts ...string) string {
	escaped := make([]string, len(parts))
	for i, p := range parts {
		escaped[i] = url.PathEscape(p)
	}
	return "/v3/" + url.PathEscape(c.cfg.ProjectID) + "/dcaas/" + strings.Join(escaped, "/")
}
