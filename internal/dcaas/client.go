package dcaas

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
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
	baseURL    *url.URL
	cfg        Config
	maxRetries int
	tokens     tokenSource
	auth       authenticator
	view       *View
	// keptLastPeers holds the ids of peers whose delete the service refused
	// as the last of their interface, so that a create meeting one can say
	// what happened.
	keptLastPeers sync.Map
}

// DefaultUserAgent is sent when the Config names none.
const DefaultUserAgent = "terraform-provider-dcaas/dev"

// NewClient checks cfg and returns a client for it.
func NewClient(cfg Config) (*Client, error) {
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
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	maxRetries := DefaultMaxRetries
	if cfg.MaxRetries != nil {
		maxRetries = max(*cfg.MaxRetries, 0)
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = time.Second
	}
	if cfg.MaxBackoff < cfg.MinBackoff {
		cfg.MaxBackoff = max(30*time.Second, cfg.MinBackoff)
	}
	c := &Client{baseURL: u, cfg: cfg, maxRetries: maxRetries, tokens: staticToken(cfg.Token)}
	c.view = newView(c)
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

// ParseBaseURL parses the base URL of an API: an absolute http or https URL
// with a host. Every API path starts with /v3, which the client adds; a
// base URL that holds it already (the vendor's URLs show it) would reach a
// wrong path.
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http or https URL", s)
	}
	for _, segment := range strings.Split(u.Path, "/") {
		if strings.EqualFold(segment, "v3") {
			return nil, fmt.Errorf("%q ends in the API path %s: leave it out, as in %s://%s, since the provider adds /v3/... itself", s, u.Path, u.Scheme, u.Host)
		}
	}
	return u, nil
}

func (c *Client) projectPath(parts ...string) string {
	escaped := make([]string, len(parts))
	for i, p := range parts {
		escaped[i] = url.PathEscape(p)
	}
	return "/v3/" + url.PathEscape(c.cfg.ProjectID) + "/dcaas/" + strings.Join(escaped, "/")
}

// postVifPeer sends one create. The call is not idempotent, so it is retried
// only when the server provably did not act on it: the request never left
// this machine, or the server answered 429/503, which change nothing.
func (c *Client) postVifPeer(ctx context.Context, req CreateVifPeerRequest) (*VifPeer, error) {
	defer c.view.changed(req.VifID)
	var out vifPeerEnvelope
	body := map[string]any{"vif_peer": req}
	if err := c.do(ctx, http.MethodPost, c.projectPath("vif-peers"), nil, body, &out); err != nil {
		return nil, err
	}
	if out.VifPeer.ID == "" {
		// Something answered success without a peer: whether the create
		// happened is unknown, and only the interface can tell.
		return nil, &TransportError{Method: http.MethodPost, Path: c.projectPath("vif-peers"), Sent: true,
			Err: errors.New("the answer holds no peer id")}
	}
	out.VifPeer.RequestID = out.RequestID
	return &out.VifPeer, nil
}

// UpdateVifPeer changes name, description or remote_ep_group of a peer.
func (c *Client) UpdateVifPeer(ctx context.Context, peerID string, req UpdateVifPeerRequest) (*VifPeer, error) {
	defer c.view.changed(peerID)
	var out vifPeerEnvelope
	body := map[string]any{"vif_peer": req}
	if err := c.do(ctx, http.MethodPut, c.projectPath("vif-peers", peerID), nil, body, &out); err != nil {
		return nil, err
	}
	out.VifPeer.RequestID = out.RequestID
	return &out.VifPeer, nil
}

// DeleteVifPeer asks for a peer to be deleted; it is gone once it no longer
// shows on its interface.
func (c *Client) DeleteVifPeer(ctx context.Context, peerID string) error {
	defer c.view.changed(peerID)
	err := c.do(ctx, http.MethodDelete, c.projectPath("vif-peers", peerID), nil, nil, nil)
	if IsLastPeer(err) {
		c.keptLastPeers.Store(peerID, true)
	} else {
		c.keptLastPeers.Delete(peerID)
	}
	return err
}

// GetVirtualInterface reads one interface with its peers.
func (c *Client) GetVirtualInterface(ctx context.Context, vifID string) (*VirtualInterface, error) {
	var out virtualInterfaceEnvelope
	if err := c.do(ctx, http.MethodGet, c.projectPath("virtual-interfaces", vifID), nil, nil, &out); err != nil {
		return nil, err
	}
	// A stub that answers every path with 200 must not pass for an
	// interface without peers.
	if !strings.EqualFold(out.VirtualInterface.ID, vifID) {
		return nil, fmt.Errorf("GET %s: the answer is not virtual interface %s (it names %q): the endpoint does not look like the DCaaS API",
			c.projectPath("virtual-interfaces", vifID), vifID, out.VirtualInterface.ID)
	}
	out.VirtualInterface.completePeers(out.RequestID)
	return &out.VirtualInterface, nil
}

// maxListPageSize is the largest limit the API accepts for one page.
const maxListPageSize = 2000

// ListOptions filters ListVirtualInterfaces. PageSize 0 takes the client's
// ListPageSize.
type ListOptions struct {
	PageSize int
	IDs      []string
	Status   string
}

// ListVirtualInterfaces returns every interface that matches opts, following
// next_marker through all pages.
func (c *Client) ListVirtualInterfaces(ctx context.Context, opts ListOptions) ([]VirtualInterface, error) {
	var all []VirtualInterface
	seen := map[string]bool{}
	marker := ""
	pageSize := opts.PageSize
	if pageSize == 0 {
		pageSize = c.cfg.ListPageSize
	}
	for {
		q := url.Values{}
		if pageSize > 0 {
			q.Set("limit", strconv.Itoa(pageSize))
		}
		for _, id := range opts.IDs {
			q.Add("id", id)
		}
		if opts.Status != "" {
			q.Set("status", opts.Status)
		}
		if marker != "" {
			q.Set("marker", marker)
		}
		page, err := c.listPage(ctx, q)
		if err != nil {
			return nil, err
		}
		all = append(all, page.VirtualInterfaces...)
		marker = page.PageInfo.NextMarker
		if marker == "" || len(page.VirtualInterfaces) == 0 {
			return all, nil
		}
		if seen[marker] {
			return nil, fmt.Errorf("listing virtual interfaces: server repeated page marker %q", marker)
		}
		seen[marker] = true
	}
}

// listPage reads one page of the list of virtual interfaces.
func (c *Client) listPage(ctx context.Context, q url.Values) (*virtualInterfaceList, error) {
	var page virtualInterfaceList
	if err := c.do(ctx, http.MethodGet, c.projectPath("virtual-interfaces"), q, nil, &page); err != nil {
		if IsNotFound(err) {
			// The list of a project's interfaces always exists: "not
			// found" here means the path leads elsewhere, and must not
			// read as every peer gone.
			return nil, errors.New(err.Error() + ".\nThe list of virtual interfaces always exists in the DCaaS API, so this answer means " +
				"the endpoint is not the API's base URL: check endpoint (such as https://dcaas.example.com, with no path)")
		}
		return nil, err
	}
	for i := range page.VirtualInterfaces {
		page.VirtualInterfaces[i].completePeers(page.RequestID)
	}
	return &page, nil
}

// FindVifPeer reads the peer peerID of interface vifID. A missing interface
// or peer is an error for which IsNotFound is true.
func (c *Client) FindVifPeer(ctx context.Context, vifID, peerID string) (*VifPeer, error) {
	vif, err := c.GetVirtualInterface(ctx, vifID)
	if err != nil {
		if IsNotFound(err) {
			return nil, fmt.Errorf("virtual interface %s: %w", vifID, ErrPeerNotFound)
		}
		return nil, err
	}
	peer, ok := vif.PeerByID(peerID)
	if !ok {
		return nil, fmt.Errorf("peer %s on virtual interface %s: %w", peerID, vifID, ErrPeerNotFound)
	}
	return peer, nil
}

func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	var payload []byte
	if in != nil {
		var err error
		if payload, err = json.Marshal(in); err != nil {
			return fmt.Errorf("encoding %s %s: %w", method, path, err)
		}
	}
	target := *c.baseURL
	target.Path = c.baseURL.Path + path
	target.RawQuery = query.Encode()

	return retry(ctx, c.maxRetries, c.backoff, func() attemptOutcome {
		return c.attemptWithRenewal(ctx, method, &target, path, payload, out)
	})
}

// maxRetryAfter is the longest Retry-After this client waits for; an
// answer that asks for longer fails, rather than hold the run for hours.
const maxRetryAfter = 2 * time.Minute

// retry calls try until it succeeds, fails for good, or has been retried
// maxRetries times, waiting between tries as long as the answer asks
// (Retry-After) or by backoff. A final error after retries says how many
// tries over how long.
func retry(ctx context.Context, maxRetries int, backoff func(int) time.Duration, try func() attemptOutcome) error {
	start := time.Now()
	for attempt := 0; ; attempt++ {
		outcome := try()
		if outcome.err == nil {
			return nil
		}
		if !outcome.retryable || attempt >= maxRetries || ctx.Err() != nil {
			if attempt == 0 {
				return outcome.err
			}
			return fmt.Errorf("%w (gave up after %d attempts over %s)", outcome.err, attempt+1, time.Since(start).Round(100*time.Millisecond))
		}
		wait := outcome.retryAfter
		if wait > maxRetryAfter {
			return fmt.Errorf("%w (the answer asks to wait %s before trying again, longer than the %s this provider waits)", outcome.err, wait, maxRetryAfter)
		}
		if wait <= 0 {
			wait = backoff(attempt)
		}
		if err := Sleep(ctx, wait); err != nil {
			return fmt.Errorf("%w (waiting to retry after: %w)", err, outcome.err)
		}
	}
}

type attemptOutcome struct {
	err        error
	retryable  bool
	retryAfter time.Duration
	// renewable is a refusal of credentials that fresh ones may cure.
	renewable bool
}

func (c *Client) attempt(ctx context.Context, method string, target *url.URL, path string, payload []byte, out any) attemptOutcome {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()

	var sent bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteHeaders: func() { sent = true },
	})
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target.String(), body)
	if err != nil {
		return attemptOutcome{err: fmt.Errorf("building %s %s: %w", method, path, err)}
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if err := c.auth.authorize(ctx, req, payload); err != nil {
		return attemptOutcome{err: fmt.Errorf("%s %s: %w", method, path, err)}
	}

	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		// A request that was never written cannot have been acted on; a
		// failure that is about the endpoint itself will not heal by trying
		// again.
		return attemptOutcome{
			err:       &TransportError{Method: method, Path: path, Sent: sent, Err: err},
			retryable: (isIdempotent(method) || !sent) && !isEndpointFailure(err),
		}
	}
	defer resp.Body.Close()

	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return attemptOutcome{err: &RedirectError{Method: method, URL: target.Redacted(),
			StatusCode: resp.StatusCode, Location: resp.Header.Get("Location")}}
	}

	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return attemptOutcome{
			err:       &TransportError{Method: method, Path: path, Sent: true, Err: err},
			retryable: isIdempotent(method),
		}
	}

	if resp.StatusCode >= 400 {
		apiErr := decodeAPIError(method, path, target, resp, raw)
		switch resp.StatusCode {
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			// The contract says these answers change nothing, so even a
			// create may be sent again, no sooner than the server asks.
			return attemptOutcome{err: apiErr, retryable: true, retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"))}
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
			return attemptOutcome{err: apiErr, retryable: isIdempotent(method)}
		case http.StatusUnauthorized, http.StatusForbidden:
			renewable, err := c.auth.refused(req, resp, apiErr)
			return attemptOutcome{err: err, renewable: renewable}
		}
		return attemptOutcome{err: apiErr}
	}
	if out != nil && len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return attemptOutcome{err: fmt.Errorf("decoding answer to %s %s (HTTP %d, request id %s): %w",
				method, path, resp.StatusCode, resp.Header.Get("X-Request-Id"), err)}
		}
	}
	return attemptOutcome{}
}

// TransportError is a request that got no HTTP answer. Sent says whether the
// request may have reached the server.
type TransportError struct {
	Method string
	Path   string
	Sent   bool
	Err    error
}

func (e *TransportError) Error() string {
	msg := fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
	var dnsErr *net.DNSError
	switch {
	case errors.As(e.Err, &dnsErr) && dnsErr.IsNotFound:
		msg += ". The endpoint's host name does not exist: check endpoint"
	case errors.Is(e.Err, http.ErrSchemeMismatch):
		msg += ". The endpoint answers plain HTTP where https:// was asked for: check the endpoint's scheme and port"
	case isTLSFailure(e.Err):
		msg += ". The endpoint's TLS certificate was refused: trust its CA with ca_cert_file, or check endpoint"
	}
	return msg
}

func (e *TransportError) Unwrap() error { return e.Err }

// RedirectError is a 3xx answer. The API never redirects, so one means the
// endpoint is not the API; it is not followed, so nothing goes elsewhere.
type RedirectError struct {
	Method     string
	URL        string
	StatusCode int
	Location   string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d redirecting to %q. The DCaaS API never redirects, so the redirect was not followed "+
		"and neither the token nor the request went there: set endpoint to the API's own base URL", e.Method, e.URL, e.StatusCode, e.Location)
}

// IsAmbiguous reports whether err leaves open whether the server acted on a
// create: the request was sent but no answer came back, or the answer was a
// 500, 502 or 504.
func IsAmbiguous(err error) bool {
	var tErr *TransportError
	if errors.As(err, &tErr) {
		return tErr.Sent
	}
	apiErr, ok := AsAPIError(err)
	if !ok {
		return false
	}
	switch apiErr.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// bodyStartLength is how much of a foreign error body an error quotes: enough
// to recognise a web server's page, too little to flood the output.
const bodyStartLength = 80

func decodeAPIError(method, path string, target *url.URL, resp *http.Response, raw []byte) *APIError {
	apiErr := &APIError{}
	// The body may be anything a proxy or gateway wrote; it is the API's
	// only when it decodes to an object with one of the API's error codes,
	// or with the code of its gateway's refusal of a signature, which comes
	// with 401 alone, so that no "not found" rule can ever take it.
	apiErr.FromAPI = json.Unmarshal(raw, apiErr) == nil && (strings.HasPrefix(apiErr.Code, apiErrorCodePrefix) ||
		(resp.StatusCode == http.StatusUnauthorized && apiErr.Code == CodeSignatureRefused))
	if !apiErr.FromAPI {
		*apiErr = APIError{ContentType: resp.Header.Get("Content-Type"), BodyStart: bodyStart(raw)}
	}
	apiErr.Method = method
	apiErr.Path = path
	apiErr.URL = target.Redacted()
	apiErr.StatusCode = resp.StatusCode
	if apiErr.RequestID == "" {
		apiErr.RequestID = resp.Header.Get("X-Request-Id")
	}
	if apiErr.Message == "" {
		apiErr.Message = http.StatusText(resp.StatusCode)
	}
	return apiErr
}

func bodyStart(raw []byte) string {
	text := strings.Join(strings.Fields(string(raw)), " ")
	if runes := []rune(text); len(runes) > bodyStartLength {
		return string(runes[:bodyStartLength]) + "…"
	}
	return text
}

// isEndpointFailure reports whether a request failed for a reason that no
// retry can cure: the host name does not exist, or TLS cannot work with it.
func isEndpointFailure(err error) bool {
	var dnsErr *net.DNSError
	return (errors.As(err, &dnsErr) && dnsErr.IsNotFound) || errors.Is(err, http.ErrSchemeMismatch) || isTLSFailure(err)
}

// isTLSFailure reports whether the endpoint's certificate was refused or
// the endpoint does not speak TLS.
func isTLSFailure(err error) bool {
	var verifyErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	return errors.As(err, &verifyErr) || errors.As(err, &recordErr) || errors.As(err, &unknownAuthority) ||
		errors.As(err, &hostnameErr) || errors.As(err, &invalidErr)
}

func isIdempotent(method string) bool {
	return method != http.MethodPost
}

// parseRetryAfter reads a Retry-After header given in seconds or as an HTTP
// date; anything else yields 0.
func parseRetryAfter(value string) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	if secs, err := strconv.Atoi(value); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if when, err := http.ParseTime(value); err == nil {
		return max(time.Until(when), 0)
	}
	return 0
}

// backoff is capped exponential backoff with jitter: a random duration
// between half and all of min(MinBackoff*2^attempt, MaxBackoff).
func (c *Client) backoff(attempt int) time.Duration {
	ceiling := c.cfg.MaxBackoff
	if attempt < 30 {
		ceiling = min(c.cfg.MinBackoff<<attempt, c.cfg.MaxBackoff)
	}
	half := ceiling / 2
	return half + rand.N(ceiling-half+1) //nolint:gosec // jitter needs no cryptographic randomness
}

// Sleep waits for d, or until ctx ends, whichever comes first.
func Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
