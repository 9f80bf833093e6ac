package planmodifiers

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// An update plans every computed attribute unknown. Some server-set values
// are fixed by another attribute, such as the BGP figures of a peer with
// static routing: while that attribute keeps its value, the update cannot
// change them, and these modifiers plan the state's value instead.

// StringUseStateWhile plans the prior state's value, in place of unknown, on
// an update that keeps the string attribute at other at value.
func StringUseStateWhile(other path.Path, value string) planmodifier.String {
	return useStateWhile{other: other, value: value}
}

// Int64UseStateWhile is StringUseStateWhile for integers.
func Int64UseStateWhile(other path.Path, value string) planmodifier.Int64 {
	return useStateWhile{other: other, value: value}
}

type useStateWhile struct {
	other path.Path
	value string
}

func (m useStateWhile) Description(context.Context) string {
	return "Keeps the value in state while " + m.other.String() + " stays " + m.value + "."
}

func (m useStateWhile) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m useStateWhile) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if m.keeps(ctx, req.PlanValue, req.Plan, req.State, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

func (m useStateWhile) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if m.keeps(ctx, req.PlanValue, req.Plan, req.State, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

// keeps reports whether an update plans planned unknown although the
// attribute at other is value both in the state and in the plan.
func (m useStateWhile) keeps(ctx context.Context, planned attr.Value, plan tfsdk.Plan, state tfsdk.State, diags *diag.Diagnostics) bool {
	if !planned.IsUnknown() || state.Raw.IsNull() || plan.Raw.IsNull() {
		return false
	}
	var prior, next types.String
	diags.Append(state.GetAttribute(ctx, m.other, &prior)...)
	diags.Append(plan.GetAttribute(ctx, m.other, &next)...)
	if diags.HasError() {
		return false
	}
	return prior.Equal(types.StringValue(m.value)) && next.Equal(types.StringValue(m.value))
}
