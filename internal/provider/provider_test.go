package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/serving"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"dcaas": func() (tfprotov6.ProviderServer, error) { return serving.New(New("test"))(), nil },
}

// expectDiagnostic matches CLI output holding a diagnostic with this
// summary and then, in its detail, each fact in the order given: the ids,
// attribute names, statuses, error codes and variables that the detail
// must name, as plain text, not its sentences. The CLI wraps long lines, so
// every space also matches a line break.
func expectDiagnostic(summary string, facts ...string) *regexp.Regexp {
	parts := make([]string, 0, 1+len(facts))
	for _, text := range append([]string{summary}, facts...) {
		parts = append(parts, strings.ReplaceAll(regexp.QuoteMeta(text), " ", `\s+`))
	}
	return regexp.MustCompile("(?s)" + strings.Join(parts, ".*"))
}

// providerEnv are the variables the provider reads its settings from.
var providerEnv = []string{shared.EnvEndpoint, shared.EnvProjectID, shared.EnvAuthToken, shared.EnvIAMEndpoint, shared.EnvUsername, shared.EnvPassword, shared.EnvDomainName,
	shared.EnvAccessKey, shared.EnvSecretKey, shared.EnvSecurityToken}

type providerPlanError struct {
	provider string
	want     *regexp.Regexp
}

// testAccProviderPlanErrors plans the vendor's example under each provider
// block and expects the error; TestMain has cleared every DCAAS_* variable.
func testAccProviderPlanErrors(t *testing.T, cases map[string]providerPlanError) {
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.provider + "\n" + peerBlock("test", examplePeer()),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

func TestAccProvider_missingSettings(t *testing.T) {
	t.Parallel()
	cases := map[string]providerPlanError{
		"authentication": {
			providerBlock(hclArgs{"endpoint": `"https://dcaas.example.com"`, "project_id": `"p1"`}),
			expectDiagnostic("Missing DCaaS authentication", "None is set", "access_key (DCAAS_ACCESS_KEY)", "secret_key (DCAAS_SECRET_KEY)",
				"iam_endpoint (DCAAS_IAM_ENDPOINT)", "username (DCAAS_USERNAME)", "password (DCAAS_PASSWORD)", "domain_name (DCAAS_DOMAIN_NAME)",
				"auth_token (DCAAS_AUTH_TOKEN)"),
		},
		"endpoint": {
			providerBlock(hclArgs{"project_id": `"p1"`, "auth_token": `"t"`}),
			expectDiagnostic("Missing DCaaS endpoint", "endpoint", "DCAAS_ENDPOINT"),
		},
		"project_id": {
			providerBlock(hclArgs{"endpoint": `"https://dcaas.example.com"`, "auth_token": `"t"`}),
			expectDiagnostic("Missing DCaaS project_id", "project_id", "DCAAS_PROJECT_ID"),
		},
	}
	testAccProviderPlanErrors(t, cases)
}

func TestAccProvider_invalidSettings(t *testing.T) {
	t.Parallel()
	cases := map[string]providerPlanError{
		"endpoint not http": {
			providerBlock(hclArgs{"endpoint": `"ftp://dcaas.example.com"`, "project_id": `"p1"`, "auth_token": `"t"`}),
			expectDiagnostic("Invalid endpoint", `"ftp://dcaas.example.com"`, "not an http or https URL"),
		},
		"endpoint without host": {
			providerBlock(hclArgs{"endpoint": `"dcaas.example.com"`, "project_id": `"p1"`, "auth_token": `"t"`}),
			expectDiagnostic("Invalid endpoint", "http or https base URL"),
		},
		"request_timeout not a duration": {
			providerBlock(hclArgs{"endpoint": `"https://dcaas.example.com"`, "project_id": `"p1"`, "auth_token": `"t"`, "request_timeout": `"sixty"`}),
			expectDiagnostic("Invalid request_timeout", "duration above zero"),
		},
		"max_retries negative": {
			providerBlock(hclArgs{"endpoint": `"https://dcaas.example.com"`, "project_id": `"p1"`, "auth_token": `"t"`, "max_retries": "-1"}),
			expectDiagnostic("Invalid Attribute Value", "max_retries", "between 0 and 100"),
		},
	}
	testAccProviderPlanErrors(t, cases)
}

// A bad endpoint from the environment is caught when the provider is
// configured, before any request.
func TestAccProvider_invalidEndpointFromEnv(t *testing.T) {
	t.Setenv(shared.EnvEndpoint, "dcaas.example.com:443")
	t.Setenv(shared.EnvProjectID, "p1")
	t.Setenv(shared.EnvAuthToken, "t")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(nil) + peerBlock("test", examplePeer()),
			PlanOnly:    true,
			ExpectError: expectDiagnostic("Invalid DCaaS endpoint", "DCAAS_ENDPOINT", "not an http or https URL"),
		}},
	})
}

func TestAccProvider_environment(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	t.Setenv(shared.EnvEndpoint, m.URL)
	t.Setenv(shared.EnvProjectID, testProjectID)
	t.Setenv(shared.EnvAuthToken, testToken)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config:            providerBlock(nil) + peerBlock("test", examplePeer()),
			ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
		}},
	})
	for _, r := range m.Requests() {
		if got := r.Header.Get("X-Auth-Token"); got != testToken {
			t.Fatalf("%s %s carried token %q, want the one from %s", r.Method, r.Path, got, shared.EnvAuthToken)
		}
		if ua := r.Header.Get("User-Agent"); ua != "terraform-provider-dcaas/test" {
			t.Fatalf("%s %s carried User-Agent %q", r.Method, r.Path, ua)
		}
	}
}

// Provider settings that come from other resources are unknown at plan
// time; they must not fail validation, and apply uses them once known.
func TestAccProvider_unknownSettingsAtPlan(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	testAccSettingUnknownAtPlan(t, m, m.URL, providerBlock(tokenArgs(m.URL).with(hclArgs{"endpoint": "terraform_data.setting.output", "max_retries": ""})), nil)
}

// testAccSettingUnknownAtPlan creates the basic peer with provider, a
// provider block that takes a setting from terraform_data.setting, whose
// output (value) is unknown until apply; check runs after the apply.
func testAccSettingUnknownAtPlan(t *testing.T, m *testMock, value, provider string, check resource.TestCheckFunc) {
	t.Helper()
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "setting" {
  input = %q
}
`, value) + provider + peerBlock("test", examplePeer()),
			Check:             check,
			ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
		}},
	})
}

func TestAccProvider_rejectedToken(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(tokenArgs(m.URL).with(hclArgs{"auth_token": `"wrong-token"`, "max_retries": ""})) + peerBlock("test", examplePeer()),
			ExpectError: expectDiagnostic("Error creating VIF peer", "HTTP 401", "rejected the token", "auth_token", "DCAAS_AUTH_TOKEN"),
		}},
	})
	if n := m.CountRequests("", "/"); n != 1 {
		t.Errorf("the API received %d requests with a rejected token, want 1 (no retries)", n)
	}
}

func TestAccProvider_tokenOfAnotherProject(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.AddToken("other-project-token", "0123456789abcdef0123456789abcdef")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(tokenArgs(m.URL).with(hclArgs{"auth_token": `"other-project-token"`, "max_retries": ""})) + peerBlock("test", examplePeer()),
			ExpectError: expectDiagnostic("Error creating VIF peer", "HTTP 403", "another project", "project_id"),
		}},
	})
	if n := m.CountRequests("", "/"); n != 1 {
		t.Errorf("the API received %d requests with a token of another project, want 1 (no retries)", n)
	}
}

// An empty string in the provider block counts as unset, for every
// attribute: the environment variable applies, as it would with the
// attribute left out.
func TestAccProvider_emptyStringsAreUnset(t *testing.T) {
	cases := map[string]struct {
		provider string
		env      func(m *testMock) map[string]string
		// token is the one every DCaaS request must carry; accessKey the
		// one that signs every request; both empty for tokens issued by IAM.
		token, accessKey string
	}{
		"token": {
			provider: providerBlock(hclArgs{"endpoint": `""`, "project_id": `""`, "auth_token": `""`, "ca_cert_file": `""`, "request_timeout": `""`}),
			env: func(m *testMock) map[string]string {
				return map[string]string{shared.EnvEndpoint: m.URL, shared.EnvProjectID: testProjectID, shared.EnvAuthToken: testToken}
			},
			token: testToken,
		},
		"access key": {
			provider: providerBlock(hclArgs{"endpoint": `""`, "project_id": `""`, "auth_token": `""`, "access_key": `""`, "secret_key": `""`, "security_token": `""`}),
			env: func(m *testMock) map[string]string {
				return map[string]string{shared.EnvEndpoint: m.URL, shared.EnvProjectID: testProjectID, shared.EnvAccessKey: testAccessKey, shared.EnvSecretKey: testSecretKey}
			},
			accessKey: testAccessKey,
		},
		"password": {
			provider: providerBlock(hclArgs{"endpoint": `""`, "project_id": `""`, "auth_token": `""`, "iam_endpoint": `""`, "username": `""`, "password": `""`, "domain_name": `""`}),
			env: func(m *testMock) map[string]string {
				return map[string]string{shared.EnvEndpoint: m.URL, shared.EnvProjectID: testProjectID, shared.EnvIAMEndpoint: m.URL,
					shared.EnvUsername: testUsername, shared.EnvPassword: testPassword, shared.EnvDomainName: testDomain}
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			m := newTestMock(t)
			m.seedOtherFamilyPeer(t, "ipv4")
			for env, value := range tc.env(m) {
				t.Setenv(env, value)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             dcaastest.CheckDestroy(m),
				Steps: []resource.TestStep{{
					Config:            tc.provider + "\n" + peerBlock("test", examplePeer()),
					ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
				}},
			})
			issued := m.CountRequests(http.MethodPost, iamTokensPath)
			if (tc.token == "" && tc.accessKey == "") != (issued > 0) {
				t.Errorf("IAM issued %d tokens, want tokens from IAM only for password authentication", issued)
			}
			if tc.accessKey != "" {
				dcaastest.CheckAPI(t, dcaastest.ExpectEverySignedBy(m, tc.accessKey))
			}
			for _, r := range m.Requests() {
				if got := r.Header.Get("X-Auth-Token"); tc.token != "" && got != tc.token {
					t.Fatalf("%s %s carried token %q, want the one from %s", r.Method, r.Path, got, shared.EnvAuthToken)
				}
			}
		})
	}
}

// With the environment empty too, the error names the attribute and its
// variable, and says that an empty string counts as unset.
func TestAccProvider_emptyStringsWithoutEnvironment(t *testing.T) {
	t.Parallel()
	cases := map[string]providerPlanError{
		"endpoint": {
			providerBlock(hclArgs{"endpoint": `""`, "project_id": `"p1"`, "auth_token": `"t"`}),
			expectDiagnostic("Missing DCaaS endpoint", "endpoint", "DCAAS_ENDPOINT", "empty string counts as unset"),
		},
		"auth_token": {
			providerBlock(hclArgs{"endpoint": `"https://dcaas.example.com"`, "project_id": `"p1"`, "auth_token": `""`}),
			expectDiagnostic("Missing DCaaS authentication", "empty string counts as unset", "None is set", "auth_token (DCAAS_AUTH_TOKEN)"),
		},
		"username": {
			providerBlock(hclArgs{"endpoint": `"https://dcaas.example.com"`, "project_id": `"p1"`, "iam_endpoint": `"https://iam.example.com"`, "username": `""`, "password": `"pw"`, "domain_name": `"d"`}),
			expectDiagnostic("Incomplete DCaaS password authentication", "Missing:", "username (DCAAS_USERNAME)"),
		},
	}
	testAccProviderPlanErrors(t, cases)
}
