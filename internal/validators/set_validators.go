package validators

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
)

// DistinctPrefixes checks that no two entries of a set of prefixes spell the
// same prefix. A set already drops entries written alike; this catches those
// written differently, such as fd00:1::/48 and FD00:1::/48.
func DistinctPrefixes() validator.Set {
	return distinctPrefixes{}
}

type distinctPrefixes struct{}

const distinctPrefixesDescription = "must not hold one prefix twice, however written (fd00:1::/48 and FD00:1::/48 are the same)"

func (distinctPrefixes) Description(context.Context) string { return distinctPrefixesDescription }
func (distinctPrefixes) MarkdownDescription(context.Context) string {
	return distinctPrefixesDescription
}

func (distinctPrefixes) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var items []string
	byText := map[string]attr.Value{}
	for _, element := range req.ConfigValue.Elements() {
		valuable, ok := element.(basetypes.StringValuable)
		if !ok || element.IsNull() || element.IsUnknown() {
			continue
		}
		s, diags := valuable.ToStringValue(ctx)
		resp.Diagnostics.Append(diags...)
		items = append(items, s.ValueString())
		byText[s.ValueString()] = element
	}
	if first, second, found := netaddr.FirstDuplicatePrefix(items); found {
		resp.Diagnostics.AddAttributeError(req.Path.AtSetValue(byText[second]), "Duplicate "+req.Path.String()+" entry",
			fmt.Sprintf("%q and %q are the same prefix; %s %s.", first, second, req.Path, distinctPrefixesDescription))
	}
}

// NoNullEntries checks that a set has no null entry, as a list written
// with a null (from a variable or a conditional) would give.
func NoNullEntries(allowed string) validator.Set {
	return noNullEntries{allowed: allowed}
}

type noNullEntries struct{ allowed string }

func (v noNullEntries) Description(context.Context) string {
	return "must not hold null; each entry " + v.allowed
}

func (v noNullEntries) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v noNullEntries) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, element := range req.ConfigValue.Elements() {
		if element.IsNull() {
			resp.Diagnostics.AddAttributeError(req.Path, "Null entry in "+req.Path.String(),
				req.Path.String()+" "+v.Description(ctx)+"; leave the entry out rather than writing null.")
			return
		}
	}
}
