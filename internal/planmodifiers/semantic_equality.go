// Package planmodifiers holds this provider's own attribute plan modifiers.
package planmodifiers

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// The framework applies semantic equality when it stores what Create, Read
// and Update return, but not to plans: after an import the state holds the
// API's spelling, and a configuration that spells the same value otherwise
// would plan a change. These modifiers plan the state's value instead, which
// Terraform accepts as "equivalent to the configuration".

// StringUseStateWhenSemanticallyEqual plans the prior state's value when the
// configured value is semantically equal to it under typ.
func StringUseStateWhenSemanticallyEqual(typ basetypes.StringTypable) planmodifier.String {
	return stringSemanticEquality{"Keeps the prior value when the configuration writes the same value another way.", typ}
}

type stringSemanticEquality struct {
	description
	typ basetypes.StringTypable
}

func (m stringSemanticEquality) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !bothKnown(req.StateValue, req.PlanValue) || req.PlanValue.Equal(req.StateValue) {
		return
	}
	planned, diags := m.typ.ValueFromString(ctx, req.PlanValue)
	resp.Diagnostics.Append(diags...)
	prior, diags := m.typ.ValueFromString(ctx, req.StateValue)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	equal, diags := semanticallyEqual(ctx, prior, planned)
	resp.Diagnostics.Append(diags...)
	if equal {
		resp.PlanValue = req.StateValue
	}
}

// ListUseStateWhenSemanticallyEqual plans the prior state's list when typ
// finds the configured list semantically equal to it, so that a list that
// stands for a set plans no change for another order or spelling.
func ListUseStateWhenSemanticallyEqual(typ basetypes.ListTypable) planmodifier.List {
	return listSemanticEquality{"Keeps the prior list when the configuration writes the same elements another way or in another order.", typ}
}

type listSemanticEquality struct {
	description
	typ basetypes.ListTypable
}

func (m listSemanticEquality) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if !bothKnown(req.StateValue, req.PlanValue) || req.PlanValue.Equal(req.StateValue) {
		return
	}
	planned, diags := m.typ.ValueFromList(ctx, req.PlanValue)
	resp.Diagnostics.Append(diags...)
	prior, diags := m.typ.ValueFromList(ctx, req.StateValue)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	plannedSE, ok := planned.(basetypes.ListValuableWithSemanticEquals)
	if !ok {
		return
	}
	equal, diags := plannedSE.ListSemanticEquals(ctx, prior)
	resp.Diagnostics.Append(diags...)
	if equal {
		resp.PlanValue = req.StateValue
	}
}

// description is a plan modifier's description, the same in plain text and
// in Markdown.
type description string

func (d description) Description(context.Context) string { return string(d) }

func (d description) MarkdownDescription(context.Context) string { return string(d) }

func bothKnown(state, plan attr.Value) bool {
	return !state.IsNull() && !state.IsUnknown() && !plan.IsNull() && !plan.IsUnknown()
}

// semanticallyEqual asks the prior value's type whether planned means the
// same; values of types without semantic equality are equal only when equal.
func semanticallyEqual(ctx context.Context, prior, planned attr.Value) (bool, diag.Diagnostics) {
	if prior.Equal(planned) {
		return true, nil
	}
	priorSE, ok := prior.(basetypes.StringValuableWithSemanticEquals)
	if !ok {
		return false, nil
	}
	plannedSE, ok := planned.(basetypes.StringValuableWithSemanticEquals)
	if !ok || plannedSE.IsNull() || plannedSE.IsUnknown() || priorSE.IsNull() || priorSE.IsUnknown() {
		return false, nil
	}
	return plannedSE.StringSemanticEquals(ctx, priorSE)
}
