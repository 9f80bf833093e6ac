package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// useWriteOnlyTerraform points the test at a Terraform CLI on PATH that has
// write-only attributes and ephemeral values (1.11 or later), in place of
// the pinned 1.5.7, or skips the test with a notice when there is none.
func useWriteOnlyTerraform(t *testing.T) {
	t.Helper()
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		candidate := filepath.Join(dir, "terraform")
		if v, err := terraformVersion(candidate); err == nil && v.atLeast(1, 11) {
			t.Logf("using Terraform %s at %s", v, candidate)
			t.Setenv("TF_ACC_TERRAFORM_PATH", candidate)
			return
		}
	}
	t.Skip("no Terraform 1.11 or later on PATH: skipping this write-only test")
}

type terraformRelease struct{ major, minor, patch int }

func (v terraformRelease) String() string { return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.patch) }

func (v terraformRelease) atLeast(major, minor int) bool {
	return v.major > major || (v.major == major && v.minor >= minor)
}

func terraformVersion(binary string) (terraformRelease, error) {
	var v terraformRelease
	out, err := exec.Command(binary, "version", "-json").Output()
	if err != nil {
		return v, err
	}
	var parsed struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &parsed); err != nil {
		return v, err
	}
	_, err = fmt.Sscanf(parsed.TerraformVersion, "%d.%d.%d", &v.major, &v.minor, &v.patch)
	return v, err
}
