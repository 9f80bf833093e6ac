// Package mockserver is a stateful, in-memory implementation of the DCaaS v3
// virtual interface peer API as CONTRACT.md describes it, including the
// answers the contract says a server "may" give. Tests and the demo run the
// provider against it; tests can also reach into its state and inject faults.
package mockserver

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"time"
)

// Peer is the mock's record of a virtual interface peer.
type Peer struct {
	ID              string
	TenantID        string
	Name            string
	Description     string
	AddressFamily   string
	LocalGatewayIP  string
	RemoteGatewayIP string
	RouteMode       string
	BGPASN          *uint64
	BGPMD5          *string
	RemoteEPGroup   []string
	ServiceEPGroup  []string
	DeviceID        string
	BGPRouteLimit   int
	Status          string
	VifID           string

	// pendingUntil is when a PENDING_* status ends; settledStatus is what
	// the peer becomes then (empty for PENDING_DELETE: the peer goes away).
	pendingUntil  time.Time
	settledStatus string
}

// VirtualInterface is the mock's record of a virtual interface.
type VirtualInterface struct {
	ID              string
	Name            string
	TenantID        string
	Status          string
	DirectConnectID string
	VgwID           string
	peerIDs         []string
	// shutDown is set while a switchover test holds the interface down.
	shutDown bool
}

// status is the status the interface shows: DOWN while shut down.
func (v *VirtualInterface) status() string {
	if v.shutDown {
		return "DOWN"
	}
	return v.Status
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// settle moves every peer whose pending time is over to its next status,
// and removes peers whose delete has finished. Callers hold s.mu.
func (s *Server) settle() {
	now := time.Now()
	s.settleSwitchovers(now)
	defer s.settleDetections(now)
	for id, p := range s.peers {
		if p.pendingUntil.IsZero() || now.Before(p.pendingUntil) {
			continue
		}
		p.pendingUntil = time.Time{}
		if p.settledStatus == "" {
			s.removePeer(id)
			continue
		}
		p.Status = p.settledStatus
		p.settledStatus = ""
	}
}

func (s *Server) removePeer(id string) {
	p, ok := s.peers[id]
	if !ok {
		return
	}
	delete(s.peers, id)
	s.removeDetectionsOf(id)
	if vif, ok := s.vifs[p.VifID]; ok {
		kept := vif.peerIDs[:0]
		for _, pid := range vif.peerIDs {
			if pid != id {
				kept = append(kept, pid)
			}
		}
		vif.peerIDs = kept
	}
}

func (s *Server) startPending(p *Peer, pendingStatus, settledStatus string) {
	p.Status = pendingStatus
	p.settledStatus = settledStatus
	p.pendingUntil = time.Now().Add(s.pendingDelay)
}

func (s *Server) sortedVifIDs() []string {
	ids := make([]string, 0, len(s.vifs))
	for id := range s.vifs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// newInterface is a new ACTIVE interface, on a direct connection and
// gateway of its own.
func newInterface(id, name, project string) *VirtualInterface {
	short := id[:min(8, len(id))]
	return &VirtualInterface{ID: id, Name: name, TenantID: project, Status: "ACTIVE",
		DirectConnectID: "dc-" + short, VgwID: "vgw-" + short}
}

// shownPeer is a copy of a peer with the status the API shows. Callers
// hold s.mu.
func (s *Server) shownPeer(p *Peer) Peer {
	c := copyPeer(p)
	c.Status = s.peerStatus(p)
	return c
}

func copyPeer(p *Peer) Peer {
	c := *p
	c.RemoteEPGroup = append([]string(nil), p.RemoteEPGroup...)
	c.ServiceEPGroup = append([]string(nil), p.ServiceEPGroup...)
	return c
}
