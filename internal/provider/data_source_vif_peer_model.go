package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// What both peer data sources and the ephemeral resource share: the
// client, the attributes of one peer and how a peer of the API fills them.
// They only read, so their attributes hold what the API returns, in its
// spelling. The MD5 key is not among them: a data source's values are
// stored in the state, so only the ephemeral resource hands the key on.

// vifPeerDataModel is one peer as the data sources show it.
type vifPeerDataModel struct {
	AddressFamily   types.String `tfsdk:"address_family"`
	BGPASN          types.Int64  `tfsdk:"bgp_asn"`
	BGPMD5Set       types.Bool   `tfsdk:"bgp_md5_set"`
	BGPRouteLimit   types.Int64  `tfsdk:"bgp_route_limit"`
	BGPStatus       types.String `tfsdk:"bgp_status"`
	Description     types.String `tfsdk:"description"`
	DeviceID        types.String `tfsdk:"device_id"`
	EnableBFD       types.Bool   `tfsdk:"enable_bfd"`
	EnableNQA       types.Bool   `tfsdk:"enable_nqa"`
	ID              types.String `tfsdk:"id"`
	LocalGatewayIP  types.String `tfsdk:"local_gateway_ip"`
	Name            types.String `tfsdk:"name"`
	ReceiveRouteNum types.Int64  `tfsdk:"receive_route_num"`
	RemoteEPGroup   types.Set    `tfsdk:"remote_ep_group"`
	RemoteGatewayIP types.String `tfsdk:"remote_gateway_ip"`
	RouteMode       types.String `tfsdk:"route_mode"`
	ServiceEPGroup  types.Set    `tfsdk:"service_ep_group"`
	Status          types.String `tfsdk:"status"`
	TenantID        types.String `tfsdk:"tenant_id"`
	VifID           types.String `tfsdk:"vif_id"`
}

// vifPeerDataAttributes describes every attribute of a peer, all computed;
// the single-peer data source makes its lookup attributes optional.
func vifPeerDataAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"address_family": schema.StringAttribute{
			MarkdownDescription: "Address family of the peer, in the API's lower case: `ipv4` or `ipv6`.",
			Computed:            true,
		},
		"bgp_asn": schema.Int64Attribute{
			MarkdownDescription: "Autonomous system number of the on-premises BGP router; null with static routing.",
			Computed:            true,
		},
		"bgp_md5_set": schema.BoolAttribute{
			MarkdownDescription: "Whether the BGP session of the peer has an MD5 key.",
			Computed:            true,
		},
		"bgp_route_limit": schema.Int64Attribute{
			MarkdownDescription: "Most BGP routes the cloud side accepts from the on-premises router.",
			Computed:            true,
		},
		"bgp_status": schema.StringAttribute{
			MarkdownDescription: describeBGPStatus,
			Computed:            true,
		},
		"description": schema.StringAttribute{
			MarkdownDescription: "Free text about the peer.",
			Computed:            true,
		},
		"device_id": schema.StringAttribute{
			MarkdownDescription: describeDeviceID,
			Computed:            true,
		},
		"enable_bfd": schema.BoolAttribute{
			MarkdownDescription: describeEnableBFD,
			Computed:            true,
		},
		"enable_nqa": schema.BoolAttribute{
			MarkdownDescription: describeEnableNQA,
			Computed:            true,
		},
		"id": schema.StringAttribute{
			MarkdownDescription: describePeerID,
			Computed:            true,
		},
		"local_gateway_ip": schema.StringAttribute{
			MarkdownDescription: "Gateway address on the cloud side, as host address with prefix length, such as `5.5.5.1/30`.",
			Computed:            true,
		},
		"name": schema.StringAttribute{
			MarkdownDescription: "Name of the peer.",
			Computed:            true,
		},
		"receive_route_num": schema.Int64Attribute{
			MarkdownDescription: describeReceiveRouteNum,
			Computed:            true,
		},
		"remote_ep_group": schema.SetAttribute{
			MarkdownDescription: "On-premises subnets reached through the peer, in CIDR notation; empty when there are none.",
			ElementType:         types.StringType,
			Computed:            true,
		},
		"remote_gateway_ip": schema.StringAttribute{
			MarkdownDescription: "Gateway address on the on-premises side, as host address with prefix length, such as `5.5.5.2/30`.",
			Computed:            true,
		},
		"route_mode": schema.StringAttribute{
			MarkdownDescription: "Routing between the two gateways: `static` or `bgp`.",
			Computed:            true,
		},
		"service_ep_group": schema.SetAttribute{
			MarkdownDescription: describeServiceEPGroup,
			ElementType:         types.StringType,
			Computed:            true,
		},
		"status": schema.StringAttribute{
			MarkdownDescription: describeStatus,
			Computed:            true,
		},
		"tenant_id": schema.StringAttribute{
			MarkdownDescription: describeTenantID,
			Computed:            true,
		},
		"vif_id": schema.StringAttribute{
			MarkdownDescription: "ID of the virtual interface the peer belongs to.",
			Computed:            true,
		},
	}
}

// flattenVifPeerData fills a model from the API's peer. Lists are never
// null, so that an API answering null or [] reads the same.
func flattenVifPeerData(ctx context.Context, peer *dcaas.VifPeer) (vifPeerDataModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := vifPeerDataModel{
		AddressFamily:   types.StringValue(peer.AddressFamily),
		BGPASN:          types.Int64Null(),
		BGPMD5Set:       types.BoolValue(hasMD5Key(peer)),
		BGPRouteLimit:   types.Int64Value(peer.BGPRouteLimit),
		BGPStatus:       types.StringPointerValue(peer.BGPStatus),
		Description:     types.StringValue(peer.Description),
		DeviceID:        types.StringValue(peer.DeviceID),
		EnableBFD:       types.BoolValue(peer.EnableBFD),
		EnableNQA:       types.BoolValue(peer.EnableNQA),
		ID:              types.StringValue(peer.ID),
		LocalGatewayIP:  types.StringValue(peer.LocalGatewayIP),
		Name:            types.StringValue(peer.Name),
		ReceiveRouteNum: types.Int64Value(peer.ReceiveRouteNum),
		RemoteGatewayIP: types.StringValue(peer.RemoteGatewayIP),
		RouteMode:       types.StringValue(peer.RouteMode),
		Status:          types.StringValue(peer.Status),
		TenantID:        types.StringValue(peer.TenantID),
		VifID:           types.StringValue(peer.VifID),
	}
	if peer.BGPASN != nil {
		m.BGPASN = types.Int64Value(int64(*peer.BGPASN))
	}
	var d diag.Diagnostics
	m.RemoteEPGroup, d = stringSetOf(ctx, peer.RemoteEPGroup)
	diags.Append(d...)
	m.ServiceEPGroup, d = stringSetOf(ctx, peer.ServiceEPGroup)
	diags.Append(d...)
	return m, diags
}

// hasMD5Key says whether the API holds a key for the peer; an empty string
// authenticates nothing, so it is no key.
func hasMD5Key(peer *dcaas.VifPeer) bool {
	return peer.BGPMD5 != nil && *peer.BGPMD5 != ""
}

// stringSetOf is the set of the distinct items, empty rather than null when
// there are none.
func stringSetOf(ctx context.Context, items []string) (types.Set, diag.Diagnostics) {
	distinct := make([]string, 0, len(items))
	for _, item := range items {
		if !slices.Contains(distinct, item) {
			distinct = append(distinct, item)
		}
	}
	return types.SetValueFrom(ctx, types.StringType, distinct)
}

// vifPeerDataSourceClient holds the API client of a peer data source.
type vifPeerDataSourceClient struct {
	client *dcaas.Client
}

func (d *vifPeerDataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}
