package provider

import (
	"context"
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// getModel reads what the framework's Get reads, for every kind of value a
// configuration or a state holds.
func TestGetModelReadsAsTheFrameworkDoes(t *testing.T) {
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	NewVifPeerResource().Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	schema := schemaResp.Schema
	typ := schema.Type().TerraformType(ctx).(tftypes.Object)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	strings := func(items ...string) []tftypes.Value {
		values := []tftypes.Value{}
		for _, item := range items {
			values = append(values, str(item))
		}
		return values
	}
	set := func(items ...string) tftypes.Value {
		return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, strings(items...))
	}
	list := func(items ...string) tftypes.Value {
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, strings(items...))
	}
	object := func(given map[string]tftypes.Value, rest any) tftypes.Value {
		values := map[string]tftypes.Value{}
		for name, attrType := range typ.AttributeTypes {
			values[name] = tftypes.NewValue(attrType, rest)
			if v, ok := given[name]; ok {
				values[name] = v
			}
		}
		return tftypes.NewValue(typ, values)
	}
	timeoutsType := typ.AttributeTypes["timeouts"].(tftypes.Object)
	state := object(map[string]tftypes.Value{
		"id": str("p"), "vif_id": str("v"), "name": str("n"), "address_family": str("IPv6"),
		"local_gateway_ip": str("fd00::1/64"), "remote_gateway_ip": str("fd00::2/64"), "route_mode": str("bgp"),
		"bgp_asn":         tftypes.NewValue(tftypes.Number, big.NewFloat(4294967295)),
		"bgp_route_limit": tftypes.NewValue(tftypes.Number, big.NewFloat(100)), "enable_bfd": tftypes.NewValue(tftypes.Bool, false),
		"remote_ep_group": list("fd01::/64", "FD02::/64"), "service_ep_group": set(),
		"timeouts": tftypes.NewValue(timeoutsType, map[string]tftypes.Value{
			"create": str("5m"), "update": tftypes.NewValue(tftypes.String, nil), "delete": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		}),
	}, nil)
	config := object(map[string]tftypes.Value{
		"name": tftypes.NewValue(tftypes.String, tftypes.UnknownValue), "remote_ep_group": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{
			str("10.0.0.0/24"), tftypes.NewValue(tftypes.String, tftypes.UnknownValue), tftypes.NewValue(tftypes.String, nil),
		}),
	}, nil)
	for name, raw := range map[string]tftypes.Value{"state": state, "config": config, "all unknown": object(nil, tftypes.UnknownValue)} {
		var want, got vifPeerResourceModel
		if diags := (tfsdk.State{Raw: raw, Schema: schema}).Get(ctx, &want); diags.HasError() {
			t.Fatalf("%s: framework: %v", name, diags)
		}
		if diags := getModel(ctx, raw, schema, &got); diags.HasError() {
			t.Fatalf("%s: %v", name, diags)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got\n%+v\nwant\n%+v", name, got, want)
		}
	}

	var model vifPeerResourceModel
	other := tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}},
		map[string]tftypes.Value{"id": str("p")})
	if diags := getModel(ctx, other, schema, &model); !diags.HasError() {
		t.Error("an object of another shape was read without an error")
	}
	var wrong struct {
		ID tftypes.Value `tfsdk:"id"`
	}
	if diags := getModel(ctx, state, schema, &wrong); !diags.HasError() {
		t.Error("a field of the wrong type was filled without an error")
	}
}
