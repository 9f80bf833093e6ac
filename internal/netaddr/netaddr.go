// Package netaddr holds the pure address rules of this provider: what a
// gateway or a subnet may be, and how the API's spellings of them compare.
// It knows nothing of Terraform or HTTP, so the client, the validators and
// the schema types all share one definition.
package netaddr

import (
	"fmt"
	"net/netip"
	"strings"
)

// SamePrefix reports whether a and b spell the same address and prefix
// length, such as FD00:0:0:0:0:0:0:1/64 and fd00::1/64. Strings that do not
// parse are the same only when identical.
func SamePrefix(a, b string) bool {
	pa, errA := netip.ParsePrefix(a)
	pb, errB := netip.ParsePrefix(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return pa == pb
}

// SameCIDRSet reports whether a and b hold the same subnets, in any order
// and spelling, each as many times. It counts canonical forms, so its cost
// grows with the subnets, not with their pairs.
func SameCIDRSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	counts := make(map[string]int, len(a))
	for _, x := range a {
		counts[PrefixKey(x)]++
	}
	for _, y := range b {
		key := PrefixKey(y)
		if counts[key] == 0 {
			return false
		}
		counts[key]--
	}
	return true
}

// PrefixKey is the canonical form of a prefix, equal for two strings
// exactly when SamePrefix holds: the parsed prefix written out, or the
// string itself when it does not parse (no such string is a canonical form).
func PrefixKey(s string) string {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.String()
	}
	return s
}

// ParseGatewayAddress parses a gateway given as host address with prefix
// length, such as 5.5.5.1/30 or fd00::1/64, and rejects an address that
// cannot be a host of its subnet: the network address, or on IPv4 the
// broadcast address. On /31, /127 and single-address prefixes every address
// is a host.
func ParseGatewayAddress(s string) (netip.Prefix, error) {
	prefix, err := netip.ParsePrefix(s)
	if err != nil {
		if _, addrErr := netip.ParseAddr(s); addrErr == nil && !strings.Contains(s, "/") {
			return netip.Prefix{}, fmt.Errorf("%q has no prefix length: write it as address/prefix, such as 5.5.5.1/30 or fd00::1/64", s)
		}
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address with prefix length, such as 5.5.5.1/30 or fd00::1/64", s)
	}
	if err := refuseIPv4Mapped(s, prefix); err != nil {
		return netip.Prefix{}, err
	}
	hostBits := prefix.Addr().BitLen() - prefix.Bits()
	if hostBits < 2 {
		return prefix, nil
	}
	if prefix.Addr() == prefix.Masked().Addr() {
		return netip.Prefix{}, fmt.Errorf("%q is the network address of %s, not a host address", s, prefix.Masked())
	}
	if prefix.Addr().Is4() && prefix.Addr() == lastAddr(prefix) {
		return netip.Prefix{}, fmt.Errorf("%q is the broadcast address of %s, not a host address", s, prefix.Masked())
	}
	return prefix, nil
}

// refuseIPv4Mapped rejects IPv4-mapped IPv6 addresses (::ffff:5.5.5.1): the
// API takes them for IPv4 addresses written as IPv6, of neither family.
func refuseIPv4Mapped(s string, p netip.Prefix) error {
	if !p.Addr().Is4In6() {
		return nil
	}
	return fmt.Errorf("%q is an IPv4-mapped IPv6 address, which the API refuses for both families: write an IPv4 address such as %s with address_family ipv4, or a plain IPv6 address", s, p.Addr().Unmap())
}

func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	addr, _ := netip.AddrFromSlice(b)
	return addr
}

// ParseNetworkCIDR parses a subnet in CIDR notation, such as 10.0.0.0/24,
// and rejects host bits set past the prefix, so that the API and the
// configuration always spell a subnet the same way.
func ParseNetworkCIDR(s string) (netip.Prefix, error) {
	prefix, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR block such as 10.0.0.0/24 or fd00:1::/64", s)
	}
	if err := refuseIPv4Mapped(s, prefix); err != nil {
		return netip.Prefix{}, err
	}
	if prefix.Masked() != prefix {
		return netip.Prefix{}, fmt.Errorf("%q has host bits set: the network is %s", s, prefix.Masked())
	}
	return prefix, nil
}

// AddressFamilyOf names the family of a prefix as the API does.
func AddressFamilyOf(p netip.Prefix) string {
	if p.Addr().Is4() {
		return "ipv4"
	}
	return "ipv6"
}

// CheckGatewayPair reports why a local and a remote gateway cannot form a
// point-to-point link: they must be different hosts of one subnet.
func CheckGatewayPair(local, remote netip.Prefix) error {
	if AddressFamilyOf(local) != AddressFamilyOf(remote) {
		return fmt.Errorf("local gateway %s and remote gateway %s are of different address families", local, remote)
	}
	if local.Bits() != remote.Bits() || local.Masked() != remote.Masked() {
		return fmt.Errorf("local gateway %s and remote gateway %s are not in the same subnet: both must share one prefix, such as 5.5.5.1/30 and 5.5.5.2/30", local, remote)
	}
	if local.Addr() == remote.Addr() {
		return fmt.Errorf("local gateway and remote gateway are both %s: they must be different hosts", local.Addr())
	}
	return nil
}

// FirstDuplicatePrefix returns the indexes of the first two entries of
// items that spell the same prefix, such as fd00:1::/48 and FD00:1::/48; ok
// is false when there are none. Entries that do not parse are compared as
// written.
func FirstDuplicatePrefix(items []string) (first, second int, ok bool) {
	seen := make(map[string]int, len(items))
	for i, item := range items {
		key := PrefixKey(item)
		if earlier, dup := seen[key]; dup {
			return earlier, i, true
		}
		seen[key] = i
	}
	return 0, 0, false
}

// NormalizeAddressFamily lower-cases an address family, so that IPv4 and
// ipv4 mean the same.
func NormalizeAddressFamily(s string) string {
	return strings.ToLower(s)
}
