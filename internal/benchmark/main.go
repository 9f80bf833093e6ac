// Command benchmark measures the provider with the real Terraform and
// OpenTofu CLIs against the mock API command on loopback: how soon a wait
// notices a ready peer, what each operation costs in API calls, how an
// apply of 100 peers, the plans of 500 and the import, plan and refresh of
// an estate of 2,000 compare with the bare floor, what `terraform query`
// of that estate and the import of the configuration it generates cost,
// the create plan, apply and next plan of one peer with 2,000 and 5,000
// subnets (./internal/benchmark/bare:
// the same resource shape and no provider code at all), the provider's
// peak memory, and where a plan's time goes, from a CPU profile of the
// provider (./internal/benchmark/profiled). `make bench` runs it; it prints
// the tables and writes them to bench/results.md.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

const (
	providerAddress = "dcaas-labs/dcaas"
	binaryName      = "terraform-provider-dcaas"
	parallelism     = "-parallelism=10"
	// estatePeers is the size of the imported estate.
	estatePeers = 2000
	// profiledPlans is how many plans, each its own provider process, the
	// CPU profile covers.
	profiledPlans = 5
)

// Targets of the figures: upper bounds of the medians.
const (
	targetLag          = 300 * time.Millisecond
	targetWaitCalls    = 12
	targetApplyRatio   = 1.3
	targetPlanRatio    = 1.15
	targetRefreshCalls = 5
	targetImportCalls  = 10
	targetPeakRSSMB    = 80
	targetEstateRSSMB  = 120
	// targetSubnetsRatio bounds each command on one peer with thousands of
	// subnets: its cost must grow as the floor's does, not faster.
	targetSubnetsRatio = 1.5
)

type bench struct {
	work    string
	mockBin string
	// bins holds the binary of each provider, by the names of rc.
	bins        map[string]string
	profiledBin string
	// rc holds a CLI configuration per provider: "dcaas" for the provider,
	// "bare" for the floor.
	rc         map[string]string
	runs       int
	estateRuns int
	// profileDir keeps the CPU profiles, for a closer look with pprof.
	profileDir string
}

func main() {
	terraform := flag.String("terraform", "bin/terraform", "the Terraform CLI of most measurements")
	estateTerraform := flag.String("estate-terraform", "/usr/local/bin/terraform", "the Terraform CLI (1.7 or later, for a for_each import block) of the 2,000-peer estate")
	tofu := flag.String("tofu", "bin/tofu-v1.12.6", "the OpenTofu CLI")
	queryTerraform := flag.String("query-terraform", "bin/terraform-1.15.9", "the Terraform CLI (1.14 or later) of `terraform query`")
	runs := flag.Int("runs", 5, "runs of each measurement; the tables show their median and range")
	estateRuns := flag.Int("estate-runs", 3, "runs of the 2,000-peer plans and of the peers with thousands of subnets, each under a minute per provider")
	out := flag.String("out", "bench/results.md", "where to write the tables")
	before := flag.String("profile-before", "bench/profile-before.txt", "the CPU profile of the code before its optimisation, shown beside today's")
	note := flag.String("note", "", "a note on the conditions of the run, printed under the tables")
	profileDir := flag.String("profile-dir", "", "where to keep the CPU profiles (by default they go with the run's temporary files)")
	summarize := flag.String("summarize", "", "only print the summary of these CPU profiles (comma-separated), as the report shows it")
	keep := flag.Bool("keep", false, "keep the working directories (configurations, states, CLI configurations) for a look afterwards")
	only := flag.String("only", "waits,apply,plans,tofu,estate,query,subnets,profile", "which measurements to make, comma-separated")
	subnetCounts := flag.String("subnets", "2000,5000", "the sizes of remote_ep_group that the subnets measurement times, comma-separated")
	flag.Parse()
	log.SetFlags(0)

	if *summarize != "" {
		summary, err := summarizeProfiles(strings.Split(*summarize, ","))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Print(summary)
		return
	}
	work, err := os.MkdirTemp("", "dcaas-bench-")
	if err != nil {
		log.Fatal(err)
	}
	if *keep {
		log.Printf("working directories kept in %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	b := &bench{work: work, runs: *runs, estateRuns: *estateRuns, rc: map[string]string{}, bins: map[string]string{}, profileDir: *profileDir}
	if b.profileDir == "" {
		b.profileDir = work
	}
	if err := b.build(); err != nil {
		log.Fatal(err)
	}
	clis := map[string]*cli{}
	for name, path := range map[string]string{"terraform": *terraform, "estate": *estateTerraform, "tofu": *tofu, "query": *queryTerraform} {
		if clis[name], err = newCLI(path); err != nil {
			log.Fatal(err)
		}
	}
	tf := clis["terraform"]
	started := time.Now()
	machine := describeMachine()
	var report report
	// The for_each import's cost, the target of the generated
	// configuration's import when both run.
	var forEachImport *operation
	measurements := map[string]func() error{
		"waits": func() error {
			rows, err := b.waits(tf)
			report.rows = append(report.rows, rows...)
			return err
		},
		"apply": func() error {
			op, err := b.apply100(tf)
			report.add(op)
			return err
		},
		"plans": func() error {
			ops, err := b.plans500(tf, planWithRefresh, planOnly, refreshOnly)
			report.add(ops...)
			return err
		},
		"tofu": func() error {
			op, err := b.apply100(clis["tofu"])
			if err != nil {
				return err
			}
			report.add(op)
			ops, err := b.plans500(clis["tofu"], refreshOnly)
			report.add(ops...)
			return err
		},
		"estate": func() error {
			ops, err := b.estate2000(clis["estate"])
			report.add(ops...)
			if len(ops) > 0 {
				forEachImport = ops[0]
			}
			return err
		},
		"query": func() error {
			ops, err := b.query2000(clis["query"], forEachImport)
			report.add(ops...)
			return err
		},
		"subnets": func() error {
			for _, field := range strings.Split(*subnetCounts, ",") {
				n, err := strconv.Atoi(field)
				if err != nil {
					return fmt.Errorf("-subnets: %w", err)
				}
				ops, err := b.subnets(tf, n)
				report.add(ops...)
				if err != nil {
					return err
				}
			}
			return nil
		},
		"profile": func() error {
			var err error
			report.profile, err = b.profile500(tf, profiledPlans)
			return err
		},
	}
	for _, name := range strings.Split(*only, ",") {
		measure, ok := measurements[name]
		if !ok {
			log.Fatalf("-only: no measurement %q; there are waits, apply, plans, tofu, estate, query, subnets and profile", name)
		}
		if err := measure(); err != nil {
			log.Fatal(err)
		}
	}
	if data, err := os.ReadFile(*before); err == nil {
		report.profileBefore = string(data)
	}
	table := report.render(machine, b.runs, b.estateRuns, *note, time.Since(started))
	fmt.Print(table)
	if err := os.MkdirAll(filepath.Dir(*out), 0o750); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, []byte(table), 0o600); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s", *out)
}

// build compiles the provider, the bare floor, the profiled provider and
// the mock, and writes a CLI configuration that points Terraform at each
// provider.
func (b *bench) build() error {
	b.mockBin = filepath.Join(b.work, "dcaas-mock")
	b.profiledBin = filepath.Join(b.work, "profiled")
	for name, pkg := range map[string]string{"dcaas": ".", "bare": "./internal/benchmark/bare/cmd"} {
		dir := filepath.Join(b.work, name)
		bin := filepath.Join(dir, binaryName)
		if err := run("go", "build", "-o", bin, pkg); err != nil {
			return err
		}
		b.bins[name] = bin
		rc := filepath.Join(b.work, name+".tfrc")
		config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", providerAddress, dir)
		if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
			return err
		}
		b.rc[name] = rc
	}
	if err := run("go", "build", "-o", b.profiledBin, "./internal/benchmark/profiled"); err != nil {
		return err
	}
	return run("go", "build", "-o", b.mockBin, "./internal/mockserver/cmd/dcaas-mock")
}

func run(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}
