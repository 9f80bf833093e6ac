package customtypes

import (
	"context"
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
