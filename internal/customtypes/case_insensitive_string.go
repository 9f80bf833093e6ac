package customtypes

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var (
	_ basetypes.StringTypable                    = CaseInsensitiveStringType{}
	_ basetypes.StringValuableWithSemanticEquals = CaseInsensitiveString{}
)

// CaseInsensitiveStringType is a string whose letter case carries no
// meaning, such as an address family the vendor writes IPv4 and the API
// answers as ipv4.
type CaseInsensitiveStringType struct {
	basetypes.StringType
}

func (t CaseInsensitiveStringType) String() string { return "customtypes.CaseInsensitiveStringType" }

func (t CaseInsensitiveStringType) ValueType(context.Context) attr.Value {
	return CaseInsensitiveString{}
}

func (t CaseInsensitiveStringType) Equal(o attr.Type) bool {
	other, ok := o.(CaseInsensitiveStringType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t CaseInsensitiveStringType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return CaseInsensitiveString{StringValue: in}, nil
}

func (t CaseInsensitiveStringType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	value, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	stringValue, ok := value.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", value)
	}
	return CaseInsensitiveString{StringValue: stringValue}, nil
}

// CaseInsensitiveString is a value of CaseInsensitiveStringType.
type CaseInsensitiveString struct {
	basetypes.StringValue
}

// NewCaseInsensitiveStringValue returns a known value.
func NewCaseInsensitiveStringValue(s string) CaseInsensitiveString {
	return CaseInsensitiveString{StringValue: basetypes.NewStringValue(s)}
}

func (v CaseInsensitiveString) Type(context.Context) attr.Type { return CaseInsensitiveStringType{} }

func (v CaseInsensitiveString) Equal(o attr.Value) bool {
	other, ok := o.(CaseInsensitiveString)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether both values are the same word in
// any letter case.
func (v CaseInsensitiveString) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	newValue, ok := newValuable.(CaseInsensitiveString)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected value type %T but got %T. This is a bug in the provider; please report it.", v, newValuable))
		return false, diags
	}
	return strings.EqualFold(v.ValueString(), newValue.ValueString()), diags
}
