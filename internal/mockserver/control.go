package mockserver

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// AddToken makes token valid for project, so tests can send a good token of
// another project (403).
func (s *Server) AddToken(token, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = grant{project: project}
}

// SeedInterface adds a virtual interface with the given id (a new one when
// empty) to the server's project, without peers, and returns its id.
func (s *Server) SeedInterface(id, name string) string {
	return s.SeedInterfaceFor(s.projectID, id, name)
}

// SeedInterfaceFor is SeedInterface for another tenant's project.
func (s *Server) SeedInterfaceFor(project, id, name string) string {
	if id == "" {
		id = newUUID()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vifs[id] = newInterface(id, name, project)
	return id
}

// SeedPeer adds an ACTIVE peer to an interface, as the vendor's default peer
// of a new interface is, and returns its id.
func (s *Server) SeedPeer(vifID, addressFamily, localGatewayIP, remoteGatewayIP string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	vif, ok := s.vifs[vifID]
	if !ok {
		return "", fmt.Errorf("no virtual interface %s", vifID)
	}
	p := &Peer{
		Name: "default-" + addressFamily, AddressFamily: addressFamily, RouteMode: "static",
		LocalGatewayIP: localGatewayIP, RemoteGatewayIP: remoteGatewayIP,
		DeviceID: "26.151.63.100", BGPRouteLimit: 256,
	}
	s.addPeerLocked(p, vif)
	return p.ID, nil
}

// SetPendingDelay changes how long later PENDING_* states last.
func (s *Server) SetPendingDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pendingDelay = d
}

// SetCreateOutcome sets the status that peers created from now on reach
// when PENDING_CREATE ends: ACTIVE (the default), DOWN or ERROR.
func (s *Server) SetCreateOutcome(status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.createStatus = status
}

// SetJoinEPGroups makes the server answer remote_ep_group as one string of
// CIDRs joined by spaces, as some server versions do.
func (s *Server) SetJoinEPGroups(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.joinEPGroups = on
}

// ForceStatus sets a peer's status at once, ending any pending state.
func (s *Server) ForceStatus(peerID, status string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.peers[peerID]
	if !ok {
		return fmt.Errorf("no peer %s", peerID)
	}
	p.Status = status
	p.pendingUntil = time.Time{}
	p.settledStatus = ""
	return nil
}

// SetRemoteEPGroup sets a peer's subnets as given, as if changed in the
// console, so tests can seed the spellings another client may have used.
func (s *Server) SetRemoteEPGroup(peerID string, cidrs []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.peers[peerID]
	if !ok {
		return fmt.Errorf("no peer %s", peerID)
	}
	p.RemoteEPGroup = append([]string(nil), cidrs...)
	return nil
}

// DeletePeer removes a peer at once, as if deleted outside Terraform.
func (s *Server) DeletePeer(peerID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.peers[peerID]; !ok {
		return fmt.Errorf("no peer %s", peerID)
	}
	s.removePeer(peerID)
	return nil
}

// DeleteInterface removes an interface and its peers at once.
func (s *Server) DeleteInterface(vifID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	vif, ok := s.vifs[vifID]
	if !ok {
		return fmt.Errorf("no virtual interface %s", vifID)
	}
	for _, pid := range append([]string(nil), vif.peerIDs...) {
		s.removePeer(pid)
	}
	delete(s.vifs, vifID)
	return nil
}

// Peer returns a copy of a peer as the server holds it now.
func (s *Server) Peer(peerID string) (Peer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	p, ok := s.peers[peerID]
	if !ok {
		return Peer{}, false
	}
	return s.shownPeer(p), true
}

// Peers returns copies of every peer, sorted by interface then family.
func (s *Server) Peers() []Peer {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	out := make([]Peer, 0, len(s.peers))
	for _, p := range s.peers {
		out = append(out, s.shownPeer(p))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].VifID != out[j].VifID {
			return out[i].VifID < out[j].VifID
		}
		return out[i].AddressFamily < out[j].AddressFamily
	})
	return out
}

// InterfaceIDs returns the ids of every interface, sorted.
func (s *Server) InterfaceIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sortedVifIDs()
}

// Requests returns a copy of every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// CountRequests counts received requests with this method (any when empty)
// whose path contains pathPart.
func (s *Server) CountRequests(method, pathPart string) int {
	n := 0
	for _, r := range s.Requests() {
		if (method == "" || r.Method == method) && strings.Contains(r.Path, pathPart) {
			n++
		}
	}
	return n
}

// SetAfterRequest makes the server call hook with each request once it has
// been answered, so a test can act at a precise moment, such as deleting a
// peer between Terraform's refresh and its apply. nil removes the hook.
func (s *Server) SetAfterRequest(hook func(Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.afterRequest = hook
}

// ListQueries returns the query of every listing of virtual interfaces
// received so far, in order, so tests can see how a client paged.
func (s *Server) ListQueries() []url.Values {
	var out []url.Values
	for _, r := range s.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/dcaas/virtual-interfaces") {
			q, _ := url.ParseQuery(r.Query)
			out = append(out, q)
		}
	}
	return out
}
