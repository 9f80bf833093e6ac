package shared

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// The diagnostics and the words that every part of the provider uses. Each
// object's own diagnostics are made in the diagnostics.go of its package.

// ErrorSummary is the summary of an error that stopped the provider while
// it was doing something: "Error reading VIF peer".
func ErrorSummary(doing string) string {
	return "Error " + doing
}

// APIError is an API call that failed while the provider was doing
// something; what says which call, and DescribeAPIError adds what the
// client found and the setting to check.
func APIError(doing string, err error, what string) diag.Diagnostic {
	return diag.NewErrorDiagnostic(ErrorSummary(doing), DescribeAPIError(err, what))
}

// ProviderBugError is an error only a bug of the provider leads to.
func ProviderBugError(summary, fact string) diag.Diagnostic {
	return diag.NewErrorDiagnostic(summary, "This is a bug in the provider; please report it: "+fact)
}

// notConfiguredError is a call that needs the API client of a provider
// that has none.
func notConfiguredError() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Provider not configured",
		"The dcaas provider has no API client: its endpoint, project_id or credentials are unknown or missing.")
}

// A failed API call: what the client found, and the setting that led there.

// DescribeAPIError joins what was being done with the API's own account of
// the failure, and with the setting to check where the failure points at
// one.
func DescribeAPIError(err error, what string) string {
	detail := what + "\n\n" + err.Error()
	if keyErr, ok := dcaas.AsAccessKeyError(err); ok {
		return detail + "\n\n" + DescribeAccessKeyRefusal(keyErr)
	}
	if hint := endpointHint(err); hint != "" {
		detail += "\n\n" + hint
	}
	switch {
	case dcaas.IsUnauthorized(err):
		detail += "\n\nThe API rejected the token (HTTP 401). With auth_token (or " + EnvAuthToken + "), check the token; " +
			"with password authentication, a fresh token from IAM was rejected as well: check that the user may use project_id."
	case dcaas.IsForbidden(err):
		detail += "\n\nThe token is valid but belongs to another project than project_id (HTTP 403): check project_id or " + EnvProjectID + "."
	}
	return detail
}

// A service the provider reaches, and the setting that says where.
type ServiceSetting struct {
	service, attribute, env string
}

var (
	apiSetting = ServiceSetting{"the DCaaS API", "endpoint", EnvEndpoint}
	IAMSetting = ServiceSetting{"IAM", "iam_endpoint", EnvIAMEndpoint}
)

// endpointHint names the setting to check when err shows that a service
// cannot be reached, or that the endpoint leads to something else; "" when
// it shows neither. The client says what it found; only the provider knows
// which setting led there.
func endpointHint(err error) string {
	setting := apiSetting
	if dcaas.IsTokenFailure(err) {
		setting = IAMSetting
	}
	if hint := ReachHint(err, setting); hint != "" {
		return hint
	}
	if dcaas.IsNotTheAPI(err) {
		return "Check endpoint (or " + EnvEndpoint + "): it must be the API's base URL, such as https://dcaas.example.com, " +
			"without /v3 or any other path that the provider adds itself."
	}
	return ""
}

// ReachHint names the setting to check when err is a request that reached
// no server of the service it could talk to; "" otherwise.
func ReachHint(err error, s ServiceSetting) string {
	switch {
	case dcaas.IsTLSFailure(err):
		return fmt.Sprintf("Check %s (or %s). If the certificate of %s is signed by a private CA, trust that CA with ca_cert_file.",
			s.attribute, s.env, s.service)
	case dcaas.IsConnectFailure(err):
		return fmt.Sprintf("Check %s (or %s), its scheme, host and port, and that %s is up.", s.attribute, s.env, s.service)
	}
	return ""
}

// DescribeAccessKeyRefusal says what the API's refusal of a signed request
// means and what the user can do, naming the key by its id only.
func DescribeAccessKeyRefusal(e *dcaas.AccessKeyError) string {
	key := "access key " + e.AccessKeyID
	switch e.Reason {
	case dcaas.RefusedSignature:
		return fmt.Sprintf("The API refused the signature of %s: the secret key is not this access key's. "+
			"Check secret_key (or %s): it must be the secret of access_key %s (or %s).", key, EnvSecretKey, e.AccessKeyID, EnvAccessKey)
	case dcaas.RefusedClock:
		detail := fmt.Sprintf("The API refused the signing time of the requests of %s: a signed request is valid for %d minutes, "+
			"and this machine's clock differs from the API's by more than that", key, int(dcaas.MaxClockSkew/time.Minute))
		if e.ClockOffsetKnown && e.ClockOffset.Abs() > dcaas.MaxClockSkew {
			direction := "ahead of"
			if e.ClockOffset < 0 {
				direction = "behind"
			}
			detail += fmt.Sprintf(": the API's clock (its Date header) is %s %s this machine's", e.ClockOffset.Abs(), direction)
		}
		return detail + ". Set this machine's clock right (for example with NTP). The request was not sent again, since no retry can cure a wrong clock."
	case dcaas.RefusedSecurityToken:
		if !e.Temporary {
			return fmt.Sprintf("The API knows %s as temporary credentials, which need the security token issued with them: "+
				"set security_token (or %s), or use a permanent access key.", key, EnvSecurityToken)
		}
		return fmt.Sprintf("The API refused the security token of temporary %s: it has expired, or was not issued with this key. "+
			"Obtain new temporary credentials (access key, secret key and security token are issued together) and set "+
			"access_key, secret_key and security_token (or %s, %s and %s).", key, EnvAccessKey, EnvSecretKey, EnvSecurityToken)
	case dcaas.RefusedProject:
		return fmt.Sprintf("The signature of %s is good, but the key belongs to another project than project_id (HTTP 403): "+
			"check project_id (or %s), or use an access key of that project.", key, EnvProjectID)
	}
	return fmt.Sprintf("The API refused %s. Check access_key and secret_key (or %s and %s).", key, EnvAccessKey, EnvSecretKey)
}

// StartFateError words a start of an operation (what) that ended without
// the API's answer: the operation may have started when the client could
// not tell, and did not start when it could, or when the API did not take
// it within the timeout. ok is false for any other error.
func StartFateError(err error, operation, what string, timeout time.Duration) (d diag.Diagnostic, ok bool) {
	var lost *dcaas.LostStartError
	switch {
	case errors.As(err, &lost) && lost.LookupErr != nil:
		return diag.NewErrorDiagnostic(operation+" may have started", DescribeAPIError(err, what)), true
	case errors.As(err, &lost):
		return diag.NewErrorDiagnostic(operation+" not started", DescribeAPIError(err, what)), true
	case errors.Is(err, context.DeadlineExceeded):
		return diag.NewErrorDiagnostic(operation+" not started", DescribeAPIError(err, fmt.Sprintf("%s The API did not take it within the timeout of %s.", what, timeout))), true
	}
	return nil, false
}

// DescribeWaitEnd words a wait that ended without a result: out of time,
// cut short by the user, or failing to read. It returns the summary, and
// how the operation fared, to follow its id in the detail.
func DescribeWaitEnd(ctx context.Context, err error, what string, timeout time.Duration) (summary, fared string) {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return what + " timed out", "did not end within " + timeout.String()
	case errors.Is(err, context.Canceled):
		return what + " interrupted", "was still running when the wait for it was interrupted"
	}
	return ErrorSummary("waiting for " + strings.ToLower(what[:1]) + what[1:]), "could not be followed to its end"
}
