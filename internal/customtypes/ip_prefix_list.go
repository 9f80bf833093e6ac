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
	_ basetypes.ListTypable                    = IPPrefixListType{}
	_ basetypes.ListValuableWithSemanticEquals = IPPrefixList{}
)

// IPPrefixListType is a list of IP prefixes that means a set: two lists are
// semantically equal when they hold the same prefixes, however written and
// in whatever order. It stands in for a set because terraform-plugin-framework
// compares a set's elements pairwise in several places, so that a set of
// thousands of subnets costs minutes where a list costs a second; this type
// compares canonical forms by hashing, in time linear in the prefixes.
// Uniqueness is not the type's: a validator checks it at plan time.
type IPPrefixListType struct {
	basetypes.ListType
}

// NewIPPrefixListType is the type, its elements of IPPrefixType.
func NewIPPrefixListType() IPPrefixListType {
	return IPPrefixListType{ListType: basetypes.ListType{ElemType: IPPrefixType{}}}
}

func (t IPPrefixListType) String() string { return "customtypes.IPPrefixListType" }

func (t IPPrefixListType) ValueType(context.Context) attr.Value { return IPPrefixList{} }

func (t IPPrefixListType) Equal(o attr.Type) bool {
	other, ok := o.(IPPrefixListType)
	return ok && t.ListType.Equal(other.ListType)
}

func (t IPPrefixListType) ValueFromList(_ context.Context, in basetypes.ListValue) (basetypes.ListValuable, diag.Diagnostics) {
	return IPPrefixList{ListValue: in}, nil
}

func (t IPPrefixListType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	value, err := t.ListType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	listValue, ok := value.(basetypes.ListValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", value)
	}
	return IPPrefixList{ListValue: listValue}, nil
}

// IPPrefixList is a value of IPPrefixListType.
type IPPrefixList struct {
	basetypes.ListValue
}

// NewIPPrefixListValue returns a known list of prefixes, in the given order.
func NewIPPrefixListValue(prefixes []string) IPPrefixList {
	elements := make([]attr.Value, len(prefixes))
	for i, p := range prefixes {
		elements[i] = NewIPPrefixValue(p)
	}
	return IPPrefixList{ListValue: basetypes.NewListValueMust(IPPrefixType{}, elements)}
}

func (v IPPrefixList) Type(context.Context) attr.Type { return NewIPPrefixListType() }

func (v IPPrefixList) Equal(o attr.Value) bool {
	other, ok := o.(IPPrefixList)
	return ok && v.ListValue.Equal(other.ListValue)
}

// Prefixes returns the known elements as written; ok is false when the list
// or an element is null or unknown.
func (v IPPrefixList) Prefixes(ctx context.Context) (prefixes []string, ok bool) {
	if v.IsNull() || v.IsUnknown() {
		return nil, false
	}
	elements := v.Elements()
	prefixes = make([]string, len(elements))
	for i, element := range elements {
		s, isString := element.(basetypes.StringValuable)
		if !isString || element.IsNull() || element.IsUnknown() {
			return nil, false
		}
		value, diags := s.ToStringValue(ctx)
		if diags.HasError() {
			return nil, false
		}
		prefixes[i] = value.ValueString()
	}
	return prefixes, true
}

// ListSemanticEquals reports whether both lists hold the same prefixes,
// each as many times, in any order and spelling.
func (v IPPrefixList) ListSemanticEquals(ctx context.Context, newValuable basetypes.ListValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	newValue, ok := newValuable.(IPPrefixList)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected value type %T but got %T. This is a bug in the provider; please report it.", v, newValuable))
		return false, diags
	}
	prior, priorKnown := v.Prefixes(ctx)
	proposed, proposedKnown := newValue.Prefixes(ctx)
	if !priorKnown || !proposedKnown {
		return v.Equal(newValue), diags
	}
	return netaddr.SameCIDRSet(prior, proposed), diags
}
