package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// report is everything a run measured.
type report struct {
	rows                   []row
	ops                    []*operation
	profile, profileBefore string
}

func (r *report) add(ops ...*operation) {
	for _, op := range ops {
		if op != nil {
			r.ops = append(r.ops, op)
		}
	}
}

// row is a line of the table of single-peer figures: the runs' values of
// one figure, their median, and its target if it has one (an upper bound).
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

func median(values []float64) float64 {
	sorted := slices.Sorted(slices.Values(values))
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func seconds(values []time.Duration) []float64 {
	out := make([]float64, len(values))
	for i, v := range values {
		out[i] = v.Seconds()
	}
	return out
}

// ratio is the median of the provider's times over the floor's, and the
// range of the ratios of each run to the floor's run right after it.
func (op *operation) ratio() (median_, lowest, highest float64) {
	ratios := make([]float64, len(op.measured))
	for i := range op.measured {
		ratios[i] = op.measured[i].Seconds() / op.floor[i].Seconds()
	}
	return median(seconds(op.measured)) / median(seconds(op.floor)), slices.Min(ratios), slices.Max(ratios)
}

// within formats a median against its target, if any, and says whether it
// is met.
func within(format string, value, target float64, met *bool) string {
	s := fmt.Sprintf(format, value)
	if target <= 0 {
		return s
	}
	if value > target {
		*met = false
		s = "**" + s + "**"
	}
	return s + " ≤ " + fmt.Sprintf(format, target)
}

func spread(format string, values []float64) string {
	return fmt.Sprintf(format+"–"+format, slices.Min(values), slices.Max(values))
}

func (r *report) render(machine *machineInfo, runs, estateRuns int, note string, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmark results\n\n")
	fmt.Fprintf(&b, "Written by `make bench` on %s, in %s. Each figure is the median of its runs (%d each, %d for the "+
		"2,000-peer plans and the peers with thousands of subnets, one import), with their range; a target is an upper bound of the median. The provider "+
		"and the bare floor run in turn, against the mock API command on loopback, with `%s` and 0 s provisioning "+
		"unless said otherwise.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), took.Round(time.Second), runs, estateRuns, parallelism)
	fmt.Fprintf(&b, "Machine: %s\n\nLoad average (1 min): %s\n\n", machine.describe(), machine.load())
	if note != "" {
		fmt.Fprintf(&b, "%s\n\n", note)
	}
	if len(r.ops) > 0 {
		b.WriteString("## Against the bare floor\n\n")
		b.WriteString("| Operation | CLI | Provider (s) | Floor (s) | Provider / floor | Its range | API calls | Peak RSS (MB): provider, floor | CPU (s): provider, floor | Met |\n")
		b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n")
		for _, op := range r.ops {
			met := true
			floor, ratio, ratioRange, cpu := "", "", "", fmt.Sprintf("%.2f", median(seconds(op.cpu)))
			rss := within("%.0f", median(op.rss), op.targetRSSMB, &met)
			if op.hasFloor {
				m, lo, hi := op.ratio()
				floor = fmt.Sprintf("%.2f (%s)", median(seconds(op.floor)), spread("%.2f", seconds(op.floor)))
				ratio = within("%.2f×", m, op.targetRatio, &met)
				ratioRange = spread("%.2f×", []float64{lo, hi})
				cpu += fmt.Sprintf(", %.2f", median(seconds(op.floorCPU)))
				rss += fmt.Sprintf(", %.0f", median(op.floorRSS))
			}
			fmt.Fprintf(&b, "| %s | %s | %.2f (%s) | %s | %s | %s | %s | %s | %s | %s |\n", op.name, op.cli,
				median(seconds(op.measured)), spread("%.2f", seconds(op.measured)), floor, ratio, ratioRange,
				within("%.0f", median(op.calls), op.targetCalls, &met), rss,
				cpu, map[bool]string{true: "yes", false: "**no**"}[met])
		}
		b.WriteString("\n")
	}
	if len(r.rows) > 0 {
		b.WriteString("## One peer\n\n| Figure | Median | Min–max | Target | Met |\n|---|---:|---:|---:|---|\n")
		for _, row := range r.rows {
			target, met := "", ""
			if row.hasTarget {
				target = "≤ " + fmt.Sprintf(row.format, row.target)
				met = "yes"
				if row.median > row.target {
					met = "**no**"
				}
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", row.name, fmt.Sprintf(row.format, row.median),
				spread(row.format, row.values), target, met)
		}
		b.WriteString("\n")
	}
	b.WriteString(howTaken)
	if r.profile != "" {
		fmt.Fprintf(&b, "\n## Where the time goes\n\nCPU profile of the provider process during %d plans (with refresh) of "+
			"500 unchanged peers, each plan its own process, as `make bench` takes it today:\n\n```\n%s```\n", profiledPlans, r.profile)
	}
	if r.profileBefore != "" {
		fmt.Fprintf(&b, "\nThe same profile of the code before the plan path was made cheap (bench/profile-before.txt):\n\n```\n%s```\n", r.profileBefore)
	}
	return b.String()
}

const howTaken = `## How each figure is taken

- The bare floor (internal/benchmark/bare) has the provider's resource
  types with the same attribute names, Terraform types, flags, nesting and
  static defaults, derived from the real schema when it starts, and no
  validators, plan modifiers, custom types, ModifyPlan or API: Create fills
  in the unknown values, Read returns the state. Both are served alike
  (internal/serving), as a release serves the provider.
- The plans of 500 peers: the provider creates them, and the floor plans a
  copy of that state, so both plan the same values (Terraform's own time
  depends on them: its number handling makes zeros cheaper than real
  figures). Only the apply of 100 has each create its own.
- Ratios: the median wall time of the command with the provider over the
  median with the floor; the range is that of the ratios of each run with
  the provider to the floor's run right after it, which the changing load of
  a shared machine widens.
- API calls: requests in the mock's request log during the command. A
  create is the read of the interface before it (the family must be free),
  the create itself and the wait; an update and a delete include the
  refresh before them.
- CPU: user and system time of the command and of the provider processes
  it waited for (the floor's, for the floor), a figure the load of other
  processes changes less than wall time.
- Peak RSS: VmHWM of the provider's process, read from /proc while the
  command runs (the highest of the processes Terraform starts).
- The 2,000-peer estate: 2,000 interfaces, each with the IPv4 peer the
  service creates with it, imported by one ` + "`apply`" + ` of a configuration
  whose import block's ` + "`for_each`" + ` is fed by ` + "`dcaas_vif_peers`" + `. Its plans then
  run with the import block gone and the peers written out, as after an
  import; the floor plans a copy of the imported state.
- One peer with 2,000 or 5,000 subnets: the plan of its create, the apply
  and the plan after it (with refresh), each run against a fresh mock, the
  floor planning and applying the same configuration, its remote_ep_group
  the framework's plain list of strings.
- Wait lag: from the moment the mock makes the peer ready (the create's
  arrival plus the provisioning time) to the answer of the read that saw it
  ready, from the mock's request log, for the apply of one peer.
`

// machineInfo describes the machine, and follows its load while the
// benchmark runs.
type machineInfo struct {
	mu    sync.Mutex
	loads []float64
	done  chan struct{}
}

func describeMachine() *machineInfo {
	m := &machineInfo{done: make(chan struct{})}
	m.sample()
	go func() {
		ticker := time.NewTicker(15 * time.Second)
		defer ticker.Stop()
		for {
			select {
			case <-m.done:
				return
			case <-ticker.C:
				m.sample()
			}
		}
	}()
	return m
}

func (m *machineInfo) sample() {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return
	}
	if load, err := strconv.ParseFloat(strings.Fields(string(data))[0], 64); err == nil {
		m.mu.Lock()
		m.loads = append(m.loads, load)
		m.mu.Unlock()
	}
}

func (m *machineInfo) describe() string {
	model := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	return fmt.Sprintf("%d CPUs (%s), %s/%s, %s", runtime.NumCPU(), model, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// load is the load average at the start, its median and highest while the
// benchmark ran (sampled every 15 s), and at the end.
func (m *machineInfo) load() string {
	m.sample()
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.loads) == 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.2f at the start, median %.2f and highest %.2f while it ran, %.2f at the end",
		m.loads[0], median(m.loads), slices.Max(m.loads), m.loads[len(m.loads)-1])
}
