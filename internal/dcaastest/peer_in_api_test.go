package dcaastest

import (
	"encoding/json"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

const peerAddress = "dcaas_vif_peer.test"

func apiPeer() mockserver.Peer {
	asn, md5 := uint64(4294967295), "key-1"
	return mockserver.Peer{
		ID: "peer-1", VifID: "vif-1", TenantID: "tenant", Name: "peer", AddressFamily: "ipv4", RouteMode: "bgp",
		LocalGatewayIP: "5.5.5.1/30", RemoteGatewayIP: "5.5.5.2/30",
		BGPASN: &asn, BGPMD5: &md5, RemoteEPGroup: []string{"10.0.0.0/24", "10.1.0.0/24"}, Status: "ACTIVE",
	}
}

// statePeer is the state that agrees with apiPeer, changed by edit.
func statePeer(edit func(map[string]any)) *tfjson.State {
	values := map[string]any{
		"id": "peer-1", "vif_id": "vif-1", "tenant_id": "tenant", "name": "peer", "description": nil,
		"address_family": "IPv4", "route_mode": "bgp", "status": "ACTIVE",
		"local_gateway_ip": "5.5.5.1/30", "remote_gateway_ip": "5.5.5.2/30",
		"bgp_asn": json.Number("4294967295"), "bgp_md5": "key-1",
		"remote_ep_group": []any{"10.0.0.0/24", "10.1.0.0/24"},
	}
	if edit != nil {
		edit(values)
	}
	return stateOf(&tfjson.StateResource{Address: peerAddress, AttributeValues: values})
}

func TestExpectPeerInAPI(t *testing.T) {
	api := fakeAPI{peers: []mockserver.Peer{apiPeer()}}
	want := map[string]knownvalue.Check{
		"bgp_asn":         knownvalue.Int64Exact(4294967295),
		"bgp_md5":         knownvalue.StringExact("key-1"),
		"remote_ep_group": knownvalue.ListSizeExact(2),
		"description":     knownvalue.StringExact(""),
	}
	expectPass(t, runCheck(ExpectPeerInAPI(api, peerAddress, want), statePeer(nil)))
	// remote_ep_group is a set: any order, any spelling of the same subnets.
	reordered := statePeer(func(v map[string]any) { v["remote_ep_group"] = []any{"10.1.0.0/24", "10.0.0.0/24"} })
	expectPass(t, runCheck(ExpectPeerInAPI(api, peerAddress, want), reordered))

	cases := map[string]struct {
		api   API
		state *tfjson.State
		want  map[string]knownvalue.Check
		error string
	}{
		"not in state":           {api, stateOf(), nil, peerAddress + " is not in state"},
		"not in the API":         {fakeAPI{}, statePeer(nil), nil, `peer "peer-1" does not exist in the API`},
		"state differs":          {api, statePeer(func(v map[string]any) { v["name"] = "other" }), nil, `state has name = "other", the API has "peer"`},
		"family differs":         {api, statePeer(func(v map[string]any) { v["address_family"] = "ipv6" }), nil, `address_family = "ipv6", the API has "ipv4"`},
		"subnets differ":         {api, statePeer(func(v map[string]any) { v["remote_ep_group"] = []any{"10.1.0.0/24", "10.2.0.0/24"} }), nil, "state has remote_ep_group"},
		"subnets null":           {api, statePeer(func(v map[string]any) { v["remote_ep_group"] = nil }), nil, "state has remote_ep_group"},
		"local gateway differs":  {api, statePeer(func(v map[string]any) { v["local_gateway_ip"] = "5.5.5.1/29" }), nil, `state has local_gateway_ip = "5.5.5.1/29", the API has "5.5.5.1/30"`},
		"remote gateway differs": {api, statePeer(func(v map[string]any) { v["remote_gateway_ip"] = "5.5.5.3/30" }), nil, `state has remote_gateway_ip = "5.5.5.3/30", the API has "5.5.5.2/30"`},
		"ASN differs":            {api, statePeer(func(v map[string]any) { v["bgp_asn"] = json.Number("65000") }), nil, "state has bgp_asn = 65000, the API has 4294967295"},
		"ASN null":               {api, statePeer(func(v map[string]any) { v["bgp_asn"] = nil }), nil, "state has bgp_asn = null, the API has 4294967295"},
		"key differs":            {api, statePeer(func(v map[string]any) { v["bgp_md5"] = "key-2" }), nil, "bgp_md5 differs between state and the API"},
		"API value differs":      {api, statePeer(nil), map[string]knownvalue.Check{"description": knownvalue.StringExact("other")}, "the API has description"},
		"API key differs":        {api, statePeer(nil), map[string]knownvalue.Check{"bgp_md5": knownvalue.StringExact("key-2")}, "the API's bgp_md5 differs from the one wanted"},
		"API value not null":     {api, statePeer(nil), map[string]knownvalue.Check{"bgp_asn": knownvalue.Null()}, "the API has bgp_asn"},
		"no such attribute":      {api, statePeer(nil), map[string]knownvalue.Check{"bgp_key": knownvalue.Null()}, "no attribute bgp_key"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			expectFailure(t, runCheck(ExpectPeerInAPI(tc.api, peerAddress, tc.want), tc.state), tc.error)
		})
	}
}

// A null list in state and an empty one in the API agree; so do a null
// description and an empty one.
func TestExpectPeerInAPINullMeansEmpty(t *testing.T) {
	peer := apiPeer()
	peer.RemoteEPGroup = nil
	state := statePeer(func(v map[string]any) { v["remote_ep_group"] = nil })
	expectPass(t, runCheck(ExpectPeerInAPI(fakeAPI{peers: []mockserver.Peer{peer}}, peerAddress,
		map[string]knownvalue.Check{"remote_ep_group": knownvalue.ListSizeExact(0)}), state))
}

// Gateways are compared as prefixes, in any spelling, and the ASN as a
// number, however the state's JSON decoded it.
func TestExpectPeerInAPISameValueOtherSpelling(t *testing.T) {
	peer := apiPeer()
	peer.AddressFamily, peer.LocalGatewayIP, peer.RemoteGatewayIP, peer.RemoteEPGroup = "ipv6", "fd00::1/64", "fd00::2/64", nil
	state := statePeer(func(v map[string]any) {
		v["address_family"], v["remote_ep_group"] = "IPv6", nil
		v["local_gateway_ip"], v["remote_gateway_ip"] = "FD00:0:0:0:0:0:0:1/64", "fd00:0::2/64"
		v["bgp_asn"] = float64(4294967295)
	})
	expectPass(t, runCheck(ExpectPeerInAPI(fakeAPI{peers: []mockserver.Peer{peer}}, peerAddress, nil), state))
}

// A key the state does not hold, write-only or not imported, is not
// compared; a static peer has no ASN on either side.
func TestExpectPeerInAPIKeyNotInState(t *testing.T) {
	api := fakeAPI{peers: []mockserver.Peer{apiPeer()}}
	expectPass(t, runCheck(ExpectPeerInAPI(api, peerAddress, nil), statePeer(func(v map[string]any) { v["bgp_md5"] = nil })))
	static := apiPeer()
	static.RouteMode, static.BGPASN, static.BGPMD5 = "static", nil, nil
	state := statePeer(func(v map[string]any) { v["route_mode"], v["bgp_asn"], v["bgp_md5"] = "static", nil, nil })
	expectPass(t, runCheck(ExpectPeerInAPI(fakeAPI{peers: []mockserver.Peer{static}}, peerAddress, nil), state))
	// A key in state that the API no longer holds differs.
	keyless := apiPeer()
	keyless.BGPMD5 = nil
	expectFailure(t, runCheck(ExpectPeerInAPI(fakeAPI{peers: []mockserver.Peer{keyless}}, peerAddress, nil), statePeer(nil)),
		"bgp_md5 differs between state and the API")
}

// No error of the check shows either key, the state's or the API's.
func TestExpectPeerInAPIHidesKeys(t *testing.T) {
	api := fakeAPI{peers: []mockserver.Peer{apiPeer()}}
	got := runCheck(ExpectPeerInAPI(api, peerAddress, map[string]knownvalue.Check{"bgp_md5": knownvalue.StringExact("key-3")}),
		statePeer(func(v map[string]any) { v["bgp_md5"] = "key-2" }))
	if got == "" || strings.Contains(got, "key-") {
		t.Errorf("error %q, want one that shows no key", got)
	}
}
