package switchover

import (
	"context"
	"slices"

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
	_ datasource.DataSource              = (*switchoverTestRecordsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*switchoverTestRecordsDataSource)(nil)
)

// NewDataSource returns the dcaas_switchover_test_records data source.
func NewDataSource() datasource.DataSource {
	return &switchoverTestRecordsDataSource{}
}

type switchoverTestRecordsDataSource struct {
	shared.DataSourceClient
}

type switchoverTestRecordsDataSourceModel struct {
	Limit   types.Number `tfsdk:"limit"`
	Records types.List   `tfsdk:"records"`
	VifID   types.String `tfsdk:"vif_id"`
}

// switchoverTestRecordModel is one switchover test, an entry of records.
type switchoverTestRecordModel struct {
	EndTime       types.String `tfsdk:"end_time"`
	ID            types.String `tfsdk:"id"`
	OperateStatus types.String `tfsdk:"operate_status"`
	Operation     types.String `tfsdk:"operation"`
	ResourceID    types.String `tfsdk:"resource_id"`
	ResourceType  types.String `tfsdk:"resource_type"`
	StartTime     types.String `tfsdk:"start_time"`
}

// switchoverTestRecordObject is the schema of one entry of records.
func switchoverTestRecordObject() schema.NestedAttributeObject {
	return schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
		"end_time": schema.StringAttribute{
			MarkdownDescription: "When the test ended, in UTC as the API writes it (`2026-12-07T10:01:00.000Z`, RFC 3339); null until it is `COMPLETE` or `ERROR`.",
			Computed:            true,
		},
		"id": schema.StringAttribute{
			MarkdownDescription: "ID of the switchover test.",
			Computed:            true,
		},
		"operate_status": schema.StringAttribute{
			MarkdownDescription: "`STARTING`, `INPROGRESS`, then `COMPLETE` or `ERROR`. While the newest `COMPLETE` test of an interface is a `shutdown`, the interface and its peers are `DOWN`.",
			Computed:            true,
		},
		"operation": schema.StringAttribute{
			MarkdownDescription: "`shutdown` (the interface is shut down, so that traffic fails over to a redundant line) or `undo_shutdown` (it is brought back).",
			Computed:            true,
		},
		"resource_id": schema.StringAttribute{
			MarkdownDescription: "ID of the virtual interface tested.",
			Computed:            true,
		},
		"resource_type": schema.StringAttribute{
			MarkdownDescription: "Kind of resource tested: `virtual_interface`.",
			Computed:            true,
		},
		"start_time": schema.StringAttribute{
			MarkdownDescription: "When the test started, in UTC as the API writes it (`2026-12-07T10:00:00.000Z`, RFC 3339).",
			Computed:            true,
		},
	}}
}

func (d *switchoverTestRecordsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_switchover_test_records"
}

func (d *switchoverTestRecordsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the history of switchover tests (disaster-recovery drills that shut a virtual interface down and bring it back) of one virtual interface, or of the whole project, newest first.",
		Attributes: map[string]schema.Attribute{
			"limit": schema.NumberAttribute{
				MarkdownDescription: "Keep at most this many records, the newest ones: a whole number, 1 or more. The API lists records oldest first, so every record selected is read either way.",
				Optional:            true,
				Validators:          []validator.Number{validators.WholeNumberAtLeast(1)},
			},
			"records": schema.ListNestedAttribute{
				MarkdownDescription: "The switchover tests, newest first (by `start_time`); an empty list when there are none.",
				Computed:            true,
				NestedObject:        switchoverTestRecordObject(),
			},
			"vif_id": schema.StringAttribute{
				MarkdownDescription: "Only the tests of this virtual interface: a 36-character UUID. Without it, the tests of every interface of the project.",
				Optional:            true,
				Validators:          []validator.String{validators.UUID()},
			},
		},
	}
}

func (d *switchoverTestRecordsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state switchoverTestRecordsDataSourceModel
	resp.Diagnostics.Append(shared.GetModel(ctx, req.Config.Raw, req.Config.Schema, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	var opts dcaas.SwitchoverListOptions
	what := "Listing the switchover tests of the project failed."
	if !state.VifID.IsNull() {
		opts.ResourceIDs = []string{state.VifID.ValueString()}
		what = "Listing the switchover tests of virtual interface " + state.VifID.ValueString() + " failed."
	}
	// The API sorts oldest first and cannot be asked otherwise, so the
	// newest are the last: read all, then keep the limit from the end.
	records, err := d.Client.ListSwitchoverTestRecords(ctx, opts)
	if err != nil {
		resp.Diagnostics.Append(shared.APIError("listing switchover tests", err, what))
		return
	}
	tflog.Debug(ctx, "listed switchover tests", map[string]any{"vif_id": state.VifID.ValueString(), "count": len(records)})
	slices.Reverse(records)
	if limit := shared.WholeNumber(state.Limit); !state.Limit.IsNull() && int64(len(records)) > limit {
		records = records[:limit]
	}

	entries := make([]switchoverTestRecordModel, 0, len(records))
	for i := range records {
		entries = append(entries, flattenSwitchoverTestRecord(&records[i]))
	}
	var diags diag.Diagnostics
	state.Records, diags = types.ListValueFrom(ctx, switchoverTestRecordObject().Type(), entries)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// flattenSwitchoverTestRecord maps a switchover test of the API to its
// model.
func flattenSwitchoverTestRecord(r *dcaas.SwitchoverTestRecord) switchoverTestRecordModel {
	return switchoverTestRecordModel{
		EndTime:       types.StringPointerValue(r.EndTime),
		ID:            types.StringValue(r.ID),
		OperateStatus: types.StringValue(r.OperateStatus),
		Operation:     types.StringValue(r.Operation),
		ResourceID:    types.StringValue(r.ResourceID),
		ResourceType:  types.StringValue(r.ResourceType),
		StartTime:     types.StringValue(r.StartTime),
	}
}
