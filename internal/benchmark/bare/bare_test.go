package bare

import (
	"context"
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	dcaasprovider "github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
)

func servers(t *testing.T) (provider, bare tfprotov6.ProviderServer) {
	t.Helper()
	provider = providerserver.NewProtocol6(dcaasprovider.New("test")())()
	bare = providerserver.NewProtocol6(New(dcaasprovider.New("test"))())()
	return provider, bare
}

func resourceSchemas(t *testing.T, server tfprotov6.ProviderServer) map[string]*tfprotov6.Schema {
	t.Helper()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("schema: %v %v", err, resp.Diagnostics)
	}
	return resp.ResourceSchemas
}

// What Terraform sees of each resource type is the same for the floor as
// for the provider: names, types, flags, nesting and descriptions.
func TestBareSchemaHasTheRealShape(t *testing.T) {
	provider, bare := servers(t)
	realSchemas, bareSchemas := resourceSchemas(t, provider), resourceSchemas(t, bare)
	if len(realSchemas) == 0 || !reflect.DeepEqual(realSchemas, bareSchemas) {
		t.Errorf("the bare schemas differ from the provider's:\nprovider %v\nbare     %v", realSchemas, bareSchemas)
	}
}

// The floor's schema holds no code of the provider's: no validator, plan
// modifier or custom type at any depth.
func TestBareSchemaHasNoBehaviour(t *testing.T) {
	ctx := context.Background()
	for _, newResource := range (&bareProvider{real: dcaasprovider.New("test")()}).Resources(ctx) {
		var resp resource.SchemaResponse
		newResource().Schema(ctx, resource.SchemaRequest{}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatal(resp.Diagnostics)
		}
		checkBare(t, "", resp.Schema.Attributes)
	}
}

func checkBare(t *testing.T, parent string, attributes map[string]schema.Attribute) {
	t.Helper()
	for name, a := range attributes {
		var behaviour bool
		switch a := a.(type) {
		case schema.StringAttribute:
			behaviour = a.CustomType != nil || len(a.Validators) > 0 || len(a.PlanModifiers) > 0
		case schema.Int64Attribute:
			behaviour = a.CustomType != nil || len(a.Validators) > 0 || len(a.PlanModifiers) > 0
		case schema.BoolAttribute:
			behaviour = a.CustomType != nil || len(a.Validators) > 0 || len(a.PlanModifiers) > 0
		case schema.SetAttribute:
			_, plainElements := a.ElementType.(basetypes.StringType)
			behaviour = a.CustomType != nil || len(a.Validators) > 0 || len(a.PlanModifiers) > 0 || !plainElements
		case schema.ListAttribute:
			_, plainElements := a.ElementType.(basetypes.StringType)
			behaviour = a.CustomType != nil || len(a.Validators) > 0 || len(a.PlanModifiers) > 0 || !plainElements
		case schema.SingleNestedAttribute:
			behaviour = a.CustomType != nil || len(a.Validators) > 0 || len(a.PlanModifiers) > 0
			checkBare(t, parent+name+".", a.Attributes)
		default:
			t.Errorf("%s%s: unexpected %T", parent, name, a)
		}
		if behaviour {
			t.Errorf("%s%s keeps behaviour of the provider: %#v", parent, name, a)
		}
	}
}

// The floor plans what the provider plans, for a new peer and for an
// unchanged one, so that both make Terraform do the same work.
func TestBarePlansAsTheProviderDoes(t *testing.T) {
	ctx := context.Background()
	provider, bare := servers(t)
	peerType := resourceSchemas(t, provider)["dcaas_vif_peer"].ValueType().(tftypes.Object)
	config := object(peerType, map[string]tftypes.Value{
		"vif_id":            tftypes.NewValue(tftypes.String, "86f9556a-fa68-42b7-93c2-dd407408430b"),
		"name":              tftypes.NewValue(tftypes.String, "peer"),
		"address_family":    tftypes.NewValue(tftypes.String, "ipv4"),
		"local_gateway_ip":  tftypes.NewValue(tftypes.String, "10.0.0.1/30"),
		"remote_gateway_ip": tftypes.NewValue(tftypes.String, "10.0.0.2/30"),
	}, tftypes.NewValue)
	// As Terraform proposes it: the configuration, and for what it leaves
	// out the prior state's values (none for a new peer).
	proposed := config
	plan := func(server tfprotov6.ProviderServer, prior tftypes.Value, proposed tftypes.Value) tftypes.Value {
		t.Helper()
		resp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName:         "dcaas_vif_peer",
			PriorState:       dynamic(t, peerType, prior),
			ProposedNewState: dynamic(t, peerType, proposed),
			Config:           dynamic(t, peerType, config),
		})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("plan: %v %v", err, resp.Diagnostics)
		}
		planned, err := resp.PlannedState.Unmarshal(peerType)
		if err != nil {
			t.Fatal(err)
		}
		return planned
	}
	null := tftypes.NewValue(peerType, nil)
	created := plan(provider, null, proposed)
	// Only values that the provider's own plan modifiers and ModifyPlan
	// decide differ: with no key configured, a new peer plans none (null),
	// and a static one no BGP session (bgp_status null, receive_route_num
	// -1), where the floor leaves them unknown.
	bareCreated := plan(bare, null, proposed)
	for name, attrType := range peerType.AttributeTypes {
		realValue, bareValue := mustAttr(t, created, name), mustAttr(t, bareCreated, name)
		if name == "bgp_md5" || name == "bgp_status" || name == "receive_route_num" {
			realValue, bareValue = tftypes.NewValue(attrType, nil), tftypes.NewValue(attrType, nil)
		}
		if !realValue.Equal(bareValue) {
			t.Errorf("plans of a new peer differ in %s: provider %s, bare %s", name, realValue, bareValue)
		}
	}
	state, err := fillUnknowns(created)
	if err != nil {
		t.Fatal(err)
	}
	if kept, bareKept := plan(provider, state, state), plan(bare, state, state); !kept.Equal(state) || !bareKept.Equal(state) {
		t.Errorf("plans of an unchanged peer differ from its state:\nstate    %s\nprovider %s\nbare     %s", state, kept, bareKept)
	}
}

func object(typ tftypes.Object, given map[string]tftypes.Value, rest func(tftypes.Type, any) tftypes.Value) tftypes.Value {
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		if v, ok := given[name]; ok {
			values[name] = v
		} else {
			values[name] = rest(attrType, nil)
		}
	}
	return tftypes.NewValue(typ, values)
}

func dynamic(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// The floor must answer like a provider: every value the plan left unknown
// known after apply, and every planned value kept.
func TestFillUnknownsKeepsPlannedValues(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"id": tftypes.String, "name": tftypes.String, "status": tftypes.String,
		"bgp_route_limit": tftypes.Number, "enable_bfd": tftypes.Bool,
		"service_ep_group": tftypes.Set{ElementType: tftypes.String},
		"remote_ep_group":  tftypes.Set{ElementType: tftypes.String},
	}}
	unknown := func(attr string) tftypes.Value {
		return tftypes.NewValue(typ.AttributeTypes[attr], tftypes.UnknownValue)
	}
	plan := tftypes.NewValue(typ, map[string]tftypes.Value{
		"id": unknown("id"), "name": tftypes.NewValue(tftypes.String, "peer"), "status": unknown("status"),
		"bgp_route_limit": unknown("bgp_route_limit"), "enable_bfd": unknown("enable_bfd"),
		"service_ep_group": unknown("service_ep_group"),
		"remote_ep_group":  tftypes.NewValue(typ.AttributeTypes["remote_ep_group"], []tftypes.Value{tftypes.NewValue(tftypes.String, "10.0.0.0/24")}),
	})
	filled, err := fillUnknowns(plan)
	if err != nil {
		t.Fatal(err)
	}
	if !filled.IsFullyKnown() {
		t.Fatalf("unknowns left: %s", filled)
	}
	var attrs map[string]tftypes.Value
	if err := filled.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var id, name string
	var limit big.Float
	_ = attrs["id"].As(&id)
	_ = attrs["name"].As(&name)
	_ = attrs["bgp_route_limit"].As(&limit)
	if len(id) != 32 || name != "peer" || limit.Sign() != 0 || !attrs["remote_ep_group"].Equal(mustAttr(t, plan, "remote_ep_group")) {
		t.Errorf("filled %s", filled)
	}
}

func mustAttr(t *testing.T, v tftypes.Value, name string) tftypes.Value {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs[name]
}
