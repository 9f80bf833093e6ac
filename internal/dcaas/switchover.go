package dcaas

import (
	"context"
	"net/url"
	"time"
)

// Operations of a switchover test.
const (
	OperationShutdown     = "shutdown"
	OperationUndoShutdown = "undo_shutdown"
)

// Statuses (operate_status) of a switchover test.
const (
	SwitchoverStarting   = "STARTING"
	SwitchoverInProgress = "INPROGRESS"
	SwitchoverComplete   = "COMPLETE"
	SwitchoverError      = "ERROR"
)

// switchoverResourceType is the only kind of resource a switchover test
// takes.
const switchoverResourceType = "virtual_interface"

// SwitchoverTestRecord is a switchover test of a virtual interface: a
// shutdown, so that traffic fails over to a redundant line, or the undo
// that brings the interface back.
type SwitchoverTestRecord struct {
	ID           string `json:"id"`
	TenantID     string `json:"tenant_id"`
	ResourceID   string `json:"resource_id"`
	ResourceType string `json:"resource_type"`
	Operation    string `json:"operation"`
	// StartTime and EndTime are as the API writes them, UTC; EndTime is
	// nil until the test has ended.
	StartTime     string  `json:"start_time"`
	EndTime       *string `json:"end_time"`
	OperateStatus string  `json:"operate_status"`
}

// SwitchoverListOptions select records for ListSwitchoverTestRecords.
type SwitchoverListOptions struct {
	// ResourceIDs are the interfaces whose records to list; none lists
	// every record of the project.
	ResourceIDs []string
	// Limit is the most to return; 0 returns every one.
	Limit int
}

// CreateSwitchoverTest starts operation (OperationShutdown or
// OperationUndoShutdown) on interface vifID and returns its record. When
// the answer is lost, the interface's records tell whether it started; see
// startOperation. The API refuses a shutdown of an interface already shut
// down and an undo of one that is not (DC.0001), and an interface with a
// test not finished or a peer changing as busy (IsBusy).
func (c *Client) CreateSwitchoverTest(ctx context.Context, vifID, operation string) (*SwitchoverTestRecord, error) {
	defer c.view.changed(vifID)
	path := c.projectPath("switchover-test")
	body := map[string]any{"switchover_test_record": map[string]string{
		"resource_id": vifID, "resource_type": switchoverResourceType, "operation": operation,
	}}
	return startOperation(ctx, c, starter[SwitchoverTestRecord]{
		what: operation + " switchover test of virtual interface " + vifID,
		post: func(ctx context.Context) (*SwitchoverTestRecord, error) {
			return postRecord(ctx, c, path, "switchover_test_record", body, func(r *SwitchoverTestRecord) string { return r.ID })
		},
		find: func(ctx context.Context, since time.Time) (*SwitchoverTestRecord, error) {
			records, err := c.ListSwitchoverTestRecords(ctx, SwitchoverListOptions{ResourceIDs: []string{vifID}})
			if err != nil {
				return nil, err
			}
			// Sorted by start time. The newest is this call's: an
			// interface runs one test at a time, and refuses a second
			// shutdown or undo in a row.
			for i := len(records) - 1; i >= 0; i-- {
				if records[i].Operation == operation && startedSince(records[i].StartTime, since) {
					return &records[i], nil
				}
			}
			return nil, nil
		},
	})
}

// ListSwitchoverTestRecords returns the records opts selects, by start
// time, following the pages of the list. Always fresh: it reads from the
// API, which the shared view does not hold switchover tests of.
func (c *Client) ListSwitchoverTestRecords(ctx context.Context, opts SwitchoverListOptions) ([]SwitchoverTestRecord, error) {
	q := url.Values{}
	for _, id := range opts.ResourceIDs {
		q.Add("resource_id", id)
	}
	return listRecords[SwitchoverTestRecord](ctx, c, c.projectPath("switchover-test"), "switchover_test_records", q, opts.Limit)
}
