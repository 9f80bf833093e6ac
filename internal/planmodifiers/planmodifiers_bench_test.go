package planmodifiers

import (
	"context"
	"fmt"
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
	for _, n := range []int{2, 2000, 5000} {
		state := make([]string, n)
		for i := range state {
			state[i] = fmt.Sprintf("fd00:%x::/48", i)
		}
		// The same subnets, reversed and written out in full.
		planned := make([]string, n)
		for i := range planned {
			planned[n-1-i] = fmt.Sprintf("FD00:%X:0:0:0:0:0:0/48", i)
		}
		stateValue := customtypes.NewIPPrefixListValue(state).ListValue
		// Its time per subnet must stay flat as the subnets grow.
		b.Run(fmt.Sprintf("List/other spelling and order/%d", n), func(b *testing.B) {
			m := ListUseStateWhenSemanticallyEqual(customtypes.NewIPPrefixListType())
			req := planmodifier.ListRequest{StateValue: stateValue, PlanValue: customtypes.NewIPPrefixListValue(planned).ListValue}
			b.ReportAllocs()
			for b.Loop() {
				resp := &planmodifier.ListResponse{PlanValue: req.PlanValue}
				m.PlanModifyList(ctx, req, resp)
				if !resp.PlanValue.Equal(stateValue) {
					b.Fatalf("planned %s", resp.PlanValue)
				}
			}
		})
	}
}
