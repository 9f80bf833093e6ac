// Command testacc runs the acceptance tests once under each CLI it is given,
// Terraform or OpenTofu, and ends with one line per CLI:
//
//	Terraform v1.5.7: 212 passed, 0 failed, 3 skipped
//
// Usage: go run ./tools/testacc CLI... [-- go test flags]
//
// A test is a top-level test function: its subtests pass or fail with it.
// The counts come from `go test -json`. While a run goes on, the output of
// each failed test is printed, and the reason of each skipped one; with -v
// among the go test flags, every test's. A top-level
// test that never ends (a panic, a timeout) counts as failed, and so does
// the run itself, as one test, when go test fails outside any test (a build
// error). It exits 1 when any run failed, after every run and every line.
//
// ACC_FIRST_CLI_ONLY, a regular expression of test names, keeps those tests
// to the first CLI: the others run them not at all (go test -skip), so CI
// stays within its time on two cores.
//
// ACC_FEATURE_ONLY_CLIS names CLIs (paths, space-separated) that run only
// the tests of features first released in ACC_FEATURES_SINCE or later
// (such as 1.12), and those of the CLI's own behaviour (TestAccCLI_): a release between the oldest and the newest is tested for
// what it adds, each feature at its first release and at the newest. A
// CLI path that does not exist is skipped, saying so: a machine without
// the release archives builds no Terraform past 1.11.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"
)

const testPackage = "./internal/provider/"

func main() {
	paths, goTestArgs := splitArgs(os.Args[1:])
	if len(paths) == 0 {
		fmt.Fprintln(os.Stderr, "usage: testacc CLI... [-- go test flags]")
		os.Exit(2)
	}
	verbose := slices.Contains(goTestArgs, "-v")

	type result struct {
		cli    tfcli.CLI
		counts counts
	}
	var results []result
	firstOnly := os.Getenv("ACC_FIRST_CLI_ONLY")
	featureOnly := strings.Fields(os.Getenv("ACC_FEATURE_ONLY_CLIS"))
	for i, path := range paths {
		if _, err := os.Stat(path); err != nil { //nolint:gosec // a CLI the developer named
			fmt.Printf("=== %s: not tested, no such CLI (%v)\n", path, err)
			continue
		}
		cli, err := tfcli.Detect(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if slices.ContainsFunc(results, func(r result) bool { return r.cli == cli }) {
			fmt.Printf("=== %s at %s: already tested\n", cli, path)
			continue
		}
		fmt.Printf("=== Acceptance tests under %s (%s)\n", cli, path)
		start := time.Now()
		args := goTestArgs
		if i > 0 && firstOnly != "" {
			fmt.Printf("    not run here, only under %s: %s\n", results[0].cli, firstOnly)
			args = append(slices.Clone(goTestArgs), "-skip", firstOnly)
		}
		if slices.Contains(featureOnly, path) {
			run, err := featureRun(cli)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			fmt.Printf("    only the tests of features since %s: %s\n", os.Getenv("ACC_FEATURES_SINCE"), run)
			args = append(slices.Clone(args), "-run", run)
		}
		c, err := runTests(path, args, verbose)
		if err != nil && c.failed == 0 {
			fmt.Printf("go test failed outside any test (%v): counted as one failed test\n", err)
			c.failed = 1
		}
		fmt.Printf("    finished in %s\n", time.Since(start).Round(time.Second))
		results = append(results, result{cli, c})
	}

	failed := false
	for _, r := range results {
		fmt.Printf("%s: %d passed, %d failed, %d skipped\n", r.cli, r.counts.passed, r.counts.failed, r.counts.skipped)
		failed = failed || r.counts.failed > 0
	}
	if failed {
		os.Exit(1)
	}
}

// featureRun is the -run pattern of the tests of the features cli's
// product first released in ACC_FEATURES_SINCE or later.
func featureRun(cli tfcli.CLI) (string, error) {
	since, err := tfcli.ParseVersion(os.Getenv("ACC_FEATURES_SINCE"))
	if err != nil {
		return "", fmt.Errorf("ACC_FEATURES_SINCE: %w", err)
	}
	names, err := featureTests(testPackage, filepath.Join("internal", "tfcli", "tfcli.go"), cli.Product, since)
	if err != nil {
		return "", err
	}
	if len(names) == 0 {
		return "", fmt.Errorf("no acceptance test in %s requires a feature first released in %s or later", testPackage, since)
	}
	return "^(" + strings.Join(names, "|") + ")$", nil
}

// splitArgs parses "CLI... -- go test flags".
func splitArgs(args []string) (paths, goTestArgs []string) {
	if i := slices.Index(args, "--"); i >= 0 {
		return args[:i], args[i+1:]
	}
	return args, nil
}

// runTests runs go test -json on the acceptance tests with the CLI at path
// and counts what it reports; err is go test's own failure.
func runTests(path string, goTestArgs []string, verbose bool) (counts, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return counts{}, err
	}
	rc, err := filepath.Abs(filepath.Join("tools", "terraformrc"))
	if err != nil {
		return counts{}, err
	}
	args := append([]string{"test", "-json", "-count=1", "-run", "^TestAcc"}, goTestArgs...)
	cmd := exec.Command("go", append(args, testPackage)...) //nolint:gosec // go test with the flags the developer gave make
	cmd.Env = append(os.Environ(), "TF_ACC=1", "TF_ACC_TERRAFORM_PATH="+abs)
	if os.Getenv("TF_CLI_CONFIG_FILE") == "" {
		// A CLI configuration that exists: without one OpenTofu prints a
		// warning into its version output, which terraform-plugin-testing
		// then cannot read.
		cmd.Env = append(cmd.Env, "TF_CLI_CONFIG_FILE="+rc)
	}
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return counts{}, err
	}
	if err := cmd.Start(); err != nil {
		return counts{}, err
	}
	c, readErr := summarize(stdout, os.Stdout, verbose)
	if err := cmd.Wait(); err != nil {
		return c, err
	}
	return c, readErr
}

type counts struct{ passed, failed, skipped int }

// event is one line of go test -json (cmd/test2json).
type event struct {
	Action string
	Test   string
	Output string
}

// summarize reads go test -json from r, counts top-level tests and writes
// to w the output of those that failed (every test's with verbose) and the
// reasons of those skipped, and what go test printed outside any test when
// it failed.
func summarize(r io.Reader, w io.Writer, verbose bool) (counts, error) {
	var c counts
	output := map[string][]string{} // by top-level test, subtests' included
	running := map[string]bool{}
	var order []string // the tests that started, in order
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for scanner.Scan() {
		var e event
		if err := json.Unmarshal(scanner.Bytes(), &e); err != nil {
			// Not test2json: the build's own words.
			fmt.Fprintln(w, scanner.Text())
			continue
		}
		top, _, sub := strings.Cut(e.Test, "/")
		switch {
		case e.Action == "output" || e.Action == "build-output":
			if !strings.HasPrefix(e.Output, "=== ") {
				output[top] = append(output[top], e.Output)
			}
		case e.Action == "run" && top != "" && !sub:
			running[top] = true
			order = append(order, top)
		case e.Test == "" && e.Action == "fail":
			flush(w, output[""])
		case top != "" && !sub && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
			delete(running, top)
			switch e.Action {
			case "pass":
				c.passed++
				if verbose {
					flush(w, output[top])
				}
			case "fail":
				c.failed++
				flush(w, output[top])
			case "skip":
				c.skipped++
				flush(w, output[top])
			}
			delete(output, top)
		}
	}
	for _, test := range order {
		if running[test] {
			c.failed++
			fmt.Fprintf(w, "--- %s never ended:\n", test)
			flush(w, output[test])
		}
	}
	return c, scanner.Err()
}

func flush(w io.Writer, lines []string) {
	for _, line := range lines {
		fmt.Fprint(w, line)
	}
}
