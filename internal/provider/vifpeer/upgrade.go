package vifpeer

import (
	"context"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// UpgradeState reads the state of version 0, whose remote_ep_group was a
// set of subnets where version 1 holds a list that stands for a set.
func (r *vifPeerResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {StateUpgrader: upgradeVifPeerStateV0},
	}
}

// upgradeVifPeerStateV0 reads version 0's state as version 1's as it is:
// Terraform writes a set and a list alike, as a JSON array, so every subnet
// keeps its spelling and the set's order becomes the list's, which plans no
// change as order carries no meaning.
func upgradeVifPeerStateV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	typ := vifPeerSchemaV1(ctx).Type().TerraformType(ctx)
	value, err := req.RawState.Unmarshal(typ)
	if err != nil {
		resp.Diagnostics.Append(shared.ProviderBugError(shared.ErrorSummary("upgrading VIF peer state"), "the state of schema version 0 could not be read as version 1: "+err.Error()+"."))
		return
	}
	dynamicValue, err := tfprotov6.NewDynamicValue(typ, value)
	if err != nil {
		resp.Diagnostics.Append(shared.ProviderBugError(shared.ErrorSummary("upgrading VIF peer state"), err.Error()))
		return
	}
	resp.DynamicValue = &dynamicValue
}
