// Command bare serves the benchmark's floor (package bare) as main.go
// serves the provider, logs included, so that the two differ only in the
// resource's code.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/benchmark/bare"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
)

func main() {
	provider.QuietUnreadLogs()
	err := providerserver.Serve(context.Background(), bare.New(provider.New("bare")), providerserver.ServeOpts{
		Address: provider.Address,
	})
	if err != nil {
		log.Fatal(err)
	}
}
