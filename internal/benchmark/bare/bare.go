// Package bare is the benchmark's floor: a provider with the resource types
// of terraform-provider-dcaas, their attribute names, types and flags, and
// nothing else. No validators, plan modifiers, custom types, ModifyPlan or
// API: Create and Update fill in the unknown values, Read returns the state.
// Whatever Terraform and the plugin protocol cost on their own, this costs;
// the benchmark measures the provider against it.
package bare

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// New returns the floor of the provider that newReal returns.
func New(newReal func() provider.Provider) func() provider.Provider {
	return func() provider.Provider { return &bareProvider{real: newReal()} }
}

// bareProvider has an empty configuration: the benchmark's is empty too.
type bareProvider struct {
	real provider.Provider
}

func (p *bareProvider) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	p.real.Metadata(ctx, req, resp)
}

func (p *bareProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *bareProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *bareProvider) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newReal := range p.real.Resources(ctx) {
		out = append(out, func() resource.Resource { return &bareResource{real: newReal()} })
	}
	return out
}

func (p *bareProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// bareResource answers with the plan, its unknown values filled in.
type bareResource struct {
	real resource.Resource
}

func (r *bareResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
}

func (r *bareResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	var full resource.SchemaResponse
	r.real.Schema(ctx, req, &full)
	resp.Diagnostics.Append(full.Diagnostics...)
	bare, err := bareSchema(ctx, full.Schema)
	if err != nil {
		resp.Diagnostics.AddError("Cannot reduce the schema", err.Error())
		return
	}
	resp.Schema = bare
}

func (r *bareResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	filled, err := fillUnknowns(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("bare create", err.Error())
		return
	}
	resp.State.Raw = filled
}

func (r *bareResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *bareResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	filled, err := fillUnknowns(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("bare update", err.Error())
		return
	}
	resp.State.Raw = filled
}

func (r *bareResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// fillUnknowns gives each value the server would set a value of its type:
// a random id, empty strings and collections, zero and false.
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
		case typ.Is(tftypes.List{}), typ.Is(tftypes.Set{}):
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
