package vifpeer

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// testVifID is the interface id of the vendor's examples.
const testVifID = "86f9556a-fa68-42b7-93c2-dd407408430b"

func TestCreateWarnsWhenPeerIsDown(t *testing.T) {
	var diags diag.Diagnostics
	warnIfDown(&diags, &dcaas.VifPeer{ID: "p", VifID: "v", Status: dcaas.StatusDown})
	warnIfDown(&diags, &dcaas.VifPeer{ID: "q", VifID: "v", Status: dcaas.StatusActive})
	if len(diags) != 1 || diags.HasError() || !strings.Contains(diags[0].Detail(), "p on virtual interface v") {
		t.Errorf("diagnostics %v", diags)
	}
}
