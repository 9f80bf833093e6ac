package vifpeer

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// importTarget is the peer an import names, by string or by identity;
// vifID is empty when the import leaves it to be looked up.
func importTarget(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (vifID, peerID string, ok bool) {
	if req.ID != "" {
		vifID, peerID, err := parseImportID(req.ID)
		if err != nil {
			diags.Append(invalidImportIDError(err))
			return "", "", false
		}
		return vifID, peerID, true
	}
	var identity vifPeerIdentityModel
	if diags.Append(shared.GetModel(ctx, req.Identity.Raw, req.Identity.Schema, &identity)...); diags.HasError() {
		return "", "", false
	}
	vifID, peerID = identity.VifID.ValueString(), identity.ID.ValueString()
	notUUID := func(name, value string) bool {
		if dcaas.UUIDPattern.MatchString(value) {
			return false
		}
		diags.Append(invalidImportIdentityError(name, value))
		return true
	}
	if notUUID("id", peerID) || (vifID != "" && notUUID("vif_id", vifID)) {
		return "", "", false
	}
	return vifID, peerID, true
}

// parseImportID accepts "<vif_id>/<peer_id>" or a bare "<peer_id>", both UUIDs.
func parseImportID(id string) (vifID, peerID string, err error) {
	parts := strings.Split(id, "/")
	valid := len(parts) <= 2
	for _, p := range parts {
		valid = valid && dcaas.UUIDPattern.MatchString(p)
	}
	if !valid {
		return "", "", fmt.Errorf("import ID %q is not of the form <vif_id>/<peer_id> or <peer_id>, where both are UUIDs in lower case such as 86f9556a-fa68-42b7-93c2-dd407408430b", id)
	}
	if len(parts) == 2 {
		return parts[0], parts[1], nil
	}
	return "", parts[0], nil
}
