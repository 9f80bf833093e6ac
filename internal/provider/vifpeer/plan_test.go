package vifpeer

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// privateMap is private plan data held in memory.
type privateMap map[string][]byte

func (p privateMap) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func (p privateMap) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p[key] = value
	return nil
}

// The plan modifiers note replacements in whatever order the framework runs
// them; ModifyPlan reports them in one order all the same.
func TestReplacementsNotedInFixedOrder(t *testing.T) {
	ctx := context.Background()
	want := []string{"bgp_md5", "local_gateway_ip", "remote_gateway_ip"}
	for _, order := range [][]string{
		{"remote_gateway_ip", "local_gateway_ip", "bgp_md5"},
		{"local_gateway_ip", "bgp_md5", "remote_gateway_ip"},
	} {
		private := privateMap{}
		for _, attribute := range order {
			if diags := noteReplacement(ctx, private, path.Root(attribute)); diags.HasError() {
				t.Fatal(diags)
			}
		}
		got, diags := replacementsNoted(ctx, private)
		if diags.HasError() || !slices.Equal(got, want) {
			t.Errorf("noted in order %v, read back %v %v, want %v", order, got, diags, want)
		}
	}
}
