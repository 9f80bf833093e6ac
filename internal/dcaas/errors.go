package dcaas

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// apiErrorCodePrefix starts every error code of the DCaaS API.
const apiErrorCodePrefix = "DC."

// Error codes of the DCaaS API that callers act on.
const (
	CodeInvalid            = "DC.0001"
	CodeNotFound           = "DC.0002"
	CodeVifNotFound        = "DC.1211"
	CodeAddressFamilyTaken = "DC.1301"
	CodeLastPeer           = "DC.1302"
	CodeBusy               = "DC.1303"
	// CodeSignatureRefused is the API gateway's, not a DC code: a 401 to a
	// request signed with an access key.
	CodeSignatureRefused = "APIGW.0301"
	// CodeNoSuchAPI is the API gateway's answer, with 404, to a path or
	// method that the API does not have: a wrong base URL, never a missing
	// object.
	CodeNoSuchAPI = "APIGW.0101"
)

// APIError is an error answer: an HTTP status of 400 or above.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	Code       string `json:"error_code"`
	Message    string `json:"error_msg"`
	RequestID  string `json:"request_id"`

	// URL is the whole address the request went to.
	URL string `json:"-"`
	// FromAPI is set when the body is the API's own error body, with an
	// error_code. Any other body (an HTML page, nothing) was written by
	// something that is not the DCaaS API, such as a web server behind a
	// wrong base URL.
	FromAPI bool `json:"-"`
	// ContentType and BodyStart describe a body that is not the API's.
	ContentType string `json:"-"`
	BodyStart   string `json:"-"`
}

func (e *APIError) Error() string {
	if !e.FromAPI && e.Code == CodeNoSuchAPI {
		return fmt.Sprintf("%s %s: HTTP %d %s: %s (request id %s). The API gateway has no such path or method: "+
			"the base URL is not the API's", e.Method, e.URL, e.StatusCode, e.Code, e.Message, e.RequestID)
	}
	if !e.FromAPI {
		return fmt.Sprintf("%s %s: HTTP %d with a body that is not the DCaaS API's error body (Content-Type %q, starting %q): "+
			"the server does not look like the DCaaS API",
			e.Method, e.URL, e.StatusCode, e.ContentType, e.BodyStart)
	}
	where := e.URL
	if where == "" {
		where = e.Path
	}
	msg := fmt.Sprintf("%s %s: HTTP %d", e.Method, where, e.StatusCode)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	return msg
}

// Is makes an error body that is not the API's an answer that is not the
// API's (IsNotTheAPI).
func (e *APIError) Is(target error) bool { return target == errNotTheAPI && !e.FromAPI }

// AsAPIError returns the APIError inside err, if there is one.
func AsAPIError(err error) (*APIError, bool) {
	var apiErr *APIError
	ok := errors.As(err, &apiErr)
	return apiErr, ok
}

// IsNotFound reports whether err says the resource does not exist, in any of
// the ways the API may spell it (404 or 400, with DC.0002 or DC.1211), and
// only in the API's own error body: a 404 page from anything else means a
// wrong endpoint, not a deleted peer.
func IsNotFound(err error) bool {
	if errors.Is(err, ErrPeerNotFound) {
		return true
	}
	apiErr, ok := AsAPIError(err)
	if !ok || !apiErr.FromAPI {
		return false
	}
	return (apiErr.StatusCode == http.StatusNotFound || apiErr.StatusCode == http.StatusBadRequest) &&
		(apiErr.Code == CodeNotFound || apiErr.Code == CodeVifNotFound)
}

// IsBusy reports whether err says the peer is in a PENDING_* state.
func IsBusy(err error) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.FromAPI && (apiErr.Code == CodeBusy || apiErr.StatusCode == http.StatusConflict)
}

// IsInvalid reports whether err is the API's refusal of a request it
// holds invalid in the state things are in, such as the shutdown of an
// interface already shut down (DC.0001).
func IsInvalid(err error) bool {
	return hasCode(err, CodeInvalid)
}

// IsLastPeer reports whether err says the peer is the last of its interface.
func IsLastPeer(err error) bool {
	return hasCode(err, CodeLastPeer)
}

// IsAddressFamilyTaken reports whether err says the interface already has a
// peer of that address family.
func IsAddressFamilyTaken(err error) bool {
	return hasCode(err, CodeAddressFamilyTaken)
}

// IsUnauthorized reports whether the token was rejected (401).
func IsUnauthorized(err error) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.StatusCode == http.StatusUnauthorized
}

// IsForbidden reports whether the token belongs to another project (403).
func IsForbidden(err error) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.StatusCode == http.StatusForbidden
}

func hasCode(err error, code string) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.Code == code
}

// ErrPeerNotFound is returned by the finders when the API answered but
// holds no such peer, or VifPeer's interface itself is gone.
var ErrPeerNotFound = errors.New("virtual interface peer not found")

// errNotTheAPI marks the errors of answers that the DCaaS API never gives.
var errNotTheAPI = errors.New("the server does not look like the DCaaS API")

// IsNotTheAPI reports whether err shows that the base URL leads to a server
// that is not the DCaaS API: an error body that is not the API's, a
// redirect, a list of interfaces that is "not found", or a success without
// what the API always answers.
func IsNotTheAPI(err error) bool {
	return errors.Is(err, errNotTheAPI)
}

// TokenError is the failure to obtain a token for a request, which was
// therefore not sent.
type TokenError struct {
	Err error
}

func (e *TokenError) Error() string { return "obtaining a token: " + e.Err.Error() }

func (e *TokenError) Unwrap() error { return e.Err }

// IsTokenFailure reports whether err is the failure to obtain a token
// rather than one of the request itself.
func IsTokenFailure(err error) bool {
	var tokenErr *TokenError
	return errors.As(err, &tokenErr)
}

// bodyStartLength is how much of a foreign error body an error quotes: enough
// to recognise a web server's page, too little to flood the output.
const bodyStartLength = 80

func decodeAPIError(method, path string, target *url.URL, resp *http.Response, raw []byte) *APIError {
	apiErr := &APIError{}
	// The body may be anything a proxy or gateway wrote; it is the API's
	// only when it decodes to an object with one of the API's error codes,
	// or with the code of its gateway's refusal of a signature, which comes
	// with 401 alone, so that no "not found" rule can ever take it.
	apiErr.FromAPI = json.Unmarshal(raw, apiErr) == nil && (strings.HasPrefix(apiErr.Code, apiErrorCodePrefix) ||
		(resp.StatusCode == http.StatusUnauthorized && apiErr.Code == CodeSignatureRefused))
	if !apiErr.FromAPI {
		gateway := *apiErr
		*apiErr = APIError{ContentType: resp.Header.Get("Content-Type"), BodyStart: bodyStart(raw)}
		// The gateway's "no such API" keeps its words, and stays an
		// answer that is not the API's.
		if resp.StatusCode == http.StatusNotFound && gateway.Code == CodeNoSuchAPI {
			apiErr.Code, apiErr.Message, apiErr.RequestID = gateway.Code, gateway.Message, gateway.RequestID
		}
	}
	apiErr.Method = method
	apiErr.Path = path
	apiErr.URL = target.Redacted()
	apiErr.StatusCode = resp.StatusCode
	if apiErr.RequestID == "" {
		apiErr.RequestID = resp.Header.Get("X-Request-Id")
	}
	if apiErr.Message == "" {
		apiErr.Message = http.StatusText(resp.StatusCode)
	}
	return apiErr
}

func bodyStart(raw []byte) string {
	text := strings.Join(strings.Fields(string(raw)), " ")
	if runes := []rune(text); len(runes) > bodyStartLength {
		return string(runes[:bodyStartLength]) + "…"
	}
	return text
}
