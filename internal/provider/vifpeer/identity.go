package vifpeer

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// vifPeerIdentityModel is what names a peer for good: its interface and its
// own id, neither of which ever changes.
type vifPeerIdentityModel struct {
	ID    types.String `tfsdk:"id"`
	VifID types.String `tfsdk:"vif_id"`
}

// IdentitySchema lets Terraform 1.12 and OpenTofu 1.12 or later import a
// peer with identity = { vif_id = ..., id = ... } in an import block. Like
// the bare <peer_id> import string, vif_id may be left out.
func (r *vifPeerResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       describePeerID,
				RequiredForImport: true,
			},
			"vif_id": identityschema.StringAttribute{
				Description:       "ID of the virtual interface the peer belongs to (a UUID). When left out of an import, every virtual interface of the project is searched for the peer.",
				OptionalForImport: true,
			},
		},
	}
}

// vifPeerIdentityType is the Terraform type of the identity schema, derived
// once: setIdentity runs on every read of every peer.
var vifPeerIdentityType = sync.OnceValue(func() tftypes.Type {
	ctx := context.Background()
	var resp resource.IdentitySchemaResponse
	(&vifPeerResource{}).IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &resp)
	return resp.IdentitySchema.Type().TerraformType(ctx)
})

// setIdentity records which peer a resource is. Every response that
// carries state carries it too. The framework always hands one over; a
// response made by hand, as in unit tests, may have none to fill. The value
// is built directly: through the model, it cost two thirds of a refresh's
// own time.
func setIdentity(vifID, peerID string, identity *tfsdk.ResourceIdentity) {
	if identity == nil {
		return
	}
	identity.Raw = tftypes.NewValue(vifPeerIdentityType(), map[string]tftypes.Value{
		"id":     tftypes.NewValue(tftypes.String, peerID),
		"vif_id": tftypes.NewValue(tftypes.String, vifID),
	})
}
