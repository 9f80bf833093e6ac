package vifpeer

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

var (
	_ datasource.DataSource              = (*vifPeersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*vifPeersDataSource)(nil)
)

// NewPeersDataSource returns the dcaas_vif_peers data source.
func NewPeersDataSource() datasource.DataSource {
	return &vifPeersDataSource{}
}

type vifPeersDataSource struct {
	shared.DataSourceClient
}

type vifPeersDataSourceModel struct {
	AddressFamily types.String `tfsdk:"address_family"`
	IDs           types.List   `tfsdk:"ids"`
	NameRegex     types.String `tfsdk:"name_regex"`
	Peers         types.List   `tfsdk:"peers"`
	Status        types.String `tfsdk:"status"`
	VifID         types.String `tfsdk:"vif_id"`
}

// vifPeersObject is the schema of one entry of peers.
func vifPeersObject() schema.NestedAttributeObject {
	return schema.NestedAttributeObject{Attributes: vifPeerDataAttributes()}
}

func (d *vifPeersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vif_peers"
}

func (d *vifPeersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the virtual interface peers of the project, whoever created them, optionally filtered by interface, address family, status and name. Every virtual interface is read, page by page.",
		Attributes: map[string]schema.Attribute{
			"address_family": schema.StringAttribute{
				MarkdownDescription: "Only peers of this address family: `ipv4` or `ipv6`, in any letter case.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive("ipv4", "ipv6")},
			},
			"ids": schema.ListAttribute{
				MarkdownDescription: "IDs of the peers found, in the order of `peers`.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"name_regex": schema.StringAttribute{
				MarkdownDescription: "Only peers whose name matches this regular expression, in [RE2 syntax](https://github.com/google/re2/wiki/Syntax) (`^dc1-`, `(?i)backup`). It matches anywhere in the name unless anchored.",
				Optional:            true,
				Validators:          []validator.String{validators.Regexp()},
			},
			"peers": schema.ListNestedAttribute{
				MarkdownDescription: "The peers found, ordered by `vif_id`, then `address_family`; an empty list when none matches.",
				Computed:            true,
				NestedObject:        vifPeersObject(),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only peers in this provisioning status, such as `ACTIVE`, `DOWN` or `ERROR`, in any letter case.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"vif_id": schema.StringAttribute{
				MarkdownDescription: "Only peers of this virtual interface: a 36-character UUID. An interface that does not exist has no peers, so the list is empty.",
				Optional:            true,
				Validators:          []validator.String{validators.UUID()},
			},
		},
	}
}

func (d *vifPeersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state vifPeersDataSourceModel
	resp.Diagnostics.Append(shared.GetModel(ctx, req.Config.Raw, req.Config.Schema, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	filter := dcaas.PeerFilter{
		AddressFamily: state.AddressFamily.ValueString(),
		Status:        state.Status.ValueString(),
	}
	if !state.VifID.IsNull() {
		filter.VifIDs = []string{state.VifID.ValueString()}
	}
	if !state.NameRegex.IsNull() {
		nameRegexp, err := regexp.Compile(state.NameRegex.ValueString())
		if err != nil {
			resp.Diagnostics.Append(invalidNameRegexError(err))
			return
		}
		filter.NameRegexp = nameRegexp
	}
	peers, err := d.Client.ListVifPeers(ctx, filter)
	if err != nil {
		resp.Diagnostics.Append(listingPeersError(err))
		return
	}
	tflog.Debug(ctx, "listed VIF peers", map[string]any{"count": len(peers)})

	entries := make([]vifPeerDataModel, 0, len(peers))
	ids := make([]string, 0, len(peers))
	for i := range peers {
		entry, diags := flattenVifPeerData(&peers[i])
		resp.Diagnostics.Append(diags...)
		entries = append(entries, entry)
		ids = append(ids, peers[i].ID)
	}
	var diags diag.Diagnostics
	state.Peers, diags = types.ListValueFrom(ctx, vifPeersObject().Type(), entries)
	resp.Diagnostics.Append(diags...)
	state.IDs, diags = types.ListValueFrom(ctx, types.StringType, ids)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
