package main

import (
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The floor must answer like a provider: every value the plan left unknown
// known after apply, and every planned value kept.
func TestFillUnknownsKeepsPlannedValues(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"id": tftypes.String, "name": tftypes.String, "status": tftypes.String,
		"bgp_route_limit": tftypes.Number, "enable_bfd": tftypes.Bool,
		"service_ep_group": tftypes.List{ElementType: tftypes.String},
		"remote_ep_group":  tftypes.List{ElementType: tftypes.String},
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
