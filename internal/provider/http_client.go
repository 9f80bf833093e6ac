package provider

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// httpLogSubsystem is the tflog subsystem of API traffic; TF_LOG_PROVIDER_DCAAS_API
// sets its level apart from the provider's own logs.
const httpLogSubsystem = "dcaas_api"

// secretInBody matches the MD5 key or the IAM password in a JSON body, so
// they are masked in logs.
var secretInBody = regexp.MustCompile(`"(?:bgp_md5|password)"\s*:\s*"(?:[^"\\]|\\.)*"`)

// signatureInHeader matches the signature in an Authorization header: a
// reader of the log could send the signed request again for as long as
// its date is valid.
var signatureInHeader = regexp.MustCompile(`Signature=[0-9a-fA-F]+`)

// newHTTPClient returns a client whose logs never show the given secrets
// (the configured token, password, secret key or security token), nor any
// token it carries or receives, nor a signature.
func newHTTPClient(insecure bool, caCertFile string, secrets ...string) (*http.Client, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if caCertFile != "" {
		pem, err := os.ReadFile(caCertFile) //nolint:gosec // the user names the file on purpose
		if err != nil {
			return nil, fmt.Errorf("reading CA certificates: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s holds no PEM certificate", caCertFile)
		}
		tlsConfig.RootCAs = pool
	}
	tlsConfig.InsecureSkipVerify = insecure //nolint:gosec // only when the user sets insecure = true
	transport.TLSClientConfig = tlsConfig
	masked := &maskedStrings{}
	for _, secret := range secrets {
		masked.add(secret)
	}
	return &http.Client{Transport: &loggingTransport{next: transport, masked: masked}}, nil
}

// maskedStrings are the values never to be logged. Tokens obtained from IAM
// change while the provider runs, so the set grows with each one seen.
type maskedStrings struct {
	mu     sync.Mutex
	values []string
}

func (m *maskedStrings) add(value string) {
	if value == "" {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !slices.Contains(m.values, value) {
		m.values = append(m.values, value)
	}
}

func (m *maskedStrings) list() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.values)
}

// loggingTransport logs each request and answer in the dcaas_api subsystem,
// with tokens, the password, the security token, signatures and any MD5 key
// masked by terraform-plugin-log.
type loggingTransport struct {
	next   http.RoundTripper
	masked *maskedStrings
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.masked.add(req.Header.Get("X-Auth-Token"))
	ctx := t.logContext(req.Context())
	logURL := loggedURL(req.URL)
	tflog.SubsystemDebug(ctx, httpLogSubsystem, "sending API request", map[string]any{
		"http_method": req.Method, "http_url": logURL,
		"http_req_headers": loggedHeaders(req.Header), "http_req_body": requestBody(req),
	})
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		tflog.SubsystemDebug(ctx, httpLogSubsystem, "API request failed", map[string]any{
			"http_method": req.Method, "http_url": logURL, "error": err.Error(),
		})
		return nil, err
	}
	respBody, err := peekBody(&resp.Body)
	if err != nil {
		return nil, err
	}
	// A token issued by IAM is masked before the answer that carries it is logged.
	if token := resp.Header.Get("X-Subject-Token"); token != "" {
		t.masked.add(token)
		ctx = t.logContext(req.Context())
	}
	tflog.SubsystemDebug(ctx, httpLogSubsystem, "received API response", map[string]any{
		"http_method": req.Method, "http_url": logURL, "http_status": resp.StatusCode,
		"http_res_headers": loggedHeaders(resp.Header), "http_res_body": respBody,
	})
	return resp, nil
}

// loggedURL is u without user information. The client refuses base URLs
// that hold any, but a name or password must not reach the log whatever
// the caller of this transport does.
func loggedURL(u *url.URL) string {
	shown := *u
	shown.User = nil
	return shown.String()
}

// loggedHeaders formats h with the credentials of Basic authentication,
// which net/http sends for a URL with user information, masked.
func loggedHeaders(h http.Header) string {
	if !strings.HasPrefix(strings.ToLower(h.Get("Authorization")), "basic ") {
		return fmt.Sprint(h)
	}
	h = h.Clone()
	h.Set("Authorization", "Basic ***")
	return fmt.Sprint(h)
}

func (t *loggingTransport) logContext(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, httpLogSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_DCAAS_API"))
	if secrets := t.masked.list(); len(secrets) > 0 {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, httpLogSubsystem, secrets...)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, httpLogSubsystem, secrets...)
	}
	ctx = tflog.SubsystemMaskAllFieldValuesRegexes(ctx, httpLogSubsystem, secretInBody, signatureInHeader)
	return ctx
}

// requestBody returns a copy of the request's body without consuming it.
func requestBody(req *http.Request) string {
	if req.GetBody == nil {
		return ""
	}
	body, err := req.GetBody()
	if err != nil {
		return ""
	}
	defer body.Close()
	data, _ := io.ReadAll(body)
	return string(data)
}

// peekBody reads a body for logging and puts an identical reader back.
func peekBody(body *io.ReadCloser) (string, error) {
	if *body == nil || *body == http.NoBody {
		return "", nil
	}
	data, err := io.ReadAll(*body)
	_ = (*body).Close()
	if err != nil {
		return "", err
	}
	*body = io.NopCloser(bytes.NewReader(data))
	return string(data), nil
}
