// Package sdkcheck holds the provider's client and mock against the vendor
// SDK. It compares the provider's AK/SK signer with the vendor SDK's, the
// contract's reference implementation: the same requests of this API,
// signed by both, must carry the same Authorization header. And it drives
// the mock with the vendor's DC v3 client (mock_test.go).
package sdkcheck

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

const (
	endpoint = "https://dcaas.example.com"
	project  = "4bd6efdb0fb747b39aa2c0162c112226"
	vifID    = "86f9556a-fa68-42b7-93c2-dd407408430b"
	peerID   = "0c4c1dd8-7a06-4bd2-b7ad-6e1a0a2f9f6e"
	ak       = "HST3WK0PN7XJ2EXAMPLE"
	sk       = "q8Zr2v6Lw0Ue4TyhS1bN9mKcX5fJ7gD3aP0iRoEx"
)

// The vendor SDK's own test answer, so that this harness drives the SDK's
// signer as the SDK's tests do.
func TestVendorKnownAnswer(t *testing.T) {
	req := request.NewHttpRequestBuilder().WithMethod(http.MethodGet).
		WithEndpoint("https://example.huaweicloud.com").WithPath("/path").
		AddQueryParam("limit", reflect.ValueOf(1)).
		AddHeaderParam("X-Sdk-Date", "20060102T150405Z").Build()
	headers, err := signer.Sign(req, "AccessKey", "SecretKey")
	if err != nil {
		t.Fatal(err)
	}
	const want = "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, " +
		"Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
	if headers["Authorization"] != want {
		t.Errorf("Authorization %q, want %q", headers["Authorization"], want)
	}
}

func TestSignersAgree(t *testing.T) {
	at := time.Date(2026, 12, 1, 8, 15, 0, 0, time.UTC)
	base := "/v3/" + project + "/dcaas/"
	for _, tc := range []struct {
		name, method, endpoint, path string
		query                        map[string][]string
		body, securityToken          string
	}{
		{name: "the known answer's request", method: http.MethodGet, endpoint: "https://example.huaweicloud.com",
			path: "/path", query: map[string][]string{"limit": {"1"}}},
		{name: "read an interface", method: http.MethodGet, path: base + "virtual-interfaces/" + vifID},
		{name: "list by ids, from a marker", method: http.MethodGet, path: base + "virtual-interfaces",
			query: map[string][]string{"limit": {"2000"}, "marker": {vifID}, "id": {vifID, peerID, "0a"}, "status": {"ACTIVE"}}},
		{name: "list with values to encode", method: http.MethodGet, path: base + "virtual-interfaces",
			query: map[string][]string{"status": {"PENDING CREATE"}, "name": {"漢字/~*"}}},
		{name: "create", method: http.MethodPost, path: base + "vif-peers",
			body: `{"vif_peer":{"name":"peer-1","description":"déjà vu","address_family":"ipv4","local_gateway_ip":"5.5.5.1/30",` +
				`"remote_gateway_ip":"5.5.5.2/30","route_mode":"bgp","bgp_asn":4294967295,"bgp_md5":"s3cr3t","remote_ep_group":["8.8.8.0/30"],"vif_id":"` + vifID + `"}}`},
		{name: "update", method: http.MethodPut, path: base + "vif-peers/" + peerID,
			body: `{"vif_peer":{"name":"renamed","remote_ep_group":[]}}`},
		{name: "delete, no body", method: http.MethodDelete, path: base + "vif-peers/" + peerID},
		{name: "a path segment to encode", method: http.MethodDelete, path: base + "vif-peers/a b~é"},
		{name: "a temporary key", method: http.MethodGet, path: base + "virtual-interfaces", query: map[string][]string{"limit": {"1"}},
			securityToken: "gQpZW5fc2VjdXJpdHlfdG9rZW4+/="},
		{name: "a temporary key, with a body", method: http.MethodPost, path: base + "vif-peers", body: `{"vif_peer":{}}`,
			securityToken: "token-2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.endpoint == "" {
				tc.endpoint = endpoint
			}
			ours := ourAuthorization(t, tc.method, tc.endpoint, tc.path, tc.query, tc.body, tc.securityToken, at)
			theirs := vendorAuthorization(t, tc.method, tc.endpoint, tc.path, tc.query, tc.body, tc.securityToken, at)
			if ours != theirs {
				t.Errorf("Authorization\n%s\nthe vendor SDK's\n%s", ours, theirs)
			}
		})
	}
}

// ourAuthorization signs the request as the client sends it: the query
// encoded by url.Values, the body as bytes.
func ourAuthorization(t *testing.T, method, endpoint, path string, query url.Values, body, securityToken string, at time.Time) string {
	t.Helper()
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	u.Path, u.RawQuery = path, query.Encode()
	var payload []byte
	if body != "" {
		payload = []byte(body)
	}
	req, err := http.NewRequest(method, u.String(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	key := dcaas.AccessKey{ID: ak, Secret: sk, SecurityToken: securityToken}
	if err := key.Sign(req, payload, project, at); err != nil {
		t.Fatal(err)
	}
	return req.Header.Get("Authorization")
}

// vendorAuthorization signs the same request with the SDK, given the
// headers the contract names: the SDK signs every header it is given but
// Content-Type.
func vendorAuthorization(t *testing.T, method, endpoint, path string, query map[string][]string, body, securityToken string, at time.Time) string {
	t.Helper()
	builder := request.NewHttpRequestBuilder().WithMethod(method).WithEndpoint(endpoint).WithPath(path).
		AddHeaderParam("Host", strings.TrimPrefix(endpoint, "https://")).
		AddHeaderParam("X-Project-Id", project).
		AddHeaderParam("X-Sdk-Date", at.Format("20060102T150405Z"))
	for name, values := range query {
		if len(values) == 1 {
			builder.AddQueryParam(name, reflect.ValueOf(values[0]))
		} else {
			builder.AddQueryParam(name, reflect.ValueOf(values))
		}
	}
	if securityToken != "" {
		builder.AddHeaderParam("X-Security-Token", securityToken)
	}
	if body != "" {
		// A string goes out as it is, where another value would be encoded.
		builder.AddHeaderParam("Content-Type", "application/json").WithBody("body", body)
	}
	headers, err := signer.Sign(builder.Build(), ak, sk)
	if err != nil {
		t.Fatal(err)
	}
	return headers["Authorization"]
}
