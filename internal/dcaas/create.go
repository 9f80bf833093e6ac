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

// CreateVifPeer creates a peer and returns it: only ever the peer that the
// API's answer to this call names, never one found on the interface
// afterwards.
//
// The interface is read first: when its address family is taken, nothing is
// sent (FamilyTakenError). When a create's answer leaves its fate unknown (no
// answer, a 500, 502 or 504, a success without a peer id), the interface is
// read again. No peer of the family proves the create did nothing, and only
// then is it sent again, MaxCreateAttempts times at most. A new peer that
// holds every value sent is probably the one this call made, but another
// client sending the same values meanwhile would have made one just like it,
// so it is reported (LostCreateError), not returned; any other peer is a
// FamilyTakenError.
//
// A create that has been sent is answered even when ctx is cancelled
// meanwhile (see writeContext): its answer is the only proof of which peer
// it made.
func (c *Client) CreateVifPeer(ctx context.Context, req CreateVifPeerRequest) (*VifPeer, error) {
	before, err := c.VirtualInterface(ctx, req.VifID, freshShared)
	if err != nil {
		return nil, fmt.Errorf("reading virtual interface %s before creating a peer on it: %w", req.VifID, err)
	}
	if holder, taken := before.PeerOfFamily(req.AddressFamily); taken {
		return nil, &FamilyTakenError{Holder: *holder}
	}
	var created *VifPeer
	// noOp is the failure of the create last sent, while this waits to
	// send it again.
	var noOp error
	fateUnknown, attempt := false, 0
	err = poll(ctx, c.settings.polls.createResends, func() (bool, error) {
		noOp = nil
		if err := ctx.Err(); err != nil {
			return false, err
		}
		attempt++
		peer, postErr := c.postVifPeer(ctx, req)
		if postErr == nil {
			created = peer
			return true, nil
		}
		if !IsAmbiguous(postErr) && !IsAddressFamilyTaken(postErr) {
			return false, postErr
		}
		// Once an attempt's fate was unknown, a later DC.1301 may be that
		// attempt's own peer, committed late.
		fateUnknown = fateUnknown || IsAmbiguous(postErr)
		after, readErr := c.readEvenIfCancelled(ctx, req.VifID)
		if readErr != nil {
			if !fateUnknown {
				return false, fmt.Errorf("%w\n\nReading virtual interface %s to learn which peer holds the address family failed: %w", postErr, req.VifID, readErr)
			}
			return false, &LostCreateError{Sent: CreatesSent(attempt), Cause: postErr, LookupErr: readErr}
		}
		decision := decideAfterFailedCreate(postErr, fateUnknown, req, before, after, attempt)
		if !decision.retry {
			return false, decision.err
		}
		noOp = postErr
		return false, nil
	})
	if noOp != nil {
		return nil, errors.Join(noOp, err)
	}
	return created, err
}

// createDecision is what a failed create leads to: an error, or another
// try.
type createDecision struct {
	err   error
	retry bool
}

// decideAfterFailedCreate judges a create that failed with postErr, from the
// interface as it was before the create and as it is now. fateUnknown says
// whether this or an earlier attempt may have made a peer unseen; attempt
// is how many creates were sent.
func decideAfterFailedCreate(postErr error, fateUnknown bool, req CreateVifPeerRequest, before, after *VirtualInterface, attempt int) createDecision {
	holder, _ := after.PeerOfFamily(req.AddressFamily)
	switch {
	case holder == nil && IsAddressFamilyTaken(postErr):
		// The holder went away between the answer and the read.
		return createDecision{err: postErr}
	case holder == nil && attempt < MaxCreateAttempts:
		return createDecision{retry: true}
	case holder == nil:
		return createDecision{err: &LostCreateError{Sent: CreatesSent(attempt), Cause: postErr}}
	case fateUnknown && !before.HasPeer(holder.ID) && MatchesCreateRequest(holder, req):
		return createDecision{err: &LostCreateError{Sent: CreatesSent(attempt), Cause: postErr, Found: holder}}
	}
	return createDecision{err: &FamilyTakenError{Holder: *holder, Sent: CreatesSent(attempt), Cause: postErr}}
}

func (c *Client) readEvenIfCancelled(ctx context.Context, vifID string) (*VirtualInterface, error) {
	lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupAfterCancelTimeout)
	defer cancel()
	return c.getVirtualInterface(lookupCtx, vifID)
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
// wanted, so that the create was refused or never sent.
type FamilyTakenError struct {
	Holder VifPeer
	// Sent is how many creates were sent before the holder was found: 0
	// when the interface held it before any. Cause is the last one's
	// failure.
	Sent  CreatesSent
	Cause error
}

func (e *FamilyTakenError) Error() string {
	p := e.Holder
	msg := fmt.Sprintf("virtual interface %s already has an %s peer, %s (name %q, gateways %s and %s, status %s), "+
		"and holds at most one peer per address family (%s)",
		p.VifID, strings.ToLower(p.AddressFamily), p.ID, p.Name, p.LocalGatewayIP, p.RemoteGatewayIP, p.Status, CodeAddressFamilyTaken)
	if e.Cause != nil {
		msg += fmt.Sprintf("; after %s, the last failing with: %v", e.Sent, e.Cause)
	}
	return msg
}

func (e *FamilyTakenError) Unwrap() error { return e.Cause }

// LostCreateError says that creates were sent and their answers lost (no
// answer, a 500, 502 or 504, a success without a peer id), and what the
// interface then showed. With Found set, it held a new peer of the address
// family with every value sent: probably, but not certainly, the peer one
// of these creates made, since another client sending the same values in
// that time would have made one just like it. With LookupErr set, reading
// the interface failed, so whether a peer was made is unknown. With
// neither, the interface held no such peer after any of them: none was
// made.
type LostCreateError struct {
	Sent      CreatesSent
	Cause     error
	Found     *VifPeer
	LookupErr error
}

func (e *LostCreateError) Error() string {
	msg := fmt.Sprintf("the answer to the create was lost (%s, the last failing with: %v)", e.Sent, e.Cause)
	switch p := e.Found; {
	case p != nil:
		return msg + fmt.Sprintf("; virtual interface %s now holds a new %s peer, %s (name %q, status %s), with every value sent: "+
			"probably, though not certainly, the peer this create made", p.VifID, strings.ToLower(p.AddressFamily), p.ID, p.Name, p.Status)
	case e.LookupErr != nil:
		return msg + fmt.Sprintf("; reading the virtual interface to learn whether a peer was made failed as well, so that is unknown: %v", e.LookupErr)
	}
	return msg + "; the virtual interface held no such peer after any of them, so none was made"
}

func (e *LostCreateError) Unwrap() error { return e.Cause }

// CreatesSent counts the creates that one CreateVifPeer call sent.
type CreatesSent int

func (n CreatesSent) String() string {
	if n == 1 {
		return "1 create sent"
	}
	return fmt.Sprintf("%d creates sent", int(n))
}
