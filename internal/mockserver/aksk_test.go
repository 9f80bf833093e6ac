package mockserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const (
	testAK = "HST3WK0PN7XJ2EXAMPLE"
	testSK = "q8Zr2v6Lw0Ue4TyhS1bN9mKcX5fJ7gD3aP0iRoEx"
	tempAK = "TMP9QX4LEXAMPLE"
	tempSK = "t3mpS3cr3tK3y"
	tempST = "gQpZW5fc2VjdXJpdHlfdG9rZW4"
	// emptyBodyHash is the SHA-256 of no bytes.
	emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// canonicalParts are the six parts of a canonical request, written out by
// each test.
type canonicalParts struct{ method, uri, query, headers, signed, bodyHash string }

func (p canonicalParts) String() string {
	return p.method + "\n" + p.uri + "\n" + p.query + "\n" + p.headers + "\n" + p.signed + "\n" + p.bodyHash
}

// signedCall is a request signed by hand over canonical.
type signedCall struct {
	method, target, body string
	// headers are sent besides Host and Authorization.
	headers   map[string]string
	canonical canonicalParts
	ak, sk    string
	// authorization is sent instead of the computed header when set.
	authorization string
	// host and date are those of the good call, for cases to sign anew.
	host, date string
}

func handAuthorization(ak, sk, date, signedHeaders, canonical string) string {
	digest := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(sk))
	mac.Write([]byte("SDK-HMAC-SHA256\n" + date + "\n" + hex.EncodeToString(digest[:])))
	return "SDK-HMAC-SHA256 Access=" + ak + ", SignedHeaders=" + signedHeaders + ", Signature=" + hex.EncodeToString(mac.Sum(nil))
}

func newAKSKHarness(t *testing.T) *harness {
	h := newHarness(t, time.Hour)
	h.AddAccessKey(testAK, testSK, project)
	h.AddTemporaryAccessKey(tempAK, tempSK, tempST, project, time.Now().Add(time.Hour))
	return h
}

// signedList is a correctly signed listing, its query out of order and
// with a value to encode, signed at at.
func (h *harness) signedList(at time.Time) signedCall {
	date := at.UTC().Format("20060102T150405Z")
	host := strings.TrimPrefix(h.url, "http://")
	return signedCall{
		method:  http.MethodGet,
		target:  vifsPath() + "?marker=" + vifID + "&status=A+B&limit=2&id=" + vifID + "&id=0a",
		headers: map[string]string{"X-Sdk-Date": date, "X-Project-Id": project},
		canonical: canonicalParts{
			method:   "GET",
			uri:      "/v3/" + project + "/dcaas/virtual-interfaces/",
			query:    "id=0a&id=" + vifID + "&limit=2&marker=" + vifID + "&status=A%20B",
			headers:  "host:" + host + "\nx-project-id:" + project + "\nx-sdk-date:" + date + "\n",
			signed:   "host;x-project-id;x-sdk-date",
			bodyHash: emptyBodyHash,
		},
		ak: testAK, sk: testSK, host: host, date: date,
	}
}

// signToken sends token as X-Security-Token and signs it.
func (c *signedCall) signToken(token string) {
	c.headers["X-Security-Token"] = token
	c.canonical.headers += "x-security-token:" + token + "\n"
	c.canonical.signed += ";x-security-token"
}

// unsignProjectID leaves X-Project-Id out of the signature.
func (c *signedCall) unsignProjectID() {
	c.canonical.headers = "host:" + c.host + "\nx-sdk-date:" + c.date + "\n"
	c.canonical.signed = "host;x-sdk-date"
}

func (h *harness) sendSigned(c signedCall) (int, map[string]any) {
	h.t.Helper()
	req, _ := http.NewRequest(c.method, h.url+c.target, strings.NewReader(c.body))
	for name, value := range c.headers {
		req.Header.Set(name, value)
	}
	auth := c.authorization
	if auth == "" {
		auth = handAuthorization(c.ak, c.sk, c.headers["X-Sdk-Date"], c.canonical.signed, c.canonical.String())
	}
	req.Header.Set("Authorization", auth)
	status, out, _ := h.send(req)
	return status, out
}

// lastSignedBy is the access key the request log shows for the last request.
func (h *harness) lastSignedBy() string {
	requests := h.Requests()
	return requests[len(requests)-1].SignedBy
}

func wantSignatureRefused(t *testing.T, status int, out map[string]any, reason string) {
	t.Helper()
	want := "Incorrect IAM authentication information: " + reason
	if status != http.StatusUnauthorized || out["error_code"] != "APIGW.0301" || out["error_msg"] != want || out["request_id"] == "" {
		t.Errorf("answer %d %v, want 401 APIGW.0301 %q with a request_id", status, out, want)
	}
}

func TestSignedRequestsAccepted(t *testing.T) {
	h := newAKSKHarness(t)
	body := vendorIPv4
	bodyHash := sha256.Sum256([]byte(body))

	for _, tc := range []struct {
		name   string
		change func(*signedCall)
		status int
	}{
		{name: "list with repeated and encoded parameters", status: http.StatusOK},
		{name: "a date 14 minutes old", status: http.StatusOK, change: func(c *signedCall) {
			*c = h.signedList(time.Now().Add(-14 * time.Minute))
		}},
		{name: "a date 14 minutes ahead", status: http.StatusOK, change: func(c *signedCall) {
			*c = h.signedList(time.Now().Add(14 * time.Minute))
		}},
		{name: "create with a JSON body", status: http.StatusCreated, change: func(c *signedCall) {
			c.method, c.target, c.body = http.MethodPost, peersPath(), body
			c.canonical.method, c.canonical.uri, c.canonical.query = "POST", "/v3/"+project+"/dcaas/vif-peers/", ""
			c.canonical.bodyHash = hex.EncodeToString(bodyHash[:])
		}},
		{name: "a path segment to encode, answered not found", status: http.StatusNotFound, change: func(c *signedCall) {
			c.method, c.target = http.MethodDelete, peersPath()+"/a%20b~%C3%A9"
			c.canonical.method, c.canonical.uri, c.canonical.query = "DELETE", "/v3/"+project+"/dcaas/vif-peers/a%20b~%C3%A9/", ""
		}},
		{name: "headers signed in another order", status: http.StatusOK, change: func(c *signedCall) {
			c.canonical.headers = "x-sdk-date:" + c.date + "\nhost:" + c.host + "\nx-project-id:" + project + "\n"
			c.authorization = handAuthorization(c.ak, c.sk, c.date, "x-sdk-date;host;x-project-id", c.canonical.String())
		}},
		{name: "a signed extra header", status: http.StatusOK, change: func(c *signedCall) {
			c.headers["X-Trace"] = "trace-1"
			c.canonical.headers += "x-trace:trace-1\n"
			c.canonical.signed += ";x-trace"
		}},
		{name: "a security token of a permanent key, signed", status: http.StatusOK, change: func(c *signedCall) {
			c.signToken("unused")
		}},
		{name: "a temporary key with its token", status: http.StatusOK, change: func(c *signedCall) {
			c.ak, c.sk = tempAK, tempSK
			c.signToken(tempST)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := h.signedList(time.Now())
			if tc.change != nil {
				tc.change(&c)
			}
			status, out := h.sendSigned(c)
			if status != tc.status {
				t.Fatalf("status %d %v, want %d", status, out, tc.status)
			}
			if got := h.lastSignedBy(); got != c.ak {
				t.Errorf("the request log shows it signed by %q, want %q", got, c.ak)
			}
		})
	}
}

func TestSignedRequestsRefused(t *testing.T) {
	h := newAKSKHarness(t)
	h.AddTemporaryAccessKey("TMPOLD", "old-secret", "old-token", project, time.Now().Add(-time.Second))
	const malformed = "the Authorization header is malformed"
	withAuthorization := func(header string) func(*signedCall) {
		return func(c *signedCall) { c.authorization = header }
	}

	for _, tc := range []struct {
		name   string
		change func(*signedCall)
		reason string
	}{
		{"no fields", withAuthorization("SDK-HMAC-SHA256"), malformed},
		{"no SignedHeaders", withAuthorization("SDK-HMAC-SHA256 Access=" + testAK + ", Signature=00"), malformed},
		{"a field twice", withAuthorization("SDK-HMAC-SHA256 Access=" + testAK + ", Access=" + testAK + ", SignedHeaders=x-sdk-date, Signature=00"), malformed},
		{"an empty field", withAuthorization("SDK-HMAC-SHA256 Access=, SignedHeaders=x-sdk-date, Signature=00"), malformed},
		{"an unknown field", withAuthorization("SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=x-sdk-date, Signature=00, Date=1"), malformed},
		{"a header name in uppercase", withAuthorization("SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=X-Sdk-Date, Signature=00"), malformed},
		{"an empty header name", withAuthorization("SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=host;;x-sdk-date, Signature=00"), malformed},
		{"another algorithm", withAuthorization("SDK-HMAC-SM3 Access=" + testAK + ", SignedHeaders=x-sdk-date, Signature=00"),
			"the signing algorithm SDK-HMAC-SM3 is not supported"},
		{"a bearer token", withAuthorization("Bearer abc"), "the signing algorithm Bearer is not supported"},
		{"no date", func(c *signedCall) { delete(c.headers, "X-Sdk-Date") }, "x-sdk-date expired"},
		{"a date in another form", func(c *signedCall) {
			c.headers["X-Sdk-Date"] = time.Now().UTC().Format(time.RFC3339)
		}, "x-sdk-date expired"},
		{"a date without its Z", func(c *signedCall) {
			c.headers["X-Sdk-Date"] = strings.TrimSuffix(c.date, "Z")
		}, "x-sdk-date expired"},
		{"a date 16 minutes old", func(c *signedCall) {
			*c = h.signedList(time.Now().Add(-16 * time.Minute))
		}, "x-sdk-date expired"},
		{"a date 16 minutes ahead", func(c *signedCall) {
			*c = h.signedList(time.Now().Add(16 * time.Minute))
		}, "x-sdk-date expired"},
		{"an unknown access key", func(c *signedCall) { c.ak = "AKNOBODY" }, "access key AKNOBODY does not exist"},
		{"x-sdk-date unsigned", func(c *signedCall) {
			c.canonical.headers = "host:" + c.host + "\nx-project-id:" + project + "\n"
			c.canonical.signed = "host;x-project-id"
		}, "x-sdk-date is not signed"},
		{"x-project-id unsigned", (*signedCall).unsignProjectID, "x-project-id is not signed"},
		{"x-security-token unsigned", func(c *signedCall) {
			c.ak, c.sk = tempAK, tempSK
			c.headers["X-Security-Token"] = tempST
		}, "x-security-token is not signed"},
		{"a signed header absent", func(c *signedCall) {
			c.canonical.headers += "x-trace:\n"
			c.canonical.signed += ";x-trace"
		}, "the signed header x-trace is absent"},
		{"another secret", func(c *signedCall) { c.sk = "not-" + testSK }, "verify aksk signature fail"},
		{"the query signed as sent, unsorted", func(c *signedCall) {
			c.canonical.query = "marker=" + vifID + "&status=A%20B&limit=2&id=" + vifID + "&id=0a"
		}, "verify aksk signature fail"},
		{"a space encoded as +", func(c *signedCall) {
			c.canonical.query = strings.Replace(c.canonical.query, "A%20B", "A+B", 1)
		}, "verify aksk signature fail"},
		{"the path without its final slash", func(c *signedCall) {
			c.canonical.uri = strings.TrimSuffix(c.canonical.uri, "/")
		}, "verify aksk signature fail"},
		{"a body not signed", func(c *signedCall) { c.method, c.canonical.method, c.body = http.MethodPost, "POST", "{}" }, "verify aksk signature fail"},
		{"another host", func(c *signedCall) {
			c.canonical.headers = strings.Replace(c.canonical.headers, "host:"+c.host, "host:dcaas.example.com", 1)
		}, "verify aksk signature fail"},
		{"a signature in uppercase", func(c *signedCall) {
			c.authorization = handAuthorization(c.ak, c.sk, c.date, c.canonical.signed, c.canonical.String())
			head, sig, _ := strings.Cut(c.authorization, "Signature=")
			c.authorization = head + "Signature=" + strings.ToUpper(sig)
		}, "verify aksk signature fail"},
		{"a temporary key without its token", func(c *signedCall) { c.ak, c.sk = tempAK, tempSK }, "security token expired"},
		{"a temporary key with another token", func(c *signedCall) {
			c.ak, c.sk = tempAK, tempSK
			c.signToken(tempST + "x")
		}, "security token expired"},
		{"an expired temporary key", func(c *signedCall) {
			c.ak, c.sk = "TMPOLD", "old-secret"
			c.signToken("old-token")
		}, "security token expired"},

		// Two checks fail: the earlier in the contract's order names the reason.
		{"malformed, and no date", func(c *signedCall) {
			delete(c.headers, "X-Sdk-Date")
			c.authorization = "SDK-HMAC-SHA256 Access=" + testAK
		}, malformed},
		{"an old date, and an unknown key", func(c *signedCall) {
			*c = h.signedList(time.Now().Add(-time.Hour))
			c.ak = "AKNOBODY"
		}, "x-sdk-date expired"},
		{"an unknown key, and x-project-id unsigned", func(c *signedCall) {
			c.ak = "AKNOBODY"
			c.unsignProjectID()
		}, "access key AKNOBODY does not exist"},
		{"x-project-id unsigned, and another secret", func(c *signedCall) {
			c.sk = "other"
			c.unsignProjectID()
		}, "x-project-id is not signed"},
		{"another secret, and a temporary key without its token", func(c *signedCall) {
			c.ak, c.sk = tempAK, "other"
		}, "verify aksk signature fail"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := h.signedList(time.Now())
			tc.change(&c)
			status, out := h.sendSigned(c)
			wantSignatureRefused(t, status, out, tc.reason)
			if got := h.lastSignedBy(); got != "" {
				t.Errorf("the request log shows a refused request signed by %q", got)
			}
		})
	}
}

func TestSignedRequestsOfAnotherProject(t *testing.T) {
	h := newAKSKHarness(t)
	h.AddAccessKey("AKOTHER", "other-secret", "other-project")
	for _, tc := range []struct {
		name   string
		change func(*signedCall)
		msg    string
	}{
		{"the key of another project", func(c *signedCall) { c.ak, c.sk = "AKOTHER", "other-secret" },
			"the access key AKOTHER does not belong to project " + project},
		{"X-Project-Id of another project", func(c *signedCall) {
			c.headers["X-Project-Id"] = "other-project"
			c.canonical.headers = strings.Replace(c.canonical.headers, "x-project-id:"+project, "x-project-id:other-project", 1)
		}, `X-Project-Id "other-project" is not the project ` + project + " of the path"},
		{"no X-Project-Id", func(c *signedCall) {
			delete(c.headers, "X-Project-Id")
			c.unsignProjectID()
		}, `X-Project-Id "" is not the project ` + project + " of the path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := h.signedList(time.Now())
			tc.change(&c)
			status, out := h.sendSigned(c)
			if status != http.StatusForbidden || out["error_code"] != "DC.0001" || out["error_msg"] != tc.msg {
				t.Errorf("answer %d %v, want 403 DC.0001 %q", status, out, tc.msg)
			}
		})
	}
}

func TestSignedRequestWithToken(t *testing.T) {
	h := newAKSKHarness(t)
	c := h.signedList(time.Now())
	c.headers["X-Auth-Token"] = token
	status, out := h.sendSigned(c)
	wantSignatureRefused(t, status, out, "a request carries either X-Auth-Token or an AK/SK signature, not both")

	if status, _, _ := h.call(http.MethodGet, vifsPath(), ""); status != http.StatusOK || h.lastSignedBy() != "" {
		t.Errorf("a token request: status %d, logged as signed by %q", status, h.lastSignedBy())
	}
}

// The server's clock judges the date and the expiry of temporary keys.
func TestClockSkew(t *testing.T) {
	h := newAKSKHarness(t)
	h.AddTemporaryAccessKey("TMPSOON", "soon-secret", "soon-token", project, time.Now().Add(10*time.Minute))
	h.SetClockSkew(20 * time.Minute)

	status, out := h.sendSigned(h.signedList(time.Now()))
	wantSignatureRefused(t, status, out, "x-sdk-date expired")

	if status, out := h.sendSigned(h.signedList(time.Now().Add(20 * time.Minute))); status != http.StatusOK {
		t.Errorf("a date on the server's clock: %d %v", status, out)
	}

	c := h.signedList(time.Now().Add(20 * time.Minute))
	c.ak, c.sk = "TMPSOON", "soon-secret"
	c.signToken("soon-token")
	status, out = h.sendSigned(c)
	wantSignatureRefused(t, status, out, "security token expired")
}

// The vendor SDK's own known answer, checked by the mock's canonicalisation.
func TestVerifierKnownAnswer(t *testing.T) {
	s := New(Options{ProjectID: project, Token: token})
	s.AddAccessKey("AccessKey", "SecretKey", project)
	s.SetClockSkew(time.Until(time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)))
	r := httptest.NewRequest(http.MethodGet, "https://example.huaweicloud.com/path?limit=1", nil)
	r.Header.Set("X-Sdk-Date", "20060102T150405Z")
	r.Header.Set("Authorization", "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "+
		"Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624")
	if ak, _, reason := s.verifySignature(r, nil); ak != "AccessKey" || reason != "" {
		t.Fatalf("access key %q, reason %q", ak, reason)
	}
	r.URL.RawQuery = "limit=2"
	if _, _, reason := s.verifySignature(r, nil); reason != "verify aksk signature fail" {
		t.Errorf("another query: reason %q", reason)
	}
}

// HTTP/1.1 drops the spaces around a header value before a handler sees
// it; a request made in-process keeps them, and the value signed is trimmed.
func TestVerifierTrimsHeaderValues(t *testing.T) {
	s := New(Options{ProjectID: project, Token: token})
	s.AddAccessKey(testAK, testSK, project)
	date := time.Now().UTC().Format("20060102T150405Z")
	r := httptest.NewRequest(http.MethodGet, "http://dcaas.example.com/v3/"+project+"/dcaas/virtual-interfaces", nil)
	r.Header.Set("X-Sdk-Date", date)
	r.Header.Set("X-Trace", " \ttrace-1  ")
	canonical := canonicalParts{
		method: "GET", uri: "/v3/" + project + "/dcaas/virtual-interfaces/",
		headers: "x-sdk-date:" + date + "\nx-trace:trace-1\n", signed: "x-sdk-date;x-trace", bodyHash: emptyBodyHash,
	}
	r.Header.Set("Authorization", handAuthorization(testAK, testSK, date, canonical.signed, canonical.String()))
	if ak, _, reason := s.verifySignature(r, nil); ak != testAK || reason != "" {
		t.Fatalf("access key %q, reason %q", ak, reason)
	}
}

// Every answer's Date header tells the server's clock, skewed or not, so
// a client refused for its signing time can say by how much the clocks
// differ.
func TestDateHeaderTellsTheServersClock(t *testing.T) {
	h := newAKSKHarness(t)
	for _, skew := range []time.Duration{0, -time.Hour, 20 * time.Minute} {
		h.SetClockSkew(skew)
		before := time.Now().Add(skew).Truncate(time.Second)
		_, _, header := h.call(http.MethodGet, vifsPath(), "")
		after := time.Now().Add(skew)
		date, err := http.ParseTime(header.Get("Date"))
		if err != nil || date.Before(before) || date.After(after) {
			t.Errorf("skew %v: Date %q (%v), want between %v and %v", skew, header.Get("Date"), err, before, after)
		}
	}
}
