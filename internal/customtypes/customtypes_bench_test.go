package customtypes

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkStringSemanticEquals compares the spellings a refresh and a plan
// compare for each peer: equal, differently written, and different.
func BenchmarkStringSemanticEquals(b *testing.B) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		a, b String[samePrefix]
	}{
		{"IPPrefix/same", NewIPPrefixValue("fd00::1/64"), NewIPPrefixValue("fd00::1/64")},
		{"IPPrefix/other spelling", NewIPPrefixValue("FD00:0:0:0:0:0:0:1/64"), NewIPPrefixValue("fd00::1/64")},
		{"IPPrefix/different", NewIPPrefixValue("10.0.0.1/30"), NewIPPrefixValue("10.0.0.2/30")},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := c.a.StringSemanticEquals(ctx, c.b); diags.HasError() {
					b.Fatal(diags)
				}
			}
		})
	}
	b.Run("CaseInsensitiveString", func(b *testing.B) {
		a, other := NewCaseInsensitiveStringValue("IPv4"), NewCaseInsensitiveStringValue("ipv4")
		b.ReportAllocs()
		for b.Loop() {
			if equal, _ := a.StringSemanticEquals(ctx, other); !equal {
				b.Fatal("IPv4 and ipv4 differ")
			}
		}
	})
}

// BenchmarkIPPrefixListSemanticEquals compares a list of subnets with the
// same subnets reversed and written otherwise, as a refresh does when the
// API answers in its own order and spelling: its time per subnet must stay
// flat as the subnets grow.
func BenchmarkIPPrefixListSemanticEquals(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{500, 2000, 5000} {
		prior, answered := make([]string, n), make([]string, n)
		for i := range prior {
			prior[i] = fmt.Sprintf("fd00:%x::/48", i)
			answered[n-1-i] = fmt.Sprintf("FD00:%X:0:0:0:0:0:0/48", i)
		}
		a, other := NewIPPrefixListValue(prior), NewIPPrefixListValue(answered)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if equal, _ := other.ListSemanticEquals(ctx, a); !equal {
					b.Fatal("the same subnets differ")
				}
			}
		})
	}
}
