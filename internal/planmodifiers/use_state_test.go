package planmodifiers

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestUseStateWhile(t *testing.T) {
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"mode":   schema.StringAttribute{Optional: true},
		"status": schema.StringAttribute{Computed: true},
		"count":  schema.Int64Attribute{Computed: true},
	}}
	typ := s.Type().TerraformType(context.Background())
	object := func(mode any, status any, count any) tftypes.Value {
		return tftypes.NewValue(typ, map[string]tftypes.Value{
			"mode":   tftypes.NewValue(tftypes.String, mode),
			"status": tftypes.NewValue(tftypes.String, status),
			"count":  tftypes.NewValue(tftypes.Number, count),
		})
	}
	prior := func(mode string) tftypes.Value { return object(mode, nil, -1) }
	cases := map[string]struct {
		state, plan tftypes.Value
		wantKnown   bool
	}{
		"update that keeps the mode": {prior("static"), object("static", tftypes.UnknownValue, tftypes.UnknownValue), true},
		"update of another mode":     {prior("bgp"), object("bgp", tftypes.UnknownValue, tftypes.UnknownValue), false},
		"mode changing to it":        {prior("bgp"), object("static", tftypes.UnknownValue, tftypes.UnknownValue), false},
		"mode changing from it":      {prior("static"), object("bgp", tftypes.UnknownValue, tftypes.UnknownValue), false},
		"mode unknown until apply":   {prior("static"), object(tftypes.UnknownValue, tftypes.UnknownValue, tftypes.UnknownValue), false},
		"create: no state":           {tftypes.NewValue(typ, nil), object("static", tftypes.UnknownValue, tftypes.UnknownValue), false},
		"destroy: no plan":           {prior("static"), tftypes.NewValue(typ, nil), false},
	}
	ctx := context.Background()
	for name, tc := range cases {
		state := tfsdk.State{Schema: s, Raw: tc.state}
		plan := tfsdk.Plan{Schema: s, Raw: tc.plan}
		var statusState, statusPlan types.String
		var countState, countPlan types.Int64
		state.GetAttribute(ctx, path.Root("status"), &statusState)
		plan.GetAttribute(ctx, path.Root("status"), &statusPlan)
		state.GetAttribute(ctx, path.Root("count"), &countState)
		plan.GetAttribute(ctx, path.Root("count"), &countPlan)

		stringResp := &planmodifier.StringResponse{PlanValue: statusPlan}
		StringUseStateWhile(path.Root("mode"), "static").PlanModifyString(ctx, planmodifier.StringRequest{
			Path: path.Root("status"), StateValue: statusState, PlanValue: statusPlan, State: state, Plan: plan,
		}, stringResp)
		intResp := &planmodifier.Int64Response{PlanValue: countPlan}
		Int64UseStateWhile(path.Root("mode"), "static").PlanModifyInt64(ctx, planmodifier.Int64Request{
			Path: path.Root("count"), StateValue: countState, PlanValue: countPlan, State: state, Plan: plan,
		}, intResp)

		if stringResp.Diagnostics.HasError() || intResp.Diagnostics.HasError() {
			t.Errorf("%s: %v %v", name, stringResp.Diagnostics, intResp.Diagnostics)
			continue
		}
		if tc.wantKnown {
			if !stringResp.PlanValue.Equal(statusState) || !intResp.PlanValue.Equal(countState) {
				t.Errorf("%s: planned %v and %v, want the state's %v and %v", name, stringResp.PlanValue, intResp.PlanValue, statusState, countState)
			}
		} else if !stringResp.PlanValue.Equal(statusPlan) || !intResp.PlanValue.Equal(countPlan) {
			t.Errorf("%s: planned %v and %v, want them left as %v and %v", name, stringResp.PlanValue, intResp.PlanValue, statusPlan, countPlan)
		}
	}
}
