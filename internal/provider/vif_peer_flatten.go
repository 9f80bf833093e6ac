package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

// expandCreateRequest builds a create from the plan, and the write-only
// MD5 key from the configuration.
func expandCreateRequest(ctx context.Context, plan vifPeerResourceModel, md5WriteOnly types.String) (dcaas.CreateVifPeerRequest, diag.Diagnostics) {
	remote, diags := expandStringList(ctx, plan.RemoteEPGroup)
	req := dcaas.CreateVifPeerRequest{
		Name:            plan.Name.ValueString(),
		Description:     plan.Description.ValueString(),
		AddressFamily:   validators.NormalizeAddressFamily(plan.AddressFamily.ValueString()),
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
	planned, d := expandStringList(ctx, plan.RemoteEPGroup)
	diags.Append(d...)
	current, d := expandStringList(ctx, state.RemoteEPGroup)
	diags.Append(d...)
	if !slices.Equal(planned, current) {
		req.RemoteEPGroup = &planned
	}
	changed := req.Name != nil || req.Description != nil || req.RemoteEPGroup != nil
	return req, changed, diags
}

// expandStringList returns the list's strings; null and empty both give an
// empty, non-nil slice, which the API takes as "no entries".
func expandStringList(ctx context.Context, list types.List) ([]string, diag.Diagnostics) {
	out := []string{}
	if list.IsNull() || list.IsUnknown() {
		return out, nil
	}
	diags := list.ElementsAs(ctx, &out, false)
	return out, diags
}

// flattenVifPeer copies the API's view of a peer into the model. Where the
// API spells a configured value differently but means the same (letter case
// of address_family, an IPv6 address in capitals, null for an empty list,
// the same CIDRs in another order or joined in one string), the model keeps
// the configured spelling so that plans stay empty.
func flattenVifPeer(ctx context.Context, peer *dcaas.VifPeer, m *vifPeerResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(peer.ID)
	if peer.VifID != "" {
		m.VifID = types.StringValue(peer.VifID)
	}
	m.TenantID = types.StringValue(peer.TenantID)
	m.Name = types.StringValue(peer.Name)
	m.Description = types.StringValue(peer.Description)
	m.AddressFamily = keepIfEquivalent(m.AddressFamily, peer.AddressFamily, strings.EqualFold)
	m.LocalGatewayIP = keepIfEquivalent(m.LocalGatewayIP, peer.LocalGatewayIP, validators.SamePrefix)
	m.RemoteGatewayIP = keepIfEquivalent(m.RemoteGatewayIP, peer.RemoteGatewayIP, validators.SamePrefix)
	routeMode := peer.RouteMode
	if routeMode == "" {
		routeMode = "static"
	}
	m.RouteMode = types.StringValue(routeMode)
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
	m.RemoteEPGroup, d = flattenCIDRList(ctx, m.RemoteEPGroup, peer.RemoteEPGroup)
	diags.Append(d...)
	// Never null, so that null and [] from the API read the same.
	m.ServiceEPGroup, d = types.ListValueFrom(ctx, types.StringType, nonNil(peer.ServiceEPGroup))
	diags.Append(d...)
	return diags
}

func keepIfEquivalent(prior types.String, fromAPI string, equivalent func(a, b string) bool) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && equivalent(prior.ValueString(), fromAPI) {
		return prior
	}
	return types.StringValue(fromAPI)
}

// flattenCIDRList returns prior when it holds the same CIDRs as the API's
// list (or both are empty), and the API's list otherwise.
func flattenCIDRList(ctx context.Context, prior types.List, fromAPI []string) (types.List, diag.Diagnostics) {
	if !prior.IsUnknown() {
		priorItems, diags := expandStringList(ctx, prior)
		if diags.HasError() {
			return prior, diags
		}
		if sameCIDRSet(priorItems, fromAPI) {
			return prior, nil
		}
	}
	if len(fromAPI) == 0 {
		return types.ListNull(types.StringType), nil
	}
	return types.ListValueFrom(ctx, types.StringType, fromAPI)
}

func sameCIDRSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	matched := make([]bool, len(b))
	for _, x := range a {
		found := false
		for j, y := range b {
			if !matched[j] && validators.SamePrefix(x, y) {
				matched[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func nonNil(items []string) []string {
	if items == nil {
		return []string{}
	}
	return items
}
