package netaddr

import (
	"net/netip"
	"strings"
	"testing"
)

func TestParseGatewayAddress(t *testing.T) {
	cases := []struct {
		in      string
		wantErr string
	}{
		{"5.5.5.1/30", ""},
		{"5.5.5.2/30", ""},
		{"5.5.5.0/30", "network address"},
		{"5.5.5.3/30", "broadcast address"},
		{"10.0.0.0/31", ""},
		{"10.0.0.1/31", ""},
		{"10.0.0.7/32", ""},
		{"FD00::1/64", ""},
		{"fd00::/64", "network address"},
		{"fd00::ffff:ffff:ffff:ffff/64", ""},
		{"fd00::/127", ""},
		{"fd00::1/127", ""},
		{"5.5.5.1", "no prefix length"},
		{"5.5.5.1/33", "not an IP address"},
		{"gateway/30", "not an IP address"},
		{"fe80::1%eth0/64", "not an IP address"},
		{"", "not an IP address"},
	}
	for _, tc := range cases {
		_, err := ParseGatewayAddress(tc.in)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tc.in, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%q: error %v, want one about %q", tc.in, err, tc.wantErr)
		}
	}
}

func TestParseNetworkCIDR(t *testing.T) {
	for _, ok := range []string{"8.8.8.0/30", "10.0.0.0/8", "0.0.0.0/0", "fd00:1::/64", "192.0.2.7/32"} {
		if _, err := ParseNetworkCIDR(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for in, want := range map[string]string{
		"8.8.8.1/30": "the network is 8.8.8.0/30",
		"8.8.8.0":    "not a CIDR",
		"nope":       "not a CIDR",
		"fd00::1/64": "the network is fd00::/64",
	} {
		if _, err := ParseNetworkCIDR(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", in, err, want)
		}
	}
}

func TestCheckGatewayPair(t *testing.T) {
	p := netip.MustParsePrefix
	cases := []struct {
		local, remote string
		wantErr       string
	}{
		{"5.5.5.1/30", "5.5.5.2/30", ""},
		{"10.0.0.0/31", "10.0.0.1/31", ""},
		{"fd00::1/64", "FD00::2/64", ""},
		{"5.5.5.1/30", "5.5.5.1/30", "different hosts"},
		{"5.5.5.1/30", "5.5.5.6/30", "same subnet"},
		{"5.5.5.1/30", "5.5.5.2/29", "same subnet"},
		{"5.5.5.1/30", "fd00::2/64", "different address families"},
	}
	for _, tc := range cases {
		err := CheckGatewayPair(p(tc.local), p(tc.remote))
		if (tc.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("%s, %s: error %v, want %q", tc.local, tc.remote, err, tc.wantErr)
		}
	}
}

func FuzzParseGatewayAddress(f *testing.F) {
	for _, seed := range []string{"5.5.5.1/30", "fd00::1/64", "10.0.0.0/31", "1.2.3.4", "::/0", "255.255.255.255/32", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prefix, err := ParseGatewayAddress(s)
		if err != nil {
			return
		}
		// A host address of a subnet of more than two addresses is neither
		// its network nor, on IPv4, its broadcast address.
		if prefix.Addr().BitLen()-prefix.Bits() >= 2 && prefix.Addr() == prefix.Masked().Addr() {
			t.Fatalf("%q accepted as a host but is the network address", s)
		}
		if other, err := netip.ParsePrefix(s); err != nil || other != prefix {
			t.Fatalf("%q accepted but parses differently", s)
		}
	})
}

func FuzzParseNetworkCIDR(f *testing.F) {
	for _, seed := range []string{"8.8.8.0/30", "fd00:1::/64", "8.8.8.1/30", "0.0.0.0/0", "x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prefix, err := ParseNetworkCIDR(s)
		if err != nil {
			return
		}
		if prefix.Masked() != prefix {
			t.Fatalf("%q accepted with host bits set", s)
		}
		if !SamePrefix(prefix.String(), s) {
			t.Fatalf("%q accepted but does not round-trip", s)
		}
	})
}

func TestIPv4MappedAddressesRefused(t *testing.T) {
	if _, err := ParseGatewayAddress("::ffff:5.5.5.1/126"); err == nil || !strings.Contains(err.Error(), "IPv4-mapped") || !strings.Contains(err.Error(), "5.5.5.1") {
		t.Errorf("gateway: %v", err)
	}
	if _, err := ParseNetworkCIDR("::ffff:10.0.0.0/104"); err == nil || !strings.Contains(err.Error(), "IPv4-mapped") {
		t.Errorf("network: %v", err)
	}
	if _, err := ParseGatewayAddress("fd00::ffff:5.5.5.1/64"); err != nil {
		t.Errorf("an IPv6 address with a dotted tail that is not mapped: %v", err)
	}
}

func TestFirstDuplicatePrefix(t *testing.T) {
	cases := []struct {
		items         []string
		first, second int
		found         bool
	}{
		{[]string{"fd00:1::/48", "10.0.0.0/8", "FD00:1::/48"}, 0, 2, true},
		{[]string{"10.0.0.0/8", "fd00:1:0::/48", "fd00:1::/48"}, 1, 2, true},
		{[]string{"x", "10.0.0.0/8", "x"}, 0, 2, true},
		{[]string{"fd00:1::/48", "fd00:1::/49"}, 0, 0, false},
		{[]string{"x", "X"}, 0, 0, false},
		{nil, 0, 0, false},
	}
	for _, tc := range cases {
		first, second, found := FirstDuplicatePrefix(tc.items)
		if first != tc.first || second != tc.second || found != tc.found {
			t.Errorf("%v: %d %d %v", tc.items, first, second, found)
		}
	}
}
