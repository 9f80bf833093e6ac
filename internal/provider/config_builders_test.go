package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// hclArgs are the arguments of a block, each as an HCL expression:
// `"p1"`, `3`, `terraform_data.setting.output`. An argument absent or ""
// is left out; `""` sets it to the empty string.
type hclArgs map[string]string

// providerAttributes are the provider's attributes, in the order a block
// lists them.
var providerAttributes = []string{
	"endpoint", "project_id", "auth_token",
	"iam_endpoint", "username", "password", "domain_name",
	"access_key", "secret_key", "security_token",
	"ca_cert_file", "insecure", "request_timeout", "max_retries",
}

// providerBlock is the provider "dcaas" block of args; with none, an empty
// block, which takes every setting from the environment.
func providerBlock(args hclArgs) string {
	var b strings.Builder
	b.WriteString("\nprovider \"dcaas\" {\n")
	for _, k := range providerAttributes {
		if v := args[k]; v != "" {
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
	}
	for k := range args {
		if !slices.Contains(providerAttributes, k) {
			panic("the provider has no attribute " + k)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// with is a copy of a with the attributes of overrides; an override ""
// leaves its attribute out.
func (a hclArgs) with(overrides hclArgs) hclArgs {
	merged := maps.Clone(a)
	maps.Copy(merged, overrides)
	return merged
}

// tokenArgs are the settings of the test mock's project and token at
// endpoint, retrying three times.
func tokenArgs(endpoint string) hclArgs {
	return hclArgs{"endpoint": fmt.Sprintf("%q", endpoint), "project_id": fmt.Sprintf("%q", testProjectID),
		"auth_token": fmt.Sprintf("%q", testToken), "max_retries": "3"}
}

// passwordArgs are the settings that obtain tokens from this mock's IAM
// with password, retrying three times.
func (m *testMock) passwordArgs(password string) hclArgs {
	return hclArgs{"endpoint": fmt.Sprintf("%q", m.URL), "project_id": fmt.Sprintf("%q", testProjectID),
		"iam_endpoint": fmt.Sprintf("%q", m.URL), "username": fmt.Sprintf("%q", testUsername),
		"password": fmt.Sprintf("%q", password), "domain_name": fmt.Sprintf("%q", testDomain), "max_retries": "3"}
}

// accessKeyArgs are the settings that sign requests to this mock with the
// access key id and secret, retrying as many times as by default.
func (m *testMock) accessKeyArgs(id, secret string) hclArgs {
	return hclArgs{"endpoint": fmt.Sprintf("%q", m.URL), "project_id": fmt.Sprintf("%q", testProjectID),
		"access_key": fmt.Sprintf("%q", id), "secret_key": fmt.Sprintf("%q", secret)}
}

// providerConfig is the provider block that points at this mock with its
// token.
func (m *testMock) providerConfig() string {
	return providerBlock(tokenArgs(m.URL))
}

// peerArguments are the arguments of a dcaas_vif_peer block, in the order
// a block lists them.
var peerArguments = []string{
	"count", "for_each", "vif_id", "name", "description", "address_family", "route_mode",
	"bgp_asn", "bgp_md5", "bgp_md5_wo", "bgp_md5_wo_version",
	"local_gateway_ip", "remote_gateway_ip", "remote_ep_group",
	"timeouts", "depends_on", "lifecycle",
}

// peerBlock is the resource "dcaas_vif_peer" block labelled label with
// args; the value of "lifecycle" is that block's body, in braces.
func peerBlock(label string, args hclArgs) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nresource \"dcaas_vif_peer\" %q {\n", label)
	for _, k := range peerArguments {
		v := args[k]
		switch {
		case v == "":
		case k == "lifecycle":
			fmt.Fprintf(&b, "  %s %s\n", k, v)
		default:
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
	}
	for k := range args {
		if !slices.Contains(peerArguments, k) {
			panic("dcaas_vif_peer has no argument " + k)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// examplePeer is a static IPv4 peer of the vendor's example interface.
func examplePeer() hclArgs {
	return hclArgs{"vif_id": fmt.Sprintf("%q", testVifID), "name": `"vif-peer-test"`, "address_family": `"ipv4"`,
		"local_gateway_ip": `"5.5.5.1/30"`, "remote_gateway_ip": `"5.5.5.2/30"`, "remote_ep_group": `["8.8.8.0/30"]`}
}

// bgpPeer is an IPv4 BGP peer of interface vifID with this ASN and MD5 key.
func bgpPeer(vifID string, asn int64, md5 string) hclArgs {
	return hclArgs{"vif_id": fmt.Sprintf("%q", vifID), "name": `"vif-peer-bgp"`, "address_family": `"ipv4"`,
		"route_mode": `"bgp"`, "bgp_asn": fmt.Sprint(asn), "bgp_md5": fmt.Sprintf("%q", md5),
		"local_gateway_ip": `"169.254.10.1/30"`, "remote_gateway_ip": `"169.254.10.2/30"`,
		"remote_ep_group": `["10.20.0.0/16", "10.30.0.0/16"]`}
}
