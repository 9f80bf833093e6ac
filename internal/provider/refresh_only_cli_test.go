package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// A drift check runs `plan -refresh-only -detailed-exitcode`, and takes exit
// code 2 for drift. Terraform sets it when the refreshed state differs from
// the previous one, and some releases compare more than the state holds:
//
//   - 1.10 to 1.14 compare with reflect.DeepEqual, cache of decoded values
//     included (hashicorp/terraform 3a7ddb4735, undone by 659d5e2218 in
//     1.15.0). A number decoded from the state file has 512 bits of
//     precision, the same number from the provider's answer 64, so every
//     resource with a number in its state exits 2, whatever the provider
//     answers.
//   - 1.8 to 1.11 record every sensitive attribute's path in the state
//     (57dad8d48d), in an order that changes from run to run, and compare
//     the order (sorted from 1.12.0 by 5f8d70aafb): a resource with two
//     sensitive attributes exits 2 on about half the runs.
//
// OpenTofu compares what the state holds. This test shows the behaviour of
// the CLI under test with a provider whose refresh changes nothing.
func TestAccCLI_refreshOnlyExitCodeOfUnchangedResources(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		config string
		// flagged says whether the CLI reports drift on a refresh that
		// changed nothing, always or at random.
		flagged func(tfcli.CLI) (always, sometimes bool)
	}{
		"a number": {
			config: `resource "probe_number" "test" {
  count_of = 3
}`,
			flagged: func(c tfcli.CLI) (bool, bool) { return flagsNumbersAsDrift(c), false },
		},
		"one sensitive attribute": {
			config: `resource "probe_one_secret" "test" {
  first = "a"
}`,
			flagged: func(tfcli.CLI) (bool, bool) { return false, false },
		},
		"two sensitive attributes": {
			config: `resource "probe_two_secrets" "test" {
  first  = "a"
  second = "b"
}`,
			flagged: func(c tfcli.CLI) (bool, bool) { return false, shufflesSensitivePaths(c) },
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newCLIWorkspace(t, map[string]func() tfprotov6.ProviderServer{
				probeAddress: providerserver.NewProtocol6(probeProvider{}),
			})
			w.writeConfig(probeRequiredProviders + tc.config)
			w.apply()
			always, sometimes := tc.flagged(w.cli)
			runs := 10
			if sometimes {
				// Each run flips a coin: twenty runs all coming up 0 would
				// take odds of about a million to one.
				runs = 20
			}
			codes := refreshOnlyExitCodes(t, w, runs)
			switch {
			case always:
				expectEvery(t, w.cli, codes, 2)
			case sometimes:
				if !strings.Contains(codes, "2") {
					t.Errorf("%s exited %s in %d refresh-only plans, want 2 in some: its sensitive paths change order", w.cli, codes, runs)
				}
			default:
				expectEvery(t, w.cli, codes, 0)
			}
			// What a drift check can rely on, whatever the exit code says.
			if drift := w.refreshOnlyPlan().ResourceDrift; len(drift) > 0 {
				t.Errorf("%s found drift in a refresh that changed nothing: %v", w.cli, drift[0].Address)
			}
		})
	}
}

// flagsNumbersAsDrift: Terraform 1.10 to 1.14 report drift for every
// resource with a number in its state.
func flagsNumbersAsDrift(c tfcli.CLI) bool {
	return terraformFrom(c, 1, 10) && !terraformFrom(c, 1, 15)
}

// shufflesSensitivePaths: Terraform 1.8 to 1.11 report drift, at random, for
// a resource with more than one sensitive attribute.
func shufflesSensitivePaths(c tfcli.CLI) bool {
	return terraformFrom(c, 1, 8) && !terraformFrom(c, 1, 12)
}

// refreshOnlyExitCodes runs n refresh-only plans, each of which must say
// that nothing changed, and returns their exit codes, such as "0 0 2".
func refreshOnlyExitCodes(t *testing.T, w *cliWorkspace, n int) string {
	t.Helper()
	codes := make([]string, n)
	for i := range codes {
		code, out := w.refreshOnlyExitCode()
		if !strings.Contains(out, "No changes.") {
			t.Fatalf("%s plan -refresh-only exited %d without saying \"No changes.\":\n%s", w.cli, code, out)
		}
		codes[i] = string(rune('0' + code))
	}
	return strings.Join(codes, " ")
}

func expectEvery(t *testing.T, cli tfcli.CLI, codes string, want int) {
	t.Helper()
	for _, code := range strings.Fields(codes) {
		if code != string(rune('0'+want)) {
			t.Errorf("%s exited %s in refresh-only plans of an unchanged resource, want %d every time", cli, codes, want)
			return
		}
	}
}

const probeAddress = "registry.terraform.io/dcaas-test/probe"

const probeRequiredProviders = `terraform {
  required_providers {
    probe = {
      source = "` + probeAddress + `"
    }
  }
}

`

// probeProvider has resources that store their configuration and an id,
// and whose refresh answers the prior state unchanged.
type probeProvider struct{}

func (probeProvider) Metadata(_ context.Context, _ fwprovider.MetadataRequest, resp *fwprovider.MetadataResponse) {
	resp.TypeName = "probe"
}

func (probeProvider) Schema(context.Context, fwprovider.SchemaRequest, *fwprovider.SchemaResponse) {}

func (probeProvider) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}

func (probeProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (probeProvider) Resources(context.Context) []func() resource.Resource {
	secret := schema.StringAttribute{Optional: true, Sensitive: true}
	return []func() resource.Resource{
		probeResourceOf("number", map[string]schema.Attribute{"count_of": schema.Int64Attribute{Optional: true}}),
		probeResourceOf("one_secret", map[string]schema.Attribute{"first": secret}),
		probeResourceOf("two_secrets", map[string]schema.Attribute{"first": secret, "second": secret}),
	}
}

func probeResourceOf(name string, attributes map[string]schema.Attribute) func() resource.Resource {
	attributes["id"] = schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	return func() resource.Resource { return probeResource{name: name, attributes: attributes} }
}

type probeResource struct {
	name       string
	attributes map[string]schema.Attribute
}

func (r probeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.name
}

func (r probeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: r.attributes}
}

func (probeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = req.Plan.Raw
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), "probe")...)
}

// Read leaves the response as the framework starts it: the prior state.
func (probeResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (probeResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (probeResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
