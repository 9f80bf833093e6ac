package provider

import (
	"fmt"
	"maps"
	"strings"
)

// providerArgs are the attributes of a provider "dcaas" block, each as an
// HCL expression: `"p1"`, `3`, `terraform_data.setting.output`. An
// attribute absent or "" is left out; `""` sets it to the empty string.
type providerArgs map[string]string

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
func providerBlock(args providerArgs) string {
	var b strings.Builder
	b.WriteString("\nprovider \"dcaas\" {\n")
	for _, k := range providerAttributes {
		if v := args[k]; v != "" {
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// with is a copy of a with the attributes of overrides; an override ""
// leaves its attribute out.
func (a providerArgs) with(overrides providerArgs) providerArgs {
	merged := maps.Clone(a)
	maps.Copy(merged, overrides)
	return merged
}

// tokenArgs are the settings of the test mock's project and token at
// endpoint, retrying three times.
func tokenArgs(endpoint string) providerArgs {
	return providerArgs{"endpoint": fmt.Sprintf("%q", endpoint), "project_id": fmt.Sprintf("%q", testProjectID),
		"auth_token": fmt.Sprintf("%q", testToken), "max_retries": "3"}
}

// passwordArgs are the settings that obtain tokens from this mock's IAM
// with password, retrying three times.
func (m *testMock) passwordArgs(password string) providerArgs {
	return providerArgs{"endpoint": fmt.Sprintf("%q", m.URL), "project_id": fmt.Sprintf("%q", testProjectID),
		"iam_endpoint": fmt.Sprintf("%q", m.URL), "username": fmt.Sprintf("%q", testUsername),
		"password": fmt.Sprintf("%q", password), "domain_name": fmt.Sprintf("%q", testDomain), "max_retries": "3"}
}

// accessKeyArgs are the settings that sign requests to this mock with the
// access key id and secret, retrying as many times as by default.
func (m *testMock) accessKeyArgs(id, secret string) providerArgs {
	return providerArgs{"endpoint": fmt.Sprintf("%q", m.URL), "project_id": fmt.Sprintf("%q", testProjectID),
		"access_key": fmt.Sprintf("%q", id), "secret_key": fmt.Sprintf("%q", secret)}
}

// providerConfig is the provider block that points at this mock with its
// token.
func (m *testMock) providerConfig() string {
	return providerBlock(tokenArgs(m.URL))
}
