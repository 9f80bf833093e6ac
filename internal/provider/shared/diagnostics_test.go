package shared

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// The client says what it found; the provider names the setting that led
// there: endpoint for the API, iam_endpoint for a token that could not be
// had, and ca_cert_file for a certificate it could not verify.
func TestDescribeAPIErrorNamesTheSettingToCheck(t *testing.T) {
	transport := func(err error) error {
		return &dcaas.TransportError{Method: http.MethodGet, Path: "/v3/p/dcaas/virtual-interfaces", Err: err}
	}
	untrusted := transport(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}})
	refused := transport(fmt.Errorf("dial: %w", syscall.ECONNREFUSED))
	cases := map[string]struct {
		err       error
		want, not []string
	}{
		"untrusted certificate of the API": {untrusted,
			[]string{"Check endpoint (or " + EnvEndpoint + ")", "certificate of the DCaaS API is signed by a private CA, trust that CA with ca_cert_file"}, []string{"iam_endpoint"}},
		"untrusted certificate of IAM": {fmt.Errorf("GET /v3/p: %w", &dcaas.TokenError{Err: untrusted}),
			[]string{"Check iam_endpoint (or " + EnvIAMEndpoint + ")", "certificate of IAM", "ca_cert_file"}, []string{"Check endpoint"}},
		"nothing listening": {refused,
			[]string{"Check endpoint (or " + EnvEndpoint + "), its scheme, host and port, and that the DCaaS API is up"}, []string{"ca_cert_file"}},
		"not the API": {&dcaas.APIError{Method: http.MethodGet, URL: "https://x/v3", StatusCode: 404, ContentType: "text/html"},
			[]string{"Check endpoint (or " + EnvEndpoint + "): it must be the API's base URL"}, nil},
		"the API's own refusal": {&dcaas.APIError{FromAPI: true, StatusCode: 400, Code: dcaas.CodeLastPeer, Message: "last peer"},
			nil, []string{"Check", "ca_cert_file"}},
		"a reset connection": {transport(errors.New("connection reset by peer")), nil, []string{"Check"}},
	}
	for name, tc := range cases {
		detail := DescribeAPIError(tc.err, "Reading VIF peer p failed.")
		for _, want := range tc.want {
			if !strings.Contains(detail, want) {
				t.Errorf("%s: %q lacks %q", name, detail, want)
			}
		}
		for _, not := range tc.not {
			if strings.Contains(detail, not) {
				t.Errorf("%s: %q says %q", name, detail, not)
			}
		}
	}
}
