package customtypes

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var (
	_ basetypes.Int64Typable      = ASNType{}
	_ basetypes.Int64Valuable     = ASN{}
	_ xattr.ValidateableAttribute = ASN{}
)

// ASNType is an AS number: a whole number. Terraform hands any number to
// an integer attribute, and the framework's own conversion of a fraction
// fails as an error in the provider; this type takes the fraction in and
// reports it as the user's, on the attribute.
type ASNType struct {
	basetypes.Int64Type
}

func (t ASNType) String() string { return "customtypes.ASNType" }

func (t ASNType) ValueType(context.Context) attr.Value { return ASN{} }

func (t ASNType) Equal(o attr.Type) bool {
	_, ok := o.(ASNType)
	return ok
}

func (t ASNType) ValueFromInt64(_ context.Context, in basetypes.Int64Value) (basetypes.Int64Valuable, diag.Diagnostics) {
	return ASN{Int64Value: in}, nil
}

func (t ASNType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	if in.Type() != nil && in.Type().Is(tftypes.Number) && in.IsKnown() && !in.IsNull() {
		var number *big.Float
		if err := in.As(&number); err != nil {
			return nil, err
		}
		if !number.IsInt() {
			whole, _ := number.Int64()
			return ASN{Int64Value: basetypes.NewInt64Value(whole), notWhole: number.Text('g', -1)}, nil
		}
	}
	value, err := t.Int64Type.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	int64Value, ok := value.(basetypes.Int64Value)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", value)
	}
	return ASN{Int64Value: int64Value}, nil
}

// ASN is a value of ASNType.
type ASN struct {
	basetypes.Int64Value
	// notWhole is the number as configured when it has a fraction, which
	// no AS number has; empty otherwise.
	notWhole string
}

// NewASNValue is the AS number n.
func NewASNValue(n int64) ASN { return ASN{Int64Value: basetypes.NewInt64Value(n)} }

// NewASNNull is an AS number not set.
func NewASNNull() ASN { return ASN{Int64Value: basetypes.NewInt64Null()} }

func (v ASN) Type(context.Context) attr.Type { return ASNType{} }

func (v ASN) Equal(o attr.Value) bool {
	other, ok := o.(ASN)
	return ok && v.notWhole == other.notWhole && v.Int64Value.Equal(other.Int64Value)
}

// ValidateAttribute fails a number with a fraction.
func (v ASN) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.notWhole != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s is not a whole number; %s is an AS number, a whole number from 1 to 4294967295.", v.notWhole, req.Path))
	}
}
