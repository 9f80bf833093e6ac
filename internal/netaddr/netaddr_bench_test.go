package netaddr

import (
	"fmt"
	"slices"
	"testing"
)

func BenchmarkParseGatewayAddress(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range []string{"5.5.5.1/30", "fd00::1/64"} {
			if _, err := ParseGatewayAddress(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkParseNetworkCIDR(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range []string{"10.0.0.0/24", "fd01::/64"} {
			if _, err := ParseNetworkCIDR(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkCheckGatewayPair(b *testing.B) {
	local, _ := ParseGatewayAddress("5.5.5.1/30")
	remote, _ := ParseGatewayAddress("5.5.5.2/30")
	b.ReportAllocs()
	for b.Loop() {
		if err := CheckGatewayPair(local, remote); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSameCIDRSet compares a peer's subnets with the same subnets
// reversed: its time per subnet must stay flat as the subnets grow.
func BenchmarkSameCIDRSet(b *testing.B) {
	for _, n := range []int{500, 2000, 5000} {
		a := make([]string, n)
		for i := range a {
			a[i] = fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)
		}
		reversed := slices.Clone(a)
		slices.Reverse(reversed)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !SameCIDRSet(a, reversed) {
					b.Fatal("the same subnets differ")
				}
			}
		})
	}
}
