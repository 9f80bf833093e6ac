package dcaas

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// AccessKey is an access key id (ID) with its secret access key and, for
// temporary credentials, the security token issued with them. Printed,
// logged or encoded as JSON it shows the id only.
type AccessKey struct {
	ID            string
	Secret        string
	SecurityToken string
}

// signingAlgorithm names the signature in the Authorization header.
const signingAlgorithm = "SDK-HMAC-SHA256"

// sdkDateFormat is the form of X-Sdk-Date: UTC, to the second.
const sdkDateFormat = "20060102T150405Z"

// Validate reports what keeps k from signing, naming no secret.
func (k AccessKey) Validate() error {
	switch {
	case k.ID == "":
		return errors.New("the access key id is empty")
	case strings.ContainsFunc(k.ID, func(r rune) bool { return r == ',' || unicode.IsSpace(r) || unicode.IsControl(r) }):
		// The id goes into the Authorization header, whose fields these end.
		return fmt.Errorf("the access key id %q holds a space, a comma or a control character", k.ID)
	case k.Secret == "":
		return errors.New("the secret key of access key " + k.ID + " is empty")
	}
	return nil
}

// Sign signs req for the project projectID at time at, body being the exact
// bytes req sends (nil for none). It sets X-Sdk-Date, X-Project-Id,
// X-Security-Token (with temporary credentials only) and Authorization, and
// removes any X-Auth-Token, since the API refuses a request that carries
// both. The signature covers the method, path, query, body, those headers
// and the Host, and the API accepts it for 15 minutes: sign each attempt
// afresh, after any change to req.
func (k AccessKey) Sign(req *http.Request, body []byte, projectID string, at time.Time) error {
	if err := k.Validate(); err != nil {
		return err
	}
	if projectID == "" {
		return errors.New("signing a request: the project id is empty")
	}
	// Signing the host binds the signature to the endpoint, so a captured
	// request cannot be replayed against another one. Go sends req.Host, or
	// the URL's host when that is empty.
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	date := at.UTC().Format(sdkDateFormat)
	headers := []signedHeader{{"host", host}, {"x-project-id", projectID}, {"x-sdk-date", date}}
	req.Header.Del("X-Auth-Token")
	req.Header.Set("X-Sdk-Date", date)
	req.Header.Set("X-Project-Id", projectID)
	req.Header.Del("X-Security-Token")
	if k.SecurityToken != "" {
		req.Header.Set("X-Security-Token", k.SecurityToken)
		headers = append(headers, signedHeader{"x-security-token", k.SecurityToken})
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	canonical, err := canonicalRequest(method, req.URL, headers, body)
	if err != nil {
		return fmt.Errorf("signing %s %s: %w", method, req.URL.Path, err)
	}
	req.Header.Set("Authorization", k.authorization(date, canonical, headers))
	return nil
}

// signedHeader is a header as the signature covers it: the name in
// lowercase, the value as sent.
type signedHeader struct{ name, value string }

// canonicalRequest is the text that the signature covers, as the contract
// builds it from the request.
func canonicalRequest(method string, u *url.URL, headers []signedHeader, body []byte) (string, error) {
	path, err := canonicalURI(u.EscapedPath())
	if err != nil {
		return "", err
	}
	query, err := canonicalQuery(u.RawQuery)
	if err != nil {
		return "", err
	}
	headers = slices.SortedFunc(slices.Values(headers), func(a, b signedHeader) int { return strings.Compare(a.name, b.name) })
	var lines strings.Builder
	for _, h := range headers {
		lines.WriteString(h.name + ":" + strings.TrimSpace(h.value) + "\n")
	}
	payloadHash := sha256.Sum256(body)
	return strings.Join([]string{
		method, path, query, lines.String(), signedHeaderNames(headers), hex.EncodeToString(payloadHash[:]),
	}, "\n"), nil
}

// canonicalURI encodes each segment of the path anew and ends it in a
// slash.
func canonicalURI(escapedPath string) (string, error) {
	segments := strings.Split(escapedPath, "/")
	for i, s := range segments {
		raw, err := url.PathUnescape(s)
		if err != nil {
			return "", fmt.Errorf("the path %q is not validly escaped", escapedPath)
		}
		segments[i] = signingEscape(raw)
	}
	path := strings.Join(segments, "/")
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	return path, nil
}

// canonicalQuery sorts the parameters by name, then by value, each
// encoded anew.
func canonicalQuery(rawQuery string) (string, error) {
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", fmt.Errorf("the query %q is malformed", rawQuery)
	}
	var pairs []string
	for _, name := range slices.Sorted(maps.Keys(values)) {
		for _, value := range slices.Sorted(slices.Values(values[name])) {
			pairs = append(pairs, signingEscape(name)+"="+signingEscape(value))
		}
	}
	return strings.Join(pairs, "&"), nil
}

// signingEscape percent-encodes, in uppercase hex, every byte of s but
// A-Z a-z 0-9 - _ . ~.
func signingEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func signedHeaderNames(headers []signedHeader) string {
	names := make([]string, len(headers))
	for i, h := range headers {
		names[i] = h.name
	}
	return strings.Join(names, ";")
}

// authorization is the Authorization header for the canonical request.
func (k AccessKey) authorization(date, canonical string, headers []signedHeader) string {
	canonicalHash := sha256.Sum256([]byte(canonical))
	stringToSign := signingAlgorithm + "\n" + date + "\n" + hex.EncodeToString(canonicalHash[:])
	mac := hmac.New(sha256.New, []byte(k.Secret))
	mac.Write([]byte(stringToSign))
	return fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s",
		signingAlgorithm, k.ID, signedHeaderNames(headers), hex.EncodeToString(mac.Sum(nil)))
}

// String names the access key by its id, never its secrets.
func (k AccessKey) String() string {
	if k.SecurityToken != "" {
		return "temporary access key " + k.ID
	}
	return "access key " + k.ID
}

// GoString is what %#v prints: the id, and which secrets are set.
func (k AccessKey) GoString() string {
	return fmt.Sprintf("dcaas.AccessKey{ID: %s, Secret: %s, SecurityToken: %s}",
		strconv.Quote(k.ID), hidden(k.Secret), hidden(k.SecurityToken))
}

func hidden(secret string) string {
	if secret == "" {
		return `""`
	}
	return "(hidden)"
}

// Format makes every verb print String, and %#v GoString, so that no
// format of an AccessKey, or of a struct holding one, shows a secret.
func (k AccessKey) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, k.GoString())
		return
	}
	_, _ = io.WriteString(f, k.String())
}

// MarshalJSON writes the id only, for loggers that encode values as JSON.
func (k AccessKey) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"id": k.ID, "temporary": k.SecurityToken != ""})
}
