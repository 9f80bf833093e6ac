package dcaas

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// The writes of a peer: each sends one request, and marks in the shared
// view what it changed. CreateVifPeer, which first makes sure the create
// can be sent, is in create.go.

// postVifPeer sends one create. The call is not idempotent, so it is retried
// only when the server provably did not act on it: the request never left
// this machine, or the server answered 429/503, which change nothing.
func (c *Client) postVifPeer(ctx context.Context, req CreateVifPeerRequest) (*VifPeer, error) {
	defer c.view.changed(req.VifID)
	ctx, stop := c.writeContext(ctx)
	defer stop()
	var out vifPeerEnvelope
	body := map[string]any{"vif_peer": req}
	if err := c.do(ctx, http.MethodPost, c.projectPath("vif-peers"), nil, body, &out); err != nil {
		return nil, err
	}
	if out.VifPeer.ID == "" {
		// Something answered success without a peer: whether the create
		// happened is unknown, and only the interface can tell.
		return nil, &TransportError{Method: http.MethodPost, Path: c.projectPath("vif-peers"), Sent: true,
			Err: errors.New("the answer holds no peer id")}
	}
	out.VifPeer.RequestID = out.RequestID
	return &out.VifPeer, nil
}

// UpdateVifPeer changes name, description or remote_ep_group of a peer.
// While the service refuses the update because the peer is busy (in a
// PENDING_* state), it is sent again, until ctx ends.
func (c *Client) UpdateVifPeer(ctx context.Context, peerID string, req UpdateVifPeerRequest) (*VifPeer, error) {
	var accepted *VifPeer
	err := c.retryWhileBusy(ctx, func() (err error) {
		accepted, err = c.putVifPeer(ctx, peerID, req)
		return err
	})
	return accepted, err
}

// putVifPeer sends one update.
func (c *Client) putVifPeer(ctx context.Context, peerID string, req UpdateVifPeerRequest) (*VifPeer, error) {
	defer c.view.changed(peerID)
	ctx, stop := c.writeContext(ctx)
	defer stop()
	var out vifPeerEnvelope
	body := map[string]any{"vif_peer": req}
	if err := c.do(ctx, http.MethodPut, c.projectPath("vif-peers", peerID), nil, body, &out); err != nil {
		return nil, err
	}
	out.VifPeer.RequestID = out.RequestID
	return &out.VifPeer, nil
}

// DeleteVifPeer asks for peer peerID of interface vifID to be deleted; it
// is gone once it no longer shows on its interface. While the service
// refuses the delete because the peer is busy, it is sent again, until ctx
// ends. Refused because the peer is the interface's last (IsLastPeer), it
// is sent again once the interface has another peer, for as long as the
// interface keeps changing; see deleteOnceNotLast.
func (c *Client) DeleteVifPeer(ctx context.Context, vifID, peerID string) error {
	err := c.retryWhileBusy(ctx, func() error { return c.deleteVifPeer(ctx, peerID) })
	if IsLastPeer(err) {
		err = c.deleteOnceNotLast(ctx, vifID, peerID, err)
	}
	return err
}

// deleteVifPeer sends one delete.
func (c *Client) deleteVifPeer(ctx context.Context, peerID string) error {
	defer c.view.changed(peerID)
	ctx, stop := c.writeContext(ctx)
	defer stop()
	return c.do(ctx, http.MethodDelete, c.projectPath("vif-peers", peerID), nil, nil, nil)
}

// writeContext is ctx for sending one write. A cancellation of ctx (the
// user interrupting) reaches it only after the request timeout, so that a
// write already on its way is answered: without its answer, what the write
// did, and which peer a create made, is unknown; an answer of 429 or 503
// within that time may have it sent again. ctx's deadline holds as it is.
// A write is started only while ctx is not cancelled; stop is to be called
// once it is answered.
func (c *Client) writeContext(ctx context.Context) (_ context.Context, stop func()) {
	var cancel context.CancelFunc
	writing := context.WithoutCancel(ctx)
	if deadline, ok := ctx.Deadline(); ok {
		writing, cancel = context.WithDeadline(writing, deadline)
	} else {
		writing, cancel = context.WithCancel(writing)
	}
	if ctx.Err() != nil {
		cancel()
		return writing, cancel
	}
	stopAfter := context.AfterFunc(ctx, func() { time.AfterFunc(c.settings.requestTimeout, cancel) })
	return writing, func() {
		stopAfter()
		cancel()
	}
}
