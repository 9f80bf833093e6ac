package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func validateSet(v validator.Set, elements ...attr.Value) string {
	resp := &validator.SetResponse{}
	v.ValidateSet(context.Background(), validator.SetRequest{
		Path: path.Root("remote_ep_group"), ConfigValue: types.SetValueMust(types.StringType, elements),
	}, resp)
	var b strings.Builder
	for _, d := range resp.Diagnostics.Errors() {
		b.WriteString(d.Summary() + ": " + d.Detail())
	}
	return b.String()
}

func TestDistinctPrefixes(t *testing.T) {
	got := validateSet(DistinctPrefixes(), types.StringValue("fd00:1::/48"), types.StringValue("10.0.0.0/8"), types.StringValue("FD00:1::/48"))
	if !strings.Contains(got, "Duplicate remote_ep_group entry") || !strings.Contains(got, "are the same prefix") {
		t.Errorf("duplicate in another case: %q", got)
	}
	if got := validateSet(DistinctPrefixes(), types.StringValue("fd00:1::/48"), types.StringValue("fd00:1::/49"), types.StringUnknown()); got != "" {
		t.Errorf("distinct prefixes refused: %q", got)
	}
}

func TestNoNullEntries(t *testing.T) {
	v := NoNullEntries("is a subnet")
	if got := validateSet(v, types.StringValue("10.0.0.0/8"), types.StringNull()); !strings.Contains(got, "Null entry in remote_ep_group") || !strings.Contains(got, "each entry is a subnet") {
		t.Errorf("null entry: %q", got)
	}
	if got := validateSet(v, types.StringValue("10.0.0.0/8"), types.StringUnknown()); got != "" {
		t.Errorf("unknown entry refused: %q", got)
	}
}
