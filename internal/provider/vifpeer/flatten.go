package vifpeer

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
	remote, diags := expandPrefixes(ctx, plan.RemoteEPGroup)
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
	sameSubnets, d := plan.RemoteEPGroup.ListSemanticEquals(ctx, state.RemoteEPGroup)
	diags.Append(d...)
	if !sameSubnets {
		planned, d := expandPrefixes(ctx, plan.RemoteEPGroup)
		diags.Append(d...)
		req.RemoteEPGroup = &planned
	}
	changed := req.Name != nil || req.Description != nil || req.RemoteEPGroup != nil
	return req, changed, diags
}

// expandPrefixes returns the list's prefixes; null and empty both give an
// empty, non-nil slice, which the API takes as "no entries".
func expandPrefixes(ctx context.Context, list customtypes.IPPrefixList) ([]string, diag.Diagnostics) {
	out := []string{}
	if list.IsNull() || list.IsUnknown() {
		return out, nil
	}
	var prefixes []customtypes.IPPrefix
	diags := list.ElementsAs(ctx, &prefixes, false)
	for _, p := range prefixes {
		out = append(out, p.ValueString())
	}
	return out, diags
}

// flattenVifPeer copies the API's view of a peer into m as the API spells
// it: the one flattener of a peer. Where that differs from the
// configuration but means the same (letter case, IPv6 forms, order of
// subnets), the resource's schema types say so and the framework keeps the
// configured spelling. An answer without vif_id keeps the one in m. Each
// view adds remote_ep_group in its own type.
func flattenVifPeer(peer *dcaas.VifPeer, m *vifPeerModel) diag.Diagnostics {
	serviceEPGroup, diags := setOf(types.StringType, peer.ServiceEPGroup, func(s string) attr.Value { return types.StringValue(s) })
	bgpASN := customtypes.NewASNNull()
	if peer.BGPASN != nil {
		bgpASN = customtypes.NewASNValue(int64(*peer.BGPASN))
	}
	vifID := m.VifID
	if peer.VifID != "" {
		vifID = types.StringValue(peer.VifID)
	}
	*m = vifPeerModel{
		AddressFamily:   customtypes.NewCaseInsensitiveStringValue(peer.AddressFamily),
		BGPASN:          bgpASN,
		BGPRouteLimit:   types.Int64Value(peer.BGPRouteLimit),
		BGPStatus:       types.StringPointerValue(peer.BGPStatus),
		Description:     types.StringValue(peer.Description),
		DeviceID:        types.StringValue(peer.DeviceID),
		EnableBFD:       types.BoolValue(peer.EnableBFD),
		EnableNQA:       types.BoolValue(peer.EnableNQA),
		ID:              types.StringValue(peer.ID),
		LocalGatewayIP:  customtypes.NewIPPrefixValue(peer.LocalGatewayIP),
		Name:            types.StringValue(peer.Name),
		ReceiveRouteNum: types.Int64Value(peer.ReceiveRouteNum),
		RemoteGatewayIP: customtypes.NewIPPrefixValue(peer.RemoteGatewayIP),
		RouteMode:       types.StringValue(dcaas.RouteModeOrDefault(peer.RouteMode)),
		ServiceEPGroup:  serviceEPGroup,
		Status:          types.StringValue(peer.Status),
		TenantID:        types.StringValue(peer.TenantID),
		VifID:           vifID,
	}
	return diags
}

// flattenVifPeerResource is flattenVifPeer with the resource's subnets and
// MD5 key.
func flattenVifPeerResource(peer *dcaas.VifPeer, m *vifPeerResourceModel) diag.Diagnostics {
	diags := flattenVifPeerWithSubnets(peer, m)
	// With a write-only key the API's echo of it must stay out of state.
	if m.BGPMD5WOVersion.IsNull() {
		m.BGPMD5 = types.StringPointerValue(peer.BGPMD5)
	}
	m.BGPMD5WO = types.StringNull()
	return diags
}

// flattenVifPeerWithSubnets is flattenVifPeer with the resource's subnets:
// what every view of the resource (a read, a list result) holds.
func flattenVifPeerWithSubnets(peer *dcaas.VifPeer, m *vifPeerResourceModel) diag.Diagnostics {
	diags := flattenVifPeer(peer, &m.vifPeerModel)
	m.RemoteEPGroup = customtypes.NewIPPrefixListValue(distinct(peer.RemoteEPGroup))
	return diags
}

// flattenVifPeerData is flattenVifPeer with the data sources' set of
// subnets and what they tell of the key: whether there is one.
func flattenVifPeerData(peer *dcaas.VifPeer) (vifPeerDataModel, diag.Diagnostics) {
	var m vifPeerDataModel
	diags := flattenVifPeer(peer, &m.vifPeerModel)
	remoteEPGroup, d := setOf(types.StringType, peer.RemoteEPGroup, func(s string) attr.Value { return types.StringValue(s) })
	diags.Append(d...)
	m.RemoteEPGroup = remoteEPGroup
	m.BGPMD5Set = types.BoolValue(hasMD5Key(peer))
	return m, diags
}

// hasMD5Key says whether the API holds a key for the peer; an empty string
// authenticates nothing, so it is no key.
func hasMD5Key(peer *dcaas.VifPeer) bool {
	return peer.BGPMD5 != nil && *peer.BGPMD5 != ""
}

// setOf is the set of the distinct items, each made a value by value. It is
// never null, so that null and [] from the API read the same, and an item
// the API repeats is one element. It builds the set directly: each refresh
// makes some, and the framework's SetValueFrom gets there by reflection.
func setOf(elementType attr.Type, items []string, value func(string) attr.Value) (types.Set, diag.Diagnostics) {
	items = distinct(items)
	elements := make([]attr.Value, len(items))
	for i, item := range items {
		elements[i] = value(item)
	}
	return types.SetValue(elementType, elements)
}

// distinct is items without the repeats of an item written alike, in the
// order of their first appearance; never nil, so that null and [] from the
// API read the same.
func distinct(items []string) []string {
	out := make([]string, 0, len(items))
	seen := make(map[string]bool, len(items))
	for _, item := range items {
		if !seen[item] {
			seen[item] = true
			out = append(out, item)
		}
	}
	return out
}
