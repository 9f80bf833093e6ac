package wording

import "testing"

func TestAnd(t *testing.T) {
	for _, tc := range []struct {
		items []string
		want  string
	}{
		{nil, ""},
		{[]string{"a query"}, "a query"},
		{[]string{"a query", "a fragment"}, "a query and a fragment"},
		{[]string{"user information", "a query", "a fragment"}, "user information, a query and a fragment"},
	} {
		if got := And(tc.items); got != tc.want {
			t.Errorf("And(%q) = %q, want %q", tc.items, got, tc.want)
		}
	}
}
