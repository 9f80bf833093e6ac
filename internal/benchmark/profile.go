package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// profile500 runs the provider under the CPU profiler during plans (with
// refresh) of 500 unchanged peers, a fresh provider process for each plan
// as Terraform would start, and the bare floor likewise on the same state
// in turn; it returns pprof's summary of the provider's profiles and of
// their difference from the floor's.
func (b *bench) profile500(tf *cli, plans int) (string, error) {
	dirs, stop, err := b.estate500(tf, false)
	if err != nil {
		return "", err
	}
	defer stop()
	w := dirs["dcaas"]
	profiles := map[string][]string{}
	for i := range plans {
		for _, provider := range []string{"dcaas", "bare"} {
			log.Printf("profiled plan of 500 unchanged peers, %s, %s, run %d/%d", tf.version, provider, i+1, plans)
			profile := filepath.Join(b.profileDir, fmt.Sprintf("plan-%s-%d.prof", provider, i))
			if err := b.profiledPlan(w, profile, provider == "bare"); err != nil {
				return "", err
			}
			profiles[provider] = append(profiles[provider], profile)
		}
	}
	summary, err := summarizeProfiles(profiles["dcaas"])
	if err != nil {
		return "", err
	}
	diff, err := diffProfiles(b.profileDir, profiles["dcaas"], profiles["bare"])
	if err != nil {
		return "", err
	}
	return summary + "\n" + diff, nil
}

// diffProfiles is pprof's top functions by the time under them, of the
// provider's profiles less the floor's: where the provider spends what the
// floor does not.
func diffProfiles(dir string, provider, floor []string) (string, error) {
	merged := map[string]string{}
	for name, profiles := range map[string][]string{"provider": provider, "floor": floor} {
		merged[name] = filepath.Join(dir, name+"-merged.pb.gz")
		args := append([]string{"tool", "pprof", "-proto", "-output", merged[name]}, profiles...)
		if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
			return "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
		}
	}
	view := []string{"-top", "-cum", "-nodecount=30", "-diff_base", merged["floor"]}
	args := append(append([]string{"tool", "pprof"}, view...), merged["provider"])
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	var b strings.Builder
	b.WriteString("The provider less the bare floor, over as many plans each:\n\n$ go tool pprof -top -cum -nodecount=30 -diff_base floor provider\n")
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if !strings.HasPrefix(line, "File:") && !strings.HasPrefix(line, "Build ID:") && !strings.HasPrefix(line, "Time:") {
			b.WriteString(line + "\n")
		}
	}
	return b.String(), nil
}

// profileShares are the parts of a plan's CPU time that the summary names,
// each a pprof focus: the time spent in, or under, the functions it
// matches.
var profileShares = []struct{ name, focus string }{
	{"ValidateResourceConfig", `ValidateResourceConfig_Handler`},
	{"  of which the provider's validators", `fwserver\.AttributeValidate(String|Int64|Set)$`},
	{"UpgradeResourceState", `UpgradeResourceState_Handler`},
	{"ReadResource", `ReadResource_Handler`},
	{"PlanResourceChange", `PlanResourceChange_Handler`},
	{"  of which the provider's plan modifiers", `fwserver\.AttributePlanModify(String|Int64|Bool|Set)$`},
	{"under the provider's own functions (internal/...)", `terraform-provider-dcaas/internal/(provider|customtypes|validators|planmodifiers|netaddr|dcaas)\.`},
	{"writing log lines (terraform-plugin-log, go-hclog)", `tfsdklog\.|tflog\.|go-hclog\.`},
	{"garbage collection (background marking)", `runtime\.gcBgMarkWorker`},
}

// summarizeProfiles is the shares above, then pprof's top functions by
// their own time and by the time under them.
func summarizeProfiles(profiles []string) (string, error) {
	pprof := func(args ...string) (string, error) {
		all := append(append([]string{"tool", "pprof"}, args...), profiles...)
		out, err := exec.Command("go", all...).Output()
		if err != nil {
			return "", fmt.Errorf("go %s: %w", strings.Join(all, " "), err)
		}
		return string(out), nil
	}
	var summary strings.Builder
	summary.WriteString("Share of the provider's CPU time:\n")
	for _, share := range profileShares {
		out, err := pprof("-top", "-nodecount=1000000", "-nodefraction=0", "-focus="+share.focus)
		if err != nil {
			return "", err
		}
		percent := "0%"
		for _, line := range strings.Split(out, "\n") {
			// "Showing nodes accounting for 12.04s, 42.05% of 28.63s total"
			if rest, ok := strings.CutPrefix(line, "Showing nodes accounting for "); ok {
				if fields := strings.Fields(rest); len(fields) >= 2 {
					percent = fields[1]
				}
			}
		}
		fmt.Fprintf(&summary, "  %-52s %s\n", share.name, percent)
	}
	for _, view := range [][]string{{"-top", "-nodecount=25"}, {"-top", "-cum", "-nodecount=45"}} {
		out, err := pprof(view...)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&summary, "\n$ go tool pprof %s\n", strings.Join(view, " "))
		for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			if !strings.HasPrefix(line, "File:") && !strings.HasPrefix(line, "Build ID:") && !strings.HasPrefix(line, "Time:") {
				summary.WriteString(line + "\n")
			}
		}
	}
	return summary.String(), nil
}

// profiledPlan runs one plan in w against the profiled provider (or the
// floor), started beforehand and reattached, and stopped after it.
func (b *bench) profiledPlan(w *workdir, profile string, floor bool) error {
	cmd := exec.Command(b.profiledBin, "-cpuprofile", profile, "-floor="+strconv.FormatBool(floor))
	cmd.Env = append(os.Environ(), "DCAAS_ENDPOINT="+w.m.Endpoint, "DCAAS_PROJECT_ID="+w.m.ProjectID, "DCAAS_AUTH_TOKEN="+w.m.Token)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	reattach := ""
	scanner := bufio.NewScanner(stdout)
	for reattach == "" && scanner.Scan() {
		if _, value, ok := strings.Cut(strings.TrimSpace(scanner.Text()), "TF_REATTACH_PROVIDERS="); ok {
			reattach = strings.Trim(value, "'")
		}
	}
	if reattach == "" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return errors.New("the profiled provider printed no TF_REATTACH_PROVIDERS")
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	w.env = []string{"TF_REATTACH_PROVIDERS=" + reattach}
	_, planErr := w.terraform(planArgs...)
	w.env = nil
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		return err
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("the profiled provider: %w", err)
	}
	return planErr
}
