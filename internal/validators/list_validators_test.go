package validators

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func validateList(v validator.List, elements ...attr.Value) string {
	resp := &validator.ListResponse{}
	v.ValidateList(context.Background(), validator.ListRequest{
		Path: path.Root("remote_ep_group"), ConfigValue: types.ListValueMust(types.StringType, elements),
	}, resp)
	var b strings.Builder
	for _, d := range resp.Diagnostics.Errors() {
		fmt.Fprintf(&b, "%s: %s: %s", d.(diag.DiagnosticWithPath).Path(), d.Summary(), d.Detail())
	}
	return b.String()
}

func TestDistinctPrefixes(t *testing.T) {
	got := validateList(DistinctPrefixes(), types.StringValue("fd00:1::/48"), types.StringValue("10.0.0.0/8"), types.StringValue("FD00:1::/48"))
	if want := `remote_ep_group[2]: Duplicate remote_ep_group entry: "fd00:1::/48" and "FD00:1::/48" are the same prefix`; !strings.HasPrefix(got, want) {
		t.Errorf("duplicate in another case: %q, want %q", got, want)
	}
	// A list keeps what a set would have merged: the same spelling twice.
	if got := validateList(DistinctPrefixes(), types.StringValue("10.0.0.0/8"), types.StringUnknown(), types.StringValue("10.0.0.0/8")); !strings.HasPrefix(got, "remote_ep_group[2]: Duplicate") {
		t.Errorf("duplicate written alike: %q", got)
	}
	if got := validateList(DistinctPrefixes(), types.StringValue("fd00:1::/48"), types.StringValue("fd00:1::/49"), types.StringUnknown()); got != "" {
		t.Errorf("distinct prefixes refused: %q", got)
	}
}

func TestNoNullEntries(t *testing.T) {
	v := NoNullEntries("is a subnet")
	if got := validateList(v, types.StringValue("10.0.0.0/8"), types.StringNull()); !strings.Contains(got, "Null entry in remote_ep_group") || !strings.Contains(got, "each entry is a subnet") {
		t.Errorf("null entry: %q", got)
	}
	if got := validateList(v, types.StringValue("10.0.0.0/8"), types.StringUnknown()); got != "" {
		t.Errorf("unknown entry refused: %q", got)
	}
}
