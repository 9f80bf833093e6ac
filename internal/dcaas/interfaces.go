package dcaas

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The API's reads of virtual interfaces: one by id, and listings page by
// page. They always read from the API: reads.go and the shared view
// (view.go) decide when to call them. Listings take no Freshness, since
// only a fresh listing would mean anything. The API has no filter by peer
// and no GET of a single peer, so every search of peers below reads
// interfaces and looks through the peers they carry.

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
// interface id, then address family, as EachVifPeer reads them: always
// fresh, from the API. No match is an empty list.
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

// maxListPageSize is the largest limit the API accepts for one page.
const maxListPageSize = 2000

// maxFilterValues is how many values one repeated filter, such as id, may
// carry in one list call.
const maxFilterValues = 5

// ListOptions filters ListVirtualInterfaces: IDs, when given, are the
// interfaces to list.
type ListOptions struct {
	IDs []string
}

// ListVirtualInterfaces returns every interface that matches opts, following
// next_marker through all pages: always fresh, from the API.
func (c *Client) ListVirtualInterfaces(ctx context.Context, opts ListOptions) ([]VirtualInterface, error) {
	var all []VirtualInterface
	err := c.EachVirtualInterfacePage(ctx, opts, func(page []VirtualInterface) bool {
		all = append(all, page...)
		return true
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// EachVirtualInterfacePage lists the interfaces that match opts and hands
// each page to yield as it arrives, until yield returns false or the last
// page. Every call reads from the API. Interface ids are sent at most
// maxFilterValues a call, in sorted order, so pages come sorted by id.
func (c *Client) EachVirtualInterfacePage(ctx context.Context, opts ListOptions, yield func([]VirtualInterface) bool) error {
	if len(opts.IDs) == 0 {
		_, err := c.eachPage(ctx, nil, yield)
		return err
	}
	ids := slices.Clone(opts.IDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for chunk := range slices.Chunk(ids, maxFilterValues) {
		more, err := c.eachPage(ctx, chunk, yield)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// eachPage pages through the interfaces with these ids (all without),
// following next_marker; more is false when yield stopped it.
func (c *Client) eachPage(ctx context.Context, ids []string, yield func([]VirtualInterface) bool) (more bool, err error) {
	seen := map[string]bool{}
	marker := ""
	for {
		q := url.Values{}
		if c.cfg.ListPageSize > 0 {
			q.Set("limit", strconv.Itoa(c.cfg.ListPageSize))
		}
		for _, id := range ids {
			q.Add("id", id)
		}
		if marker != "" {
			q.Set("marker", marker)
		}
		page, err := c.listPage(ctx, q)
		if err != nil {
			return false, err
		}
		if !yield(page.VirtualInterfaces) {
			return false, nil
		}
		marker = page.PageInfo.NextMarker
		if marker == "" || len(page.VirtualInterfaces) == 0 {
			return true, nil
		}
		if seen[marker] {
			return false, fmt.Errorf("listing virtual interfaces: server repeated page marker %q", marker)
		}
		seen[marker] = true
	}
}

// listPage reads one page of the list of virtual interfaces.
func (c *Client) listPage(ctx context.Context, q url.Values) (*virtualInterfaceList, error) {
	var page virtualInterfaceList
	if err := c.do(ctx, http.MethodGet, c.projectPath("virtual-interfaces"), q, nil, &page); err != nil {
		if IsNotFound(err) {
			// The list of a project's interfaces always exists: "not
			// found" here means the path leads elsewhere, and must not
			// read as every peer gone.
			// It keeps the text of err, not err: IsNotFound must not hold
			// for it.
			return nil, fmt.Errorf("%s.\nThe list of virtual interfaces always exists in the DCaaS API, so %w: "+
				"the base URL is not the API's", err, errNotTheAPI)
		}
		return nil, err
	}
	for i := range page.VirtualInterfaces {
		page.VirtualInterfaces[i].completePeers(page.RequestID)
	}
	return &page, nil
}

// getVirtualInterface sends the GET of one interface with its peers.
func (c *Client) getVirtualInterface(ctx context.Context, vifID string) (*VirtualInterface, error) {
	var out virtualInterfaceEnvelope
	if err := c.do(ctx, http.MethodGet, c.projectPath("virtual-interfaces", vifID), nil, nil, &out); err != nil {
		return nil, err
	}
	// A stub that answers every path with 200 must not pass for an
	// interface without peers.
	if !strings.EqualFold(out.VirtualInterface.ID, vifID) {
		return nil, fmt.Errorf("GET %s: the answer is not virtual interface %s (it names %q): %w",
			c.projectPath("virtual-interfaces", vifID), vifID, out.VirtualInterface.ID, errNotTheAPI)
	}
	out.VirtualInterface.completePeers(out.RequestID)
	return &out.VirtualInterface, nil
}
