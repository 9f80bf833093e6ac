package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// replacementKey names the plan's private data in which the attribute plan
// modifiers note the attributes that force a replacement: the framework
// tells ModifyPlan nothing of them.
const replacementKey = "replacement_forced_by"

// ModifyPlan fails a plan that replaces a peer the service cannot replace:
// the last peer of its interface can neither be deleted (DC.1302) nor get a
// successor beside it (one peer per family, DC.1301). Failing here keeps the
// peer, where an apply would have lost it half-way.
func (r *vifPeerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	forcedBy, diags := replacementsNoted(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if len(forcedBy) == 0 || diags.HasError() {
		return
	}
	// The note served this plan only; it must not reach the state.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacementKey, nil)...)
	if r.client == nil {
		return // the provider's settings are unknown until apply
	}
	var vifID, peerID types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("vif_id"), &vifID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &peerID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	vif, err := r.client.GetVirtualInterface(ctx, vifID.ValueString())
	if dcaas.IsNotFound(err) {
		return // nothing left to delete; the create reports what it finds
	}
	if err != nil {
		resp.Diagnostics.AddError("Error checking whether the VIF peer can be replaced", describeAPIError(err,
			fmt.Sprintf("Reading virtual interface %s, to see whether VIF peer %s can be replaced, failed.", vifID.ValueString(), peerID.ValueString())))
		return
	}
	r.checkSuccessorHasRoom(ctx, req, vif, peerID.ValueString(), &resp.Diagnostics)
	if otherPeersRemaining(vif, peerID.ValueString()) > 0 {
		return
	}
	for _, attribute := range forcedBy {
		resp.Diagnostics.AddAttributeError(path.Root(attribute), "VIF peer cannot be replaced: it is the last peer of its virtual interface",
			fmt.Sprintf("Changing %s replaces VIF peer %s. It is the only peer of virtual interface %s, and the service can neither delete "+
				"the last peer of an interface (%s) nor hold a new peer of the same address family beside it (%s), so the replacement would fail half-way. "+
				"To go on, first add a peer of the other address family to the interface (the replacement can then delete this one), "+
				"or keep %s as it is.",
				attribute, peerID.ValueString(), vifID.ValueString(), dcaas.CodeLastPeer, dcaas.CodeAddressFamilyTaken, attribute))
	}
}

// checkSuccessorHasRoom fails a replacement that moves the peer to an
// address family, or an interface, where another peer already holds the
// family: the old peer would be deleted, then its successor refused.
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
		if target, err = r.client.GetVirtualInterface(ctx, vifID.ValueString()); err != nil {
			return // the create reports a missing interface with the API's words
		}
	}
	if p, taken := target.PeerOfFamily(family.ValueString()); taken && p.ID != peerID {
		diags.AddAttributeError(path.Root(attribute), "VIF peer cannot be replaced: its address family is taken",
			fmt.Sprintf("This change replaces VIF peer %s with an %s peer on virtual interface %s, which already has one: %s (name %q, status %s). "+
				"The interface holds one peer per address family (%s), so the old peer would be deleted and its successor refused. "+
				"Delete or import %s first, or choose another address family or interface.",
				peerID, strings.ToLower(family.ValueString()), target.ID, p.ID, p.Name, p.Status, dcaas.CodeAddressFamilyTaken, p.ID))
	}
}

// otherPeersRemaining counts the peers of vif, other than peerID, that will
// still be there once deletes under way have ended.
func otherPeersRemaining(vif *dcaas.VirtualInterface, peerID string) int {
	n := 0
	for _, p := range vif.VifPeers {
		if p.ID != peerID && p.Status != dcaas.StatusPendingDelete {
			n++
		}
	}
	return n
}

// replacementsNoted returns the attributes noted, sorted: the framework runs
// the plan modifiers in map order, and the errors should not vary with it.
func replacementsNoted(ctx context.Context, private privateData) ([]string, diag.Diagnostics) {
	raw, diags := private.GetKey(ctx, replacementKey)
	var forcedBy []string
	if len(raw) > 0 && !diags.HasError() {
		if err := json.Unmarshal(raw, &forcedBy); err != nil {
			diags.AddError("Invalid private plan data", "This is a bug in the provider; please report it: "+err.Error())
		}
	}
	slices.Sort(forcedBy)
	return forcedBy, diags
}

// privateData is the part of the framework's private state that plan
// modifiers and ModifyPlan share.
type privateData interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// noteReplacement adds attribute to the plan's list of attributes that force
// a replacement.
func noteReplacement(ctx context.Context, private privateData, attribute path.Path) diag.Diagnostics {
	forcedBy, diags := replacementsNoted(ctx, private)
	if diags.HasError() {
		return diags
	}
	raw, err := json.Marshal(append(forcedBy, attribute.String()))
	if err != nil {
		diags.AddError("Cannot note a replacement", "This is a bug in the provider; please report it: "+err.Error())
		return diags
	}
	return append(diags, private.SetKey(ctx, replacementKey, raw)...)
}

// replacementNotedString and replacementNotedInt64 wrap a plan modifier that
// may force a replacement, and note it when it does.
type replacementNotedString struct{ planmodifier.String }

func (m replacementNotedString) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	m.String.PlanModifyString(ctx, req, resp)
	if resp.RequiresReplace {
		resp.Diagnostics.Append(noteReplacement(ctx, resp.Private, req.Path)...)
	}
}

type replacementNotedInt64 struct{ planmodifier.Int64 }

func (m replacementNotedInt64) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	m.Int64.PlanModifyInt64(ctx, req, resp)
	if resp.RequiresReplace {
		resp.Diagnostics.Append(noteReplacement(ctx, resp.Private, req.Path)...)
	}
}
