package dcaas

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A failure that the client reports as TLS's says what was wrong with the
// certificate, or that the server speaks no TLS.
func TestTLSFailuresSayWhatWasWrong(t *testing.T) {
	cert := &x509.Certificate{NotAfter: time.Now().Add(-time.Hour)}
	for want, err := range map[string]error{
		"does not speak TLS at that port": tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"},
		"certificate was refused: it is signed by an authority that this machine does not trust": &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}},
		"certificate was refused: it is not valid for the host name asked for":                   x509.HostnameError{Certificate: cert, Host: "dcaas.example.com"},
		"certificate was refused: it has expired, or is not valid yet":                           x509.CertificateInvalidError{Cert: cert, Reason: x509.Expired},
	} {
		terr := &TransportError{Method: http.MethodGet, Path: "/v3/p/dcaas/virtual-interfaces", Err: fmt.Errorf("tls: %w", err)}
		if !IsTLSFailure(terr) || !IsConnectFailure(terr) || !strings.Contains(terr.Error(), want) {
			t.Errorf("%q: IsTLSFailure %v, IsConnectFailure %v; want both, and the text to say %q", terr, IsTLSFailure(terr), IsConnectFailure(terr), want)
		}
	}
}

// The client words facts, never Terraform's: no command, setting or state,
// in any error it returns. The provider says what to do about them.
func TestErrorsSpeakNoTerraform(t *testing.T) {
	found := peerAsSent("p-found")
	cause := &TransportError{Method: http.MethodPost, Sent: true, Err: errors.New("connection reset")}
	errs := []error{
		&FamilyTakenError{Holder: found},
		&FamilyTakenError{Holder: found, Sent: 1, Cause: cause},
		&LostCreateError{Sent: 1, Cause: cause, Found: &found},
		&LostCreateError{Sent: 3, Cause: cause},
		&LostCreateError{Sent: 1, Cause: cause, LookupErr: errors.New("timeout")},
		&RedirectError{Method: http.MethodGet, URL: "https://dcaas.example.com/v3/p", StatusCode: 307, Location: "https://elsewhere.example.com"},
		&APIError{Method: http.MethodGet, URL: "https://dcaas.example.com/v3/p", StatusCode: 404, ContentType: "text/html", BodyStart: "<html>"},
		&APIError{FromAPI: true, Method: http.MethodDelete, StatusCode: 400, Code: CodeLastPeer, Message: "last peer", RequestID: "r"},
		&IAMError{Endpoint: "https://iam.example.com/v3/auth/tokens", Username: "u", DomainName: "d", ProjectID: "p", StatusCode: 401, Message: "no"},
		&TokenError{Err: errors.New("IAM unreachable")},
	}
	for _, transport := range []error{
		&net.DNSError{Err: "no such host", Name: "dcaas.example.invalid", IsNotFound: true},
		http.ErrSchemeMismatch,
		&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}},
		tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"},
		&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED},
	} {
		errs = append(errs, &TransportError{Method: http.MethodGet, Path: "/v3/p/dcaas/virtual-interfaces", Err: transport})
	}
	for _, base := range []string{"dcaas.example.com", "https://u:p@dcaas.example.com", "https://dcaas.example.com?x=1", "https://dcaas.example.com/v3"} {
		_, err := ParseBaseURL(base)
		errs = append(errs, err)
	}
	for _, cfg := range []Config{
		{Endpoint: "https://dcaas.example.com"},
		{Endpoint: "https://dcaas.example.com", ProjectID: "p", ListPageSize: 5000},
		{Endpoint: "https://dcaas.example.com", ProjectID: "p", Token: "t", Password: &PasswordAuth{IAMEndpoint: "https://iam.example.com", Username: "u", Password: "pw", DomainName: "d"}},
		{Endpoint: "https://dcaas.example.com", ProjectID: "p", Password: &PasswordAuth{IAMEndpoint: "iam.example.com"}},
	} {
		_, err := NewClient(cfg)
		errs = append(errs, err)
	}
	// Answers that are not the API's, as a wrong base URL draws them.
	ctx := context.Background()
	for name, handler := range map[string]http.HandlerFunc{
		"a list not found": func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, http.StatusNotFound, `{"error_code":"DC.0002","error_msg":"not found"}`)
		},
		"a list without its list": func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, `{}`) },
	} {
		_, err := newTestClient(t, handler).ListVirtualInterfaces(ctx, ListOptions{})
		if !IsNotTheAPI(err) {
			t.Errorf("%s: %v, want an error for which IsNotTheAPI holds", name, err)
		}
		errs = append(errs, err)
	}
	_, err := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `{"virtual_interface":{"id":"other"}}`)
	}).VirtualInterface(ctx, "v1", Fresh)
	errs = append(errs, err)

	for i, err := range errs {
		if err == nil {
			t.Errorf("error %d: nil", i)
			continue
		}
		text := strings.ToLower(err.Error())
		for _, word := range []string{
			"terraform", "import", "state", "taint", "-replace", "create_before_destroy", "provider",
			"ca_cert_file", "insecure", "auth_token", "project_id", "iam_endpoint", "max_retries", "request_timeout",
			"check endpoint", "set endpoint",
		} {
			if strings.Contains(text, word) {
				t.Errorf("%q speaks of %q", err.Error(), word)
			}
		}
	}
}
