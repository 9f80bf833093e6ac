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

// apiClient is a client of the mock's API, to make history as the console
// or the actions would.
func (m *testMock) apiClient(t *testing.T) *dcaas.Client {
	t.Helper()
	client, err := dcaas.NewClient(dcaas.Config{Endpoint: m.URL, ProjectID: testProjectID, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// detect runs a connectivity detection of the peer that ends as outcome
// says, and returns it as the mock holds it once ended.
func (m *testMock) detect(t *testing.T, client *dcaas.Client, peerID string, outcome mockserver.DetectionOutcome) mockserver.Detection {
	t.Helper()
	m.SetDetectionOutcome(peerID, outcome)
	started, err := client.CreateVifPeerDetection(context.Background(), peerID)
	if err != nil {
		t.Fatal(err)
	}
	// Reading the detections ends the one just started (the mock's
	// detections take no time), while the outcome still holds.
	all := m.Detections(peerID)
	last := all[len(all)-1]
	if last.ID != started.ID || last.Status == mockserver.DetectionProcessing {
		t.Fatalf("the newest detection is %s, %s; want %s ended", last.ID, last.Status, started.ID)
	}
	return last
}

// expectDetection checks an entry of detections against the detection as
// the mock holds it.
func expectDetection(d mockserver.Detection) knownvalue.Check {
	var loss, end knownvalue.Check = knownvalue.Null(), knownvalue.Null()
	if d.LossRatio != nil {
		loss = knownvalue.Int64Exact(int64(*d.LossRatio))
	}
	if !d.EndedAt.IsZero() {
		end = knownvalue.StringExact(d.EndedAt.UTC().Format("2006-01-02T15:04:05.000Z"))
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"end_time":    end,
		"id":          knownvalue.StringExact(d.ID),
		"loss_ratio":  loss,
		"start_time":  knownvalue.StringExact(d.StartedAt.UTC().Format("2006-01-02T15:04:05.000Z")),
		"status":      knownvalue.StringExact(d.Status),
		"vif_peer_id": knownvalue.StringExact(d.VifPeerID),
	})
}

// detectionListQueries returns the query of every listing of detections
// the mock received, in order.
func (m *testMock) detectionListQueries() []url.Values {
	var out []url.Values
	for _, r := range m.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/dcaas/vif-peer-detections") {
			q, _ := url.ParseQuery(r.Query)
			out = append(out, q)
		}
	}
	return out
}

func intPtr(n int) *int { return &n }

// A history of a clean, a lossy and an errored detection and one still
// processing: newest first, the loss of complete ones only, and the latest
// loss skipping what measured nothing. A limit keeps the newest; a peer
// without detections has an empty list.
func TestAccVifPeerDetectionsDataSource_basic(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	client := m.apiClient(t)
	peerID, err := m.SeedPeer(testVifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}
	quietID, err := m.SeedPeer(testVifID, "ipv6", "fd00:10::1/64", "fd00:10::2/64")
	if err != nil {
		t.Fatal(err)
	}
	clean := m.detect(t, client, peerID, mockserver.DetectionOutcome{LossRatio: intPtr(0)})
	lossy := m.detect(t, client, peerID, mockserver.DetectionOutcome{LossRatio: intPtr(35)})
	errored := m.detect(t, client, peerID, mockserver.DetectionOutcome{Error: true})
	m.SetDetectionDuration(time.Hour)
	if _, err := client.CreateVifPeerDetection(context.Background(), peerID); err != nil {
		t.Fatal(err)
	}
	all := m.Detections(peerID)
	processing := all[len(all)-1]
	if len(all) != 4 || processing.Status != mockserver.DetectionProcessing || errored.Status != mockserver.DetectionError {
		t.Fatalf("the peer has detections %+v: the test set-up changed", all)
	}

	config := m.providerConfig() + fmt.Sprintf(`
data "dcaas_vif_peer_detections" "all" {
  vif_peer_id = %[1]q
}

data "dcaas_vif_peer_detections" "newest_two" {
  vif_peer_id = %[1]q
  limit       = 2
}

data "dcaas_vif_peer_detections" "none" {
  vif_peer_id = %[2]q
}
`, peerID, quietID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.all", tfjsonpath.New("detections"),
					knownvalue.ListExact([]knownvalue.Check{expectDetection(processing), expectDetection(errored), expectDetection(lossy), expectDetection(clean)})),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.all", tfjsonpath.New("latest_loss_ratio"), knownvalue.Int64Exact(35)),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.newest_two", tfjsonpath.New("detections"),
					knownvalue.ListExact([]knownvalue.Check{expectDetection(processing), expectDetection(errored)})),
				// Neither of the two read is complete.
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.newest_two", tfjsonpath.New("latest_loss_ratio"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.none", tfjsonpath.New("detections"), knownvalue.ListExact(nil)),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.none", tfjsonpath.New("latest_loss_ratio"), knownvalue.Null()),
			},
			Check: func(*terraform.State) error {
				// Each asks the API for the newest first, and the limited
				// one for no more than it keeps.
				for _, q := range m.detectionListQueries() {
					if q.Get("sort_dir") != "desc" {
						return fmt.Errorf("a listing asked for %v, want sort_dir=desc", q)
					}
					if q.Get("vif_peer_id") == peerID && q.Has("limit") && q.Get("limit") != "2" {
						return fmt.Errorf("a listing asked for %v, want no limit or 2", q)
					}
				}
				return nil
			},
		}},
	})
}

// More detections than the API's largest page: the data source follows
// next_marker to the end, and a limit above a page's size is read in two
// pages.
func TestAccVifPeerDetectionsDataSource_paging(t *testing.T) {
	t.Parallel()
	const detections = 2003 // the API's largest page is 2000
	m := newTestMock(t)
	client := m.apiClient(t)
	peerID, err := m.SeedPeer(testVifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}
	for range detections {
		// The mock ends a detection at the next request, so each create
		// finds the one before ended.
		if _, err := client.CreateVifPeerDetection(context.Background(), peerID); err != nil {
			t.Fatal(err)
		}
	}
	all := m.Detections(peerID)
	if len(all) != detections {
		t.Fatalf("the peer has %d detections, want %d", len(all), detections)
	}
	sent := len(m.Requests())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerConfig() + fmt.Sprintf(`
data "dcaas_vif_peer_detections" "all" {
  vif_peer_id = %[1]q
}

data "dcaas_vif_peer_detections" "limited" {
  vif_peer_id = %[1]q
  limit       = 2001
}
`, peerID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.all", tfjsonpath.New("detections"), knownvalue.ListSizeExact(detections)),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.all", tfjsonpath.New("detections").AtSliceIndex(0), expectDetection(all[detections-1])),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.all", tfjsonpath.New("detections").AtSliceIndex(detections-1), expectDetection(all[0])),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.limited", tfjsonpath.New("detections"), knownvalue.ListSizeExact(2001)),
				statecheck.ExpectKnownValue("data.dcaas_vif_peer_detections.limited", tfjsonpath.New("detections").AtSliceIndex(2000), expectDetection(all[detections-2001])),
			},
			Check: func(*terraform.State) error {
				nextPages := 0
				for _, r := range m.Requests()[sent:] {
					if r.Status != http.StatusOK {
						return fmt.Errorf("%s %s?%s was answered %d", r.Method, r.Path, r.Query, r.Status)
					}
					if strings.Contains(r.Query, "marker=") {
						nextPages++
					}
				}
				if nextPages == 0 {
					return fmt.Errorf("no listing asked for a next page")
				}
				return nil
			},
		}},
	})
}

// Bad arguments fail the plan with an error on the attribute, and the API
// receives no request.
func TestAccVifPeerDetectionsDataSource_validation(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		args string
		want *regexp.Regexp
	}{
		"vif_peer_id missing":     {`limit = 1`, expectDiagnostic(`The argument "vif_peer_id" is required`)},
		"vif_peer_id not a uuid":  {`vif_peer_id = "peer-1"`, expectDiagnostic("Attribute vif_peer_id must be a 36-character UUID")},
		"vif_peer_id with braces": {`vif_peer_id = "{ba604c46-8cdd-40c6-8969-ccf6159bb02b}"`, expectDiagnostic("Attribute vif_peer_id must be a 36-character UUID")},
		"limit zero":              {"vif_peer_id = \"ba604c46-8cdd-40c6-8969-ccf6159bb02b\"\n  limit = 0", expectDiagnostic("limit must be a whole number, 1 or more, got 0")},
		"limit with a fraction":   {"vif_peer_id = \"ba604c46-8cdd-40c6-8969-ccf6159bb02b\"\n  limit = 2.5", expectDiagnostic("limit must be a whole number, 1 or more, got 2.5")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			expectPlanErrorWithoutRequests(t, "data \"dcaas_vif_peer_detections\" \"test\" {\n  "+tc.args+"\n}\n", tc.want)
		})
	}
}

// testAccVifPeerDetectionsCheckConfig is a check block, as the docs show
// it, that warns when the last measurement of a peer's line lost packets.
// Its message does not interpolate the loss: Terraform 1.5 renders the
// message even when the condition holds, and a null there fails the plan.
func testAccVifPeerDetectionsCheckConfig(name, peerID string) string {
	return fmt.Sprintf(`
check %[1]q {
  data "dcaas_vif_peer_detections" %[1]q {
    vif_peer_id = %[2]q
  }

  assert {
    condition     = coalesce(data.dcaas_vif_peer_detections.%[1]s.latest_loss_ratio, 0) == 0
    error_message = "The last connectivity detection of peer %[2]s lost packets."
  }
}
`, name, peerID)
}

// A check block warns about the line whose last detection lost packets,
// not about a clean one nor one never measured, and plan and apply still
// succeed.
func TestAccVifPeerDetectionsDataSource_checkWarnsOnLoss(t *testing.T) {
	t.Parallel()
	m := newTestMock(t)
	client := m.apiClient(t)
	lossyID, err := m.SeedPeer(testVifID, "ipv4", "192.0.2.1/30", "192.0.2.2/30")
	if err != nil {
		t.Fatal(err)
	}
	cleanID, err := m.SeedPeer(testVifID, "ipv6", "fd00:10::1/64", "fd00:10::2/64")
	if err != nil {
		t.Fatal(err)
	}
	otherVif := m.SeedInterface("", "never-probed")
	neverID, err := m.SeedPeer(otherVif, "ipv4", "198.51.100.1/30", "198.51.100.2/30")
	if err != nil {
		t.Fatal(err)
	}
	// The clean line lost packets once, before its last detection.
	m.detect(t, client, cleanID, mockserver.DetectionOutcome{LossRatio: intPtr(100)})
	m.detect(t, client, cleanID, mockserver.DetectionOutcome{LossRatio: intPtr(0)})
	m.detect(t, client, lossyID, mockserver.DetectionOutcome{LossRatio: intPtr(0)})
	m.detect(t, client, lossyID, mockserver.DetectionOutcome{LossRatio: intPtr(12)})

	w := newPeerCLIWorkspace(t, m.providerConfig()+
		testAccVifPeerDetectionsCheckConfig("lossy", lossyID)+
		testAccVifPeerDetectionsCheckConfig("clean", cleanID)+
		testAccVifPeerDetectionsCheckConfig("never_probed", neverID))
	for _, command := range [][]string{{"plan", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
		out := w.mustRun(command...)
		if n := strings.Count(out, "Check block assertion failed"); n != 1 {
			t.Errorf("%s warned of %d failed assertions, want 1", command[0], n)
		}
		// The CLI shows the loss measured beside the assertion.
		if want := expectDiagnostic("Warning: Check block assertion failed", `check "lossy"`, "latest_loss_ratio is 12", lossyID, "lost packets"); !want.MatchString(out) {
			t.Errorf("%s output does not match %s", command[0], want)
		}
	}
}
