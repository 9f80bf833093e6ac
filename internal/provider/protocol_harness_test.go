package provider

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/serving"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// protocolHarness drives the provider through the framework's protocol
// server, as Terraform does, for what the CLI here cannot show: features of
// newer Terraform versions, or an apply cancelled half-way.
type protocolHarness struct {
	t        *testing.T
	server   tfprotov6.ProviderServer
	peerType tftypes.Object
	mock     *mockserver.Server
}

func newProtocolHarness(t *testing.T) *protocolHarness {
	t.Helper()
	return newProtocolHarnessAt(t, "")
}

// newProtocolHarnessAt is newProtocolHarness with the provider's endpoint
// the mock's URL followed by endpointPath.
func newProtocolHarnessAt(t *testing.T, endpointPath string) *protocolHarness {
	t.Helper()
	ctx := context.Background()
	server := serving.New(New("test"))()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("schema: %v %v", err, schemas.Diagnostics)
	}
	h := &protocolHarness{
		t:        t,
		server:   server,
		peerType: schemas.ResourceSchemas["dcaas_vif_peer"].ValueType().(tftypes.Object),
	}

	h.mock = mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken})
	h.mock.SeedInterface(testVifID, "v")
	srv := httptest.NewServer(h.mock)
	t.Cleanup(srv.Close)
	providerType := schemas.Provider.ValueType().(tftypes.Object)
	config := h.object(providerType, map[string]tftypes.Value{
		"endpoint":   tftypes.NewValue(tftypes.String, srv.URL+endpointPath),
		"project_id": tftypes.NewValue(tftypes.String, testProjectID),
		"auth_token": tftypes.NewValue(tftypes.String, testToken),
	}, false)
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: h.dynamic(providerType, config)})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	return h
}

// object fills the attributes not given with null, or with unknown when
// unknownRest is set (as a planned value has for computed attributes).
func (h *protocolHarness) object(typ tftypes.Object, given map[string]tftypes.Value, unknownRest bool) tftypes.Value {
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		switch v, ok := given[name]; {
		case ok:
			values[name] = v
		case unknownRest:
			values[name] = tftypes.NewValue(attrType, tftypes.UnknownValue)
		default:
			values[name] = tftypes.NewValue(attrType, nil)
		}
	}
	return tftypes.NewValue(typ, values)
}

// configOf is the configuration of a static peer: the attributes a user
// sets, taken from values, and null for the rest.
func (h *protocolHarness) configOf(values map[string]tftypes.Value) tftypes.Value {
	given := map[string]tftypes.Value{}
	for _, name := range []string{"vif_id", "name", "address_family", "local_gateway_ip", "remote_gateway_ip"} {
		given[name] = values[name]
	}
	return h.object(h.peerType, given, false)
}

func (h *protocolHarness) dynamic(typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

// peerState is the state of the peer peerID of interface vifID as
// Terraform holds it, with the status given and null elsewhere.
func (h *protocolHarness) peerState(vifID, peerID, status string) tftypes.Value {
	return h.object(h.peerType, map[string]tftypes.Value{
		"vif_id": tftypes.NewValue(tftypes.String, vifID),
		"id":     tftypes.NewValue(tftypes.String, peerID),
		"status": tftypes.NewValue(tftypes.String, status),
	}, false)
}

// planDestroy plans the destroy of the peer in prior, as Terraform 1.3
// and later do, and returns the plan's private data.
func (h *protocolHarness) planDestroy(prior tftypes.Value) []byte {
	h.t.Helper()
	null := tftypes.NewValue(h.peerType, nil)
	resp, err := h.server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName:         "dcaas_vif_peer",
		PriorState:       h.dynamic(h.peerType, prior),
		ProposedNewState: h.dynamic(h.peerType, null),
		Config:           h.dynamic(h.peerType, null),
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		h.t.Fatalf("plan of the destroy: %v %s", err, diagnosticsText(resp.Diagnostics))
	}
	return resp.PlannedPrivate
}

// applyDelete deletes the peer in prior, with the private data of the plan
// the delete belongs to.
func (h *protocolHarness) applyDelete(ctx context.Context, prior tftypes.Value, plannedPrivate []byte) *tfprotov6.ApplyResourceChangeResponse {
	h.t.Helper()
	null := tftypes.NewValue(h.peerType, nil)
	resp, err := h.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:       "dcaas_vif_peer",
		PriorState:     h.dynamic(h.peerType, prior),
		PlannedState:   h.dynamic(h.peerType, null),
		Config:         h.dynamic(h.peerType, null),
		PlannedPrivate: plannedPrivate,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp
}

// attributes returns the attributes of a state; nil when it is null.
func (h *protocolHarness) attributes(state *tfprotov6.DynamicValue) map[string]tftypes.Value {
	h.t.Helper()
	value, err := state.Unmarshal(h.peerType)
	if err != nil {
		h.t.Fatal(err)
	}
	if value.IsNull() {
		return nil
	}
	var attrs map[string]tftypes.Value
	if err := value.As(&attrs); err != nil {
		h.t.Fatal(err)
	}
	return attrs
}

// stringAttribute returns a string attribute of attrs; "" when null.
func (h *protocolHarness) stringAttribute(attrs map[string]tftypes.Value, name string) string {
	h.t.Helper()
	var s string
	if v, ok := attrs[name]; ok && !v.IsNull() {
		if err := v.As(&s); err != nil {
			h.t.Fatalf("%s: %v", name, err)
		}
	}
	return s
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary + ": " + d.Detail + "\n")
	}
	return b.String()
}
