package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Every attribute Terraform learns of, nested ones included, comes with a
// description, so that the generated documentation and editors explain it.
func TestEveryAttributeIsDescribed(t *testing.T) {
	resp, err := providerserver.NewProtocol6(New("test")())().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("schema: %v %v", err, resp.Diagnostics)
	}
	schemas := map[string]*tfprotov6.Schema{"provider": resp.Provider}
	for name, s := range resp.ResourceSchemas {
		schemas["resource "+name] = s
	}
	for name, s := range resp.DataSourceSchemas {
		schemas["data source "+name] = s
	}
	for name, s := range resp.EphemeralResourceSchemas {
		schemas["ephemeral resource "+name] = s
	}
	for name, s := range resp.ListResourceSchemas {
		schemas["list resource "+name] = s
	}
	if len(resp.ListResourceSchemas) == 0 {
		t.Error("the provider has no list resource schema")
	}
	for name, s := range resp.ActionSchemas {
		schemas["action "+name] = s.Schema
	}
	if len(resp.ActionSchemas) != 2 {
		t.Errorf("the provider has %d action schemas, want 2", len(resp.ActionSchemas))
	}
	for owner, s := range schemas {
		for _, missing := range undescribedAttributes("", s.Block.Attributes) {
			t.Errorf("%s: attribute %s has no description", owner, missing)
		}
	}
}

func undescribedAttributes(prefix string, attributes []*tfprotov6.SchemaAttribute) []string {
	var missing []string
	for _, a := range attributes {
		name := prefix + a.Name
		if a.Description == "" {
			missing = append(missing, name)
		}
		if a.NestedType != nil {
			missing = append(missing, undescribedAttributes(name+".", a.NestedType.Attributes)...)
		}
	}
	return missing
}
