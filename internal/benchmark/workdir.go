package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// cli is a Terraform or OpenTofu binary.
type cli struct {
	path, version string
}

func newCLI(path string) (*cli, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	out, err := exec.Command(abs, "version").Output()
	if err != nil {
		return nil, fmt.Errorf("%s version: %w", abs, err)
	}
	// The version line, after any warning about the CLI configuration.
	version := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "Terraform v") || strings.HasPrefix(line, "OpenTofu v") {
			version = strings.TrimSpace(line)
			break
		}
	}
	return &cli{path: abs, version: version}, nil
}

// workdir is a Terraform configuration of peers against one mock, for the
// provider ("dcaas") or the bare floor ("bare").
type workdir struct {
	b        *bench
	tf       *cli
	dir      string
	provider string
	m        *mock
	// env is added to the command's environment, as TF_REATTACH_PROVIDERS.
	env []string
}

const configHeader = `terraform {
  required_providers {
    dcaas = { source = %q }
  }
}

provider "dcaas" {}
`

// newWorkdir writes a configuration of two peers (IPv4 and IPv6) on each
// interface in vifIDs, or of one IPv6 peer named by var.name when single.
func (b *bench) newWorkdir(tf *cli, provider string, m *mock, vifIDs []string, single bool) (*workdir, error) {
	quoted := make([]string, len(vifIDs))
	for i, id := range vifIDs {
		quoted[i] = strconv.Quote(id)
	}
	config := fmt.Sprintf(configHeader, providerAddress) + fmt.Sprintf(`
variable "name" {
  default = "bench"
}

locals {
  vif_ids = [%s]
}
`, strings.Join(quoted, ", "))
	if single {
		config += `
resource "dcaas_vif_peer" "one" {
  vif_id            = local.vif_ids[0]
  name              = var.name
  address_family    = "ipv6"
  local_gateway_ip  = "fd00::1/64"
  remote_gateway_ip = "fd00::2/64"
  remote_ep_group   = ["fd01::/64"]
}
`
	} else {
		config += `
resource "dcaas_vif_peer" "many" {
  count             = 2 * length(local.vif_ids)
  vif_id            = local.vif_ids[floor(count.index / 2)]
  name              = "${var.name}-${count.index}"
  address_family    = count.index % 2 == 0 ? "ipv4" : "ipv6"
  local_gateway_ip  = count.index % 2 == 0 ? "10.0.0.1/30" : "fd00::1/64"
  remote_gateway_ip = count.index % 2 == 0 ? "10.0.0.2/30" : "fd00::2/64"
  remote_ep_group   = [count.index % 2 == 0 ? "192.168.0.0/24" : "fd01::/64"]
}
`
	}
	return b.workdirWithConfig(tf, provider, m, config)
}

func (b *bench) workdirWithConfig(tf *cli, provider string, m *mock, config string) (*workdir, error) {
	dir, err := os.MkdirTemp(b.work, provider+"-")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		return nil, err
	}
	return &workdir{b: b, tf: tf, dir: dir, provider: provider, m: m}, nil
}

// importConfig imports the IPv4 peer of every interface, as found by the
// dcaas_vif_peers data source, with one for_each import block.
func importConfig() string {
	return fmt.Sprintf(configHeader, providerAddress) + `
data "dcaas_vif_peers" "service" {
  address_family = "ipv4"
}

locals {
  peers = { for p in data.dcaas_vif_peers.service.peers : p.vif_id => p }
}

import {
  for_each = local.peers
  to       = dcaas_vif_peer.estate[each.key]
  id       = "${each.value.vif_id}/${each.value.id}"
}

resource "dcaas_vif_peer" "estate" {
  for_each          = local.peers
  vif_id            = each.value.vif_id
  name              = each.value.name
  address_family    = each.value.address_family
  local_gateway_ip  = each.value.local_gateway_ip
  remote_gateway_ip = each.value.remote_gateway_ip
}
`
}

// estateConfig is the imported estate as its configuration stays once the
// import is done: the peers written out, the import block gone.
func estateConfig(peers []estatePeer) string {
	var b strings.Builder
	fmt.Fprintf(&b, configHeader, providerAddress)
	b.WriteString("\nlocals {\n  peers = {\n")
	for _, p := range peers {
		fmt.Fprintf(&b, "    %q = { name = %q, address_family = %q, local_gateway_ip = %q, remote_gateway_ip = %q }\n",
			p.VifID, p.Name, p.AddressFamily, p.LocalGatewayIP, p.RemoteGatewayIP)
	}
	b.WriteString(`  }
}

resource "dcaas_vif_peer" "estate" {
  for_each          = local.peers
  vif_id            = each.key
  name              = each.value.name
  address_family    = each.value.address_family
  local_gateway_ip  = each.value.local_gateway_ip
  remote_gateway_ip = each.value.remote_gateway_ip
}
`)
	return b.String()
}

// estatePeer is what the configuration of an imported peer sets.
type estatePeer struct {
	VifID           string `json:"vif_id"`
	Name            string `json:"name"`
	AddressFamily   string `json:"address_family"`
	LocalGatewayIP  string `json:"local_gateway_ip"`
	RemoteGatewayIP string `json:"remote_gateway_ip"`
}

// statePeers reads the peers of the workdir's state file, by interface.
func (w *workdir) statePeers() ([]estatePeer, error) {
	data, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		return nil, err
	}
	var state struct {
		Resources []struct {
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Instances []struct {
				Attributes estatePeer `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &state); err != nil {
		return nil, err
	}
	var peers []estatePeer
	for _, r := range state.Resources {
		if r.Mode != "managed" || r.Type != "dcaas_vif_peer" {
			continue
		}
		for _, i := range r.Instances {
			peers = append(peers, i.Attributes)
		}
	}
	slices.SortFunc(peers, func(a, b estatePeer) int { return strings.Compare(a.VifID, b.VifID) })
	return peers, nil
}

// copyStateTo gives other this workdir's state, for the floor to plan the
// same estate without creating or importing it. The floor has no resource
// identity, so the identities the provider's CLI stored stay behind.
func (w *workdir) copyStateTo(other *workdir) error {
	data, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		return err
	}
	var state map[string]any
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.UseNumber() // numbers as written, not as float64
	if err := decoder.Decode(&state); err != nil {
		return err
	}
	resources, _ := state["resources"].([]any)
	for _, r := range resources {
		instances, _ := r.(map[string]any)["instances"].([]any)
		for _, i := range instances {
			delete(i.(map[string]any), "identity")
			delete(i.(map[string]any), "identity_schema_version")
		}
	}
	if data, err = json.Marshal(state); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(other.dir, "terraform.tfstate"), data, 0o600) //nolint:gosec // a temporary directory of the benchmark's own
}

// terraform runs one command and returns its wall time.
func (w *workdir) terraform(args ...string) (time.Duration, error) {
	took, _, err := w.terraformCPU(nil, args...)
	return took, err
}

// terraformCPU is terraform, and also returns the CPU time the command and
// the providers it waited for used: a figure that the load of other
// processes changes less than the wall time.
func (w *workdir) terraformCPU(watch func(pid int) func(), args ...string) (took, cpu time.Duration, err error) {
	cmd := exec.Command(w.tf.path, append([]string{"-chdir=" + w.dir}, args...)...)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+w.b.rc[w.provider], "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"DCAAS_ENDPOINT="+w.m.Endpoint, "DCAAS_PROJECT_ID="+w.m.ProjectID, "DCAAS_AUTH_TOKEN="+w.m.Token)
	cmd.Env = append(cmd.Env, w.env...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	stopWatching := func() {}
	if watch != nil {
		stopWatching = watch(cmd.Process.Pid)
	}
	err = cmd.Wait()
	took = time.Since(start)
	stopWatching()
	if err != nil {
		return 0, 0, fmt.Errorf("%s %s: %w\n%s", w.tf.version, strings.Join(args, " "), err, output.String())
	}
	// A plan of what the state holds, unchanged, must be quiet; only a plan
	// before the first apply has something to create.
	if out := output.String(); slices.Contains(args, "plan") && w.hasState() && !strings.Contains(out, "No changes.") {
		return 0, 0, fmt.Errorf("%s %s planned changes where none were expected:\n%s", w.tf.version, strings.Join(args, " "), out)
	}
	// wait4 counts the children the command waited for: its providers.
	return took, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

func (w *workdir) hasState() bool {
	_, err := os.Stat(filepath.Join(w.dir, "terraform.tfstate"))
	return err == nil
}

func (w *workdir) apply(vars ...string) (time.Duration, error) {
	return w.terraform(append([]string{"apply", "-auto-approve", "-input=false", "-no-color", parallelism}, vars...)...)
}
