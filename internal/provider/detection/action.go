package detection

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

var (
	_ action.Action              = (*vifPeerDetectionAction)(nil)
	_ action.ActionWithConfigure = (*vifPeerDetectionAction)(nil)
)

// defaultDetectionTimeout bounds a detection when the action's timeout is
// unset: a real one takes about a minute.
const defaultDetectionTimeout = 5 * time.Minute

// NewAction is the action that checks that a peer's line passes traffic.
func NewAction() action.Action {
	return &vifPeerDetectionAction{}
}

type vifPeerDetectionAction struct {
	client *dcaas.Client
}

type vifPeerDetectionActionModel struct {
	MaxLossRatio types.Number `tfsdk:"max_loss_ratio"`
	Timeout      types.String `tfsdk:"timeout"`
	VifPeerID    types.String `tfsdk:"vif_peer_id"`
}

func (a *vifPeerDetectionAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vif_peer_detection"
}

func (a *vifPeerDetectionAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs a connectivity detection of a VIF peer: the service sends packets from the cloud side to the peer's " +
			"`remote_gateway_ip` for a while (about a minute) and reports the percent lost. The action fails when more than " +
			"`max_loss_ratio` percent were lost, when the service could not run the probe, or when `timeout` passes first. " +
			"It changes nothing in state: a peer whose `action_trigger` ran it stays in state, untainted, whatever the result. " +
			"Requires Terraform 1.14 or later; OpenTofu has no actions.",
		Attributes: map[string]schema.Attribute{
			"max_loss_ratio": schema.NumberAttribute{
				MarkdownDescription: "Highest percent of probe packets that may be lost, a whole number from 0 to 100, for the action to succeed. Unset means `0`: every packet must arrive.",
				Optional:            true,
				Validators:          []validator.Number{validators.WholeNumberBetween(0, 100)},
			},
			"timeout": schema.StringAttribute{
				MarkdownDescription: "How long to wait for the detection to start and end, as a Go duration such as `90s` or `5m`. Defaults to `" +
					strings.TrimSuffix(defaultDetectionTimeout.String(), "0s") + "`. When it passes, the action fails, naming the detection, which may still be running on the service.",
				Optional:   true,
				Validators: []validator.String{validators.PositiveDuration()},
			},
			"vif_peer_id": schema.StringAttribute{
				MarkdownDescription: "ID of the VIF peer to probe: a 36-character UUID such as `id` of a `dcaas_vif_peer`.",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
		},
	}
}

func (a *vifPeerDetectionAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = shared.Client(req.ProviderData, &resp.Diagnostics)
}

func (a *vifPeerDetectionAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config vifPeerDetectionActionModel
	resp.Diagnostics.Append(shared.GetModel(ctx, req.Config.Raw, req.Config.Schema, &config)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(a.client, &resp.Diagnostics) {
		return
	}
	peerID := config.VifPeerID.ValueString()
	maxLoss := shared.WholeNumber(config.MaxLossRatio) // null is 0, as documented
	timeout := shared.ActionTimeout(config.Timeout, defaultDetectionTimeout, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	started, err := a.client.CreateVifPeerDetection(ctx, peerID)
	if err != nil {
		resp.Diagnostics.Append(detectionStartError(err, peerID, timeout))
		return
	}
	send := func(msg string) { resp.SendProgress(action.InvokeProgressEvent{Message: msg}) }
	send(fmt.Sprintf("connectivity detection %s of VIF peer %s started", started.ID, peerID))

	report := shared.NewProgressThrottle(time.Now())
	d, err := a.client.WaitVifPeerDetectionFinished(ctx, started.ID, func(d dcaas.VifPeerDetection) {
		if elapsed, ok := report.Due(time.Now()); ok {
			send(fmt.Sprintf("connectivity detection %s still %s after %s", d.ID, d.Status, elapsed))
		}
	})
	switch {
	case errors.Is(err, dcaas.ErrOperationFailed):
		resp.Diagnostics.Append(detectionFailedError(started.ID, peerID, err))
		return
	case err != nil:
		resp.Diagnostics.Append(detectionWaitError(ctx, err, started.ID, peerID, timeout))
		return
	}
	if d.LossRatio == nil {
		resp.Diagnostics.Append(detectionWithoutResultError(d, peerID))
		return
	}
	loss := int64(*d.LossRatio)
	send(fmt.Sprintf("connectivity detection %s complete: %d%% of packets lost (max_loss_ratio %d%%)", d.ID, loss, maxLoss))
	if loss > maxLoss {
		resp.Diagnostics.Append(packetLossError(d.ID, peerID, loss, maxLoss))
	}
}
