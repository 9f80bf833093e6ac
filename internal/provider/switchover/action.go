package switchover

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

var (
	_ action.Action              = (*virtualInterfaceSwitchoverAction)(nil)
	_ action.ActionWithConfigure = (*virtualInterfaceSwitchoverAction)(nil)
)

// defaultSwitchoverTimeout bounds a switchover test when the action's
// timeout is unset.
const defaultSwitchoverTimeout = 10 * time.Minute

// NewAction is the action that shuts a virtual interface down for a
// disaster-recovery drill, or brings it back.
func NewAction() action.Action {
	return &virtualInterfaceSwitchoverAction{}
}

type virtualInterfaceSwitchoverAction struct {
	client *dcaas.Client
}

type virtualInterfaceSwitchoverActionModel struct {
	Operation types.String `tfsdk:"operation"`
	Timeout   types.String `tfsdk:"timeout"`
	VifID     types.String `tfsdk:"vif_id"`
}

func (a *virtualInterfaceSwitchoverAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_virtual_interface_switchover"
}

func (a *virtualInterfaceSwitchoverAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs a switchover test of a virtual interface, the disaster-recovery drill of a private line: `shutdown` takes the " +
			"interface down so traffic fails over to a redundant line, `undo_shutdown` brings it back. While it is shut down, the interface " +
			"and each of its peers read `DOWN` (BGP peers' `bgp_status` reads `Down`); `dcaas_vif_peer` takes that as a healthy, finished " +
			"state, and plans no change for it. The action waits until the test is `COMPLETE` and fails when it ends in `ERROR` or " +
			"`timeout` passes first. Requires Terraform 1.14 or later; OpenTofu has no actions.",
		Attributes: map[string]schema.Attribute{
			"operation": schema.StringAttribute{
				MarkdownDescription: "`shutdown` or `undo_shutdown`. The API refuses a shutdown of an interface already shut down and an undo of one that is not.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(dcaas.OperationShutdown, dcaas.OperationUndoShutdown)},
			},
			"timeout": schema.StringAttribute{
				MarkdownDescription: "How long to wait for the test to start and end, as a Go duration such as `90s` or `5m`. Defaults to `" +
					strings.TrimSuffix(defaultSwitchoverTimeout.String(), "0s") + "`. When it passes, the action fails, naming the test, which may still be running on the service.",
				Optional:   true,
				Validators: []validator.String{validators.PositiveDuration()},
			},
			"vif_id": schema.StringAttribute{
				MarkdownDescription: "ID of the virtual interface: a 36-character UUID such as `86f9556a-fa68-42b7-93c2-dd407408430b`.",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
		},
	}
}

func (a *virtualInterfaceSwitchoverAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = shared.Client(req.ProviderData, &resp.Diagnostics)
}

func (a *virtualInterfaceSwitchoverAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config virtualInterfaceSwitchoverActionModel
	resp.Diagnostics.Append(shared.GetModel(ctx, req.Config.Raw, req.Config.Schema, &config)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(a.client, &resp.Diagnostics) {
		return
	}
	vifID, operation := config.VifID.ValueString(), config.Operation.ValueString()
	timeout := shared.ActionTimeout(config.Timeout, defaultSwitchoverTimeout, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	started, err := a.client.CreateSwitchoverTest(ctx, vifID, operation)
	if err != nil {
		resp.Diagnostics.Append(switchoverStartError(err, vifID, operation, timeout))
		return
	}
	send := func(msg string) { resp.SendProgress(action.InvokeProgressEvent{Message: msg}) }
	send(fmt.Sprintf("%s switchover test %s of virtual interface %s started", operation, started.ID, vifID))

	report := shared.NewProgressThrottle(time.Now())
	_, err = a.client.WaitSwitchoverTestFinished(ctx, vifID, started.ID, func(r dcaas.SwitchoverTestRecord) {
		if elapsed, ok := report.Due(time.Now()); ok {
			send(fmt.Sprintf("switchover test %s still %s after %s", r.ID, r.OperateStatus, elapsed))
		}
	})
	switch {
	case errors.Is(err, dcaas.ErrOperationFailed):
		resp.Diagnostics.Append(switchoverFailedError(started.ID, vifID, operation, err))
		return
	case err != nil:
		resp.Diagnostics.Append(switchoverWaitError(ctx, err, started.ID, vifID, operation, timeout))
		return
	}
	send(fmt.Sprintf("switchover test %s COMPLETE: %s", started.ID, switchoverOutcome(vifID, operation)))
}

// switchoverOutcome says where a completed test left the interface.
func switchoverOutcome(vifID, operation string) string {
	if operation == dcaas.OperationShutdown {
		return "virtual interface " + vifID + " is shut down, its peers DOWN, until an undo_shutdown completes"
	}
	return "virtual interface " + vifID + " is back up"
}
