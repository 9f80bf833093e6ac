package vifpeer

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

var (
	_ datasource.DataSource                     = (*vifPeerDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*vifPeerDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*vifPeerDataSource)(nil)
)

// NewDataSource returns the dcaas_vif_peer data source.
func NewDataSource() datasource.DataSource {
	return &vifPeerDataSource{}
}

type vifPeerDataSource struct {
	shared.DataSourceClient
}

func (d *vifPeerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vif_peer"
}

func (d *vifPeerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one virtual interface peer that Terraform need not manage, such as the IPv4 peer the service creates with every virtual interface, or a peer made in the console. Look it up by `id`, or by `vif_id` and `address_family`.",
		Attributes:          vifPeerLookupAttributes(),
	}
}

func (d *vifPeerDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(vifPeerLookupExactlyOneOf...),
		datasourcevalidator.RequiredTogether(vifPeerLookupRequiredTogether...),
	}
}

func (d *vifPeerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	peer, _, diags := lookupVifPeer(ctx, d.Client, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	state, diags := flattenVifPeerData(peer)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
