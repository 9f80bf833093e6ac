package vifpeer

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

var (
	_ list.ListResource              = (*vifPeerListResource)(nil)
	_ list.ListResourceWithConfigure = (*vifPeerListResource)(nil)
)

// NewListResource returns the dcaas_vif_peer list resource, which
// `terraform query` reads to find the project's peers and import them.
func NewListResource() list.ListResource {
	return &vifPeerListResource{}
}

type vifPeerListResource struct {
	client *dcaas.Client
}

// vifPeerListConfigModel is the config block of a list "dcaas_vif_peer".
type vifPeerListConfigModel struct {
	AddressFamily types.String `tfsdk:"address_family"`
	Name          types.String `tfsdk:"name"`
	NameRegex     types.String `tfsdk:"name_regex"`
	RouteMode     types.String `tfsdk:"route_mode"`
	Status        types.String `tfsdk:"status"`
	VifIDs        types.List   `tfsdk:"vif_ids"`
}

func (r *vifPeerListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vif_peer"
}

func (r *vifPeerListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the project's virtual interface peers, whoever created them, for `terraform query` and its " +
			"`-generate-config-out`: each result names a peer by its identity and, with `include_resource = true`, holds the peer as " +
			"`dcaas_vif_peer` would store it, without its MD5 key. The filters are optional and combine with AND; without any, every " +
			"peer of the project is listed, the service's default IPv4 peers included.",
		Attributes: map[string]schema.Attribute{
			"address_family": schema.StringAttribute{
				MarkdownDescription: "Only peers of this address family: `ipv4` or `ipv6`, in any letter case.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive("ipv4", "ipv6")},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Only peers with exactly this name; `\"\"` finds the peers without one.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtMost(64)},
			},
			"name_regex": schema.StringAttribute{
				MarkdownDescription: "Only peers whose name matches this regular expression, in [RE2 syntax](https://github.com/google/re2/wiki/Syntax) (`^dc1-`, `(?i)backup`). It matches anywhere in the name unless anchored.",
				Optional:            true,
				Validators:          []validator.String{validators.Regexp()},
			},
			"route_mode": schema.StringAttribute{
				MarkdownDescription: "Only peers with this routing: `static` or `bgp`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("static", "bgp")},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only peers in this provisioning status, such as `ACTIVE`, `DOWN` or `ERROR`, in any letter case.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"vif_ids": schema.ListAttribute{
				MarkdownDescription: "Only peers of these virtual interfaces, each a 36-character UUID; their order carries no meaning. An interface that does not exist has no peers.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(validators.UUID()),
				},
			},
		},
	}
}

func (r *vifPeerListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = shared.Client(req.ProviderData, &resp.Diagnostics)
}

func (r *vifPeerListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config vifPeerListConfigModel
	var diags diag.Diagnostics
	diags.Append(shared.GetModel(ctx, req.Config.Raw, req.Config.Schema, &config)...)
	if !diags.HasError() && shared.RequireClient(r.client, &diags) {
		filter, d := config.filter(ctx)
		diags.Append(d...)
		if !diags.HasError() {
			stream.Results = r.results(ctx, req, filter)
			return
		}
	}
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}

// filter is the client's peer filter for the configured filters.
func (c vifPeerListConfigModel) filter(ctx context.Context) (dcaas.PeerFilter, diag.Diagnostics) {
	filter := dcaas.PeerFilter{
		AddressFamily: c.AddressFamily.ValueString(),
		RouteMode:     c.RouteMode.ValueString(),
		Status:        c.Status.ValueString(),
		Name:          c.Name.ValueStringPointer(),
	}
	var diags diag.Diagnostics
	if !c.VifIDs.IsNull() {
		diags.Append(c.VifIDs.ElementsAs(ctx, &filter.VifIDs, false)...)
	}
	if !c.NameRegex.IsNull() {
		nameRegexp, err := regexp.Compile(c.NameRegex.ValueString())
		if err != nil {
			diags.Append(invalidNameRegexError(err))
		}
		filter.NameRegexp = nameRegexp
	}
	return filter, diags
}

// results streams a result per matching peer as the listing's pages
// arrive, and stops listing at the request's limit or when Terraform
// stops reading.
func (r *vifPeerListResource) results(ctx context.Context, req list.ListRequest, filter dcaas.PeerFilter) func(func(list.ListResult) bool) {
	return func(push func(list.ListResult) bool) {
		var sent int64
		timeoutsNull, diags := nullTimeouts(ctx, req)
		if diags.HasError() {
			push(list.ListResult{Diagnostics: diags})
			return
		}
		// The last result the limit allows is held until the next peer
		// shows whether more match: Terraform stops reading at the
		// limit, so the warning must come before it.
		var last *dcaas.VifPeer
		err := r.client.EachVifPeer(ctx, filter, func(peer *dcaas.VifPeer) bool {
			if req.Limit > 0 && sent == req.Limit-1 {
				if last == nil {
					held := *peer
					last = &held
					return true
				}
				push(list.ListResult{Diagnostics: diag.Diagnostics{moreThanLimitWarning(req.Limit)}})
				return false
			}
			sent++
			return push(vifPeerListResult(ctx, req, peer, timeoutsNull))
		})
		if last != nil {
			sent++
			if !push(vifPeerListResult(ctx, req, last, timeoutsNull)) {
				return
			}
		}
		tflog.Debug(ctx, "listed VIF peers for a query", map[string]any{"results": sent})
		if err != nil {
			var diags diag.Diagnostics
			diags.Append(listingPeersError(err))
			push(list.ListResult{Diagnostics: diags})
		}
	}
}

// vifPeerListResult names the peer by its identity and, when asked, holds
// it as a read of dcaas_vif_peer stores it, less the MD5 key: a query's
// results are printed, written to JSON and into generated configuration.
func vifPeerListResult(ctx context.Context, req list.ListRequest, peer *dcaas.VifPeer, timeoutsNull timeouts.Value) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = vifPeerDisplayName(peer)
	setIdentity(peer.VifID, peer.ID, result.Identity)
	if !req.IncludeResource {
		return result
	}
	model := vifPeerResourceModel{
		BGPMD5:          types.StringNull(),
		BGPMD5WO:        types.StringNull(),
		BGPMD5WOVersion: types.Int64Null(),
		Timeouts:        timeoutsNull,
	}
	result.Diagnostics.Append(flattenVifPeerWithSubnets(peer, &model)...)
	if !result.Diagnostics.HasError() {
		result.Diagnostics.Append(result.Resource.Set(ctx, &model)...)
	}
	return result
}

// vifPeerDisplayName is how a person knows a peer: its name, family and
// interface.
func vifPeerDisplayName(peer *dcaas.VifPeer) string {
	name := peer.Name
	if name == "" {
		name = peer.ID
	}
	return fmt.Sprintf("%s (%s on virtual interface %s)", name, peer.AddressFamily, peer.VifID)
}

// nullTimeouts is the resource's timeouts block, unset, as a read leaves it.
func nullTimeouts(ctx context.Context, req list.ListRequest) (timeouts.Value, diag.Diagnostics) {
	attrType, diags := req.ResourceSchema.TypeAtPath(ctx, path.Root("timeouts"))
	if diags.HasError() {
		return timeouts.Value{}, diags
	}
	timeoutsType, ok := attrType.(timeouts.Type)
	if !ok {
		diags.Append(shared.ProviderBugError("Unexpected resource schema", fmt.Sprintf("timeouts is a %T.", attrType)))
		return timeouts.Value{}, diags
	}
	return timeouts.Value{Object: types.ObjectNull(timeoutsType.AttrTypes)}, diags
}
