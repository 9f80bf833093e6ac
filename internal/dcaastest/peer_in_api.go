package dcaastest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
)

var _ statecheck.StateCheck = peerInAPI{}

type peerInAPI struct {
	api     API
	address string
	want    map[string]knownvalue.Check
}

// ExpectPeerInAPI checks that the peer whose id the state holds at address
// exists in the API and that the API agrees with the state on every
// attribute both hold: vif_id, name, description, status, route_mode and
// tenant_id exactly; address_family in any letter case; local_gateway_ip
// and remote_gateway_ip as the same prefix in any spelling; remote_ep_group
// as a set of subnets, in any order and spelling; bgp_asn as a number; and
// bgp_md5 when the state holds one (a write-only key, or one an import did
// not bring, is null in state and checked by nothing). An error never
// shows a key. want adds a check for each attribute named as in the API's
// peer object, on the API's value.
func ExpectPeerInAPI(api API, address string, want map[string]knownvalue.Check) statecheck.StateCheck {
	return peerInAPI{api: api, address: address, want: want}
}

func (c peerInAPI) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	rs, err := stateResource(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	id, _ := rs.AttributeValues["id"].(string)
	peer, ok := c.api.Peer(id)
	if !ok {
		resp.Error = fmt.Errorf("%s: peer %q does not exist in the API", c.address, id)
		return
	}
	inAPI := apiValues(peer)
	var errs []error
	for _, name := range []string{"vif_id", "name", "description", "status", "route_mode", "tenant_id"} {
		// A null in state stands for the API's empty string.
		if got := stateString(rs.AttributeValues[name]); got != inAPI[name] {
			errs = append(errs, fmt.Errorf("state has %s = %q, the API has %q", name, got, inAPI[name]))
		}
	}
	if got := stateString(rs.AttributeValues["address_family"]); !strings.EqualFold(got, peer.AddressFamily) {
		errs = append(errs, fmt.Errorf("state has address_family = %q, the API has %q", got, peer.AddressFamily))
	}
	for _, name := range []string{"local_gateway_ip", "remote_gateway_ip"} {
		if got := stateString(rs.AttributeValues[name]); !netaddr.SamePrefix(got, inAPI[name].(string)) {
			errs = append(errs, fmt.Errorf("state has %s = %q, the API has %q", name, got, inAPI[name]))
		}
	}
	// A null list in state stands for the API's empty one.
	if got := stateStrings(rs.AttributeValues["remote_ep_group"]); !netaddr.SameCIDRSet(got, peer.RemoteEPGroup) {
		errs = append(errs, fmt.Errorf("state has remote_ep_group = %q, the API has %q", got, peer.RemoteEPGroup))
	}
	if got, ok := stateNumber(rs.AttributeValues["bgp_asn"]); got != apiNumber(inAPI["bgp_asn"]) || !ok {
		errs = append(errs, fmt.Errorf("state has bgp_asn = %s, the API has %s", got, apiNumber(inAPI["bgp_asn"])))
	}
	if key, held := rs.AttributeValues["bgp_md5"].(string); held && (peer.BGPMD5 == nil || *peer.BGPMD5 != key) {
		errs = append(errs, errors.New("bgp_md5 differs between state and the API"))
	}
	names := make([]string, 0, len(c.want))
	for name := range c.want {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		value, ok := inAPI[name]
		if !ok {
			errs = append(errs, fmt.Errorf("the API's peer has no attribute %s", name))
			continue
		}
		err := c.want[name].CheckValue(value)
		switch {
		case err == nil:
		case name == "bgp_md5":
			// The check's error would quote the key.
			errs = append(errs, errors.New("the API's bgp_md5 differs from the one wanted"))
		default:
			errs = append(errs, fmt.Errorf("the API has %s: %w", name, err))
		}
	}
	if len(errs) > 0 {
		resp.Error = fmt.Errorf("%s, peer %s: %w", c.address, id, errors.Join(errs...))
	}
}

// apiValues is the peer as the API's peer object names its attributes, in
// the forms knownvalue checks take: strings, json.Number, []any, or nil for
// null.
func apiValues(p mockserver.Peer) map[string]any {
	values := map[string]any{
		"id":                p.ID,
		"vif_id":            p.VifID,
		"tenant_id":         p.TenantID,
		"name":              p.Name,
		"description":       p.Description,
		"address_family":    p.AddressFamily,
		"local_gateway_ip":  p.LocalGatewayIP,
		"remote_gateway_ip": p.RemoteGatewayIP,
		"route_mode":        p.RouteMode,
		"bgp_asn":           nil,
		"bgp_md5":           nil,
		"remote_ep_group":   anyList(p.RemoteEPGroup),
		"service_ep_group":  anyList(p.ServiceEPGroup),
		"device_id":         p.DeviceID,
		"bgp_route_limit":   json.Number(strconv.Itoa(p.BGPRouteLimit)),
		"status":            p.Status,
	}
	if p.BGPASN != nil {
		values["bgp_asn"] = json.Number(strconv.FormatUint(*p.BGPASN, 10))
	}
	if p.BGPMD5 != nil {
		values["bgp_md5"] = *p.BGPMD5
	}
	return values
}

func anyList(items []string) []any {
	out := make([]any, len(items))
	for i, item := range items {
		out[i] = item
	}
	return out
}

func stateString(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func stateStrings(v any) []string {
	items, _ := v.([]any)
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = stateString(item)
	}
	return out
}

// stateNumber is a number of the state in decimal, "null" for null; ok is
// false for a value that is no number.
func stateNumber(v any) (string, bool) {
	switch n := v.(type) {
	case nil:
		return "null", true
	case json.Number:
		return n.String(), true
	case float64:
		return strconv.FormatFloat(n, 'f', -1, 64), true
	}
	return fmt.Sprint(v), false
}

// apiNumber is a number of apiValues in decimal, "null" for null.
func apiNumber(v any) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(v)
}
