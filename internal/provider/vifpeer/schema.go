package vifpeer

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/planmodifiers"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

// maxASN is the largest 4-byte AS number.
const maxASN = 4294967295

// vifPeerSchemaV1 is the schema of dcaas_vif_peer, built by a function so
// that a later version has a place beside it. Version 0 held
// remote_ep_group as a set; upgrade.go reads its state.
func vifPeerSchemaV1(ctx context.Context) schema.Schema {
	return schema.Schema{
		Version:             1,
		MarkdownDescription: "A virtual interface peer: the IPv4 or IPv6 side of a DCaaS virtual interface, with the gateway addresses of both ends, static or BGP routing, and the on-premises subnets reached through it. A virtual interface holds at most one peer per address family.",
		Attributes: map[string]schema.Attribute{
			"address_family": schema.StringAttribute{
				MarkdownDescription: "Address family of the peer: `ipv4` or `ipv6`, in any letter case (the vendor writes `IPv4`/`IPv6`; the API answers in lower case, and a difference of case alone is no change). Decides the family of the gateway addresses and of `remote_ep_group`. Changing it replaces the peer.",
				Required:            true,
				CustomType:          customtypes.CaseInsensitiveStringType{},
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive("ipv4", "ipv6")},
				PlanModifiers: []planmodifier.String{
					planmodifiers.StringUseStateWhenSemanticallyEqual(customtypes.CaseInsensitiveStringType{}),
					replacementNotedString{stringplanmodifier.RequiresReplace()},
				},
			},
			"bgp_asn": schema.Int64Attribute{
				MarkdownDescription: "Autonomous system number of the on-premises BGP router, `1` to `4294967295` (4-byte ASNs included). Required when `route_mode` is `bgp`; not allowed with `static`. Changing it replaces the peer.",
				Optional:            true,
				CustomType:          customtypes.ASNType{},
				Validators:          []validator.Int64{int64validator.Between(1, maxASN)},
				PlanModifiers:       []planmodifier.Int64{replacementNotedInt64{int64planmodifier.RequiresReplace()}},
			},
			"bgp_md5": schema.StringAttribute{
				MarkdownDescription: "MD5 password of the BGP session, not empty. Only with `route_mode = \"bgp\"`. Sensitive: never shown in plans or logs, but stored in the state, as the API returns it. Changing it replaces the peer. Removing it from the configuration changes nothing: the peer keeps its key, which the state goes on showing (unless `bgp_md5_wo` takes over).",
				Optional:            true,
				Computed:            true,
				Sensitive:           true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{
					bgpMD5KeepWhenUnset(),
					replacementNotedString{stringplanmodifier.RequiresReplaceIf(requiresReplaceWhenMD5Set,
						"Setting bgp_md5 to another key replaces the peer; removing it does not.",
						"Setting `bgp_md5` to another key replaces the peer; removing it does not.")},
				},
			},
			"bgp_md5_wo": schema.StringAttribute{
				MarkdownDescription: "MD5 password of the BGP session, write-only: sent to the API at create but never stored in the state or plan, nor shown in plan output. Needs Terraform or OpenTofu 1.11 or later, and `bgp_md5_wo_version`. Use it instead of `bgp_md5`, not with it; only with `route_mode = \"bgp\"`.",
				Optional:            true,
				// Not Sensitive as well: the value never reaches plan or state
				// anyway, and a second sensitive attribute makes Terraform 1.8
				// to 1.11 report drift on refreshes that changed nothing (see
				// TestAccCLI_refreshOnlyExitCodeOfUnchangedResources).
				WriteOnly: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("bgp_md5")),
					stringvalidator.AlsoRequires(path.MatchRoot("bgp_md5_wo_version")),
				},
			},
			"bgp_md5_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Version of `bgp_md5_wo`. Terraform cannot see a write-only value change, so change this number to apply a new key; that replaces the peer, as the API cannot change a key in place. Setting it for the first time, to move from `bgp_md5` to `bgp_md5_wo` with the same key, changes nothing on the peer.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("bgp_md5_wo"))},
				PlanModifiers: []planmodifier.Int64{
					replacementNotedInt64{int64planmodifier.RequiresReplaceIf(requiresReplaceUnlessSameKeyMovesToWriteOnly,
						"Changing bgp_md5_wo_version replaces the peer, unless it is set first to carry the same key as bgp_md5 had.",
						"Changing `bgp_md5_wo_version` replaces the peer, unless it is set first to carry the same key as `bgp_md5` had.")},
				},
			},
			"bgp_route_limit": schema.Int64Attribute{
				MarkdownDescription: "Most BGP routes the cloud side accepts from the on-premises router; set by the service.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"bgp_status": schema.StringAttribute{
				MarkdownDescription: describeBGPStatus,
				Computed:            true,
				PlanModifiers: []planmodifier.String{
					planmodifiers.StringUseStateWhenOnlySpellingDiffers(),
					// Static routing has no BGP session to report on (CONTRACT.md).
					planmodifiers.StringUseStateWhile(path.Root("route_mode"), dcaas.RouteModeStatic),
				},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Free text about the peer, up to 128 characters (Unicode characters, not bytes). Defaults to `\"\"`. Updated in place.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(0, 128)},
			},
			"device_id": schema.StringAttribute{
				MarkdownDescription: describeDeviceID,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"enable_bfd": schema.BoolAttribute{
				MarkdownDescription: describeEnableBFD,
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"enable_nqa": schema.BoolAttribute{
				MarkdownDescription: describeEnableNQA,
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: describePeerID,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"local_gateway_ip": gatewayAttribute("Gateway address on the cloud side, as host address with prefix length, such as `5.5.5.1/30` or `fd00::1/64`. Must be of `address_family` (not an IPv4-mapped IPv6 address such as `::ffff:5.5.5.1/126`), a host (not the network or broadcast address, except on `/31` and `/127` links) and in the same subnet as `remote_gateway_ip`. Compared by value: `FD00:0:0:0:0:0:0:1/64` and `fd00::1/64` are the same. Changing it replaces the peer."),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the peer, up to 64 characters (Unicode characters, not bytes). Updated in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(0, 64)},
			},
			"receive_route_num": schema.Int64Attribute{
				MarkdownDescription: describeReceiveRouteNum,
				Computed:            true,
				PlanModifiers: []planmodifier.Int64{
					planmodifiers.Int64UseStateWhenOnlySpellingDiffers(),
					// -1 for every peer with static routing (CONTRACT.md).
					planmodifiers.Int64UseStateWhile(path.Root("route_mode"), dcaas.RouteModeStatic),
				},
			},
			"remote_ep_group": schema.ListAttribute{
				MarkdownDescription: "On-premises subnets reached through this peer, in CIDR notation of `address_family` (such as `10.0.0.0/24`), each subnet once: a duplicate, however written, is an error. Order carries no meaning, and entries are compared by value (`FD00:1::/48` is `fd00:1::/48`), so neither a reordering nor another spelling plans a change. Defaults to no subnets, so leaving it out and `[]` are the same. Updated in place.",
				CustomType:          customtypes.NewIPPrefixListType(),
				ElementType:         customtypes.IPPrefixType{},
				Optional:            true,
				Computed:            true,
				Default:             listdefault.StaticValue(types.ListValueMust(customtypes.IPPrefixType{}, []attr.Value{})),
				Validators: []validator.List{
					validators.NoNullEntries("is a subnet in CIDR notation, such as 10.0.0.0/24"),
					listvalidator.ValueStringsAre(validators.NetworkCIDR()),
					validators.DistinctPrefixes(),
				},
				PlanModifiers: []planmodifier.List{planmodifiers.ListUseStateWhenSemanticallyEqual(customtypes.NewIPPrefixListType())},
			},
			"remote_gateway_ip": gatewayAttribute("Gateway address on the on-premises side, in the same form and subnet as `local_gateway_ip` and a different host, such as `5.5.5.2/30`. Compared by value, as `local_gateway_ip` is. Changing it replaces the peer."),
			"route_mode": schema.StringAttribute{
				MarkdownDescription: "Routing between the two gateways: `static` (the default) or `bgp`. With `bgp`, `bgp_asn` is required. Changing it replaces the peer.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(dcaas.RouteModeStatic),
				Validators:          []validator.String{stringvalidator.OneOf(dcaas.RouteModeStatic, dcaas.RouteModeBGP)},
				PlanModifiers:       []planmodifier.String{replacementNotedString{stringplanmodifier.RequiresReplace()}},
			},
			"service_ep_group": schema.SetAttribute{
				MarkdownDescription: describeServiceEPGroup + " Set by the service.",
				ElementType:         types.StringType,
				Computed:            true,
				PlanModifiers:       []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: describeStatus,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{planmodifiers.StringUseStateWhenOnlySpellingDiffers()},
			},
			"tenant_id": schema.StringAttribute{
				MarkdownDescription: describeTenantID,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeoutsAttribute(ctx),
			"vif_id": schema.StringAttribute{
				MarkdownDescription: "ID of the virtual interface the peer belongs to: a 36-character UUID in lower case, as the API writes it, such as `86f9556a-fa68-42b7-93c2-dd407408430b`. A plan fails when the API reports no such interface. Changing it replaces the peer.",
				Required:            true,
				Validators: []validator.String{
					validators.UUID(),
				},
				PlanModifiers: []planmodifier.String{replacementNotedString{stringplanmodifier.RequiresReplace()}},
			},
		},
	}
}

// timeoutsAttribute is the timeouts attribute with a description, which
// timeouts.Opts cannot give.
func timeoutsAttribute(ctx context.Context) schema.Attribute {
	attribute := timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}).(schema.SingleNestedAttribute)
	attribute.MarkdownDescription = "How long an apply waits for the service: `create`, `update` and `delete`, each a duration such as `\"30s\"`, `\"20m\"` or `\"1h\"`, and `10m` when not set. " +
		"When the time runs out, the apply fails naming the last status seen, and the peer stays in state (tainted after a create), so nothing is orphaned. " +
		"Kept only in Terraform's state, never sent to the API; changing it updates nothing on the peer."
	return attribute
}

// gatewayAttribute is local_gateway_ip or remote_gateway_ip: a host address
// with prefix length, compared by value, whose change replaces the peer.
func gatewayAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description,
		Required:            true,
		CustomType:          customtypes.IPPrefixType{},
		Validators:          []validator.String{validators.GatewayAddress()},
		PlanModifiers: []planmodifier.String{
			planmodifiers.StringUseStateWhenSemanticallyEqual(customtypes.IPPrefixType{}),
			replacementNotedString{stringplanmodifier.RequiresReplace()},
		},
	}
}
