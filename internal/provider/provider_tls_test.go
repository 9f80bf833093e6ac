package provider

import (
	"context"
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// configureProvider runs the provider's Configure with the given attributes
// (the others null), as Terraform would.
func configureProvider(t *testing.T, values map[string]tftypes.Value) provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(attrType, nil)
		if v, ok := values[name]; ok {
			attrs[name] = v
		}
	}
	var resp provider.ConfigureResponse
	p.Configure(ctx, provider.ConfigureRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, attrs)}}, &resp)
	return resp
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// newTLSMock serves the mock over TLS with a certificate of its own, and
// writes that certificate to a PEM file.
func newTLSMock(t *testing.T) (url, caFile string) {
	t.Helper()
	m := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken})
	m.SeedInterface(testVifID, "v")
	srv := httptest.NewTLSServer(m)
	t.Cleanup(srv.Close)
	caFile = filepath.Join(t.TempDir(), "ca.pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return srv.URL, caFile
}

func warningsText(resp provider.ConfigureResponse) string {
	var b strings.Builder
	for _, d := range resp.Diagnostics.Warnings() {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}

func TestProviderTLS(t *testing.T) {
	url, caFile := newTLSMock(t)
	base := map[string]tftypes.Value{"endpoint": str(url), "project_id": str(testProjectID), "auth_token": str(testToken)}
	with := func(extra map[string]tftypes.Value) map[string]tftypes.Value {
		out := map[string]tftypes.Value{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	call := func(resp provider.ConfigureResponse) error {
		client, ok := resp.ResourceData.(*dcaas.Client)
		if !ok {
			t.Fatalf("no client: %v", resp.Diagnostics)
		}
		_, err := client.VirtualInterface(context.Background(), testVifID, dcaas.Fresh)
		return err
	}

	resp := configureProvider(t, base)
	if err := call(resp); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("an unknown certificate was accepted by default: %v", err)
	}

	resp = configureProvider(t, with(map[string]tftypes.Value{"ca_cert_file": str(caFile)}))
	if err := call(resp); err != nil {
		t.Errorf("with ca_cert_file: %v", err)
	}
	if w := warningsText(resp); w != "" {
		t.Errorf("warnings with a verified certificate: %s", w)
	}

	resp = configureProvider(t, with(map[string]tftypes.Value{"insecure": tftypes.NewValue(tftypes.Bool, true)}))
	if err := call(resp); err != nil {
		t.Errorf("with insecure: %v", err)
	}
	if w := warningsText(resp); !strings.Contains(w, "TLS verification is off") {
		t.Errorf("insecure = true without a warning: %q", w)
	}

	resp = configureProvider(t, with(map[string]tftypes.Value{"ca_cert_file": str(filepath.Join(t.TempDir(), "missing.pem"))}))
	if !resp.Diagnostics.HasError() || !strings.Contains(fmt.Sprint(resp.Diagnostics), "ca_cert_file") {
		t.Errorf("a missing CA file: %v", resp.Diagnostics)
	}
}

func TestProviderWarnsOfPlainHTTP(t *testing.T) {
	for endpoint, wantWarning := range map[string]bool{
		"http://dcaas.example.com":  true,
		"http://10.1.2.3:8080":      true,
		"http://127.0.0.1:8787":     false,
		"http://localhost:8787":     false,
		"http://[::1]:8787":         false,
		"https://dcaas.example.com": false,
	} {
		resp := configureProvider(t, map[string]tftypes.Value{"endpoint": str(endpoint), "project_id": str("p"), "auth_token": str("t")})
		got := strings.Contains(warningsText(resp), "travels in clear")
		if got != wantWarning {
			t.Errorf("%s: clear-text warning %v, want %v (%v)", endpoint, got, wantWarning, resp.Diagnostics)
		}
	}
}

// Through the real CLI: a TLS endpoint with its CA given in ca_cert_file.
func TestAccProvider_caCertFile(t *testing.T) {
	t.Parallel()
	url, caFile := newTLSMock(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(tokenArgs(url).with(hclArgs{"max_retries": ""})) + peerBlock("test", examplePeer()),
				// The client says what was wrong with the certificate; the
				// provider, which setting helps.
				ExpectError: expectDiagnostic("Error creating VIF peer", "certificate", "authority", "endpoint", "DCAAS_ENDPOINT", "ca_cert_file"),
			},
			{
				Config: providerBlock(tokenArgs(url).with(hclArgs{"ca_cert_file": fmt.Sprintf("%q", caFile), "max_retries": ""})) + peerBlock("test", examplePeer()),
				Check:  resource.TestCheckResourceAttr(testResourceName, "status", "ACTIVE"),
			},
		},
	})
}
