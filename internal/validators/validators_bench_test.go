package validators

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// BenchmarkStringValidators runs the schema's validators as the framework
// does, on a valid and an invalid value each.
func BenchmarkStringValidators(b *testing.B) {
	for _, c := range []struct {
		name      string
		validator validator.String
		good, bad string
	}{
		{"GatewayAddress", GatewayAddress(), "fd00::1/64", "5.5.5.0/30"},
		{"NetworkCIDR", NetworkCIDR(), "10.0.0.0/24", "10.0.0.1/24"},
		{"HTTPURL", HTTPURL("https://dcaas.example.com"), "https://dcaas.example.com", "ftp://x"},
		{"PositiveDuration", PositiveDuration(), "30s", "-1s"},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				for i, value := range []string{c.good, c.bad} {
					var resp validator.StringResponse
					c.validator.ValidateString(ctx, validator.StringRequest{Path: path.Root("x"), ConfigValue: types.StringValue(value)}, &resp)
					if resp.Diagnostics.HasError() != (i == 1) {
						b.Fatalf("%q: %v", value, resp.Diagnostics)
					}
				}
			}
		})
	}
}

// BenchmarkListValidators runs remote_ep_group's list validators as the
// framework does, on valid lists of 500 to 5,000 subnets: the time per
// subnet must stay flat as the subnets grow.
func BenchmarkListValidators(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{500, 2000, 5000} {
		elements := make([]attr.Value, n)
		for i := range elements {
			elements[i] = types.StringValue(fmt.Sprintf("10.%d.%d.0/24", i/256, i%256))
		}
		value := types.ListValueMust(types.StringType, elements)
		for name, v := range map[string]validator.List{"DistinctPrefixes": DistinctPrefixes(), "NoNullEntries": NoNullEntries("is a subnet")} {
			b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var resp validator.ListResponse
					v.ValidateList(ctx, validator.ListRequest{Path: path.Root("remote_ep_group"), ConfigValue: value}, &resp)
					if resp.Diagnostics.HasError() {
						b.Fatal(resp.Diagnostics)
					}
				}
			})
		}
	}
}
