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
// the failure.
func describeAPIError(err error, what string) string {
	detail := what + "\n\n" + err.Error()
	if keyErr, ok := dcaas.AsAccessKeyError(err); ok {
		return detail + "\n\n" + describeAccessKeyRefusal(keyErr)
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
