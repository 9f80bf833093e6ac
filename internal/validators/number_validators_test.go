package validators

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestWholeNumber(t *testing.T) {
	cases := []struct {
		v       validator.Number
		value   types.Number
		wantErr string
	}{
		{WholeNumberBetween(0, 100), types.NumberValue(big.NewFloat(0)), ""},
		{WholeNumberBetween(0, 100), types.NumberValue(big.NewFloat(100)), ""},
		{WholeNumberBetween(0, 100), types.NumberValue(big.NewFloat(0.5)), "must be a whole number from 0 to 100, got 0.5"},
		{WholeNumberBetween(0, 100), types.NumberValue(big.NewFloat(101)), "must be a whole number from 0 to 100, got 101"},
		{WholeNumberAtLeast(1), types.NumberValue(big.NewFloat(2.5)), "must be a whole number, 1 or more, got 2.5"},
		{WholeNumberAtLeast(1), types.NumberValue(big.NewFloat(0)), "must be a whole number, 1 or more, got 0"},
		{WholeNumberAtLeast(1), types.NumberValue(new(big.Float).SetFloat64(1e30)), "got 1e+30"},
		{WholeNumberAtLeast(1), types.NumberNull(), ""},
		{WholeNumberAtLeast(1), types.NumberUnknown(), ""},
	}
	for _, tc := range cases {
		var resp validator.NumberResponse
		tc.v.ValidateNumber(context.Background(), validator.NumberRequest{Path: path.Root("limit"), ConfigValue: tc.value}, &resp)
		switch {
		case tc.wantErr == "" && resp.Diagnostics.HasError():
			t.Errorf("%s: %v", tc.value, resp.Diagnostics)
		case tc.wantErr != "" && (!resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), tc.wantErr)):
			t.Errorf("%s: %v, want an error with %q", tc.value, resp.Diagnostics, tc.wantErr)
		}
	}
}
