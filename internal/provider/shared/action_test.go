package shared

import (
	"fmt"
	"testing"
	"time"
)

// A wait reports its first read of a running operation, then at most once
// per actionProgressInterval, however often it polls.
func TestProgressThrottle(t *testing.T) {
	start := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	p := NewProgressThrottle(start)
	var reported []time.Duration
	for at := time.Duration(0); at <= 25*time.Second; at += 500 * time.Millisecond {
		if elapsed, ok := p.Due(start.Add(at + 300*time.Millisecond)); ok {
			reported = append(reported, elapsed)
		}
	}
	want := []time.Duration{0, 10 * time.Second, 20 * time.Second}
	if fmt.Sprint(reported) != fmt.Sprint(want) {
		t.Errorf("reported at %v, want %v", reported, want)
	}
}
