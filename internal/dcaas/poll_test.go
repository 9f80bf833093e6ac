package dcaas

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestStatusCheckSchedule(t *testing.T) {
	anchor := time.Now()
	checks := defaultPollSchedules().statusChecks.onClock(anchor)
	for _, c := range []struct {
		elapsed  time.Duration
		min, max time.Duration
	}{
		{0, statusTick, statusTick},
		{7 * statusTick, statusTick, statusTick},
		{20 * time.Second, 1800 * time.Millisecond, 2100 * time.Millisecond},
		{3 * time.Minute, 4800 * time.Millisecond, 5100 * time.Millisecond},
	} {
		last := anchor.Add(c.elapsed)
		gap := checks.next(0, anchor, last, last).Sub(last)
		if gap < c.min || gap > c.max {
			t.Errorf("after waiting %s the next check is %s later, want %s to %s", c.elapsed, gap, c.min, c.max)
		}
	}
	// A wait that joins others checks on their ticks, counting its wait
	// from the start of its check.
	joined := anchor.Add(1234 * time.Millisecond)
	if next := checks.next(0, joined, joined, joined.Add(time.Second)); next.Sub(anchor)%statusTick != 0 || next.Sub(joined) > statusTick*3/2 {
		t.Errorf("a joining wait checks next at %s after the anchor, off the shared ticks", next.Sub(anchor))
	}
}

// Without a tick, a wait counts from the end of the try before: a slow try
// does not eat into it.
func TestScheduleWithoutTickWaitsAfterTheTry(t *testing.T) {
	busyRetries := defaultPollSchedules().busyRetries
	start := time.Now()
	ended := start.Add(time.Hour)
	if next := busyRetries.next(0, start, start, ended); next.Sub(ended) != busyRetries.first {
		t.Errorf("next try %s after the try ended, want %s", next.Sub(ended), busyRetries.first)
	}
}

// Waits grow by their factor up to their bound (the HTTP backoff's jitter
// is TestBackoffIsCappedWithJitter's).
func TestScheduleWaits(t *testing.T) {
	polls := defaultPollSchedules()
	for n, ms := range []float64{250, 375, 562.5, 843.75, 1265.625, 1898.4375, 2000, 2000} {
		if got, want := polls.busyRetries.wait(n, 0), time.Duration(ms*float64(time.Millisecond)); got != want {
			t.Errorf("busy retry %d: wait %s, want %s", n, got, want)
		}
	}
	for n, want := range []time.Duration{500 * time.Millisecond, time.Second} {
		if got := polls.createResends.wait(n, time.Hour); got != want {
			t.Errorf("create resend %d: wait %s, want %s", n, got, want)
		}
	}
	if got := polls.lastPeerAsks.wait(40, time.Hour); got != polls.lastPeerAsks.first {
		t.Errorf("a last peer's 40th ask waits %s, want %s", got, polls.lastPeerAsks.first)
	}
}

// poll stops at the first error or done, and when ctx ends while it waits.
func TestPollStops(t *testing.T) {
	tries := 0
	boom := errors.New("boom")
	err := poll(context.Background(), schedule{}, func() (bool, error) {
		tries++
		if tries == 3 {
			return false, boom
		}
		return false, nil
	})
	if !errors.Is(err, boom) || tries != 3 {
		t.Errorf("%d tries, err %v; want 3 and the try's error", tries, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	tries = 0
	err = poll(ctx, schedule{first: time.Hour}, func() (bool, error) { tries++; return false, nil })
	if !errors.Is(err, context.DeadlineExceeded) || tries != 1 {
		t.Errorf("%d tries, err %v; want 1 and the deadline", tries, err)
	}
}
