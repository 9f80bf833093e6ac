package vifpeer

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// A peer's plan carries two notes in its private data, from where they are
// known to where they are needed, since the framework hands on nothing else:
//   - replacementKey: the attributes that force a replacement. Their plan
//     modifiers know it, and note it; ModifyPlan, which runs after them, is
//     told only that the plan replaces the peer, not why, and reads it.
//   - destroyMarkKey: that the plan destroys the peer. ModifyPlan knows it;
//     Delete is not told, but Terraform hands it the private data of the
//     plan it belongs to: a destroy's, or for the delete half of a
//     replacement the create's. So the mark tells Delete which it carries
//     out.
//
// Each note serves one plan: whoever reads it removes it from what goes on
// to the state, where a later plan would find it.
const (
	replacementKey = "replacement_forced_by"
	destroyMarkKey = "planned_destroy"
)

// privateData is the part of the framework's private state that plan
// modifiers, ModifyPlan and Delete share.
type privateData interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// takeDestroyMark tells whether the plan being applied is a destroy, and
// removes the mark.
func takeDestroyMark(ctx context.Context, planned, response privateData, diags *diag.Diagnostics) bool {
	mark, d := planned.GetKey(ctx, destroyMarkKey)
	diags.Append(d...)
	diags.Append(response.SetKey(ctx, destroyMarkKey, nil)...)
	return len(mark) > 0
}

// takeReplacementsNoted returns the attributes noted as forcing the
// replacement, and removes the note.
func takeReplacementsNoted(ctx context.Context, planned, response privateData, diags *diag.Diagnostics) []string {
	forcedBy, d := replacementsNoted(ctx, planned)
	diags.Append(d...)
	if len(forcedBy) > 0 {
		diags.Append(response.SetKey(ctx, replacementKey, nil)...)
	}
	return forcedBy
}

// replacementsNoted returns the attributes noted, sorted: the framework runs
// the plan modifiers in map order, and the errors should not vary with it.
func replacementsNoted(ctx context.Context, private privateData) ([]string, diag.Diagnostics) {
	raw, diags := private.GetKey(ctx, replacementKey)
	var forcedBy []string
	if len(raw) > 0 && !diags.HasError() {
		if err := json.Unmarshal(raw, &forcedBy); err != nil {
			diags.Append(shared.ProviderBugError("Invalid private plan data", err.Error()))
		}
	}
	slices.Sort(forcedBy)
	return forcedBy, diags
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
		diags.Append(shared.ProviderBugError("Cannot note a replacement", err.Error()))
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
