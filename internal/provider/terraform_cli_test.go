package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
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

// cliWorkspace is a directory where a test runs the Terraform CLI as a user
// does, against this provider served from the test process, for what the
// testing framework cannot do: interrupt an apply, untaint, replace, or
// follow the words of an error to the letter.
type cliWorkspace struct {
	t   *testing.T
	dir string
	env []string
}

// newCLIWorkspace serves the provider, writes main.tf and runs terraform
// init. The CLI is TF_ACC_TERRAFORM_PATH; without TF_ACC the test is
// skipped, as acceptance tests are.
func newCLIWorkspace(t *testing.T, config string) *cliWorkspace {
	t.Helper()
	if os.Getenv("TF_ACC") == "" || os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Skip("set TF_ACC and TF_ACC_TERRAFORM_PATH to run tests with the Terraform CLI")
	}
	reattach := serveProviderForCLI(t)
	w := &cliWorkspace{t: t, dir: t.TempDir()}
	w.env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
	w.writeFile("main.tf", config)
	if out, code := w.run("init"); code != 0 {
		t.Fatalf("terraform init: exit %d\n%s", code, out)
	}
	return w
}

func (w *cliWorkspace) writeFile(name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, name), []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// command is terraform with args in the workspace, its output (stdout and
// stderr, in order) going to out.
func (w *cliWorkspace) command(out *bytes.Buffer, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), append([]string{args[0], "-no-color"}, args[1:]...)...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = w.dir, w.env, out, out
	return cmd
}

// run runs terraform with args and returns its output and exit code.
func (w *cliWorkspace) run(args ...string) (string, int) {
	w.t.Helper()
	var out bytes.Buffer
	err := w.command(&out, args...).Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		w.t.Fatalf("terraform %v: %v", args, err)
	}
	w.t.Logf("terraform %s:\n%s", strings.Join(args, " "), out.String())
	if exitErr != nil {
		return out.String(), exitErr.ExitCode()
	}
	return out.String(), 0
}

// mustRun is run, failing the test unless terraform exits 0.
func (w *cliWorkspace) mustRun(args ...string) string {
	w.t.Helper()
	out, code := w.run(args...)
	if code != 0 {
		w.t.Fatalf("terraform %s: exit %d", strings.Join(args, " "), code)
	}
	return out
}

// expectNoChanges checks that a plan of the workspace is empty.
func (w *cliWorkspace) expectNoChanges() {
	w.t.Helper()
	if out, code := w.run("plan", "-detailed-exitcode"); code != 0 {
		w.t.Errorf("the plan is not empty (exit %d):\n%s", code, out)
	}
}

// stateResource returns a resource instance of the workspace's state, as
// terraform show -json gives it.
func (w *cliWorkspace) stateResource(address string) *tfjson.StateResource {
	w.t.Helper()
	var state tfjson.State
	if err := json.Unmarshal([]byte(w.mustRun("show", "-json")), &state); err != nil {
		w.t.Fatal(err)
	}
	if state.Values != nil {
		for _, r := range state.Values.RootModule.Resources {
			if r.Address == address {
				return r
			}
		}
	}
	return nil
}

// serveProviderForCLI serves the provider from this process until the test
// ends, and returns the TF_REATTACH_PROVIDERS value that points Terraform
// (and OpenTofu) at it.
func serveProviderForCLI(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattachCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	go func() {
		if err := tf6server.Serve("registry.terraform.io/hashicorp/dcaas", providerserver.NewProtocol6(New("test")()),
			tf6server.WithDebug(ctx, reattachCh, closeCh), tf6server.WithLoggingSink(t)); err != nil {
			t.Error(err)
		}
	}()
	var config *plugin.ReattachConfig
	select {
	case config = <-reattachCh:
	case <-time.After(time.Minute):
		t.Fatal("the provider did not start serving")
	}
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	entry := map[string]any{
		"Protocol": string(config.Protocol), "ProtocolVersion": config.ProtocolVersion, "Pid": config.Pid, "Test": config.Test,
		"Addr": map[string]string{"Network": config.Addr.Network(), "String": config.Addr.String()},
	}
	reattach, err := json.Marshal(map[string]any{
		"registry.terraform.io/hashicorp/dcaas": entry,
		"registry.opentofu.org/hashicorp/dcaas": entry,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(reattach)
}
