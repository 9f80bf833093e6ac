package customtypes

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// equivalence says when two spellings of a string mean the same to the API.
type equivalence interface {
	name() string
	equivalent(a, b string) bool
}

var (
	_ basetypes.StringTypable                    = StringType[caseInsensitive]{}
	_ basetypes.StringValuableWithSemanticEquals = String[caseInsensitive]{}
)

// StringType is a string attribute type whose values are semantically
// equal when E takes them to mean the same.
type StringType[E equivalence] struct {
	basetypes.StringType
}

func (t StringType[E]) String() string {
	var e E
	return "customtypes." + e.name() + "Type"
}

func (t StringType[E]) ValueType(context.Context) attr.Value { return String[E]{} }

func (t StringType[E]) Equal(o attr.Type) bool {
	other, ok := o.(StringType[E])
	return ok && t.StringType.Equal(other.StringType)
}

func (t StringType[E]) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return String[E]{StringValue: in}, nil
}

func (t StringType[E]) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	value, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	stringValue, ok := value.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", value)
	}
	return String[E]{StringValue: stringValue}, nil
}

// String is a value of StringType[E].
type String[E equivalence] struct {
	basetypes.StringValue
}

func (v String[E]) Type(context.Context) attr.Type { return StringType[E]{} }

func (v String[E]) Equal(o attr.Value) bool {
	other, ok := o.(String[E])
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether both values mean the same to the API.
func (v String[E]) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	newValue, ok := newValuable.(String[E])
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected value type %T but got %T. This is a bug in the provider; please report it.", v, newValuable))
		return false, diags
	}
	var e E
	return e.equivalent(v.ValueString(), newValue.ValueString()), diags
}
