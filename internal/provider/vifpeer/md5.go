package vifpeer

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The API cannot change or remove a peer's MD5 key in place. So a key left
// out of the configuration (as -generate-config-out writes it: null) is
// kept as the API holds it rather than replacing the peer, and a key handed
// from bgp_md5 to bgp_md5_wo unchanged is no change on the peer.

// bgpMD5KeepWhenUnset plans the key in state when the configuration has no
// bgp_md5, and null when bgp_md5_wo has taken over, whose key never goes
// into the state.
func bgpMD5KeepWhenUnset() planmodifier.String {
	return bgpMD5KeepWhenUnsetModifier{}
}

type bgpMD5KeepWhenUnsetModifier struct{}

func (bgpMD5KeepWhenUnsetModifier) Description(context.Context) string {
	return "Without bgp_md5 in the configuration, the peer keeps the key the API holds."
}

func (m bgpMD5KeepWhenUnsetModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (bgpMD5KeepWhenUnsetModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	var writeOnlyVersion types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("bgp_md5_wo_version"), &writeOnlyVersion)...)
	if !writeOnlyVersion.IsNull() {
		resp.PlanValue = types.StringNull()
		return
	}
	resp.PlanValue = req.StateValue
}

// requiresReplaceWhenMD5Set replaces the peer for a configured key that
// differs from the API's; a key removed from the configuration is kept.
func requiresReplaceWhenMD5Set(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.ConfigValue.IsNull()
}

// requiresReplaceUnlessSameKeyMovesToWriteOnly replaces the peer whenever
// bgp_md5_wo_version changes, except when it is first set and bgp_md5_wo
// holds the very key that bgp_md5 put on the peer.
func requiresReplaceUnlessSameKeyMovesToWriteOnly(ctx context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
	if !req.StateValue.IsNull() {
		resp.RequiresReplace = true
		return
	}
	var keyInState, writeOnlyKey types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("bgp_md5"), &keyInState)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("bgp_md5_wo"), &writeOnlyKey)...)
	resp.RequiresReplace = keyInState.IsNull() || keyInState.IsUnknown() || writeOnlyKey.IsNull() || writeOnlyKey.IsUnknown() ||
		keyInState.ValueString() != writeOnlyKey.ValueString()
}
