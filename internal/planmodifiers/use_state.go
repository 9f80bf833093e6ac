package planmodifiers

// The plan modifiers in this file plan the state's value where the framework
// would plan unknown or a new spelling: when only the spelling of a value
// differs, and while another attribute keeps the value that fixes this one.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Before any plan modifier runs, the framework compares the configuration
// with the state value by value, and on any difference plans every computed
// attribute as unknown. A difference of spelling alone, which the
// UseStateWhenSemanticallyEqual modifiers then plan away, would still leave
// those unknowns and so an update.
// These modifiers give a server-set attribute its state value back when
// every attribute the configuration sets plans the same value as the state,
// or a semantically equal one.

// StringUseStateWhenOnlySpellingDiffers is that modifier for strings.
func StringUseStateWhenOnlySpellingDiffers() planmodifier.String {
	return onlySpellingDiffers{onlySpellingDiffersDescription}
}

// Int64UseStateWhenOnlySpellingDiffers is that modifier for integers.
func Int64UseStateWhenOnlySpellingDiffers() planmodifier.Int64 {
	return onlySpellingDiffers{onlySpellingDiffersDescription}
}

const onlySpellingDiffersDescription = "Keeps the value in state when the configuration differs from the state only in spelling."

type onlySpellingDiffers struct{ description }

func (onlySpellingDiffers) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if useState(ctx, req.PlanValue, req.Config, req.Plan, req.State, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

func (onlySpellingDiffers) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if useState(ctx, req.PlanValue, req.Config, req.Plan, req.State, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

// useState reports whether a server-set value planned unknown on an update
// can keep its state value, as nothing but spelling differs.
func useState(ctx context.Context, planned attr.Value, config tfsdk.Config, plan tfsdk.Plan, state tfsdk.State, diags *diag.Diagnostics) bool {
	if !planned.IsUnknown() || state.Raw.IsNull() {
		return false
	}
	unchanged, d := configuredValuesUnchanged(ctx, config, plan, state)
	diags.Append(d...)
	return unchanged
}

// configuredValuesUnchanged reports whether every top-level attribute that
// the configuration can set plans the state's value or a semantically equal
// one. An optional and computed attribute left out of the configuration is
// skipped while unknown: its own plan modifiers decide it. Values are
// compared as Terraform sent them first, and converted to the schema's
// types only where they differ: the conversions of every attribute, for
// each modifier of each plan, cost more than the rest of the plan.
func configuredValuesUnchanged(ctx context.Context, config tfsdk.Config, plan tfsdk.Plan, state tfsdk.State) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	var configured, planned, prior map[string]tftypes.Value
	for _, raw := range []struct {
		value  tftypes.Value
		target *map[string]tftypes.Value
	}{{config.Raw, &configured}, {plan.Raw, &planned}, {state.Raw, &prior}} {
		if err := raw.value.As(raw.target); err != nil {
			diags.AddError("Plan modification error", "This is a bug in the provider; please report it: "+err.Error())
			return false, diags
		}
	}
	for name, attribute := range plan.Schema.GetAttributes() {
		if attribute.IsWriteOnly() || (attribute.IsComputed() && !attribute.IsOptional()) {
			continue
		}
		if !planned[name].IsKnown() && configured[name].IsNull() {
			continue
		}
		if planned[name].Equal(prior[name]) {
			continue
		}
		typ := attribute.GetType()
		plannedValue, err := typ.ValueFromTerraform(ctx, planned[name])
		if err != nil {
			diags.AddAttributeError(path.Root(name), "Plan modification error", "This is a bug in the provider; please report it: "+err.Error())
			return false, diags
		}
		priorValue, err := typ.ValueFromTerraform(ctx, prior[name])
		if err != nil {
			diags.AddAttributeError(path.Root(name), "Plan modification error", "This is a bug in the provider; please report it: "+err.Error())
			return false, diags
		}
		equal, d := valuesSemanticallyEqual(ctx, priorValue, plannedValue)
		diags.Append(d...)
		if !equal {
			return false, diags
		}
	}
	return true, diags
}

func valuesSemanticallyEqual(ctx context.Context, prior, planned attr.Value) (bool, diag.Diagnostics) {
	if prior.Equal(planned) {
		return true, nil
	}
	if !bothKnown(prior, planned) {
		return false, nil
	}
	plannedList, plannedIsList := planned.(basetypes.ListValuableWithSemanticEquals)
	priorList, priorIsList := prior.(basetypes.ListValuable)
	if plannedIsList && priorIsList {
		return plannedList.ListSemanticEquals(ctx, priorList)
	}
	return semanticallyEqual(ctx, prior, planned)
}

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
