// Command profiled is the provider (or, with -floor, the bare floor) under
// a CPU profiler, for the benchmark to find where a plan's time goes. It serves as the provider's -debug
// mode does, printing the TF_REATTACH_PROVIDERS line for Terraform to use,
// and writes the profile of everything it served when it gets SIGINT.
package main

import (
	"flag"
	"log"
	"os"
	"runtime/pprof"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/benchmark/bare"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/serving"
)

func main() {
	out := flag.String("cpuprofile", "cpu.prof", "where to write the CPU profile")
	heap := flag.String("memprofile", "", "where to write, if anywhere, the heap profile taken when it stops: what the last collection found still in use")
	floor := flag.Bool("floor", false, "serve the bare floor instead of the provider, to compare their profiles")
	flag.Parse()
	// Logs as when Terraform starts the provider, not as under -debug.
	provider.QuietUnreadLogs()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	// Serve returns once the interrupt ends the debug server.
	serve := provider.New("profiled")
	if *floor {
		serve = bare.New(serve)
	}
	err = serving.Serve(serve, true)
	pprof.StopCPUProfile()
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil && *heap != "" {
		err = writeHeapProfile(*heap)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
