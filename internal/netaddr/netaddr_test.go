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
	}
	for _, tc := range cases {
		if got := SameCIDRSet(tc.a, tc.b); got != tc.want {
			t.Errorf("SameCIDRSet(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
