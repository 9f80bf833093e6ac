package dcaas

import (
	"cmp"
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

// PeerFilter selects peers for ListVifPeers. An empty field matches every
// peer.
type PeerFilter struct {
	VifID string
	// AddressFamily and Status match in any letter case.
	AddressFamily string
	Status        string
	NameRegexp    *regexp.Regexp
}

func (f PeerFilter) matches(p *VifPeer) bool {
	return (f.AddressFamily == "" || strings.EqualFold(p.AddressFamily, f.AddressFamily)) &&
		(f.Status == "" || strings.EqualFold(p.Status, f.Status)) &&
		(f.NameRegexp == nil || f.NameRegexp.MatchString(p.Name))
}

// ListVifPeers returns the project's peers that match f, ordered by
// interface id, then address family. A filter by interface is sent to the
// API; the others are applied here. No match is an empty list.
func (c *Client) ListVifPeers(ctx context.Context, f PeerFilter) ([]VifPeer, error) {
	var opts ListOptions
	if f.VifID != "" {
		opts.IDs = []string{f.VifID}
	}
	vifs, err := c.ListVirtualInterfaces(ctx, opts)
	if err != nil {
		return nil, err
	}
	peers := []VifPeer{}
	for i := range vifs {
		for j := range vifs[i].VifPeers {
			if p := &vifs[i].VifPeers[j]; f.matches(p) {
				peers = append(peers, *p)
			}
		}
	}
	slices.SortStableFunc(peers, func(a, b VifPeer) int {
		return cmp.Or(strings.Compare(a.VifID, b.VifID),
			strings.Compare(strings.ToLower(a.AddressFamily), strings.ToLower(b.AddressFamily)))
	})
	return peers, nil
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
