package provider

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// httpLogSubsystem is the tflog subsystem of API traffic; TF_LOG_PROVIDER_DCAAS_API
// sets its level apart from the provider's own logs.
const httpLogSubsystem = "dcaas_api"

// bgpMD5InBody matches the MD5 key in a JSON body, so it is masked in logs.
var bgpMD5InBody = regexp.MustCompile(`"bgp_md5"\s*:\s*"(?:[^"\\]|\\.)*"`)

func newHTTPClient(insecure bool, caCertFile, token string) (*http.Client, error) {
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
	return &http.Client{Transport: &loggingTransport{next: transport, token: token}}, nil
}

// loggingTransport logs each request and answer in the dcaas_api subsystem,
// with the token and any MD5 key masked by terraform-plugin-log.
type loggingTransport struct {
	next  http.RoundTripper
	token string
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := t.logContext(req.Context())
	tflog.SubsystemDebug(ctx, httpLogSubsystem, "sending API request", map[string]any{
		"http_method": req.Method, "http_url": req.URL.String(),
		"http_req_headers": fmt.Sprint(req.Header), "http_req_body": requestBody(req),
	})
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		tflog.SubsystemDebug(ctx, httpLogSubsystem, "API request failed", map[string]any{
			"http_method": req.Method, "http_url": req.URL.String(), "error": err.Error(),
		})
		return nil, err
	}
	respBody, err := peekBody(&resp.Body)
	if err != nil {
		return nil, err
	}
	tflog.SubsystemDebug(ctx, httpLogSubsystem, "received API response", map[string]any{
		"http_method": req.Method, "http_url": req.URL.String(), "http_status": resp.StatusCode,
		"http_res_headers": fmt.Sprint(resp.Header), "http_res_body": respBody,
	})
	return resp, nil
}

func (t *loggingTransport) logContext(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, httpLogSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_DCAAS_API"))
	if t.token != "" {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, httpLogSubsystem, t.token)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, httpLogSubsystem, t.token)
	}
	ctx = tflog.SubsystemMaskAllFieldValuesRegexes(ctx, httpLogSubsystem, bgpMD5InBody)
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
