package provider

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// terraform111Path returns a Terraform CLI of version 1.11 or later found on
// PATH, which write-only attributes need, or skips the test saying so. Every
// terraform on PATH is asked, as bin/ with the pinned 1.5.7 usually comes
// first.
func terraform111Path(t *testing.T) string {
	t.Helper()
	var seen []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		candidate := filepath.Join(dir, "terraform")
		if _, err := exec.LookPath(candidate); err != nil {
			continue
		}
		version := terraformVersion(candidate)
		seen = append(seen, candidate+" "+version)
		if atLeast111(version) {
			t.Logf("using Terraform %s at %s", version, candidate)
			return candidate
		}
	}
	t.Skipf("SKIPPED: needs Terraform 1.11 or later on PATH for write-only attributes; found %v", seen)
	return ""
}

func terraformVersion(path string) string {
	out, err := exec.Command(path, "version", "-json").Output() //nolint:gosec // a terraform binary from PATH, as the tests run it anyway
	if err != nil {
		return "unknown"
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if json.Unmarshal(out, &v) != nil {
		return "unknown"
	}
	return v.TerraformVersion
}

func atLeast111(version string) bool {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	return err1 == nil && err2 == nil && (major > 1 || (major == 1 && minor >= 11))
}

func TestAtLeast111(t *testing.T) {
	for version, want := range map[string]bool{"1.11.0": true, "1.11.4": true, "1.12.1": true, "2.0.0": true, "1.5.7": false, "1.10.5": false, "unknown": false, "": false} {
		if got := atLeast111(version); got != want {
			t.Errorf("%q: %v, want %v", version, got, want)
		}
	}
}
