package mockserver

import (
	"net/http"
	"strings"
	"testing"
)

// A path or method the contract does not name gets the gateway's body,
// before credentials are looked at.
func TestUnknownPathsGetTheGatewaysAnswer(t *testing.T) {
	h := newHarness(t, 0)
	for _, c := range []struct{ method, path, token string }{
		{http.MethodGet, "/", token},
		{http.MethodGet, "/v3/" + project + "/dcaas/vif-peers", token},
		{http.MethodGet, "/v3/" + project + "/dcaas/vif-peers/x", token},
		{http.MethodPost, vifPath(vifID), token},
		{http.MethodGet, "/v2/" + project + "/dcaas/virtual-interfaces", token},
		{http.MethodGet, "/api/v3/" + project + "/dcaas/virtual-interfaces", "wrong"},
		{http.MethodPut, switchoverPath(), token},
		{http.MethodGet, "/v3/" + project + "/dcaas/switchover-test/x", token},
		// Not redirected to the clean path: the API never redirects.
		{http.MethodGet, "/v3/" + project + "//dcaas/virtual-interfaces", token},
		{http.MethodGet, "/v3/" + project + "/dcaas/./virtual-interfaces", token},
		{http.MethodGet, vifsPath() + "/", token},
	} {
		status, out, hdr := h.call(c.method, c.path, "", c.token)
		if status != http.StatusNotFound || out["error_code"] != "APIGW.0101" ||
			out["error_msg"] != "The API does not exist or has not been published in the environment" ||
			out["request_id"] == "" || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s: %d %v", c.method, c.path, status, out)
		}
	}
	// A path that exists still wants credentials.
	if status, _, _ := h.call(http.MethodGet, vifsPath(), "", "wrong"); status != http.StatusUnauthorized {
		t.Errorf("list with a wrong token: %d", status)
	}
}

// A query parameter the contract does not name is refused, naming it.
func TestUnknownQueryParametersRefused(t *testing.T) {
	h := newHarness(t, 0)
	peerID := h.seedPeer()
	for _, c := range []struct{ method, path, param string }{
		{http.MethodGet, vifsPath() + "?limit=1&name=x", "name"},
		{http.MethodGet, vifsPath() + "?page_size=10", "page_size"},
		{http.MethodGet, vifPath(vifID) + "?fields=id", "fields"},
		{http.MethodPut, peerPath(peerID) + "?force=true", "force"},
		{http.MethodDelete, peerPath(peerID) + "?force=true", "force"},
		{http.MethodPost, peersPath() + "?dry_run=1", "dry_run"},
		{http.MethodGet, detectionsPath() + "?vif_peer_id=" + peerID + "&offset=2", "offset"},
		{http.MethodPost, switchoverPath() + "?x=1", "x"},
	} {
		status, out, _ := h.call(c.method, c.path, `{"vif_peer":{"name":"n"}}`)
		if status != http.StatusBadRequest || out["error_code"] != "DC.0001" || !strings.Contains(out["error_msg"].(string), `"`+c.param+`"`) {
			t.Errorf("%s %s: %d %v, want 400 DC.0001 naming %s", c.method, c.path, status, out, c.param)
		}
	}
	if p, _ := h.Peer(peerID); p.Name != "default-ipv4" || p.Status != "ACTIVE" {
		t.Errorf("a refused request changed the peer: %+v", p)
	}
}
