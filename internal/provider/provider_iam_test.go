package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

const iamTokensPath = "/v3/auth/tokens"

func TestAccProvider_passwordAuth(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{{
			Config:            providerBlock(m.passwordArgs(testPassword)) + peerBlock("test", examplePeer()),
			Check:             m.checkIAMTokensUsed(1),
			ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
		}},
	})
	for _, r := range m.Requests() {
		if r.Path != iamTokensPath {
			continue
		}
		var body mockserver.TokenRequest
		if err := json.Unmarshal(r.Body, &body); err != nil || body.Auth == nil || r.Status != http.StatusCreated {
			t.Fatalf("token request answered %d: %v", r.Status, err)
		}
		user := body.Auth.Identity.Password.User
		if !slices.Equal(body.Auth.Identity.Methods, []string{"password"}) || user.Name != testUsername ||
			user.Domain.Name != testDomain || body.Auth.Scope.Project.ID != testProjectID {
			t.Errorf("token request for %+v", body)
		}
	}
}

// A token that expires while several peers are being created is renewed
// without an error, and no peer is created twice. Tokens live three seconds
// while each create waits four, and once every create has been answered
// all issued tokens expire at once, so both ways of renewing are taken:
// before expires_at, and after a 401.
func TestAccProvider_tokenRenewedDuringApply(t *testing.T) {
	t.Parallel()
	const peers = 4
	m := newTestMock(t)
	m.SetTokenLifetime(3 * time.Second)
	m.SetPendingDelay(4 * time.Second)
	vifIDs := seedInterfaces(m, peers)
	for i, id := range vifIDs {
		if _, err := m.SeedPeer(id, "ipv6", fmt.Sprintf("fd00:%d::1/64", 99+i), fmt.Sprintf("fd00:%d::2/64", 99+i)); err != nil {
			t.Fatal(err)
		}
	}
	var once sync.Once
	m.SetAfterRequest(func(r mockserver.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/vif-peers") && m.countCreated() == peers {
			once.Do(m.ExpireIssuedTokens)
		}
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m, dcaastest.ExpectPeerCount(m, 0).Where("peers made by Terraform", madeByTerraform)),
		Steps: []resource.TestStep{{
			Config:            providerBlock(m.passwordArgs(testPassword)) + testAccPeersOnInterfaces(vifIDs, peers, "renew"),
			ConfigStateChecks: m.expectPeersExist(peers),
			Check: resource.ComposeTestCheckFunc(
				m.checkIAMTokensUsed(3),
				func(*terraform.State) error {
					posts := map[string]int{}
					refused := 0
					for _, r := range m.Requests() {
						if r.Status == http.StatusUnauthorized {
							refused++
						}
						if r.Method != http.MethodPost || !strings.HasSuffix(r.Path, "/vif-peers") {
							continue
						}
						var body struct {
							VifPeer struct {
								VifID string `json:"vif_id"`
							} `json:"vif_peer"`
						}
						if err := json.Unmarshal(r.Body, &body); err != nil {
							return fmt.Errorf("the create's body: %w", err)
						}
						posts[body.VifPeer.VifID]++
					}
					for _, id := range vifIDs {
						if posts[id] != 1 {
							return fmt.Errorf("the API received %d creates for interface %s, want exactly 1 (all: %v)", posts[id], id, posts)
						}
					}
					if refused == 0 {
						return fmt.Errorf("no request met an expired token: the test did not expire one mid-apply")
					}
					return nil
				},
			),
		}},
	})
}

func TestAccProvider_wrongPassword(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(m.passwordArgs("not-the-password")) + peerBlock("test", examplePeer()),
			ExpectError: expectDiagnostic("Cannot authenticate with IAM", `user "ci-bot"`, `domain "corp-domain"`, "HTTP 401",
				"username", "password", "domain_name", "DCAAS_USERNAME", "DCAAS_PASSWORD", "DCAAS_DOMAIN_NAME"),
		}},
	})
	if n := m.CountRequests("", "/dcaas/"); n != 0 {
		t.Errorf("the API received %d requests with refused credentials, want 0", n)
	}
	if n := m.CountRequests(http.MethodPost, iamTokensPath); n == 0 {
		t.Error("IAM received no token request")
	}
}

// The diagnostics of refused credentials name the user and domain, never
// the password; they are read here as Terraform receives them.
func TestProviderWrongPasswordDiagnostics(t *testing.T) {
	const wrong = "wrong-pw-93c1"
	m := newTestMock(t)
	h := &protocolHarness{t: t, server: testAccProtoV6ProviderFactoriesServer(t)}
	schema, err := h.server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerType := schema.Provider.ValueType().(tftypes.Object)
	config := h.object(providerType, map[string]tftypes.Value{
		"endpoint":     tftypes.NewValue(tftypes.String, m.URL),
		"project_id":   tftypes.NewValue(tftypes.String, testProjectID),
		"iam_endpoint": tftypes.NewValue(tftypes.String, m.URL),
		"username":     tftypes.NewValue(tftypes.String, testUsername),
		"password":     tftypes.NewValue(tftypes.String, wrong),
		"domain_name":  tftypes.NewValue(tftypes.String, testDomain),
	}, false)
	resp, err := h.server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{Config: h.dynamic(providerType, config)})
	if err != nil {
		t.Fatal(err)
	}
	text := diagnosticsText(resp.Diagnostics)
	if !strings.Contains(text, `user "ci-bot" in domain "corp-domain"`) || strings.Contains(text, wrong) || strings.Contains(text, testPassword) {
		t.Errorf("diagnostics %q: want the user and domain, and no password", text)
	}
}

func testAccProtoV6ProviderFactoriesServer(t *testing.T) tfprotov6.ProviderServer {
	server, err := testAccProtoV6ProviderFactories["dcaas"]()
	if err != nil {
		t.Fatal(err)
	}
	return server
}

// Password settings unknown at plan time do not fail validation; apply
// authenticates once they are known.
func TestAccProvider_unknownPasswordAtPlan(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	testAccSettingUnknownAtPlan(t, m, m.URL, providerBlock(m.passwordArgs(testPassword).with(hclArgs{"iam_endpoint": "terraform_data.setting.output", "max_retries": ""})), m.checkIAMTokensUsed(1))
}

// Which ways of authenticating are configured, in attributes and in the
// environment: each wrong mix fails the plan, names what is missing or
// conflicting, and sends nothing to the API or IAM.
func TestAccProvider_authenticationSettings(t *testing.T) {
	m := newTestMock(t)
	block := func(args hclArgs) string {
		return providerBlock(tokenArgs(m.URL).with(hclArgs{"auth_token": "", "max_retries": ""}).with(args))
	}
	iam := fmt.Sprintf("%q", m.URL)
	cases := map[string]struct {
		provider string
		env      map[string]string
		want     *regexp.Regexp
	}{
		"nothing": {
			provider: block(nil),
			want:     expectDiagnostic("Missing DCaaS authentication", "access_key", "secret_key", "security_token", "DCAAS_ACCESS_KEY", "DCAAS_SECRET_KEY", "DCAAS_SECURITY_TOKEN", "username", "password", "auth_token", "DCAAS_AUTH_TOKEN", "None is set"),
		},
		"username only": {
			provider: block(hclArgs{"username": `"u"`}),
			want:     expectDiagnostic("Incomplete DCaaS password authentication", "Set for password authentication:", "username (DCAAS_USERNAME)", "Missing:", "iam_endpoint (DCAAS_IAM_ENDPOINT)", "password (DCAAS_PASSWORD)", "domain_name (DCAAS_DOMAIN_NAME)"),
		},
		"no iam_endpoint": {
			provider: block(hclArgs{"username": `"u"`, "password": `"p"`, "domain_name": `"d"`}),
			want:     expectDiagnostic("Incomplete DCaaS password authentication", "Missing:", "iam_endpoint (DCAAS_IAM_ENDPOINT)"),
		},
		"no domain, password from the environment": {
			provider: block(hclArgs{"iam_endpoint": iam, "username": `"u"`}),
			env:      map[string]string{shared.EnvPassword: "p"},
			want:     expectDiagnostic("Incomplete DCaaS password authentication", "Set for password authentication:", "iam_endpoint (DCAAS_IAM_ENDPOINT)", "username (DCAAS_USERNAME)", "password (DCAAS_PASSWORD)", "Missing:", "domain_name (DCAAS_DOMAIN_NAME)"),
		},
		"token and password": {
			provider: block(hclArgs{"auth_token": `"t"`, "iam_endpoint": iam, "username": `"u"`, "password": `"p"`, "domain_name": `"d"`}),
			want:     expectDiagnostic("Conflicting DCaaS authentication settings", "set for password authentication:", "iam_endpoint (DCAAS_IAM_ENDPOINT)", "username (DCAAS_USERNAME)", "password (DCAAS_PASSWORD)", "domain_name (DCAAS_DOMAIN_NAME)", "set for token authentication:", "auth_token (DCAAS_AUTH_TOKEN)"),
		},
		"token from the environment and a username": {
			provider: block(hclArgs{"username": `"u"`}),
			env:      map[string]string{shared.EnvAuthToken: testToken},
			want:     expectDiagnostic("Conflicting DCaaS authentication settings", "set for password authentication:", "username (DCAAS_USERNAME)", "set for token authentication:", "auth_token (DCAAS_AUTH_TOKEN)"),
		},
		"access key without its secret": {
			provider: block(hclArgs{"access_key": `"AK"`}),
			want:     expectDiagnostic("Incomplete DCaaS access key authentication", "Set for access key authentication:", "access_key (DCAAS_ACCESS_KEY)", "Missing:", "secret_key (DCAAS_SECRET_KEY)"),
		},
		"secret key from the environment without its key": {
			provider: block(hclArgs{"secret_key": `""`}),
			env:      map[string]string{shared.EnvSecretKey: testSecretKey},
			want:     expectDiagnostic("Incomplete DCaaS access key authentication", "Set for access key authentication:", "secret_key (DCAAS_SECRET_KEY)", "Missing:", "access_key (DCAAS_ACCESS_KEY)"),
		},
		"security token alone": {
			provider: block(hclArgs{"security_token": `"st"`}),
			want:     expectDiagnostic("Incomplete DCaaS access key authentication", "Set for access key authentication:", "security_token (DCAAS_SECURITY_TOKEN)", "Missing:", "access_key (DCAAS_ACCESS_KEY)", "secret_key (DCAAS_SECRET_KEY)"),
		},
		"security token with a key but no secret": {
			provider: block(hclArgs{"access_key": `"AK"`}),
			env:      map[string]string{shared.EnvSecurityToken: "st"},
			want:     expectDiagnostic("Incomplete DCaaS access key authentication", "Missing:", "secret_key (DCAAS_SECRET_KEY)"),
		},
		"access key and token": {
			provider: block(hclArgs{"access_key": `"AK"`, "secret_key": `"SK"`}),
			env:      map[string]string{shared.EnvAuthToken: testToken},
			want:     expectDiagnostic("Conflicting DCaaS authentication settings", "set for access key authentication:", "access_key (DCAAS_ACCESS_KEY)", "secret_key (DCAAS_SECRET_KEY)", "set for token authentication:", "auth_token (DCAAS_AUTH_TOKEN)"),
		},
		"access key and password from the environment": {
			provider: block(nil),
			env: map[string]string{shared.EnvAccessKey: "AK", shared.EnvSecretKey: "SK", shared.EnvIAMEndpoint: "https://iam.example.com", shared.EnvUsername: "u",
				shared.EnvPassword: "p", shared.EnvDomainName: "d"},
			want: expectDiagnostic("Conflicting DCaaS authentication settings", "set for access key authentication:", "access_key (DCAAS_ACCESS_KEY)", "secret_key (DCAAS_SECRET_KEY)", "set for password authentication:", "iam_endpoint (DCAAS_IAM_ENDPOINT)", "username (DCAAS_USERNAME)", "password (DCAAS_PASSWORD)", "domain_name (DCAAS_DOMAIN_NAME)"),
		},
		"security token and token": {
			provider: block(hclArgs{"auth_token": `"t"`, "security_token": `"st"`}),
			want:     expectDiagnostic("Conflicting DCaaS authentication settings", "set for access key authentication:", "security_token (DCAAS_SECURITY_TOKEN)", "set for token authentication:", "auth_token"),
		},
		"access key id with a space": {
			provider: block(hclArgs{"access_key": `"AK 2"`, "secret_key": `"SK"`}),
			want:     expectDiagnostic("Invalid DCaaS access key", "access_key", "DCAAS_ACCESS_KEY", `"AK 2"`, "space"),
		},
		"iam_endpoint not a URL": {
			provider: block(hclArgs{"iam_endpoint": `"iam.example.com"`, "username": `"u"`, "password": `"p"`, "domain_name": `"d"`}),
			want:     expectDiagnostic("Invalid iam_endpoint", "http or https base URL", "https://iam.example.com"),
		},
		"iam_endpoint with the API path": {
			provider: block(hclArgs{"iam_endpoint": `"https://iam.example.com/v3"`, "username": `"u"`, "password": `"p"`, "domain_name": `"d"`}),
			want:     expectDiagnostic("Invalid iam_endpoint", "/v3", "https://iam.example.com"),
		},
		"iam endpoint from the environment not a URL": {
			provider: block(nil),
			env:      map[string]string{shared.EnvIAMEndpoint: "iam.example.com", shared.EnvUsername: "u", shared.EnvPassword: "p", shared.EnvDomainName: "d"},
			want:     expectDiagnostic("Invalid IAM endpoint", "DCAAS_IAM_ENDPOINT", "not an http or https URL"),
		},
	}
	expectNoRequestsAfterSubtests(t, m)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			// Cases that read the environment run alone, the others in
			// parallel.
			if len(tc.env) == 0 {
				t.Parallel()
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
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
