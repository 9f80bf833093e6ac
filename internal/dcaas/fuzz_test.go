package dcaas

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzDecodeVifPeer feeds arbitrary answers, with any status, through the
// client's whole decoding path: it must never panic, and what it decodes
// must keep the client's promises.
func FuzzDecodeVifPeer(f *testing.F) {
	f.Add(201, []byte(vendorCreateResponse))
	f.Add(200, []byte(`{"virtual_interface":{"id":"v1","vif_peers":[{"id":"p1","remote_ep_group":["10.0.0.0/24 10.1.0.0/24"]}]}}`))
	f.Add(400, []byte(`{"error_code":"DC.0002","error_msg":"gone","request_id":"r"}`))
	f.Add(503, []byte(`<html>busy</html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		// No retries: MaxRetries bounds those of server errors, and a
		// throttled answer's backoff is longer than the deadline.
		client, err := NewClient(Config{
			Endpoint: "http://dcaas.invalid", ProjectID: "p", MaxRetries: ptr(-1), MinBackoff: 2 * time.Minute,
			HTTPClient: &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}, nil
			})},
		})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		peer, err := client.postVifPeer(ctx, CreateVifPeerRequest{})
		if err == nil {
			checkEPGroup(t, peer.RemoteEPGroup)
		} else if apiErr, ok := AsAPIError(err); ok && apiErr.StatusCode != status {
			t.Fatalf("error says HTTP %d, the answer was %d", apiErr.StatusCode, status)
		}
		if vif, err := client.VirtualInterface(ctx, "v", Fresh); err == nil {
			for _, p := range vif.VifPeers {
				checkEPGroup(t, p.RemoteEPGroup)
				checkEPGroup(t, p.ServiceEPGroup)
			}
		}
		_ = IsNotFound(err) || IsBusy(err) || IsAmbiguous(err)
	})
}

// checkEPGroup checks that a decoded list holds no empty entry and no entry
// still joined with a separator.
func checkEPGroup(t *testing.T, group EPGroup) {
	for _, cidr := range group {
		if cidr == "" || strings.ContainsAny(cidr, ", \t\n\r") {
			t.Fatalf("decoded list entry %q", cidr)
		}
	}
}
