package netaddr

import "testing"

func TestSamePrefix(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"FD00::1/64", "fd00::1/64", true},
		{"FD00:0:0:0:0:0:0:1/64", "fd00::1/64", true},
		{"5.5.5.1/30", "5.5.5.1/30", true},
		{"5.5.5.1/30", "5.5.5.1/29", false},
		{"5.5.5.1/30", "5.5.5.2/30", false},
		{"x", "x", true},
		{"x", "y", false},
	}
	for _, tc := range cases {
		if got := SamePrefix(tc.a, tc.b); got != tc.want {
			t.Errorf("SamePrefix(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// PrefixKey must agree with SamePrefix on every pair: equal keys exactly
// for the same prefix.
func TestPrefixKeyAgreesWithSamePrefix(t *testing.T) {
	items := []string{"FD00:0:0:0:0:0:0:1/64", "fd00::1/64", "fd00::1/65", "fd00::2/64", "5.5.5.1/30",
		"::ffff:5.5.5.1/126", "10.0.0.0/24", "010.0.0.0/24", "not-a-prefix", "NOT-A-PREFIX", "10.0.0.0/24 "}
	for _, a := range items {
		for _, b := range items {
			if same, keys := SamePrefix(a, b), PrefixKey(a) == PrefixKey(b); same != keys {
				t.Errorf("%q, %q: SamePrefix %v, same key %v", a, b, same, keys)
			}
		}
	}
}

func TestSameCIDRSet(t *testing.T) {
	cases := []struct {
		a, b []string
		want bool
	}{
		{nil, []string{}, true},
		{[]string{"10.0.0.0/24", "10.1.0.0/24"}, []string{"10.1.0.0/24", "10.0.0.0/24"}, true},
		{[]string{"FD00:1::/48"}, []string{"fd00:1::/48"}, true},
		{[]string{"10.0.0.0/24"}, []string{"10.0.0.0/24", "10.1.0.0/24"}, false},
		{[]string{"10.0.0.0/24", "10.0.0.0/24"}, []string{"10.0.0.0/24", "10.1.0.0/24"}, false},
		{[]string{"fd00:0000:0000::0001/64", "5.5.5.1/30"}, []string{"5.5.5.1/30", "FD00::1/64"}, true},
		{[]string{"5.5.5.1/30"}, []string{"::ffff:5.5.5.1/126"}, false},
		{[]string{"not-a-prefix"}, []string{"NOT-A-PREFIX"}, false},
		{[]string{"not-a-prefix"}, []string{"not-a-prefix"}, true},
	}
	for _, tc := range cases {
		if got := SameCIDRSet(tc.a, tc.b); got != tc.want {
			t.Errorf("SameCIDRSet(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
