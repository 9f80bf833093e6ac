package shared

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// Client returns the API client that the provider's Configure made. It is
// nil, without an error, while the provider's settings are not known yet.
func Client(providerData any, diags *diag.Diagnostics) *dcaas.Client {
	if providerData == nil {
		return nil
	}
	client, ok := providerData.(*dcaas.Client)
	if !ok {
		diags.Append(ProviderBugError("Unexpected provider data", fmt.Sprintf("expected *dcaas.Client, got %T.", providerData)))
	}
	return client
}

// RequireClient reports a provider that has no API client to call.
func RequireClient(client *dcaas.Client, diags *diag.Diagnostics) bool {
	if client == nil {
		diags.Append(notConfiguredError())
		return false
	}
	return true
}
