package customtypes

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
)

// CaseInsensitiveStringType is a string whose letter case carries no
// meaning, such as an address family the vendor writes IPv4 and the API
// answers as ipv4.
type CaseInsensitiveStringType = StringType[caseInsensitive]

// CaseInsensitiveString is a value of CaseInsensitiveStringType.
type CaseInsensitiveString = String[caseInsensitive]

// NewCaseInsensitiveStringValue returns a known value.
func NewCaseInsensitiveStringValue(s string) CaseInsensitiveString {
	return CaseInsensitiveString{StringValue: basetypes.NewStringValue(s)}
}

type caseInsensitive struct{}

func (caseInsensitive) name() string                { return "CaseInsensitiveString" }
func (caseInsensitive) equivalent(a, b string) bool { return strings.EqualFold(a, b) }

// IPPrefixType is an IP address or network with prefix length, such as a
// gateway (5.5.5.1/30) or a subnet (fd00:1::/48). Two values are equal when
// they parse to the same address and length, however written: FD00::1/64,
// fd00:0:0:0:0:0:0:1/64 and fd00::1/64 are one prefix.
type IPPrefixType = StringType[samePrefix]

// IPPrefix is a value of IPPrefixType.
type IPPrefix = String[samePrefix]

// NewIPPrefixValue returns a known value.
func NewIPPrefixValue(s string) IPPrefix {
	return IPPrefix{StringValue: basetypes.NewStringValue(s)}
}

type samePrefix struct{}

func (samePrefix) name() string                { return "IPPrefix" }
func (samePrefix) equivalent(a, b string) bool { return netaddr.SamePrefix(a, b) }
