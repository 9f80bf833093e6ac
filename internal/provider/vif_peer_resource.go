package provider

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

var (
	_ resource.Resource                   = (*vifPeerResource)(nil)
	_ resource.ResourceWithConfigure      = (*vifPeerResource)(nil)
	_ resource.ResourceWithImportState    = (*vifPeerResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*vifPeerResource)(nil)
	_ resource.ResourceWithUpgradeState   = (*vifPeerResource)(nil)
	_ resource.ResourceWithValidateConfig = (*vifPeerResource)(nil)
)

// NewVifPeerResource returns the dcaas_vif_peer resource.
func NewVifPeerResource() resource.Resource {
	return &vifPeerResource{}
}

type vifPeerResource struct {
	client *dcaas.Client
}

func (r *vifPeerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vif_peer"
}

func (r *vifPeerResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = vifPeerSchemaV1(ctx)
}

func (r *vifPeerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *vifPeerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, cancel, plan, ok := r.begin(ctx, req.Plan, createOperation, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	// A write-only value is only in the configuration, never in the plan.
	var md5WriteOnly types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("bgp_md5_wo"), &md5WriteOnly)...)
	request, diags := expandCreateRequest(ctx, plan, md5WriteOnly)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	peer, err := r.client.CreateVifPeer(ctx, request)
	if err != nil {
		resp.Diagnostics.AddError(describeCreateFailure(err, request))
		return
	}
	tflog.Info(ctx, "created VIF peer, waiting for it to be ready", map[string]any{"id": peer.ID, "vif_id": peer.VifID, "status": peer.Status})

	// The id goes to state before the wait, so a failed wait leaves a
	// tainted resource rather than an orphaned peer.
	if !r.setState(ctx, peer, &plan, &resp.State, &resp.Diagnostics) {
		return
	}
	setIdentity(plan.VifID.ValueString(), plan.ID.ValueString(), resp.Identity)
	peer, err = r.client.View().WaitVifPeerReady(ctx, plan.VifID.ValueString(), plan.ID.ValueString())
	r.setState(ctx, peer, &plan, &resp.State, &resp.Diagnostics)
	if interrupted(err) {
		// Not a failure: an error would taint a peer that may well become
		// ready, and its replacement can cost it (see ModifyPlan).
		resp.Diagnostics.AddWarning("Interrupted while the VIF peer was provisioning", fmt.Sprintf(
			"VIF peer %s on virtual interface %s was created, and is in Terraform's state, not tainted, with the status last seen: %s. "+
				"The apply was interrupted before the service finished it; the next refresh reads its status. A peer that became ACTIVE or DOWN "+
				"needs nothing more; one in ERROR is planned for replacement.", plan.ID.ValueString(), plan.VifID.ValueString(), plan.Status.ValueString()))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error waiting for VIF peer to be ready", describeAPIError(err,
			fmt.Sprintf("VIF peer %s on virtual interface %s was created but did not become ready.", plan.ID.ValueString(), plan.VifID.ValueString())))
		return
	}
	warnIfDown(&resp.Diagnostics, peer)
}

func (r *vifPeerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state vifPeerResourceModel
	resp.Diagnostics.Append(getModel(ctx, req.State.Raw, req.State.Schema, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	// Before the lookup: a peer found gone needs its identity too, when the
	// state comes from a CLI that kept none.
	setIdentity(state.VifID.ValueString(), state.ID.ValueString(), resp.Identity)
	peer, err := r.client.View().FindVifPeer(ctx, state.VifID.ValueString(), state.ID.ValueString())
	if dcaas.IsNotFound(err) {
		tflog.Warn(ctx, "VIF peer not found, removing it from state", map[string]any{"id": state.ID.ValueString(), "vif_id": state.VifID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading VIF peer", describeAPIError(err,
			fmt.Sprintf("Reading VIF peer %s on virtual interface %s failed.", state.ID.ValueString(), state.VifID.ValueString())))
		return
	}
	before := state
	resp.Diagnostics.Append(flattenVifPeerResource(peer, &state)...)
	// The response starts as the prior state, and setting it costs more
	// than comparing: a refresh that finds nothing new leaves it alone.
	if !reflect.DeepEqual(before, state) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

func (r *vifPeerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, cancel, plan, ok := r.begin(ctx, req.Plan, updateOperation, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	var state vifPeerResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	request, changed, diags := expandUpdateRequest(ctx, plan, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	vifID, peerID := state.VifID.ValueString(), state.ID.ValueString()
	var peer *dcaas.VifPeer
	var err error
	summary, what := "Error reading VIF peer", "Reading VIF peer %s on virtual interface %s failed."
	if changed {
		tflog.Info(ctx, "updating VIF peer", map[string]any{"id": peerID})
		summary, what = "Error updating VIF peer", "Updating VIF peer %s on virtual interface %s failed."
		var accepted *dcaas.VifPeer
		accepted, err = r.client.UpdateVifPeer(ctx, peerID, request)
		if err == nil {
			summary, what = "Error waiting for VIF peer update", "VIF peer %s on virtual interface %s did not become ready after the update."
			if peer, err = r.client.View().WaitVifPeerReady(ctx, vifID, peerID); peer == nil {
				peer = accepted // the API's own answer, for want of a later one
			}
		}
	} else {
		// Only Terraform-side settings changed, such as timeouts or a key
		// handed from bgp_md5 to bgp_md5_wo: nothing to send.
		peer, err = r.client.View().FindVifPeer(ctx, vifID, peerID)
	}
	// The last peer seen goes to state even when the wait failed, as in
	// Create.
	r.setState(ctx, peer, &plan, &resp.State, &resp.Diagnostics)
	setIdentity(vifID, peerID, resp.Identity)
	switch {
	case interrupted(err) && peer != nil:
		resp.Diagnostics.AddWarning("Interrupted while the VIF peer was updating", fmt.Sprintf(
			"The update of VIF peer %s on virtual interface %s was accepted, and Terraform's state holds the peer as the API last showed it, "+
				"in status %s. The apply was interrupted before the service finished; the next refresh reads its status.", peerID, vifID, plan.Status.ValueString()))
	case interrupted(err):
		resp.Diagnostics.AddError("VIF peer update interrupted", fmt.Sprintf(
			"The apply was interrupted before the update of VIF peer %s on virtual interface %s was accepted. Terraform's state keeps the values "+
				"from before; the next refresh reads what the API holds, and the plan shows what is left to change.\n\n%v", peerID, vifID, err))
	case dcaas.IsNotFound(err):
		resp.Diagnostics.AddError("VIF peer deleted outside Terraform",
			fmt.Sprintf("VIF peer %s on virtual interface %s no longer exists, so it cannot be updated. "+
				"The next plan will show it to be created again.\n\n%v", peerID, vifID, err))
	case err != nil:
		resp.Diagnostics.AddError(summary, describeAPIError(err, fmt.Sprintf(what, peerID, vifID)))
	default:
		warnIfDown(&resp.Diagnostics, peer)
	}
}

func (r *vifPeerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, cancel, state, ok := r.begin(ctx, req.State, deleteOperation, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	destroying := takeDestroyMark(ctx, req.Private, resp.Private, &resp.Diagnostics)
	vifID, peerID := state.VifID.ValueString(), state.ID.ValueString()
	err := r.client.DeleteVifPeer(ctx, vifID, peerID)
	if dcaas.IsNotFound(err) {
		// Gone already, once a read of its interface agrees: on its own, a
		// delete's "not found" could come from a path that is not the API.
		if err = r.confirmGone(ctx, vifID, peerID, err); err == nil {
			return
		}
	}
	switch {
	case dcaas.IsLastPeer(err) && !destroying:
		// An error keeps the peer in state, and stops the replacement
		// before its create.
		resp.Diagnostics.AddError(describeLastPeerKept(state))
		return
	case dcaas.IsLastPeer(err):
		resp.Diagnostics.AddWarning(describeLastPeerLeftBehind(vifID, peerID))
		return
	case err != nil:
		resp.Diagnostics.AddError("Error deleting VIF peer", describeAPIError(err,
			fmt.Sprintf("Deleting VIF peer %s on virtual interface %s failed.", peerID, vifID)))
		return
	}
	lastStatus, err := r.client.View().WaitVifPeerDeleted(ctx, vifID, peerID)
	switch {
	case interrupted(err):
		// The peer is still there, on its way out: the state keeps it, so
		// that the next run waits for it to go, whatever it runs.
		if lastStatus == "" {
			lastStatus = dcaas.StatusPendingDelete
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("status"), lastStatus)...)
		resp.Diagnostics.AddError("VIF peer deletion interrupted", fmt.Sprintf(
			"The service accepted the delete of VIF peer %s on virtual interface %s and is deleting it (status %s), but the apply was interrupted "+
				"before the peer was gone. It stays in Terraform's state with that status. The next refresh reads it again, and drops it from the state "+
				"once it is gone; a destroy or a replacement waits for the deletion to end.",
			peerID, vifID, lastStatus))
	case err != nil:
		resp.Diagnostics.AddError("Error waiting for VIF peer deletion", describeAPIError(err,
			fmt.Sprintf("VIF peer %s on virtual interface %s was asked to be deleted but is still there.", peerID, vifID)))
	}
}

func (r *vifPeerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	vifID, peerID, ok := importTarget(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if vifID == "" {
		if !requireClient(r.client, &resp.Diagnostics) {
			return
		}
		peer, err := r.client.View().FindVifPeerInProject(ctx, peerID)
		if err != nil {
			resp.Diagnostics.AddError("Error importing VIF peer", describeAPIError(err,
				fmt.Sprintf("Looking for VIF peer %s in every virtual interface of the project failed.", peerID)))
			return
		}
		vifID = peer.VifID
	} else if elsewhere := r.peerElsewhere(ctx, vifID, peerID); elsewhere != nil {
		resp.Diagnostics.AddError(describePeerOnOtherInterface(vifID, elsewhere))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), peerID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("vif_id"), vifID)...)
	setIdentity(vifID, peerID, resp.Identity)
}

// peerElsewhere returns peer peerID when the project holds it on another
// interface than vifID, and nil otherwise. Only that case is decided here:
// a peer on vifID, or on none, or a failed read, is left to the Read that
// follows the import, which reads the same interface.
func (r *vifPeerResource) peerElsewhere(ctx context.Context, vifID, peerID string) *dcaas.VifPeer {
	if r.client == nil {
		return nil
	}
	if _, err := r.client.View().FindVifPeer(ctx, vifID, peerID); !dcaas.IsNotFound(err) {
		return nil
	}
	peer, err := r.client.View().FindVifPeerInProject(ctx, peerID)
	if err != nil || peer.VifID == vifID {
		return nil
	}
	return peer
}

// confirmGone returns nil when a fresh read of the interface agrees with
// notFound that the peer is gone, and an error saying otherwise.
func (r *vifPeerResource) confirmGone(ctx context.Context, vifID, peerID string, notFound error) error {
	peer, err := r.client.View().FindVifPeerFresh(ctx, vifID, peerID)
	switch {
	case dcaas.IsNotFound(err):
		return nil
	case err != nil:
		return err
	}
	return fmt.Errorf("%w, yet the peer is still on its virtual interface, in status %s", notFound, peer.Status)
}

// interrupted tells whether err ended an operation because Terraform was
// interrupted (Ctrl-C), which cancels its context, as opposed to the
// operation's timeout, whose deadline ends it with DeadlineExceeded.
func interrupted(err error) bool {
	return errors.Is(err, context.Canceled)
}

// operation is a create, update or delete: which of the resource's
// timeouts bounds it, and its default.
type operation struct {
	timeout        func(timeouts.Value, context.Context, time.Duration) (time.Duration, diag.Diagnostics)
	defaultTimeout time.Duration
}

var (
	createOperation = operation{timeouts.Value.Create, 10 * time.Minute}
	updateOperation = operation{timeouts.Value.Update, 10 * time.Minute}
	deleteOperation = operation{timeouts.Value.Delete, 10 * time.Minute}
)

// begin is what create, update and delete do first: read the model from
// the plan or state, check that there is a client, and bound ctx by the
// operation's timeout. ok is false when it reported why it cannot go on;
// cancel is to be deferred either way.
func (r *vifPeerResource) begin(ctx context.Context, from interface {
	Get(context.Context, any) diag.Diagnostics
}, op operation, diags *diag.Diagnostics,
) (_ context.Context, cancel context.CancelFunc, model vifPeerResourceModel, ok bool) {
	diags.Append(from.Get(ctx, &model)...)
	if diags.HasError() || !requireClient(r.client, diags) {
		return ctx, func() {}, model, false
	}
	timeout, d := op.timeout(model.Timeouts, ctx, op.defaultTimeout)
	diags.Append(d...)
	if diags.HasError() {
		return ctx, func() {}, model, false
	}
	ctx, cancel = context.WithTimeout(ctx, timeout)
	return ctx, cancel, model, true
}

// setState copies peer, when there is one, into the model and the state,
// and says whether that went well.
func (r *vifPeerResource) setState(ctx context.Context, peer *dcaas.VifPeer, model *vifPeerResourceModel, state *tfsdk.State, diags *diag.Diagnostics) bool {
	if peer == nil {
		return !diags.HasError()
	}
	diags.Append(flattenVifPeerResource(peer, model)...)
	diags.Append(state.Set(ctx, model)...)
	return !diags.HasError()
}

// parseImportID accepts "<vif_id>/<peer_id>" or a bare "<peer_id>", both UUIDs.
func parseImportID(id string) (vifID, peerID string, err error) {
	parts := strings.Split(id, "/")
	valid := len(parts) <= 2
	for _, p := range parts {
		valid = valid && dcaas.UUIDPattern.MatchString(p)
	}
	if !valid {
		return "", "", fmt.Errorf("import ID %q is not of the form <vif_id>/<peer_id> or <peer_id>, where both are UUIDs such as 86f9556a-fa68-42b7-93c2-dd407408430b", id)
	}
	if len(parts) == 2 {
		return parts[0], parts[1], nil
	}
	return "", parts[0], nil
}

func warnIfDown(diags *diag.Diagnostics, peer *dcaas.VifPeer) {
	if peer != nil && peer.Status == dcaas.StatusDown {
		diags.AddWarning("VIF peer is DOWN",
			fmt.Sprintf("VIF peer %s on virtual interface %s is provisioned but its status is DOWN: check the on-premises router and the line.", peer.ID, peer.VifID))
	}
}
