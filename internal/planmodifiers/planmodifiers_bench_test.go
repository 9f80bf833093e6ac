package planmodifiers

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
)

// BenchmarkSemanticEqualityModifiers runs the modifiers each peer's plan
// runs, on an unchanged value and on one written another way.
func BenchmarkSemanticEqualityModifiers(b *testing.B) {
	ctx := context.Background()
	str := StringUseStateWhenSemanticallyEqual(customtypes.IPPrefixType{})
	for name, planned := range map[string]string{"unchanged": "fd00::1/64", "other spelling": "FD00:0::1/64"} {
		b.Run("String/"+name, func(b *testing.B) {
			req := planmodifier.StringRequest{StateValue: types.StringValue("fd00::1/64"), PlanValue: types.StringValue(planned)}
			b.ReportAllocs()
			for b.Loop() {
				resp := &planmodifier.StringResponse{PlanValue: req.PlanValue}
				str.PlanModifyString(ctx, req, resp)
				if !resp.PlanValue.Equal(req.StateValue) {
					b.Fatalf("planned %s", resp.PlanValue)
				}
			}
		})
	}
	set := func(items ...string) types.Set {
		values, diags := types.SetValueFrom(ctx, customtypes.IPPrefixType{}, items)
		if diags.HasError() {
			b.Fatal(diags)
		}
		return values
	}
	state := set("fd00:1::/48", "10.0.0.0/8")
	for name, planned := range map[string]types.Set{"unchanged": state, "other spelling and order": set("10.0.0.0/8", "FD00:1:0::/48")} {
		b.Run("Set/"+name, func(b *testing.B) {
			m := SetUseStateWhenSemanticallyEqual()
			req := planmodifier.SetRequest{StateValue: state, PlanValue: planned}
			b.ReportAllocs()
			for b.Loop() {
				resp := &planmodifier.SetResponse{PlanValue: req.PlanValue}
				m.PlanModifySet(ctx, req, resp)
				if !resp.PlanValue.Equal(state) {
					b.Fatalf("planned %s", resp.PlanValue)
				}
			}
		})
	}
}
