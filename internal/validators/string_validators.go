// Package validators holds the framework validators of this provider, thin
// wrappers around the pure rules of internal/netaddr and internal/dcaas.
package validators

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
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

// UnlessEmpty applies v to every value but the empty string, for settings
// where an empty string counts as unset.
func UnlessEmpty(v validator.String) validator.String {
	return unlessEmpty{v}
}

type unlessEmpty struct {
	validator.String
}

func (v unlessEmpty) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !req.ConfigValue.IsUnknown() && req.ConfigValue.ValueString() == "" {
		return
	}
	v.String.ValidateString(ctx, req, resp)
}

// UUID checks that a string is the id of a peer or a virtual interface.
func UUID() validator.String {
	return stringvalidator.RegexMatches(dcaas.UUIDPattern, "must be a 36-character UUID in lower case, as the API writes ids, such as 86f9556a-fa68-42b7-93c2-dd407408430b")
}

// HTTPURL checks that a string is the base URL of an API, such as example.
func HTTPURL(example string) validator.String {
	return parseValidator{
		description: "must be an http or https base URL such as " + example + ": a host, with at most a port and a path, without user information, query or fragment, and without the /v3 that the provider adds itself",
		parse: func(s string) error {
			_, err := dcaas.ParseBaseURL(s)
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
