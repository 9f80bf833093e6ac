package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
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

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/dcaas-labs/dcaas",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
