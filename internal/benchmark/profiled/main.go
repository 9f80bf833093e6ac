// Command profiled is the provider under a CPU profiler, for the benchmark
// to find where a plan's time goes. It serves as the provider's -debug
// mode does, printing the TF_REATTACH_PROVIDERS line for Terraform to use,
// and writes the profile of everything it served when it gets SIGINT.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
)

func main() {
	out := flag.String("cpuprofile", "cpu.prof", "where to write the CPU profile")
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
	err = providerserver.Serve(context.Background(), provider.New("profiled"), providerserver.ServeOpts{
		Address: "registry.terraform.io/dcaas-labs/dcaas",
		Debug:   true,
	})
	pprof.StopCPUProfile()
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		log.Fatal(err)
	}
}
