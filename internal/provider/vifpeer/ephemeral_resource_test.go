package vifpeer

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

// The ephemeral resource has every attribute of the data source, with the
// same type, and the key besides, sensitive.
func TestVifPeerEphemeralResourceSchema(t *testing.T) {
	ctx := context.Background()
	var resp ephemeral.SchemaResponse
	NewEphemeralResource().Schema(ctx, ephemeral.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	got := resp.Schema.Attributes
	want := vifPeerLookupAttributes()
	for name, attribute := range want {
		if got[name] == nil || !got[name].GetType().Equal(attribute.GetType()) ||
			got[name].IsOptional() != attribute.IsOptional() || got[name].IsSensitive() != attribute.IsSensitive() {
			t.Errorf("%s: ephemeral %v, data source %v", name, got[name], attribute)
		}
	}
	if key := got["bgp_md5"]; key == nil || !key.IsSensitive() || !key.IsComputed() {
		t.Errorf("bgp_md5 is %v, want a sensitive computed attribute", key)
	}
	if len(got) != len(want)+1 {
		t.Errorf("the ephemeral resource has %d attributes, want the data source's %d and bgp_md5", len(got), len(want))
	}
}
