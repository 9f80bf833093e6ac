package vifpeer

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

// The lookup of one peer, shared by the dcaas_vif_peer data source and
// ephemeral resource: by id, or by vif_id and address_family.

// Exactly one of id and vif_id, and address_family with vif_id alone: the
// rules of both, as config validators check them before any API call.
var (
	vifPeerLookupExactlyOneOf     = []path.Expression{path.MatchRoot("id"), path.MatchRoot("vif_id")}
	vifPeerLookupRequiredTogether = []path.Expression{path.MatchRoot("vif_id"), path.MatchRoot("address_family")}
)

// vifPeerLookupAttributes are the attributes of one peer, with the ones to
// look it up by made optional.
func vifPeerLookupAttributes() map[string]schema.Attribute {
	attributes := vifPeerDataAttributes()
	attributes["address_family"] = schema.StringAttribute{
		MarkdownDescription: "Address family of the peer to look up on `vif_id`: `ipv4` or `ipv6`, in any letter case (`IPv4` works). Read back in the API's lower case.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive("ipv4", "ipv6")},
	}
	attributes["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the peer to look up, a UUID. The peer is searched for on every virtual interface of the project. Give either `id`, or `vif_id` with `address_family`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{validators.UUID()},
	}
	attributes["vif_id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the virtual interface whose peer of `address_family` to look up: a 36-character UUID such as `86f9556a-fa68-42b7-93c2-dd407408430b`. Give either `id`, or `vif_id` with `address_family`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{validators.UUID()},
	}
	return attributes
}

// vifPeerLookupKeys are the configured attributes a peer is looked up by.
type vifPeerLookupKeys struct {
	AddressFamily types.String
	ID            types.String
	VifID         types.String
}

// readVifPeerLookupKeys reads the lookup attributes from the configuration;
// every other attribute is computed, so null there.
func readVifPeerLookupKeys(ctx context.Context, config tfsdk.Config) (vifPeerLookupKeys, diag.Diagnostics) {
	var keys vifPeerLookupKeys
	var diags diag.Diagnostics
	diags.Append(config.GetAttribute(ctx, path.Root("address_family"), &keys.AddressFamily)...)
	diags.Append(config.GetAttribute(ctx, path.Root("id"), &keys.ID)...)
	diags.Append(config.GetAttribute(ctx, path.Root("vif_id"), &keys.VifID)...)
	return keys, diags
}

// lookupVifPeer finds the peer that the configuration's id, or vif_id and
// address_family, name. A peer that is not there is an error naming what
// was searched.
func lookupVifPeer(ctx context.Context, client *dcaas.Client, config tfsdk.Config) (*dcaas.VifPeer, vifPeerLookupKeys, diag.Diagnostics) {
	keys, diags := readVifPeerLookupKeys(ctx, config)
	if diags.HasError() || !shared.RequireClient(client, &diags) {
		return nil, keys, diags
	}
	var peer *dcaas.VifPeer
	var err error
	var searched string
	if !keys.ID.IsNull() {
		searched = fmt.Sprintf("VIF peer %s, on every virtual interface of the project", keys.ID.ValueString())
		peer, err = client.VifPeerInProject(ctx, keys.ID.ValueString(), dcaas.OfThisRefresh)
	} else {
		searched = fmt.Sprintf("the %s peer of virtual interface %s", keys.AddressFamily.ValueString(), keys.VifID.ValueString())
		peer, err = client.VifPeerOfFamily(ctx, keys.VifID.ValueString(), keys.AddressFamily.ValueString(), dcaas.Fresh)
	}
	switch {
	case dcaas.IsNotFound(err):
		diags.Append(peerNotFoundError(err, searched))
		return nil, keys, diags
	case err != nil:
		diags.Append(shared.APIError("reading VIF peer", err, "Looking for "+searched+" failed."))
		return nil, keys, diags
	}
	tflog.Debug(ctx, "read VIF peer", map[string]any{"id": peer.ID, "vif_id": peer.VifID})
	return peer, keys, diags
}
