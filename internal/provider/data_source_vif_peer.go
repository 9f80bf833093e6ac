package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

var (
	_ datasource.DataSource                     = (*vifPeerDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*vifPeerDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*vifPeerDataSource)(nil)
)

// NewVifPeerDataSource returns the dcaas_vif_peer data source.
func NewVifPeerDataSource() datasource.DataSource {
	return &vifPeerDataSource{}
}

type vifPeerDataSource struct {
	vifPeerDataSourceClient
}

func (d *vifPeerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vif_peer"
}

func (d *vifPeerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := vifPeerDataAttributes()
	attributes["address_family"] = schema.StringAttribute{
		MarkdownDescription: "Address family of the peer to look up on `vif_id`: `ipv4` or `ipv6`, in any letter case (`IPv4` works). Read back in the API's lower case.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive("ipv4", "ipv6")},
	}
	attributes["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the peer to look up, a UUID. The peer is searched for on every virtual interface of the project. Give either `id`, or `vif_id` with `address_family`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{validators.UUID()},
	}
	attributes["vif_id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the virtual interface whose peer of `address_family` to look up: a 36-character UUID such as `86f9556a-fa68-42b7-93c2-dd407408430b`. Give either `id`, or `vif_id` with `address_family`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{validators.UUID()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one virtual interface peer that Terraform need not manage, such as the IPv4 peer the service creates with every virtual interface, or a peer made in the console. Look it up by `id`, or by `vif_id` and `address_family`.",
		Attributes:          attributes,
	}
}

func (d *vifPeerDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("vif_id")),
		datasourcevalidator.RequiredTogether(path.MatchRoot("vif_id"), path.MatchRoot("address_family")),
	}
}

func (d *vifPeerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config vifPeerDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}

	var peer *dcaas.VifPeer
	var err error
	var searched string
	if !config.ID.IsNull() {
		searched = fmt.Sprintf("VIF peer %s, on every virtual interface of the project", config.ID.ValueString())
		peer, err = d.client.View().FindVifPeerInProject(ctx, config.ID.ValueString())
	} else {
		searched = fmt.Sprintf("the %s peer of virtual interface %s", config.AddressFamily.ValueString(), config.VifID.ValueString())
		peer, err = d.client.FindVifPeerByFamily(ctx, config.VifID.ValueString(), config.AddressFamily.ValueString())
	}
	switch {
	case dcaas.IsNotFound(err):
		resp.Diagnostics.AddError("VIF peer not found", describeAPIError(err, "Looked for "+searched+"."))
		return
	case err != nil:
		resp.Diagnostics.AddError("Error reading VIF peer", describeAPIError(err, "Looking for "+searched+" failed."))
		return
	}
	tflog.Debug(ctx, "read VIF peer", map[string]any{"id": peer.ID, "vif_id": peer.VifID})

	state, diags := flattenVifPeerData(ctx, peer)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
