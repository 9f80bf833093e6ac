package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// Temporary credentials that tests add to their mock.
const (
	testTemporaryKey    = "TMP9QX4LEXAMPLE"
	testTemporarySecret = "tmp-sk-3d9a1f7c"
	testSecurityToken   = "st-gQpZW5fc2VjdXJpdHlfdG9rZW4-7e21"
)

// setTemporaryKeyEnv configures the provider through the environment alone,
// with this mock and the temporary credentials, as CI does.
func (m *testMock) setTemporaryKeyEnv(t *testing.T) {
	t.Setenv(shared.EnvEndpoint, m.URL)
	t.Setenv(shared.EnvProjectID, testProjectID)
	t.Setenv(shared.EnvAccessKey, testTemporaryKey)
	t.Setenv(shared.EnvSecretKey, testTemporarySecret)
	t.Setenv(shared.EnvSecurityToken, testSecurityToken)
}

// otherProjectID is a project the test mock serves no peers of.
const otherProjectID = "0123456789abcdef0123456789abcdef"

// configureCheck is the provider's check of its access key when it is
// configured.
var configureCheck = dcaastest.Request(http.MethodGet, "/dcaas/virtual-interfaces")

// Several peers are created, planned again without changes and destroyed
// with access key authentication while a fifth of all requests are
// throttled: every request the API received was signed and none carried a
// token.
func TestAccProvider_accessKeyUnderThrottling(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	vifIDs := seedInterfaces(m, 3)
	for _, id := range vifIDs {
		// The interfaces keep these, so the peers made here can be deleted.
		if _, err := m.SeedPeer(id, "ipv6", "fd00:99::1/64", "fd00:99::2/64"); err != nil {
			t.Fatal(err)
		}
	}
	m.InjectFault(mockserver.Fault{Statuses: []int{http.StatusTooManyRequests, http.StatusServiceUnavailable}, RetryAfter: 1, Rate: 0.2, Seed: 11})
	config := providerBlock(m.accessKeyArgs(testAccessKey, testSecretKey)) + testAccPeersOnInterfaces(vifIDs, 3, "signed")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: dcaastest.CheckDestroy(m,
			dcaastest.ExpectPeerCount(m, 0).Where("peers made by Terraform", madeByTerraform),
			dcaastest.ExpectEverySignedBy(m, testAccessKey),
			dcaastest.ExpectRetryAfterHonoured(m, time.Second, 400),
		),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: append(m.expectPeersExist(3), dcaastest.ExpectEverySignedBy(m, testAccessKey)),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append(m.expectPeersExist(3), dcaastest.ExpectEverySignedBy(m, testAccessKey)),
			},
		},
	})
}

// Each refusal of the access key fails the plan, with nothing in state,
// saying what is wrong and naming the key, after the one request that
// checks it.
func TestAccProvider_accessKeyRefused(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		prepare       func(m *testMock)
		key, secret   string
		securityToken string
		want          *regexp.Regexp
		status        int
	}{
		"wrong secret key": {
			key: testAccessKey, secret: "not-" + testSecretKey, status: http.StatusUnauthorized,
			want: expectDiagnostic("Cannot authenticate with the access key",
				"GET ", "/virtual-interfaces?limit=1", "HTTP 401", "APIGW.0301", testAccessKey, "secret_key", "DCAAS_SECRET_KEY", testAccessKey),
		},
		"clock an hour off": {
			prepare: func(m *testMock) { m.SetClockSkew(-time.Hour) },
			key:     testAccessKey, secret: testSecretKey, status: http.StatusUnauthorized,
			want: expectDiagnostic("Cannot authenticate with the access key",
				"x-sdk-date expired", testAccessKey, "15 minutes", "Date header", "behind this machine's", "not sent again"),
		},
		"expired security token": {
			prepare: func(m *testMock) {
				m.AddTemporaryAccessKey(testTemporaryKey, testTemporarySecret, testSecurityToken, testProjectID, time.Now().Add(-time.Minute))
			},
			key: testTemporaryKey, secret: testTemporarySecret, securityToken: testSecurityToken, status: http.StatusUnauthorized,
			want: expectDiagnostic("Cannot authenticate with the access key",
				"security token expired", "temporary access key "+testTemporaryKey, "expired", "DCAAS_ACCESS_KEY", "DCAAS_SECRET_KEY", "DCAAS_SECURITY_TOKEN"),
		},
		"temporary key without its security token": {
			prepare: func(m *testMock) {
				m.AddTemporaryAccessKey(testTemporaryKey, testTemporarySecret, testSecurityToken, testProjectID, time.Now().Add(time.Hour))
			},
			key: testTemporaryKey, secret: testTemporarySecret, status: http.StatusUnauthorized,
			want: expectDiagnostic("Cannot authenticate with the access key",
				"security token expired", testTemporaryKey, "temporary credentials", "security_token", "DCAAS_SECURITY_TOKEN"),
		},
		"key of another project": {
			prepare: func(m *testMock) { m.AddAccessKey("OTHERPROJECTKEY", "other-sk-51c0", otherProjectID) },
			key:     "OTHERPROJECTKEY", secret: "other-sk-51c0", status: http.StatusForbidden,
			want: expectDiagnostic("Cannot authenticate with the access key",
				"HTTP 403", "OTHERPROJECTKEY", "another project", "project_id", "DCAAS_PROJECT_ID"),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := newTestMock(t)
			if tc.prepare != nil {
				tc.prepare(m)
			}
			args := m.accessKeyArgs(tc.key, tc.secret)
			if tc.securityToken != "" {
				args["security_token"] = fmt.Sprintf("%q", tc.securityToken)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(args) + peerBlock("test", examplePeer()),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
			// Terraform configures the provider for the plan once: one
			// check, refused, and never sent again.
			dcaastest.CheckAPI(t,
				dcaastest.ExpectRequestCount(m, dcaastest.Request("", "/"), 1),
				dcaastest.ExpectRequestCount(m, configureCheck.Answered(tc.status), 1),
			)
		})
	}
}

// The diagnostics of a refused key name the key, never its secret or
// security token.
func TestProviderAccessKeyRefusedDiagnostics(t *testing.T) {
	m := newTestMock(t)
	m.AddTemporaryAccessKey(testTemporaryKey, testTemporarySecret, testSecurityToken, testProjectID, time.Now().Add(-time.Minute))
	for _, secret := range []string{testTemporarySecret, "wrong-" + testTemporarySecret} {
		resp := configureProvider(t, map[string]tftypes.Value{
			"endpoint": str(m.URL), "project_id": str(testProjectID),
			"access_key": str(testTemporaryKey), "secret_key": str(secret), "security_token": str(testSecurityToken),
		})
		text := fmt.Sprint(resp.Diagnostics)
		if !resp.Diagnostics.HasError() || !strings.Contains(text, "temporary access key "+testTemporaryKey) ||
			strings.Contains(text, secret) || strings.Contains(text, testSecurityToken) {
			t.Errorf("diagnostics %q: want an error naming the access key id, and neither the secret key nor the security token", text)
		}
	}
}

// The secret key and the security token are sensitive; the key id, which
// errors name, is not.
func TestProviderAccessKeySchema(t *testing.T) {
	schema, err := testAccProtoV6ProviderFactoriesServer(t).GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	sensitive := map[string]bool{}
	for _, a := range schema.Provider.Block.Attributes {
		sensitive[a.Name] = a.Sensitive
	}
	for name, want := range map[string]bool{"access_key": false, "secret_key": true, "security_token": true} {
		if got, ok := sensitive[name]; !ok || got != want {
			t.Errorf("%s: sensitive %t (present %t), want %t", name, got, ok, want)
		}
	}
}

// Temporary credentials that expire while a peer is being created: the
// wait stops at its first refused check, with a warning, and the peer is
// kept in state untainted, as after a Ctrl-C. With new credentials the
// next plan waits for it (an update), and once it is ready it costs no
// replacement.
func TestAccProvider_securityTokenExpiresDuringApply(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.SetPendingDelay(time.Hour)
	m.AddTemporaryAccessKey(testTemporaryKey, testTemporarySecret, testSecurityToken, testProjectID, time.Now().Add(time.Hour))
	var expire, renew sync.Once
	refused := dcaastest.Request("", "/").Answered(http.StatusUnauthorized)
	m.SetAfterRequest(func(r mockserver.Request) {
		switch {
		case r.Method == http.MethodPost && r.Status == http.StatusCreated:
			expire.Do(func() {
				m.AddTemporaryAccessKey(testTemporaryKey, testTemporarySecret, testSecurityToken, testProjectID, time.Now())
			})
		case r.Status == http.StatusUnauthorized:
			// The user's new credentials, in place for the next run.
			renew.Do(func() {
				m.AddTemporaryAccessKey(testTemporaryKey, testTemporarySecret, testSecurityToken, testProjectID, time.Now().Add(time.Hour))
			})
		}
	})
	config := providerBlock(m.accessKeyArgs(testTemporaryKey, testTemporarySecret).with(hclArgs{"security_token": fmt.Sprintf("%q", testSecurityToken)})) +
		peerBlock("test", examplePeer())
	pending := map[string]knownvalue.Check{"status": knownvalue.StringExact(dcaas.StatusPendingCreate)}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					dcaastest.ExpectPeerInAPI(m, testResourceName, pending),
					statecheck.ExpectKnownValue(testResourceName, tfjsonpath.New("status"), knownvalue.StringExact(dcaas.StatusPendingCreate)),
					// The one refused request, the first check of the wait,
					// was not sent again.
					dcaastest.ExpectRequestCount(m, refused, 1),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// Untainted, and still provisioning: the next apply waits.
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionUpdate)},
				},
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() { m.finishPending(t) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResourceName, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: append(m.expectNothingReplaced(),
					dcaastest.ExpectPeerInAPI(m, testResourceName, nil),
					dcaastest.ExpectRequestCount(m, refused, 1)),
			},
		},
	})
}
