package dcaas

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes of the DCaaS API that callers act on.
const (
	CodeNotFound           = "DC.0002"
	CodeVifNotFound        = "DC.1211"
	CodeAddressFamilyTaken = "DC.1301"
	CodeLastPeer           = "DC.1302"
	CodeBusy               = "DC.1303"
)

// APIError is an error answer of the API.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	Code       string `json:"error_code"`
	Message    string `json:"error_msg"`
	RequestID  string `json:"request_id"`
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
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

// AsAPIError returns the APIError inside err, if there is one.
func AsAPIError(err error) (*APIError, bool) {
	var apiErr *APIError
	ok := errors.As(err, &apiErr)
	return apiErr, ok
}

// IsNotFound reports whether err says the resource does not exist, in any of
// the three ways the API may spell it.
func IsNotFound(err error) bool {
	if errors.Is(err, ErrPeerNotFound) {
		return true
	}
	apiErr, ok := AsAPIError(err)
	if !ok {
		return false
	}
	if apiErr.StatusCode == http.StatusNotFound {
		return true
	}
	return apiErr.StatusCode == http.StatusBadRequest &&
		(apiErr.Code == CodeNotFound || apiErr.Code == CodeVifNotFound)
}

// IsBusy reports whether err says the peer is in a PENDING_* state.
func IsBusy(err error) bool {
	apiErr, ok := AsAPIError(err)
	return ok && (apiErr.Code == CodeBusy || apiErr.StatusCode == http.StatusConflict)
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
// holds no such peer, or FindVifPeer's interface itself is gone.
var ErrPeerNotFound = errors.New("virtual interface peer not found")
