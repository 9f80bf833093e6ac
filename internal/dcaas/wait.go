package dcaas

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Waiting on the service lives here: for a peer's status (the finder is the
// view's FindVifPeerFresh, the status is judged by readiness, then the
// waits), and for the service to take a change it refuses for the moment,
// the update or delete of a busy peer and the delete of an interface's last
// peer. Each polls on its schedule (poll.go).

// ErrProvisioningFailed is in the error of a wait that saw the peer reach
// status ERROR.
var ErrProvisioningFailed = errors.New("provisioning failed")

// readiness judges the peer that a wait for it to be ready found: ready
// once ACTIVE or DOWN, failed in ERROR. Any other status, one the contract
// names or not, means the service is still working.
func readiness(peer *VifPeer) (ready bool, err error) {
	if peer.Status == StatusError {
		return false, fmt.Errorf("VIF peer %s reached status %s (request id %s): %w", peer.ID, peer.Status, peer.RequestID, ErrProvisioningFailed)
	}
	return !InProgress(peer.Status), nil
}

// WaitVifPeerReady polls until the peer leaves every in-progress status. It
// returns the last peer seen, also with an error, so callers keep the
// freshest state.
func (v *View) WaitVifPeerReady(ctx context.Context, vifID, peerID string) (*VifPeer, error) {
	var last *VifPeer
	err := v.pollStatus(ctx, func() (bool, error) {
		peer, err := v.FindVifPeerFresh(ctx, vifID, peerID)
		if err != nil {
			return false, err
		}
		last = peer
		return readiness(peer)
	})
	if err != nil && last != nil && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("timed out with the peer still in status %s: %w", last.Status, err)
	}
	return last, err
}

// WaitVifPeerDeleted polls until the peer no longer shows on its interface.
// lastStatus is the status it was last seen in, empty when it never was.
func (v *View) WaitVifPeerDeleted(ctx context.Context, vifID, peerID string) (lastStatus string, err error) {
	err = v.pollStatus(ctx, func() (bool, error) {
		peer, err := v.FindVifPeerFresh(ctx, vifID, peerID)
		if IsNotFound(err) {
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

// pollStatus calls check on the schedule statusChecks, on the clock of the
// waits running, until it reports done or an error, or ctx ends.
func (v *View) pollStatus(ctx context.Context, check func() (bool, error)) error {
	anchor, leave := v.joinWaits()
	defer leave()
	return poll(ctx, statusChecks.onClock(anchor), check)
}

// retryWhileBusy calls op until the peer is no longer busy (in a PENDING_*
// state), or ctx ends.
func retryWhileBusy(ctx context.Context, op func() error) error {
	// busy is op's refusal, while this waits to call it again.
	var busy error
	err := poll(ctx, busyRetries, func() (bool, error) {
		err := op()
		busy = nil
		if IsBusy(err) {
			busy = err
			return false, nil
		}
		return true, err
	})
	if busy != nil && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timed out while the peer stayed busy: %w", busy)
	}
	return err
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
func (c *Client) deleteOnceNotLast(ctx context.Context, vifID, peerID string, refused error) error {
	var stillSince time.Time
	first := true
	// asking says whether this waits to read the interface again.
	asking := false
	err := poll(ctx, lastPeerAsks, func() (bool, error) {
		asking = false
		vif, err := c.GetVirtualInterface(ctx, vifID)
		if err != nil {
			return false, err
		}
		if vif.OtherPeersRemaining(peerID) > 0 {
			err := retryWhileBusy(ctx, func() error { return c.deleteVifPeer(ctx, peerID) })
			if !IsLastPeer(err) {
				return true, err
			}
		}
		wasFirst := first
		first = false
		switch {
		case vif.otherPeersChanging(peerID):
			stillSince = time.Time{}
		case wasFirst:
			return false, refused
		case stillSince.IsZero():
			stillSince = time.Now()
		case time.Since(stillSince) >= lastPeerSettleTime:
			return false, refused
		}
		asking = true
		return false, nil
	})
	if asking {
		return fmt.Errorf("%w while the interface was still changing; the service had refused the delete: %s", err, refused.Error())
	}
	return err
}
