package mockserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// The API gateway's answer to a signature it does not accept.
const (
	signatureErrorCode   = "APIGW.0301"
	signatureErrorPrefix = "Incorrect IAM authentication information: "
)

// The reasons the contract names; the others are the mock's wording.
const (
	reasonDateExpired   = "x-sdk-date expired"
	reasonSignatureFail = "verify aksk signature fail"
	reasonTokenExpired  = "security token expired"
)

// maxDateSkew is how far X-Sdk-Date may be from the server's clock.
const maxDateSkew = 15 * time.Minute

// accessKey is what the server knows of an AK: its secret, its project and,
// for a temporary key, the security token and when both expire.
type accessKey struct {
	secret  string
	project string
	token   string
	expires time.Time
}

// AddAccessKey makes the permanent access key ak with secret sk valid for
// project.
func (s *Server) AddAccessKey(ak, sk, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accessKeys[ak] = accessKey{secret: sk, project: project}
}

// AddTemporaryAccessKey makes ak with secret sk valid for project, together
// with securityToken, until expires.
func (s *Server) AddTemporaryAccessKey(ak, sk, securityToken, project string, expires time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accessKeys[ak] = accessKey{secret: sk, project: project, token: securityToken, expires: expires}
}

// SetClockSkew makes the server's clock, which judges X-Sdk-Date and the
// expiry of temporary access keys and sets the Date header of answers, run
// d ahead of this machine's (behind when d is negative), as a server's
// clock may.
func (s *Server) SetClockSkew(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clockSkew = d
}

// nowLocked is the time on the server's clock. Callers hold s.mu.
func (s *Server) nowLocked() time.Time {
	return time.Now().Add(s.clockSkew)
}

// verifySignature checks a signed request in the contract's order and
// returns its access key's id and project, or the reason it is refused.
func (s *Server) verifySignature(r *http.Request, body []byte) (ak, project, reason string) {
	auth, reason := parseAuthorization(r.Header.Get("Authorization"))
	if reason != "" {
		return "", "", reason
	}

	s.mu.Lock()
	now := s.nowLocked()
	key, known := s.accessKeys[auth.access]
	s.mu.Unlock()

	date := r.Header.Get("X-Sdk-Date")
	signedAt, err := time.Parse("20060102T150405Z", date)
	if err != nil || signedAt.Sub(now).Abs() > maxDateSkew {
		return "", "", reasonDateExpired
	}
	if !known {
		return "", "", "access key " + auth.access + " does not exist"
	}
	if reason := checkSignedHeaders(r, auth.signedHeaders); reason != "" {
		return "", "", reason
	}

	canonical := mockCanonicalRequest(r, auth.signedHeaders, body)
	digest := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(key.secret))
	mac.Write([]byte("SDK-HMAC-SHA256\n" + date + "\n" + hex.EncodeToString(digest[:])))
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(auth.signature)) {
		return "", "", reasonSignatureFail
	}

	if key.token != "" && (r.Header.Get("X-Security-Token") != key.token || !now.Before(key.expires)) {
		return "", "", reasonTokenExpired
	}
	return auth.access, key.project, ""
}

type authorization struct {
	access        string
	signedHeaders []string
	signature     string
}

// parseAuthorization reads "SDK-HMAC-SHA256 Access=AK,
// SignedHeaders=a;b, Signature=hex".
func parseAuthorization(header string) (authorization, string) {
	const malformed = "the Authorization header is malformed"
	algorithm, rest, found := strings.Cut(header, " ")
	if !found {
		return authorization{}, malformed
	}
	if algorithm != "SDK-HMAC-SHA256" {
		return authorization{}, "the signing algorithm " + algorithm + " is not supported"
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		name, value, found := strings.Cut(strings.TrimSpace(part), "=")
		if _, seen := fields[name]; !found || seen || value == "" {
			return authorization{}, malformed
		}
		fields[name] = value
	}
	auth := authorization{access: fields["Access"], signature: fields["Signature"]}
	if len(fields) != 3 || auth.access == "" || auth.signature == "" || fields["SignedHeaders"] == "" {
		return authorization{}, malformed
	}
	for _, name := range strings.Split(fields["SignedHeaders"], ";") {
		if name == "" || name != strings.ToLower(name) {
			return authorization{}, malformed
		}
		auth.signedHeaders = append(auth.signedHeaders, name)
	}
	return auth, ""
}

// checkSignedHeaders requires the signature to cover X-Sdk-Date and, when
// sent, X-Project-Id and X-Security-Token, and every header it names to be
// there.
func checkSignedHeaders(r *http.Request, signed []string) string {
	covered := map[string]bool{}
	for _, name := range signed {
		covered[name] = true
	}
	for _, name := range []string{"x-sdk-date", "x-project-id", "x-security-token"} {
		if _, sent := r.Header[http.CanonicalHeaderKey(name)]; (sent || name == "x-sdk-date") && !covered[name] {
			return name + " is not signed"
		}
	}
	for _, name := range signed {
		if _, sent := signedHeaderValue(r, name); !sent {
			return "the signed header " + name + " is absent"
		}
	}
	return ""
}

// signedHeaderValue is a header as the client sent it; Go's server keeps
// Host apart from the other headers.
func signedHeaderValue(r *http.Request, name string) (string, bool) {
	if name == "host" {
		return r.Host, r.Host != ""
	}
	values := r.Header.Values(name)
	if len(values) == 0 {
		return "", false
	}
	return values[0], true
}

// mockCanonicalRequest builds the canonical request from the contract's
// description, apart from the client's signer, so that each checks the
// other.
func mockCanonicalRequest(r *http.Request, signed []string, body []byte) string {
	segments := strings.Split(r.URL.EscapedPath(), "/")
	for i, segment := range segments {
		if decoded, err := url.PathUnescape(segment); err == nil {
			segment = decoded
		}
		segments[i] = uriEncode(segment)
	}
	path := strings.Join(segments, "/")
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}

	type param struct{ name, value string }
	var params []param
	for name, values := range r.URL.Query() {
		for _, value := range values {
			params = append(params, param{name, value})
		}
	}
	sort.Slice(params, func(i, j int) bool {
		if params[i].name != params[j].name {
			return params[i].name < params[j].name
		}
		return params[i].value < params[j].value
	})
	query := make([]string, len(params))
	for i, p := range params {
		query[i] = uriEncode(p.name) + "=" + uriEncode(p.value)
	}

	var headers strings.Builder
	for _, name := range signed {
		value, _ := signedHeaderValue(r, name)
		headers.WriteString(name + ":" + strings.TrimSpace(value) + "\n")
	}
	sortedNames := append([]string(nil), signed...)
	sort.Strings(sortedNames)
	payload := sha256.Sum256(body)

	return r.Method + "\n" + path + "\n" + strings.Join(query, "&") + "\n" + headers.String() + "\n" +
		strings.Join(sortedNames, ";") + "\n" + hex.EncodeToString(payload[:])
}

// uriEncode percent-encodes every byte but the unreserved characters
// A-Z a-z 0-9 - _ . ~, in uppercase hex.
func uriEncode(s string) string {
	const upperHex = "0123456789ABCDEF"
	var out []byte
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~':
			out = append(out, c)
		default:
			out = append(out, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return string(out)
}

func writeSignatureError(w http.ResponseWriter, reason string) {
	writeError(w, http.StatusUnauthorized, signatureErrorCode, signatureErrorPrefix+reason)
}
