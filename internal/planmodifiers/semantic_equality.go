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

// SetUseStateWhenSemanticallyEqual plans the prior state's set when every
// configured element is semantically equal to a distinct prior element, so
// that a set of strings written in another case or form plans no change.
func SetUseStateWhenSemanticallyEqual() planmodifier.Set {
	return setSemanticEquality{"Keeps the prior set when the configuration writes the same elements another way."}
}

type setSemanticEquality struct{ description }

func (m setSemanticEquality) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if !bothKnown(req.StateValue, req.PlanValue) || req.PlanValue.Equal(req.StateValue) {
		return
	}
	equal, diags := setsSemanticallyEqual(ctx, req.StateValue, req.PlanValue)
	resp.Diagnostics.Append(diags...)
	if equal {
		resp.PlanValue = req.StateValue
	}
}

// setsSemanticallyEqual reports whether every planned element is
// semantically equal to a distinct prior element.
func setsSemanticallyEqual(ctx context.Context, prior, planned basetypes.SetValue) (bool, diag.Diagnostics) {
	plannedElements, priorElements := planned.Elements(), prior.Elements()
	if len(plannedElements) != len(priorElements) {
		return false, nil
	}
	matched := make([]bool, len(priorElements))
	for _, p := range plannedElements {
		found := false
		for i, s := range priorElements {
			if matched[i] {
				continue
			}
			equal, diags := semanticallyEqual(ctx, s, p)
			if diags.HasError() {
				return false, diags
			}
			if equal {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			return false, nil
		}
	}
	return true, nil
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
