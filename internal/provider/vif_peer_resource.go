package provider

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

var (
	_ resource.Resource                   = (*vifPeerResource)(nil)
	_ resource.ResourceWithConfigure      = (*vifPeerResource)(nil)
	_ resource.ResourceWithImportState    = (*vifPeerResource)(nil)
	_ resource.ResourceWithValidateConfig = (*vifPeerResource)(nil)
)

const (
	defaultCreateTimeout = 10 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 10 * time.Minute

	maxASN = 4294967295
)

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// NewVifPeerResource returns the dcaas_vif_peer resource.
func NewVifPeerResource() resource.Resource {
	return &vifPeerResource{}
}

type vifPeerResource struct {
	client *dcaas.Client
}

type vifPeerResourceModel struct {
	AddressFamily   types.String   `tfsdk:"address_family"`
	BGPASN          types.Int64    `tfsdk:"bgp_asn"`
	BGPMD5          types.String   `tfsdk:"bgp_md5"`
	BGPMD5WO        types.String   `tfsdk:"bgp_md5_wo"`
	BGPMD5WOVersion types.Int64    `tfsdk:"bgp_md5_wo_version"`
	BGPRouteLimit   types.Int64    `tfsdk:"bgp_route_limit"`
	BGPStatus       types.String   `tfsdk:"bgp_status"`
	Description     types.String   `tfsdk:"description"`
	DeviceID        types.String   `tfsdk:"device_id"`
	EnableBFD       types.Bool     `tfsdk:"enable_bfd"`
	EnableNQA       types.Bool     `tfsdk:"enable_nqa"`
	ID              types.String   `tfsdk:"id"`
	LocalGatewayIP  types.String   `tfsdk:"local_gateway_ip"`
	Name            types.String   `tfsdk:"name"`
	ReceiveRouteNum types.Int64    `tfsdk:"receive_route_num"`
	RemoteEPGroup   types.List     `tfsdk:"remote_ep_group"`
	RemoteGatewayIP types.String   `tfsdk:"remote_gateway_ip"`
	RouteMode       types.String   `tfsdk:"route_mode"`
	ServiceEPGroup  types.List     `tfsdk:"service_ep_group"`
	Status          types.String   `tfsdk:"status"`
	TenantID        types.String   `tfsdk:"tenant_id"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
	VifID           types.String   `tfsdk:"vif_id"`
}

func (r *vifPeerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vif_peer"
}

func (r *vifPeerResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A virtual interface peer: the IPv4 or IPv6 side of a DCaaS virtual interface, with the gateway addresses of both ends, static or BGP routing, and the on-premises subnets reached through it. A virtual interface holds at most one peer per address family.",
		Attributes: map[string]schema.Attribute{
			"address_family": schema.StringAttribute{
				MarkdownDescription: "Address family of the peer: `ipv4` or `ipv6` (the vendor's spelling `IPv4`/`IPv6`, in any case, is accepted too). Decides the family of the gateway addresses and of `remote_ep_group`. Changing it replaces the peer.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive("ipv4", "ipv6")},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplaceIf(requiresReplaceUnlessEqualFold,
						"Changing address_family replaces the peer; a change of letter case alone does not.",
						"Changing `address_family` replaces the peer; a change of letter case alone does not."),
				},
			},
			"bgp_asn": schema.Int64Attribute{
				MarkdownDescription: "Autonomous system number of the on-premises BGP router, `1` to `4294967295` (4-byte ASNs included). Required when `route_mode` is `bgp`; not allowed with `static`. Changing it replaces the peer.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, maxASN)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"bgp_md5": schema.StringAttribute{
				MarkdownDescription: "MD5 password of the BGP session. Only with `route_mode = \"bgp\"`. Sensitive: never shown in plans or logs, but stored in the state, as the API returns it. Changing it replaces the peer.",
				Optional:            true,
				Sensitive:           true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"bgp_md5_wo": schema.StringAttribute{
				MarkdownDescription: "MD5 password of the BGP session, write-only: sent to the API at create but never stored in the state or plan. Needs Terraform 1.11 or later, and `bgp_md5_wo_version`. Use it instead of `bgp_md5`, not with it; only with `route_mode = \"bgp\"`.",
				Optional:            true,
				Sensitive:           true,
				WriteOnly:           true,
				Validators: []validator.String{
					stringvalidator.ConflictsWith(path.MatchRoot("bgp_md5")),
					stringvalidator.AlsoRequires(path.MatchRoot("bgp_md5_wo_version")),
				},
			},
			"bgp_md5_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Version of `bgp_md5_wo`. Terraform cannot see a write-only value change, so change this number to apply a new key; that replaces the peer, as the API cannot change a key in place.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("bgp_md5_wo"))},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"bgp_route_limit": schema.Int64Attribute{
				MarkdownDescription: "Most BGP routes the cloud side accepts from the on-premises router; set by the service.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"bgp_status": schema.StringAttribute{
				MarkdownDescription: "State of the BGP session as the service reports it; null with static routing.",
				Computed:            true,
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Free text about the peer, up to 128 characters. Defaults to `\"\"`. Updated in place.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
				Validators:          []validator.String{stringvalidator.LengthBetween(0, 128)},
			},
			"device_id": schema.StringAttribute{
				MarkdownDescription: "Device of the cloud side that terminates the peer.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"enable_bfd": schema.BoolAttribute{
				MarkdownDescription: "Whether BFD is on; reserved by the service and always `false`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"enable_nqa": schema.BoolAttribute{
				MarkdownDescription: "Whether NQA is on; reserved by the service and always `false`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "ID of the peer (a UUID).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"local_gateway_ip": schema.StringAttribute{
				MarkdownDescription: "Gateway address on the cloud side, as host address with prefix length, such as `5.5.5.1/30` or `fd00::1/64`. Must be of `address_family`, a host (not the network or broadcast address, except on `/31` and `/127` links) and in the same subnet as `remote_gateway_ip`. Changing it replaces the peer.",
				Required:            true,
				Validators:          []validator.String{validators.GatewayAddress()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplaceIf(requiresReplaceUnlessSamePrefix, "Changing local_gateway_ip replaces the peer.", "Changing `local_gateway_ip` replaces the peer.")},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the peer, up to 64 characters. Updated in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(0, 64)},
			},
			"receive_route_num": schema.Int64Attribute{
				MarkdownDescription: "Number of routes received over BGP; `-1` with static routing.",
				Computed:            true,
			},
			"remote_ep_group": schema.ListAttribute{
				MarkdownDescription: "On-premises subnets reached through this peer, in CIDR notation of `address_family` (such as `10.0.0.0/24`), without duplicates. Updated in place; an empty list and no list mean the same.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators: []validator.List{
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(validators.NetworkCIDR()),
				},
			},
			"remote_gateway_ip": schema.StringAttribute{
				MarkdownDescription: "Gateway address on the on-premises side, in the same form and subnet as `local_gateway_ip` and a different host, such as `5.5.5.2/30`. Changing it replaces the peer.",
				Required:            true,
				Validators:          []validator.String{validators.GatewayAddress()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplaceIf(requiresReplaceUnlessSamePrefix, "Changing remote_gateway_ip replaces the peer.", "Changing `remote_gateway_ip` replaces the peer.")},
			},
			"route_mode": schema.StringAttribute{
				MarkdownDescription: "Routing between the two gateways: `static` (the default) or `bgp`. With `bgp`, `bgp_asn` is required. Changing it replaces the peer.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("static"),
				Validators:          []validator.String{stringvalidator.OneOf("static", "bgp")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"service_ep_group": schema.ListAttribute{
				MarkdownDescription: "Public addresses the on-premises side can reach; set by the service, empty for private lines.",
				ElementType:         types.StringType,
				Computed:            true,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Provisioning status: `ACTIVE` or `DOWN` once ready, `ERROR` when provisioning failed, `PENDING_CREATE`, `PENDING_UPDATE` or `PENDING_DELETE` while the service works on it.",
				Computed:            true,
			},
			"tenant_id": schema.StringAttribute{
				MarkdownDescription: "Project the peer belongs to.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
			"vif_id": schema.StringAttribute{
				MarkdownDescription: "ID of the virtual interface the peer belongs to: a 36-character UUID such as `86f9556a-fa68-42b7-93c2-dd407408430b`. Changing it replaces the peer.",
				Required:            true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(uuidPattern, "must be a 36-character UUID such as 86f9556a-fa68-42b7-93c2-dd407408430b"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
		},
	}
}

func (r *vifPeerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	client, ok := req.ProviderData.(*dcaas.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *dcaas.Client, got %T. This is a bug in the provider; please report it.", req.ProviderData))
		return
	}
	r.client = client
}

func (r *vifPeerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan vifPeerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	createTimeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !r.requireClient(&resp.Diagnostics) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, createTimeout)
	defer cancel()

	// A write-only value is only in the configuration, never in the plan.
	var md5WriteOnly types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("bgp_md5_wo"), &md5WriteOnly)...)
	request, diags := expandCreateRequest(ctx, plan, md5WriteOnly)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	peer, err := createVifPeer(ctx, r.client, request)
	if err != nil {
		resp.Diagnostics.AddError("Error creating VIF peer", describeAPIError(err,
			fmt.Sprintf("Creating the %s peer %q on virtual interface %s failed.", request.AddressFamily, request.Name, request.VifID)))
		return
	}
	tflog.Info(ctx, "created VIF peer, waiting for it to be ready", map[string]any{"id": peer.ID, "vif_id": peer.VifID, "status": peer.Status})

	// The id goes to state before the wait, so a failed wait leaves a
	// tainted resource rather than an orphaned peer.
	resp.Diagnostics.Append(flattenVifPeer(ctx, peer, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	peer, err = waitVifPeerReady(ctx, r.client.View(), plan.VifID.ValueString(), plan.ID.ValueString())
	if peer != nil {
		resp.Diagnostics.Append(flattenVifPeer(ctx, peer, &plan)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
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
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.requireClient(&resp.Diagnostics) {
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
	var plan, state vifPeerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	updateTimeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !r.requireClient(&resp.Diagnostics) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, updateTimeout)
	defer cancel()

	vifID, peerID := state.VifID.ValueString(), state.ID.ValueString()
	request, changed, diags := expandUpdateRequest(ctx, plan, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var peer *dcaas.VifPeer
	var err error
	if changed {
		tflog.Info(ctx, "updating VIF peer", map[string]any{"id": peerID})
		err = retryWhileBusy(ctx, func() error {
			_, updateErr := r.client.UpdateVifPeer(ctx, peerID, request)
			return updateErr
		})
		if dcaas.IsNotFound(err) {
			resp.Diagnostics.AddError("VIF peer deleted outside Terraform",
				fmt.Sprintf("VIF peer %s on virtual interface %s no longer exists, so it cannot be updated. "+
					"The next plan will show it to be created again.\n\n%v", peerID, vifID, err))
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Error updating VIF peer", describeAPIError(err,
				fmt.Sprintf("Updating VIF peer %s on virtual interface %s failed.", peerID, vifID)))
			return
		}
		peer, err = waitVifPeerReady(ctx, r.client.View(), vifID, peerID)
	} else {
		// Only Terraform-side settings changed, such as timeouts or the
		// letter case of address_family: nothing to send.
		peer, err = r.client.View().FindVifPeer(ctx, vifID, peerID)
		if err != nil {
			resp.Diagnostics.AddError("Error reading VIF peer", describeAPIError(err,
				fmt.Sprintf("Reading VIF peer %s on virtual interface %s failed.", peerID, vifID)))
			return
		}
	}
	if err != nil {
		resp.Diagnostics.AddError("Error waiting for VIF peer update", describeAPIError(err,
			fmt.Sprintf("VIF peer %s on virtual interface %s did not become ready after the update.", peerID, vifID)))
		return
	}
	resp.Diagnostics.Append(flattenVifPeer(ctx, peer, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	warnIfDown(&resp.Diagnostics, peer)
}

func (r *vifPeerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state vifPeerResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteTimeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !r.requireClient(&resp.Diagnostics) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, deleteTimeout)
	defer cancel()

	vifID, peerID := state.VifID.ValueString(), state.ID.ValueString()
	err := retryWhileBusy(ctx, func() error { return r.client.DeleteVifPeer(ctx, peerID) })
	switch {
	case dcaas.IsNotFound(err):
		return
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
		if !r.requireClient(&resp.Diagnostics) {
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

// parseImportID accepts "<vif_id>/<peer_id>" or a bare "<peer_id>", both UUIDs.
func parseImportID(id string) (vifID, peerID string, err error) {
	parts := strings.Split(id, "/")
	valid := len(parts) <= 2
	for _, p := range parts {
		valid = valid && uuidPattern.MatchString(p)
	}
	if !valid {
		return "", "", fmt.Errorf("import ID %q is not of the form <vif_id>/<peer_id> or <peer_id>, where both are UUIDs such as 86f9556a-fa68-42b7-93c2-dd407408430b", id)
	}
	if len(parts) == 2 {
		return parts[0], parts[1], nil
	}
	return "", parts[0], nil
}

func (r *vifPeerResource) requireClient(diags *diag.Diagnostics) bool {
	if r.client == nil {
		diags.AddError("Provider not configured",
			"The dcaas provider has no API client: its endpoint, project_id or auth_token is unknown or missing.")
		return false
	}
	return true
}

func warnIfDown(diags *diag.Diagnostics, peer *dcaas.VifPeer) {
	if peer != nil && peer.Status == dcaas.StatusDown {
		diags.AddWarning("VIF peer is DOWN",
			fmt.Sprintf("VIF peer %s on virtual interface %s is provisioned but its status is DOWN: check the on-premises router and the line.", peer.ID, peer.VifID))
	}
}

// describeAPIError joins what was being done with the API's own account of
// the failure.
func describeAPIError(err error, what string) string {
	detail := what + "\n\n" + err.Error()
	switch {
	case dcaas.IsUnauthorized(err):
		detail += "\n\nThe API rejected the auth token (HTTP 401): check auth_token or " + EnvAuthToken + "."
	case dcaas.IsForbidden(err):
		detail += "\n\nThe token is valid but belongs to another project than project_id (HTTP 403): check project_id or " + EnvProjectID + "."
	}
	return detail
}

func requiresReplaceUnlessEqualFold(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString())
}

func requiresReplaceUnlessSamePrefix(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !validators.SamePrefix(req.StateValue.ValueString(), req.PlanValue.ValueString())
}
