package vifpeer

import (
	"context"
	"testing"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

func TestIdentityValueHasTheSchemasType(t *testing.T) {
	ctx := context.Background()
	var schema fwresource.IdentitySchemaResponse
	(&vifPeerResource{}).IdentitySchema(ctx, fwresource.IdentitySchemaRequest{}, &schema)
	identity := &tfsdk.ResourceIdentity{Schema: schema.IdentitySchema}
	setIdentity(testVifID, "0f9ecb3d-59a5-4ac5-8ba3-1fb0a0c7a0d9", identity)
	if want := schema.IdentitySchema.Type().TerraformType(ctx); !identity.Raw.Type().Equal(want) {
		t.Fatalf("the identity is a %s, the schema's type is %s", identity.Raw.Type(), want)
	}
	var got vifPeerIdentityModel
	if diags := identity.Get(ctx, &got); diags.HasError() {
		t.Fatal(diags)
	}
	if got.VifID.ValueString() != testVifID || got.ID.ValueString() != "0f9ecb3d-59a5-4ac5-8ba3-1fb0a0c7a0d9" {
		t.Errorf("the identity reads back as %+v", got)
	}
}
