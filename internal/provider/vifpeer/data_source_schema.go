package vifpeer

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The attributes of one peer, shared by both peer data sources and the
// ephemeral resource. They only read, so their attributes hold what the API
// returns, in its spelling: plain strings, without the resource's types
// that tell spellings apart. The MD5 key is not among them: a data source's
// values are stored in the state, so only the ephemeral resource hands the
// key on.

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
