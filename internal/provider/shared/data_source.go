package shared

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// DataSourceClient holds the API client of a data source, which embeds it
// for its Configure.
type DataSourceClient struct {
	Client *dcaas.Client
}

// Configure takes the client that the provider's Configure made.
func (d *DataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.Client = Client(req.ProviderData, &resp.Diagnostics)
}

// WholeNumber is a Number attribute that its validator has checked to be
// whole, or 0 when it is null.
func WholeNumber(n types.Number) int64 {
	if n.IsNull() || n.IsUnknown() {
		return 0
	}
	whole, _ := n.ValueBigFloat().Int64()
	return whole
}
