package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// A whole lifecycle with TF_LOG=TRACE, the API traffic and its bodies
// logged: neither the token nor the MD5 key appears anywhere in the log,
// in any error, or in plan output. The secrets reach Terraform through the
// environment, so the only way into the log would be through the provider.
func TestAccVifPeerResource_secretsNotLogged(t *testing.T) {
	const md5 = "md5-secret-4d1f9e"
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	logPath := traceLog(t)
	t.Setenv(shared.EnvEndpoint, m.URL)
	t.Setenv(shared.EnvProjectID, testProjectID)
	t.Setenv(shared.EnvAuthToken, testToken)
	t.Setenv("TF_VAR_bgp_md5", md5)

	config := providerBlock(nil) + `
variable "bgp_md5" {
  type      = string
  sensitive = true
}
` + peerBlock("test", bgpPeer(testVifID, 64512, "").with(hclArgs{"name": `"secret-peer"`, "bgp_md5": "var.bgp_md5",
		"local_gateway_ip": `"169.254.0.1/30"`, "remote_gateway_ip": `"169.254.0.2/30"`, "remote_ep_group": ""}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectSensitiveInPlan(testResourceName, "bgp_md5")},
				},
				ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
			},
			{
				Config:            strings.Replace(config, `"secret-peer"`, `"secret-peer-2"`, 1),
				ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
			},
			{
				// A failing request: its error must not carry the secrets either.
				PreConfig:   func() { m.AddToken("unused", testProjectID); t.Setenv(shared.EnvAuthToken, testToken+"-revoked") },
				Config:      strings.Replace(config, `"secret-peer"`, `"secret-peer-3"`, 1),
				ExpectError: regexp.MustCompile(`HTTP 401`),
			},
			{
				PreConfig: func() { t.Setenv(shared.EnvAuthToken, testToken) },
				Config:    config,
			},
		},
	})

	checkTraceLog(t, logPath, map[string]string{"auth token": testToken, "MD5 key": md5},
		`dcaas.dcaas_api: sending API request`, `dcaas.dcaas_api: received API response`,
		`http_req_body=`, `http_res_body=`, `secret-peer-2`, `X-Auth-Token:[***]`)
}

// traceLog makes the test's Terraform runs log at TRACE to a file of
// their own, and returns its path.
func traceLog(t *testing.T) string {
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	return logPath
}

// secretsLifecycle is the runs of a trace log test: a peer named name
// created, with the checks of first, then renamed; a run whose credentials
// are refused once env is set to wrong, failing with wantErr; and a run
// with env set back to right.
func secretsLifecycle(t *testing.T, m *testMock, name string, first resource.TestStep, env, wrong, right, wantErr string) []resource.TestStep {
	config := func(name string) string {
		return providerBlock(nil) + peerBlock("test", examplePeer().with(hclArgs{"name": fmt.Sprintf("%q", name)}))
	}
	first.Config = config(name)
	first.ConfigStateChecks = append(first.ConfigStateChecks, dcaastest.ExpectPeerInAPI(m, testResourceName, nil))
	return []resource.TestStep{
		first,
		{
			Config:            config(name + "-2"),
			ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectPeerInAPI(m, testResourceName, nil)},
		},
		{
			PreConfig:   func() { t.Setenv(env, wrong) },
			Config:      config(name + "-3"),
			ExpectError: regexp.MustCompile(wantErr),
		},
		{
			PreConfig: func() { t.Setenv(env, right) },
			Config:    config(name),
		},
	}
}

// checkTraceLog checks that the log holds none of the secrets, and does
// hold each of the wanted strings, which show the traffic really was
// logged with the secrets masked.
func checkTraceLog(t *testing.T, logPath string, secrets map[string]string, wanted ...string) {
	t.Helper()
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	for name, secret := range secrets {
		if i := strings.Index(log, secret); i >= 0 {
			t.Errorf("the %s appears in the trace log: %q", name, log[max(0, i-200):min(len(log), i+100)])
		}
	}
	for _, want := range wanted {
		if !strings.Contains(log, want) {
			t.Errorf("the trace log lacks %s: the traffic is not logged as expected", want)
		}
	}
}

// Password authentication with TF_LOG=TRACE: tokens are renewed during the
// run, once a wrong password is refused, and neither password nor any token
// IAM issued appears in the log. The credentials reach Terraform through
// the environment, so the only way into the log would be through the
// provider.
func TestAccProvider_passwordSecretsNotLogged(t *testing.T) {
	const wrongPassword = "wrong-pw-5b7e02"
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.SetTokenLifetime(time.Second)
	m.SetPendingDelay(time.Second)
	logPath := traceLog(t)
	t.Setenv(shared.EnvEndpoint, m.URL)
	t.Setenv(shared.EnvProjectID, testProjectID)
	t.Setenv(shared.EnvIAMEndpoint, m.URL)
	t.Setenv(shared.EnvUsername, testUsername)
	t.Setenv(shared.EnvPassword, testPassword)
	t.Setenv(shared.EnvDomainName, testDomain)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: secretsLifecycle(t, m, "password-peer", resource.TestStep{Check: m.checkIAMTokensUsed(1)},
			shared.EnvPassword, wrongPassword, testPassword, `Cannot authenticate with IAM`),
	})

	issued := m.IssuedTokens()
	if len(issued) < 3 {
		t.Errorf("IAM issued %d tokens, want several: the test does not cover renewals", len(issued))
	}
	secrets := map[string]string{"password": testPassword, "wrong password": wrongPassword}
	for i, token := range issued {
		secrets[fmt.Sprintf("token %d", i)] = token
	}
	checkTraceLog(t, logPath, secrets,
		iamTokensPath, `X-Subject-Token:[***]`, `X-Auth-Token:[***]`, `"name":"`+testUsername+`"`)
}

// Access key authentication with temporary credentials and TF_LOG=TRACE:
// a lifecycle, and once a wrong secret key refused, leave neither secret
// key nor security token in the log, nor any signature, with which a
// reader could send a request again while its date is valid. The
// credentials reach Terraform through the environment, so the only way
// into the log would be through the provider.
func TestAccProvider_accessKeySecretsNotLogged(t *testing.T) {
	const wrongSecret = "wrong-sk-0c4e8a"
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	m.AddTemporaryAccessKey(testTemporaryKey, testTemporarySecret, testSecurityToken, testProjectID, time.Now().Add(time.Hour))
	logPath := traceLog(t)
	m.setTemporaryKeyEnv(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             dcaastest.CheckDestroy(m),
		Steps: secretsLifecycle(t, m, "signed-peer",
			resource.TestStep{ConfigStateChecks: []statecheck.StateCheck{dcaastest.ExpectEverySignedBy(m, testTemporaryKey)}},
			shared.EnvSecretKey, wrongSecret, testTemporarySecret, `Cannot authenticate with the access key`),
	})

	secrets := map[string]string{"secret key": testTemporarySecret, "wrong secret key": wrongSecret, "security token": testSecurityToken}
	// The refused requests' signatures, made with the wrong secret key, too.
	for i, r := range m.Requests() {
		_, signature, _ := strings.Cut(r.Header.Get("Authorization"), "Signature=")
		if signature == "" {
			t.Fatalf("%s %s carried no signature", r.Method, r.Path)
		}
		secrets[fmt.Sprintf("signature %d", i)] = signature
	}
	checkTraceLog(t, logPath, secrets,
		`dcaas.dcaas_api: sending API request`, `X-Security-Token:[***]`, `Access=`+testTemporaryKey+`, SignedHeaders=host;x-project-id;x-sdk-date;x-security-token, ***`,
		`verify aksk signature fail`, `signed-peer-2`)
}
