package detection

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

var (
	_ datasource.DataSource              = (*vifPeerDetectionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*vifPeerDetectionsDataSource)(nil)
)

// NewDataSource returns the dcaas_vif_peer_detections data source.
func NewDataSource() datasource.DataSource {
	return &vifPeerDetectionsDataSource{}
}

type vifPeerDetectionsDataSource struct {
	shared.DataSourceClient
}

type vifPeerDetectionsDataSourceModel struct {
	Detections      types.List   `tfsdk:"detections"`
	LatestLossRatio types.Int64  `tfsdk:"latest_loss_ratio"`
	Limit           types.Number `tfsdk:"limit"`
	VifPeerID       types.String `tfsdk:"vif_peer_id"`
}

// vifPeerDetectionModel is one connectivity detection, an entry of
// detections.
type vifPeerDetectionModel struct {
	EndTime   types.String `tfsdk:"end_time"`
	ID        types.String `tfsdk:"id"`
	LossRatio types.Int64  `tfsdk:"loss_ratio"`
	StartTime types.String `tfsdk:"start_time"`
	Status    types.String `tfsdk:"status"`
	VifPeerID types.String `tfsdk:"vif_peer_id"`
}

// vifPeerDetectionObject is the schema of one entry of detections.
func vifPeerDetectionObject() schema.NestedAttributeObject {
	return schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
		"end_time": schema.StringAttribute{
			MarkdownDescription: "When the detection ended, in UTC as the API writes it (`2026-12-07T10:01:00.000Z`, RFC 3339); null while it is `processing`.",
			Computed:            true,
		},
		"id": schema.StringAttribute{
			MarkdownDescription: "ID of the detection.",
			Computed:            true,
		},
		"loss_ratio": schema.Int64Attribute{
			MarkdownDescription: "Percent of the probe's packets lost, 0 to 100; null unless `status` is `complete`.",
			Computed:            true,
		},
		"start_time": schema.StringAttribute{
			MarkdownDescription: "When the detection started, in UTC as the API writes it (`2026-12-07T10:00:00.000Z`, RFC 3339).",
			Computed:            true,
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "`processing` while the probe runs, then `complete` (`loss_ratio` holds the result) or `error` (the probe could not run, and measured nothing).",
			Computed:            true,
		},
		"vif_peer_id": schema.StringAttribute{
			MarkdownDescription: "ID of the peer probed.",
			Computed:            true,
		},
	}}
}

func (d *vifPeerDetectionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vif_peer_detections"
}

func (d *vifPeerDetectionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the history of connectivity detections of one virtual interface peer, newest first: each probe of the line, and the share of packets it lost.",
		Attributes: map[string]schema.Attribute{
			"detections": schema.ListNestedAttribute{
				MarkdownDescription: "The detections of the peer, newest first (by `start_time`); an empty list when the peer has none.",
				Computed:            true,
				NestedObject:        vifPeerDetectionObject(),
			},
			"latest_loss_ratio": schema.Int64Attribute{
				MarkdownDescription: "`loss_ratio` of the newest `complete` detection in `detections`, skipping newer ones still `processing` or ended in `error`; null when none is complete. Made for `check` blocks: `coalesce(...latest_loss_ratio, 0) == 0` holds for a line whose last measurement lost nothing, or that was never measured.",
				Computed:            true,
			},
			"limit": schema.NumberAttribute{
				MarkdownDescription: "Read at most this many detections, the newest ones: a whole number, 1 or more. Without it every detection of the peer is read, following the API's pages.",
				Optional:            true,
				Validators:          []validator.Number{validators.WholeNumberAtLeast(1)},
			},
			"vif_peer_id": schema.StringAttribute{
				MarkdownDescription: "ID of the peer whose detections to read: a 36-character UUID.",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
		},
	}
}

func (d *vifPeerDetectionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state vifPeerDetectionsDataSourceModel
	resp.Diagnostics.Append(shared.GetModel(ctx, req.Config.Raw, req.Config.Schema, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	peerID := state.VifPeerID.ValueString()
	detections, err := d.Client.ListVifPeerDetections(ctx, dcaas.DetectionListOptions{
		VifPeerID: peerID,
		SortDir:   dcaas.SortDescending,
		Limit:     int(shared.WholeNumber(state.Limit)),
	})
	if err != nil {
		resp.Diagnostics.Append(shared.APIError("listing connectivity detections", err, "Listing the connectivity detections of VIF peer "+peerID+" failed."))
		return
	}
	tflog.Debug(ctx, "listed connectivity detections", map[string]any{"vif_peer_id": peerID, "count": len(detections)})

	entries := make([]vifPeerDetectionModel, 0, len(detections))
	state.LatestLossRatio = types.Int64Null()
	for i := range detections {
		entry := flattenVifPeerDetection(&detections[i])
		if state.LatestLossRatio.IsNull() && detections[i].Status == dcaas.DetectionComplete {
			state.LatestLossRatio = entry.LossRatio
		}
		entries = append(entries, entry)
	}
	var diags diag.Diagnostics
	state.Detections, diags = types.ListValueFrom(ctx, vifPeerDetectionObject().Type(), entries)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// flattenVifPeerDetection maps a detection of the API to its model. The
// loss is kept only for a complete detection, as the contract gives it
// no meaning otherwise.
func flattenVifPeerDetection(d *dcaas.VifPeerDetection) vifPeerDetectionModel {
	loss := types.Int64Null()
	if d.Status == dcaas.DetectionComplete && d.LossRatio != nil {
		loss = types.Int64Value(int64(*d.LossRatio))
	}
	return vifPeerDetectionModel{
		EndTime:   types.StringPointerValue(d.EndTime),
		ID:        types.StringValue(d.ID),
		LossRatio: loss,
		StartTime: types.StringValue(d.StartTime),
		Status:    types.StringValue(d.Status),
		VifPeerID: types.StringValue(d.VifPeerID),
	}
}
