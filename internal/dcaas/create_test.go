package dcaas

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func ptr[T any](v T) *T { return &v }

var createReq = CreateVifPeerRequest{
	Name: "edge", Description: "d", AddressFamily: "ipv6", LocalGatewayIP: "fd00::1/64", RemoteGatewayIP: "fd00::2/64",
	RouteMode: "bgp", BGPASN: ptr(uint32(64512)), BGPMD5: ptr("key-1"), RemoteEPGroup: []string{"fd00:1::/48", "fd00:2::/48"},
	VifID: "v1",
}

// peerAsSent is the peer the API makes of createReq, in the API's own
// spelling.
func peerAsSent(id string) VifPeer {
	return VifPeer{
		ID: id, VifID: "v1", Name: "edge", Description: "d", AddressFamily: "ipv6",
		LocalGatewayIP: "FD00:0:0:0:0:0:0:1/64", RemoteGatewayIP: "fd00::2/64", RouteMode: "bgp",
		BGPASN: ptr(uint32(64512)), BGPMD5: ptr("key-1"), RemoteEPGroup: []string{"fd00:2::/48", "FD00:1::/48"},
		Status: StatusPendingCreate,
	}
}

func vifWith(peers ...VifPeer) *VirtualInterface {
	return &VirtualInterface{ID: "v1", VifPeers: peers}
}

func TestDecideAfterFailedCreate(t *testing.T) {
	ambiguous := &APIError{StatusCode: http.StatusBadGateway, Code: "DC.0003", FromAPI: true}
	lostAnswer := &TransportError{Method: http.MethodPost, Sent: true, Err: errors.New("connection reset")}
	taken := &APIError{StatusCode: http.StatusBadRequest, Code: CodeAddressFamilyTaken, FromAPI: true}
	other := peerAsSent("p-other")
	other.Name = "someone-else"
	otherFamily := VifPeer{ID: "p4", VifID: "v1", AddressFamily: "ipv4"}
	differsIn := func(change func(*VifPeer)) VifPeer {
		p := peerAsSent("p-new")
		change(&p)
		return p
	}

	cases := []struct {
		name          string
		postErr       error
		before, after *VirtualInterface
		attempt       int
		fateUnknown   bool
		wantRetry     bool
		wantLikeSent  string // a LostCreateError that found this peer
		wantNoneMade  bool   // a LostCreateError that found none
		wantTaken     string
		wantErr       error
	}{
		{name: "lost answer, a peer like the one sent: reported, not taken", postErr: lostAnswer, before: vifWith(otherFamily), after: vifWith(otherFamily, peerAsSent("p-new")), attempt: 1, wantLikeSent: "p-new"},
		{name: "502, a peer like the one sent: reported, not taken", postErr: ambiguous, before: vifWith(), after: vifWith(peerAsSent("p-new")), attempt: 1, wantLikeSent: "p-new"},
		{name: "502, nothing made: sent again", postErr: ambiguous, before: vifWith(), after: vifWith(otherFamily), attempt: 1, wantRetry: true},
		{name: "lost answer, nothing made: sent again", postErr: lostAnswer, before: vifWith(), after: vifWith(), attempt: 2, wantRetry: true},
		{name: "502, nothing made, last attempt: none made", postErr: ambiguous, before: vifWith(), after: vifWith(), attempt: MaxCreateAttempts, wantNoneMade: true},
		{name: "502, a peer that was there before", postErr: ambiguous, before: vifWith(peerAsSent("p-old")), after: vifWith(peerAsSent("p-old")), attempt: 1, wantTaken: "p-old"},
		{name: "502, another name", postErr: ambiguous, before: vifWith(), after: vifWith(other), attempt: 1, wantTaken: "p-other"},
		{name: "502, another description", postErr: ambiguous, before: vifWith(), after: vifWith(differsIn(func(p *VifPeer) { p.Description = "" })), attempt: 1, wantTaken: "p-new"},
		{name: "502, another gateway", postErr: ambiguous, before: vifWith(), after: vifWith(differsIn(func(p *VifPeer) { p.RemoteGatewayIP = "fd00::3/64" })), attempt: 1, wantTaken: "p-new"},
		{name: "502, another route mode", postErr: ambiguous, before: vifWith(), after: vifWith(differsIn(func(p *VifPeer) { p.RouteMode = "static" })), attempt: 1, wantTaken: "p-new"},
		{name: "502, another ASN", postErr: ambiguous, before: vifWith(), after: vifWith(differsIn(func(p *VifPeer) { p.BGPASN = ptr(uint32(1)) })), attempt: 1, wantTaken: "p-new"},
		{name: "502, another MD5 key", postErr: ambiguous, before: vifWith(), after: vifWith(differsIn(func(p *VifPeer) { p.BGPMD5 = ptr("key-0") })), attempt: 1, wantTaken: "p-new"},
		{name: "502, no MD5 key", postErr: ambiguous, before: vifWith(), after: vifWith(differsIn(func(p *VifPeer) { p.BGPMD5 = nil })), attempt: 1, wantTaken: "p-new"},
		{name: "502, other subnets", postErr: ambiguous, before: vifWith(), after: vifWith(differsIn(func(p *VifPeer) { p.RemoteEPGroup = []string{"fd00:1::/48"} })), attempt: 1, wantTaken: "p-new"},
		{name: "clean DC.1301, even of a matching peer: taken", postErr: taken, before: vifWith(), after: vifWith(peerAsSent("p-new")), attempt: 1, wantTaken: "p-new"},
		{name: "DC.1301 after an earlier lost answer, a peer like the one sent: reported, not taken", postErr: taken, fateUnknown: true, before: vifWith(), after: vifWith(peerAsSent("p-new")), attempt: 2, wantLikeSent: "p-new"},
		{name: "DC.1301 after an earlier lost answer, another's peer", postErr: taken, fateUnknown: true, before: vifWith(), after: vifWith(other), attempt: 2, wantTaken: "p-other"},
		{name: "route mode left out by the API is static, not the bgp sent", postErr: ambiguous, before: vifWith(), after: vifWith(func() VifPeer { p := peerAsSent("p-new"); p.RouteMode = ""; return p }()), attempt: 1, wantTaken: "p-new"},
		{name: "clean DC.1301, holder gone by the read: the error", postErr: taken, before: vifWith(), after: vifWith(), attempt: 1, wantErr: taken},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := decideAfterFailedCreate(tc.postErr, tc.fateUnknown || IsAmbiguous(tc.postErr), createReq, tc.before, tc.after, tc.attempt)
			if got.retry != tc.wantRetry || (got.retry && got.err != nil) {
				t.Errorf("retry %v (error %v), want %v", got.retry, got.err, tc.wantRetry)
			}
			var lost *LostCreateError
			var takenErr *FamilyTakenError
			switch {
			case tc.wantLikeSent != "":
				if !errors.As(got.err, &lost) || lost.Found == nil || lost.Found.ID != tc.wantLikeSent || int(lost.Sent) != tc.attempt || !errors.Is(lost.Cause, tc.postErr) {
					t.Errorf("got %+v, want a lost answer with %s found after %d creates", got.err, tc.wantLikeSent, tc.attempt)
				}
			case tc.wantNoneMade:
				if !errors.As(got.err, &lost) || lost.Found != nil || lost.LookupErr != nil || int(lost.Sent) != tc.attempt {
					t.Errorf("got %+v, want lost answers with none made after %d creates", got.err, tc.attempt)
				}
			case tc.wantTaken != "":
				if errors.As(got.err, &lost) || !errors.As(got.err, &takenErr) || takenErr.Holder.ID != tc.wantTaken || int(takenErr.Sent) != tc.attempt {
					t.Errorf("got %+v, want family taken by %s after %d creates", got.err, tc.wantTaken, tc.attempt)
				}
			case tc.wantErr != nil:
				if errors.As(got.err, &lost) || !errors.Is(got.err, tc.wantErr) {
					t.Errorf("got %+v, want error %v", got.err, tc.wantErr)
				}
			}
		})
	}
}

// scriptedAPI answers lists and GETs of interface v1 with its peers and
// POSTs with the next scripted answer; a POST answered "made" adds the peer
// first.
type scriptedAPI struct {
	mu      sync.Mutex
	peers   []VifPeer
	answers []string // "made" (201), "made-502", "502", "1301"
	// failReads makes every read after the first create fail.
	failReads bool
	posted    bool
	log       []string
}

func (a *scriptedAPI) handler(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/virtual-interfaces") {
		a.log = append(a.log, "LIST")
		body, _ := json.Marshal(map[string]any{"virtual_interfaces": []*VirtualInterface{vifWith(a.peers...)}})
		writeJSON(w, http.StatusOK, string(body))
		return
	}
	if r.Method == http.MethodGet && a.failReads && a.posted {
		a.log = append(a.log, "GET 500")
		writeJSON(w, http.StatusInternalServerError, `{"error_code":"DC.0003","error_msg":"system error"}`)
		return
	}
	if r.Method == http.MethodGet {
		a.log = append(a.log, "GET")
		body, _ := json.Marshal(map[string]any{"virtual_interface": vifWith(a.peers...)})
		writeJSON(w, http.StatusOK, string(body))
		return
	}
	answer := a.answers[0]
	a.answers = a.answers[1:]
	a.posted = true
	a.log = append(a.log, "POST "+answer)
	made := peerAsSent(fmt.Sprintf("p-%d", len(a.log)))
	switch answer {
	case "made":
		a.peers = append(a.peers, made)
		body, _ := json.Marshal(map[string]any{"vif_peer": made})
		writeJSON(w, http.StatusCreated, string(body))
	case "made-502":
		a.peers = append(a.peers, made)
		writeJSON(w, http.StatusBadGateway, `{"error_code":"DC.0003","error_msg":"bad gateway"}`)
	case "502":
		writeJSON(w, http.StatusBadGateway, `{"error_code":"DC.0003","error_msg":"bad gateway"}`)
	case "1301":
		writeJSON(w, http.StatusBadRequest, `{"error_code":"DC.1301","error_msg":"family taken"}`)
	}
}

func TestCreateVifPeerRequests(t *testing.T) {
	existing := peerAsSent("p-existing")
	cases := []struct {
		name      string
		peers     []VifPeer
		answers   []string
		failReads bool
		wantLog   string
		wantErr   string
	}{
		{name: "created", answers: []string{"made"}, wantLog: "LIST, POST made"},
		{name: "family taken before: nothing sent", peers: []VifPeer{existing}, wantLog: "LIST", wantErr: "already has an ipv6 peer, p-existing"},
		{name: "made but answered 502: reported, not taken", answers: []string{"made-502"}, wantLog: "LIST, POST made-502, GET",
			wantErr: "the answer to the create was lost \\(1 create sent, the last failing with: POST .*HTTP 502.*now holds a new ipv6 peer, p-2 \\(name \"edge\", status PENDING_CREATE\\).*probably, though not certainly"},
		{name: "502 without effect, then made", answers: []string{"502", "made"}, wantLog: "LIST, POST 502, GET, POST made"},
		{name: "502 three times: none made", answers: []string{"502", "502", "502"}, wantLog: "LIST, POST 502, GET, POST 502, GET, POST 502, GET",
			wantErr: "3 creates sent, the last failing with: .*HTTP 502.*held no such peer after any of them, so none was made"},
		{name: "502, then the read fails: unknown", answers: []string{"502"}, failReads: true, wantLog: "LIST, POST 502, GET 500",
			wantErr: "1 create sent.*HTTP 502.*reading the virtual interface to learn whether a peer was made failed as well, so that is unknown: .*HTTP 500"},
		{name: "DC.1301 after a clean read: an error", answers: []string{"1301"}, wantLog: "LIST, POST 1301, GET", wantErr: "DC.1301"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api := &scriptedAPI{peers: tc.peers, answers: tc.answers, failReads: tc.failReads}
			c := newTestClient(t, api.handler)
			c.settings.retries.maxRetries = 0
			c.settings.polls.createResends = schedule{}
			peer, err := c.CreateVifPeer(context.Background(), createReq)
			if got := strings.Join(api.log, ", "); got != tc.wantLog {
				t.Errorf("requests %q, want %q", got, tc.wantLog)
			}
			if tc.wantErr == "" {
				if err != nil || peer == nil || !MatchesCreateRequest(peer, createReq) {
					t.Fatalf("peer %+v, err %v", peer, err)
				}
				return
			}
			if peer != nil || err == nil || !regexp.MustCompile(tc.wantErr).MatchString(err.Error()) {
				t.Errorf("peer %+v, err %v; want an error matching %q", peer, err, tc.wantErr)
			}
		})
	}
}

// The caller is interrupted while a create is on its way: the create is
// answered all the same, so the peer it made is known; no create is sent
// once the caller was interrupted before sending.
func TestCreateVifPeerAnsweredAfterCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	api := &scriptedAPI{answers: []string{"made"}}
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			cancel()
			// The answer comes once the caller has seen the cancellation.
			<-ctx.Done()
		}
		api.handler(w, r)
	})
	peer, err := c.CreateVifPeer(ctx, createReq)
	if err != nil || peer == nil || peer.ID != "p-2" {
		t.Fatalf("peer %+v, err %v; want the peer the create made", peer, err)
	}

	peer, err = c.CreateVifPeer(ctx, createReq)
	if !errors.Is(err, context.Canceled) || peer != nil {
		t.Errorf("after the cancellation: peer %+v, err %v; want context.Canceled", peer, err)
	}
	if got := strings.Join(api.log, ", "); got != "LIST, POST made" {
		t.Errorf("requests %q: nothing may be sent after the cancellation", got)
	}
}
