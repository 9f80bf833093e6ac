package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// switchover starts a switchover test of the interface and returns it as
// the mock holds it after the next request, which ends it unless the
// mock's tests take time.
func (m *testMock) switchover(t *testing.T, client *dcaas.Client, vifID, operation string) mockserver.SwitchoverRecord {
	t.Helper()
	started, err := client.CreateSwitchoverTest(context.Background(), vifID, operation)
	if err != nil {
		t.Fatal(err)
	}
	records := m.SwitchoverRecords(vifID)
	last := records[len(records)-1]
	if last.ID != started.ID {
		t.Fatalf("the newest test of %s is %s, want %s", vifID, last.ID, started.ID)
	}
	return last
}

// expectSwitchoverRecord checks an entry of records against the test as
// the mock holds it.
func expectSwitchoverRecord(r mockserver.SwitchoverRecord) knownvalue.Check {
	var end knownvalue.Check = knownvalue.Null()
	if !r.EndedAt.IsZero() {
		end = knownvalue.StringExact(r.EndedAt.UTC().Format("2006-01-02T15:04:05.000Z"))
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"end_time":       end,
		"id":             knownvalue.StringExact(r.ID),
		"operate_status": knownvalue.StringExact(r.Status),
		"operation":      knownvalue.StringExact(r.Operation),
		"resource_id":    knownvalue.StringExact(r.ResourceID),
		"resource_type":  knownvalue.StringExact("virtual_interface"),
		"start_time":     knownvalue.StringExact(r.StartedAt.UTC().Format("2006-01-02T15:04:05.000Z")),
	})
}

// expectSwitchoverRecords checks the records of a data source, in order.
func expectSwitchoverRecords(address string, records ...mockserver.SwitchoverRecord) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(records))
	for i, r := range records {
		checks[i] = expectSwitchoverRecord(r)
	}
	return statecheck.ExpectKnownValue(address, tfjsonpath.New("records"), knownvalue.ListExact(checks))
}

// The drills of two interfaces, one ended in ERROR and one not finished:
// those of one interface, those of the project, newest first, the newest
// two with a limit, and none for an interface never tested.
func TestAccSwitchoverTestRecordsDataSource_basic(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	client := m.apiClient(t)
	campus := m.SeedInterface("", "campus")
	untested := m.SeedInterface("", "untested")

	branchDown := m.switchover(t, client, testVifID, dcaas.OperationShutdown)
	campusDown := m.switchover(t, client, campus, dcaas.OperationShutdown)
	branchUp := m.switchover(t, client, testVifID, dcaas.OperationUndoShutdown)
	m.FailSwitchovers(testVifID, true)
	branchFailed := m.switchover(t, client, testVifID, dcaas.OperationShutdown)
	m.SetSwitchoverDuration(time.Hour)
	campusUp := m.switchover(t, client, campus, dcaas.OperationUndoShutdown)
	for _, r := range []mockserver.SwitchoverRecord{branchDown, campusDown, branchUp} {
		if r.Status != mockserver.SwitchoverComplete {
			t.Fatalf("test %s of %s is %s: the test set-up changed", r.Operation, r.ResourceID, r.Status)
		}
	}
	if branchFailed.Status != mockserver.SwitchoverError || !campusUp.EndedAt.IsZero() {
		t.Fatalf("the last tests are %s and %s: the test set-up changed", branchFailed.Status, campusUp.Status)
	}

	config := m.providerConfig() + fmt.Sprintf(`
data "dcaas_switchover_test_records" "branch" {
  vif_id = %[1]q
}

data "dcaas_switchover_test_records" "project" {}

data "dcaas_switchover_test_records" "newest_two" {
  limit = 2
}

data "dcaas_switchover_test_records" "untested" {
  vif_id = %[2]q
}
`, testVifID, untested)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectSwitchoverRecords("data.dcaas_switchover_test_records.branch", branchFailed, branchUp, branchDown),
				expectSwitchoverRecords("data.dcaas_switchover_test_records.project", campusUp, branchFailed, branchUp, campusDown, branchDown),
				expectSwitchoverRecords("data.dcaas_switchover_test_records.newest_two", campusUp, branchFailed),
				expectSwitchoverRecords("data.dcaas_switchover_test_records.untested"),
			},
			Check: func(*terraform.State) error {
				// The interface is filtered by the API; with or without
				// it, nothing else is asked.
				for _, r := range m.Requests() {
					if r.Method != http.MethodGet || !strings.HasSuffix(r.Path, "/dcaas/switchover-test") {
						continue
					}
					q, _ := url.ParseQuery(r.Query)
					if ids := q["resource_id"]; len(ids) > 1 || (len(ids) == 1 && ids[0] != testVifID && ids[0] != untested) {
						return fmt.Errorf("a listing asked for interfaces %v", ids)
					}
					if q.Has("limit") || q.Has("sort_dir") {
						return fmt.Errorf("a listing asked for %v, want every record in the API's order", q)
					}
				}
				return nil
			},
		}},
	})
}

// Bad arguments fail the plan with an error on the attribute, and the API
// receives no request.
func TestAccSwitchoverTestRecordsDataSource_validation(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		args string
		want *regexp.Regexp
	}{
		"vif_id not a uuid": {`vif_id = "vif-1"`, expectDiagnostic("Attribute vif_id must be a 36-character UUID")},
		"vif_id empty":      {`vif_id = ""`, expectDiagnostic("Attribute vif_id must be a 36-character UUID")},
		"limit zero":        {`limit = 0`, expectDiagnostic("limit must be a whole number, 1 or more, got 0")},
		"limit fraction":    {`limit = 2.5`, expectDiagnostic("limit must be a whole number, 1 or more, got 2.5")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			expectPlanErrorWithoutRequests(t, "data \"dcaas_switchover_test_records\" \"test\" {\n  "+tc.args+"\n}\n", tc.want)
		})
	}
}

// testAccSwitchoverTestRecordsCheckConfig is the docs' check block that
// warns while a drill has left the interface shut down.
func testAccSwitchoverTestRecordsCheckConfig(vifID string) string {
	return fmt.Sprintf(`
data "dcaas_switchover_test_records" "line" {
  vif_id = %[1]q
}

locals {
  completed_operations = [
    for r in data.dcaas_switchover_test_records.line.records : r.operation
    if r.operate_status == "COMPLETE"
  ]
}

check "line_not_left_shut_down" {
  assert {
    condition     = try(local.completed_operations[0], "none") != "shutdown"
    error_message = "Virtual interface %[1]s is still shut down by a switchover test."
  }
}
`, vifID)
}

// The check warns, and the plan succeeds, while the last shutdown that
// completed has no undo after it: not before any drill, not after the undo,
// and not for a shutdown that ended in ERROR.
func TestAccSwitchoverTestRecordsDataSource_checkWarnsWhileShutDown(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	client := m.apiClient(t)
	w := newPeerCLIWorkspace(t, m.providerConfig()+testAccSwitchoverTestRecordsCheckConfig(testVifID))
	warns := func(when string, want bool) {
		t.Helper()
		out := w.mustRun("plan", "-input=false")
		if got := strings.Contains(out, "Warning: Check block assertion failed"); got != want {
			t.Errorf("%s: the plan warned %v, want %v", when, got, want)
		}
		if want && !expectDiagnostic("Warning: Check block assertion failed", testVifID, "still shut down").MatchString(out) {
			t.Errorf("%s: the warning does not name the interface", when)
		}
	}
	warns("before any drill", false)
	m.switchover(t, client, testVifID, dcaas.OperationShutdown)
	warns("after the shutdown", true)
	m.switchover(t, client, testVifID, dcaas.OperationUndoShutdown)
	warns("after the undo", false)
	m.FailSwitchovers(testVifID, true)
	if r := m.switchover(t, client, testVifID, dcaas.OperationShutdown); r.Status != mockserver.SwitchoverError {
		t.Fatalf("the failed shutdown is %s: the test set-up changed", r.Status)
	}
	warns("after a failed shutdown", false)
}
