package netaddr

import "testing"

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
