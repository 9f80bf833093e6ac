// Package validators holds the framework validators of this provider, thin
// wrappers around the pure rules of internal/netaddr and of the standard
// library.
package validators

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
)

// GatewayAddress checks that a string is a host address with prefix length.
func GatewayAddress() validator.String {
	return parseValidator{
		description: "must be a host address with prefix length, such as 5.5.5.1/30 or fd00::1/64, and not the network or broadcast address of its subnet",
		parse: func(s string) error {
			_, err := netaddr.ParseGatewayAddress(s)
			return err
		},
	}
}

// NetworkCIDR checks that a string is a subnet in CIDR notation.
func NetworkCIDR() validator.String {
	return parseValidator{
		description: "must be a network in CIDR notation, such as 10.0.0.0/24 or fd00:1::/64",
		parse: func(s string) error {
			_, err := netaddr.ParseNetworkCIDR(s)
			return err
		},
	}
}

// Regexp checks that a string is a regular expression in Go's RE2 syntax.
func Regexp() validator.String {
	return parseValidator{
		description: "must be a regular expression in RE2 syntax, such as ^core- or (?i)^dc[0-9]+$",
		parse: func(s string) error {
			_, err := regexp.Compile(s)
			return err
		},
	}
}

type parseValidator struct {
	description string
	parse       func(string) error
}

func (v parseValidator) Description(context.Context) string         { return v.description }
func (v parseValidator) MarkdownDescription(context.Context) string { return v.description }

func (v parseValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.parse(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), err.Error()+"; "+req.Path.String()+" "+v.description+".")
	}
}

// HTTPURL checks that a string is the base URL of an API, such as example.
func HTTPURL(example string) validator.String {
	return parseValidator{
		description: "must be an http or https base URL such as " + example + ", without the /v3 that the provider adds itself",
		parse: func(s string) error {
			_, err := ParseHTTPURL(s)
			return err
		},
	}
}

// PositiveDuration checks that a string is a Go duration above zero.
func PositiveDuration() validator.String {
	return parseValidator{
		description: "must be a duration above zero such as 30s, 2m or 1m30s",
		parse: func(s string) error {
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				return fmt.Errorf("%q is not a duration above zero", s)
			}
			return nil
		},
	}
}

// ParseHTTPURL parses the base URL of an API: an absolute http or https URL
// with a host. Every API path starts with /v3, which the client adds; a
// base URL that holds it already (the vendor's URLs show it) would reach a
// wrong path.
func ParseHTTPURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http or https URL", s)
	}
	for _, segment := range strings.Split(u.Path, "/") {
		if strings.EqualFold(segment, "v3") {
			return nil, fmt.Errorf("%q ends in the API path %s: leave it out, as in %s://%s, since the provider adds /v3/... itself", s, u.Path, u.Scheme, u.Host)
		}
	}
	return u, nil
}
