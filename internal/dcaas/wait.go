package dcaas

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Waiting on the service lives here: for a peer's status (the finder is
// VifPeer through the shared view, the status is judged by readiness, then
// the waits), for a detection or a switchover test to end (judged by
// detectionFinished and switchoverFinished), and for the service to take a
// change it refuses for the moment, the update or delete of a busy peer and
// the delete of an interface's last peer. Each polls on its schedule
// (poll.go).

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
func (c *Client) WaitVifPeerReady(ctx context.Context, vifID, peerID string) (*VifPeer, error) {
	var last *VifPeer
	err := c.pollStatus(ctx, func() (bool, error) {
		peer, err := c.VifPeer(ctx, vifID, peerID, freshShared)
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
func (c *Client) WaitVifPeerDeleted(ctx context.Context, vifID, peerID string) (lastStatus string, err error) {
	err = c.pollStatus(ctx, func() (bool, error) {
		peer, err := c.VifPeer(ctx, vifID, peerID, freshShared)
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
func (c *Client) pollStatus(ctx context.Context, check func() (bool, error)) error {
	anchor, leave := c.view.joinWaits()
	defer leave()
	return poll(ctx, c.settings.polls.statusChecks.onClock(anchor), check)
}

// retryWhileBusy calls op until the peer is no longer busy (in a PENDING_*
// state), or ctx ends.
func (c *Client) retryWhileBusy(ctx context.Context, op func() error) error {
	// busy is op's refusal, while this waits to call it again.
	var busy error
	err := poll(ctx, c.settings.polls.busyRetries, func() (bool, error) {
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
	err := poll(ctx, c.settings.polls.lastPeerAsks, func() (bool, error) {
		asking = false
		vif, err := c.getVirtualInterface(ctx, vifID)
		if err != nil {
			return false, err
		}
		if vif.OtherPeersRemaining(peerID) > 0 {
			err := c.retryWhileBusy(ctx, func() error { return c.deleteVifPeer(ctx, peerID) })
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

// ErrOperationFailed is in the error of a wait that saw a detection end in
// status error or a switchover test in ERROR.
var ErrOperationFailed = errors.New("the operation failed")

// detectionFinished judges a detection a wait read: finished once complete
// or error. Any other status means the service is still working.
func detectionFinished(d *VifPeerDetection) (bool, error) {
	switch d.Status {
	case DetectionComplete:
		return true, nil
	case DetectionError:
		return true, fmt.Errorf("connectivity detection %s of peer %s ended in status %s (request id %s): %w",
			d.ID, d.VifPeerID, d.Status, d.RequestID, ErrOperationFailed)
	}
	return false, nil
}

// WaitVifPeerDetectionFinished polls detection id until it is complete or
// ends in error, and returns it as last read, also with an error. progress,
// when not nil, is called with each read that shows it still running.
func (c *Client) WaitVifPeerDetectionFinished(ctx context.Context, id string, progress func(VifPeerDetection)) (*VifPeerDetection, error) {
	var last *VifPeerDetection
	err := c.pollStatus(ctx, func() (bool, error) {
		d, err := c.GetVifPeerDetection(ctx, id)
		if err != nil {
			return false, err
		}
		last = d
		done, err := detectionFinished(d)
		if !done && progress != nil {
			progress(*d)
		}
		return done, err
	})
	if err != nil && last != nil && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("timed out with connectivity detection %s of peer %s still %s: %w", id, last.VifPeerID, last.Status, err)
	}
	return last, err
}

// switchoverFinished judges a switchover test a wait read: finished once
// COMPLETE or ERROR.
func switchoverFinished(r *SwitchoverTestRecord) (bool, error) {
	switch r.OperateStatus {
	case SwitchoverComplete:
		return true, nil
	case SwitchoverError:
		return true, fmt.Errorf("%s switchover test %s of virtual interface %s ended in status %s: %w",
			r.Operation, r.ID, r.ResourceID, r.OperateStatus, ErrOperationFailed)
	}
	return false, nil
}

// WaitSwitchoverTestFinished polls switchover test recordID of interface
// vifID until it is COMPLETE or ERROR, and returns it as last read, also
// with an error. progress, when not nil, is called with each read that
// shows it still running. The API has no read of one record, so each
// check lists the interface's.
func (c *Client) WaitSwitchoverTestFinished(ctx context.Context, vifID, recordID string, progress func(SwitchoverTestRecord)) (*SwitchoverTestRecord, error) {
	var last *SwitchoverTestRecord
	err := c.pollStatus(ctx, func() (bool, error) {
		records, err := c.ListSwitchoverTestRecords(ctx, SwitchoverListOptions{ResourceIDs: []string{vifID}})
		if err != nil {
			return false, err
		}
		i := slices.IndexFunc(records, func(r SwitchoverTestRecord) bool { return r.ID == recordID })
		if i < 0 {
			return false, fmt.Errorf("switchover test %s is not among the records of virtual interface %s", recordID, vifID)
		}
		last = &records[i]
		done, err := switchoverFinished(last)
		if !done && progress != nil {
			progress(*last)
		}
		return done, err
	})
	// Once it has ended, the interface and its peers show its effect.
	c.view.changed(vifID)
	if err != nil && last != nil && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("timed out with %s switchover test %s of virtual interface %s still %s: %w",
			last.Operation, recordID, vifID, last.OperateStatus, err)
	}
	return last, err
}
