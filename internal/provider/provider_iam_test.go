package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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
			Config:            providerBlock(m.passwordArgs(testPassword)) + peerArgs(nil),
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
			Config: providerBlock(m.passwordArgs("not-the-password")) + peerArgs(nil),
			ExpectError: matchWrapped(`Cannot authenticate with IAM.*refused the credentials of user "ci-bot" in domain "corp-domain".*HTTP 401` +
				`.*Check username, password and domain_name \(or DCAAS_USERNAME, DCAAS_PASSWORD and DCAAS_DOMAIN_NAME\)`),
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
	testAccSettingUnknownAtPlan(t, m, m.URL, providerBlock(m.passwordArgs(testPassword).with(providerArgs{"iam_endpoint": "terraform_data.setting.output", "max_retries": ""})), m.checkIAMTokensUsed(1))
}

// Which ways of authenticating are configured, in attributes and in the
// environment: each wrong mix fails the plan, names what is missing or
// conflicting, and sends nothing to the API or IAM.
func TestAccProvider_authenticationSettings(t *testing.T) {
	m := newTestMock(t)
	block := func(args providerArgs) string {
		return providerBlock(tokenArgs(m.URL).with(providerArgs{"auth_token": "", "max_retries": ""}).with(args))
	}
	iam := fmt.Sprintf("%q", m.URL)
	cases := map[string]struct {
		provider string
		env      map[string]string
		want     string
	}{
		"nothing": {
			provider: block(nil),
			want: `Missing DCaaS authentication.*an access key, which signs every request.*access_key and secret_key, with security_token for temporary credentials, ` +
				`or the DCAAS_ACCESS_KEY, DCAAS_SECRET_KEY and DCAAS_SECURITY_TOKEN environment variables.*an IAM username and password.*` +
				`a token obtained elsewhere: auth_token, or the DCAAS_AUTH_TOKEN environment variable.*None is set`,
		},
		"username only": {
			provider: block(providerArgs{"username": `"u"`}),
			want:     `Incomplete DCaaS password authentication.*Set for password authentication: username \(DCAAS_USERNAME\)\. Missing: iam_endpoint \(DCAAS_IAM_ENDPOINT\), password \(DCAAS_PASSWORD\), domain_name \(DCAAS_DOMAIN_NAME\)\.`,
		},
		"no iam_endpoint": {
			provider: block(providerArgs{"username": `"u"`, "password": `"p"`, "domain_name": `"d"`}),
			want:     `Incomplete DCaaS password authentication.*Missing: iam_endpoint \(DCAAS_IAM_ENDPOINT\)\.`,
		},
		"no domain, password from the environment": {
			provider: block(providerArgs{"iam_endpoint": iam, "username": `"u"`}),
			env:      map[string]string{EnvPassword: "p"},
			want:     `Incomplete DCaaS password authentication.*Set for password authentication: iam_endpoint \(DCAAS_IAM_ENDPOINT\), username \(DCAAS_USERNAME\), password \(DCAAS_PASSWORD\)\. Missing: domain_name \(DCAAS_DOMAIN_NAME\)\.`,
		},
		"token and password": {
			provider: block(providerArgs{"auth_token": `"t"`, "iam_endpoint": iam, "username": `"u"`, "password": `"p"`, "domain_name": `"d"`}),
			want: `Conflicting DCaaS authentication settings.*More than one is set: set for password authentication: iam_endpoint \(DCAAS_IAM_ENDPOINT\), username \(DCAAS_USERNAME\), ` +
				`password \(DCAAS_PASSWORD\), domain_name \(DCAAS_DOMAIN_NAME\); set for token authentication: auth_token \(DCAAS_AUTH_TOKEN\)\. Keep one way and remove the others\.`,
		},
		"token from the environment and a username": {
			provider: block(providerArgs{"username": `"u"`}),
			env:      map[string]string{EnvAuthToken: testToken},
			want:     `Conflicting DCaaS authentication settings.*set for password authentication: username \(DCAAS_USERNAME\); set for token authentication: auth_token \(DCAAS_AUTH_TOKEN\)\.`,
		},
		"access key without its secret": {
			provider: block(providerArgs{"access_key": `"AK"`}),
			want:     `Incomplete DCaaS access key authentication.*Set for access key authentication: access_key \(DCAAS_ACCESS_KEY\)\. Missing: secret_key \(DCAAS_SECRET_KEY\)\.`,
		},
		"secret key from the environment without its key": {
			provider: block(providerArgs{"secret_key": `""`}),
			env:      map[string]string{EnvSecretKey: testSecretKey},
			want:     `Incomplete DCaaS access key authentication.*Set for access key authentication: secret_key \(DCAAS_SECRET_KEY\)\. Missing: access_key \(DCAAS_ACCESS_KEY\)\.`,
		},
		"security token alone": {
			provider: block(providerArgs{"security_token": `"st"`}),
			want: `Incomplete DCaaS access key authentication.*Set for access key authentication: security_token \(DCAAS_SECURITY_TOKEN\)\. ` +
				`Missing: access_key \(DCAAS_ACCESS_KEY\), secret_key \(DCAAS_SECRET_KEY\)\.`,
		},
		"security token with a key but no secret": {
			provider: block(providerArgs{"access_key": `"AK"`}),
			env:      map[string]string{EnvSecurityToken: "st"},
			want:     `Incomplete DCaaS access key authentication.*Missing: secret_key \(DCAAS_SECRET_KEY\)\.`,
		},
		"access key and token": {
			provider: block(providerArgs{"access_key": `"AK"`, "secret_key": `"SK"`}),
			env:      map[string]string{EnvAuthToken: testToken},
			want: `Conflicting DCaaS authentication settings.*More than one is set: set for access key authentication: access_key \(DCAAS_ACCESS_KEY\), secret_key \(DCAAS_SECRET_KEY\); ` +
				`set for token authentication: auth_token \(DCAAS_AUTH_TOKEN\)\. Keep one way and remove the others\.`,
		},
		"access key and password from the environment": {
			provider: block(nil),
			env: map[string]string{EnvAccessKey: "AK", EnvSecretKey: "SK", EnvIAMEndpoint: "https://iam.example.com", EnvUsername: "u",
				EnvPassword: "p", EnvDomainName: "d"},
			want: `Conflicting DCaaS authentication settings.*set for access key authentication: access_key \(DCAAS_ACCESS_KEY\), secret_key \(DCAAS_SECRET_KEY\); ` +
				`set for password authentication: iam_endpoint \(DCAAS_IAM_ENDPOINT\), username \(DCAAS_USERNAME\), password \(DCAAS_PASSWORD\), domain_name \(DCAAS_DOMAIN_NAME\)\.`,
		},
		"security token and token": {
			provider: block(providerArgs{"auth_token": `"t"`, "security_token": `"st"`}),
			want:     `Conflicting DCaaS authentication settings.*set for access key authentication: security_token \(DCAAS_SECURITY_TOKEN\); set for token authentication: auth_token`,
		},
		"access key id with a space": {
			provider: block(providerArgs{"access_key": `"AK 2"`, "secret_key": `"SK"`}),
			want:     `Invalid DCaaS access key.*access_key attribute or DCAAS_ACCESS_KEY.*"AK 2" holds a space, a comma or a control character`,
		},
		"iam_endpoint not a URL": {
			provider: block(providerArgs{"iam_endpoint": `"iam.example.com"`, "username": `"u"`, "password": `"p"`, "domain_name": `"d"`}),
			want:     `Invalid iam_endpoint.*must be an http or https base URL such as https://iam.example.com`,
		},
		"iam_endpoint with the API path": {
			provider: block(providerArgs{"iam_endpoint": `"https://iam.example.com/v3"`, "username": `"u"`, "password": `"p"`, "domain_name": `"d"`}),
			want:     `Invalid iam_endpoint.*ends in the API path /v3: leave it out, as in https://iam.example.com`,
		},
		"iam endpoint from the environment not a URL": {
			provider: block(nil),
			env:      map[string]string{EnvIAMEndpoint: "iam.example.com", EnvUsername: "u", EnvPassword: "p", EnvDomainName: "d"},
			want:     `Invalid IAM endpoint.*DCAAS_IAM_ENDPOINT.*not an http or https URL`,
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
					Config:      tc.provider + peerArgs(nil),
					PlanOnly:    true,
					ExpectError: matchWrapped(tc.want),
				}},
			})
		})
	}
}
