package dcaas

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// newAccessKeyClient returns a client that signs with key, of a fresh mock
// that knows signAK/signSK and holds signVif with an IPv4 peer.
func newAccessKeyClient(t *testing.T, key AccessKey) (*Client, *mockserver.Server) {
	t.Helper()
	mock := mockserver.New(mockserver.Options{ProjectID: signProject, Token: "static-unused"})
	mock.SeedInterface(signVif, "signed")
	if _, err := mock.SeedPeer(signVif, "ipv4", "169.254.0.1/30", "169.254.0.2/30"); err != nil {
		t.Fatal(err)
	}
	mock.AddAccessKey(signAK, signSK, signProject)
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{
		Endpoint: srv.URL, ProjectID: signProject, AccessKey: &key,
		MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, MaxRetries: ptr(3),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, mock
}

// Every operation's requests are signed, as the mock verifies, and carry
// no token.
func TestAccessKeySignsEveryRequest(t *testing.T) {
	c, mock := newAccessKeyClient(t, AccessKey{ID: signAK, Secret: signSK})
	ctx := context.Background()
	if err := c.Authenticate(ctx); err != nil {
		t.Fatal(err)
	}
	peer, err := c.postVifPeer(ctx, CreateVifPeerRequest{Name: "signed", AddressFamily: "ipv6", LocalGatewayIP: "fd00::1/64",
		RemoteGatewayIP: "fd00::2/64", RouteMode: "static", RemoteEPGroup: []string{"fd01::/64"}, VifID: signVif})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListVirtualInterfaces(ctx, ListOptions{IDs: []string{signVif}}); err != nil {
		t.Fatal(err)
	}
	if err := mock.ForceStatus(peer.ID, "ACTIVE"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateVifPeer(ctx, peer.ID, UpdateVifPeerRequest{Description: ptr("signé")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.VifPeer(ctx, signVif, peer.ID, Fresh); err != nil {
		t.Fatal(err)
	}
	if err := mock.ForceStatus(peer.ID, "ACTIVE"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteVifPeer(ctx, signVif, peer.ID); err != nil {
		t.Fatal(err)
	}
	methods := map[string]bool{}
	for _, r := range mock.Requests() {
		methods[r.Method] = true
		if r.SignedBy != signAK || r.Header.Get("X-Auth-Token") != "" {
			t.Errorf("%s %s?%s: signed by %q, X-Auth-Token %q", r.Method, r.Path, r.Query, r.SignedBy, r.Header.Get("X-Auth-Token"))
		}
	}
	if len(methods) != 4 {
		t.Errorf("requests of methods %v, want GET, POST, PUT and DELETE", methods)
	}
}

// The credentials check is one signed listing of a single interface.
func TestCheckAccessIsOneSignedListing(t *testing.T) {
	c, mock := newAccessKeyClient(t, AccessKey{ID: signAK, Secret: signSK})
	if err := c.Authenticate(context.Background()); err != nil {
		t.Fatal(err)
	}
	requests := mock.Requests()
	if len(requests) != 1 || requests[0].Method != http.MethodGet || !strings.HasSuffix(requests[0].Path, "/dcaas/virtual-interfaces") ||
		requests[0].Query != "limit=1" || requests[0].SignedBy != signAK {
		t.Errorf("requests %+v, want one signed GET of virtual-interfaces?limit=1", requests)
	}
}

// A retry is signed when it is sent, not when the request was first made:
// the mock's clock jumps so far between the attempts that the first
// signature would be refused, and the retry passes.
func TestAccessKeySignsEachAttemptAfresh(t *testing.T) {
	const retryAfter = 4 * time.Second
	c, mock := newAccessKeyClient(t, AccessKey{ID: signAK, Secret: signSK})
	mock.InjectFault(mockserver.Fault{Status: http.StatusServiceUnavailable, RetryAfter: int(retryAfter / time.Second), Every: 1, Limit: 1})
	// The first attempt's date, on the new clock, is at least 15m+1.5s
	// old; a date signed at the retry is at most 15m-1.5s old, plus the
	// time the request takes to arrive.
	var once sync.Once
	mock.SetAfterRequest(func(mockserver.Request) {
		once.Do(func() { mock.SetClockSkew(MaxClockSkew - retryAfter + 1500*time.Millisecond) })
	})
	if _, err := c.VirtualInterface(context.Background(), signVif, Fresh); err != nil {
		t.Fatal(err)
	}
	requests := mock.Requests()
	if len(requests) != 2 || requests[0].Status != http.StatusServiceUnavailable || requests[1].Status != http.StatusOK ||
		requests[1].SignedBy != signAK {
		t.Fatalf("requests %+v, want a 503 and a signed retry answered 200", requests)
	}
	first, _ := time.Parse(sdkDateFormat, requests[0].Header.Get("X-Sdk-Date"))
	second, _ := time.Parse(sdkDateFormat, requests[1].Header.Get("X-Sdk-Date"))
	if second.Sub(first) < retryAfter-time.Second {
		t.Errorf("X-Sdk-Date %s then %s: the retry was not signed anew", first, second)
	}
}

// Each refusal of a signed request comes back as what it is, once, without
// a retry, naming the access key and none of its secrets.
func TestAccessKeyRefusals(t *testing.T) {
	cases := map[string]struct {
		key     AccessKey
		prepare func(m *mockserver.Server)
		status  int
		reason  AccessKeyRefusal
		// clock is the skew the error must report, when it is the reason.
		clock time.Duration
	}{
		"wrong secret": {key: AccessKey{ID: signAK, Secret: "not-" + signSK}, status: http.StatusUnauthorized, reason: RefusedSignature},
		"clock behind": {
			key: AccessKey{ID: signAK, Secret: signSK}, prepare: func(m *mockserver.Server) { m.SetClockSkew(-time.Hour) },
			status: http.StatusUnauthorized, reason: RefusedClock, clock: -time.Hour,
		},
		"clock ahead": {
			key: AccessKey{ID: signAK, Secret: signSK}, prepare: func(m *mockserver.Server) { m.SetClockSkew(20 * time.Minute) },
			status: http.StatusUnauthorized, reason: RefusedClock, clock: 20 * time.Minute,
		},
		"expired security token": {
			key: AccessKey{ID: "TMPAK", Secret: "tmp-secret", SecurityToken: signST},
			prepare: func(m *mockserver.Server) {
				m.AddTemporaryAccessKey("TMPAK", "tmp-secret", signST, signProject, time.Now().Add(-time.Minute))
			},
			status: http.StatusUnauthorized, reason: RefusedSecurityToken,
		},
		"temporary key without its token": {
			key: AccessKey{ID: "TMPAK", Secret: "tmp-secret"},
			prepare: func(m *mockserver.Server) {
				m.AddTemporaryAccessKey("TMPAK", "tmp-secret", signST, signProject, time.Now().Add(time.Hour))
			},
			status: http.StatusUnauthorized, reason: RefusedSecurityToken,
		},
		"unknown key": {key: AccessKey{ID: "UNKNOWNAK", Secret: signSK}, status: http.StatusUnauthorized, reason: RefusedOther},
		"key of another project": {
			key: AccessKey{ID: "OTHERAK", Secret: "other-secret"},
			prepare: func(m *mockserver.Server) {
				m.AddAccessKey("OTHERAK", "other-secret", "0123456789abcdef0123456789abcdef")
			},
			status: http.StatusForbidden, reason: RefusedProject,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, mock := newAccessKeyClient(t, tc.key)
			if tc.prepare != nil {
				tc.prepare(mock)
			}
			err := c.Authenticate(context.Background())
			keyErr, ok := AsAccessKeyError(err)
			if !ok {
				t.Fatalf("error %v, want an AccessKeyError", err)
			}
			if keyErr.Reason != tc.reason || keyErr.AccessKeyID != tc.key.ID || keyErr.Temporary != (tc.key.SecurityToken != "") ||
				keyErr.Err.StatusCode != tc.status || !keyErr.Err.FromAPI {
				t.Errorf("error %#v, want reason %d, status %d, key %s, from the API", keyErr, tc.reason, tc.status, tc.key.ID)
			}
			if tc.reason == RefusedClock {
				if !keyErr.ClockOffsetKnown || (keyErr.ClockOffset-tc.clock).Abs() > time.Second {
					t.Errorf("clock offset %v (known %t), want %v", keyErr.ClockOffset, keyErr.ClockOffsetKnown, tc.clock)
				}
			} else if keyErr.ClockOffsetKnown {
				t.Errorf("clock offset %v known for another reason", keyErr.ClockOffset)
			}
			if IsNotFound(err) || (tc.status == http.StatusUnauthorized) != IsUnauthorized(err) || (tc.status == http.StatusForbidden) != IsForbidden(err) {
				t.Errorf("error %v misclassified", err)
			}
			if !strings.Contains(err.Error(), "access key "+tc.key.ID) {
				t.Errorf("error %q does not name the access key", err)
			}
			for _, secret := range []string{tc.key.Secret, signST} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q holds a secret", err)
				}
			}
			if n := len(mock.Requests()); n != 1 {
				t.Errorf("the API received %d requests, want 1: a refused signature is not sent again", n)
			}
		})
	}
}

// An answer without a Date header leaves the clock difference unknown.
func TestClockRefusalWithoutDate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header()["Date"] = nil
		writeJSON(w, http.StatusUnauthorized, `{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information: x-sdk-date expired"}`)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{Endpoint: srv.URL, ProjectID: signProject, AccessKey: &AccessKey{ID: signAK, Secret: signSK}})
	if err != nil {
		t.Fatal(err)
	}
	keyErr, ok := AsAccessKeyError(c.CheckAccess(context.Background()))
	if !ok || keyErr.Reason != RefusedClock || keyErr.ClockOffsetKnown {
		t.Errorf("error %#v, want a clock refusal with no known offset", keyErr)
	}
}

// The gateway's APIGW.0301 is the API's own answer with 401 only: with any
// other status it is a foreign body, and never "not found".
func TestGatewayCodeIsTheAPIsOnlyWith401(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusNotFound, http.StatusBadRequest} {
		c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, status, `{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information: verify aksk signature fail"}`)
		})
		_, err := c.VirtualInterface(context.Background(), signVif, Fresh)
		apiErr, ok := AsAPIError(err)
		if !ok || apiErr.FromAPI != (status == http.StatusUnauthorized) || IsNotFound(err) {
			t.Errorf("HTTP %d: error %v (from the API: %t), not found %t", status, err, ok && apiErr.FromAPI, IsNotFound(err))
		}
	}
}

func TestNewClientRefusesAccessKeyMixes(t *testing.T) {
	for name, cfg := range map[string]Config{
		"key and token":      {Token: "t", AccessKey: &AccessKey{ID: signAK, Secret: signSK}},
		"key and password":   {Password: &PasswordAuth{IAMEndpoint: "https://iam.example.com", Username: "u", Password: "p", DomainName: "d"}, AccessKey: &AccessKey{ID: signAK, Secret: signSK}},
		"key without secret": {AccessKey: &AccessKey{ID: signAK}},
	} {
		cfg.Endpoint, cfg.ProjectID = "https://dcaas.example.com", signProject
		if _, err := NewClient(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
