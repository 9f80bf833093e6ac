package dcaas

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// switchoverMock is a client of a mock with one interface holding an
// ACTIVE IPv4 peer; it returns the interface's and the peer's ids.
func switchoverMock(t *testing.T, pageSize int) (*Client, *mockserver.Server, string, string) {
	t.Helper()
	c, m := newMockClient(t, pageSize)
	vifID := m.SeedInterface("", "v")
	peerID, err := m.SeedPeer(vifID, "ipv4", "5.5.5.1/30", "5.5.5.2/30")
	if err != nil {
		t.Fatal(err)
	}
	return c, m, vifID, peerID
}

func TestSwitchoverDrill(t *testing.T) {
	c, m, vifID, peerID := switchoverMock(t, 0)
	m.SetSwitchoverDuration(800 * time.Millisecond)
	ctx := context.Background()

	rec, err := c.CreateSwitchoverTest(ctx, vifID, OperationShutdown)
	if err != nil {
		t.Fatal(err)
	}
	if rec.OperateStatus != SwitchoverStarting || rec.ResourceID != vifID || rec.Operation != OperationShutdown ||
		rec.ResourceType != "virtual_interface" || rec.EndTime != nil {
		t.Fatalf("started: %+v", rec)
	}
	var progress []string
	done, err := c.WaitSwitchoverTestFinished(ctx, vifID, rec.ID, func(r SwitchoverTestRecord) { progress = append(progress, r.OperateStatus) })
	if err != nil || done.OperateStatus != SwitchoverComplete || done.EndTime == nil {
		t.Fatalf("finished: %+v, %v", done, err)
	}
	if len(progress) == 0 || !strings.Contains(strings.Join(progress, ","), SwitchoverInProgress) {
		t.Errorf("progress told %v, want INPROGRESS", progress)
	}
	// The wait's end shows at once through the view, which it marked.
	if peer, err := c.VifPeer(ctx, vifID, peerID, OfThisRefresh); err != nil || peer.Status != StatusDown {
		t.Errorf("peer of the shut-down interface: %+v, %v", peer, err)
	}

	m.SetSwitchoverDuration(0)
	undo, err := c.CreateSwitchoverTest(ctx, vifID, OperationUndoShutdown)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitSwitchoverTestFinished(ctx, vifID, undo.ID, nil); err != nil {
		t.Fatal(err)
	}
	if peer, err := c.VifPeer(ctx, vifID, peerID, OfThisRefresh); err != nil || peer.Status != StatusActive {
		t.Errorf("peer after the undo: %+v, %v", peer, err)
	}
}

func TestSwitchoverRefusals(t *testing.T) {
	c, m, vifID, _ := switchoverMock(t, 0)
	ctx := context.Background()
	if _, err := c.CreateSwitchoverTest(ctx, "5f0c6a4e-0000-4000-8000-000000000000", OperationShutdown); !IsNotFound(err) {
		t.Errorf("unknown interface: %v, want not found", err)
	}
	_, err := c.CreateSwitchoverTest(ctx, vifID, OperationUndoShutdown)
	if apiErr, ok := AsAPIError(err); !ok || apiErr.Code != "DC.0001" || !strings.Contains(err.Error(), "not shut down") {
		t.Errorf("undo of an interface that is up: %v", err)
	}
	m.SetSwitchoverDuration(time.Hour)
	if _, err := c.CreateSwitchoverTest(ctx, vifID, OperationShutdown); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateSwitchoverTest(ctx, vifID, OperationUndoShutdown); !IsBusy(err) {
		t.Errorf("while a test runs: %v, want busy", err)
	}
}

func TestSwitchoverWaitEnds(t *testing.T) {
	c, m, vifID, peerID := switchoverMock(t, 0)
	ctx := context.Background()
	m.FailSwitchovers(vifID, true)
	rec, err := c.CreateSwitchoverTest(ctx, vifID, OperationShutdown)
	if err != nil {
		t.Fatal(err)
	}
	done, err := c.WaitSwitchoverTestFinished(ctx, vifID, rec.ID, nil)
	if !errors.Is(err, ErrOperationFailed) || done == nil || done.OperateStatus != SwitchoverError || !strings.Contains(err.Error(), rec.ID) {
		t.Errorf("failed test: %+v, %v", done, err)
	}
	if peer, _ := c.VifPeer(ctx, vifID, peerID, Fresh); peer.Status != StatusActive {
		t.Errorf("a failed shutdown left the peer %s", peer.Status)
	}

	m.FailSwitchovers(vifID, false)
	m.SetSwitchoverDuration(time.Hour)
	rec, err = c.CreateSwitchoverTest(ctx, vifID, OperationShutdown)
	if err != nil {
		t.Fatal(err)
	}
	timeout, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	done, err = c.WaitSwitchoverTestFinished(timeout, vifID, rec.ID, nil)
	if !errors.Is(err, context.DeadlineExceeded) || done == nil || !strings.Contains(err.Error(), "still "+SwitchoverStarting) {
		t.Errorf("timeout: %+v, %v", done, err)
	}
}

func TestSwitchoverLostAnswerFoundInTheList(t *testing.T) {
	c, m, vifID, _ := switchoverMock(t, 0)
	m.CutAnswers(http.MethodPost, "/switchover-test", 1)
	rec, err := c.CreateSwitchoverTest(context.Background(), vifID, OperationShutdown)
	if err != nil {
		t.Fatal(err)
	}
	made := m.SwitchoverRecords(vifID)
	if len(made) != 1 || made[0].ID != rec.ID || m.CountRequests(http.MethodPost, "/switchover-test") != 1 {
		t.Errorf("returned %s; the mock holds %+v after %d POSTs, want that one after 1", rec.ID, made, m.CountRequests(http.MethodPost, "/switchover-test"))
	}
}

func TestSwitchoverLostAnswerNoneMadeSentAgain(t *testing.T) {
	c, m, vifID, _ := switchoverMock(t, 0)
	m.InjectFault(mockserver.Fault{Status: http.StatusInternalServerError, Methods: []string{http.MethodPost}, PathContains: "/switchover-test", Every: 1, Limit: 1})
	rec, err := c.CreateSwitchoverTest(context.Background(), vifID, OperationShutdown)
	if err != nil {
		t.Fatal(err)
	}
	if made := m.SwitchoverRecords(vifID); len(made) != 1 || made[0].ID != rec.ID || m.CountRequests(http.MethodPost, "/switchover-test") != 2 {
		t.Errorf("returned %s; the mock holds %+v after %d POSTs, want that one after 2", rec.ID, made, m.CountRequests(http.MethodPost, "/switchover-test"))
	}
}

// An earlier test of the other operation, or one from before the start was
// sent, is not taken for this call's.
func TestSwitchoverLostAnswerIgnoresOlderRecords(t *testing.T) {
	c, m, vifID, _ := switchoverMock(t, 0)
	ctx := context.Background()
	for _, op := range []string{OperationShutdown, OperationUndoShutdown} {
		rec, err := c.CreateSwitchoverTest(ctx, vifID, op)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.WaitSwitchoverTestFinished(ctx, vifID, rec.ID, nil); err != nil {
			t.Fatal(err)
		}
	}
	m.CutAnswers(http.MethodPost, "/switchover-test", 1)
	rec, err := c.CreateSwitchoverTest(ctx, vifID, OperationShutdown)
	if err != nil {
		t.Fatal(err)
	}
	made := m.SwitchoverRecords(vifID)
	if len(made) != 3 || rec.ID != made[2].ID {
		t.Errorf("returned %s of %+v, want the newest", rec.ID, made)
	}
}

func TestSwitchoverListFilterAndPaging(t *testing.T) {
	c, m, vifID, _ := switchoverMock(t, 1)
	other := m.SeedInterface("", "other")
	third := m.SeedInterface("", "third")
	ctx := context.Background()
	for _, vif := range []string{vifID, other, third} {
		if _, err := c.CreateSwitchoverTest(ctx, vif, OperationShutdown); err != nil {
			t.Fatal(err)
		}
	}
	two, err := c.ListSwitchoverTestRecords(ctx, SwitchoverListOptions{ResourceIDs: []string{vifID, third}})
	if err != nil || len(two) != 2 || two[0].ResourceID != vifID || two[1].ResourceID != third {
		t.Errorf("two interfaces: %+v, %v", two, err)
	}
	all, err := c.ListSwitchoverTestRecords(ctx, SwitchoverListOptions{})
	if err != nil || len(all) != 3 {
		t.Errorf("all: %+v, %v", all, err)
	}
	limited, err := c.ListSwitchoverTestRecords(ctx, SwitchoverListOptions{Limit: 2})
	if err != nil || len(limited) != 2 {
		t.Errorf("limit 2: %+v, %v", limited, err)
	}
}
