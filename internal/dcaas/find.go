package dcaas

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The API has no filter by peer and no GET of a single peer, so every
// search below reads interfaces and looks through the peers they carry. A
// search by peer id alone goes through the shared view:
// View.FindVifPeerInProject.

// PeerFilter selects peers for ListVifPeers and EachVifPeer. An empty
// field matches every peer; the fields combine with AND.
type PeerFilter struct {
	// VifIDs are the interfaces whose peers match.
	VifIDs []string
	// AddressFamily, RouteMode and Status match in any letter case.
	AddressFamily string
	RouteMode     string
	Status        string
	// Name, when not nil, is the whole name, "" for peers without one.
	Name       *string
	NameRegexp *regexp.Regexp
}

func (f PeerFilter) matches(p *VifPeer) bool {
	return (f.AddressFamily == "" || strings.EqualFold(p.AddressFamily, f.AddressFamily)) &&
		(f.RouteMode == "" || strings.EqualFold(RouteModeOrDefault(p.RouteMode), f.RouteMode)) &&
		(f.Status == "" || strings.EqualFold(p.Status, f.Status)) &&
		(f.Name == nil || p.Name == *f.Name) &&
		(f.NameRegexp == nil || f.NameRegexp.MatchString(p.Name))
}

// ListVifPeers returns the project's peers that match f, ordered by
// interface id, then address family. No match is an empty list.
func (c *Client) ListVifPeers(ctx context.Context, f PeerFilter) ([]VifPeer, error) {
	peers := []VifPeer{}
	err := c.EachVifPeer(ctx, f, func(p *VifPeer) bool {
		peers = append(peers, *p)
		return true
	})
	if err != nil {
		return nil, err
	}
	return peers, nil
}

// EachVifPeer hands yield the project's peers that match f as each page of
// interfaces arrives, ordered by interface id, then address family, until
// yield returns false. It reads from the API, never from the shared view:
// one list call per page of up to 2,000 interfaces, or per few interfaces
// when f names them (the API's id filter); the other filters are applied
// here.
func (c *Client) EachVifPeer(ctx context.Context, f PeerFilter, yield func(*VifPeer) bool) error {
	return c.EachVirtualInterfacePage(ctx, ListOptions{IDs: f.VifIDs}, func(page []VirtualInterface) bool {
		slices.SortFunc(page, func(a, b VirtualInterface) int { return strings.Compare(a.ID, b.ID) })
		for i := range page {
			peers := slices.Clone(page[i].VifPeers)
			slices.SortStableFunc(peers, func(a, b VifPeer) int {
				return strings.Compare(strings.ToLower(a.AddressFamily), strings.ToLower(b.AddressFamily))
			})
			for j := range peers {
				if f.matches(&peers[j]) && !yield(&peers[j]) {
					return false
				}
			}
		}
		return true
	})
}

// FindVifPeerByFamily reads the peer of one address family (in any letter
// case) of interface vifID. A missing interface is the API's not-found
// error; an interface without such a peer is ErrPeerNotFound.
func (c *Client) FindVifPeerByFamily(ctx context.Context, vifID, family string) (*VifPeer, error) {
	vif, err := c.GetVirtualInterface(ctx, vifID)
	if err != nil {
		return nil, err
	}
	if peer, ok := vif.PeerOfFamily(family); ok {
		return peer, nil
	}
	return nil, fmt.Errorf("virtual interface %s has no %s peer: %w", vifID, strings.ToLower(family), ErrPeerNotFound)
}
