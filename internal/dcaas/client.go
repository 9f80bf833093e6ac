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
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"
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
	baseURL *url.URL
	cfg     Config
	retries retryPolicy
	tokens  tokenSource
	auth    authenticator
	view    *View
}

// DefaultUserAgent is sent when the Config names none; a program using the
// client names itself there.
const DefaultUserAgent = "dcaas-go-client"

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
	c := &Client{baseURL: u, cfg: cfg, retries: newRetryPolicy(maxRetries, cfg.MinBackoff, cfg.MaxBackoff), tokens: staticToken(cfg.Token)}
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
		return nil, fmt.Errorf("%q holds %s: a base URL is only a scheme, host, port and path, as in %s", elided(s), joinWithAnd(extras), base.String())
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

func joinWithAnd(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
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

// postVifPeer sends one create. The call is not idempotent, so it is retried
// only when the server provably did not act on it: the request never left
// this machine, or the server answered 429/503, which change nothing.
func (c *Client) postVifPeer(ctx context.Context, req CreateVifPeerRequest) (*VifPeer, error) {
	defer c.view.changed(req.VifID)
	ctx, stop := c.writeContext(ctx)
	defer stop()
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
// While the service refuses the update because the peer is busy (in a
// PENDING_* state), it is sent again, until ctx ends.
func (c *Client) UpdateVifPeer(ctx context.Context, peerID string, req UpdateVifPeerRequest) (*VifPeer, error) {
	var accepted *VifPeer
	err := retryWhileBusy(ctx, func() (err error) {
		accepted, err = c.putVifPeer(ctx, peerID, req)
		return err
	})
	return accepted, err
}

// putVifPeer sends one update.
func (c *Client) putVifPeer(ctx context.Context, peerID string, req UpdateVifPeerRequest) (*VifPeer, error) {
	defer c.view.changed(peerID)
	ctx, stop := c.writeContext(ctx)
	defer stop()
	var out vifPeerEnvelope
	body := map[string]any{"vif_peer": req}
	if err := c.do(ctx, http.MethodPut, c.projectPath("vif-peers", peerID), nil, body, &out); err != nil {
		return nil, err
	}
	out.VifPeer.RequestID = out.RequestID
	return &out.VifPeer, nil
}

// DeleteVifPeer asks for peer peerID of interface vifID to be deleted; it
// is gone once it no longer shows on its interface. While the service
// refuses the delete because the peer is busy, it is sent again, until ctx
// ends. Refused because the peer is the interface's last (IsLastPeer), it
// is sent again once the interface has another peer, for as long as the
// interface keeps changing; see deleteOnceNotLast.
func (c *Client) DeleteVifPeer(ctx context.Context, vifID, peerID string) error {
	err := retryWhileBusy(ctx, func() error { return c.deleteVifPeer(ctx, peerID) })
	if IsLastPeer(err) {
		err = c.deleteOnceNotLast(ctx, vifID, peerID, err)
	}
	return err
}

// deleteVifPeer sends one delete.
func (c *Client) deleteVifPeer(ctx context.Context, peerID string) error {
	defer c.view.changed(peerID)
	ctx, stop := c.writeContext(ctx)
	defer stop()
	return c.do(ctx, http.MethodDelete, c.projectPath("vif-peers", peerID), nil, nil, nil)
}

// writeContext is ctx for sending one write. A cancellation of ctx (the
// user interrupting) reaches it only after the request timeout, so that a
// write already on its way is answered: without its answer, what the write
// did, and which peer a create made, is unknown; an answer of 429 or 503
// within that time may have it sent again. ctx's deadline holds as it is.
// A write is started only while ctx is not cancelled; stop is to be called
// once it is answered.
func (c *Client) writeContext(ctx context.Context) (_ context.Context, stop func()) {
	var cancel context.CancelFunc
	writing := context.WithoutCancel(ctx)
	if deadline, ok := ctx.Deadline(); ok {
		writing, cancel = context.WithDeadline(writing, deadline)
	} else {
		writing, cancel = context.WithCancel(writing)
	}
	if ctx.Err() != nil {
		cancel()
		return writing, cancel
	}
	stopAfter := context.AfterFunc(ctx, func() { time.AfterFunc(c.cfg.RequestTimeout, cancel) })
	return writing, func() {
		stopAfter()
		cancel()
	}
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
		return nil, fmt.Errorf("GET %s: the answer is not virtual interface %s (it names %q): %w",
			c.projectPath("virtual-interfaces", vifID), vifID, out.VirtualInterface.ID, errNotTheAPI)
	}
	out.VirtualInterface.completePeers(out.RequestID)
	return &out.VirtualInterface, nil
}

// maxListPageSize is the largest limit the API accepts for one page.
const maxListPageSize = 2000

// maxFilterValues is how many values one repeated filter, such as id, may
// carry in one list call.
const maxFilterValues = 5

// ListOptions filters ListVirtualInterfaces: IDs, when given, are the
// interfaces to list.
type ListOptions struct {
	IDs []string
}

// ListVirtualInterfaces returns every interface that matches opts, following
// next_marker through all pages.
func (c *Client) ListVirtualInterfaces(ctx context.Context, opts ListOptions) ([]VirtualInterface, error) {
	var all []VirtualInterface
	err := c.EachVirtualInterfacePage(ctx, opts, func(page []VirtualInterface) bool {
		all = append(all, page...)
		return true
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// EachVirtualInterfacePage lists the interfaces that match opts and hands
// each page to yield as it arrives, until yield returns false or the last
// page. Every call reads from the API. Interface ids are sent at most
// maxFilterValues a call, in sorted order, so pages come sorted by id.
func (c *Client) EachVirtualInterfacePage(ctx context.Context, opts ListOptions, yield func([]VirtualInterface) bool) error {
	if len(opts.IDs) == 0 {
		_, err := c.eachPage(ctx, nil, yield)
		return err
	}
	ids := slices.Clone(opts.IDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for chunk := range slices.Chunk(ids, maxFilterValues) {
		more, err := c.eachPage(ctx, chunk, yield)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// eachPage pages through the interfaces with these ids (all without),
// following next_marker; more is false when yield stopped it.
func (c *Client) eachPage(ctx context.Context, ids []string, yield func([]VirtualInterface) bool) (more bool, err error) {
	seen := map[string]bool{}
	marker := ""
	for {
		q := url.Values{}
		if c.cfg.ListPageSize > 0 {
			q.Set("limit", strconv.Itoa(c.cfg.ListPageSize))
		}
		for _, id := range ids {
			q.Add("id", id)
		}
		if marker != "" {
			q.Set("marker", marker)
		}
		page, err := c.listPage(ctx, q)
		if err != nil {
			return false, err
		}
		if !yield(page.VirtualInterfaces) {
			return false, nil
		}
		marker = page.PageInfo.NextMarker
		if marker == "" || len(page.VirtualInterfaces) == 0 {
			return true, nil
		}
		if seen[marker] {
			return false, fmt.Errorf("listing virtual interfaces: server repeated page marker %q", marker)
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
			// It keeps the text of err, not err: IsNotFound must not hold
			// for it.
			return nil, fmt.Errorf("%s.\nThe list of virtual interfaces always exists in the DCaaS API, so %w: "+
				"the base URL is not the API's", err, errNotTheAPI)
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
	target := joinPath(c.baseURL, path)
	target.RawQuery = query.Encode()

	return c.send(ctx, exchange{
		method: method, target: target, path: path, payload: payload, idempotent: isIdempotent(method), auth: c.auth,
		refusal: func(resp *http.Response, raw []byte) error { return decodeAPIError(method, path, target, resp, raw) },
		decode: func(resp *http.Response, raw []byte, _ time.Time) error {
			if out == nil || len(bytes.TrimSpace(raw)) == 0 {
				return nil
			}
			if err := json.Unmarshal(raw, out); err != nil {
				return fmt.Errorf("decoding answer to %s %s (HTTP %d, request id %s): %w",
					method, path, resp.StatusCode, resp.Header.Get("X-Request-Id"), err)
			}
			return nil
		},
	})
}

// exchange is one request of the client, to the API or to IAM, as each of
// its attempts sends it, and what its answers mean.
type exchange struct {
	method string
	target *url.URL
	// path names the request in errors.
	path       string
	payload    []byte
	idempotent bool
	// auth puts the credentials on each attempt; nil when the payload
	// carries them, as a token request's does.
	auth authenticator
	// iam marks a token request, whose failures say so.
	iam bool
	// refusal is the error that an answer of 400 or more means.
	refusal func(resp *http.Response, raw []byte) error
	// decode reads an answer below 300 to an attempt sent at sentAt, as
	// now (time.Now when nil) told it.
	decode func(resp *http.Response, raw []byte, sentAt time.Time) error
	now    func() time.Time
}

// send sends x, attempt after attempt by the client's one retry policy,
// until one succeeds or fails for good.
func (c *Client) send(ctx context.Context, x exchange) error {
	return retry(ctx, c.retries, func() attemptOutcome {
		return c.attemptWithRenewal(ctx, x)
	})
}

// attempt sends x once. The credentials are set before the request timeout
// starts, so that waiting for a token does not count against it.
func (c *Client) attempt(ctx context.Context, x exchange) attemptOutcome {
	var body io.Reader
	if x.payload != nil {
		body = bytes.NewReader(x.payload)
	}
	req, err := http.NewRequestWithContext(ctx, x.method, x.target.String(), body)
	if err != nil {
		return attemptOutcome{err: fmt.Errorf("building %s %s: %w", x.method, x.path, err)}
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "application/json")
	if x.payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if x.auth != nil {
		if err := x.auth.authorize(ctx, req, x.payload); err != nil {
			return attemptOutcome{err: fmt.Errorf("%s %s: %w", x.method, x.path, err)}
		}
	}

	ctx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	var sent bool
	req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteHeaders: func() { sent = true },
	}))
	now := x.now
	if now == nil {
		now = time.Now
	}
	sentAt := now()
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return attemptOutcome{err: x.unanswered(err, sent), retry: transportRetry(err, sent, x.idempotent)}
	}
	defer resp.Body.Close()

	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return attemptOutcome{err: &RedirectError{Method: x.method, URL: x.target.Redacted(),
			StatusCode: resp.StatusCode, Location: resp.Header.Get("Location"), IAM: x.iam}}
	}

	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return attemptOutcome{err: x.unanswered(err, true), retry: transportRetry(err, true, x.idempotent)}
	}

	if resp.StatusCode >= 400 {
		outcome := attemptOutcome{
			err:        x.refusal(resp, raw),
			retry:      statusRetry(resp.StatusCode, x.idempotent),
			retryAfter: parseRetryAfter(resp.Header.Get("Retry-After")),
		}
		if apiErr, ok := AsAPIError(outcome.err); ok && x.auth != nil &&
			(resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden) {
			outcome.renewable, outcome.err = x.auth.refused(req, resp, apiErr)
		}
		return outcome
	}
	return attemptOutcome{err: x.decode(resp, raw, sentAt)}
}

// unanswered is the error of an attempt of x that got no answer, or whose
// answer could not be read.
func (x exchange) unanswered(err error, sent bool) error {
	if x.iam {
		// The API request that waits for this token was not sent: whether
		// the token request was tells nothing of what the API did, and must
		// not make IsAmbiguous say otherwise.
		return fmt.Errorf("requesting a token from IAM: %w", &TransportError{Method: x.method, Path: x.path, Err: err})
	}
	return &TransportError{Method: x.method, Path: x.path, Sent: sent, Err: err}
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
		msg += ". The host name does not exist"
	case errors.Is(e.Err, http.ErrSchemeMismatch):
		msg += ". The server answers plain HTTP where https:// was asked for"
	case IsTLSFailure(e.Err):
		msg += ". " + tlsProblem(e.Err)
	case errors.Is(e.Err, syscall.ECONNREFUSED):
		msg += ". Nothing accepts connections at that host and port"
	}
	return msg
}

func (e *TransportError) Unwrap() error { return e.Err }

// RedirectError is a 3xx answer. Neither the API nor IAM redirects, so one
// means the endpoint is not theirs; it is not followed, so nothing goes
// elsewhere.
type RedirectError struct {
	Method     string
	URL        string
	StatusCode int
	Location   string
	// IAM is set for IAM's answer to a token request.
	IAM bool
}

func (e *RedirectError) Error() string {
	if e.IAM {
		return fmt.Sprintf("IAM answered %s %s with a redirect (HTTP %d) to %q: not followed, since the credentials go to the configured IAM endpoint only",
			e.Method, e.URL, e.StatusCode, e.Location)
	}
	return fmt.Sprintf("%s %s: HTTP %d redirecting to %q. The DCaaS API never redirects, so the base URL is not the API's; "+
		"the redirect was not followed, and neither the token nor the request went there", e.Method, e.URL, e.StatusCode, e.Location)
}

// Is makes a redirect an answer that is not the API's (IsNotTheAPI).
func (e *RedirectError) Is(target error) bool { return target == errNotTheAPI }

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
		gateway := *apiErr
		*apiErr = APIError{ContentType: resp.Header.Get("Content-Type"), BodyStart: bodyStart(raw)}
		// The gateway's "no such API" keeps its words, and stays an
		// answer that is not the API's.
		if resp.StatusCode == http.StatusNotFound && gateway.Code == CodeNoSuchAPI {
			apiErr.Code, apiErr.Message, apiErr.RequestID = gateway.Code, gateway.Message, gateway.RequestID
		}
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
	return (errors.As(err, &dnsErr) && dnsErr.IsNotFound) || errors.Is(err, http.ErrSchemeMismatch) || IsTLSFailure(err)
}

// IsConnectFailure reports whether err is a request that reached no server
// it could talk to: the host name does not exist, nothing accepts
// connections at the host and port, the server answers plain HTTP where
// https:// was asked for, or TLS with it failed.
func IsConnectFailure(err error) bool {
	return isEndpointFailure(err) || errors.Is(err, syscall.ECONNREFUSED)
}

// IsTLSFailure reports whether the server's certificate was refused or the
// server does not speak TLS.
func IsTLSFailure(err error) bool {
	var verifyErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	return errors.As(err, &verifyErr) || errors.As(err, &recordErr) || errors.As(err, &unknownAuthority) ||
		errors.As(err, &hostnameErr) || errors.As(err, &invalidErr)
}

// tlsProblem says what was wrong with TLS, for an error that IsTLSFailure
// holds for; the error itself has the details.
func tlsProblem(err error) string {
	var recordErr tls.RecordHeaderError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	switch {
	case errors.As(err, &recordErr):
		return "The server does not speak TLS at that port"
	case errors.As(err, &unknownAuthority):
		return "The server's certificate was refused: it is signed by an authority that this machine does not trust"
	case errors.As(err, &hostnameErr):
		return "The server's certificate was refused: it is not valid for the host name asked for"
	case errors.As(err, &invalidErr) && invalidErr.Reason == x509.Expired:
		return "The server's certificate was refused: it has expired, or is not valid yet"
	}
	return "The server's certificate was refused"
}

func isIdempotent(method string) bool {
	return method != http.MethodPost
}
