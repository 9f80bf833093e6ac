package validators

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/netaddr"
)

// DistinctPrefixes checks that no two entries of a list of prefixes spell
// the same prefix, whether written alike or differently, such as
// fd00:1::/48 and FD00:1::/48: the list stands for a set. Its cost grows
// with the entries, not with their pairs.
func DistinctPrefixes() validator.List {
	return distinctPrefixes{}
}

type distinctPrefixes struct{}

const distinctPrefixesDescription = "must not hold one prefix twice, however written (fd00:1::/48 and FD00:1::/48 are the same)"

func (distinctPrefixes) Description(context.Context) string { return distinctPrefixesDescription }
func (distinctPrefixes) MarkdownDescription(context.Context) string {
	return distinctPrefixesDescription
}

func (distinctPrefixes) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var items []string
	var indexes []int
	for i, element := range req.ConfigValue.Elements() {
		valuable, ok := element.(basetypes.StringValuable)
		if !ok || element.IsNull() || element.IsUnknown() {
			continue
		}
		s, diags := valuable.ToStringValue(ctx)
		resp.Diagnostics.Append(diags...)
		items = append(items, s.ValueString())
		indexes = append(indexes, i)
	}
	if first, second, found := netaddr.FirstDuplicatePrefix(items); found {
		resp.Diagnostics.AddAttributeError(req.Path.AtListIndex(indexes[second]), "Duplicate "+req.Path.String()+" entry",
			fmt.Sprintf("%q and %q are the same prefix; %s %s.", items[first], items[second], req.Path, distinctPrefixesDescription))
	}
}

// NoNullEntries checks that a list has no null entry, as one written with
// a null (from a variable or a conditional) would have.
func NoNullEntries(allowed string) validator.List {
	return noNullEntries{allowed: allowed}
}

type noNullEntries struct{ allowed string }

func (v noNullEntries) Description(context.Context) string {
	return "must not hold null; each entry " + v.allowed
}

func (v noNullEntries) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v noNullEntries) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
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
