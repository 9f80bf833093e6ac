// Package wording holds the small rules of English that the client's
// errors and the provider's diagnostics share, so that both list things
// alike.
package wording

import "strings"

// And lists items as "a, b and c": "" for none, the item alone for one.
func And(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
