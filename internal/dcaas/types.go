// Package dcaas is a client for the DCaaS v3 virtual interface peer API.
// It returns typed facts, and its errors say what happened, not which
// setting of a caller to change, so it can be used and tested on its own.
package dcaas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Peer statuses named by the API. Any other status is still in progress.
const (
	StatusActive        = "ACTIVE"
	StatusDown          = "DOWN"
	StatusError         = "ERROR"
	StatusPendingCreate = "PENDING_CREATE"
	StatusPendingDelete = "PENDING_DELETE"
)

// InProgress tells whether the service is still working on a peer in
// status: any status but ACTIVE, DOWN and ERROR.
func InProgress(status string) bool {
	switch status {
	case StatusActive, StatusDown, StatusError:
		return false
	}
	return true
}

// Route modes of a peer; a peer that names none is static.
const (
	RouteModeStatic = "static"
	RouteModeBGP    = "bgp"
)

// UUIDPattern matches the ids of peers and virtual interfaces, in lower
// case as the API writes them: it compares ids as they are, so another
// spelling of an id names nothing.
var UUIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// VifPeer is one side (IPv4 or IPv6) of a virtual interface. The reserved
// GRE fields, which nothing uses, are not decoded.
type VifPeer struct {
	ID              string  `json:"id"`
	TenantID        string  `json:"tenant_id"`
	Name            string  `json:"name"`
	Description     string  `json:"description"`
	AddressFamily   string  `json:"address_family"`
	LocalGatewayIP  string  `json:"local_gateway_ip"`
	RemoteGatewayIP string  `json:"remote_gateway_ip"`
	RouteMode       string  `json:"route_mode"`
	BGPASN          *uint32 `json:"bgp_asn"`
	BGPMD5          *string `json:"bgp_md5"`
	RemoteEPGroup   EPGroup `json:"remote_ep_group"`
	ServiceEPGroup  EPGroup `json:"service_ep_group"`
	DeviceID        string  `json:"device_id"`
	BGPRouteLimit   int64   `json:"bgp_route_limit"`
	BGPStatus       *string `json:"bgp_status"`
	Status          string  `json:"status"`
	VifID           string  `json:"vif_id"`
	ReceiveRouteNum int64   `json:"receive_route_num"`
	EnableBFD       bool    `json:"enable_bfd"`
	EnableNQA       bool    `json:"enable_nqa"`

	// RequestID is the id of the API answer this peer was read from, for
	// error messages; it is not part of the peer.
	RequestID string `json:"-"`
}

// CreateVifPeerRequest is the body of a create call.
type CreateVifPeerRequest struct {
	Name            string   `json:"name"`
	Description     string   `json:"description"`
	AddressFamily   string   `json:"address_family"`
	LocalGatewayIP  string   `json:"local_gateway_ip"`
	RemoteGatewayIP string   `json:"remote_gateway_ip"`
	RouteMode       string   `json:"route_mode,omitempty"`
	BGPASN          *uint32  `json:"bgp_asn,omitempty"`
	BGPMD5          *string  `json:"bgp_md5,omitempty"`
	RemoteEPGroup   []string `json:"remote_ep_group"`
	VifID           string   `json:"vif_id"`
}

// UpdateVifPeerRequest holds the three fields the API can change; a nil field
// is left out of the body and so keeps its value.
type UpdateVifPeerRequest struct {
	Name          *string   `json:"name,omitempty"`
	Description   *string   `json:"description,omitempty"`
	RemoteEPGroup *[]string `json:"remote_ep_group,omitempty"`
}

// VirtualInterface is the parent of up to one peer per address family; of
// its fields, only what finds its peers is decoded.
type VirtualInterface struct {
	ID       string    `json:"id"`
	VifPeers []VifPeer `json:"vif_peers"`
}

// PeerByID returns the interface's peer with that id, if it has one.
func (v *VirtualInterface) PeerByID(id string) (*VifPeer, bool) {
	for i := range v.VifPeers {
		if v.VifPeers[i].ID == id {
			return &v.VifPeers[i], true
		}
	}
	return nil, false
}

// HasPeer tells whether the interface carries peer id.
func (v *VirtualInterface) HasPeer(id string) bool {
	_, ok := v.PeerByID(id)
	return ok
}

// PeerOfFamily returns the interface's peer of an address family, in any
// letter case; an interface holds at most one.
func (v *VirtualInterface) PeerOfFamily(family string) (*VifPeer, bool) {
	for i := range v.VifPeers {
		if strings.EqualFold(v.VifPeers[i].AddressFamily, family) {
			return &v.VifPeers[i], true
		}
	}
	return nil, false
}

// OtherPeersRemaining counts the interface's peers, other than peerID,
// that will still be there once deletes under way have ended.
func (v *VirtualInterface) OtherPeersRemaining(peerID string) int {
	n := 0
	for _, p := range v.VifPeers {
		if p.ID != peerID && p.Status != StatusPendingDelete {
			n++
		}
	}
	return n
}

// otherPeersChanging tells whether a peer of the interface other than
// peerID is in a PENDING_* state.
func (v *VirtualInterface) otherPeersChanging(peerID string) bool {
	for _, p := range v.VifPeers {
		if p.ID != peerID && strings.HasPrefix(p.Status, "PENDING_") {
			return true
		}
	}
	return false
}

// completePeers gives each peer the interface's id, which an answer may
// leave out of the peers it nests, and the id of the answer.
func (v *VirtualInterface) completePeers(requestID string) {
	for i := range v.VifPeers {
		if v.VifPeers[i].VifID == "" {
			v.VifPeers[i].VifID = v.ID
		}
		v.VifPeers[i].RequestID = requestID
	}
}

// EPGroup is a list of CIDRs. Some server versions join several CIDRs in one
// string with spaces or commas; decoding splits them again, and null decodes
// to an empty list.
type EPGroup []string

func (g *EPGroup) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*g = nil
		return nil
	}
	var raw []string
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := make(EPGroup, 0, len(raw))
	for _, entry := range raw {
		out = append(out, SplitCIDRList(entry)...)
	}
	*g = out
	return nil
}

// SplitCIDRList splits a string of CIDRs joined by spaces or commas.
func SplitCIDRList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
}

type vifPeerEnvelope struct {
	VifPeer   VifPeer `json:"vif_peer"`
	RequestID string  `json:"request_id"`
}

type virtualInterfaceEnvelope struct {
	VirtualInterface VirtualInterface `json:"virtual_interface"`
	RequestID        string           `json:"request_id"`
}

// UnmarshalJSON insists on the virtual_interfaces list (which may be empty
// or null): a 200 answer without it comes from something that is not the
// API, and must not read as a project without interfaces.
func (l *virtualInterfaceList) UnmarshalJSON(data []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	if _, ok := fields["virtual_interfaces"]; !ok {
		return fmt.Errorf("the answer has no virtual_interfaces list: %w", errNotTheAPI)
	}
	type plain virtualInterfaceList
	return json.Unmarshal(data, (*plain)(l))
}

type virtualInterfaceList struct {
	VirtualInterfaces []VirtualInterface `json:"virtual_interfaces"`
	RequestID         string             `json:"request_id"`
	PageInfo          struct {
		NextMarker string `json:"next_marker"`
	} `json:"page_info"`
}
