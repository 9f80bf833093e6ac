package bare

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// bareSchema is the real schema reduced to its shape: the same attributes,
// Terraform types, Required/Optional/Computed/Sensitive/WriteOnly flags and
// nested attributes, with no validators, plan modifiers or custom types.
// Defaults stay, as the static values they plan: without them the floor's
// plans would hold unknowns where the provider's hold values, and the two
// would no longer plan the same thing. An attribute kind the reduction does
// not know is an error, so the floor cannot drift from the schema silently.
func bareSchema(ctx context.Context, full schema.Schema) (schema.Schema, error) {
	if len(full.Blocks) > 0 {
		return schema.Schema{}, fmt.Errorf("the schema has blocks, which the bare floor does not reduce yet")
	}
	attributes, err := bareAttributes(ctx, path.Empty(), full.Attributes)
	if err != nil {
		return schema.Schema{}, err
	}
	return schema.Schema{
		Version:             full.Version,
		Description:         full.Description,
		MarkdownDescription: full.MarkdownDescription,
		Attributes:          attributes,
	}, nil
}

func bareAttributes(ctx context.Context, parent path.Path, attributes map[string]schema.Attribute) (map[string]schema.Attribute, error) {
	out := make(map[string]schema.Attribute, len(attributes))
	for name, a := range attributes {
		bare, err := bareAttribute(ctx, parent.AtName(name), a)
		if err != nil {
			return nil, err
		}
		out[name] = bare
	}
	return out, nil
}

func bareAttribute(ctx context.Context, p path.Path, a schema.Attribute) (schema.Attribute, error) {
	switch a := a.(type) {
	case schema.StringAttribute:
		bare := schema.StringAttribute{
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, WriteOnly: a.WriteOnly,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage,
		}
		if a.Default != nil {
			var resp defaults.StringResponse
			a.Default.DefaultString(ctx, defaults.StringRequest{Path: p}, &resp)
			value, err := bareDefault(ctx, p, resp.PlanValue, types.StringType, resp.Diagnostics.HasError())
			if err != nil {
				return nil, err
			}
			bare.Default = stringdefault.StaticString(value.(types.String).ValueString())
		}
		return bare, nil
	case schema.Int64Attribute:
		bare := schema.Int64Attribute{
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, WriteOnly: a.WriteOnly,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage,
		}
		if a.Default != nil {
			var resp defaults.Int64Response
			a.Default.DefaultInt64(ctx, defaults.Int64Request{Path: p}, &resp)
			value, err := bareDefault(ctx, p, resp.PlanValue, types.Int64Type, resp.Diagnostics.HasError())
			if err != nil {
				return nil, err
			}
			bare.Default = int64default.StaticInt64(value.(types.Int64).ValueInt64())
		}
		return bare, nil
	case schema.BoolAttribute:
		bare := schema.BoolAttribute{
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, WriteOnly: a.WriteOnly,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage,
		}
		if a.Default != nil {
			var resp defaults.BoolResponse
			a.Default.DefaultBool(ctx, defaults.BoolRequest{Path: p}, &resp)
			value, err := bareDefault(ctx, p, resp.PlanValue, types.BoolType, resp.Diagnostics.HasError())
			if err != nil {
				return nil, err
			}
			bare.Default = booldefault.StaticBool(value.(types.Bool).ValueBool())
		}
		return bare, nil
	case schema.SetAttribute:
		elementType, err := bareType(a.ElementType)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		bare := schema.SetAttribute{
			ElementType: elementType,
			Required:    a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage,
		}
		if a.Default != nil {
			var resp defaults.SetResponse
			a.Default.DefaultSet(ctx, defaults.SetRequest{Path: p}, &resp)
			value, err := bareDefault(ctx, p, resp.PlanValue, types.SetType{ElemType: elementType}, resp.Diagnostics.HasError())
			if err != nil {
				return nil, err
			}
			bare.Default = setdefault.StaticValue(value.(types.Set))
		}
		return bare, nil
	case schema.ListAttribute:
		elementType, err := bareType(a.ElementType)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		bare := schema.ListAttribute{
			ElementType: elementType,
			Required:    a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage,
		}
		if a.Default != nil {
			var resp defaults.ListResponse
			a.Default.DefaultList(ctx, defaults.ListRequest{Path: p}, &resp)
			value, err := bareDefault(ctx, p, resp.PlanValue, types.ListType{ElemType: elementType}, resp.Diagnostics.HasError())
			if err != nil {
				return nil, err
			}
			bare.Default = listdefault.StaticValue(value.(types.List))
		}
		return bare, nil
	case schema.SingleNestedAttribute:
		if a.Default != nil {
			return nil, fmt.Errorf("%s: a default of a nested attribute, which the bare floor does not reduce yet", p)
		}
		nested, err := bareAttributes(ctx, p, a.Attributes)
		if err != nil {
			return nil, err
		}
		return schema.SingleNestedAttribute{
			Attributes: nested,
			Required:   a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, WriteOnly: a.WriteOnly,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage,
		}, nil
	}
	return nil, fmt.Errorf("%s: the bare floor does not reduce a %T yet", p, a)
}

// bareType is the framework's own type of t's Terraform type, which a
// custom type such as an IP prefix type is built on.
func bareType(t attr.Type) (attr.Type, error) {
	switch tf := t.TerraformType(context.Background()); {
	case tf.Is(tftypes.String):
		return types.StringType, nil
	case tf.Is(tftypes.Bool):
		return types.BoolType, nil
	case tf.Is(tftypes.Number):
		return types.NumberType, nil
	}
	return nil, fmt.Errorf("no bare type for %s", t)
}

// bareDefault is a default's value in the bare type.
func bareDefault(ctx context.Context, p path.Path, value attr.Value, typ attr.Type, failed bool) (attr.Value, error) {
	if failed || value == nil {
		return nil, fmt.Errorf("%s: the default gave no value", p)
	}
	tf, err := value.ToTerraformValue(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	bare, err := typ.ValueFromTerraform(ctx, tf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if bare.IsNull() || bare.IsUnknown() {
		return nil, fmt.Errorf("%s: a default that is not a value", p)
	}
	return bare, nil
}
