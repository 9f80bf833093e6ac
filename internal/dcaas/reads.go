package dcaas

import (
	"context"
	"fmt"
	"strings"
)

// Freshness says how old the data a read returns may be. Whatever it
// allows, a read never returns data fetched before this process's own last
// write to what it reads. The zero value is Fresh.
type Freshness int

const (
	// Fresh is data fetched after the call began: for checks right before
	// a change, and wherever a change made elsewhere must show. A read of
	// one interface or peer asks for that interface alone.
	Fresh Freshness = iota
	// Recent is data fetched at most the shared view's maximum age (3 s)
	// ago, by a list call shared with concurrent reads: for the checks of a
	// plan, which many resources make at once.
	Recent
	// OfThisRefresh is data fetched at most the view's maximum age ago, or
	// since the run of reads that this read continues began (none more than
	// the maximum age after the one before): as a Terraform refresh may
	// use, so that a refresh of thousands of peers lists the project once,
	// however long it takes.
	OfThisRefresh
	// freshShared is Fresh through a list call shared with concurrent
	// callers: for the checks of waits, each of which would otherwise cost
	// a request, and the read before a create.
	freshShared
)

// VirtualInterface reads interface vifID with its peers, as fresh as f
// says. A missing interface is the API's not-found error.
func (c *Client) VirtualInterface(ctx context.Context, vifID string, f Freshness) (*VirtualInterface, error) {
	return c.interfaceWith(ctx, vifID, "", f, nil)
}

// VifPeer reads the peer peerID of interface vifID, as fresh as f says. A
// missing interface or peer is ErrPeerNotFound.
func (c *Client) VifPeer(ctx context.Context, vifID, peerID string, f Freshness) (*VifPeer, error) {
	vif, err := c.interfaceWith(ctx, vifID, peerID, f, func(vif *VirtualInterface) bool { return vif.HasPeer(peerID) })
	if IsNotFound(err) {
		return nil, fmt.Errorf("virtual interface %s: %w", vifID, ErrPeerNotFound)
	}
	if err != nil {
		return nil, err
	}
	peer, ok := vif.PeerByID(peerID)
	if !ok {
		return nil, fmt.Errorf("peer %s on virtual interface %s: %w", peerID, vifID, ErrPeerNotFound)
	}
	return peer, nil
}

// VifPeerOfFamily reads the peer of one address family (in any letter
// case) of interface vifID, as fresh as f says. A missing interface is the
// API's not-found error; an interface without such a peer is
// ErrPeerNotFound.
func (c *Client) VifPeerOfFamily(ctx context.Context, vifID, family string, f Freshness) (*VifPeer, error) {
	vif, err := c.interfaceWith(ctx, vifID, "", f, func(vif *VirtualInterface) bool {
		_, ok := vif.PeerOfFamily(family)
		return ok
	})
	if err != nil {
		return nil, err
	}
	if peer, ok := vif.PeerOfFamily(family); ok {
		return peer, nil
	}
	return nil, fmt.Errorf("virtual interface %s has no %s peer: %w", vifID, strings.ToLower(family), ErrPeerNotFound)
}

// VifPeerInProject looks for a peer by id alone, on every interface of the
// project, in a listing of the whole project as fresh as f says, shared
// with concurrent callers. A peer on none is ErrPeerNotFound.
func (c *Client) VifPeerInProject(ctx context.Context, peerID string, f Freshness) (*VifPeer, error) {
	return c.view.peerInProject(ctx, peerID, f)
}

// interfaceWith reads interface vifID as fresh as f says: for Fresh, the
// interface's own answer; else through the shared view (see
// view.interfaceWith for has and peerID).
func (c *Client) interfaceWith(ctx context.Context, vifID, peerID string, f Freshness, has func(*VirtualInterface) bool) (*VirtualInterface, error) {
	if f == Fresh {
		return c.getVirtualInterface(ctx, vifID)
	}
	return c.view.interfaceWith(ctx, vifID, peerID, f, has)
}
