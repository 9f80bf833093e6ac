package vifpeer

import (
	"context"
	"net/netip"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// ValidateConfig holds the rules that tie attributes together. Each skips
// values that are unknown until apply; the single-attribute rules live in
// the schema.
func (r *vifPeerResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config vifPeerResourceModel
	resp.Diagnostics.Append(shared.GetModel(ctx, req.Config.Raw, req.Config.Schema, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateRouting(config, resp)

	family := ""
	if isKnown(config.AddressFamily) {
		family = netaddr.NormalizeAddressFamily(config.AddressFamily.ValueString())
		if family != "ipv4" && family != "ipv6" {
			family = "" // the schema validator already reports it
		}
	}
	local, localOK := knownGateway(config.LocalGatewayIP)
	remote, remoteOK := knownGateway(config.RemoteGatewayIP)
	if family != "" && localOK {
		checkFamily(resp, path.Root("local_gateway_ip"), local, family)
	}
	if family != "" && remoteOK {
		checkFamily(resp, path.Root("remote_gateway_ip"), remote, family)
	}
	if localOK && remoteOK && (family == "" || netaddr.AddressFamilyOf(local) == family) {
		if err := netaddr.CheckGatewayPair(local, remote); err != nil {
			resp.Diagnostics.Append(gatewaysNotALinkError(err))
		}
	}

	if family == "" || config.RemoteEPGroup.IsNull() || config.RemoteEPGroup.IsUnknown() {
		return
	}
	for i, elem := range config.RemoteEPGroup.Elements() {
		s, ok := elem.(customtypes.IPPrefix)
		if !ok || !isKnown(s) {
			continue
		}
		if cidr, err := netaddr.ParseNetworkCIDR(s.ValueString()); err == nil {
			checkFamily(resp, path.Root("remote_ep_group").AtListIndex(i), cidr, family)
		}
	}
}

func validateRouting(config vifPeerResourceModel, resp *resource.ValidateConfigResponse) {
	if config.RouteMode.IsUnknown() {
		return
	}
	switch dcaas.RouteModeOrDefault(config.RouteMode.ValueString()) {
	case dcaas.RouteModeBGP:
		if config.BGPASN.IsNull() {
			resp.Diagnostics.Append(missingBGPASNError())
		}
	case dcaas.RouteModeStatic:
		if !config.BGPASN.IsNull() {
			resp.Diagnostics.Append(needsBGPError("bgp_asn"))
		}
		for _, key := range []struct {
			name  string
			value types.String
		}{{"bgp_md5", config.BGPMD5}, {"bgp_md5_wo", config.BGPMD5WO}} {
			if !key.value.IsNull() {
				resp.Diagnostics.Append(needsBGPError(key.name))
			}
		}
	}
}

func checkFamily(resp *resource.ValidateConfigResponse, p path.Path, prefix netip.Prefix, family string) {
	if got := netaddr.AddressFamilyOf(prefix); got != family {
		resp.Diagnostics.Append(addressOfWrongFamilyError(p, prefix, got, family))
	}
}

func knownGateway(v customtypes.IPPrefix) (netip.Prefix, bool) {
	if !isKnown(v) {
		return netip.Prefix{}, false
	}
	prefix, err := netaddr.ParseGatewayAddress(v.ValueString())
	return prefix, err == nil
}

func isKnown(v attr.Value) bool {
	return !v.IsNull() && !v.IsUnknown()
}
