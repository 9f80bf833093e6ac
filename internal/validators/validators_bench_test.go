package validators

import (
	"context"
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

// BenchmarkSetValidators runs remote_ep_group's set validators as the
// framework does, on a valid set of two subnets.
func BenchmarkSetValidators(b *testing.B) {
	ctx := context.Background()
	value := types.SetValueMust(types.StringType, []attr.Value{types.StringValue("10.0.0.0/24"), types.StringValue("fd01::/64")})
	for name, v := range map[string]validator.Set{"DistinctPrefixes": DistinctPrefixes(), "NoNullEntries": NoNullEntries("is a subnet")} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var resp validator.SetResponse
				v.ValidateSet(ctx, validator.SetRequest{Path: path.Root("remote_ep_group"), ConfigValue: value}, &resp)
				if resp.Diagnostics.HasError() {
					b.Fatal(resp.Diagnostics)
				}
			}
		})
	}
}
