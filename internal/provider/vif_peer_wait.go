package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// Polling starts fast, so an apply ends soon after the peer is ready, and
// backs off to a cap, so a long provisioning does not hammer the API.
const (
	pollFirstDelay = 250 * time.Millisecond
	pollGrowth     = 1.5
	pollMaxDelay   = 2 * time.Second
)

// errPeerFailed is returned when provisioning ends in ERROR.
var errPeerFailed = errors.New("provisioning failed")

// waitVifPeerReady polls until the peer leaves every in-progress status. It
// returns the last peer seen, also with an error, so callers keep the
// freshest state.
func waitVifPeerReady(ctx context.Context, client *dcaas.Client, vifID, peerID string) (*dcaas.VifPeer, error) {
	var last *dcaas.VifPeer
	err := poll(ctx, false, func() (bool, error) {
		peer, err := client.FindVifPeer(ctx, vifID, peerID)
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
func waitVifPeerDeleted(ctx context.Context, client *dcaas.Client, vifID, peerID string) error {
	lastStatus := ""
	err := poll(ctx, false, func() (bool, error) {
		peer, err := client.FindVifPeer(ctx, vifID, peerID)
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
	return err
}

// retryWhileBusy calls op until the peer is no longer busy (in a PENDING_*
// state), or ctx ends.
func retryWhileBusy(ctx context.Context, op func() error) error {
	var opErr error
	err := poll(ctx, true, func() (bool, error) {
		opErr = op()
		if dcaas.IsBusy(opErr) {
			tflog.Debug(ctx, "VIF peer busy, trying again", map[string]any{"error": opErr.Error()})
			return false, nil
		}
		return true, opErr
	})
	if err != nil && opErr != nil && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timed out while the peer stayed busy: %w", opErr)
	}
	return err
}

// poll calls check, at once when immediate is set and otherwise after the
// first delay, then with growing delays, until it reports done or an error,
// or ctx ends.
func poll(ctx context.Context, immediate bool, check func() (bool, error)) error {
	delay := pollFirstDelay
	if !immediate {
		if err := dcaas.Sleep(ctx, delay); err != nil {
			return err
		}
	}
	for {
		done, err := check()
		if err != nil || done {
			return err
		}
		delay = min(time.Duration(float64(delay)*pollGrowth), pollMaxDelay)
		if err := dcaas.Sleep(ctx, delay); err != nil {
			return err
		}
	}
}
