package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/serving"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// cliWorkspace runs the CLI that TF_ACC_TERRAFORM_PATH names, Terraform or
// OpenTofu, in a directory of its own against providers served by this test
// process, for what terraform-plugin-testing cannot express: the exit code
// of a command, and commands it does not run.
type cliWorkspace struct {
	t       *testing.T
	cli     tfcli.CLI
	binary  string
	dir     string
	env     []string
	planDir string
}

// newCLIWorkspace serves each provider under its address until the test
// ends; an acceptance test, it skips itself unless TF_ACC is set.
func newCLIWorkspace(t *testing.T, providers map[string]func() tfprotov6.ProviderServer) *cliWorkspace {
	t.Helper()
	w := newEmptyCLIWorkspace(t)
	reattach := map[string]reattachConfig{}
	for address, factory := range providers {
		reattach[address] = serveInProcess(t, address, factory)
	}
	reattachJSON, err := json.Marshal(reattach)
	if err != nil {
		t.Fatal(err)
	}
	w.env = append(w.env, "TF_REATTACH_PROVIDERS="+string(reattachJSON))
	return w
}

// newEmptyCLIWorkspace is a workspace whose CLI finds no provider yet; an
// acceptance test, it skips itself unless TF_ACC is set.
func newEmptyCLIWorkspace(t *testing.T) *cliWorkspace {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("an acceptance test: set TF_ACC=1 to run it")
	}
	binary := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if binary == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			t.Skip("no CLI to run: set TF_ACC_TERRAFORM_PATH")
		}
		binary = found
	}
	cli, err := tfcli.Detect(binary)
	if err != nil {
		t.Fatalf("%s: %v", binary, err)
	}
	t.Logf("running %s at %s", cli, binary)
	return &cliWorkspace{
		t: t, cli: cli, binary: binary, dir: t.TempDir(), planDir: t.TempDir(),
		env: append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"),
	}
}

// dcaasProviders is the provider under test, for newCLIWorkspace.
func dcaasProviders() map[string]func() tfprotov6.ProviderServer {
	return map[string]func() tfprotov6.ProviderServer{serving.Address: serving.New(New("test"))}
}

// reattachConfig is an entry of TF_REATTACH_PROVIDERS, in the form both
// CLIs read.
type reattachConfig struct {
	Protocol        string
	ProtocolVersion int
	Pid             int
	Test            bool
	Addr            struct{ Network, String string }
}

// serveInProcess serves a provider as its debug mode does, for the CLI to
// attach to, until the test ends.
func serveInProcess(t *testing.T, address string, factory func() tfprotov6.ProviderServer) reattachConfig {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configs := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(address, factory,
			tf6server.WithDebug(ctx, configs, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			// The provider's logs go where TF_ACC_LOG_PATH says, as in the
			// other acceptance tests, not to this process's stderr.
			tf6server.WithoutLogStderrOverride(),
			tf6server.WithLoggingSink(t),
		)
	}()
	var config *plugin.ReattachConfig
	select {
	case config = <-configs:
	case err := <-served:
		cancel()
		t.Fatalf("serving %s: %v", address, err)
	}
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	r := reattachConfig{Protocol: string(config.Protocol), ProtocolVersion: config.ProtocolVersion, Pid: config.Pid, Test: config.Test}
	r.Addr.Network, r.Addr.String = config.Addr.Network(), config.Addr.String()
	return r
}

// writeConfig replaces the workspace's main.tf.
func (w *cliWorkspace) writeConfig(config string) {
	w.t.Helper()
	w.writeFile("main.tf", config)
}

// writeFile writes a file of the workspace, such as a second .tf file.
func (w *cliWorkspace) writeFile(name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, name), []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// command is the CLI with args in the workspace, without colours, its
// output (stdout and stderr, in order) going to out: for a test that must
// act while it runs, such as interrupting it.
func (w *cliWorkspace) command(out *bytes.Buffer, args ...string) *exec.Cmd {
	cmd := exec.Command(w.binary, append([]string{args[0], "-no-color"}, args[1:]...)...) //nolint:gosec // the CLI under test, with the test's arguments
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = w.dir, w.env, out, out
	return cmd
}

// run runs the CLI with args and returns its exit code and output.
func (w *cliWorkspace) run(args ...string) (int, string) {
	w.t.Helper()
	var out bytes.Buffer
	err := w.command(&out, args...).Run()
	w.t.Logf("%s %s:\n%s", w.cli, strings.Join(args, " "), out.String())
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String()
	case err != nil:
		w.t.Fatalf("%s %s: %v", w.binary, strings.Join(args, " "), err)
	}
	return 0, out.String()
}

// mustRun runs the CLI and fails the test unless it succeeds.
func (w *cliWorkspace) mustRun(args ...string) string {
	w.t.Helper()
	code, out := w.run(args...)
	if code != 0 {
		w.t.Fatalf("%s %s exited %d:\n%s", w.cli, strings.Join(args, " "), code, out)
	}
	return out
}

// apply initialises the workspace, applies its configuration and returns
// the output of both.
func (w *cliWorkspace) apply() string {
	w.t.Helper()
	return w.mustRun("init", "-input=false") + w.mustRun("apply", "-auto-approve", "-input=false")
}

// refreshOnlyExitCode runs what a drift check runs, `plan -refresh-only
// -detailed-exitcode`, and returns its exit code and output.
func (w *cliWorkspace) refreshOnlyExitCode() (int, string) {
	w.t.Helper()
	return w.run("plan", "-refresh-only", "-detailed-exitcode", "-input=false")
}

// refreshOnlyPlan saves a refresh-only plan and returns it as `show -json`
// writes it, which holds the drift the plan found in resource_drift.
func (w *cliWorkspace) refreshOnlyPlan() *tfjson.Plan {
	w.t.Helper()
	file := filepath.Join(w.planDir, "refresh.tfplan")
	w.mustRun("plan", "-refresh-only", "-input=false", "-out="+file)
	var plan tfjson.Plan
	if err := json.Unmarshal([]byte(w.mustRun("show", "-json", file)), &plan); err != nil {
		w.t.Fatal(err)
	}
	return &plan
}

// state returns the state as `show -json` writes it.
func (w *cliWorkspace) state() *tfjson.State {
	w.t.Helper()
	var state tfjson.State
	if err := json.Unmarshal([]byte(w.mustRun("show", "-json")), &state); err != nil {
		w.t.Fatal(err)
	}
	return &state
}

// terraformFrom tells whether c is Terraform major.minor or later.
func terraformFrom(c tfcli.CLI, major, minor int) bool {
	return c.Product == tfcli.Terraform && c.Version.AtLeast(tfcli.Version{Major: major, Minor: minor})
}

// expectNoChanges checks that a plan of the workspace is empty.
func (w *cliWorkspace) expectNoChanges() {
	w.t.Helper()
	if code, out := w.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		w.t.Errorf("the plan is not empty (exit %d):\n%s", code, out)
	}
}

// stateResource returns a resource instance of the workspace's state, or
// nil when the state holds none at address.
func (w *cliWorkspace) stateResource(address string) *tfjson.StateResource {
	w.t.Helper()
	if state := w.state(); state.Values != nil {
		for _, r := range state.Values.RootModule.Resources {
			if r.Address == address {
				return r
			}
		}
	}
	return nil
}

// newPeerCLIWorkspace is a workspace of this provider holding config, with
// the provider's source written in full, initialised.
func newPeerCLIWorkspace(t *testing.T, config string) *cliWorkspace {
	t.Helper()
	w := newCLIWorkspace(t, dcaasProviders())
	w.writeConfig(dcaasRequiredProviders + config)
	w.mustRun("init", "-input=false")
	return w
}
