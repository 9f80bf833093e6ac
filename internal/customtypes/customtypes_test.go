package customtypes

import (
	"context"
	"testing"
)

func TestCaseInsensitiveStringSemanticEquals(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"IPv4", "ipv4", true},
		{"IPV6", "ipv6", true},
		{"ipv4", "ipv6", false},
		{"ipv4", "ipv4 ", false},
	}
	for _, tc := range cases {
		got, diags := NewCaseInsensitiveStringValue(tc.a).StringSemanticEquals(context.Background(), NewCaseInsensitiveStringValue(tc.b))
		if diags.HasError() || got != tc.want {
			t.Errorf("%q vs %q: %v %v, want %v", tc.a, tc.b, got, diags, tc.want)
		}
	}
}

func TestIPPrefixSemanticEquals(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"FD00:0:0:0:0:0:0:1/64", "fd00::1/64", true},
		{"fd00:0000:0000::0001/64", "fd00::1/64", true},
		{"FD00:1::/48", "fd00:1::/48", true},
		{"5.5.5.1/30", "5.5.5.1/30", true},
		{"fd00::1/64", "fd00::1/65", false},
		{"fd00::1/64", "fd00::2/64", false},
		{"5.5.5.1/30", "::ffff:5.5.5.1/126", false},
		{"not-a-prefix", "NOT-A-PREFIX", false},
	}
	for _, tc := range cases {
		got, diags := NewIPPrefixValue(tc.a).StringSemanticEquals(context.Background(), NewIPPrefixValue(tc.b))
		if diags.HasError() || got != tc.want {
			t.Errorf("%q vs %q: %v %v, want %v", tc.a, tc.b, got, diags, tc.want)
		}
	}
}

func TestSemanticEqualsRefusesOtherTypes(t *testing.T) {
	if _, diags := NewIPPrefixValue("fd00::1/64").StringSemanticEquals(context.Background(), NewCaseInsensitiveStringValue("fd00::1/64")); !diags.HasError() {
		t.Error("comparing an IPPrefix with another type gave no error")
	}
}
