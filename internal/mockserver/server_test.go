package mockserver

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const (
	project = "4bd6efdb0fb747b39aa2c0162c112226"
	token   = "tok"
	vifID   = "86f9556a-fa68-42b7-93c2-dd407408430b"
)

type harness struct {
	*Server
	url string
	t   *testing.T
}

func newHarness(t *testing.T, pending time.Duration) *harness {
	s := New(Options{ProjectID: project, Token: token, PendingDelay: pending})
	s.SeedInterface(vifID, "example")
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &harness{Server: s, url: srv.URL, t: t}
}

// call sends a request and returns the status and the decoded JSON body.
func (h *harness) call(method, path, body string, tok ...string) (int, map[string]any, http.Header) {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.url+path, strings.NewReader(body))
	req.Header.Set("X-Auth-Token", token)
	if len(tok) > 0 {
		req.Header.Set("X-Auth-Token", tok[0])
	}
	return h.send(req)
}

// send sends req and returns the status and the decoded JSON body.
func (h *harness) send(req *http.Request) (int, map[string]any, http.Header) {
	h.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(data) > 0 {
		if err := json.Unmarshal(data, &out); err != nil {
			h.t.Fatalf("%s %s: body %q is not JSON: %v", req.Method, req.URL.Path, data, err)
		}
	}
	return resp.StatusCode, out, resp.Header
}

func peersPath() string         { return "/v3/" + project + "/dcaas/vif-peers" }
func peerPath(id string) string { return peersPath() + "/" + id }
func vifPath(id string) string  { return "/v3/" + project + "/dcaas/virtual-interfaces/" + id }
func vifsPath() string          { return "/v3/" + project + "/dcaas/virtual-interfaces" }

// The vendor's two example requests, with the CIDR quoted: the page prints
// it bare, which is not JSON.
const (
	vendorIPv4 = `{ "vif_peer": { "vif_id": "86f9556a-fa68-42b7-93c2-dd407408430b", "name": "vif-peer-test", "address_family": "ipv4", "route_mode": "static", "remote_ep_group": ["8.8.8.0/30"], "description": "", "local_gateway_ip": "5.5.5.1/30", "remote_gateway_ip": "5.5.5.2/30" } }`
	vendorIPv6 = `{ "vif_peer": { "vif_id": "86f9556a-fa68-42b7-93c2-dd407408430b", "name": "vif-peer-test", "address_family": "ipv6", "route_mode": "static", "remote_ep_group": [], "description": "", "local_gateway_ip": "FD00::1/64", "remote_gateway_ip": "FD00::2/64" } }`
)

var documentedPeerFields = []string{
	"id", "tenant_id", "name", "description", "address_family", "local_gateway_ip", "remote_gateway_ip",
	"route_mode", "bgp_asn", "bgp_md5", "remote_ep_group", "service_ep_group", "device_id", "bgp_route_limit",
	"bgp_status", "status", "vif_id", "receive_route_num", "enable_bfd", "enable_nqa", "enable_gre",
	"gre_status", "local_gre_tunnel_ip", "remote_gre_tunnel_ip",
}

func TestVendorExamplesAreCreated(t *testing.T) {
	h := newHarness(t, time.Hour)
	for _, body := range []string{vendorIPv4, vendorIPv6} {
		status, out, hdr := h.call(http.MethodPost, peersPath(), body)
		if status != http.StatusCreated {
			t.Fatalf("status %d: %v", status, out)
		}
		peer, _ := out["vif_peer"].(map[string]any)
		for _, field := range documentedPeerFields {
			if _, ok := peer[field]; !ok {
				t.Errorf("answer lacks %s", field)
			}
		}
		if peer["status"] != "PENDING_CREATE" || peer["tenant_id"] != project || peer["receive_route_num"] != float64(-1) ||
			peer["bgp_asn"] != nil || peer["bgp_status"] != nil || len(peer["id"].(string)) != 36 {
			t.Errorf("peer %v", peer)
		}
		if out["request_id"] == "" || out["request_id"] != hdr.Get("X-Request-Id") {
			t.Errorf("request_id %v, header %q", out["request_id"], hdr.Get("X-Request-Id"))
		}
	}
}

func TestAuth(t *testing.T) {
	h := newHarness(t, 0)
	h.AddToken("other", "another-project")
	if status, out, _ := h.call(http.MethodGet, vifPath(vifID), "", "wrong"); status != 401 || out["error_code"] == nil {
		t.Errorf("wrong token: %d %v", status, out)
	}
	if status, _, _ := h.call(http.MethodGet, vifPath(vifID), "", ""); status != 401 {
		t.Errorf("no token: %d", status)
	}
	if status, _, _ := h.call(http.MethodGet, vifPath(vifID), "", "other"); status != 403 {
		t.Errorf("token of another project: %d", status)
	}
}

func TestCreateValidation(t *testing.T) {
	other := strings.Replace(vendorIPv4, `"vif-peer-test"`, `"x"`, 1)
	cases := map[string]struct {
		body string
		code string
	}{
		"malformed":            {`{"vif_peer": `, "DC.0000"},
		"no vif_peer":          {`{}`, "DC.0000"},
		"name too long":        {strings.Replace(vendorIPv4, `"vif-peer-test"`, `"`+strings.Repeat("n", 65)+`"`, 1), "DC.0001"},
		"description too long": {strings.Replace(vendorIPv4, `"description": ""`, `"description": "`+strings.Repeat("d", 129)+`"`, 1), "DC.0001"},
		"address family":       {strings.Replace(vendorIPv4, `"ipv4"`, `"ipx"`, 1), "DC.0001"},
		"route mode":           {strings.Replace(vendorIPv4, `"static"`, `"rip"`, 1), "DC.0001"},
		"ip does not parse":    {strings.Replace(vendorIPv4, `"5.5.5.1/30"`, `"5.5.5/30"`, 1), "DC.0004"},
		"ip of other family":   {strings.Replace(vendorIPv4, `"5.5.5.1/30"`, `"fd00::1/30"`, 1), "DC.0004"},
		"not one subnet":       {strings.Replace(vendorIPv4, `"5.5.5.2/30"`, `"5.5.6.2/30"`, 1), "DC.0004"},
		"bgp without asn":      {strings.Replace(vendorIPv4, `"static"`, `"bgp"`, 1), "DC.1203"},
		"asn too large":        {strings.Replace(vendorIPv4, `"static"`, `"bgp", "bgp_asn": 4294967296`, 1), "DC.0008"},
		"asn zero":             {strings.Replace(vendorIPv4, `"static"`, `"bgp", "bgp_asn": 0`, 1), "DC.0008"},
		"unknown vif":          {strings.Replace(vendorIPv4, vifID, "00000000-0000-4000-8000-000000000000", 1), "DC.1211"},
		"family taken":         {other, "DC.1301"},
	}
	h := newHarness(t, 0)
	if status, _, _ := h.call(http.MethodPost, peersPath(), vendorIPv4); status != 201 {
		t.Fatal("setup create failed")
	}
	for name, tc := range cases {
		status, out, _ := h.call(http.MethodPost, peersPath(), tc.body)
		if status != 400 || out["error_code"] != tc.code || out["error_msg"] == "" || out["request_id"] == "" {
			t.Errorf("%s: %d %v, want 400 %s", name, status, out, tc.code)
		}
	}
	foreign := h.SeedInterfaceFor("another-project", "", "foreign")
	status, out, _ := h.call(http.MethodPost, peersPath(), strings.Replace(vendorIPv4, vifID, foreign, 1))
	if status != 400 || out["error_code"] != "DC.1213" {
		t.Errorf("another tenant's interface: %d %v", status, out)
	}
	if n := len(h.Peers()); n != 1 {
		t.Errorf("%d peers after failed creates, want 1", n)
	}
}

// The API's own refusals at the input edges: lengths in characters, not
// bytes; IPv4-mapped IPv6 addresses, which are of neither family; subnets
// of the other family; null entries.
func TestInputEdges(t *testing.T) {
	v6 := func(old, replacement string) string { return strings.Replace(vendorIPv6, old, replacement, 1) }
	refused := map[string]string{
		"mapped gateways":            v6(`"FD00::1/64", "remote_gateway_ip": "FD00::2/64"`, `"::ffff:5.5.5.1/126", "remote_gateway_ip": "::ffff:5.5.5.2/126"`),
		"mapped subnet":              v6(`"remote_ep_group": []`, `"remote_ep_group": ["::ffff:10.0.0.0/104"]`),
		"subnet of the other family": v6(`"remote_ep_group": []`, `"remote_ep_group": ["10.0.0.0/8"]`),
		"null subnet":                v6(`"remote_ep_group": []`, `"remote_ep_group": [null]`),
	}
	h := newHarness(t, 0)
	for name, body := range refused {
		status, out, _ := h.call(http.MethodPost, peersPath(), body)
		if status != 400 || out["error_code"] != "DC.0004" {
			t.Errorf("%s: %d %v, want 400 DC.0004", name, status, out)
		}
	}
	if n := len(h.Peers()); n != 0 {
		t.Fatalf("%d peers after refused creates", n)
	}

	name64 := strings.Repeat("ä", 64)
	description128 := strings.Repeat("数", 128)
	body := v6(`"name": "vif-peer-test"`, `"name": "`+name64+`"`)
	body = strings.Replace(body, `"description": ""`, `"description": "`+description128+`"`, 1)
	status, out, _ := h.call(http.MethodPost, peersPath(), body)
	if status != 201 {
		t.Fatalf("64-character name and 128-character description (more bytes): %d %v", status, out)
	}
	id := out["vif_peer"].(map[string]any)["id"].(string)
	for name, update := range map[string]struct {
		body, code string
	}{
		"65-character name":          {`{"vif_peer": {"name": "` + name64 + `ä"}}`, "DC.0001"},
		"129-character description":  {`{"vif_peer": {"description": "` + description128 + `数"}}`, "DC.0001"},
		"subnet of the other family": {`{"vif_peer": {"remote_ep_group": ["10.0.0.0/8"]}}`, "DC.0004"},
		"mapped subnet":              {`{"vif_peer": {"remote_ep_group": ["::ffff:10.0.0.0/104"]}}`, "DC.0004"},
		"null subnet":                {`{"vif_peer": {"remote_ep_group": [null]}}`, "DC.0004"},
	} {
		status, out, _ := h.call(http.MethodPut, peerPath(id), update.body)
		if status != 400 || out["error_code"] != update.code {
			t.Errorf("update, %s: %d %v, want 400 %s", name, status, out, update.code)
		}
	}
	if p, _ := h.Peer(id); p.Name != name64 || len(p.RemoteEPGroup) != 0 {
		t.Errorf("refused updates changed the peer: %+v", p)
	}
	if status, out, _ := h.call(http.MethodPut, peerPath(id), `{"vif_peer": {"remote_ep_group": ["fd00:1::/48"]}}`); status != 200 {
		t.Errorf("update with a subnet of the family: %d %v", status, out)
	}
}

func TestBGPPeerKeepsASNAndKey(t *testing.T) {
	h := newHarness(t, 0)
	body := strings.Replace(vendorIPv4, `"static"`, `"bgp", "bgp_asn": 4294967295, "bgp_md5": "k3y"`, 1)
	_, out, _ := h.call(http.MethodPost, peersPath(), body)
	peer := out["vif_peer"].(map[string]any)
	if peer["bgp_asn"] != float64(4294967295) || peer["bgp_md5"] != "k3y" {
		t.Errorf("peer %v", peer)
	}
}

func TestLifecycle(t *testing.T) {
	h := newHarness(t, 150*time.Millisecond)
	if _, err := h.SeedPeer(vifID, "ipv6", "fd00::1/64", "fd00::2/64"); err != nil {
		t.Fatal(err)
	}
	_, out, _ := h.call(http.MethodPost, peersPath(), vendorIPv4)
	id := out["vif_peer"].(map[string]any)["id"].(string)

	// Busy while pending, as 409 or 400 DC.1303 in turn.
	s1, o1, _ := h.call(http.MethodPut, peerPath(id), `{"vif_peer":{"name":"n"}}`)
	s2, o2, _ := h.call(http.MethodDelete, peerPath(id), "")
	if o1["error_code"] != "DC.1303" || o2["error_code"] != "DC.1303" || s1 == s2 || (s1 != 409 && s1 != 400) || (s2 != 409 && s2 != 400) {
		t.Errorf("busy answers %d %v, %d %v", s1, o1, s2, o2)
	}
	if p, _ := h.Peer(id); p.Status != "PENDING_CREATE" {
		t.Fatalf("status %s before the delay", p.Status)
	}
	time.Sleep(200 * time.Millisecond)
	if p, _ := h.Peer(id); p.Status != "ACTIVE" {
		t.Fatalf("status %s after the delay", p.Status)
	}

	status, out, _ := h.call(http.MethodPut, peerPath(id), `{"vif_peer":{"description":"d2","remote_ep_group":["10.0.0.0/8"]}}`)
	peer := out["vif_peer"].(map[string]any)
	if status != 200 || peer["status"] != "PENDING_UPDATE" || peer["name"] != "vif-peer-test" || peer["description"] != "d2" {
		t.Errorf("update: %d %v", status, peer)
	}
	time.Sleep(200 * time.Millisecond)
	if p, _ := h.Peer(id); p.Status != "ACTIVE" || strings.Join(p.RemoteEPGroup, ",") != "10.0.0.0/8" {
		t.Errorf("after update: %+v", p)
	}
	if status, out, _ := h.call(http.MethodPut, peerPath(id), `{"vif_peer":{"route_mode":"bgp"}}`); status != 400 || out["error_code"] != "DC.0001" {
		t.Errorf("update of a fixed field: %d %v", status, out)
	}
	for body, code := range map[string]string{
		`{"vif_peer":{"name":"` + strings.Repeat("n", 65) + `"}}`:         "DC.0001",
		`{"vif_peer":{"description":"` + strings.Repeat("d", 129) + `"}}`: "DC.0001",
		`{"vif_peer":{"remote_ep_group":["10.0.0.0/33"]}}`:                "DC.0004",
	} {
		if status, out, _ := h.call(http.MethodPut, peerPath(id), body); status != 400 || out["error_code"] != code {
			t.Errorf("update %s: %d %v, want 400 %s", body, status, out, code)
		}
	}

	if status, _, _ := h.call(http.MethodDelete, peerPath(id), ""); status != 204 {
		t.Fatalf("delete: %d", status)
	}
	if p, ok := h.Peer(id); !ok || p.Status != "PENDING_DELETE" {
		t.Fatalf("after delete: %+v %v", p, ok)
	}
	time.Sleep(200 * time.Millisecond)
	if _, ok := h.Peer(id); ok {
		t.Fatal("peer still there after PENDING_DELETE")
	}
}

func TestLastPeerCannotBeDeleted(t *testing.T) {
	h := newHarness(t, 0)
	_, out, _ := h.call(http.MethodPost, peersPath(), vendorIPv4)
	id := out["vif_peer"].(map[string]any)["id"].(string)
	h.Peer(id) // settles PENDING_CREATE
	status, out, _ := h.call(http.MethodDelete, peerPath(id), "")
	if status != 400 || out["error_code"] != "DC.1302" {
		t.Errorf("%d %v", status, out)
	}
}

// A peer in PENDING_DELETE no longer counts: of two deletes of an
// interface's two peers, the second is refused as the last peer's.
func TestSecondOfTwoDeletesIsRefused(t *testing.T) {
	h := newHarness(t, time.Hour)
	v4, err := h.SeedPeer(vifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	v6, err := h.SeedPeer(vifID, "ipv6", "fd00::1/64", "fd00::2/64")
	if err != nil {
		t.Fatal(err)
	}
	if status, _, _ := h.call(http.MethodDelete, peerPath(v4), ""); status != http.StatusNoContent {
		t.Fatalf("first delete: %d", status)
	}
	status, out, _ := h.call(http.MethodDelete, peerPath(v6), "")
	if status != http.StatusBadRequest || out["error_code"] != "DC.1302" {
		t.Errorf("second delete: %d %v, want 400 DC.1302", status, out)
	}
	if p, ok := h.Peer(v6); !ok || p.Status != "ACTIVE" {
		t.Errorf("the refused peer: %+v %v, want it ACTIVE", p, ok)
	}
}

func TestCreateOutcomeAndForcedStatus(t *testing.T) {
	h := newHarness(t, 0)
	h.SetCreateOutcome("ERROR")
	_, out, _ := h.call(http.MethodPost, peersPath(), vendorIPv4)
	id := out["vif_peer"].(map[string]any)["id"].(string)
	if p, _ := h.Peer(id); p.Status != "ERROR" {
		t.Errorf("status %s, want ERROR", p.Status)
	}
	if err := h.ForceStatus(id, "DOWN"); err != nil {
		t.Fatal(err)
	}
	if p, _ := h.Peer(id); p.Status != "DOWN" {
		t.Errorf("status %s, want DOWN", p.Status)
	}
}

func TestNotFoundTakesEveryAllowedForm(t *testing.T) {
	h := newHarness(t, 0)
	seen := map[string]bool{}
	for range 3 {
		status, out, _ := h.call(http.MethodGet, vifPath("00000000-0000-4000-8000-000000000000"), "")
		seen[fmt.Sprintf("%d %v", status, out["error_code"])] = true
	}
	for _, want := range []string{"404 DC.0002", "400 DC.0002", "400 DC.1211"} {
		if !seen[want] {
			t.Errorf("never answered %s; saw %v", want, seen)
		}
	}
}

func TestAnswerQuirks(t *testing.T) {
	h := newHarness(t, 0)
	h.call(http.MethodPost, peersPath(), vendorIPv6)
	shapes := map[string]bool{}
	for range 4 {
		_, out, _ := h.call(http.MethodGet, vifPath(vifID), "")
		peer := out["virtual_interface"].(map[string]any)["vif_peers"].([]any)[0].(map[string]any)
		shapes[fmt.Sprintf("%#v", peer["remote_ep_group"])] = true
		if _, ok := peer["created_at"]; !ok {
			t.Error("no field beyond the contract")
		}
	}
	if !shapes["<nil>"] || !shapes["[]interface {}{}"] {
		t.Errorf("empty list not answered both as null and []: %v", shapes)
	}

	h.SetJoinEPGroups(true)
	h.call(http.MethodPost, peersPath(), strings.Replace(vendorIPv4, `["8.8.8.0/30"]`, `["8.8.8.0/30","9.9.9.0/24"]`, 1))
	_, out, _ := h.call(http.MethodGet, vifPath(vifID), "")
	found := false
	for _, p := range out["virtual_interface"].(map[string]any)["vif_peers"].([]any) {
		peer := p.(map[string]any)
		if peer["address_family"] == "ipv4" {
			found = true
			if fmt.Sprint(peer["remote_ep_group"]) != "[8.8.8.0/30 9.9.9.0/24]" || len(peer["remote_ep_group"].([]any)) != 1 {
				t.Errorf("joined remote_ep_group %#v", peer["remote_ep_group"])
			}
		}
	}
	if !found {
		t.Error("ipv4 peer missing")
	}
}

func TestListPaging(t *testing.T) {
	h := newHarness(t, 0)
	for i := range 4 {
		h.SeedInterface("", fmt.Sprintf("vif-%d", i))
	}
	h.SeedInterfaceFor("another-project", "", "hidden")
	var ids []string
	marker := ""
	for page := 0; ; page++ {
		q := "?limit=2"
		if marker != "" {
			q += "&marker=" + marker
		}
		status, out, _ := h.call(http.MethodGet, vifsPath()+q, "")
		if status != 200 {
			t.Fatalf("%d %v", status, out)
		}
		items := listOf(out["virtual_interfaces"])
		info := out["page_info"].(map[string]any)
		if info["current_count"] != float64(len(items)) {
			t.Errorf("current_count %v for %d items", info["current_count"], len(items))
		}
		for _, it := range items {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		if previous, _ := info["previous_marker"].(string); (marker == "") != (previous == "") || (previous != "" && previous != items[0].(map[string]any)["id"]) {
			t.Errorf("page %d after %q: previous_marker %q", page, marker, previous)
		}
		next, _ := info["next_marker"].(string)
		if next == "" {
			break
		}
		marker = next
	}
	if len(ids) != 5 {
		t.Fatalf("listed %d interfaces, want 5 of this project: %v", len(ids), ids)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			t.Errorf("not sorted by id: %v", ids)
		}
	}
	other := ids[0]
	if other == vifID {
		other = ids[1]
	}
	_, out, _ := h.call(http.MethodGet, vifsPath()+"?id="+vifID+"&id="+other+"&status=ACTIVE", "")
	if n := len(listOf(out["virtual_interfaces"])); n != 2 {
		t.Errorf("id filter gave %d", n)
	}
	_, out, _ = h.call(http.MethodGet, vifsPath()+"?status=DOWN", "")
	if n := len(listOf(out["virtual_interfaces"])); n != 0 {
		t.Errorf("status filter gave %d", n)
	}
	for _, bad := range []string{"0", "2001", "x"} {
		if status, out, _ := h.call(http.MethodGet, vifsPath()+"?limit="+bad, ""); status != 400 || out["error_code"] != "DC.0001" {
			t.Errorf("limit=%s: %d %v", bad, status, out)
		}
	}
}

// listOf reads a JSON list that may be null, as the contract allows.
func listOf(v any) []any {
	list, _ := v.([]any)
	return list
}

// The contract lets every empty list come back as null or []: the peers of
// an interface and a page of interfaces too.
func TestEmptyInterfaceListsTakeBothForms(t *testing.T) {
	h := newHarness(t, 0)
	peerShapes, pageShapes := map[string]bool{}, map[string]bool{}
	for range 4 {
		_, out, _ := h.call(http.MethodGet, vifPath(vifID), "")
		peerShapes[fmt.Sprintf("%#v", out["virtual_interface"].(map[string]any)["vif_peers"])] = true
	}
	for range 4 {
		_, out, _ := h.call(http.MethodGet, vifsPath()+"?status=DOWN", "")
		pageShapes[fmt.Sprintf("%#v", out["virtual_interfaces"])] = true
	}
	for what, shapes := range map[string]map[string]bool{"vif_peers": peerShapes, "virtual_interfaces": pageShapes} {
		if len(shapes) != 2 || !shapes["<nil>"] || !shapes["[]interface {}{}"] {
			t.Errorf("empty %s not answered both as null and []: %v", what, shapes)
		}
	}
}

// Each filter may repeat, up to 5 values, any of which matches; filters
// combine with AND.
func TestListFiltersRepeat(t *testing.T) {
	h := newHarness(t, 0)
	var ids []string
	for i := range 5 {
		ids = append(ids, h.SeedInterface("", fmt.Sprintf("vif-%d", i)))
	}
	h.startSwitchover(ids[0], "shutdown")
	count := func(q string) int {
		t.Helper()
		status, out, _ := h.call(http.MethodGet, vifsPath()+q, "")
		if status != 200 {
			t.Fatalf("%s: %d %v", q, status, out)
		}
		return len(listOf(out["virtual_interfaces"]))
	}
	_, out, _ := h.call(http.MethodGet, vifPath(ids[1]), "")
	vif1 := out["virtual_interface"].(map[string]any)
	for q, want := range map[string]int{
		"?id=" + ids[0] + "&id=" + ids[1] + "&id=" + ids[2]:                       3,
		"?id=" + ids[0] + "&id=" + ids[1] + "&status=ACTIVE":                      1,
		"?status=DOWN&status=ACTIVE":                                              6,
		"?status=DOWN":                                                            1,
		"?direct_connect_id=" + vif1["direct_connect_id"].(string):                1,
		"?vgw_id=" + vif1["vgw_id"].(string) + "&vgw_id=nope":                     1,
		"?vgw_id=" + vif1["vgw_id"].(string) + "&direct_connect_id=nope":          0,
		"?id=" + ids[1] + "&vgw_id=" + vif1["vgw_id"].(string) + "&status=ACTIVE": 1,
		"?id=" + strings.Join(ids, "&id="):                                        5,
	} {
		if got := count(q); got != want {
			t.Errorf("%s: %d interfaces, want %d", q, got, want)
		}
	}
	status, out, _ := h.call(http.MethodGet, vifsPath()+"?id="+strings.Join(append(ids, vifID), "&id="), "")
	if status != 400 || out["error_code"] != "DC.0001" || !strings.Contains(out["error_msg"].(string), "id") {
		t.Errorf("6 ids: %d %v", status, out)
	}
}

// The vendor's body: local_gateway_v4_ip and the fields beside it give the
// IPv4 peer.
func TestCreateInterfaceVendorBody(t *testing.T) {
	h := newHarness(t, 0)
	status, out, _ := h.call(http.MethodPost, vifsPath(), `{"virtual_interface":{"name":"vendor","direct_connect_id":"6ecd9cf3-ca64-46c7-863f-f2eb1b9e838a",
		"vgw_id":"56d5745e-6af2-40e4-945d-fe449be00148","vlan":100,"bandwidth":5,"route_mode":"bgp","bgp_asn":4294967295,"bgp_md5":"k",
		"local_gateway_v4_ip":"180.1.1.1/24","remote_gateway_v4_ip":"180.1.1.2/24","remote_ep_group":["1.1.1.0/30"],"enable_bfd":false}}`)
	if status != 201 {
		t.Fatalf("%d %v", status, out)
	}
	vif := out["virtual_interface"].(map[string]any)
	peers := listOf(vif["vif_peers"])
	if vif["direct_connect_id"] != "6ecd9cf3-ca64-46c7-863f-f2eb1b9e838a" || vif["vgw_id"] != "56d5745e-6af2-40e4-945d-fe449be00148" || len(peers) != 1 {
		t.Fatalf("interface %v", vif)
	}
	p := peers[0].(map[string]any)
	if p["address_family"] != "ipv4" || p["local_gateway_ip"] != "180.1.1.1/24" || p["remote_gateway_ip"] != "180.1.1.2/24" ||
		p["route_mode"] != "bgp" || p["bgp_asn"] != float64(4294967295) || p["bgp_md5"] != "k" || fmt.Sprint(p["remote_ep_group"]) != "[1.1.1.0/30]" ||
		p["name"] != "vendor-ipv4" || p["vif_id"] != vif["id"] {
		t.Errorf("default peer %v", p)
	}
	if status, out, _ := h.call(http.MethodPost, vifsPath(), `{"virtual_interface":{"name":"v","local_gateway_v4_ip":"180.1.1.1/24","remote_gateway_v4_ip":"181.1.1.2/24"}}`); status != 400 || out["error_code"] != "DC.0004" {
		t.Errorf("gateways in two subnets: %d %v", status, out)
	}
	if status, out, _ := h.call(http.MethodGet, vifsPath()+"?direct_connect_id=6ecd9cf3-ca64-46c7-863f-f2eb1b9e838a", ""); status != 200 || len(listOf(out["virtual_interfaces"])) != 1 {
		t.Errorf("filter by the direct connection given: %d %v", status, out)
	}
}

func TestCreateInterfaceWithDefaultPeer(t *testing.T) {
	h := newHarness(t, 0)
	status, out, _ := h.call(http.MethodPost, vifsPath(), `{"virtual_interface":{"name":"v","ipv4_peer":{"local_gateway_ip":"10.0.0.1/30","remote_gateway_ip":"10.0.0.2/30"}}}`)
	vif := out["virtual_interface"].(map[string]any)
	peers := vif["vif_peers"].([]any)
	if status != 201 || len(peers) != 1 || peers[0].(map[string]any)["address_family"] != "ipv4" || peers[0].(map[string]any)["status"] != "ACTIVE" {
		t.Fatalf("%d %v", status, out)
	}
	status, out, _ = h.call(http.MethodPost, vifsPath(), `{"virtual_interface":{"name":"bare"}}`)
	if status != 201 || len(listOf(out["virtual_interface"].(map[string]any)["vif_peers"])) != 0 {
		t.Errorf("%d %v", status, out)
	}
}

func TestOutOfBandDeletes(t *testing.T) {
	h := newHarness(t, 0)
	_, out, _ := h.call(http.MethodPost, peersPath(), vendorIPv4)
	id := out["vif_peer"].(map[string]any)["id"].(string)
	if err := h.DeletePeer(id); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := h.call(http.MethodDelete, peerPath(id), ""); status != 404 && status != 400 {
		t.Errorf("delete of a vanished peer: %d", status)
	}
	if err := h.DeleteInterface(vifID); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := h.call(http.MethodGet, vifPath(vifID), ""); status != 404 && status != 400 {
		t.Errorf("get of a vanished interface: %d", status)
	}
}
