//go:build unix && !linux

package serving

func waitParentGone(parent int) { pollParentGone(parent) }
