package dcaas

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// MaxClockSkew is how far the signing time of a request may be from the
// API's clock.
const MaxClockSkew = 15 * time.Minute

// accessKeyAuth signs each attempt with an access key, at the moment it is
// sent: a retry long after the first attempt still carries a valid date.
type accessKeyAuth struct {
	key       AccessKey
	projectID string
}

func (a accessKeyAuth) authorize(_ context.Context, req *http.Request, payload []byte) error {
	return a.key.Sign(req, payload, a.projectID, time.Now())
}

// A signature is refused for what it is: sending it again, even signed
// anew, meets the same answer.
func (a accessKeyAuth) refused(_ *http.Request, resp *http.Response, apiErr *APIError) (renewable bool, err error) {
	if !apiErr.FromAPI {
		return false, apiErr
	}
	keyErr := &AccessKeyError{AccessKeyID: a.key.ID, Temporary: a.key.SecurityToken != "", Err: apiErr}
	if resp.StatusCode == http.StatusForbidden {
		keyErr.Reason = RefusedProject
		return false, keyErr
	}
	message := strings.ToLower(apiErr.Message)
	switch {
	case strings.Contains(message, "x-sdk-date expired"):
		keyErr.Reason = RefusedClock
		if date, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
			// Date is cut to the second: its middle is the best guess.
			keyErr.ClockOffset = time.Until(date.Add(500 * time.Millisecond)).Round(time.Second)
			keyErr.ClockOffsetKnown = true
		}
	case strings.Contains(message, "verify aksk signature fail"):
		keyErr.Reason = RefusedSignature
	case strings.Contains(message, "security token expired"):
		keyErr.Reason = RefusedSecurityToken
	}
	return false, keyErr
}

// AccessKeyRefusal is why the API refused a request signed with an access
// key.
type AccessKeyRefusal int

const (
	// RefusedOther is a reason the contract does not name, such as an
	// unknown access key; the API's message says which.
	RefusedOther AccessKeyRefusal = iota
	// RefusedSignature: the signature does not match, so the secret key is
	// not the access key's.
	RefusedSignature
	// RefusedClock: the signing time is more than MaxClockSkew away from
	// the API's clock.
	RefusedClock
	// RefusedSecurityToken: the access key is a temporary one whose
	// security token is missing, wrong or expired.
	RefusedSecurityToken
	// RefusedProject: the signature is good but the access key belongs to
	// another project (403).
	RefusedProject
)

// AccessKeyError is the API's refusal of a request signed with an access
// key. It names the key by its id, never its secrets.
type AccessKeyError struct {
	AccessKeyID string
	// Temporary is set when the request carried a security token.
	Temporary bool
	Reason    AccessKeyRefusal
	// ClockOffset is how far the API's clock runs ahead of this machine's
	// (behind when negative), read from the Date header of a RefusedClock
	// answer; ClockOffsetKnown says whether the answer had one.
	ClockOffset      time.Duration
	ClockOffsetKnown bool
	Err              *APIError
}

func (e *AccessKeyError) Error() string {
	key := "access key "
	if e.Temporary {
		key = "temporary access key "
	}
	return e.Err.Error() + ", signed with " + key + e.AccessKeyID
}

func (e *AccessKeyError) Unwrap() error { return e.Err }

// AsAccessKeyError returns the AccessKeyError inside err, if there is one.
func AsAccessKeyError(err error) (*AccessKeyError, bool) {
	var keyErr *AccessKeyError
	ok := errors.As(err, &keyErr)
	return keyErr, ok
}

// CheckAccess sends the cheapest request that the credentials must pass:
// a list of one virtual interface of the project. It fails as any request
// with those credentials would.
func (c *Client) CheckAccess(ctx context.Context) error {
	_, err := c.listPage(ctx, url.Values{"limit": {"1"}})
	return err
}
