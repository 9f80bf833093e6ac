package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// clientFromProviderData returns the API client that the provider's
// Configure made. It is nil, without an error, while the provider's
// settings are not known yet.
func clientFromProviderData(providerData any, diags *diag.Diagnostics) *dcaas.Client {
	if providerData == nil {
		return nil
	}
	client, ok := providerData.(*dcaas.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *dcaas.Client, got %T. This is a bug in the provider; please report it.", providerData))
	}
	return client
}

// requireClient reports a provider that has no API client to call.
func requireClient(client *dcaas.Client, diags *diag.Diagnostics) bool {
	if client == nil {
		diags.AddError("Provider not configured",
			"The dcaas provider has no API client: its endpoint, project_id or credentials are unknown or missing.")
		return false
	}
	return true
}

// describeAPIError joins what was being done with the API's own account of
// the failure, and with the setting to check where the failure points at
// one.
func describeAPIError(err error, what string) string {
	detail := what + "\n\n" + err.Error()
	if keyErr, ok := dcaas.AsAccessKeyError(err); ok {
		return detail + "\n\n" + describeAccessKeyRefusal(keyErr)
	}
	if hint := endpointHint(err); hint != "" {
		detail += "\n\n" + hint
	}
	switch {
	case dcaas.IsUnauthorized(err):
		detail += "\n\nThe API rejected the token (HTTP 401). With auth_token (or " + EnvAuthToken + "), check the token; " +
			"with password authentication, a fresh token from IAM was rejected as well: check that the user may use project_id."
	case dcaas.IsForbidden(err):
		detail += "\n\nThe token is valid but belongs to another project than project_id (HTTP 403): check project_id or " + EnvProjectID + "."
	}
	return detail
}

// A service the provider reaches, and the setting that says where.
type serviceSetting struct {
	service, attribute, env string
}

var (
	apiSetting = serviceSetting{"the DCaaS API", "endpoint", EnvEndpoint}
	iamSetting = serviceSetting{"IAM", "iam_endpoint", EnvIAMEndpoint}
)

// endpointHint names the setting to check when err shows that a service
// cannot be reached, or that the endpoint leads to something else; "" when
// it shows neither. The client says what it found; only the provider knows
// which setting led there.
func endpointHint(err error) string {
	setting := apiSetting
	if dcaas.IsTokenFailure(err) {
		setting = iamSetting
	}
	if hint := reachHint(err, setting); hint != "" {
		return hint
	}
	if dcaas.IsNotTheAPI(err) {
		return "Check endpoint (or " + EnvEndpoint + "): it must be the API's base URL, such as https://dcaas.example.com, " +
			"without /v3 or any other path that the provider adds itself."
	}
	return ""
}

// reachHint names the setting to check when err is a request that reached
// no server of the service it could talk to; "" otherwise.
func reachHint(err error, s serviceSetting) string {
	switch {
	case dcaas.IsTLSFailure(err):
		return fmt.Sprintf("Check %s (or %s). If the certificate of %s is signed by a private CA, trust that CA with ca_cert_file.",
			s.attribute, s.env, s.service)
	case dcaas.IsConnectFailure(err):
		return fmt.Sprintf("Check %s (or %s), its scheme, host and port, and that %s is up.", s.attribute, s.env, s.service)
	}
	return ""
}
