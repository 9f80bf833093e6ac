// Package netaddr holds the pure address rules of this provider: how the
// API's spellings of addresses and subnets compare. It knows nothing of
// Terraform or HTTP, so the client, the validators and the schema types all
// share one definition.
package netaddr

import "net/netip"

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
// and spelling.
func SameCIDRSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	matched := make([]bool, len(b))
	for _, x := range a {
		found := false
		for j, y := range b {
			if !matched[j] && SamePrefix(x, y) {
				matched[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
