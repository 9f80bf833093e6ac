package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"
)

// What go test -json printed for a run with a passed test with a subtest,
// a skipped test, a failed one (whose subtest passed), and a test cut short
// by a panic.
const goTestJSON = `{"Action":"start","Package":"p"}
{"Action":"run","Package":"p","Test":"TestAccA"}
{"Action":"output","Package":"p","Test":"TestAccA","Output":"=== RUN   TestAccA\n"}
{"Action":"run","Package":"p","Test":"TestAccA/sub"}
{"Action":"output","Package":"p","Test":"TestAccA/sub","Output":"    a_test.go:9: quiet detail\n"}
{"Action":"pass","Package":"p","Test":"TestAccA/sub"}
{"Action":"run","Package":"p","Test":"TestAccB"}
{"Action":"output","Package":"p","Test":"TestAccB","Output":"    cli_test.go:30: OpenTofu v1.10.10 lacks resource identity\n"}
{"Action":"output","Package":"p","Test":"TestAccB","Output":"--- SKIP: TestAccB (0.00s)\n"}
{"Action":"skip","Package":"p","Test":"TestAccB"}
{"Action":"run","Package":"p","Test":"TestAccC"}
{"Action":"run","Package":"p","Test":"TestAccC/one"}
{"Action":"pass","Package":"p","Test":"TestAccC/one"}
{"Action":"output","Package":"p","Test":"TestAccC","Output":"    c_test.go:12: Step 2/3 error: plan not empty\n"}
{"Action":"fail","Package":"p","Test":"TestAccC"}
{"Action":"pass","Package":"p","Test":"TestAccA"}
{"Action":"run","Package":"p","Test":"TestAccD"}
{"Action":"output","Package":"p","Test":"TestAccD","Output":"panic: boom\n"}
not json: exit status 2
{"Action":"output","Package":"p","Output":"FAIL\tp\t1.0s\n"}
{"Action":"fail","Package":"p"}
`

func TestSummarize(t *testing.T) {
	var out bytes.Buffer
	c, err := summarize(strings.NewReader(goTestJSON), &out, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := (counts{passed: 1, failed: 2, skipped: 1}); c != want {
		t.Errorf("counts %+v, want %+v", c, want)
	}
	printed := out.String()
	for _, want := range []string{"lacks resource identity", "Step 2/3 error", "TestAccD never ended", "panic: boom", "not json: exit status 2", "FAIL\tp"} {
		if !strings.Contains(printed, want) {
			t.Errorf("output lacks %q:\n%s", want, printed)
		}
	}
	for _, unwanted := range []string{"quiet detail", "=== RUN"} {
		if strings.Contains(printed, unwanted) {
			t.Errorf("output has %q:\n%s", unwanted, printed)
		}
	}

	out.Reset()
	if _, err := summarize(strings.NewReader(goTestJSON), &out, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "quiet detail") {
		t.Errorf("verbose output lacks the passed test's output:\n%s", out.String())
	}
}

func TestSplitArgs(t *testing.T) {
	paths, args := splitArgs([]string{"bin/terraform", "bin/tofu", "--", "-run", "TestAccX"})
	if strings.Join(paths, " ") != "bin/terraform bin/tofu" || strings.Join(args, " ") != "-run TestAccX" {
		t.Errorf("split into %q and %q", paths, args)
	}
	if paths, args := splitArgs([]string{"bin/terraform"}); len(paths) != 1 || args != nil {
		t.Errorf("split into %q and %q", paths, args)
	}
}

// The tests of a feature are found from their requireCLIFeature calls: under
// a release that adds identity, its tests run, and neither the tests of
// older features nor those of none.
func TestFeatureTests(t *testing.T) {
	names, err := featureTests("../../internal/provider", "../../internal/tfcli/tfcli.go", tfcli.Terraform, tfcli.Version{Major: 1, Minor: 12})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"TestAccVifPeerResource_identity", "TestAccCLI_refreshOnlyExitCodeOfUnchangedResources"} {
		if !slices.Contains(names, want) {
			t.Errorf("featureTests since 1.12 = %v, want %s among them", names, want)
		}
	}
	for _, older := range []string{"TestAccVifPeerResource_basic", "TestAccVifPeerEphemeralResource_lookups", "TestAccVifPeerResource_md5ToWriteOnly"} {
		if slices.Contains(names, older) {
			t.Errorf("featureTests since 1.12 = %v, want no %s", names, older)
		}
	}
	older, err := featureTests("../../internal/provider", "../../internal/tfcli/tfcli.go", tfcli.Terraform, tfcli.Version{Major: 1, Minor: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(older, "TestAccVifPeerEphemeralResource_lookups") || len(older) <= len(names) {
		t.Errorf("featureTests since 1.10 = %v, want the ephemeral tests too", older)
	}
}
