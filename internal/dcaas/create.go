package dcaas

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
)

// MaxCreateAttempts bounds how often a create is sent after answers that
// left its fate unknown, each time only after the interface was read and
// shown to hold no such peer.
const MaxCreateAttempts = 3

// lookupAfterCancelTimeout bounds the read that finds out what an
// interrupted create did: the user wants to stop, but not to lose a peer.
const lookupAfterCancelTimeout = 30 * time.Second

// createRetryDelay is the pause before a create that provably did nothing
// is sent again; it doubles with each attempt.
var createRetryDelay = 500 * time.Millisecond

// CreateVifPeer creates a peer and returns it, without ever making a second
// one or taking over one that this call did not make.
//
// The interface is read first: when its address family is taken, nothing is
// sent and the error names the peer that holds it. When a create's answer
// leaves its fate unknown (no answer, or 500/502/504), the interface is read
// again: a peer of the family that was not there before and matches every
// field sent is the one this call made; any other is reported; none at all
// proves the create did nothing, and only then is it sent again.
func (c *Client) CreateVifPeer(ctx context.Context, req CreateVifPeerRequest) (*VifPeer, error) {
	before, err := c.view.interfaceFresh(ctx, req.VifID)
	if err != nil {
		return nil, fmt.Errorf("reading virtual interface %s before creating a peer on it: %w", req.VifID, err)
	}
	if holder, taken := before.PeerOfFamily(req.AddressFamily); taken {
		_, kept := c.keptLastPeers.Load(holder.ID)
		return nil, &FamilyTakenError{Holder: *holder, KeptAsLastPeer: kept}
	}
	fateUnknown := false
	for attempt := 1; ; attempt++ {
		peer, postErr := c.postVifPeer(ctx, req)
		if postErr == nil {
			return peer, nil
		}
		if !IsAmbiguous(postErr) && !IsAddressFamilyTaken(postErr) {
			return nil, postErr
		}
		// Once an attempt's fate was unknown, a later DC.1301 may be that
		// attempt's own peer, committed late.
		fateUnknown = fateUnknown || IsAmbiguous(postErr)
		after, readErr := c.readEvenIfCancelled(ctx, req.VifID)
		if readErr != nil {
			return nil, fmt.Errorf("%w\n\nReading virtual interface %s to learn what the create did failed as well: %w", postErr, req.VifID, readErr)
		}
		decision := decideAfterFailedCreate(postErr, fateUnknown, req, before, after, attempt)
		if !decision.retry {
			return decision.peer, decision.err
		}
		if err := Sleep(ctx, createRetryDelay<<(attempt-1)); err != nil {
			return nil, errors.Join(postErr, err)
		}
	}
}

// createDecision is what a failed create leads to: a peer to adopt, an
// error, or another try.
type createDecision struct {
	peer  *VifPeer
	err   error
	retry bool
}

// decideAfterFailedCreate judges a create that failed with postErr, from the
// interface as it was before the create and as it is now. fateUnknown says
// whether this or an earlier attempt may have made a peer unseen.
func decideAfterFailedCreate(postErr error, fateUnknown bool, req CreateVifPeerRequest, before, after *VirtualInterface, attempt int) createDecision {
	holder, _ := after.PeerOfFamily(req.AddressFamily)
	switch {
	case holder == nil && IsAddressFamilyTaken(postErr):
		// The holder went away between the answer and the read.
		return createDecision{err: postErr}
	case holder == nil && attempt < MaxCreateAttempts:
		return createDecision{retry: true}
	case holder == nil:
		return createDecision{err: postErr}
	case fateUnknown && !hasPeer(before, holder.ID) && MatchesCreateRequest(holder, req):
		return createDecision{peer: holder}
	}
	return createDecision{err: &FamilyTakenError{Holder: *holder, Cause: postErr}}
}

func (c *Client) readEvenIfCancelled(ctx context.Context, vifID string) (*VirtualInterface, error) {
	lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupAfterCancelTimeout)
	defer cancel()
	return c.GetVirtualInterface(lookupCtx, vifID)
}

func hasPeer(vif *VirtualInterface, peerID string) bool {
	_, ok := vif.PeerByID(peerID)
	return ok
}

// MatchesCreateRequest tells whether peer holds every value req sent, in
// the API's spelling.
func MatchesCreateRequest(peer *VifPeer, req CreateVifPeerRequest) bool {
	return peer.VifID == req.VifID &&
		peer.Name == req.Name &&
		peer.Description == req.Description &&
		strings.EqualFold(peer.AddressFamily, req.AddressFamily) &&
		netaddr.SamePrefix(peer.LocalGatewayIP, req.LocalGatewayIP) &&
		netaddr.SamePrefix(peer.RemoteGatewayIP, req.RemoteGatewayIP) &&
		RouteModeOrDefault(peer.RouteMode) == RouteModeOrDefault(req.RouteMode) &&
		equalPointers(peer.BGPASN, req.BGPASN) &&
		equalPointers(peer.BGPMD5, req.BGPMD5) &&
		netaddr.SameCIDRSet(peer.RemoteEPGroup, req.RemoteEPGroup)
}

// RouteModeOrDefault is the route mode, static when none is given, as the
// API takes a create without one.
func RouteModeOrDefault(mode string) string {
	if mode == "" {
		return RouteModeStatic
	}
	return mode
}

func equalPointers[T comparable](a, b *T) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// FamilyTakenError says which peer holds the address family a create
// wanted. Cause is the create's own failure, when one was sent.
type FamilyTakenError struct {
	Holder VifPeer
	Cause  error
	// KeptAsLastPeer says that this client asked to delete Holder and the
	// service refused, as the last peer of its interface: the create is
	// the second half of a replacement that cannot happen.
	KeptAsLastPeer bool
}

func (e *FamilyTakenError) Error() string {
	p := e.Holder
	if e.KeptAsLastPeer {
		return fmt.Sprintf("virtual interface %s still has its %s peer %s (name %q, gateways %s and %s, status %s): this run asked to delete it, "+
			"to replace it, but the service keeps the last peer of an interface (%s), and holds one peer per address family (%s), "+
			"so the peer cannot be replaced. It left Terraform's state when its delete was refused; bring it back with "+
			"terraform import <address> %s/%s, and add a peer of the other address family to the interface before replacing it",
			p.VifID, p.AddressFamily, p.ID, p.Name, p.LocalGatewayIP, p.RemoteGatewayIP, p.Status,
			CodeLastPeer, CodeAddressFamilyTaken, p.VifID, p.ID)
	}
	msg := fmt.Sprintf("virtual interface %s already has an %s peer, %s (name %q, gateways %s and %s, status %s), "+
		"and holds at most one peer per address family (%s). A create takes over no peer that it did not make itself. "+
		"To manage it with Terraform, import it: terraform import <address> %s/%s. "+
		"If this configuration replaces that very peer with create_before_destroy, remove create_before_destroy: "+
		"the service cannot hold the new peer beside the old one",
		p.VifID, p.AddressFamily, p.ID, p.Name, p.LocalGatewayIP, p.RemoteGatewayIP, p.Status,
		CodeAddressFamilyTaken, p.VifID, p.ID)
	if e.Cause != nil {
		msg += "\n\n" + e.Cause.Error()
	}
	return msg
}

func (e *FamilyTakenError) Unwrap() error { return e.Cause }
