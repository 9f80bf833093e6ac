package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// Every rule fails the plan with an error on the attribute that names what
// is allowed, and the API receives no request at all.
func TestAccVifPeerResource_validation(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		overrides map[string]string
		want      *regexp.Regexp
	}{
		"name too long": {
			map[string]string{"name": fmt.Sprintf("%q", strings.Repeat("n", 65))},
			expectDiagnostic("Attribute name UTF-8 character count must be between 0 and 64"),
		},
		"name of 65 characters with umlauts": {
			map[string]string{"name": fmt.Sprintf("%q", strings.Repeat("ä", 65))},
			expectDiagnostic("Attribute name UTF-8 character count must be between 0 and 64, got: 65"),
		},
		"description too long": {
			map[string]string{"description": fmt.Sprintf("%q", strings.Repeat("d", 129))},
			expectDiagnostic("Attribute description UTF-8 character count must be between 0 and 128"),
		},
		"address family unknown": {
			map[string]string{"address_family": `"ipv5"`},
			expectDiagnostic("Attribute address_family value must be one of", `"ipv4"`, `"ipv6"`),
		},
		"route mode unknown": {
			map[string]string{"route_mode": `"ospf"`},
			expectDiagnostic("Attribute route_mode value must be one of", `"static"`, `"bgp"`),
		},
		"bgp asn zero": {
			map[string]string{"route_mode": `"bgp"`, "bgp_asn": "0"},
			expectDiagnostic("Attribute bgp_asn value must be between 1 and 4294967295"),
		},
		"bgp asn above 32 bits": {
			map[string]string{"route_mode": `"bgp"`, "bgp_asn": "4294967296"},
			expectDiagnostic("Attribute bgp_asn value must be between 1 and 4294967295"),
		},
		"bgp asn not a whole number": {
			map[string]string{"route_mode": `"bgp"`, "bgp_asn": "65000.5"},
			expectDiagnostic("Invalid bgp_asn", "65000.5", "whole number", "AS number"),
		},
		"vif id in upper case": {
			map[string]string{"vif_id": fmt.Sprintf("%q", strings.ToUpper(testVifID))},
			expectDiagnostic("Attribute vif_id must be a 36-character UUID in lower case"),
		},
		"vif id not a uuid": {
			map[string]string{"vif_id": `"86f9556a-fa68-42b7-93c2"`},
			expectDiagnostic("Attribute vif_id must be a 36-character UUID"),
		},
		"gateway without prefix": {
			map[string]string{"local_gateway_ip": `"5.5.5.1"`},
			expectDiagnostic("Invalid local_gateway_ip", "prefix length", "address/prefix"),
		},
		"gateway not an address": {
			map[string]string{"remote_gateway_ip": `"gateway.example/30"`},
			expectDiagnostic("Invalid remote_gateway_ip", "prefix length"),
		},
		"gateway is the network address": {
			map[string]string{"local_gateway_ip": `"5.5.5.0/30"`},
			expectDiagnostic("Invalid local_gateway_ip", "network address", "5.5.5.0/30"),
		},
		"gateway is the broadcast address": {
			map[string]string{"remote_gateway_ip": `"5.5.5.3/30"`},
			expectDiagnostic("Invalid remote_gateway_ip", "broadcast address", "5.5.5.0/30"),
		},
		"ipv6 gateway is the network address": {
			map[string]string{"address_family": `"ipv6"`, "local_gateway_ip": `"fd00::/64"`, "remote_gateway_ip": `"fd00::2/64"`, "remote_ep_group": ""},
			expectDiagnostic("Invalid local_gateway_ip", "network address", "fd00::/64"),
		},
		"gateway of the other family": {
			map[string]string{"local_gateway_ip": `"fd00::1/64"`, "remote_gateway_ip": `"fd00::2/64"`},
			expectDiagnostic("Address of the wrong family", "local_gateway_ip", "ipv6", "address_family", "ipv4"),
		},
		"gateways in different subnets": {
			map[string]string{"remote_gateway_ip": `"5.5.5.6/30"`},
			expectDiagnostic("Gateway addresses do not form a link", "remote_gateway_ip", "not in the same subnet"),
		},
		"gateways with different prefix lengths": {
			map[string]string{"remote_gateway_ip": `"5.5.5.2/29"`},
			expectDiagnostic("Gateway addresses do not form a link", "not in the same subnet"),
		},
		"gateways equal": {
			map[string]string{"remote_gateway_ip": `"5.5.5.1/30"`},
			expectDiagnostic("Gateway addresses do not form a link", "5.5.5.1", "different hosts"),
		},
		"remote_ep_group entry not a cidr": {
			map[string]string{"remote_ep_group": `["8.8.8.0/30", "not-a-cidr"]`},
			expectDiagnostic("Invalid remote_ep_group", `"not-a-cidr"`, "CIDR"),
		},
		"remote_ep_group entry with host bits": {
			map[string]string{"remote_ep_group": `["8.8.8.1/30"]`},
			expectDiagnostic("Invalid remote_ep_group", `"8.8.8.1/30"`, "host bits", "8.8.8.0/30"),
		},
		"remote_ep_group entry of the other family": {
			map[string]string{"remote_ep_group": `["8.8.8.0/30", "fd00:1::/64"]`},
			expectDiagnostic("Address of the wrong family", "fd00:1::/64", "ipv6", "address_family", "ipv4", "remote_ep_group[1]"),
		},
		"remote_ep_group duplicate in another spelling": {
			map[string]string{"address_family": `"ipv6"`, "local_gateway_ip": `"fd00::1/64"`, "remote_gateway_ip": `"fd00::2/64"`,
				"remote_ep_group": `["fd00:1::/48", "FD00:1::/48"]`},
			expectDiagnostic("Duplicate remote_ep_group entry", "1::/48", "1::/48", "same prefix"),
		},
		"remote_ep_group duplicate written alike": {
			map[string]string{"remote_ep_group": `["8.8.8.0/30", "10.0.0.0/24", "8.8.8.0/30"]`},
			expectDiagnostic("Duplicate remote_ep_group entry", `"8.8.8.0/30"`, `"8.8.8.0/30"`, "same prefix"),
		},
		"remote_ep_group null entry": {
			map[string]string{"remote_ep_group": `["8.8.8.0/30", null]`},
			expectDiagnostic("Null entry in remote_ep_group", "remote_ep_group", "null", "CIDR"),
		},
		"ipv4-mapped gateway with ipv6": {
			map[string]string{"address_family": `"ipv6"`, "local_gateway_ip": `"::ffff:5.5.5.1/126"`, "remote_gateway_ip": `"::ffff:5.5.5.2/126"`, "remote_ep_group": ""},
			expectDiagnostic("Invalid local_gateway_ip", `"::ffff:5.5.5.1/126"`, "IPv4-mapped"),
		},
		"ipv4-mapped remote_ep_group entry with ipv6": {
			map[string]string{"address_family": `"ipv6"`, "local_gateway_ip": `"fd00::1/64"`, "remote_gateway_ip": `"fd00::2/64"`,
				"remote_ep_group": `["::ffff:10.0.0.0/104"]`},
			expectDiagnostic("Invalid remote_ep_group", `"::ffff:10.0.0.0/104"`, "IPv4-mapped"),
		},
		"bgp without asn": {
			map[string]string{"route_mode": `"bgp"`},
			expectDiagnostic("Missing bgp_asn", `route_mode = "bgp"`, "bgp_asn"),
		},
		"asn with static routing": {
			map[string]string{"bgp_asn": "64512"},
			expectDiagnostic("bgp_asn needs BGP routing", `route_mode = "bgp"`),
		},
		"md5 empty": {
			map[string]string{"route_mode": `"bgp"`, "bgp_asn": "64512", "bgp_md5": `""`},
			expectDiagnostic("Attribute bgp_md5 string length must be at least 1"),
		},
		"md5 with static routing": {
			map[string]string{"route_mode": `"static"`, "bgp_md5": `"secret"`},
			expectDiagnostic("bgp_md5 needs BGP routing", `route_mode = "bgp"`),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := newTestMock(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      m.providerConfig() + peerBlock("test", examplePeer().with(tc.overrides)),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
			if n := len(m.Requests()); n != 0 {
				t.Errorf("the API received %d requests for a config that fails validation, want 0", n)
			}
		})
	}
}

const (
	germanName60         = "Übergabe Düsseldorf-Köln, Größe ändern für Müllers Büro Süd."
	chineseDescription52 = "数据中心专线对等连接：北京至上海主干链路，用于生产环境业务流量与灾备同步，请勿随意修改或删除此配置，谢谢"
)

// On /31 and /127 point-to-point links both addresses are hosts, and the
// vendor's capitals are a valid address family: these plan cleanly.
func TestAccVifPeerResource_validationAccepts(t *testing.T) {
	t.Parallel()
	cases := map[string]map[string]string{
		"ipv4 /31 link": {"local_gateway_ip": `"10.0.0.0/31"`, "remote_gateway_ip": `"10.0.0.1/31"`},
		"ipv6 /127 link": {"address_family": `"IPv6"`, "local_gateway_ip": `"fd00::/127"`, "remote_gateway_ip": `"fd00::1/127"`,
			"remote_ep_group": `["fd00:1::/64"]`},
		"bgp with asn and md5": {"route_mode": `"bgp"`, "bgp_asn": "4294967295", "bgp_md5": `"secret"`},
		"empty name":           {"name": `""`},
		// Over the limits in bytes, within them in characters.
		"60-character German name":         {"name": fmt.Sprintf("%q", germanName60)},
		"52-character Chinese description": {"description": fmt.Sprintf("%q", chineseDescription52)},
	}
	if n, bytes := utf8.RuneCountInString(germanName60), len(germanName60); n != 60 || bytes <= 64 {
		t.Fatalf("the German name has %d characters in %d bytes, want 60 in more than 64", n, bytes)
	}
	if n, bytes := utf8.RuneCountInString(chineseDescription52), len(chineseDescription52); n != 52 || bytes <= 128 {
		t.Fatalf("the Chinese description has %d characters in %d bytes, want 52 in more than 128", n, bytes)
	}
	for name, overrides := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := newTestMock(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:             m.providerConfig() + peerBlock("test", examplePeer().with(overrides)),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
				}},
			})
		})
	}
}

// The routing rules report in the order of the schema, every time, so the
// same configuration always shows the same errors in the same order.
func TestValidateRoutingOrder(t *testing.T) {
	h := newProtocolHarness(t)
	values := bgpPeerValues(map[string]tftypes.Value{
		"route_mode":         tftypes.NewValue(tftypes.String, "static"),
		"bgp_asn":            tftypes.NewValue(tftypes.Number, nil),
		"bgp_md5":            tftypes.NewValue(tftypes.String, "key"),
		"bgp_md5_wo":         tftypes.NewValue(tftypes.String, "wo-key"),
		"bgp_md5_wo_version": tftypes.NewValue(tftypes.Number, 1),
	})
	// Go randomises map order on every range, so an order that came from
	// a map would differ within a few runs.
	for range 20 {
		var attributes []string
		for _, d := range h.validate(values, true) {
			if strings.HasSuffix(d.Summary, "needs BGP routing") {
				attributes = append(attributes, d.Attribute.String())
			}
		}
		if got := strings.Join(attributes, ", "); got != `AttributeName("bgp_md5"), AttributeName("bgp_md5_wo")` {
			t.Fatalf("routing errors on %s, want bgp_md5 then bgp_md5_wo", got)
		}
	}
}

// An interface the API reports missing fails the plan on vif_id, for a new
// peer and for one moved there, before anything is sent or deleted; one
// that could not be asked about is not called missing.
func TestAccVifPeerResource_vifIDMissing(t *testing.T) {
	t.Parallel()
	const missingVifID = "00000000-0000-4000-8000-000000000000"
	missing := expectDiagnostic("Error: Virtual interface not found", `vif_id = "`+missingVifID+`"`, missingVifID, "does not exist", "DC.")
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"vif_id": fmt.Sprintf("%q", missingVifID)})),
				PlanOnly:    true,
				ExpectError: missing,
			},
			{Config: m.providerConfig() + peerBlock("test", examplePeer())},
			{
				Config:            m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"vif_id": fmt.Sprintf("%q", missingVifID)})),
				ExpectError:       missing,
				ConfigStateChecks: m.expectNothingReplaced(),
			},
			{
				PreConfig: func() {
					m.InjectFault(mockserver.Fault{Status: http.StatusInternalServerError, Every: 1, Methods: []string{http.MethodGet}, PathContains: missingVifID})
				},
				Config:      m.providerConfig() + peerBlock("other", examplePeer().with(hclArgs{"vif_id": fmt.Sprintf("%q", missingVifID)})) + peerBlock("test", examplePeer()),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`its virtual interface cannot be read`),
			},
		},
	})
	if n := m.countCreated(); n != 1 {
		t.Errorf("the API created %d peers, want 1: only the one on the interface that exists", n)
	}
	for _, r := range m.Requests() {
		if strings.Contains(r.Path, missingVifID) && r.Status == http.StatusInternalServerError {
			return
		}
	}
	t.Errorf("the interface that could not be read was never asked about")
}
