package validators

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestUnlessEmpty(t *testing.T) {
	cases := map[string]struct {
		value     types.String
		wantError bool
	}{
		"empty counts as unset": {types.StringValue(""), false},
		"null":                  {types.StringNull(), false},
		"unknown":               {types.StringUnknown(), false},
		"valid":                 {types.StringValue("30s"), false},
		"invalid":               {types.StringValue("sixty"), true},
	}
	v := UnlessEmpty(PositiveDuration())
	for name, tc := range cases {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("request_timeout"), ConfigValue: tc.value}, resp)
		if resp.Diagnostics.HasError() != tc.wantError {
			t.Errorf("%s: diagnostics %v, want an error: %v", name, resp.Diagnostics, tc.wantError)
		}
	}
	if got, want := v.Description(context.Background()), PositiveDuration().Description(context.Background()); got != want {
		t.Errorf("description %q, want the wrapped validator's %q", got, want)
	}
}
