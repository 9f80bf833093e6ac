package vifpeer

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// The resource's methods, and the file each lives in.
var (
	// Metadata, Schema, Configure, Create, Read, Update and Delete: this
	// file.
	_ resource.Resource              = (*vifPeerResource)(nil)
	_ resource.ResourceWithConfigure = (*vifPeerResource)(nil)
	// ImportState: this file, beside the reads it makes; the import ID and
	// identity it reads are parsed in import.go.
	_ resource.ResourceWithImportState = (*vifPeerResource)(nil)
	// IdentitySchema: identity.go.
	_ resource.ResourceWithIdentity = (*vifPeerResource)(nil)
	// ModifyPlan: plan.go; the notes it leaves for Delete:
	// private.go.
	_ resource.ResourceWithModifyPlan = (*vifPeerResource)(nil)
	// ValidateConfig: validate.go.
	_ resource.ResourceWithValidateConfig = (*vifPeerResource)(nil)
	// UpgradeState: upgrade.go.
	_ resource.ResourceWithUpgradeState = (*vifPeerResource)(nil)
)

// NewResource returns the dcaas_vif_peer resource.
func NewResource() resource.Resource {
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
	r.client = shared.Client(req.ProviderData, &resp.Diagnostics)
}

func (r *vifPeerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, cancel, plan, ok := r.begin(ctx, req.Plan.Raw, req.Plan.Schema, createOperation, &resp.Diagnostics)
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
		resp.Diagnostics.Append(peerCreateError(err, request))
		return
	}
	tflog.Info(ctx, "created VIF peer, waiting for it to be ready", map[string]any{"id": peer.ID, "vif_id": peer.VifID, "status": peer.Status})

	// The id goes to state before the wait, so a failed wait leaves a
	// tainted resource rather than an orphaned peer.
	var result vifPeerResourceModel
	if !r.setState(ctx, peer, plan, true, &result, &resp.State, &resp.Diagnostics) {
		return
	}
	vifID, peerID := result.VifID.ValueString(), result.ID.ValueString()
	setIdentity(vifID, peerID, resp.Identity)
	peer, err = r.client.WaitVifPeerReady(ctx, vifID, peerID)
	r.setState(ctx, peer, plan, err == nil || waitCutShort(ctx, err), &result, &resp.State, &resp.Diagnostics)
	switch {
	case err == nil:
		warnIfDown(&resp.Diagnostics, peer)
	case waitCutShort(ctx, err):
		// Not a failure: an error would taint a peer that may well become
		// ready, and its replacement can cost it (see ModifyPlan). The
		// status in state makes the next apply wait for it.
		resp.Diagnostics.Append(createWaitCutShortWarning(vifID, peerID, result.Status.ValueString(), err))
	default:
		resp.Diagnostics.Append(shared.APIError("waiting for VIF peer to be ready", err,
			fmt.Sprintf("VIF peer %s on virtual interface %s was created but did not become ready.", peerID, vifID)))
	}
}

func (r *vifPeerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state vifPeerResourceModel
	resp.Diagnostics.Append(shared.GetModel(ctx, req.State.Raw, req.State.Schema, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	// Before the lookup: a peer found gone needs its identity too, when the
	// state comes from a CLI that kept none.
	setIdentity(state.VifID.ValueString(), state.ID.ValueString(), resp.Identity)
	peer, err := r.client.VifPeer(ctx, state.VifID.ValueString(), state.ID.ValueString(), dcaas.OfThisRefresh)
	if dcaas.IsNotFound(err) {
		tflog.Warn(ctx, "VIF peer not found, removing it from state", map[string]any{"id": state.ID.ValueString(), "vif_id": state.VifID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(shared.APIError("reading VIF peer", err,
			fmt.Sprintf("Reading VIF peer %s on virtual interface %s failed.", state.ID.ValueString(), state.VifID.ValueString())))
		return
	}
	before := state
	resp.Diagnostics.Append(flattenVifPeerResource(peer, &state)...)
	// The response starts as the prior state, and setting it costs more
	// than comparing: a refresh that finds nothing new leaves it alone.
	if !shared.SameAttributeValues(before, state) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

func (r *vifPeerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, cancel, plan, ok := r.begin(ctx, req.Plan.Raw, req.Plan.Schema, updateOperation, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	var state vifPeerResourceModel
	resp.Diagnostics.Append(shared.GetModel(ctx, req.State.Raw, req.State.Schema, &state)...)
	request, changed, diags := expandUpdateRequest(ctx, plan, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	vifID, peerID := state.VifID.ValueString(), state.ID.ValueString()
	// A peer the last apply left on its way (PENDING_*), whose plan has
	// nothing to send: the update is the wait for it (see ModifyPlan).
	waitOnly := !changed && dcaas.InProgress(state.Status.ValueString())
	var peer *dcaas.VifPeer
	var err error
	waited := false
	doing, what := "reading VIF peer", "Reading VIF peer %s on virtual interface %s failed."
	switch {
	case changed:
		tflog.Info(ctx, "updating VIF peer", map[string]any{"id": peerID})
		doing, what = "updating VIF peer", "Updating VIF peer %s on virtual interface %s failed."
		var accepted *dcaas.VifPeer
		accepted, err = r.client.UpdateVifPeer(ctx, peerID, request)
		if err == nil {
			doing, what = "waiting for VIF peer update", "VIF peer %s on virtual interface %s did not become ready after the update."
			waited = true
			if peer, err = r.client.WaitVifPeerReady(ctx, vifID, peerID); peer == nil {
				peer = accepted // the API's own answer, for want of a later one
			}
		}
	case waitOnly:
		tflog.Info(ctx, "waiting for VIF peer to settle", map[string]any{"id": peerID, "status": state.Status.ValueString()})
		doing, what = "waiting for VIF peer to be ready", "VIF peer %s on virtual interface %s, which the last apply left in status "+state.Status.ValueString()+", did not become ready."
		waited = true
		peer, err = r.client.WaitVifPeerReady(ctx, vifID, peerID)
	default:
		// Only Terraform-side settings changed, such as timeouts or a key
		// handed from bgp_md5 to bgp_md5_wo: nothing to send.
		peer, err = r.client.VifPeer(ctx, vifID, peerID, dcaas.OfThisRefresh)
	}
	// The last peer seen goes to state even when the wait failed, as in
	// Create.
	var result vifPeerResourceModel
	r.setState(ctx, peer, plan, err == nil || (waited && waitCutShort(ctx, err)), &result, &resp.State, &resp.Diagnostics)
	if peer == nil && waitOnly {
		// Nothing read: the peer stays as the state has it, to be waited
		// for again.
		result = plan
		result.Status, result.BGPStatus, result.ReceiveRouteNum = state.Status, state.BGPStatus, state.ReceiveRouteNum
		resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
	}
	setIdentity(vifID, peerID, resp.Identity)
	switch {
	case waited && waitCutShort(ctx, err):
		lastSeen := state.Status.ValueString()
		if peer != nil {
			lastSeen = peer.Status
		}
		resp.Diagnostics.Append(updateWaitCutShortWarning(vifID, peerID, lastSeen, changed, err))
	case interrupted(err):
		resp.Diagnostics.Append(updateInterruptedError(vifID, peerID, err))
	case dcaas.IsNotFound(err):
		resp.Diagnostics.Append(updatedPeerGoneError(vifID, peerID, err))
	case err != nil:
		resp.Diagnostics.Append(shared.APIError(doing, err, fmt.Sprintf(what, peerID, vifID)))
	default:
		warnIfDown(&resp.Diagnostics, peer)
	}
}

func (r *vifPeerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, cancel, state, ok := r.begin(ctx, req.State.Raw, req.State.Schema, deleteOperation, &resp.Diagnostics)
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
		resp.Diagnostics.Append(lastPeerKeptError(state))
		return
	case dcaas.IsLastPeer(err):
		resp.Diagnostics.Append(lastPeerLeftBehindWarning(vifID, peerID))
		return
	case err != nil:
		resp.Diagnostics.Append(shared.APIError("deleting VIF peer", err,
			fmt.Sprintf("Deleting VIF peer %s on virtual interface %s failed.", peerID, vifID)))
		return
	}
	lastStatus, err := r.client.WaitVifPeerDeleted(ctx, vifID, peerID)
	switch {
	case interrupted(err):
		// The peer is still there, on its way out: the state keeps it, so
		// that the next run waits for it to go, whatever it runs.
		if lastStatus == "" {
			lastStatus = dcaas.StatusPendingDelete
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("status"), lastStatus)...)
		resp.Diagnostics.Append(deletionInterruptedError(vifID, peerID, lastStatus))
	case err != nil:
		resp.Diagnostics.Append(shared.APIError("waiting for VIF peer deletion", err,
			fmt.Sprintf("VIF peer %s on virtual interface %s was asked to be deleted but is still there.", peerID, vifID)))
	}
}

func (r *vifPeerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	vifID, peerID, ok := importTarget(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if vifID == "" {
		if !shared.RequireClient(r.client, &resp.Diagnostics) {
			return
		}
		peer, err := r.client.VifPeerInProject(ctx, peerID, dcaas.OfThisRefresh)
		if err != nil {
			resp.Diagnostics.Append(shared.APIError("importing VIF peer", err,
				fmt.Sprintf("Looking for VIF peer %s in every virtual interface of the project failed.", peerID)))
			return
		}
		vifID = peer.VifID
	} else if elsewhere := r.peerElsewhere(ctx, vifID, peerID); elsewhere != nil {
		resp.Diagnostics.Append(peerOnOtherInterfaceError(vifID, elsewhere))
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
	if _, err := r.client.VifPeer(ctx, vifID, peerID, dcaas.OfThisRefresh); !dcaas.IsNotFound(err) {
		return nil
	}
	peer, err := r.client.VifPeerInProject(ctx, peerID, dcaas.OfThisRefresh)
	if err != nil || peer.VifID == vifID {
		return nil
	}
	return peer
}

// confirmGone returns nil when a fresh read of the interface agrees with
// notFound that the peer is gone, and an error saying otherwise.
func (r *vifPeerResource) confirmGone(ctx context.Context, vifID, peerID string, notFound error) error {
	peer, err := r.client.VifPeer(ctx, vifID, peerID, dcaas.Fresh)
	switch {
	case dcaas.IsNotFound(err):
		return nil
	case err != nil:
		return err
	}
	return fmt.Errorf("%w, yet the peer is still on its virtual interface, in status %s", notFound, peer.Status)
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
func (r *vifPeerResource) begin(ctx context.Context, raw tftypes.Value, schema shared.SchemaTypes, op operation, diags *diag.Diagnostics,
) (_ context.Context, cancel context.CancelFunc, model vifPeerResourceModel, ok bool) {
	diags.Append(shared.GetModel(ctx, raw, schema, &model)...)
	if diags.HasError() || !shared.RequireClient(r.client, diags) {
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

// setState writes peer, when there is one, into model and the state over
// planned, and says whether that went well. With keepPlanned, for an
// apply that does not fail, a server-set value that the plan knows stays
// as planned: an answer that differs shows as drift on the next refresh,
// not as a result inconsistent with the plan. A failed apply, which
// Terraform does not hold to its plan, stores the peer as the API has it.
func (r *vifPeerResource) setState(ctx context.Context, peer *dcaas.VifPeer, planned vifPeerResourceModel, keepPlanned bool,
	model *vifPeerResourceModel, state *tfsdk.State, diags *diag.Diagnostics,
) bool {
	if peer == nil {
		return !diags.HasError()
	}
	*model = planned
	diags.Append(flattenVifPeerResource(peer, model)...)
	if !keepPlanned {
		diags.Append(state.Set(ctx, model)...)
		return !diags.HasError()
	}
	keepKnown(planned.BGPRouteLimit, &model.BGPRouteLimit)
	keepKnown(planned.BGPStatus, &model.BGPStatus)
	keepKnown(planned.DeviceID, &model.DeviceID)
	keepKnown(planned.EnableBFD, &model.EnableBFD)
	keepKnown(planned.EnableNQA, &model.EnableNQA)
	keepKnown(planned.ReceiveRouteNum, &model.ReceiveRouteNum)
	keepKnown(planned.ServiceEPGroup, &model.ServiceEPGroup)
	keepKnown(planned.Status, &model.Status)
	keepKnown(planned.TenantID, &model.TenantID)
	diags.Append(state.Set(ctx, model)...)
	return !diags.HasError()
}

// keepKnown sets *result to planned, unless the plan left it unknown.
func keepKnown[T attr.Value](planned T, result *T) {
	if !planned.IsUnknown() {
		*result = planned
	}
}

func warnIfDown(diags *diag.Diagnostics, peer *dcaas.VifPeer) {
	if peer != nil && peer.Status == dcaas.StatusDown {
		diags.Append(peerDownWarning(peer))
	}
}
