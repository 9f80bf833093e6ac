package dcaas

import (
	"context"
	"math/rand/v2"
	"time"
)

// A schedule says how long a step that is repeated waits before each try
// after the first: first, then each wait growth times the one before, and
// at least share of the time since the first try, up to max. Every retry
// and wait of the client follows one: the HTTP backoff, a create sent again
// after it provably did nothing, a request refused while the peer is busy,
// a last peer's delete asked again, and the waits for a peer's status.
type schedule struct {
	first time.Duration
	// growth is 1 when zero.
	growth float64
	share  float64
	// max bounds every wait, when set.
	max time.Duration
	// jitter draws each wait at random between half and all of it, so that
	// requests that failed together do not come back together.
	jitter bool
	// tick, when set, lines the tries up on a clock shared with other
	// polls, which started at anchor: each try starts at the tick nearest
	// to when its wait ends, the wait counted from the start of the try
	// before. Without a tick, a wait counts from the end of that try.
	tick   time.Duration
	anchor time.Time
}

// pollSchedules are the schedules of the client's polls.
type pollSchedules struct {
	// createResends space the creates sent again after one provably did
	// nothing: 0.5 s, then 1 s.
	createResends schedule
	// busyRetries space a request sent again while the service refuses it
	// because the peer is in a PENDING_* state.
	busyRetries schedule
	// lastPeerAsks space the reads of an interface whose last peer's delete
	// was refused while its other peers change.
	lastPeerAsks schedule
	// statusChecks are the checks of a wait for a peer's status: at once,
	// which ends the wait without delay when the service is quick, then
	// every statusTick for the first few seconds, then every tenth of the
	// time waited so far, up to statusMaxInterval. The wait thus ends at
	// most a tenth of its length (and at least statusTick) after the peer
	// is ready, and a provisioning of minutes costs a check every few
	// seconds. Checks fall on the ticks of the clock of the oldest running
	// wait, so concurrent waits share one list call per tick.
	statusChecks schedule
}

func defaultPollSchedules() pollSchedules {
	return pollSchedules{
		createResends: schedule{first: 500 * time.Millisecond, growth: 2},
		busyRetries:   schedule{first: 250 * time.Millisecond, growth: 1.5, max: 2 * time.Second},
		lastPeerAsks:  schedule{first: 250 * time.Millisecond},
		statusChecks:  schedule{first: statusTick, share: 0.1, max: statusMaxInterval, tick: statusTick},
	}
}

const (
	statusTick        = 300 * time.Millisecond
	statusMaxInterval = 5 * time.Second
)

// onClock is s with its ticks counted from anchor.
func (s schedule) onClock(anchor time.Time) schedule {
	s.anchor = anchor
	return s
}

// wait is the wait after try n (from 0), elapsed after the first began.
func (s schedule) wait(n int, elapsed time.Duration) time.Duration {
	growth := s.growth
	if growth == 0 {
		growth = 1
	}
	d := s.first
	for range n {
		if growth <= 1 || (s.max > 0 && d >= s.max) {
			break
		}
		d = time.Duration(float64(d) * growth)
	}
	d = max(d, time.Duration(float64(elapsed)*s.share))
	if s.max > 0 {
		d = min(d, s.max)
	}
	if s.jitter {
		half := d / 2
		d = half + rand.N(d-half+1) //nolint:gosec // jitter needs no cryptographic randomness
	}
	return d
}

// next is when the try after try n is due, in a poll that began at start,
// try n having begun at triedAt and ended at ended.
func (s schedule) next(n int, start, triedAt, ended time.Time) time.Time {
	if s.tick <= 0 {
		return ended.Add(s.wait(n, ended.Sub(start)))
	}
	anchor := s.anchor
	if anchor.IsZero() {
		anchor = start
	}
	earliest := triedAt.Add(s.wait(n, triedAt.Sub(start)) - s.tick/2).Sub(anchor)
	ticks := (earliest + s.tick - 1) / s.tick
	return anchor.Add(ticks * s.tick)
}

// poll calls try at once, then again on schedule s, until try reports done
// or fails, and returns its error; when ctx ends first, ctx's error.
func poll(ctx context.Context, s schedule, try func() (done bool, err error)) error {
	start := time.Now()
	for n := 0; ; n++ {
		triedAt := time.Now()
		if done, err := try(); err != nil || done {
			return err
		}
		if err := sleep(ctx, time.Until(s.next(n, start, triedAt, time.Now()))); err != nil {
			return err
		}
	}
}

// sleep waits for d, or until ctx ends, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
