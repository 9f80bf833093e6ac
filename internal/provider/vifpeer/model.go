package vifpeer

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
)

// One model per API object, as tls keeps them in its models.go: vifPeerModel
// is a peer as the API holds it, filled by the one flattener of a peer
// (flattenVifPeer) for the resource, both data sources and the ephemeral
// resource, each of which adds what only it holds.
//
// Its types are the resource's, which say which spellings mean the same.
// The data sources and the ephemeral resource declare plain strings
// instead, since they show the API's spelling. A value is stored by its
// Terraform type, so the model serves them too; they read from their
// configuration only what they look a peer up by (vifPeerLookupKeys).
// remote_ep_group differs in its Terraform type, so each view holds its
// own: the resource a list standing for a set (customtypes.IPPrefixList),
// the data sources the set they have always shown.

// vifPeerModel holds the attributes of a peer that every view of it shows.
type vifPeerModel struct {
	AddressFamily   customtypes.CaseInsensitiveString `tfsdk:"address_family"`
	BGPASN          customtypes.ASN                   `tfsdk:"bgp_asn"`
	BGPRouteLimit   types.Int64                       `tfsdk:"bgp_route_limit"`
	BGPStatus       types.String                      `tfsdk:"bgp_status"`
	Description     types.String                      `tfsdk:"description"`
	DeviceID        types.String                      `tfsdk:"device_id"`
	EnableBFD       types.Bool                        `tfsdk:"enable_bfd"`
	EnableNQA       types.Bool                        `tfsdk:"enable_nqa"`
	ID              types.String                      `tfsdk:"id"`
	LocalGatewayIP  customtypes.IPPrefix              `tfsdk:"local_gateway_ip"`
	Name            types.String                      `tfsdk:"name"`
	ReceiveRouteNum types.Int64                       `tfsdk:"receive_route_num"`
	RemoteGatewayIP customtypes.IPPrefix              `tfsdk:"remote_gateway_ip"`
	RouteMode       types.String                      `tfsdk:"route_mode"`
	ServiceEPGroup  types.Set                         `tfsdk:"service_ep_group"`
	Status          types.String                      `tfsdk:"status"`
	TenantID        types.String                      `tfsdk:"tenant_id"`
	VifID           types.String                      `tfsdk:"vif_id"`
}

// vifPeerResourceModel is a peer as the dcaas_vif_peer resource manages it:
// with its MD5 key, in state or write-only, and the timeouts.
type vifPeerResourceModel struct {
	vifPeerModel
	RemoteEPGroup   customtypes.IPPrefixList `tfsdk:"remote_ep_group"`
	BGPMD5          types.String             `tfsdk:"bgp_md5"`
	BGPMD5WO        types.String             `tfsdk:"bgp_md5_wo"`
	BGPMD5WOVersion types.Int64              `tfsdk:"bgp_md5_wo_version"`
	Timeouts        timeouts.Value           `tfsdk:"timeouts"`
}

// vifPeerDataModel is a peer as the data sources show it: whether it has an
// MD5 key, never the key, since a data source's values are stored in the
// state.
type vifPeerDataModel struct {
	vifPeerModel
	BGPMD5Set     types.Bool `tfsdk:"bgp_md5_set"`
	RemoteEPGroup types.Set  `tfsdk:"remote_ep_group"`
}

// vifPeerEphemeralModel is a peer as the ephemeral resource returns it: the
// data sources' view and the key, which no state or plan holds.
type vifPeerEphemeralModel struct {
	vifPeerDataModel
	BGPMD5 types.String `tfsdk:"bgp_md5"`
}
