package vifpeer

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/ephemeralvalidator"
	datasourceschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

var (
	_ ephemeral.EphemeralResource                     = (*vifPeerEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure        = (*vifPeerEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigValidators = (*vifPeerEphemeralResource)(nil)
)

// NewEphemeralResource returns the dcaas_vif_peer ephemeral resource.
func NewEphemeralResource() ephemeral.EphemeralResource {
	return &vifPeerEphemeralResource{}
}

// vifPeerEphemeralResource is the dcaas_vif_peer data source plus the MD5
// key: Terraform keeps what it returns for one run only, in no state or
// plan, so the key can go on to a write-only attribute.
type vifPeerEphemeralResource struct {
	client *dcaas.Client
}

func (r *vifPeerEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vif_peer"
}

func (r *vifPeerEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	attributes, diags := ephemeralAttributes(vifPeerLookupAttributes())
	resp.Diagnostics.Append(diags...)
	if family, ok := attributes["address_family"].(schema.StringAttribute); ok {
		family.MarkdownDescription = "Address family of the peer to look up on `vif_id`: `ipv4` or `ipv6`, in any letter case (`IPv4` works). Returned as given, as Terraform requires of an ephemeral resource; in the API's lower case when looking up by `id`."
		attributes["address_family"] = family
	}
	attributes["bgp_md5"] = schema.StringAttribute{
		MarkdownDescription: "MD5 password of the BGP session as the API returns it; null when the peer has none. Sensitive, and like every value of an ephemeral resource never stored in the state or plan: hand it to a write-only argument such as `bgp_md5_wo` of a `dcaas_vif_peer` resource.",
		Computed:            true,
		Sensitive:           true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one virtual interface peer, as the `dcaas_vif_peer` data source does, together with its BGP MD5 key, without storing anything: for the key of a peer made in the console or by another workspace, to be handed to a write-only argument. Look it up by `id`, or by `vif_id` and `address_family`. Needs Terraform 1.10 or later (1.11 for write-only arguments), or OpenTofu 1.11 or later.",
		Attributes:          attributes,
	}
}

func (r *vifPeerEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.client = shared.Client(req.ProviderData, &resp.Diagnostics)
}

func (r *vifPeerEphemeralResource) ConfigValidators(context.Context) []ephemeral.ConfigValidator {
	return []ephemeral.ConfigValidator{
		ephemeralvalidator.ExactlyOneOf(vifPeerLookupExactlyOneOf...),
		ephemeralvalidator.RequiredTogether(vifPeerLookupRequiredTogether...),
	}
}

func (r *vifPeerEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	peer, given, diags := lookupVifPeer(ctx, r.client, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	result := vifPeerEphemeralModel{BGPMD5: types.StringNull()}
	result.vifPeerDataModel, diags = flattenVifPeerData(peer)
	resp.Diagnostics.Append(diags...)
	// Terraform refuses a result that differs from the configuration: what
	// the peer was looked up by stays as given (IPv4, not the API's ipv4).
	if !given.AddressFamily.IsNull() {
		result.AddressFamily = customtypes.NewCaseInsensitiveStringValue(given.AddressFamily.ValueString())
	}
	for _, lookup := range []struct {
		result *types.String
		given  types.String
	}{{&result.ID, given.ID}, {&result.VifID, given.VifID}} {
		if !lookup.given.IsNull() {
			*lookup.result = lookup.given
		}
	}
	if hasMD5Key(peer) {
		result.BGPMD5 = types.StringPointerValue(peer.BGPMD5)
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &result)...)
}

// ephemeralAttributes turns data source attributes into those of an
// ephemeral resource, which have the same fields, so that both keep one
// description of a peer.
func ephemeralAttributes(in map[string]datasourceschema.Attribute) (map[string]schema.Attribute, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := make(map[string]schema.Attribute, len(in))
	for name, attribute := range in {
		switch a := attribute.(type) {
		case datasourceschema.BoolAttribute:
			out[name] = schema.BoolAttribute(a)
		case datasourceschema.Int64Attribute:
			out[name] = schema.Int64Attribute(a)
		case datasourceschema.SetAttribute:
			out[name] = schema.SetAttribute(a)
		case datasourceschema.StringAttribute:
			out[name] = schema.StringAttribute(a)
		default:
			diags.Append(shared.ProviderBugError("Provider bug: attribute not convertible",
				fmt.Sprintf("attribute %s of type %T has no ephemeral counterpart here.", name, attribute)))
		}
	}
	return out, diags
}
