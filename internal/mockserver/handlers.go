package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// peerInput is a peer as a client sends it; pointers tell absent from empty.
type peerInput struct {
	Name            *string      `json:"name"`
	Description     *string      `json:"description"`
	AddressFamily   *string      `json:"address_family"`
	LocalGatewayIP  *string      `json:"local_gateway_ip"`
	RemoteGatewayIP *string      `json:"remote_gateway_ip"`
	RouteMode       *string      `json:"route_mode"`
	BGPASN          *json.Number `json:"bgp_asn"`
	BGPMD5          *string      `json:"bgp_md5"`
	RemoteEPGroup   []string     `json:"remote_ep_group"`
	VifID           *string      `json:"vif_id"`
}

type apiError struct {
	status int
	code   string
	msg    string
}

func badRequest(code, msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, msg: msg}
}

func decodeBody(r *http.Request, key string) (json.RawMessage, *apiError) {
	var envelope map[string]json.RawMessage
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&envelope); err != nil {
		return nil, badRequest("DC.0000", "malformed request body: "+err.Error())
	}
	inner, ok := envelope[key]
	if !ok || bytes.Equal(bytes.TrimSpace(inner), []byte("null")) {
		return nil, badRequest("DC.0000", "request body has no "+key+" object")
	}
	return inner, nil
}

func (s *Server) handleCreatePeer(w http.ResponseWriter, r *http.Request) {
	raw, apiErr := decodeBody(r, "vif_peer")
	if apiErr != nil {
		writeError(w, apiErr.status, apiErr.code, apiErr.msg)
		return
	}
	var in peerInput
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "DC.0000", "malformed vif_peer: "+err.Error())
		return
	}
	peer, apiErr := validatePeerInput(in)
	if apiErr != nil {
		writeError(w, apiErr.status, apiErr.code, apiErr.msg)
		return
	}
	project := r.PathValue("project")

	s.mu.Lock()
	s.settle()
	vif, ok := s.vifs[peer.VifID]
	if !ok {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "DC.1211", "virtual interface "+peer.VifID+" does not exist")
		return
	}
	if vif.TenantID != project {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "DC.1213", "virtual interface "+peer.VifID+" belongs to another tenant")
		return
	}
	for _, pid := range vif.peerIDs {
		if s.peers[pid].AddressFamily == peer.AddressFamily {
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, "DC.1301",
				"virtual interface "+vif.ID+" already has an "+peer.AddressFamily+" peer: "+pid)
			return
		}
	}
	peer.ID = newUUID()
	peer.TenantID = project
	s.startPending(peer, "PENDING_CREATE", s.createStatus)
	s.peers[peer.ID] = peer
	vif.peerIDs = append(vif.peerIDs, peer.ID)
	body := s.renderPeer(peer)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"vif_peer": body})
}

func validatePeerInput(in peerInput) (*Peer, *apiError) {
	p := &Peer{DeviceID: "26.151.63.100", BGPRouteLimit: 256}
	if in.Name == nil {
		return nil, badRequest("DC.0001", "name is required")
	}
	if apiErr := checkTextLengths(in); apiErr != nil {
		return nil, apiErr
	}
	p.Name = *in.Name
	if in.Description != nil {
		p.Description = *in.Description
	}
	if in.AddressFamily == nil {
		return nil, badRequest("DC.0001", "address_family is required")
	}
	p.AddressFamily = strings.ToLower(*in.AddressFamily)
	if p.AddressFamily != "ipv4" && p.AddressFamily != "ipv6" {
		return nil, badRequest("DC.0001", "address_family must be ipv4 or ipv6")
	}
	if in.LocalGatewayIP == nil || in.RemoteGatewayIP == nil {
		return nil, badRequest("DC.0004", "local_gateway_ip and remote_gateway_ip are required")
	}
	local, err := netip.ParsePrefix(*in.LocalGatewayIP)
	if err != nil {
		return nil, badRequest("DC.0004", "local_gateway_ip is not an IP address with prefix length")
	}
	remote, err := netip.ParsePrefix(*in.RemoteGatewayIP)
	if err != nil {
		return nil, badRequest("DC.0004", "remote_gateway_ip is not an IP address with prefix length")
	}
	if !ofFamily(local.Addr(), p.AddressFamily) || !ofFamily(remote.Addr(), p.AddressFamily) {
		return nil, badRequest("DC.0004", "gateway addresses are not of address family "+p.AddressFamily)
	}
	if local.Bits() != remote.Bits() || local.Masked() != remote.Masked() || local.Addr() == remote.Addr() {
		return nil, badRequest("DC.0004", "local and remote gateway must be different hosts of one subnet")
	}
	p.LocalGatewayIP = *in.LocalGatewayIP
	p.RemoteGatewayIP = *in.RemoteGatewayIP
	p.RouteMode = "static"
	if in.RouteMode != nil {
		p.RouteMode = *in.RouteMode
	}
	switch p.RouteMode {
	case "static":
		// Static routing has no BGP session: the server keeps no ASN or key.
	case "bgp":
		if in.BGPASN == nil {
			return nil, badRequest("DC.1203", "route_mode bgp requires bgp_asn")
		}
		asn, err := strconv.ParseUint(in.BGPASN.String(), 10, 64)
		if err != nil || asn < 1 || asn > 4294967295 {
			return nil, badRequest("DC.0008", "bgp_asn must be between 1 and 4294967295")
		}
		p.BGPASN = &asn
		p.BGPMD5 = in.BGPMD5
	default:
		return nil, badRequest("DC.0001", "route_mode must be static or bgp")
	}
	if apiErr := checkCIDRs(in.RemoteEPGroup, p.AddressFamily); apiErr != nil {
		return nil, apiErr
	}
	p.RemoteEPGroup = append([]string(nil), in.RemoteEPGroup...)
	if in.VifID == nil || len(*in.VifID) != 36 {
		return nil, badRequest("DC.0001", "vif_id must be a 36-character id")
	}
	p.VifID = *in.VifID
	return p, nil
}

// checkTextLengths checks the name and description a create or an update
// sends, where present.
func checkTextLengths(in peerInput) *apiError {
	if in.Name != nil && len([]rune(*in.Name)) > 64 {
		return badRequest("DC.0001", "name is longer than 64 characters")
	}
	if in.Description != nil && len([]rune(*in.Description)) > 128 {
		return badRequest("DC.0001", "description is longer than 128 characters")
	}
	return nil
}

// checkCIDRs checks remote_ep_group: each entry a CIDR of the peer's
// family (a JSON null decodes as "", which is none).
func checkCIDRs(cidrs []string, family string) *apiError {
	for _, cidr := range cidrs {
		prefix, err := netip.ParsePrefix(cidr)
		if err != nil {
			return badRequest("DC.0004", "remote_ep_group entry "+strconv.Quote(cidr)+" is not a CIDR")
		}
		if !ofFamily(prefix.Addr(), family) {
			return badRequest("DC.0004", "remote_ep_group entry "+strconv.Quote(cidr)+" is not of address family "+family)
		}
	}
	return nil
}

// ofFamily reports whether an address is of the family. An IPv4-mapped
// IPv6 address (::ffff:5.5.5.1) is an IPv4 address written as IPv6, and so
// of neither.
func ofFamily(a netip.Addr, family string) bool {
	if a.Is4In6() {
		return false
	}
	return a.Is4() == (family == "ipv4")
}

var updatableFields = map[string]bool{"name": true, "description": true, "remote_ep_group": true}

func (s *Server) handleUpdatePeer(w http.ResponseWriter, r *http.Request) {
	raw, apiErr := decodeBody(r, "vif_peer")
	if apiErr != nil {
		writeError(w, apiErr.status, apiErr.code, apiErr.msg)
		return
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		writeError(w, http.StatusBadRequest, "DC.0000", "malformed vif_peer: "+err.Error())
		return
	}
	for name := range fields {
		if !updatableFields[name] {
			writeError(w, http.StatusBadRequest, "DC.0001", "field "+name+" cannot be updated")
			return
		}
	}
	var in peerInput
	if err := json.Unmarshal(raw, &in); err != nil {
		writeError(w, http.StatusBadRequest, "DC.0000", "malformed vif_peer: "+err.Error())
		return
	}
	if apiErr = checkTextLengths(in); apiErr != nil {
		writeError(w, apiErr.status, apiErr.code, apiErr.msg)
		return
	}

	id := r.PathValue("id")
	p, ok := s.lockPeerForChange(w, id)
	if !ok {
		return
	}
	if apiErr = checkCIDRs(in.RemoteEPGroup, p.AddressFamily); apiErr != nil {
		s.mu.Unlock()
		writeError(w, apiErr.status, apiErr.code, apiErr.msg)
		return
	}
	if in.Name != nil {
		p.Name = *in.Name
	}
	if in.Description != nil {
		p.Description = *in.Description
	}
	if _, present := fields["remote_ep_group"]; present {
		p.RemoteEPGroup = append([]string(nil), in.RemoteEPGroup...)
	}
	s.startPending(p, "PENDING_UPDATE", p.Status)
	body := s.renderPeer(p)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"vif_peer": body})
}

// lockPeerForChange locks the server and returns the peer, when it exists
// and is not busy; otherwise it answers so, unlocked, and returns false.
func (s *Server) lockPeerForChange(w http.ResponseWriter, id string) (*Peer, bool) {
	p, ok := lockFound(s, w, s.peers, "vif peer", id)
	if !ok {
		return nil, false
	}
	if strings.HasPrefix(p.Status, "PENDING_") {
		s.mu.Unlock()
		s.writeBusy(w, "vif peer "+id)
		return nil, false
	}
	return p, true
}

// lockFound locks the server, with pending states settled, and returns the
// record id of records, when it exists; otherwise it answers that the
// object (what, such as "vif peer") does not exist, unlocked, and returns
// false. records is one of the server's maps, which it never replaces.
func lockFound[T any](s *Server, w http.ResponseWriter, records map[string]*T, what, id string) (*T, bool) {
	s.mu.Lock()
	s.settle()
	record, ok := records[id]
	if !ok {
		s.mu.Unlock()
		s.writeNotFound(w, what+" "+id)
	}
	return record, ok
}

func (s *Server) handleDeletePeer(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, ok := s.lockPeerForChange(w, id)
	if !ok {
		return
	}
	remaining := 0
	for _, pid := range s.vifs[p.VifID].peerIDs {
		if pid != id && s.peers[pid].Status != "PENDING_DELETE" {
			remaining++
		}
	}
	if remaining == 0 {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "DC.1302", "vif peer "+id+" is the last peer of virtual interface "+p.VifID+" and cannot be deleted")
		return
	}
	s.startPending(p, "PENDING_DELETE", "")
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleGetVif(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	vif, ok := lockFound(s, w, s.vifs, "virtual interface", id)
	if !ok {
		return
	}
	if vif.TenantID != r.PathValue("project") {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "DC.1213", "virtual interface "+id+" belongs to another tenant")
		return
	}
	body := s.renderVif(vif)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"virtual_interface": body})
}

func (s *Server) handleListVifs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 2000
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 2000 {
			writeError(w, http.StatusBadRequest, "DC.0001", "limit must be between 1 and 2000")
			return
		}
		limit = n
	}
	filters := map[string][]string{}
	for _, name := range []string{"id", "status", "direct_connect_id", "vgw_id"} {
		values, present := q[name]
		if !present {
			continue
		}
		if len(values) > maxFilterValues {
			writeError(w, http.StatusBadRequest, "DC.0001", "filter "+name+" takes 1 to 5 values, not "+strconv.Itoa(len(values)))
			return
		}
		filters[name] = values
	}
	marker := q.Get("marker")
	project := r.PathValue("project")

	s.mu.Lock()
	s.settle()
	var page []any
	next := ""
	for _, id := range s.sortedVifIDs() {
		vif := s.vifs[id]
		if (marker != "" && id <= marker) || vif.TenantID != project || !vif.matches(filters) {
			continue
		}
		if len(page) == limit {
			next = page[len(page)-1].(map[string]any)["id"].(string)
			break
		}
		page = append(page, s.renderVif(vif))
	}
	var items any = page
	if page == nil && !s.nextEmptyAsNull() {
		items = []any{}
	}
	s.mu.Unlock()

	previous := ""
	if marker != "" && len(page) > 0 {
		previous = page[0].(map[string]any)["id"].(string)
	}
	writeJSON(w, http.StatusOK, map[string]any{"virtual_interfaces": items, "page_info": pageInfo(len(page), next, previous)})
}

func (s *Server) handleCreateVif(w http.ResponseWriter, r *http.Request) {
	raw, apiErr := decodeBody(r, "virtual_interface")
	if apiErr != nil {
		writeError(w, apiErr.status, apiErr.code, apiErr.msg)
		return
	}
	var in vifInput
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "DC.0000", "malformed virtual_interface: "+err.Error())
		return
	}
	vif := newInterface(newUUID(), in.Name, r.PathValue("project"))
	if in.DirectConnectID != "" {
		vif.DirectConnectID = in.DirectConnectID
	}
	if in.VgwID != "" {
		vif.VgwID = in.VgwID
	}
	pin, apiErr := in.defaultPeer()
	if apiErr != nil {
		writeError(w, apiErr.status, apiErr.code, apiErr.msg)
		return
	}
	var peer *Peer
	if pin != nil {
		family, vifID := "ipv4", vif.ID
		pin.AddressFamily, pin.VifID = &family, &vifID
		if pin.Name == nil {
			name := vif.Name + "-ipv4"
			pin.Name = &name
		}
		if peer, apiErr = validatePeerInput(*pin); apiErr != nil {
			writeError(w, apiErr.status, apiErr.code, apiErr.msg)
			return
		}
	}
	s.mu.Lock()
	s.vifs[vif.ID] = vif
	if peer != nil {
		s.addPeerLocked(peer, vif)
	}
	body := s.renderVif(vif)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"virtual_interface": body})
}

func (s *Server) addPeerLocked(p *Peer, vif *VirtualInterface) {
	p.ID = newUUID()
	p.TenantID = vif.TenantID
	p.VifID = vif.ID
	p.Status = "ACTIVE"
	s.peers[p.ID] = p
	vif.peerIDs = append(vif.peerIDs, p.ID)
}

// renderPeer writes a peer as the API does, with the contract's quirks:
// fields it does not name, empty lists as null or [] in turn, and
// remote_ep_group joined into one string when that mode is on. Callers hold
// s.mu.
func (s *Server) renderPeer(p *Peer) map[string]any {
	var asn any
	if p.BGPASN != nil {
		asn = *p.BGPASN
	}
	var md5 any
	if p.BGPMD5 != nil {
		md5 = *p.BGPMD5
	}
	status := s.peerStatus(p)
	var bgpStatus any
	receive := -1
	if p.RouteMode == "bgp" {
		bgpStatus = "Idle"
		switch {
		case status == "DOWN" && p.Status != "DOWN":
			// The session of a shut-down interface.
			bgpStatus = "Down"
		case status == "ACTIVE":
			bgpStatus = "Established"
			receive = 0
		}
	}
	emptyAsNull := s.nextEmptyAsNull()
	remote := renderList(p.RemoteEPGroup, emptyAsNull)
	if s.joinEPGroups && len(p.RemoteEPGroup) > 1 {
		remote = []string{strings.Join(p.RemoteEPGroup, " ")}
	}
	return map[string]any{
		"id": p.ID, "tenant_id": p.TenantID, "name": p.Name, "description": p.Description,
		"address_family": p.AddressFamily, "local_gateway_ip": p.LocalGatewayIP,
		"remote_gateway_ip": p.RemoteGatewayIP, "route_mode": p.RouteMode,
		"bgp_asn": asn, "bgp_md5": md5, "remote_ep_group": remote,
		"service_ep_group": renderList(p.ServiceEPGroup, emptyAsNull), "device_id": p.DeviceID,
		"bgp_route_limit": p.BGPRouteLimit, "bgp_status": bgpStatus, "status": status,
		"vif_id": p.VifID, "receive_route_num": receive, "enable_bfd": false, "enable_nqa": false,
		"enable_gre": nil, "gre_status": nil, "local_gre_tunnel_ip": nil, "remote_gre_tunnel_ip": nil,
		// Not in the contract: clients must ignore fields they do not know.
		"created_at": "2024-01-01T00:00:00Z", "lag_id": nil, "region_id": "mock-region-1",
	}
}

// nextEmptyAsNull says whether the next answer spells its empty lists as
// null rather than [], which the contract allows for every list; answers
// take turns. Callers hold s.mu.
func (s *Server) nextEmptyAsNull() bool {
	s.emptyQuirk++
	return s.emptyQuirk%2 == 1
}

func renderList(items []string, emptyAsNull bool) any {
	switch {
	case len(items) > 0:
		return append([]string(nil), items...)
	case emptyAsNull:
		return nil
	}
	return []string{}
}

func (s *Server) renderVif(v *VirtualInterface) map[string]any {
	peerIDs := append([]string(nil), v.peerIDs...)
	sort.Strings(peerIDs)
	peers := make([]any, 0, len(peerIDs))
	for _, id := range peerIDs {
		peers = append(peers, s.renderPeer(s.peers[id]))
	}
	var rendered any = peers
	if len(peers) == 0 && s.nextEmptyAsNull() {
		rendered = nil
	}
	return map[string]any{
		"id": v.ID, "name": v.Name, "status": v.status(), "tenant_id": v.TenantID,
		"direct_connect_id": v.DirectConnectID, "vgw_id": v.VgwID,
		"vif_peers": rendered, "bandwidth": 100, "vlan": 100,
	}
}

// maxFilterValues is how many values one filter of a list may repeat.
const maxFilterValues = 5

// matches tells whether the interface matches every filter, each by any of
// its values.
func (v *VirtualInterface) matches(filters map[string][]string) bool {
	fields := map[string]string{"id": v.ID, "status": v.status(), "direct_connect_id": v.DirectConnectID, "vgw_id": v.VgwID}
	for name, values := range filters {
		if !slices.Contains(values, fields[name]) {
			return false
		}
	}
	return true
}

// vifInput is the body of a create of an interface: the vendor's, whose
// local_gateway_v4_ip and the fields beside it give the IPv4 peer, or the
// mock's older one with an ipv4_peer object. Other fields of the vendor's
// body (vlan, bandwidth, ...) are taken and not kept.
type vifInput struct {
	Name              string          `json:"name"`
	DirectConnectID   string          `json:"direct_connect_id"`
	VgwID             string          `json:"vgw_id"`
	RouteMode         *string         `json:"route_mode"`
	BGPASN            *json.Number    `json:"bgp_asn"`
	BGPMD5            *string         `json:"bgp_md5"`
	LocalGatewayV4IP  *string         `json:"local_gateway_v4_ip"`
	RemoteGatewayV4IP *string         `json:"remote_gateway_v4_ip"`
	RemoteEPGroup     []string        `json:"remote_ep_group"`
	IPv4Peer          json.RawMessage `json:"ipv4_peer"`
}

// defaultPeer is the IPv4 peer the interface gets, nil for none.
func (in vifInput) defaultPeer() (*peerInput, *apiError) {
	if in.LocalGatewayV4IP != nil {
		if len(in.IPv4Peer) > 0 && !bytes.Equal(in.IPv4Peer, []byte("null")) {
			return nil, badRequest("DC.0001", "give local_gateway_v4_ip or ipv4_peer, not both")
		}
		return &peerInput{LocalGatewayIP: in.LocalGatewayV4IP, RemoteGatewayIP: in.RemoteGatewayV4IP,
			RouteMode: in.RouteMode, BGPASN: in.BGPASN, BGPMD5: in.BGPMD5, RemoteEPGroup: in.RemoteEPGroup}, nil
	}
	if len(in.IPv4Peer) == 0 || bytes.Equal(in.IPv4Peer, []byte("null")) {
		return nil, nil
	}
	var pin peerInput
	dec := json.NewDecoder(bytes.NewReader(in.IPv4Peer))
	dec.UseNumber()
	if err := dec.Decode(&pin); err != nil {
		return nil, badRequest("DC.0000", "malformed ipv4_peer: "+err.Error())
	}
	return &pin, nil
}
