package main

import (
	"flag"
	"log"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/serving"
)

// version is set by the release build through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if !debug {
		// Under a debugger the logs go to the terminal, for the developer.
		provider.QuietUnreadLogs()
	}
	if err := serving.Serve(provider.New(version), debug); err != nil {
		log.Fatal(err.Error())
	}
}
