package dcaas

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testProject = "p-123"
	testToken   = "tok-abc"
)

// newTestClient returns a client of a test server run by handler, with
// short backoffs.
func newTestClient(t *testing.T, handler http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{
		Endpoint: srv.URL, ProjectID: testProject, Token: testToken,
		MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, MaxRetries: ptr(3),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// connectionCountingServer starts a server, plain HTTP or TLS with a
// certificate no client trusts, that counts the connections it accepts: a
// failure no retry can cure is shown to take exactly one.
func connectionCountingServer(t *testing.T, startTLS bool) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var connections atomic.Int32
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			connections.Add(1)
		}
	}
	if startTLS {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv, &connections
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", "hdr-req-id")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

const vendorCreateResponse = `{"vif_peer": {"name": "vif-peer-test", "id": "ba604c46-8cdd-40c6-8969-ccf6159bb02b", "description": "", "tenant_id": "4bd6efdb0fb747b39aa2c0162c112226", "address_family": "ipv4", "local_gateway_ip": "5.5.5.1/30", "remote_gateway_ip": "5.5.5.2/30", "route_mode": "static", "bgp_asn": null, "bgp_md5": null, "device_id": "26.151.63.100", "enable_bfd": false, "enable_nqa": false, "bgp_route_limit": 256, "bgp_status": null, "status": "PENDING_CREATE", "vif_id": "86f9556a-fa68-42b7-93c2-dd407408430b", "enable_gre": null, "local_gre_tunnel_ip": null, "remote_gre_tunnel_ip": null, "gre_status": null, "receive_route_num": -1, "remote_ep_group": ["8.8.8.0/30"], "some_future_field": {"x": 1}}, "request_id": "846eeab082e21a170f98c67fe33099f2"}`

func TestNewClientRejectsBadSettings(t *testing.T) {
	for _, endpoint := range []string{"", "dcaas.example.com", "ftp://x", "http://"} {
		if _, err := NewClient(Config{Endpoint: endpoint, ProjectID: "p"}); err == nil {
			t.Errorf("endpoint %q accepted", endpoint)
		}
	}
	if _, err := NewClient(Config{Endpoint: "https://x"}); err == nil {
		t.Error("empty project accepted")
	}
}

func TestCreateVifPeerSendsContractRequest(t *testing.T) {
	var got struct {
		method, path, token, userAgent, contentType string
		body                                        map[string]map[string]any
	}
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		got.method, got.path = r.Method, r.URL.Path
		got.token, got.userAgent = r.Header.Get("X-Auth-Token"), r.Header.Get("User-Agent")
		got.contentType = r.Header.Get("Content-Type")
		_ = json.NewDecoder(r.Body).Decode(&got.body)
		writeJSON(w, http.StatusCreated, vendorCreateResponse)
	})
	asn := uint32(4294967295)
	peer, err := c.postVifPeer(context.Background(), CreateVifPeerRequest{
		Name: "vif-peer-test", AddressFamily: "ipv4", LocalGatewayIP: "5.5.5.1/30", RemoteGatewayIP: "5.5.5.2/30",
		RouteMode: "bgp", BGPASN: &asn, RemoteEPGroup: []string{"8.8.8.0/30"}, VifID: "86f9556a-fa68-42b7-93c2-dd407408430b",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.method != http.MethodPost || got.path != "/v3/"+testProject+"/dcaas/vif-peers" {
		t.Errorf("request %s %s", got.method, got.path)
	}
	if got.token != testToken || got.contentType != "application/json" || got.userAgent != DefaultUserAgent {
		t.Errorf("headers: token %q, content type %q, user agent %q", got.token, got.contentType, got.userAgent)
	}
	inner := got.body["vif_peer"]
	if inner["bgp_asn"] != float64(4294967295) || inner["name"] != "vif-peer-test" {
		t.Errorf("body %v", got.body)
	}
	if _, present := inner["bgp_md5"]; present {
		t.Errorf("bgp_md5 sent although unset: %v", inner)
	}
	if peer.ID != "ba604c46-8cdd-40c6-8969-ccf6159bb02b" || peer.Status != StatusPendingCreate || peer.BGPASN != nil ||
		peer.ReceiveRouteNum != -1 || peer.BGPRouteLimit != 256 || peer.RequestID != "846eeab082e21a170f98c67fe33099f2" {
		t.Errorf("decoded peer %+v", peer)
	}
}

func TestDecodeQuirks(t *testing.T) {
	cases := map[string]struct {
		field string
		want  []string
	}{
		"null list":        {`null`, nil},
		"empty list":       {`[]`, []string{}},
		"joined by spaces": {`["10.0.0.0/24 10.1.0.0/24"]`, []string{"10.0.0.0/24", "10.1.0.0/24"}},
		"joined by commas": {`["10.0.0.0/24,10.1.0.0/24", "10.2.0.0/24"]`, []string{"10.0.0.0/24", "10.1.0.0/24", "10.2.0.0/24"}},
		"comma and space":  {`["10.0.0.0/24, 10.1.0.0/24"]`, []string{"10.0.0.0/24", "10.1.0.0/24"}},
		"plain list":       {`["10.0.0.0/24","10.1.0.0/24"]`, []string{"10.0.0.0/24", "10.1.0.0/24"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var peer VifPeer
			body := fmt.Sprintf(`{"id":"x","remote_ep_group":%s,"service_ep_group":%s,"bgp_asn":4294967295,"unknown":[1,2]}`, tc.field, tc.field)
			if err := json.Unmarshal([]byte(body), &peer); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(peer.RemoteEPGroup) != fmt.Sprint(tc.want) || len(peer.RemoteEPGroup) != len(tc.want) {
				t.Errorf("remote_ep_group = %q, want %q", peer.RemoteEPGroup, tc.want)
			}
			if len(peer.ServiceEPGroup) != len(tc.want) {
				t.Errorf("service_ep_group = %q, want %q", peer.ServiceEPGroup, tc.want)
			}
			if peer.BGPASN == nil || *peer.BGPASN != 4294967295 {
				t.Errorf("bgp_asn = %v", peer.BGPASN)
			}
		})
	}
}

func TestNotFoundSpellings(t *testing.T) {
	answers := []struct {
		status int
		body   string
	}{
		{http.StatusNotFound, `{"error_code":"DC.0002","error_msg":"gone","request_id":"r1"}`},
		{http.StatusNotFound, `{"error_code":"DC.1211","error_msg":"no vif","request_id":"r1"}`},
		{http.StatusBadRequest, `{"error_code":"DC.0002","error_msg":"gone","request_id":"r2"}`},
		{http.StatusBadRequest, `{"error_code":"DC.1211","error_msg":"no vif","request_id":"r3"}`},
	}
	for _, a := range answers {
		c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, a.status, a.body) })
		_, err := c.VirtualInterface(context.Background(), "v1", Fresh)
		if !IsNotFound(err) {
			t.Errorf("%d %s: IsNotFound false for %v", a.status, a.body, err)
		}
		_, err = c.VifPeer(context.Background(), "v1", "p1", Fresh)
		if !IsNotFound(err) {
			t.Errorf("%d %s: VifPeer: IsNotFound false for %v", a.status, a.body, err)
		}
	}
	notNotFound := []struct {
		status int
		body   string
	}{
		{http.StatusBadRequest, `{"error_code":"DC.0001","error_msg":"bad","request_id":"r4"}`},
		// Only DC.0002 and DC.1211 say "not found", with 404 as with 400.
		{http.StatusNotFound, `{"error_code":"DC.0003","error_msg":"system error","request_id":"r5"}`},
		{http.StatusNotFound, `{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment"}`},
		{http.StatusNotFound, `<html><title>404 Not Found</title></html>`},
		{http.StatusNotFound, ``},
		{http.StatusNotFound, `{"message":"no route"}`},
		{http.StatusBadRequest, `{"error":"DC.0002"}`},
	}
	for _, a := range notNotFound {
		c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, a.status, a.body) })
		_, err := c.VirtualInterface(context.Background(), "v1", Fresh)
		if err == nil || IsNotFound(err) {
			t.Errorf("%d %q taken as not found: %v", a.status, a.body, err)
		}
		_, err = c.VifPeer(context.Background(), "v1", "p1", Fresh)
		if err == nil || IsNotFound(err) {
			t.Errorf("%d %q: VifPeer took it as not found: %v", a.status, a.body, err)
		}
	}
}

func TestAPIErrorCarriesDetails(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusBadRequest, `{"error_code":"DC.1301","error_msg":"family taken","request_id":"body-req-id"}`)
	})
	_, err := c.postVifPeer(context.Background(), CreateVifPeerRequest{Name: "x"})
	apiErr, ok := AsAPIError(err)
	if !ok {
		t.Fatalf("not an APIError: %v", err)
	}
	if apiErr.StatusCode != 400 || apiErr.Code != CodeAddressFamilyTaken || apiErr.Message != "family taken" || apiErr.RequestID != "body-req-id" {
		t.Errorf("%+v", apiErr)
	}
	if !IsAddressFamilyTaken(err) || !strings.Contains(err.Error(), "DC.1301") || !strings.Contains(err.Error(), "body-req-id") {
		t.Errorf("error text %q", err)
	}
	// Without request_id in the body, the header's is used.
	c = newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusConflict, `{"error_code":"DC.1303","error_msg":"busy"}`)
	})
	err = c.deleteVifPeer(context.Background(), "p1")
	if apiErr, _ := AsAPIError(err); apiErr == nil || apiErr.RequestID != "hdr-req-id" || !IsBusy(err) {
		t.Errorf("409 without body: %v", err)
	}
}

func TestErrorClassifiers(t *testing.T) {
	cases := []struct {
		status int
		code   string
		check  func(error) bool
		name   string
	}{
		{http.StatusBadRequest, CodeBusy, IsBusy, "busy 400"},
		{http.StatusConflict, CodeBusy, IsBusy, "busy 409"},
		{http.StatusBadRequest, CodeLastPeer, IsLastPeer, "last peer"},
		{http.StatusUnauthorized, "", IsUnauthorized, "401"},
		{http.StatusForbidden, "", IsForbidden, "403"},
	}
	for _, tc := range cases {
		err := &APIError{StatusCode: tc.status, Code: tc.code, FromAPI: true}
		if !tc.check(err) {
			t.Errorf("%s not recognised", tc.name)
		}
		if tc.check(&APIError{StatusCode: http.StatusBadRequest, Code: "DC.0001", FromAPI: true}) {
			t.Errorf("%s matches DC.0001", tc.name)
		}
	}
}

// DC.0001 is the refusal of a switchover test the interface's state does
// not allow; a busy interface is another refusal.
func TestIsInvalid(t *testing.T) {
	if !IsInvalid(&APIError{StatusCode: http.StatusBadRequest, Code: CodeInvalid, FromAPI: true}) {
		t.Error("DC.0001 not recognised")
	}
	if IsInvalid(&APIError{StatusCode: http.StatusBadRequest, Code: CodeBusy, FromAPI: true}) {
		t.Error("a busy refusal taken for DC.0001")
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	var calls atomic.Int32
	var first, second time.Time
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		switch calls.Add(1) {
		case 1:
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, `{"error_code":"DC.0003","error_msg":"slow down"}`)
		default:
			second = time.Now()
			writeJSON(w, http.StatusOK, `{"virtual_interface":{"id":"v1","vif_peers":null}}`)
		}
	})
	vif, err := c.VirtualInterface(context.Background(), "v1", Fresh)
	if err != nil {
		t.Fatal(err)
	}
	if vif.ID != "v1" || calls.Load() != 2 {
		t.Fatalf("vif %+v after %d calls", vif, calls.Load())
	}
	if gap := second.Sub(first); gap < time.Second {
		t.Errorf("retried after %v, sooner than Retry-After: 1", gap)
	}
}

func TestRetriesByMethod(t *testing.T) {
	cases := []struct {
		name      string
		status    int
		call      func(*Client) error
		wantCalls int32
	}{
		{"GET 500", 500, func(c *Client) error { _, err := c.VirtualInterface(context.Background(), "v", Fresh); return err }, 2},
		{"GET 502", 502, func(c *Client) error { _, err := c.VirtualInterface(context.Background(), "v", Fresh); return err }, 2},
		{"PUT 504", 504, func(c *Client) error {
			_, err := c.UpdateVifPeer(context.Background(), "p", UpdateVifPeerRequest{})
			return err
		}, 2},
		{"DELETE 503", 503, func(c *Client) error { return c.DeleteVifPeer(context.Background(), "v", "p") }, 2},
		{"POST 503", 503, func(c *Client) error {
			_, err := c.postVifPeer(context.Background(), CreateVifPeerRequest{})
			return err
		}, 2},
		{"POST 429", 429, func(c *Client) error {
			_, err := c.postVifPeer(context.Background(), CreateVifPeerRequest{})
			return err
		}, 2},
		{"POST 500 is not retried", 500, func(c *Client) error {
			_, err := c.postVifPeer(context.Background(), CreateVifPeerRequest{})
			return err
		}, 1},
		{"POST 502 is not retried", 502, func(c *Client) error {
			_, err := c.postVifPeer(context.Background(), CreateVifPeerRequest{})
			return err
		}, 1},
		{"GET 400 is not retried", 400, func(c *Client) error { _, err := c.VirtualInterface(context.Background(), "v", Fresh); return err }, 1},
		{"GET 401 is not retried", 401, func(c *Client) error { _, err := c.VirtualInterface(context.Background(), "v", Fresh); return err }, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) == 1 {
					writeJSON(w, tc.status, `{"error_code":"DC.0003","error_msg":"fault"}`)
					return
				}
				switch r.Method {
				case http.MethodPost:
					writeJSON(w, http.StatusCreated, vendorCreateResponse)
				case http.MethodDelete:
					w.WriteHeader(http.StatusNoContent)
				case http.MethodPut:
					writeJSON(w, http.StatusOK, vendorCreateResponse)
				default:
					writeJSON(w, http.StatusOK, `{"virtual_interface":{"id":"v"}}`)
				}
			})
			err := tc.call(c)
			if got := calls.Load(); got != tc.wantCalls {
				t.Fatalf("%d calls, want %d (err %v)", got, tc.wantCalls, err)
			}
			if (tc.wantCalls == 2) != (err == nil) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestRetriesStopAtMaxRetries(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		writeJSON(w, http.StatusBadGateway, `{}`)
	})
	_, err := c.VirtualInterface(context.Background(), "v", Fresh)
	if apiErr, ok := AsAPIError(err); !ok || apiErr.StatusCode != http.StatusBadGateway {
		t.Fatalf("err = %v", err)
	}
	if calls.Load() != 4 {
		t.Errorf("%d calls, want 1 + MaxRetries (3)", calls.Load())
	}
}

// MaxRetries 0 means no retry at all, and unset means the default.
func TestMaxRetriesZeroAndUnset(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		writeJSON(w, http.StatusBadGateway, `{}`)
	}))
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		maxRetries *int
		wantCalls  int32
	}{{ptr(0), 1}, {nil, 1 + DefaultMaxRetries}} {
		calls.Store(0)
		c, err := NewClient(Config{Endpoint: srv.URL, ProjectID: "p", MinBackoff: time.Microsecond, MaxBackoff: time.Microsecond, MaxRetries: tc.maxRetries})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.VirtualInterface(context.Background(), "v", Fresh); err == nil {
			t.Fatal("no error")
		}
		if calls.Load() != tc.wantCalls {
			t.Errorf("MaxRetries %v: %d calls, want %d", tc.maxRetries, calls.Load(), tc.wantCalls)
		}
	}
}

func TestBackoffIsCappedWithJitter(t *testing.T) {
	c, _ := NewClient(Config{Endpoint: "http://x", ProjectID: "p", MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second})
	seen := map[time.Duration]bool{}
	for attempt := range 40 {
		d := c.settings.retries.backoffWait(attempt)
		ceiling := min(100*time.Millisecond<<min(attempt, 20), time.Second)
		if d < ceiling/2 || d > ceiling {
			t.Fatalf("attempt %d: backoff %v outside [%v, %v]", attempt, d, ceiling/2, ceiling)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Errorf("only %d distinct backoffs in 40: no jitter", len(seen))
	}
}

func TestParseRetryAfter(t *testing.T) {
	if got := parseRetryAfter("3"); got != 3*time.Second {
		t.Errorf("seconds: %v", got)
	}
	date := time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)
	if got := parseRetryAfter(date); got < 3*time.Second || got > 5*time.Second {
		t.Errorf("date: %v", got)
	}
	for _, bad := range []string{"", "soon", "-1"} {
		if got := parseRetryAfter(bad); got != 0 {
			t.Errorf("%q: %v", bad, got)
		}
	}
}

// A POST whose connection is refused never reached the server and is
// retried; one cut after it was sent is not, and is reported as ambiguous.
func TestPostRetriedOnlyWhenNeverSent(t *testing.T) {
	c, _ := NewClient(Config{Endpoint: "http://" + refusingAddress(t), ProjectID: "p", MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxRetries: ptr(2)})
	_, err := c.postVifPeer(context.Background(), CreateVifPeerRequest{})
	var tErr *TransportError
	if !errors.As(err, &tErr) || tErr.Sent || IsAmbiguous(err) {
		t.Fatalf("refused connection: %v (sent %v)", err, tErr != nil && tErr.Sent)
	}

	var calls atomic.Int32
	c = newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		conn, _, _ := w.(http.Hijacker).Hijack()
		_ = conn.Close()
	})
	_, err = c.postVifPeer(context.Background(), CreateVifPeerRequest{})
	if calls.Load() != 1 {
		t.Errorf("cut POST sent %d times, want 1", calls.Load())
	}
	if !IsAmbiguous(err) {
		t.Errorf("cut POST not ambiguous: %v", err)
	}
	calls.Store(0)
	_, err = c.VirtualInterface(context.Background(), "v", Fresh)
	if calls.Load() != 4 || err == nil {
		t.Errorf("cut GET: %d calls, err %v; want 4 and an error", calls.Load(), err)
	}
}

func TestContextCancelStopsRetries(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "60")
		writeJSON(w, http.StatusServiceUnavailable, `{}`)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.VirtualInterface(ctx, "v", Fresh)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("waited %v despite the deadline", elapsed)
	}
}

func TestListVirtualInterfacesFollowsMarkers(t *testing.T) {
	var mu sync.Mutex
	var markers []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		mu.Lock()
		markers = append(markers, q.Get("marker"))
		mu.Unlock()
		if q.Get("limit") != "2" || strings.Join(q["id"], ",") != "a,b,c" {
			t.Errorf("query %v", q)
		}
		switch q.Get("marker") {
		case "":
			writeJSON(w, 200, `{"virtual_interfaces":[{"id":"a","vif_peers":[{"id":"pa"}]},{"id":"b","vif_peers":null}],"page_info":{"next_marker":"b","current_count":2}}`)
		case "b":
			writeJSON(w, 200, `{"virtual_interfaces":[{"id":"c","vif_peers":[]}],"page_info":{"current_count":1}}`)
		default:
			t.Errorf("unexpected marker %q", q.Get("marker"))
		}
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{Endpoint: srv.URL, ProjectID: testProject, Token: testToken, ListPageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	vifs, err := c.ListVirtualInterfaces(context.Background(), ListOptions{IDs: []string{"a", "b", "c"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range vifs {
		ids = append(ids, v.ID)
	}
	if strings.Join(ids, ",") != "a,b,c" || strings.Join(markers, ",") != ",b" {
		t.Errorf("ids %v after markers %q", ids, markers)
	}
}

func TestListVirtualInterfacesStopsOnRepeatedMarker(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"virtual_interfaces":[{"id":"a"}],"page_info":{"next_marker":"a"}}`)
	})
	if _, err := c.ListVirtualInterfaces(context.Background(), ListOptions{}); err == nil {
		t.Error("a server repeating its marker made the listing loop or succeed")
	}
}

func TestUpdateSendsOnlyGivenFields(t *testing.T) {
	var body string
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		body = string(data)
		writeJSON(w, 200, vendorCreateResponse)
	})
	empty := []string{}
	name := "n2"
	if _, err := c.UpdateVifPeer(context.Background(), "p1", UpdateVifPeerRequest{Name: &name, RemoteEPGroup: &empty}); err != nil {
		t.Fatal(err)
	}
	if body != `{"vif_peer":{"name":"n2","remote_ep_group":[]}}` {
		t.Errorf("body %s", body)
	}
}

// A certificate the client does not trust fails at once: retrying cannot
// help.
func TestTLSFailureIsNotRetried(t *testing.T) {
	srv, connections := connectionCountingServer(t, true)
	c, _ := NewClient(Config{Endpoint: srv.URL, ProjectID: "p", MinBackoff: time.Millisecond, MaxRetries: ptr(6)})
	_, err := c.VirtualInterface(context.Background(), "v", Fresh)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err = %v", err)
	}
	if n := connections.Load(); n != 1 {
		t.Errorf("%d connections: the TLS failure was retried", n)
	}
}
