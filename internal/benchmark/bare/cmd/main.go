// Command bare serves the benchmark's floor (package bare) as Terraform
// starts a provider.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/benchmark/bare"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
)

func main() {
	err := providerserver.Serve(context.Background(), bare.New(provider.New("bare")), providerserver.ServeOpts{
		Address: "registry.terraform.io/dcaas-labs/dcaas",
	})
	if err != nil {
		log.Fatal(err)
	}
}
