package planmodifiers

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
)

func TestStringUseStateWhenSemanticallyEqual(t *testing.T) {
	cases := map[string]struct {
		state, plan types.String
		want        types.String
	}{
		"other spelling keeps the state": {types.StringValue("fd00::1/64"), types.StringValue("FD00:0:0:0:0:0:0:1/64"), types.StringValue("fd00::1/64")},
		"another prefix is planned":      {types.StringValue("fd00::1/64"), types.StringValue("fd00::2/64"), types.StringValue("fd00::2/64")},
		"create: no state":               {types.StringNull(), types.StringValue("FD00::1/64"), types.StringValue("FD00::1/64")},
		"unknown plan stays unknown":     {types.StringValue("fd00::1/64"), types.StringUnknown(), types.StringUnknown()},
	}
	m := StringUseStateWhenSemanticallyEqual(customtypes.IPPrefixType{})
	for name, tc := range cases {
		resp := &planmodifier.StringResponse{PlanValue: tc.plan}
		m.PlanModifyString(context.Background(), planmodifier.StringRequest{StateValue: tc.state, PlanValue: tc.plan}, resp)
		if resp.Diagnostics.HasError() || !resp.PlanValue.Equal(tc.want) {
			t.Errorf("%s: planned %v %v, want %v", name, resp.PlanValue, resp.Diagnostics, tc.want)
		}
	}
}

func TestListUseStateWhenSemanticallyEqual(t *testing.T) {
	list := func(items ...string) types.List {
		return customtypes.NewIPPrefixListValue(items).ListValue
	}
	state := list("fd00:1::/48", "10.0.0.0/8")
	cases := map[string]struct {
		plan, want types.List
	}{
		"other spelling and order keeps the state": {list("10.0.0.0/8", "FD00:1:0::/48"), state},
		"an entry more is planned":                 {list("fd00:1::/48", "10.0.0.0/8", "10.1.0.0/16"), list("fd00:1::/48", "10.0.0.0/8", "10.1.0.0/16")},
		"an entry changed is planned":              {list("FD00:1::/48", "10.0.0.0/9"), list("FD00:1::/48", "10.0.0.0/9")},
		"an entry twice is planned":                {list("fd00:1::/48", "fd00:1::/48"), list("fd00:1::/48", "fd00:1::/48")},
		"empty is planned":                         {list(), list()},
		"unknown plan stays unknown":               {types.ListUnknown(customtypes.IPPrefixType{}), types.ListUnknown(customtypes.IPPrefixType{})},
	}
	m := ListUseStateWhenSemanticallyEqual(customtypes.NewIPPrefixListType())
	for name, tc := range cases {
		resp := &planmodifier.ListResponse{PlanValue: tc.plan}
		m.PlanModifyList(context.Background(), planmodifier.ListRequest{StateValue: state, PlanValue: tc.plan}, resp)
		if resp.Diagnostics.HasError() || !resp.PlanValue.Equal(tc.want) {
			t.Errorf("%s: planned %v %v, want %v", name, resp.PlanValue, resp.Diagnostics, tc.want)
		}
	}
}
