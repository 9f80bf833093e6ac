package provider

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"
)

// requireCLIFeature skips the test, saying why, unless the CLI that runs
// it has every feature named. `make testacc` runs the suite once per CLI,
// so each feature is tested under every CLI that has it.
func requireCLIFeature(t *testing.T, features ...tfcli.Feature) {
	t.Helper()
	cli, ok := cliUnderTest(t)
	if !ok {
		return
	}
	for _, f := range features {
		if !cli.Has(f) {
			t.Skipf("%s lacks %s (since %s)", cli, f, tfcli.FirstReleases(f))
		}
	}
}

// requireCLIWithout skips the test unless the CLI that runs it lacks f:
// for the tests of what such a CLI tells its user.
func requireCLIWithout(t *testing.T, f tfcli.Feature) {
	t.Helper()
	cli, ok := cliUnderTest(t)
	if ok && cli.Has(f) {
		t.Skipf("%s has %s: this test is of the CLIs that lack it", cli, f)
	}
}

// TestMain readies the acceptance tests for the CLI that runs them.
// OpenTofu reads a provider named without a source, as the tests name
// dcaas, as one of registry.opentofu.org, so the provider the tests serve
// in-process is announced there (terraform-plugin-testing's
// TF_ACC_PROVIDER_HOST; its default is registry.terraform.io).
//
// It also clears every DCAAS_* variable of the machine, so that none leaks
// into a test: the tests that read the environment set it with t.Setenv,
// and the others, which run in parallel, give every setting as an
// attribute.
func TestMain(m *testing.M) {
	for _, env := range providerEnv {
		_ = os.Unsetenv(env)
	}
	if os.Getenv("TF_ACC") != "" && os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
		// A CLI that cannot be asked fails each test that needs it, saying so.
		if cli, err := detectCLI(); err == nil && cli.Product == tfcli.OpenTofu {
			_ = os.Setenv("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
		}
	}
	os.Exit(m.Run())
}

// cliUnderTest is the CLI that runs the acceptance tests. ok is false
// outside them (no TF_ACC), where resource.Test skips anyway.
func cliUnderTest(t *testing.T) (_ tfcli.CLI, ok bool) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		return tfcli.CLI{}, false
	}
	cli, err := detectCLI()
	if err != nil {
		t.Fatalf("the CLI that runs the acceptance tests: %v", err)
	}
	return cli, true
}

var (
	detectedMu sync.Mutex
	// detected holds the CLI found at each path, asked once per test run.
	detected = map[string]tfcli.CLI{}
)

// detectCLI finds the CLI that terraform-plugin-testing runs: the one
// TF_ACC_TERRAFORM_PATH names, or else terraform on PATH.
func detectCLI() (tfcli.CLI, error) {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		var err error
		if path, err = exec.LookPath("terraform"); err != nil {
			return tfcli.CLI{}, fmt.Errorf("TF_ACC_TERRAFORM_PATH is not set and there is no terraform on PATH: %w", err)
		}
	}
	detectedMu.Lock()
	defer detectedMu.Unlock()
	if cli, found := detected[path]; found {
		return cli, nil
	}
	cli, err := tfcli.Detect(path)
	if err == nil {
		detected[path] = cli
	}
	return cli, err
}
