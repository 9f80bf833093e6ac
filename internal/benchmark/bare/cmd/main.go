// Command bare serves the benchmark's floor (package bare) as main.go
// serves the provider, logs included, so that the two differ only in the
// resource's code.
package main

import (
	"log"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/benchmark/bare"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/serving"
)

func main() {
	provider.QuietUnreadLogs()
	if err := serving.Serve(bare.New(provider.New("bare")), false); err != nil {
		log.Fatal(err)
	}
}
