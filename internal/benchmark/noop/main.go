// Command noop is a provider with the schema and the plan-time validation of
// terraform-provider-dcaas whose resources call no API: whatever Terraform
// and the plugin protocol cost on their own. The benchmark measures the
// provider against it.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	dcaasprovider "github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider {
		return &noopProvider{real: dcaasprovider.New("noop")()}
	}, providerserver.ServeOpts{Address: "registry.terraform.io/dcaas-labs/dcaas"})
	if err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct {
	real provider.Provider
}

func (p *noopProvider) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	p.real.Metadata(ctx, req, resp)
}

func (p *noopProvider) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	p.real.Schema(ctx, req, resp)
}

func (p *noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *noopProvider) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newReal := range p.real.Resources(ctx) {
		out = append(out, func() resource.Resource { return &noopResource{real: newReal()} })
	}
	return out
}

func (p *noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

var _ resource.ResourceWithValidateConfig = (*noopResource)(nil)

// noopResource answers with the plan, its unknown values filled in.
type noopResource struct {
	real resource.Resource
}

func (r *noopResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
}

func (r *noopResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

func (r *noopResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if v, ok := r.real.(resource.ResourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}

func (r *noopResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	filled, err := fillUnknowns(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("noop create", err.Error())
		return
	}
	resp.State.Raw = filled
}

func (r *noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *noopResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	filled, err := fillUnknowns(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("noop update", err.Error())
		return
	}
	resp.State.Raw = filled
}

func (r *noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// fillUnknowns gives each value the server would set a value of its type:
// a random id, empty strings and lists, zero and false.
func fillUnknowns(plan tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(plan, func(path *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		typ := v.Type()
		switch {
		case path.Equal(tftypes.NewAttributePath().WithAttributeName("id")):
			return tftypes.NewValue(typ, randomID()), nil
		case typ.Is(tftypes.String):
			return tftypes.NewValue(typ, ""), nil
		case typ.Is(tftypes.Number):
			return tftypes.NewValue(typ, big.NewFloat(0)), nil
		case typ.Is(tftypes.Bool):
			return tftypes.NewValue(typ, false), nil
		case typ.Is(tftypes.List{}):
			return tftypes.NewValue(typ, []tftypes.Value{}), nil
		}
		return tftypes.Value{}, fmt.Errorf("no value for unknown %s of type %s", path, typ)
	})
}

// randomID gives each resource an id of its own; nothing reads its form.
func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
