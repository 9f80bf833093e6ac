package vifpeer

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// ModifyPlan fails, before anything is destroyed, what the service would
// refuse half-way, and plans the replacement of a failed peer:
//   - a destroy is marked for Delete (destroyMarkKey);
//   - a create, which is also how Terraform plans the new half of every
//     replacement, fails when the API reports its interface missing, or
//     when the interface's only peer, another than this one, holds its
//     family (this one holding it is a warning: see checkFamilyFree);
//   - a replacement fails when the peer is the last of its interface, or
//     its successor's family is taken;
//   - a peer in ERROR is replaced, where the service can do that.
func (r *vifPeerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	switch {
	case req.Plan.Raw.IsNull():
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, destroyMarkKey, []byte("true"))...)
	case req.State.Raw.IsNull():
		r.planKnownAtCreate(ctx, req, resp)
		r.checkFamilyFree(ctx, req, &resp.Diagnostics)
	default:
		planOperationalFields(ctx, req, resp)
		r.checkChange(ctx, req, resp)
	}
}

// operationalFields are the server-set fields that tell how a peer runs,
// and change as the service works on it.
var operationalFields = []string{"status", "bgp_status", "receive_route_num"}

// planKnownAtCreate plans what the provider's settings and the
// configuration decide of a new peer: its tenant is the project, and a
// static peer has no BGP session (bgp_status null, receive_route_num -1,
// CONTRACT.md).
func (r *vifPeerResource) planKnownAtCreate(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client != nil {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("tenant_id"), r.client.ProjectID())...)
	}
	var routeMode types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("route_mode"), &routeMode)...)
	if routeMode.ValueString() == dcaas.RouteModeStatic && isKnown(routeMode) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("bgp_status"), types.StringNull())...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("receive_route_num"), types.Int64Value(-1))...)
	}
}

// planOperationalFields plans the operational fields of a peer that stays.
// A settled peer keeps them as they are, so that a rename changes nothing
// that depends on its status. While the service still works on the peer
// (a Ctrl-C, or lost credentials, cut the last wait short), its status is
// unknown: the apply waits for it to settle (Update), and what depends on
// it sees the outcome. A peer being deleted is replaced: the apply waits
// for the deletion to end, then creates it again.
func planOperationalFields(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var status, routeMode types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("route_mode"), &routeMode)...)
	// A status the state does not hold says nothing of the peer.
	if resp.Diagnostics.HasError() || status.ValueString() == "" {
		return
	}
	switch {
	case status.ValueString() == dcaas.StatusPendingDelete:
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
	case dcaas.InProgress(status.ValueString()):
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
		if routeMode.ValueString() == dcaas.RouteModeBGP {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("bgp_status"), types.StringUnknown())...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("receive_route_num"), types.Int64Unknown())...)
		}
	default:
		for _, name := range operationalFields {
			var planned attr.Value
			resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root(name), &planned)...)
			if planned != nil && planned.IsUnknown() {
				var inState attr.Value
				resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(name), &inState)...)
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), inState)...)
			}
		}
	}
}

// checkFamilyFree fails a create whose address family is held by the only
// peer of the interface. The service keeps that peer (DC.1302) and holds
// no second peer of its family (DC.1301), so the create cannot work,
// whether or not this plan replaces that peer: Terraform plans a tainted
// peer's or a -replace replacement as such a create, without a plan of the
// old peer's delete that the provider could check.
func (r *vifPeerResource) checkFamilyFree(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	var family customtypes.CaseInsensitiveString
	var vifID types.String
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("address_family"), &family)...)
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("vif_id"), &vifID)...)
	if r.client == nil || diags.HasError() || !isKnown(vifID) || family.IsNull() || family.IsUnknown() {
		return
	}
	vif, err := r.client.VirtualInterface(ctx, vifID.ValueString(), dcaas.Recent)
	if dcaas.IsNotFound(err) {
		addInterfaceMissing(vifID.ValueString(), err, diags)
		return
	}
	if err != nil {
		// The create would fail in the same way, after other resources of
		// the apply: better before anything is applied.
		diags.Append(interfaceUnreadableBeforeCreateError(vifID.ValueString(), family.ValueString(), err))
		return
	}
	holder, taken := vif.PeerOfFamily(family.ValueString())
	if !taken || holder.Status == dcaas.StatusPendingDelete || vif.OtherPeersRemaining(holder.ID) > 0 {
		return
	}
	if !r.isThisPeer(ctx, req, holder, diags) {
		diags.Append(onlyPeerHoldsFamilyError(holder))
		return
	}
	// The holder is this resource's own peer: tainted or named in -replace,
	// or kept by the service at a destroy and dropped from the state. Then
	// this may be the normal plan that Terraform runs before a destroy,
	// which a plan-time error would stop, and which the provider cannot
	// tell from a plan to apply. The apply refuses instead, before sending
	// anything: the delete of a replacement, or the create.
	diags.Append(onlyPeerHoldsFamilyAtApplyWarning(holder))
}

// isThisPeer tells whether p, on the planned interface, has the planned
// gateway addresses: the peer this resource makes.
func (r *vifPeerResource) isThisPeer(ctx context.Context, req resource.ModifyPlanRequest, p *dcaas.VifPeer, diags *diag.Diagnostics) bool {
	var local, remote customtypes.IPPrefix
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("local_gateway_ip"), &local)...)
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("remote_gateway_ip"), &remote)...)
	return isKnown(local) && isKnown(remote) &&
		netaddr.SamePrefix(local.ValueString(), p.LocalGatewayIP) && netaddr.SamePrefix(remote.ValueString(), p.RemoteGatewayIP)
}

// checkChange fails a replacement that the service cannot carry out: of
// the last peer of its interface, which can neither be deleted (DC.1302)
// nor get a successor beside it (one peer per family, DC.1301), or onto a
// family that another peer holds. Failing here keeps the peer, where an
// apply would have lost it half-way. A peer in ERROR that is not its
// interface's last is planned for replacement: the service keeps it in
// ERROR until it is deleted.
func (r *vifPeerResource) checkChange(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	forcedBy := takeReplacementsNoted(ctx, req.Private, resp.Private, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var vifID, peerID, status types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("vif_id"), &vifID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &peerID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
	failed := status.ValueString() == dcaas.StatusError
	if r.client == nil || resp.Diagnostics.HasError() || (len(forcedBy) == 0 && !failed) {
		return // without a client, the provider's settings are unknown until apply
	}
	vif, err := r.client.VirtualInterface(ctx, vifID.ValueString(), dcaas.Fresh)
	if dcaas.IsNotFound(err) {
		return // nothing left to delete; the create reports what it finds
	}
	if err != nil {
		resp.Diagnostics.Append(shared.APIError("checking whether the VIF peer can be replaced", err,
			fmt.Sprintf("Reading virtual interface %s, to see whether VIF peer %s can be replaced, failed.", vifID.ValueString(), peerID.ValueString())))
		return
	}
	last := vif.OtherPeersRemaining(peerID.ValueString()) == 0
	switch {
	case len(forcedBy) > 0:
		r.checkSuccessorHasRoom(ctx, req, vif, peerID.ValueString(), &resp.Diagnostics)
		if last {
			addLastPeerErrors(forcedBy, vifID.ValueString(), peerID.ValueString(), &resp.Diagnostics)
		}
	case last:
		resp.Diagnostics.Append(failedLastPeerWarning(vifID.ValueString(), peerID.ValueString()))
	default:
		// A status the plan no longer knows, which forces the replacement.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
	}
}

// addLastPeerErrors fails, on each attribute that forces it, the
// replacement of the last peer of its interface.
func addLastPeerErrors(forcedBy []string, vifID, peerID string, diags *diag.Diagnostics) {
	for _, attribute := range forcedBy {
		diags.Append(lastPeersReplacementError(attribute, vifID, peerID))
	}
}

// checkSuccessorHasRoom fails a replacement that moves the peer to an
// address family, or an interface, where another peer already holds the
// family: the old peer would be deleted, then its successor refused. An
// interface it moves to that cannot be read fails it too.
func (r *vifPeerResource) checkSuccessorHasRoom(ctx context.Context, req resource.ModifyPlanRequest, current *dcaas.VirtualInterface, peerID string, diags *diag.Diagnostics) {
	var family customtypes.CaseInsensitiveString
	var vifID types.String
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("address_family"), &family)...)
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("vif_id"), &vifID)...)
	if diags.HasError() || !isKnown(vifID) || family.IsNull() || family.IsUnknown() {
		return
	}
	target := current
	attribute := "address_family"
	if vifID.ValueString() != current.ID {
		attribute = "vif_id"
		var err error
		target, err = r.client.VirtualInterface(ctx, vifID.ValueString(), dcaas.Fresh)
		if dcaas.IsNotFound(err) {
			addInterfaceMissing(vifID.ValueString(), err, diags)
			return
		}
		if err != nil {
			diags.Append(successorInterfaceUnreadableError(vifID.ValueString(), family.ValueString(), peerID, err))
			return
		}
	}
	if p, taken := target.PeerOfFamily(family.ValueString()); taken && p.ID != peerID {
		diags.Append(successorFamilyTakenError(attribute, peerID, family.ValueString(), target, p))
	}
}

// addInterfaceMissing fails the plan on vif_id, which names an interface
// the API reports missing.
func addInterfaceMissing(vifID string, notFound error, diags *diag.Diagnostics) {
	diags.Append(interfaceMissingError(vifID, notFound))
}
