package provider

import (
	"context"
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

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

var (
	_ resource.Resource                   = (*vifPeerResource)(nil)
	_ resource.ResourceWithConfigure      = (*vifPeerResource)(nil)
	_ resource.ResourceWithImportState    = (*vifPeerResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*vifPeerResource)(nil)
	_ resource.ResourceWithValidateConfig = (*vifPeerResource)(nil)
)

// NewVifPeerResource returns the dcaas_vif_peer resource.
func NewVifPeerResource() resource.Resource {
	return &vifPeerResource{}
}

type vifPeerResource struct {
	client *dcaas.Client
}

type vifPeerResourceModel struct {
	AddressFamily   customtypes.CaseInsensitiveString `tfsdk:"address_family"`
	BGPASN          types.Int64                       `tfsdk:"bgp_asn"`
	BGPMD5          types.String                      `tfsdk:"bgp_md5"`
	BGPMD5WO        types.String                      `tfsdk:"bgp_md5_wo"`
	BGPMD5WOVersion types.Int64                       `tfsdk:"bgp_md5_wo_version"`
	BGPRouteLimit   types.Int64                       `tfsdk:"bgp_route_limit"`
	BGPStatus       types.String                      `tfsdk:"bgp_status"`
	Description     types.String                      `tfsdk:"description"`
	DeviceID        types.String                      `tfsdk:"device_id"`
	EnableBFD       types.Bool                        `tfsdk:"enable_bfd"`
	EnableNQA       types.Bool                        `tfsdk:"enable_nqa"`
	ID              types.String                      `tfsdk:"id"`
	LocalGatewayIP  customtypes.IPPrefix              `tfsdk:"local_gateway_ip"`
	Name            types.String                      `tfsdk:"name"`
	ReceiveRouteNum types.Int64                       `tfsdk:"receive_route_num"`
	RemoteEPGroup   types.Set                         `tfsdk:"remote_ep_group"`
	RemoteGatewayIP customtypes.IPPrefix              `tfsdk:"remote_gateway_ip"`
	RouteMode       types.String                      `tfsdk:"route_mode"`
	ServiceEPGroup  types.Set                         `tfsdk:"service_ep_group"`
	Status          types.String                      `tfsdk:"status"`
	TenantID        types.String                      `tfsdk:"tenant_id"`
	Timeouts        timeouts.Value                    `tfsdk:"timeouts"`
	VifID           types.String                      `tfsdk:"vif_id"`
}

func (r *vifPeerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vif_peer"
}

func (r *vifPeerResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = vifPeerSchemaV0(ctx)
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
		resp.Diagnostics.AddError("Error creating VIF peer", describeAPIError(err,
			fmt.Sprintf("Creating the %s peer %q on virtual interface %s failed.", request.AddressFamily, request.Name, request.VifID)))
		return
	}
	tflog.Info(ctx, "created VIF peer, waiting for it to be ready", map[string]any{"id": peer.ID, "vif_id": peer.VifID, "status": peer.Status})

	// The id goes to state before the wait, so a failed wait leaves a
	// tainted resource rather than an orphaned peer.
	if !r.setState(ctx, peer, &plan, &resp.State, &resp.Diagnostics) {
		return
	}
	peer, err = waitVifPeerReady(ctx, r.client.View(), plan.VifID.ValueString(), plan.ID.ValueString())
	r.setState(ctx, peer, &plan, &resp.State, &resp.Diagnostics)
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
	resp.Diagnostics.Append(flattenVifPeer(ctx, peer, &state)...)
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
		err = retryWhileBusy(ctx, func() error {
			_, updateErr := r.client.UpdateVifPeer(ctx, peerID, request)
			return updateErr
		})
		if err == nil {
			summary, what = "Error waiting for VIF peer update", "VIF peer %s on virtual interface %s did not become ready after the update."
			peer, err = waitVifPeerReady(ctx, r.client.View(), vifID, peerID)
		}
	} else {
		// Only Terraform-side settings changed, such as timeouts or a key
		// handed from bgp_md5 to bgp_md5_wo: nothing to send.
		peer, err = r.client.View().FindVifPeer(ctx, vifID, peerID)
	}
	// The last peer seen goes to state even when the wait failed, as in
	// Create.
	r.setState(ctx, peer, &plan, &resp.State, &resp.Diagnostics)
	switch {
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
	vifID, peerID := state.VifID.ValueString(), state.ID.ValueString()
	err := retryWhileBusy(ctx, func() error { return r.client.DeleteVifPeer(ctx, peerID) })
	if dcaas.IsLastPeer(err) {
		err = deleteOnceNotLast(ctx, r.client, vifID, peerID, err)
	}
	if dcaas.IsNotFound(err) {
		// Gone already, once a read of its interface agrees: on its own, a
		// delete's "not found" could come from a path that is not the API.
		if err = r.confirmGone(ctx, vifID, peerID, err); err == nil {
			return
		}
	}
	switch {
	case dcaas.IsLastPeer(err):
		resp.Diagnostics.AddWarning("VIF peer kept by the service: last peer of its virtual interface",
			fmt.Sprintf("VIF peer %s is the last peer of virtual interface %s, and the service does not delete the last peer of an interface (%s). "+
				"It has been removed from Terraform's state, but it goes on existing until the virtual interface itself is deleted. "+
				"To manage it again, import it: terraform import <address> %s/%s", peerID, vifID, dcaas.CodeLastPeer, vifID, peerID))
		return
	case err != nil:
		resp.Diagnostics.AddError("Error deleting VIF peer", describeAPIError(err,
			fmt.Sprintf("Deleting VIF peer %s on virtual interface %s failed.", peerID, vifID)))
		return
	}
	if err := waitVifPeerDeleted(ctx, r.client.View(), vifID, peerID); err != nil {
		resp.Diagnostics.AddError("Error waiting for VIF peer deletion", describeAPIError(err,
			fmt.Sprintf("VIF peer %s on virtual interface %s was asked to be deleted but is still there.", peerID, vifID)))
	}
}

func (r *vifPeerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	vifID, peerID, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
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
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), peerID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("vif_id"), vifID)...)
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
	diags.Append(flattenVifPeer(ctx, peer, model)...)
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
