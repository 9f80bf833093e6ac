package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// A wait checks at once, which ends it without delay when the service is
// quick, then every waitTick for the first few seconds, then every tenth of
// the time waited so far, up to waitMaxInterval: the wait ends at most a
// tenth of its length (and at least waitTick) after the peer is ready, and
// a provisioning of minutes costs a check every few seconds. Checks fall on
// multiples of waitTick counted from the oldest running wait, so concurrent
// waits share one list call per tick.
const (
	waitTick        = 300 * time.Millisecond
	waitMaxInterval = 5 * time.Second
)

// A request sent again (after the API refused it as busy, or a create that
// provably did nothing) waits first retryFirstDelay, then a delay growing
// by retryGrowth up to retryMaxDelay.
const (
	retryFirstDelay = 250 * time.Millisecond
	retryGrowth     = 1.5
	retryMaxDelay   = 2 * time.Second
)

// errPeerFailed is returned when provisioning ends in ERROR.
var errPeerFailed = errors.New("provisioning failed")

// interrupted tells whether err ended an operation because Terraform was
// interrupted (Ctrl-C), which cancels its context, as opposed to the
// operation's timeout, whose deadline ends it with DeadlineExceeded.
func interrupted(err error) bool {
	return errors.Is(err, context.Canceled)
}

// waitVifPeerReady polls until the peer leaves every in-progress status. It
// returns the last peer seen, also with an error, so callers keep the
// freshest state.
func waitVifPeerReady(ctx context.Context, view *dcaas.View, vifID, peerID string) (*dcaas.VifPeer, error) {
	var last *dcaas.VifPeer
	err := pollShared(ctx, view, func() (bool, error) {
		peer, err := view.FindVifPeerFresh(ctx, vifID, peerID)
		if err != nil {
			return false, err
		}
		last = peer
		tflog.Debug(ctx, "VIF peer status", map[string]any{"id": peerID, "status": peer.Status})
		switch peer.Status {
		case dcaas.StatusActive, dcaas.StatusDown:
			return true, nil
		case dcaas.StatusError:
			return false, fmt.Errorf("VIF peer %s reached status %s (request id %s): %w", peerID, peer.Status, peer.RequestID, errPeerFailed)
		}
		return false, nil
	})
	if err != nil && last != nil && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("timed out with the peer still in status %s: %w", last.Status, err)
	}
	return last, err
}

// waitVifPeerDeleted polls until the peer no longer shows on its interface.
// lastStatus is the status it was last seen in, empty when it never was.
func waitVifPeerDeleted(ctx context.Context, view *dcaas.View, vifID, peerID string) (lastStatus string, err error) {
	err = pollShared(ctx, view, func() (bool, error) {
		peer, err := view.FindVifPeerFresh(ctx, vifID, peerID)
		if dcaas.IsNotFound(err) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		lastStatus = peer.Status
		return false, nil
	})
	if err != nil && lastStatus != "" && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("timed out with the peer still in status %s: %w", lastStatus, err)
	}
	return lastStatus, err
}

// pollShared calls check at once, then on the schedule described at
// waitTick, until it reports done or an error, or ctx ends.
func pollShared(ctx context.Context, view *dcaas.View, check func() (bool, error)) error {
	anchor, leave := view.JoinWaits()
	defer leave()
	start := time.Now()
	for {
		checkedAt := time.Now()
		done, err := check()
		if err != nil || done {
			return err
		}
		if err := dcaas.Sleep(ctx, time.Until(nextCheck(anchor, checkedAt, checkedAt.Sub(start)))); err != nil {
			return err
		}
	}
}

// nextCheck is when a wait that has waited for elapsed and last checked at
// last checks again: the tick of the shared clock nearest to its interval.
func nextCheck(anchor, last time.Time, elapsed time.Duration) time.Time {
	interval := min(max(elapsed/10, waitTick), waitMaxInterval)
	earliest := last.Add(interval - waitTick/2).Sub(anchor)
	ticks := (earliest + waitTick - 1) / waitTick
	return anchor.Add(ticks * waitTick)
}

// retryWhileBusy calls op until the peer is no longer busy (in a PENDING_*
// state), or ctx ends.
func retryWhileBusy(ctx context.Context, op func() error) error {
	var opErr error
	delay := retryFirstDelay
	for {
		opErr = op()
		if !dcaas.IsBusy(opErr) {
			return opErr
		}
		tflog.Debug(ctx, "VIF peer busy, trying again", map[string]any{"error": opErr.Error()})
		if err := dcaas.Sleep(ctx, delay); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return fmt.Errorf("timed out while the peer stayed busy: %w", opErr)
			}
			return err
		}
		delay = min(time.Duration(float64(delay)*retryGrowth), retryMaxDelay)
	}
}

// lastPeerSettleTime is how long a virtual interface must stay still before
// a delete that the service refuses as the interface's last peer (DC.1302)
// is given up. When both peers of an interface are replaced in one apply,
// the other one is deleted meanwhile and its successor appears moments
// later; this delete can go through then.
const lastPeerSettleTime = 5 * time.Second

// deleteOnceNotLast sends a delete refused as the last peer's again once the
// interface has another peer, for as long as the interface keeps changing.
// It returns refused at once when nothing else on the interface is
// changing, and after lastPeerSettleTime of stillness otherwise.
func deleteOnceNotLast(ctx context.Context, client *dcaas.Client, vifID, peerID string, refused error) error {
	var stillSince time.Time
	for first := true; ; first = false {
		vif, err := client.GetVirtualInterface(ctx, vifID)
		if err != nil {
			return err
		}
		if otherPeersRemaining(vif, peerID) > 0 {
			err := retryWhileBusy(ctx, func() error { return client.DeleteVifPeer(ctx, peerID) })
			if !dcaas.IsLastPeer(err) {
				return err
			}
		}
		switch {
		case otherPeersChanging(vif, peerID):
			stillSince = time.Time{}
		case first:
			return refused
		case stillSince.IsZero():
			stillSince = time.Now()
		case time.Since(stillSince) >= lastPeerSettleTime:
			return refused
		}
		tflog.Debug(ctx, "last peer of a changing virtual interface, asking again", map[string]any{"id": peerID, "vif_id": vifID})
		if err := dcaas.Sleep(ctx, retryFirstDelay); err != nil {
			return fmt.Errorf("%w while the interface was still changing; the service had refused the delete: %s", err, refused.Error())
		}
	}
}

// otherPeersChanging tells whether a peer of vif other than peerID is in a
// PENDING_* state.
func otherPeersChanging(vif *dcaas.VirtualInterface, peerID string) bool {
	for _, p := range vif.VifPeers {
		if p.ID != peerID && strings.HasPrefix(p.Status, "PENDING_") {
			return true
		}
	}
	return false
}
