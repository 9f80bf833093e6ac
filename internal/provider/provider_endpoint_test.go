package provider

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// countingServer runs handler and counts the requests it receives.
func countingServer(t *testing.T, handler http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// A web server that answers 404 with its own page, or the API under a
// wrong base path, is not the API saying the peer is gone: refresh fails
// naming the URL, and the state keeps the peer, so a later plan at the
// right endpoint is empty.
func TestAccVifPeerResource_wrongEndpointKeepsState(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	htmlPage, _ := countingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<html><head><title>404 Not Found</title></head><body>nginx</body></html>"))
	})
	emptyBody, _ := countingServer(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotFound) })
	sameID := statecheck.CompareValue(compare.ValuesSame())
	peer := peerBlock("test", examplePeer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config:            m.providerConfig() + peer,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				Config: providerBlock(tokenArgs(htmlPage.URL).with(hclArgs{"max_retries": "0"})) + peer,
				ExpectError: expectDiagnostic("Error reading VIF peer",
					"GET "+htmlPage.URL+"/v3/"+testProjectID+"/dcaas/virtual-interfaces?id="+testVifID, "HTTP 404", "text/html", "404 Not Found",
					"not look like the DCaaS API", "endpoint", "DCAAS_ENDPOINT"),
			},
			{
				// The mock itself, under a path it does not serve, answers
				// as the API's gateway does: APIGW.0101, no such API.
				Config:      providerBlock(tokenArgs(m.URL+"/api").with(hclArgs{"max_retries": "0"})) + peer,
				ExpectError: expectDiagnostic("Error reading VIF peer", "GET "+m.URL+"/api/v3/", "HTTP 404", "APIGW.0101", "base URL", "endpoint", "DCAAS_ENDPOINT"),
			},
			{
				Config:      providerBlock(tokenArgs(emptyBody.URL).with(hclArgs{"max_retries": "0"})) + peer,
				ExpectError: expectDiagnostic("Error reading VIF peer", emptyBody.URL, "HTTP 404", `starting ""`, "not look like the DCaaS API", "endpoint", "DCAAS_ENDPOINT"),
			},
			{
				Config: m.providerConfig() + peer,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testResourceName, tfjsonpath.New("id")),
					dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
				},
			},
		},
	})
}

// The vendor's URLs start with /v3; an endpoint that holds it is refused
// when the provider is configured, with the fix, before any request.
func TestAccProvider_endpointWithAPIPath(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	expectNoRequestsAfterSubtests(t, m)
	for _, endpoint := range []string{m.URL + "/v3", m.URL + "/v3/", m.URL + "/V3/" + testProjectID} {
		t.Run(endpoint, func(t *testing.T) {
			t.Parallel()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(tokenArgs(endpoint).with(hclArgs{"max_retries": "0"})) + peerBlock("test", examplePeer()),
					PlanOnly:    true,
					ExpectError: expectDiagnostic("Invalid endpoint", "API path", m.URL, "/v3/"),
				}},
			})
		})
	}
}

// An endpoint that redirects does not get its redirect followed: the host
// it names receives neither the token nor the create's body with the MD5
// key, and the error names it. Refresh through it keeps the state.
func TestAccVifPeerResource_redirectNotFollowed(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	elsewhere, elsewhereRequests := countingServer(t, func(http.ResponseWriter, *http.Request) {})
	target, _ := url.Parse(m.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var redirectMethods atomic.Value // a string of the methods redirected
	redirectMethods.Store(http.MethodPost)
	front, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(redirectMethods.Load().(string), r.Method) {
			http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusTemporaryRedirect)
			return
		}
		proxy.ServeHTTP(w, r)
	})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	peer := peerBlock("test", bgpPeer(testVifID, 64512, "md5-key-not-for-others"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// One create, the one not redirected.
		CheckDestroy: dcaastest.CheckDestroy(m, dcaastest.ExpectRequestCount(m, dcaastest.Request(http.MethodPost, "/vif-peers"), 1)),
		Steps: []resource.TestStep{
			{
				Config:      providerBlock(tokenArgs(front.URL).with(hclArgs{"max_retries": "2"})) + peer,
				ExpectError: expectDiagnostic("Error creating VIF peer", "POST "+front.URL+"/v3/", "HTTP 307", `"`+elsewhere.URL+"/v3/", "not followed", "endpoint", "DCAAS_ENDPOINT"),
			},
			{
				PreConfig:         func() { redirectMethods.Store("") },
				Config:            providerBlock(tokenArgs(front.URL).with(hclArgs{"max_retries": "2"})) + peer,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
			{
				PreConfig:   func() { redirectMethods.Store(http.MethodGet + http.MethodPut + http.MethodDelete) },
				Config:      providerBlock(tokenArgs(front.URL).with(hclArgs{"max_retries": "2"})) + peer,
				ExpectError: expectDiagnostic("Error reading VIF peer", "HTTP 307", "not followed", "endpoint", "DCAAS_ENDPOINT"),
			},
			{
				PreConfig: func() { redirectMethods.Store("") },
				Config:    providerBlock(tokenArgs(front.URL).with(hclArgs{"max_retries": "2"})) + peer,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testResourceName, tfjsonpath.New("id"))},
			},
		},
	})
	if n := elsewhereRequests.Load(); n != 0 {
		t.Errorf("the redirect target received %d requests", n)
	}
}

// Failures that no retry can cure fail at once; others are retried, and
// the error says how often over how long.
func TestAccProvider_unreachableEndpoint(t *testing.T) {
	t.Parallel()
	var connections atomic.Int32
	plain := httptest.NewUnstartedServer(http.NotFoundHandler())
	plain.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			connections.Add(1)
		}
	}
	plain.Start()
	t.Cleanup(plain.Close)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + closed.Addr().String()
	_ = closed.Close()

	applyFails := func(t *testing.T, provider string, facts ...string) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      provider + peerBlock("test", examplePeer()),
				ExpectError: expectDiagnostic("Error creating VIF peer", facts...),
			}},
		})
	}
	t.Run("https to a plain-HTTP port", func(t *testing.T) {
		t.Parallel()
		applyFails(t, providerBlock(tokenArgs(strings.Replace(plain.URL, "http://", "https://", 1)).with(hclArgs{"max_retries": "1"})),
			"server gave HTTP response to HTTPS client", "plain HTTP", "https://", "endpoint", "DCAAS_ENDPOINT")
		if n := connections.Load(); n != 1 {
			t.Errorf("the plain-HTTP port received %d connections, want 1 (no retries)", n)
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		t.Parallel()
		applyFails(t, providerBlock(tokenArgs(closedURL).with(hclArgs{"max_retries": "1"})), "connection refused", "gave up after 2 attempts", "endpoint", "DCAAS_ENDPOINT")
	})
	// With the default max_retries (6), a refused connection is retried 4
	// times within 7.5 s, not 6 times over half a minute or more.
	t.Run("connection refused, default retries", func(t *testing.T) {
		t.Parallel()
		applyFails(t, providerBlock(tokenArgs(closedURL).with(hclArgs{"max_retries": ""})), "connection refused", "gave up after 5 attempts")
	})
	t.Run("no such host", func(t *testing.T) {
		t.Parallel()
		if _, err := net.LookupHost("dcaas.example.invalid"); !isNoSuchHost(err) {
			t.Skipf("this machine's resolver does not answer 'no such host' (%v)", err)
		}
		applyFails(t, providerBlock(tokenArgs("https://dcaas.example.invalid").with(hclArgs{"max_retries": "1"})), "no such host", "endpoint", "DCAAS_ENDPOINT")
	})
}

func isNoSuchHost(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsNotFound
}

// expectNoRequestsAfterSubtests checks, once t and its parallel subtests
// are done, that the API received no request.
func expectNoRequestsAfterSubtests(t *testing.T, m *testMock) {
	t.Cleanup(func() {
		if n := len(m.Requests()); n != 0 {
			t.Errorf("the API received %d requests", n)
		}
	})
}

// withUserinfo is base with user information added before its host.
func withUserinfo(base, userinfo string) string {
	return strings.Replace(base, "://", "://"+userinfo+"@", 1)
}

// A base URL holds no user information, query or fragment: net/http would
// send the first as Basic authentication beside the token, and the client
// would drop the others. Each is refused at plan, naming the attribute and
// what a base URL holds, before any request.
func TestAccProvider_endpointWithUserinfoQueryOrFragment(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	iamAt := func(iamEndpoint string) string {
		return providerBlock(m.passwordArgs(testPassword).with(hclArgs{"iam_endpoint": fmt.Sprintf("%q", iamEndpoint)}))
	}
	cases := map[string]providerPlanError{
		"endpoint with user information": {providerBlock(tokenArgs(withUserinfo(m.URL, "alice:s3cr3t")).with(hclArgs{"max_retries": "0"})),
			expectDiagnostic("Invalid endpoint", `"http://***@127.0.0.1:`, "user information", m.URL, "endpoint")},
		"endpoint with a query": {providerBlock(tokenArgs(m.URL + "/api?x=1").with(hclArgs{"max_retries": "0"})),
			expectDiagnostic("Invalid endpoint", "query", m.URL+"/api;")},
		"endpoint with a fragment": {providerBlock(tokenArgs(m.URL + "#f").with(hclArgs{"max_retries": "0"})), expectDiagnostic("Invalid endpoint", "fragment")},
		"iam_endpoint with user information": {iamAt(withUserinfo(m.URL, "alice:s3cr3t")),
			expectDiagnostic("Invalid iam_endpoint", "user information", m.URL+";", "iam_endpoint")},
		"iam_endpoint with a query": {iamAt(m.URL + "?x=1"), expectDiagnostic("Invalid iam_endpoint", "query")},
	}
	expectNoRequestsAfterSubtests(t, m)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.provider + peerBlock("test", examplePeer()),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// The same from DCAAS_ENDPOINT and DCAAS_IAM_ENDPOINT, which Terraform never
// sees: refused when the provider is configured, with no request, and with
// TF_LOG=TRACE neither the password nor the user name appears in the log,
// which holds the errors.
func TestAccProvider_endpointUserinfoFromEnvNotLogged(t *testing.T) {
	const user, password = "alice-user", "s3cr3t-Pw"
	m := newTestMock(t)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv(shared.EnvProjectID, testProjectID)
	config := `provider "dcaas" {}` + "\n" + peerBlock("test", examplePeer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					t.Setenv(shared.EnvEndpoint, withUserinfo(m.URL, user+":"+password))
					t.Setenv(shared.EnvAuthToken, testToken)
				},
				Config:      config,
				PlanOnly:    true,
				ExpectError: expectDiagnostic("Invalid DCaaS endpoint", "endpoint", "DCAAS_ENDPOINT", `"http://***@127.0.0.1:`, "user information"),
			},
			{
				PreConfig: func() {
					t.Setenv(shared.EnvEndpoint, m.URL)
					t.Setenv(shared.EnvAuthToken, "")
					t.Setenv(shared.EnvIAMEndpoint, withUserinfo(m.URL, user+":"+password))
					t.Setenv(shared.EnvUsername, testUsername)
					t.Setenv(shared.EnvPassword, testPassword)
					t.Setenv(shared.EnvDomainName, testDomain)
				},
				Config:      config,
				PlanOnly:    true,
				ExpectError: expectDiagnostic("Invalid IAM endpoint", "iam_endpoint", "DCAAS_IAM_ENDPOINT", `"http://***@127.0.0.1:`, "user information"),
			},
		},
	})
	if n := len(m.Requests()); n != 0 {
		t.Errorf("the API received %d requests", n)
	}
	checkTraceLog(t, logPath, map[string]string{"password in the URL": password, "user name in the URL": user, "IAM password": testPassword},
		`holds user information`, `DCAAS_IAM_ENDPOINT`)
}

// A project id that needs percent-encoding is encoded once: in the path
// the API receives and in the error that names the URL.
func TestAccProvider_pathEncodedOnce(t *testing.T) {
	t.Parallel()
	var paths atomic.Value
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		paths.Store(r.URL.EscapedPath())
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
	})
	const encoded = "/v3/team%20a%2Fb/dcaas/virtual-interfaces"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(tokenArgs(srv.URL).with(hclArgs{"project_id": `"team a/b"`, "max_retries": "0"})) + peerBlock("test", examplePeer()),
			ExpectError: expectDiagnostic("Error creating VIF peer", "GET "+srv.URL+encoded+"?id="+testVifID, "HTTP 404"),
		}},
	})
	if got := paths.Load(); got != encoded {
		t.Errorf("the API received path %v, want %s", got, encoded)
	}
}
