package provider

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// A URL with user information makes net/http send Basic authentication;
// neither the URL's name and password nor that header reach the log. The
// client refuses such endpoints, so this guards the transport on its own.
func TestLoggingTransportHidesUserinfo(t *testing.T) {
	const user, password = "alice-user", "s3cr3t-Pw"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := r.BasicAuth(); !ok {
			t.Error("the request carried no Basic authentication: the test does not cover it")
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	client, err := newHTTPClient(false, "")
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &log)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, strings.Replace(srv.URL, "://", "://"+user+":"+password+"@", 1)+"/v3/x", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()

	for _, secret := range []string{user, password, base64.StdEncoding.EncodeToString([]byte(user + ":" + password))} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the log shows %q:\n%s", secret, log.String())
		}
	}
	for _, want := range []string{`"http_url":"` + srv.URL + `/v3/x"`, `Authorization:[Basic ***]`} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log lacks %s: the request was not logged as expected:\n%s", want, log.String())
		}
	}
}
