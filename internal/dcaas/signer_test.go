package dcaas

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

const (
	signProject = "4bd6efdb0fb747b39aa2c0162c112226"
	signVif     = "86f9556a-fa68-42b7-93c2-dd407408430b"
	signAK      = "HST3WK0PN7XJ2EXAMPLE"
	signSK      = "q8Zr2v6Lw0Ue4TyhS1bN9mKcX5fJ7gD3aP0iRoEx"
	signST      = "gQpZW5fc2VjdXJpdHlfdG9rZW4-security-token"
)

// The vendor SDK's own test: one signed header, no body.
func TestSignatureKnownAnswer(t *testing.T) {
	u, _ := url.Parse("https://example.huaweicloud.com/path?limit=1")
	headers := []signedHeader{{"x-sdk-date", "20060102T150405Z"}}
	canonical, err := canonicalRequest(http.MethodGet, u, headers, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := AccessKey{ID: "AccessKey", Secret: "SecretKey"}.authorization("20060102T150405Z", canonical, headers)
	want := "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
	if got != want {
		t.Errorf("Authorization\n%s\nwant\n%s", got, want)
	}
}

func TestCanonicalRequest(t *testing.T) {
	date := []signedHeader{{"x-sdk-date", " 20261201T081500Z "}, {"host", "dcaas.example.com"}}
	const dateLines = "host:dcaas.example.com\nx-sdk-date:20261201T081500Z\n\nhost;x-sdk-date\n"
	const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	for _, tc := range []struct {
		name, method, target string
		body                 string
		want                 string
	}{
		{"a listing: parameters by name, then by value, encoded", http.MethodGet,
			"/v3/p/dcaas/virtual-interfaces?marker=m~1&limit=2&id=b&id=a&status=A+B&x=%E6%BC%A2%2F%2A",
			"", "GET\n/v3/p/dcaas/virtual-interfaces/\nid=a&id=b&limit=2&marker=m~1&status=A%20B&x=%E6%BC%A2%2F%2A\n" + dateLines + emptyHash},
		{"a peer with a body", http.MethodPut, "/v3/p/dcaas/vif-peers/" + signVif, "{}",
			"PUT\n/v3/p/dcaas/vif-peers/" + signVif + "/\n\n" + dateLines + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
		{"segments encoded one by one", http.MethodDelete, "/v3/p/dcaas/vif-peers/a%20b~%C3%A9%2Fc*", "",
			"DELETE\n/v3/p/dcaas/vif-peers/a%20b~%C3%A9%2Fc%2A/\n\n" + dateLines + emptyHash},
		{"a path ending in a slash", http.MethodGet, "/v3/", "", "GET\n/v3/\n\n" + dateLines + emptyHash},
		{"no path", http.MethodGet, "", "", "GET\n/\n\n" + dateLines + emptyHash},
		{"a parameter without a value", http.MethodGet, "/v3?b&a=", "", "GET\n/v3/\na=&b=\n" + dateLines + emptyHash},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := url.Parse("https://dcaas.example.com" + tc.target)
			if err != nil {
				t.Fatal(err)
			}
			var body []byte
			if tc.body != "" {
				body = []byte(tc.body)
			}
			got, err := canonicalRequest(tc.method, u, date, body)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("canonical request\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

var authorizationForm = regexp.MustCompile(`^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$`)

func TestSignSetsHeaders(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "https://dcaas.example.com/v3/"+signProject+"/dcaas/vif-peers", strings.NewReader("{}"))
	req.Header.Set("X-Auth-Token", "a-token")
	req.Header.Set("X-Security-Token", "left from another key")
	at := time.Date(2026, 12, 1, 9, 15, 0, 0, time.FixedZone("CET", 3600))
	if err := (AccessKey{ID: signAK, Secret: signSK}).Sign(req, []byte("{}"), signProject, at); err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Get("X-Sdk-Date"); got != "20261201T081500Z" {
		t.Errorf("X-Sdk-Date %q, want the time in UTC", got)
	}
	if got := req.Header.Get("X-Project-Id"); got != signProject {
		t.Errorf("X-Project-Id %q", got)
	}
	for _, name := range []string{"X-Auth-Token", "X-Security-Token"} {
		if _, sent := req.Header[name]; sent {
			t.Errorf("a request signed with a permanent key carries %s", name)
		}
	}
	first := authorizationForm.FindStringSubmatch(req.Header.Get("Authorization"))
	if first == nil || first[1] != signAK || first[2] != "host;x-project-id;x-sdk-date" {
		t.Fatalf("Authorization %q", req.Header.Get("Authorization"))
	}

	// A retry is signed afresh: a new date, a new signature.
	if err := (AccessKey{ID: signAK, Secret: signSK, SecurityToken: signST}).Sign(req, []byte("{}"), signProject, at.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	second := authorizationForm.FindStringSubmatch(req.Header.Get("Authorization"))
	if req.Header.Get("X-Sdk-Date") != "20261201T081501Z" || req.Header.Get("X-Security-Token") != signST || len(req.Header.Values("Authorization")) != 1 {
		t.Errorf("re-signed with a temporary key: headers %v", req.Header)
	}
	if second == nil || second[2] != "host;x-project-id;x-sdk-date;x-security-token" || second[3] == first[3] {
		t.Errorf("re-signed: Authorization %q after %q", req.Header.Get("Authorization"), first[0])
	}
}

func TestSignRefusesIncompleteInput(t *testing.T) {
	valid := AccessKey{ID: signAK, Secret: signSK, SecurityToken: signST}
	for _, tc := range []struct {
		name    string
		key     AccessKey
		project string
		target  string
		want    string
	}{
		{"no id", AccessKey{Secret: signSK}, signProject, "/v3", "the access key id is empty"},
		{"an id with a comma", AccessKey{ID: "AK,1", Secret: signSK}, signProject, "/v3", `the access key id "AK,1" holds a space, a comma or a control character`},
		{"an id with a space", AccessKey{ID: "AK 1", Secret: signSK}, signProject, "/v3", `the access key id "AK 1" holds a space, a comma or a control character`},
		{"no secret", AccessKey{ID: signAK, SecurityToken: signST}, signProject, "/v3", "the secret key of access key " + signAK + " is empty"},
		{"no project", valid, "", "/v3", "signing a request: the project id is empty"},
		{"a malformed query", valid, signProject, "/v3?a=%zz", `signing GET /v3: the query "a=%zz" is malformed`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := &http.Request{Method: http.MethodGet, URL: &url.URL{Scheme: "https", Host: "dcaas.example.com"}, Header: http.Header{}}
			req.URL.Path, req.URL.RawQuery, _ = strings.Cut(tc.target, "?")
			err := tc.key.Sign(req, nil, tc.project, time.Now())
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if _, signed := req.Header["Authorization"]; signed {
				t.Errorf("Authorization set despite the error")
			}
		})
	}
}

func TestAccessKeyHidesSecrets(t *testing.T) {
	key := AccessKey{ID: signAK, Secret: signSK, SecurityToken: signST}
	holder := struct {
		Key    AccessKey
		KeyPtr *AccessKey
	}{key, &key}
	var printed []string
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s"} {
		printed = append(printed, fmt.Sprintf(format, key), fmt.Sprintf(format, &key), fmt.Sprintf(format, holder))
	}
	encoded, err := json.Marshal(holder)
	if err != nil {
		t.Fatal(err)
	}
	printed = append(printed, key.String(), key.GoString(), fmt.Errorf("with %v", key).Error(), string(encoded))
	for _, text := range printed {
		if strings.Contains(text, signSK) || strings.Contains(text, signST) {
			t.Errorf("%q shows a secret", text)
		}
	}
	if got := fmt.Sprint(key); got != "temporary access key "+signAK {
		t.Errorf("printed as %q", got)
	}
	if got := fmt.Sprintf("%#v", AccessKey{ID: signAK, Secret: signSK}); got != `dcaas.AccessKey{ID: "`+signAK+`", Secret: (hidden), SecurityToken: ""}` {
		t.Errorf("%%#v printed as %q", got)
	}
	if got := string(encoded); got != `{"Key":{"id":"`+signAK+`","temporary":true},"KeyPtr":{"id":"`+signAK+`","temporary":true}}` {
		t.Errorf("JSON %s", got)
	}
}

// Requests of this API signed by Sign pass the mock's own verification.
func TestSignedRequestsPassTheMock(t *testing.T) {
	mock := mockserver.New(mockserver.Options{ProjectID: signProject, Token: "unused"})
	mock.SeedInterface(signVif, "signed")
	// The interface keeps this peer, so the signed one may be deleted.
	seeded, err := mock.SeedPeer(signVif, "ipv4", "169.254.0.1/30", "169.254.0.2/30")
	if err != nil {
		t.Fatal(err)
	}
	mock.AddAccessKey(signAK, signSK, signProject)
	mock.AddTemporaryAccessKey("TMPAK", "tmp-secret", signST, signProject, time.Now().Add(time.Hour))
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	base := "/v3/" + signProject + "/dcaas/"

	create := `{"vif_peer":{"name":"signé","description":"漢字 & more","address_family":"ipv6","local_gateway_ip":"fd00::1/64",` +
		`"remote_gateway_ip":"fd00::2/64","route_mode":"static","remote_ep_group":["fd01::/64"],"vif_id":"` + signVif + `"}}`
	query := url.Values{"limit": {"1"}, "marker": {"00000000-0000-0000-0000-000000000000"}, "id": {signVif, "0a"}, "status": {"ACTIVE"}}
	steps := []struct {
		method, path, query, body string
		key                       AccessKey
		status                    int
	}{
		{http.MethodPost, base + "vif-peers", "", create, AccessKey{ID: signAK, Secret: signSK}, http.StatusCreated},
		{http.MethodGet, base + "virtual-interfaces/" + signVif, "", "", AccessKey{ID: signAK, Secret: signSK}, http.StatusOK},
		{http.MethodGet, base + "virtual-interfaces", query.Encode(), "", AccessKey{ID: signAK, Secret: signSK}, http.StatusOK},
		{http.MethodGet, base + "virtual-interfaces", "limit=2000", "", AccessKey{ID: "TMPAK", Secret: "tmp-secret", SecurityToken: signST}, http.StatusOK},
	}
	for _, step := range steps {
		status := sendSigned(t, srv.URL+step.path, step.method, step.query, step.body, step.key)
		if status != step.status {
			t.Fatalf("%s %s?%s: status %d, want %d", step.method, step.path, step.query, status, step.status)
		}
	}
	var peerID string
	for _, p := range mock.Peers() {
		if p.ID != seeded {
			peerID = p.ID
		}
	}
	for _, step := range []struct{ method, body string }{
		{http.MethodPut, `{"vif_peer":{"description":"ünïcode \"quoted\""}}`},
		{http.MethodDelete, ""},
	} {
		if err := mock.ForceStatus(peerID, "ACTIVE"); err != nil {
			t.Fatal(err)
		}
		if status := sendSigned(t, srv.URL+base+"vif-peers/"+peerID, step.method, "", step.body, AccessKey{ID: signAK, Secret: signSK}); status >= 300 {
			t.Fatalf("%s of the peer: status %d", step.method, status)
		}
	}
	for _, r := range mock.Requests() {
		if r.SignedBy == "" {
			t.Errorf("%s %s?%s: the mock logged no signature", r.Method, r.Path, r.Query)
		}
	}
}

func sendSigned(t *testing.T, target, method, query, body string, key AccessKey) int {
	t.Helper()
	var payload []byte
	if body != "" {
		payload = []byte(body)
	}
	req, err := http.NewRequest(method, target+"?"+query, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if err := key.Sign(req, payload, signProject, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
