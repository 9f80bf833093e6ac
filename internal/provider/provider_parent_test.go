package provider

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/serving"
)

// newPluginCLIWorkspace is a workspace holding config whose CLI starts the
// provider itself, as a plugin, as it does for a user: the provider's
// command built from main.go, in a dev_overrides folder.
func newPluginCLIWorkspace(t *testing.T, config string) *cliWorkspace {
	t.Helper()
	w := newEmptyCLIWorkspace(t)
	plugins := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "terraform-provider-dcaas"), modulePath)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", serving.Address, plugins)
	if err := os.WriteFile(cliConfig, []byte(overrides), 0o600); err != nil {
		t.Fatal(err)
	}
	w.env = append(w.env, "TF_CLI_CONFIG_FILE="+cliConfig)
	w.writeConfig(dcaasRequiredProviders + config)
	return w
}

// modulePath is the import path of the provider's command, main.go.
const modulePath = "github.com/dcaas-labs/terraform-provider-dcaas"

// The CLI is killed outright (kill -9) while the provider waits for a
// create: the provider, whose parent it was, exits within seconds and
// sends the API nothing more. Before, it went on polling the peer's status,
// re-parented, for as long as the create's timeout.
func TestAccVifPeerResource_providerExitsWithItsCLI(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("finds the provider's process in /proc")
	}
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	// The wait for the create lasts well beyond the test.
	m.SetPendingDelay(time.Hour)
	w := newPluginCLIWorkspace(t, m.providerConfig()+peerBlock("test", examplePeer()))

	var created atomic.Bool
	polling := make(chan struct{}, 1)
	m.SetAfterRequest(func(r mockserver.Request) {
		switch {
		case r.Method == http.MethodPost:
			created.Store(true)
		case r.Method == http.MethodGet && created.Load():
			select {
			case polling <- struct{}{}:
			default:
			}
		}
	})
	var out bytes.Buffer
	cli := w.command(&out, "apply", "-auto-approve", "-input=false")
	if err := cli.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cli.Process.Kill()
		_ = cli.Wait()
	})
	select {
	case <-polling:
	case <-time.After(3 * time.Minute):
		t.Fatalf("the create's wait did not start:\n%s", out.String())
	}
	providers := childrenOf(t, cli.Process.Pid)
	if len(providers) == 0 {
		t.Fatalf("%s (pid %d) runs no provider", w.cli, cli.Process.Pid)
	}
	t.Cleanup(func() {
		for _, p := range providers {
			if p.running() {
				_ = syscall.Kill(p.pid, syscall.SIGKILL)
			}
		}
	})

	// Just after a check of the wait, which checks again within a second.
	if err := cli.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	_ = cli.Wait()

	deadline := killedAt.Add(5 * time.Second)
	for _, p := range providers {
		for p.running() && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if p.running() {
			t.Errorf("the provider (pid %d) still runs %s after %s was killed", p.pid, time.Since(killedAt).Round(time.Second), w.cli)
		}
	}
	// Long enough for the wait to have checked a few more times.
	time.Sleep(time.Until(deadline))
	for _, r := range m.Requests() {
		if r.At.After(killedAt) {
			t.Errorf("the API got %s %s %s after %s was killed", r.Method, r.Path, r.At.Sub(killedAt).Round(time.Millisecond), w.cli)
		}
	}
}

// process is a process as /proc shows it: its pid, and when it started,
// which tells it from a later process given the same pid.
type process struct {
	pid     int
	started string
}

// childrenOf returns the processes whose parent is pid.
func childrenOf(t *testing.T, pid int) []process {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var children []process
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if _, parent, started, ok := procStat(child); ok && parent == pid {
			children = append(children, process{child, started})
		}
	}
	return children
}

// running tells whether p runs: it exists and has not exited. An exited
// process whose new parent has not reaped it is a zombie.
func (p process) running() bool {
	state, _, started, ok := procStat(p.pid)
	return ok && started == p.started && state != "Z"
}

// procStat reads the state, the parent's pid and the start time of process
// pid from /proc/<pid>/stat; ok is false when there is no such process.
func procStat(pid int) (state string, parent int, started string, ok bool) {
	raw, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return "", 0, "", false
	}
	// "pid (comm) state ppid ... starttime ...", where comm may hold spaces
	// and parentheses; starttime is the 22nd field.
	fields := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	if len(fields) < 20 {
		return "", 0, "", false
	}
	parent, err = strconv.Atoi(fields[1])
	return fields[0], parent, fields[19], err == nil
}
