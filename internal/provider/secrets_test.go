package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaastest"
)

// A whole lifecycle with TF_LOG=TRACE, the API traffic and its bodies
// logged: neither the token nor the MD5 key appears anywhere in the log,
// in any error, or in plan output. The secrets reach Terraform through the
// environment, so the only way into the log would be through the provider.
func TestAccVifPeerResource_secretsNotLogged(t *testing.T) {
	const md5 = "md5-secret-4d1f9e"
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	clearProviderEnv(t)
	t.Setenv(EnvEndpoint, m.URL)
	t.Setenv(EnvProjectID, testProjectID)
	t.Setenv(EnvAuthToken, testToken)
	t.Setenv("TF_VAR_bgp_md5", md5)

	config := `
provider "dcaas" {}

variable "bgp_md5" {
  type      = string
  sensitive = true
}

resource "dcaas_vif_peer" "test" {
  vif_id            = "` + testVifID + `"
  name              = "secret-peer"
  address_family    = "ipv4"
  route_mode        = "bgp"
  bgp_asn           = 64512
  bgp_md5           = var.bgp_md5
  local_gateway_ip  = "169.254.0.1/30"
  remote_gateway_ip = "169.254.0.2/30"
}
`
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
				PreConfig:   func() { m.AddToken("unused", testProjectID); t.Setenv(EnvAuthToken, testToken+"-revoked") },
				Config:      strings.Replace(config, `"secret-peer"`, `"secret-peer-3"`, 1),
				ExpectError: regexp.MustCompile(`HTTP 401`),
			},
			{
				PreConfig: func() { t.Setenv(EnvAuthToken, testToken) },
				Config:    config,
			},
		},
	})

	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	for name, secret := range map[string]string{"auth token": testToken, "MD5 key": md5} {
		if i := strings.Index(log, secret); i >= 0 {
			t.Errorf("the %s appears in the trace log: %q", name, log[max(0, i-200):min(len(log), i+100)])
		}
	}
	// The log really holds the API traffic, with the secrets masked.
	for _, want := range []string{`dcaas.dcaas_api: sending API request`, `dcaas.dcaas_api: received API response`,
		`http_req_body=`, `http_res_body=`, `secret-peer-2`, `X-Auth-Token:[***]`} {
		if !strings.Contains(log, want) {
			t.Errorf("the trace log lacks %s: API traffic is not logged as expected", want)
		}
	}
}
