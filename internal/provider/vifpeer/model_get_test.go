package vifpeer

import (
	"context"
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// shared.GetModel reads what the framework's Get reads, for every kind of value a
// configuration or a state holds.
func TestGetModelReadsAsTheFrameworkDoes(t *testing.T) {
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	NewResource().Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	schema := schemaResp.Schema
	object := testVifPeerObject(ctx, schema)
	state := testVifPeerState(ctx, schema)
	config := object(map[string]tftypes.Value{
		"name": tftypes.NewValue(tftypes.String, tftypes.UnknownValue), "remote_ep_group": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{
			tftypes.NewValue(tftypes.String, "10.0.0.0/24"), tftypes.NewValue(tftypes.String, tftypes.UnknownValue), tftypes.NewValue(tftypes.String, nil),
		}),
	}, nil)
	for name, raw := range map[string]tftypes.Value{"state": state, "config": config, "all unknown": object(nil, tftypes.UnknownValue)} {
		var want, got vifPeerResourceModel
		if diags := (tfsdk.State{Raw: raw, Schema: schema}).Get(ctx, &want); diags.HasError() {
			t.Fatalf("%s: framework: %v", name, diags)
		}
		if diags := shared.GetModel(ctx, raw, schema, &got); diags.HasError() {
			t.Fatalf("%s: %v", name, diags)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got\n%+v\nwant\n%+v", name, got, want)
		}
	}

	var model vifPeerResourceModel
	other := tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}},
		map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "p")})
	if diags := shared.GetModel(ctx, other, schema, &model); !diags.HasError() {
		t.Error("an object of another shape was read without an error")
	}
	var wrong struct {
		ID tftypes.Value `tfsdk:"id"`
	}
	if diags := shared.GetModel(ctx, state, schema, &wrong); !diags.HasError() {
		t.Error("a field of the wrong type was filled without an error")
	}
}

// testVifPeerObject builds objects of the resource's schema: each attribute
// given, the rest all of rest (nil for null, tftypes.UnknownValue).
func testVifPeerObject(ctx context.Context, schema resourceschema.Schema) func(given map[string]tftypes.Value, rest any) tftypes.Value {
	typ := schema.Type().TerraformType(ctx).(tftypes.Object)
	return func(given map[string]tftypes.Value, rest any) tftypes.Value {
		values := map[string]tftypes.Value{}
		for name, attrType := range typ.AttributeTypes {
			values[name] = tftypes.NewValue(attrType, rest)
			if v, ok := given[name]; ok {
				values[name] = v
			}
		}
		return tftypes.NewValue(typ, values)
	}
}

// testVifPeerState is a refreshed state of the resource, with every kind of
// value its schema holds.
func testVifPeerState(ctx context.Context, schema resourceschema.Schema) tftypes.Value {
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
	object := testVifPeerObject(ctx, schema)
	timeoutsType := typ.AttributeTypes["timeouts"].(tftypes.Object)
	return object(map[string]tftypes.Value{
		"id": str("p"), "vif_id": str("v"), "name": str("n"), "address_family": str("IPv6"),
		"local_gateway_ip": str("fd00::1/64"), "remote_gateway_ip": str("fd00::2/64"), "route_mode": str("bgp"),
		"bgp_asn":         tftypes.NewValue(tftypes.Number, big.NewFloat(4294967295)),
		"bgp_route_limit": tftypes.NewValue(tftypes.Number, big.NewFloat(100)), "enable_bfd": tftypes.NewValue(tftypes.Bool, false),
		"remote_ep_group": list("fd01::/64", "FD02::/64"), "service_ep_group": set(),
		"timeouts": tftypes.NewValue(timeoutsType, map[string]tftypes.Value{
			"create": str("5m"), "update": tftypes.NewValue(tftypes.String, nil), "delete": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		}),
	}, nil)
}

// BenchmarkModelRead reads the resource's model from a refreshed state both
// ways: the framework's State.Get is the floor, run first, and each reader
// prints its time per read as a ratio to it (x-floor). shared.GetModel's ratio,
// about 0.05, is why every model is read by shared.GetModel.
func BenchmarkModelRead(b *testing.B) {
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	NewResource().Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: testVifPeerState(ctx, schemaResp.Schema)}
	readers := []struct {
		name string
		read func(*vifPeerResourceModel) diag.Diagnostics
	}{
		{"floor=State.Get", func(m *vifPeerResourceModel) diag.Diagnostics { return state.Get(ctx, m) }},
		{"shared.GetModel", func(m *vifPeerResourceModel) diag.Diagnostics {
			return shared.GetModel(ctx, state.Raw, state.Schema, m)
		}},
	}
	nsPerRead := map[string]float64{}
	for _, reader := range readers {
		b.Run(reader.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var m vifPeerResourceModel
				if diags := reader.read(&m); diags.HasError() {
					b.Fatal(diags)
				}
			}
			nsPerRead[reader.name] = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if floor := nsPerRead[readers[0].name]; floor > 0 {
				b.ReportMetric(nsPerRead[reader.name]/floor, "x-floor")
			}
		})
	}
}

// A refresh writes the state when a value differs as Terraform stores it:
// a spelling that means the same, or an unknown for a null, differs too.
func TestSameAttributeValuesComparesWhatTheStateHolds(t *testing.T) {
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	NewResource().Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	var read vifPeerResourceModel
	if diags := shared.GetModel(ctx, testVifPeerState(ctx, schemaResp.Schema), schemaResp.Schema, &read); diags.HasError() {
		t.Fatal(diags)
	}
	same := read
	if !shared.SameAttributeValues(read, same) {
		t.Error("a model differs from its copy")
	}
	changes := map[string]func(m *vifPeerResourceModel){
		"address family in another case": func(m *vifPeerResourceModel) {
			m.AddressFamily = customtypes.NewCaseInsensitiveStringValue("ipv6")
		},
		"null description made unknown": func(m *vifPeerResourceModel) { m.Description = types.StringUnknown() },
		"status of the embedded model":  func(m *vifPeerResourceModel) { m.Status = types.StringValue("ACTIVE") },
		"subnets in another order": func(m *vifPeerResourceModel) {
			m.RemoteEPGroup = customtypes.NewIPPrefixListValue([]string{"FD02::/64", "fd01::/64"})
		},
		"timeouts": func(m *vifPeerResourceModel) { m.Timeouts.Object = types.ObjectNull(m.Timeouts.AttributeTypes(ctx)) },
	}
	for name, change := range changes {
		changed := read
		change(&changed)
		if shared.SameAttributeValues(read, changed) {
			t.Errorf("%s: the models are found the same", name)
		}
	}
}
