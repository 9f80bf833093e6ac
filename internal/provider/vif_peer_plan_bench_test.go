package provider

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/serving"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/benchmark/bare"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// BenchmarkVifPeerPlanPath runs what Terraform asks of the provider for each
// unchanged peer of a plan, through the framework's protocol server as
// Terraform calls it: the validation of its configuration (schema
// validators and ValidateConfig), its refresh (Read, with the view warm)
// and its plan (defaults, plan modifiers, semantic equality, ModifyPlan).
// Its allocations show a regression of the per-peer cost before the wall
// clock of `make bench` does.
func BenchmarkVifPeerPlanPath(b *testing.B) {
	ctx := context.Background()
	server := serving.New(New("bench"))()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		b.Fatalf("schema: %v %v", err, schemas.Diagnostics)
	}
	peerType := schemas.ResourceSchemas["dcaas_vif_peer"].ValueType().(tftypes.Object)
	dynamic := func(typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
		dv, err := tfprotov6.NewDynamicValue(typ, v)
		if err != nil {
			b.Fatal(err)
		}
		return &dv
	}

	mock := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken})
	mock.SeedInterface(testVifID, "v")
	peerID, err := mock.SeedPeer(testVifID, "ipv6", "fd00::1/64", "fd00::2/64")
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(mock)
	b.Cleanup(srv.Close)
	providerType := schemas.Provider.ValueType().(tftypes.Object)
	providerConfig := map[string]tftypes.Value{}
	for name, typ := range providerType.AttributeTypes {
		providerConfig[name] = tftypes.NewValue(typ, nil)
	}
	providerConfig["endpoint"] = tftypes.NewValue(tftypes.String, srv.URL)
	providerConfig["project_id"] = tftypes.NewValue(tftypes.String, testProjectID)
	providerConfig["auth_token"] = tftypes.NewValue(tftypes.String, testToken)
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		Config: dynamic(providerType, tftypes.NewValue(providerType, providerConfig)),
	})
	if err != nil || len(configured.Diagnostics) > 0 {
		b.Fatalf("configure: %v %v", err, configured.Diagnostics)
	}

	// The peer's state as an import and its refresh leave it.
	imported, err := server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "dcaas_vif_peer", ID: testVifID + "/" + peerID})
	if err != nil || len(imported.Diagnostics) > 0 {
		b.Fatalf("import: %v %v", err, imported.Diagnostics)
	}
	read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "dcaas_vif_peer", CurrentState: imported.ImportedResources[0].State})
	if err != nil || len(read.Diagnostics) > 0 {
		b.Fatalf("read: %v %v", err, read.Diagnostics)
	}
	state, err := read.NewState.Unmarshal(peerType)
	if err != nil {
		b.Fatal(err)
	}
	var stateValues map[string]tftypes.Value
	if err := state.As(&stateValues); err != nil {
		b.Fatal(err)
	}
	// The configuration as the user writes it, in the API's spelling or in
	// another that means the same (then the framework plans every computed
	// value unknown, and the plan modifiers plan them back).
	configs := map[string]map[string]tftypes.Value{
		"same spelling":  {"address_family": stateValues["address_family"], "local_gateway_ip": stateValues["local_gateway_ip"]},
		"other spelling": {"address_family": tftypes.NewValue(tftypes.String, "IPv6"), "local_gateway_ip": tftypes.NewValue(tftypes.String, "FD00:0::1/64")},
	}
	type request struct{ config, proposed *tfprotov6.DynamicValue }
	requests := map[string]request{}
	for spelling, given := range configs {
		configValues, proposedValues := map[string]tftypes.Value{}, map[string]tftypes.Value{}
		for name, typ := range peerType.AttributeTypes {
			configValues[name], proposedValues[name] = tftypes.NewValue(typ, nil), stateValues[name]
		}
		for _, name := range []string{"vif_id", "name", "remote_gateway_ip"} {
			configValues[name] = stateValues[name]
		}
		for name, v := range given {
			configValues[name], proposedValues[name] = v, v
		}
		requests[spelling] = request{
			config:   dynamic(peerType, tftypes.NewValue(peerType, configValues)),
			proposed: dynamic(peerType, tftypes.NewValue(peerType, proposedValues)),
		}
	}
	config := requests["same spelling"].config

	// The bare floor (the same schema without validators, plan modifiers,
	// custom types or ModifyPlan) shows what the framework costs alone.
	floor := serving.New(bare.New(New("bench")))()
	if _, err := floor.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		server tfprotov6.ProviderServer
	}{{"provider", server}, {"floor", floor}} {
		b.Run("ValidateResourceConfig/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				resp, err := c.server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "dcaas_vif_peer", Config: config})
				if err != nil || len(resp.Diagnostics) > 0 {
					b.Fatalf("validate: %v %v", err, resp.Diagnostics)
				}
			}
		})
		b.Run("ReadResource/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				resp, err := c.server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "dcaas_vif_peer", CurrentState: read.NewState})
				if err != nil || len(resp.Diagnostics) > 0 {
					b.Fatalf("read: %v %v", err, resp.Diagnostics)
				}
			}
		})
		for _, spelling := range []string{"same spelling", "other spelling"} {
			if c.name == "floor" && spelling == "other spelling" {
				continue // without semantic equality, the floor plans a change
			}
			b.Run("PlanResourceChange/"+spelling+"/"+c.name, func(b *testing.B) {
				req := requests[spelling]
				b.ReportAllocs()
				for b.Loop() {
					resp, err := c.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
						TypeName: "dcaas_vif_peer", PriorState: read.NewState, ProposedNewState: req.proposed, Config: req.config,
					})
					if err != nil || len(resp.Diagnostics) > 0 || len(resp.RequiresReplace) > 0 {
						b.Fatalf("plan: %v %v %v", err, resp.Diagnostics, resp.RequiresReplace)
					}
					if planned, err := resp.PlannedState.Unmarshal(peerType); err != nil || !planned.Equal(state) {
						b.Fatalf("planned a change: %v\n%s\nstate %s", err, planned, state)
					}
				}
			})
		}
	}
}
