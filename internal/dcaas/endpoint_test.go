package dcaas

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A redirect is never followed: the host it names receives nothing, and the
// error names it.
func TestRedirectsAreNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	t.Cleanup(other.Close)
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		var calls atomic.Int32
		c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			http.Redirect(w, r, other.URL+r.URL.Path, status)
		})
		_, err := c.postVifPeer(context.Background(), CreateVifPeerRequest{BGPMD5: ptr("secret")})
		var redirect *RedirectError
		if !errors.As(err, &redirect) || redirect.StatusCode != status || !strings.Contains(err.Error(), other.URL) {
			t.Errorf("%d: err %v, want a redirect error naming %s", status, err, other.URL)
		}
		if _, err := c.VirtualInterface(context.Background(), "v1", Fresh); !errors.As(err, &redirect) || IsNotFound(err) {
			t.Errorf("%d: GET err %v", status, err)
		}
		if calls.Load() != 2 {
			t.Errorf("%d: the endpoint got %d requests, want 2 (no retries)", status, calls.Load())
		}
	}
	if elsewhere.Load() != 0 {
		t.Errorf("the redirect target received %d requests", elsewhere.Load())
	}
}

// The caller's http.Client is not changed by the client's redirect rule.
func TestNewClientLeavesCallersHTTPClientAlone(t *testing.T) {
	hc := &http.Client{}
	if _, err := NewClient(Config{Endpoint: "https://x", ProjectID: "p", HTTPClient: hc}); err != nil {
		t.Fatal(err)
	}
	if hc.CheckRedirect != nil {
		t.Error("the caller's http.Client was changed")
	}
}

// A body that is not the API's error body is an error that names the URL
// and says the endpoint looks wrong.
func TestForeignErrorBodyNamesTheURL(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<html>\n<title>404 Not Found</title>\n</html>"))
	})
	_, err := c.VirtualInterface(context.Background(), "v1", Fresh)
	if err == nil || IsNotFound(err) {
		t.Fatalf("err %v", err)
	}
	for _, want := range []string{c.baseURL.String() + "/v3/" + testProject + "/dcaas/virtual-interfaces/v1", "HTTP 404", "text/html", "<title>404 Not Found</title>", "does not look like the DCaaS API"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestEndpointFailuresAreNotRetried(t *testing.T) {
	noSuchHost := &net.DNSError{Err: "no such host", Name: "dcaas.example.invalid", IsNotFound: true}
	var dials atomic.Int32
	c, _ := NewClient(Config{
		Endpoint: "https://dcaas.example.invalid", ProjectID: "p", MaxRetries: ptr(3), MinBackoff: time.Millisecond,
		HTTPClient: &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
			dials.Add(1)
			return nil, noSuchHost
		}}},
	})
	_, err := c.VirtualInterface(context.Background(), "v1", Fresh)
	if dials.Load() != 1 || err == nil || !strings.Contains(err.Error(), "host name does not exist") {
		t.Errorf("no such host: %d dials, err %v", dials.Load(), err)
	}

	// https:// on a port that speaks plain HTTP.
	plain, conns := connectionCountingServer(t, false)
	c, _ = NewClient(Config{Endpoint: strings.Replace(plain.URL, "http://", "https://", 1), ProjectID: "p", MaxRetries: ptr(3), MinBackoff: time.Millisecond})
	_, err = c.VirtualInterface(context.Background(), "v1", Fresh)
	if !errors.Is(err, http.ErrSchemeMismatch) || !strings.Contains(err.Error(), "plain HTTP") {
		t.Errorf("scheme mismatch: err %v", err)
	}
	if conns.Load() != 1 {
		t.Errorf("scheme mismatch: %d connections, want 1", conns.Load())
	}
}

// Other connection failures are retried, and the final error says how
// many attempts were made over how long.
func TestConnectionFailuresSayHowOftenTheyWereTried(t *testing.T) {
	var dials atomic.Int32
	c, _ := NewClient(Config{
		Endpoint: "http://127.0.0.1:1", ProjectID: "p", MaxRetries: ptr(2), MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond,
		HTTPClient: &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
			dials.Add(1)
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
		}}},
	})
	_, err := c.VirtualInterface(context.Background(), "v1", Fresh)
	if dials.Load() != 3 || err == nil || !strings.Contains(err.Error(), "gave up after 3 attempts over") {
		t.Errorf("%d dials, err %v", dials.Load(), err)
	}
}

// A 200 answer that is not what was asked for, such as a catch-all stub's
// {}, is an error: never an empty project, an interface without peers, or a
// peer without id.
func TestAnswersThatAreNotTheAPIs(t *testing.T) {
	var posts atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
		}
		writeJSON(w, http.StatusOK, `{}`)
	})
	ctx := context.Background()
	if _, err := c.ListVirtualInterfaces(ctx, ListOptions{}); err == nil || IsNotFound(err) || !strings.Contains(err.Error(), "no virtual_interfaces list") {
		t.Errorf("list: %v", err)
	}
	if _, err := c.VirtualInterface(ctx, "v1", Fresh); err == nil || IsNotFound(err) || !strings.Contains(err.Error(), "not virtual interface v1") {
		t.Errorf("get: %v", err)
	}
	if _, err := c.VifPeer(ctx, "v1", "p1", Fresh); err == nil || IsNotFound(err) {
		t.Errorf("find: %v", err)
	}
	if _, err := c.postVifPeer(ctx, CreateVifPeerRequest{}); !IsAmbiguous(err) || !strings.Contains(err.Error(), "no peer id") {
		t.Errorf("create answered without a peer: %v, want an error that leaves the create's fate open", err)
	}
	if _, err := c.ListVifPeerDetections(ctx, DetectionListOptions{VifPeerID: "p1"}); !IsNotTheAPI(err) || !strings.Contains(err.Error(), "no vif_peer_detections list") {
		t.Errorf("list of detections: %v", err)
	}
	if _, err := c.ListSwitchoverTestRecords(ctx, SwitchoverListOptions{}); !IsNotTheAPI(err) || !strings.Contains(err.Error(), "no switchover_test_records list") {
		t.Errorf("list of switchover tests: %v", err)
	}
	if _, err := c.GetVifPeerDetection(ctx, "d1"); !IsNotTheAPI(err) || IsNotFound(err) {
		t.Errorf("get of a detection: %v", err)
	}
	if posts.Load() != 1 {
		t.Errorf("%d creates sent, want 1", posts.Load())
	}
}

// The gateway's APIGW.0101 names a wrong base URL, in its own words, and
// is never "not found".
func TestGatewayNoSuchAPI(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusNotFound, `{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment","request_id":"gw-1"}`)
	})
	_, err := c.GetVifPeerDetection(context.Background(), "d1")
	if err == nil || IsNotFound(err) || !IsNotTheAPI(err) {
		t.Fatalf("%v, want an answer that is not the API's and not \"not found\"", err)
	}
	for _, want := range []string{"HTTP 404 APIGW.0101", "has not been published", "gw-1", "no such path or method: the base URL is not the API's"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

// A 404 with an error code that is not the API's (a gateway's) is not "not
// found".
func TestForeignErrorCodeIsNotNotFound(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusNotFound, `{"error_code":"APIG.0101","error_msg":"The API does not exist or has not been published"}`)
	})
	if _, err := c.VirtualInterface(context.Background(), "v1", Fresh); err == nil || IsNotFound(err) {
		t.Errorf("gateway 404: %v", err)
	}
}

// A Retry-After far longer than a run should wait fails at once.
func TestLongRetryAfterFails(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "86400")
		writeJSON(w, http.StatusTooManyRequests, `{"error_code":"DC.0003","error_msg":"slow down"}`)
	})
	_, err := c.VirtualInterface(context.Background(), "v1", Fresh)
	if err == nil || !strings.Contains(err.Error(), "asks to wait 24h0m0s") || calls.Load() != 1 {
		t.Errorf("%d calls, err %v", calls.Load(), err)
	}
}

// A base URL carries a scheme, host, port and path only. User information
// would go out as a second credential and show in logs, and a query or a
// fragment would be dropped: all are refused, and the error shows none of
// them.
func TestParseBaseURLRefusesUserinfoQueryAndFragment(t *testing.T) {
	const secret = "s3cr3t-Pw"
	for _, tc := range []struct {
		endpoint string
		want     []string
	}{
		{"https://alice:" + secret + "@dcaas.example.com", []string{`"https://***@dcaas.example.com" holds user information`, "as in https://dcaas.example.com"}},
		{"https://" + secret + "@dcaas.example.com:8443/api", []string{"holds user information", "as in https://dcaas.example.com:8443/api"}},
		{"https://:" + secret + "@dcaas.example.com", []string{"holds user information"}},
		{"https://@dcaas.example.com", []string{"holds user information"}},
		{"https://dcaas.example.com/?token=" + secret, []string{`"https://dcaas.example.com/?***" holds a query (?...)`}},
		{"https://dcaas.example.com?", []string{"holds a query"}},
		{"https://dcaas.example.com/api#" + secret, []string{`holds a fragment (#...): a base URL is only a scheme, host, port and path, as in https://dcaas.example.com/api`}},
		{"https://dcaas.example.com#", []string{"holds a fragment"}},
		{"https://alice:" + secret + "@dcaas.example.com/?x=" + secret + "#" + secret, []string{"holds user information (a name or password before the host), a query (?...) and a fragment (#...)"}},
		// Not URLs at all, with what may be a password in them.
		{"ftp://alice:" + secret + "@dcaas.example.com", []string{`"ftp://***@dcaas.example.com" is not an http or https URL`}},
		{"https://alice:" + secret + " x@dcaas.example.com", []string{"is not an http or https URL"}},
		{"https://alice:" + secret + "/x@dcaas.example.com", []string{"is not an http or https URL"}},
	} {
		_, err := ParseBaseURL(tc.endpoint)
		if err == nil {
			t.Errorf("%s accepted", tc.endpoint)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q lacks %q", tc.endpoint, err, want)
			}
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "alice") {
			t.Errorf("%s: error %q shows the user information", tc.endpoint, err)
		}
	}
	for _, ok := range []string{"https://dcaas.example.com", "https://dcaas.example.com:8443/api/", "http://127.0.0.1:8787/a%2Fb"} {
		if _, err := ParseBaseURL(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
}

// Paths are percent-encoded once, in the request and in the error that
// names its URL: a project id and an interface id that need encoding, below
// a base path that holds an encoded slash.
func TestURLsAreEncodedOnce(t *testing.T) {
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.URL.EscapedPath())
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{Endpoint: srv.URL + "/gw%2Fdcaas", ProjectID: "team a/b%", Token: "t", MaxRetries: ptr(0)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.VirtualInterface(context.Background(), "vif 1", Fresh)
	const want = "/gw%2Fdcaas/v3/team%20a%2Fb%25/dcaas/virtual-interfaces/vif%201"
	if got.Load() != want {
		t.Errorf("the server got path %v, want %s", got.Load(), want)
	}
	if err == nil || !strings.Contains(err.Error(), "GET "+srv.URL+want+": HTTP 404") {
		t.Errorf("error %v does not name %s", err, srv.URL+want)
	}

	// IAM's base URL keeps its encoding too.
	iam := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.URL.EscapedPath())
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(iam.Close)
	auth := testPasswordAuth
	auth.IAMEndpoint = iam.URL + "/id%2Fv"
	c, err = NewClient(Config{Endpoint: srv.URL, ProjectID: "p", Password: &auth})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Authenticate(context.Background())
	if got.Load() != "/id%2Fv/v3/auth/tokens" || err == nil || !strings.Contains(err.Error(), "IAM at "+iam.URL+"/id%2Fv/v3/auth/tokens refused") {
		t.Errorf("IAM got path %v, err %v", got.Load(), err)
	}
}
