// Command benchmark measures the provider with the real Terraform CLI
// against the mock API command on loopback: how soon a wait notices a
// ready peer, how an apply of 100 peers and a refresh of 500 compare with a
// provider that calls no API (built here from ./internal/benchmark/noop),
// how many API calls each operation costs, and the provider's peak memory.
// `make bench` runs it; it prints a table and writes it to bench/results.md.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	providerAddress = "dcaas-labs/dcaas"
	binaryName      = "terraform-provider-dcaas"
	parallelism     = "-parallelism=10"
)

// Targets of the figures.
const (
	targetLag          = 300 * time.Millisecond
	targetWaitCalls    = 12
	targetApplyRatio   = 1.5
	targetRefreshRatio = 1.2
	targetRefreshCalls = 5
	targetPeakRSSMB    = 80
)

type bench struct {
	terraform string
	work      string
	mockBin   string
	// rc holds a Terraform CLI configuration per provider: "dcaas" for the
	// provider, "noop" for the floor.
	rc      map[string]string
	realBin string
	runs    int
}

func main() {
	terraform := flag.String("terraform", "bin/terraform", "the Terraform CLI to run")
	runs := flag.Int("runs", 5, "runs of each measurement; the table shows their median and range")
	out := flag.String("out", "bench/results.md", "where to write the table")
	note := flag.String("note", "", "a note on the conditions of the run, printed under the table")
	only := flag.String("only", "waits,apply,refresh", "which measurements to make, comma-separated")
	flag.Parse()
	log.SetFlags(0)

	work, err := os.MkdirTemp("", "dcaas-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	tf, err := filepath.Abs(*terraform)
	if err != nil {
		log.Fatal(err)
	}
	b := &bench{terraform: tf, work: work, runs: *runs, rc: map[string]string{}}
	if err := b.build(); err != nil {
		log.Fatal(err)
	}
	machine := describeMachine(tf)
	var rows []row
	measurements := map[string]func() ([]row, error){"waits": b.waits, "apply": b.apply100, "refresh": b.refresh500}
	for _, name := range strings.Split(*only, ",") {
		measure, ok := measurements[name]
		if !ok {
			log.Fatalf("-only: no measurement %q; there are waits, apply and refresh", name)
		}
		got, err := measure()
		if err != nil {
			log.Fatal(err)
		}
		rows = append(rows, got...)
	}
	table := render(rows, machine, *runs, *note)
	fmt.Print(table)
	if err := os.MkdirAll(filepath.Dir(*out), 0o750); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, []byte(table), 0o600); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s", *out)
}

// build compiles the provider, the no-op provider and the mock, and writes
// a CLI configuration that points Terraform at each provider.
func (b *bench) build() error {
	b.mockBin = filepath.Join(b.work, "dcaas-mock")
	for name, pkg := range map[string]string{"dcaas": ".", "noop": "./internal/benchmark/noop"} {
		dir := filepath.Join(b.work, name)
		bin := filepath.Join(dir, binaryName)
		if err := run("go", "build", "-o", bin, pkg); err != nil {
			return err
		}
		if name == "dcaas" {
			b.realBin = bin
		}
		rc := filepath.Join(b.work, name+".tfrc")
		config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", providerAddress, dir)
		if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
			return err
		}
		b.rc[name] = rc
	}
	return run("go", "build", "-o", b.mockBin, "./internal/mockserver/cmd/dcaas-mock")
}

func run(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// mock is a running dcaas-mock command.
type mock struct {
	cmd       *exec.Cmd
	logPath   string
	Endpoint  string   `json:"endpoint"`
	ProjectID string   `json:"project_id"`
	Token     string   `json:"token"`
	VifIDs    []string `json:"vif_ids"`
}

func (b *bench) startMock(pending time.Duration, interfaces int) (*mock, error) {
	dir, err := os.MkdirTemp(b.work, "mock-")
	if err != nil {
		return nil, err
	}
	m := &mock{logPath: filepath.Join(dir, "requests.jsonl")}
	ready := filepath.Join(dir, "ready.json")
	m.cmd = exec.Command(b.mockBin, "-addr", "127.0.0.1:0", "-pending", pending.String(),
		"-interfaces", strconv.Itoa(interfaces), "-service-peer=false", "-ready-file", ready, "-request-log", m.logPath)
	if err := m.cmd.Start(); err != nil {
		return nil, err
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if data, err := os.ReadFile(ready); err == nil && json.Unmarshal(data, m) == nil {
			return m, nil
		}
	}
	m.stop()
	return nil, errors.New("the mock did not start")
}

func (m *mock) stop() {
	_ = m.cmd.Process.Kill()
	_ = m.cmd.Wait()
}

type logged struct {
	Method   string    `json:"method"`
	Path     string    `json:"path"`
	Query    string    `json:"query"`
	Received time.Time `json:"received"`
	Answered time.Time `json:"answered"`
}

// requests returns the mock's request log so far.
func (m *mock) requests() ([]logged, error) {
	f, err := os.Open(m.logPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []logged
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		var l logged
		if err := json.Unmarshal(scanner.Bytes(), &l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, scanner.Err()
}

// during runs op and returns the requests the mock received meanwhile.
func (m *mock) during(op func() error) ([]logged, error) {
	before, err := m.requests()
	if err != nil {
		return nil, err
	}
	if err := op(); err != nil {
		return nil, err
	}
	after, err := m.requests()
	if err != nil {
		return nil, err
	}
	return after[len(before):], nil
}

// workdir is a Terraform configuration of peers against one mock.
type workdir struct {
	b        *bench
	dir      string
	provider string
	m        *mock
}

// newWorkdir writes a configuration of two peers (IPv4 and IPv6) on each
// interface in vifIDs, or of one IPv6 peer named by var.name when single.
func (b *bench) newWorkdir(provider string, m *mock, vifIDs []string, single bool) (*workdir, error) {
	dir, err := os.MkdirTemp(b.work, provider+"-")
	if err != nil {
		return nil, err
	}
	quoted := make([]string, len(vifIDs))
	for i, id := range vifIDs {
		quoted[i] = strconv.Quote(id)
	}
	config := fmt.Sprintf(`terraform {
  required_providers {
    dcaas = { source = %q }
  }
}

provider "dcaas" {}

variable "name" {
  default = "bench"
}

locals {
  vif_ids = [%s]
}
`, providerAddress, strings.Join(quoted, ", "))
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
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		return nil, err
	}
	return &workdir{b: b, dir: dir, provider: provider, m: m}, nil
}

// terraform runs one command; watch, when set, gets the command's pid
// while it runs.
func (w *workdir) terraform(watch func(pid int) func(), args ...string) (time.Duration, error) {
	cmd := exec.Command(w.b.terraform, append([]string{"-chdir=" + w.dir}, args...)...)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+w.b.rc[w.provider], "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"DCAAS_ENDPOINT="+w.m.Endpoint, "DCAAS_PROJECT_ID="+w.m.ProjectID, "DCAAS_AUTH_TOKEN="+w.m.Token)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	stopWatching := func() {}
	if watch != nil {
		stopWatching = watch(cmd.Process.Pid)
	}
	err := cmd.Wait()
	took := time.Since(start)
	stopWatching()
	if err != nil {
		return 0, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, output.String())
	}
	return took, nil
}

func (w *workdir) apply(vars ...string) (time.Duration, error) {
	return w.terraform(nil, append([]string{"apply", "-auto-approve", "-input=false", "-no-color", parallelism}, vars...)...)
}

// createInterfaceWithPeer makes an interface with the vendor's default
// IPv4 peer, so that the IPv6 peer of a lifecycle can be deleted (the API
// keeps the last peer of an interface).
func createInterfaceWithPeer(m *mock) (string, error) {
	body := `{"virtual_interface": {"name": "lifecycle", "ipv4_peer": {"local_gateway_ip": "10.9.0.1/30", "remote_gateway_ip": "10.9.0.2/30"}}}`
	req, err := http.NewRequest(http.MethodPost, m.Endpoint+"/v3/"+m.ProjectID+"/dcaas/virtual-interfaces", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("X-Auth-Token", m.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var answer struct {
		VirtualInterface struct {
			ID string `json:"id"`
		} `json:"virtual_interface"`
	}
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("creating an interface: HTTP %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return "", fmt.Errorf("creating an interface: %w", err)
	}
	return answer.VirtualInterface.ID, nil
}

// lifecycle is what one peer's create, read, update and delete cost.
type lifecycle struct {
	lag                                    time.Duration
	create, wait, read, update, deleteCall int
}

// oneLifecycle creates, refreshes, renames and destroys one peer against a
// mock whose peers take pending to provision.
func (b *bench) oneLifecycle(pending time.Duration) (lifecycle, error) {
	var lc lifecycle
	m, err := b.startMock(pending, 1)
	if err != nil {
		return lc, err
	}
	defer m.stop()
	vifID, err := createInterfaceWithPeer(m)
	if err != nil {
		return lc, err
	}
	w, err := b.newWorkdir("dcaas", m, []string{vifID}, true)
	if err != nil {
		return lc, err
	}
	created, err := m.during(func() error { _, err := w.apply(); return err })
	if err != nil {
		return lc, err
	}
	if lc.lag, err = waitLag(created, pending); err != nil {
		return lc, err
	}
	read, err := m.during(func() error {
		_, err := w.terraform(nil, "plan", "-refresh-only", "-input=false", "-no-color")
		return err
	})
	if err != nil {
		return lc, err
	}
	updated, err := m.during(func() error { _, err := w.apply("-var", "name=renamed"); return err })
	if err != nil {
		return lc, err
	}
	deleted, err := m.during(func() error {
		_, err := w.terraform(nil, "destroy", "-auto-approve", "-input=false", "-no-color", "-var", "name=renamed")
		return err
	})
	if err != nil {
		return lc, err
	}
	lc.create, lc.read, lc.update, lc.deleteCall = len(created), len(read), len(updated), len(deleted)
	lc.wait = waitCalls(created)
	return lc, nil
}

// waitCalls counts the requests of an apply that came after its create:
// those of the wait for the new peer to be ready.
func waitCalls(requests []logged) int {
	n, created := 0, false
	for _, r := range requests {
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/vif-peers"):
			created = true
		case created:
			n++
		}
	}
	return n
}

// waitLag is the time from the peer becoming ready (the create's arrival
// plus the provisioning time) to the answer of the last read of the apply,
// the one that saw it ready.
func waitLag(requests []logged, pending time.Duration) (time.Duration, error) {
	var created, lastRead *logged
	for i := range requests {
		r := &requests[i]
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/vif-peers"):
			created = r
		case r.Method == http.MethodGet && strings.Contains(r.Path, "/virtual-interfaces"):
			lastRead = r
		}
	}
	if created == nil || lastRead == nil {
		return 0, fmt.Errorf("the apply made no create and read: %+v", requests)
	}
	return lastRead.Answered.Sub(created.Received.Add(pending)), nil
}

func (b *bench) waits() ([]row, error) {
	var rows []row
	for _, pending := range []time.Duration{0, 3 * time.Second} {
		var lags []time.Duration
		var creates, waits, reads, updates, deletes []float64
		for i := range b.runs {
			log.Printf("lifecycle of one peer, %s provisioning, run %d/%d", pending, i+1, b.runs)
			lc, err := b.oneLifecycle(pending)
			if err != nil {
				return nil, err
			}
			lags = append(lags, lc.lag)
			creates = append(creates, float64(lc.create))
			waits = append(waits, float64(lc.wait))
			reads = append(reads, float64(lc.read))
			updates = append(updates, float64(lc.update))
			deletes = append(deletes, float64(lc.deleteCall))
		}
		p := pending.String()
		rows = append(rows,
			durationRow("Wait lag after the peer is ready, "+p+" provisioning", lags, targetLag),
			countRow("API calls of the wait after a create, "+p+" provisioning", waits, targetWaitCalls, pending > 0),
			countRow("API calls per create (read of the interface, create, wait), "+p, creates, 0, false),
			countRow("API calls per read (refresh of one peer), "+p, reads, 0, false),
			countRow("API calls per update (with its refresh), "+p, updates, 0, false),
			countRow("API calls per delete (with its refresh), "+p, deletes, 0, false),
		)
	}
	return rows, nil
}

// apply100 times the apply of 100 new peers on 50 interfaces, provider and
// floor in turn.
func (b *bench) apply100() ([]row, error) {
	var measured, floor []time.Duration
	var calls []float64
	for i := range b.runs {
		for _, provider := range []string{"dcaas", "noop"} {
			log.Printf("apply of 100 peers, %s, run %d/%d", provider, i+1, b.runs)
			m, err := b.startMock(0, 50)
			if err != nil {
				return nil, err
			}
			w, err := b.newWorkdir(provider, m, m.VifIDs, false)
			if err != nil {
				m.stop()
				return nil, err
			}
			var took time.Duration
			requests, err := m.during(func() error {
				var applyErr error
				took, applyErr = w.apply()
				return applyErr
			})
			m.stop()
			if err != nil {
				return nil, err
			}
			if provider == "dcaas" {
				measured = append(measured, took)
				calls = append(calls, float64(len(requests))/100)
			} else {
				floor = append(floor, took)
			}
		}
	}
	return []row{
		durationRow("Apply of 100 peers on 50 interfaces, provider", measured, 0),
		durationRow("Apply of 100 peers on 50 interfaces, no-op floor", floor, 0),
		ratioRow("Apply of 100 peers: provider / floor", measured, floor, targetApplyRatio),
		countRow("API calls per peer in that apply, 0 s provisioning", calls, 0, false),
	}, nil
}

// refresh500 times refresh-only plans of 500 peers on 250 interfaces,
// provider and floor in turn, and watches the provider's memory.
func (b *bench) refresh500() ([]row, error) {
	dirs := map[string]*workdir{}
	for _, provider := range []string{"dcaas", "noop"} {
		m, err := b.startMock(0, 250)
		if err != nil {
			return nil, err
		}
		defer m.stop()
		w, err := b.newWorkdir(provider, m, m.VifIDs, false)
		if err != nil {
			return nil, err
		}
		log.Printf("creating 500 peers with %s", provider)
		if _, err := w.apply(); err != nil {
			return nil, err
		}
		dirs[provider] = w
	}
	var measured, floor []time.Duration
	var calls, rss []float64
	for i := range b.runs {
		for _, provider := range []string{"dcaas", "noop"} {
			log.Printf("refresh-only plan of 500 peers, %s, run %d/%d", provider, i+1, b.runs)
			w := dirs[provider]
			var peak int64
			var watch func(int) func()
			if provider == "dcaas" {
				watch = watchPeakRSS(b.realBin, &peak)
			}
			var took time.Duration
			requests, err := w.m.during(func() error {
				var err error
				took, err = w.terraform(watch, "plan", "-refresh-only", "-input=false", "-no-color", parallelism)
				return err
			})
			if err != nil {
				return nil, err
			}
			if provider == "dcaas" {
				measured = append(measured, took)
				calls = append(calls, float64(len(requests)))
				rss = append(rss, float64(peak)/1024)
			} else {
				floor = append(floor, took)
			}
		}
	}
	return []row{
		durationRow("Refresh-only plan of 500 peers on 250 interfaces, provider", measured, 0),
		durationRow("Refresh-only plan of 500 peers, no-op floor", floor, 0),
		ratioRow("Refresh of 500 peers: provider / floor", measured, floor, targetRefreshRatio),
		countRow("API calls per refresh of 500 peers", calls, targetRefreshCalls, true),
		{name: "Provider's peak RSS during that refresh (MB)", values: rss, median: median(rss), format: "%.0f", target: targetPeakRSSMB, hasTarget: true},
	}, nil
}

// watchPeakRSS follows the provider processes Terraform starts, found
// among the children of its threads, and records the highest peak resident
// memory (VmHWM) of any, in kB, until the returned stop is called.
func watchPeakRSS(binary string, peak *int64) func(int) func() {
	return func(terraformPID int) func() {
		done := make(chan struct{})
		finished := make(chan struct{})
		go func() {
			defer close(finished)
			ticker := time.NewTicker(10 * time.Millisecond)
			defer ticker.Stop()
			provider := 0
			for {
				if provider == 0 {
					for _, pid := range childrenOf(terraformPID) {
						if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); exe == binary {
							provider = pid
						}
					}
				}
				// Terraform starts the provider more than once in a run (to read
				// its schema, then to refresh): look again when one is gone.
				if provider != 0 {
					hwm := vmHWM(provider)
					*peak = max(*peak, hwm)
					if hwm == 0 {
						provider = 0
					}
				}
				select {
				case <-done:
					return
				case <-ticker.C:
				}
			}
		}()
		return func() { close(done); <-finished }
	}
}

func childrenOf(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, task := range tasks {
		data, _ := os.ReadFile(task)
		for _, field := range strings.Fields(string(data)) {
			if child, err := strconv.Atoi(field); err == nil {
				out = append(out, child)
			}
		}
	}
	return out
}

func vmHWM(pid int) int64 {
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}

// row is a line of the table: the runs' values of one figure, their
// median (for a ratio, the ratio of the medians), and its target if it has
// one (an upper bound).
type row struct {
	name      string
	values    []float64
	median    float64
	format    string
	target    float64
	hasTarget bool
}

func durationRow(name string, values []time.Duration, target time.Duration) row {
	seconds := make([]float64, len(values))
	for i, v := range values {
		seconds[i] = v.Seconds()
	}
	return row{name: name + " (s)", values: seconds, median: median(seconds), format: "%.3f", target: target.Seconds(), hasTarget: target > 0}
}

func countRow(name string, values []float64, target float64, hasTarget bool) row {
	return row{name: name, values: values, median: median(values), format: "%.1f", target: target, hasTarget: hasTarget}
}

// ratioRow divides the median of the provider's times by the floor's; its
// range is that of the ratios of runs made in turn.
func ratioRow(name string, measured, floor []time.Duration, target float64) row {
	ratios := make([]float64, len(measured))
	measuredSeconds, floorSeconds := make([]float64, len(measured)), make([]float64, len(floor))
	for i := range measured {
		ratios[i] = measured[i].Seconds() / floor[i].Seconds()
		measuredSeconds[i], floorSeconds[i] = measured[i].Seconds(), floor[i].Seconds()
	}
	return row{name: name, values: ratios, median: median(measuredSeconds) / median(floorSeconds),
		format: "%.2f×", target: target, hasTarget: true}
}

func median(values []float64) float64 {
	sorted := slices.Sorted(slices.Values(values))
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func render(rows []row, machine string, runs int, note string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmark results\n\n")
	fmt.Fprintf(&b, "Written by `make bench` on %s. Each figure is the median of %d runs, with their range; "+
		"a target is an upper bound. The provider and the no-op floor run in turn, against the mock API "+
		"command on loopback, with `%s`.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), runs, parallelism)
	fmt.Fprintf(&b, "Machine: %s\n\n", machine)
	if note != "" {
		fmt.Fprintf(&b, "%s\n\n", note)
	}
	fmt.Fprintf(&b, "| Figure | Median | Min–max | Target | Met |\n|---|---:|---:|---:|---|\n")
	for _, r := range rows {
		target, met := "", ""
		if r.hasTarget {
			target = "≤ " + fmt.Sprintf(r.format, r.target)
			met = "yes"
			if r.median > r.target {
				met = "**no**"
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s–%s | %s | %s |\n", r.name, fmt.Sprintf(r.format, r.median),
			fmt.Sprintf(r.format, slices.Min(r.values)), fmt.Sprintf(r.format, slices.Max(r.values)), target, met)
	}
	b.WriteString(`
How each figure is taken:

- Wait lag: from the moment the mock makes the peer ready (the create's
  arrival plus the provisioning time) to the answer of the read that saw it
  ready, from the mock's request log, for the apply of one peer.
- API calls: requests in the mock's log during the Terraform command
  (apply, ` + "`plan -refresh-only`" + `, apply of a rename, destroy), so an update
  and a delete include the refresh before them. A create is the read of the
  interface before it (the family must be free), the create itself and the
  wait; the wait's calls are those after the create.
- Ratios: median wall time of the Terraform command with the provider over
  the median of the same command with the no-op provider (same schema and
  validation, no API calls); the range is that of the ratios of each run
  with the provider to the floor's run right after it, which the changing
  load of a shared machine widens.
- Peak RSS: VmHWM of the provider's process, read from /proc while the
  refresh runs.
`)
	return b.String()
}

func describeMachine(terraform string) string {
	model := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	load := ""
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = ", load average at start " + strings.Join(strings.Fields(string(data))[:3], " ")
	}
	version := "Terraform"
	if out, err := exec.Command(terraform, "version").Output(); err == nil {
		version = strings.SplitN(string(out), "\n", 2)[0]
	}
	return fmt.Sprintf("%d CPUs (%s), %s/%s, %s, %s%s", runtime.NumCPU(), model, runtime.GOOS, runtime.GOARCH,
		runtime.Version(), version, load)
}
