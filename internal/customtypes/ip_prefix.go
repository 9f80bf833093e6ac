package customtypes

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
)

var (
	_ basetypes.StringTypable                    = IPPrefixType{}
	_ basetypes.StringValuableWithSemanticEquals = IPPrefix{}
)

// IPPrefixType is an IP address or network with prefix length, such as a
// gateway (5.5.5.1/30) or a subnet (fd00:1::/48). Two values are equal when
// they parse to the same address and length, however written: FD00::1/64,
// fd00:0:0:0:0:0:0:1/64 and fd00::1/64 are one prefix.
type IPPrefixType struct {
	basetypes.StringType
}

func (t IPPrefixType) String() string { return "customtypes.IPPrefixType" }

func (t IPPrefixType) ValueType(context.Context) attr.Value { return IPPrefix{} }

func (t IPPrefixType) Equal(o attr.Type) bool {
	other, ok := o.(IPPrefixType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t IPPrefixType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return IPPrefix{StringValue: in}, nil
}

func (t IPPrefixType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	value, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	stringValue, ok := value.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", value)
	}
	return IPPrefix{StringValue: stringValue}, nil
}

// IPPrefix is a value of IPPrefixType.
type IPPrefix struct {
	basetypes.StringValue
}

// NewIPPrefixValue returns a known value.
func NewIPPrefixValue(s string) IPPrefix {
	return IPPrefix{StringValue: basetypes.NewStringValue(s)}
}

func (v IPPrefix) Type(context.Context) attr.Type { return IPPrefixType{} }

func (v IPPrefix) Equal(o attr.Value) bool {
	other, ok := o.(IPPrefix)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether both values spell the same prefix.
func (v IPPrefix) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	newValue, ok := newValuable.(IPPrefix)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected value type %T but got %T. This is a bug in the provider; please report it.", v, newValuable))
		return false, diags
	}
	return netaddr.SamePrefix(v.ValueString(), newValue.ValueString()), diags
}
