package customtypes

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestIPPrefixListSemanticEquals(t *testing.T) {
	cases := []struct {
		name string
		a, b []string
		want bool
	}{
		{"same", []string{"10.0.0.0/24", "fd00:1::/48"}, []string{"10.0.0.0/24", "fd00:1::/48"}, true},
		{"other order", []string{"10.0.0.0/24", "10.1.0.0/24"}, []string{"10.1.0.0/24", "10.0.0.0/24"}, true},
		{"other spelling and order", []string{"fd00:0000:0000::0001/64", "FD00:1::/48"}, []string{"fd00:1::/48", "FD00:0:0:0:0:0:0:1/64"}, true},
		{"both empty", []string{}, []string{}, true},
		{"an entry more", []string{"10.0.0.0/24"}, []string{"10.0.0.0/24", "10.1.0.0/24"}, false},
		{"an entry less", []string{"10.0.0.0/24", "10.1.0.0/24"}, []string{"10.0.0.0/24"}, false},
		{"another prefix length", []string{"fd00::1/64"}, []string{"fd00::1/65"}, false},
		{"IPv4-mapped is not IPv4", []string{"5.5.5.1/30"}, []string{"::ffff:5.5.5.1/126"}, false},
		{"an entry twice is not once", []string{"10.0.0.0/24", "10.0.0.0/24"}, []string{"10.0.0.0/24", "10.1.0.0/24"}, false},
		{"unparsed entries as written", []string{"not-a-prefix"}, []string{"NOT-A-PREFIX"}, false},
	}
	for _, tc := range cases {
		got, diags := NewIPPrefixListValue(tc.a).ListSemanticEquals(context.Background(), NewIPPrefixListValue(tc.b))
		if diags.HasError() || got != tc.want {
			t.Errorf("%s: %q vs %q: %v %v, want %v", tc.name, tc.a, tc.b, got, diags, tc.want)
		}
	}
}

// A list holding an unknown or null element, or none at all, means the
// same only as the very same value.
func TestIPPrefixListSemanticEqualsOfValuesNotKnown(t *testing.T) {
	ctx := context.Background()
	known := NewIPPrefixListValue([]string{"10.0.0.0/24"})
	withUnknown := IPPrefixList{ListValue: types.ListValueMust(IPPrefixType{}, []attr.Value{IPPrefix{StringValue: types.StringUnknown()}})}
	unknown := IPPrefixList{ListValue: types.ListUnknown(IPPrefixType{})}
	null := IPPrefixList{ListValue: types.ListNull(IPPrefixType{})}
	for _, tc := range []struct {
		name string
		a, b IPPrefixList
		want bool
	}{
		{"unknown element", known, withUnknown, false},
		{"unknown", known, unknown, false},
		{"null", known, null, false},
		{"both null", null, null, true},
	} {
		if got, diags := tc.a.ListSemanticEquals(ctx, tc.b); diags.HasError() || got != tc.want {
			t.Errorf("%s: %v %v, want %v", tc.name, got, diags, tc.want)
		}
	}
}

func TestIPPrefixListSemanticEqualsRefusesOtherTypes(t *testing.T) {
	if _, diags := NewIPPrefixListValue(nil).ListSemanticEquals(context.Background(), types.ListValueMust(types.StringType, nil)); !diags.HasError() {
		t.Error("comparing an IPPrefixList with a plain list gave no error")
	}
}

// The framework builds values from Terraform's through the type: they must
// come back as IPPrefixList, of the same type, or semantic equality never
// runs.
func TestIPPrefixListTypeRoundTrip(t *testing.T) {
	ctx := context.Background()
	typ := NewIPPrefixListType()
	raw := tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "10.0.0.0/24")})
	value, err := typ.ValueFromTerraform(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	list, ok := value.(IPPrefixList)
	if !ok || !list.Equal(NewIPPrefixListValue([]string{"10.0.0.0/24"})) || !list.Type(ctx).Equal(typ) {
		t.Errorf("got %T %v", value, value)
	}
	if _, isPrefix := list.Elements()[0].(IPPrefix); !isPrefix {
		t.Errorf("element %T, want IPPrefix", list.Elements()[0])
	}
	if typ.Equal(types.ListType{ElemType: IPPrefixType{}}) {
		t.Error("the plain list type is taken for IPPrefixListType")
	}
}
