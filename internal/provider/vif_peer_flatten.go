package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
)

// expandCreateRequest builds a create from the plan, and the write-only
// MD5 key from the configuration.
func expandCreateRequest(ctx context.Context, plan vifPeerResourceModel, md5WriteOnly types.String) (dcaas.CreateVifPeerRequest, diag.Diagnostics) {
	remote, diags := expandPrefixSet(ctx, plan.RemoteEPGroup)
	req := dcaas.CreateVifPeerRequest{
		Name:            plan.Name.ValueString(),
		Description:     plan.Description.ValueString(),
		AddressFamily:   netaddr.NormalizeAddressFamily(plan.AddressFamily.ValueString()),
		LocalGatewayIP:  plan.LocalGatewayIP.ValueString(),
		RemoteGatewayIP: plan.RemoteGatewayIP.ValueString(),
		RouteMode:       plan.RouteMode.ValueString(),
		RemoteEPGroup:   remote,
		VifID:           plan.VifID.ValueString(),
	}
	if !plan.BGPASN.IsNull() {
		asn := uint32(plan.BGPASN.ValueInt64()) //nolint:gosec // the schema allows only 1..4294967295
		req.BGPASN = &asn
	}
	switch {
	case !plan.BGPMD5.IsNull():
		req.BGPMD5 = plan.BGPMD5.ValueStringPointer()
	case !md5WriteOnly.IsNull() && !md5WriteOnly.IsUnknown():
		req.BGPMD5 = md5WriteOnly.ValueStringPointer()
	}
	return req, diags
}

// expandUpdateRequest puts into the request only the fields whose planned
// value differs from the state, and says whether there is anything to send.
func expandUpdateRequest(ctx context.Context, plan, state vifPeerResourceModel) (dcaas.UpdateVifPeerRequest, bool, diag.Diagnostics) {
	var req dcaas.UpdateVifPeerRequest
	var diags diag.Diagnostics
	if !plan.Name.Equal(state.Name) {
		req.Name = plan.Name.ValueStringPointer()
	}
	if !plan.Description.Equal(state.Description) {
		req.Description = plan.Description.ValueStringPointer()
	}
	if !plan.RemoteEPGroup.Equal(state.RemoteEPGroup) {
		planned, d := expandPrefixSet(ctx, plan.RemoteEPGroup)
		diags.Append(d...)
		req.RemoteEPGroup = &planned
	}
	changed := req.Name != nil || req.Description != nil || req.RemoteEPGroup != nil
	return req, changed, diags
}

// expandPrefixSet returns the set's prefixes; null and empty both give an
// empty, non-nil slice, which the API takes as "no entries".
func expandPrefixSet(ctx context.Context, set types.Set) ([]string, diag.Diagnostics) {
	out := []string{}
	if set.IsNull() || set.IsUnknown() {
		return out, nil
	}
	var prefixes []customtypes.IPPrefix
	diags := set.ElementsAs(ctx, &prefixes, false)
	for _, p := range prefixes {
		out = append(out, p.ValueString())
	}
	return out, diags
}

// flattenVifPeer copies the API's view of a peer into the model as the API
// spells it. Where that differs from the configuration but means the same
// (letter case, IPv6 forms, order of subnets), the schema's types say so and
// the framework keeps the configured spelling.
func flattenVifPeer(ctx context.Context, peer *dcaas.VifPeer, m *vifPeerResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(peer.ID)
	if peer.VifID != "" {
		m.VifID = types.StringValue(peer.VifID)
	}
	m.TenantID = types.StringValue(peer.TenantID)
	m.Name = types.StringValue(peer.Name)
	m.Description = types.StringValue(peer.Description)
	m.AddressFamily = customtypes.NewCaseInsensitiveStringValue(peer.AddressFamily)
	m.LocalGatewayIP = customtypes.NewIPPrefixValue(peer.LocalGatewayIP)
	m.RemoteGatewayIP = customtypes.NewIPPrefixValue(peer.RemoteGatewayIP)
	m.RouteMode = types.StringValue(dcaas.RouteModeOrDefault(peer.RouteMode))
	if peer.BGPASN != nil {
		m.BGPASN = types.Int64Value(int64(*peer.BGPASN))
	} else {
		m.BGPASN = types.Int64Null()
	}
	// With a write-only key the API's echo of it must stay out of state.
	if m.BGPMD5WOVersion.IsNull() {
		m.BGPMD5 = types.StringPointerValue(peer.BGPMD5)
	}
	m.BGPMD5WO = types.StringNull()
	m.DeviceID = types.StringValue(peer.DeviceID)
	m.BGPRouteLimit = types.Int64Value(peer.BGPRouteLimit)
	m.BGPStatus = types.StringPointerValue(peer.BGPStatus)
	m.Status = types.StringValue(peer.Status)
	m.ReceiveRouteNum = types.Int64Value(peer.ReceiveRouteNum)
	m.EnableBFD = types.BoolValue(peer.EnableBFD)
	m.EnableNQA = types.BoolValue(peer.EnableNQA)

	var d diag.Diagnostics
	// Never null, so that null and [] from the API read the same.
	m.RemoteEPGroup, d = prefixSetOf(peer.RemoteEPGroup)
	diags.Append(d...)
	m.ServiceEPGroup, d = stringSetOf(ctx, peer.ServiceEPGroup)
	diags.Append(d...)
	return diags
}

// prefixSetOf is the set of the API's prefixes, built directly: each
// refresh makes one, and the framework's SetValueFrom gets there by
// reflection.
func prefixSetOf(items []string) (types.Set, diag.Diagnostics) {
	elements := make([]attr.Value, len(items))
	for i, item := range items {
		elements[i] = customtypes.NewIPPrefixValue(item)
	}
	return types.SetValue(customtypes.IPPrefixType{}, elements)
}
