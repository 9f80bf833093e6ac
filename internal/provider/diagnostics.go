package provider

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// Every diagnostic of the provider's settings and its authentication is
// made here, by a constructor named for it. The client reports what it
// found out as typed facts; these words say what they mean for Terraform
// and what the user can do. The diagnostics of each API object are made in
// the diagnostics.go of its package, those common to all in the shared
// package's.

// invalidEndpointError is an endpoint that is no base URL of the API.
func invalidEndpointError(err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("endpoint"), "Invalid DCaaS endpoint",
		fmt.Sprintf("The endpoint (from the endpoint attribute or %s) %s.", shared.EnvEndpoint, err))
}

// caCertFileError is a ca_cert_file that cannot be read or holds no
// certificate.
func caCertFileError(err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("ca_cert_file"), "Cannot use ca_cert_file", err.Error())
}

// clientConfigError is a client the settings cannot make.
func clientConfigError(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot configure the DCaaS client", err.Error())
}

// missingSettingError is a setting, what the provider needs, that neither
// the attribute attr nor the environment variable env gives.
func missingSettingError(attr, what, env string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr), "Missing DCaaS "+attr,
		fmt.Sprintf("The provider needs %s: set %s in the provider block or the %s environment variable. "+emptyIsUnset, what, attr, env))
}

// insecureTLSWarning is insecure = true; inTransit says what the requests
// carry.
func insecureTLSWarning(inTransit string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("insecure"), "TLS verification is off",
		"insecure = true: the endpoint's certificate is not verified, so anyone on the network path could pose as the endpoint and read what the provider sends, "+
			inTransit+". Use ca_cert_file for a private CA instead.")
}

// clearTextEndpointWarning is an endpoint of plain http on another host.
func clearTextEndpointWarning(endpoint *url.URL, inTransit string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("endpoint"), "API requests sent without encryption",
		fmt.Sprintf("The endpoint %s uses plain http on a host that is not this machine, so what the provider sends travels in clear, %s. Use https.", endpoint.Redacted(), inTransit))
}

// conflictingAuthError is a configuration that starts more than one way to
// authenticate, each described in started.
func conflictingAuthError(started []string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Conflicting DCaaS authentication settings", authWays+
		"\n\nMore than one is set: "+strings.Join(started, "; ")+". Keep one way and remove the others.")
}

// missingAuthError is a configuration that starts no way to authenticate;
// needed says what each way needs.
func missingAuthError(needed []string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Missing DCaaS authentication", authWays+
		"\n\nNone is set: give "+strings.Join(needed, "; or ")+".")
}

// incompleteAuthError is a way to authenticate started with the settings
// given and lacking those missing.
func incompleteAuthError(way string, given, missing []string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Incomplete DCaaS "+way+" authentication", authWays+
		"\n\nSet for "+way+" authentication: "+strings.Join(given, ", ")+". Missing: "+strings.Join(missing, ", ")+".")
}

// invalidAccessKeyError is an access key id of the wrong form.
func invalidAccessKeyError(err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("access_key"), "Invalid DCaaS access key",
		fmt.Sprintf("The access key (from the access_key attribute or %s): %s. It is the access key id, such as HST3WK0PN7XJ2EXAMPLE.", shared.EnvAccessKey, err))
}

// invalidIAMEndpointError is an IAM endpoint that is no base URL.
func invalidIAMEndpointError(err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("iam_endpoint"), "Invalid IAM endpoint",
		fmt.Sprintf("The IAM endpoint (from the iam_endpoint attribute or %s) %s.", shared.EnvIAMEndpoint, err))
}

// clearTextPasswordWarning is an IAM endpoint of plain http on another
// host.
func clearTextPasswordWarning(iamEndpoint *url.URL) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("iam_endpoint"), "Password sent without encryption",
		fmt.Sprintf("The IAM endpoint %s uses plain http on a host that is not this machine, so the password travels in clear. Use https.", iamEndpoint.Redacted()))
}

// accessKeyRefusedError is the API's refusal of the signed request that
// checks the access key.
func accessKeyRefusedError(err error, keyErr *dcaas.AccessKeyError) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot authenticate with the access key", err.Error()+"\n\n"+shared.DescribeAccessKeyRefusal(keyErr))
}

// accessKeyUncheckedError is the check of the access key failing for
// another reason than a refusal of the key.
func accessKeyUncheckedError(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot check the access key",
		"The provider checks its access key with one read of the project's virtual interfaces, which failed:\n\n"+err.Error())
}

// iamAuthError is a token that IAM did not give for password, with the
// setting to check.
func iamAuthError(err error, password *dcaas.PasswordAuth) diag.Diagnostic {
	hint := shared.ReachHint(err, shared.IAMSetting)
	if hint == "" {
		hint = "Check iam_endpoint (" + shared.EnvIAMEndpoint + ") and that IAM is reachable."
	}
	if dcaas.IsCredentialsRefused(err) {
		hint = fmt.Sprintf("Check username, password and domain_name (or %s, %s and %s): IAM knows no user %q in domain %q with that password.",
			shared.EnvUsername, shared.EnvPassword, shared.EnvDomainName, password.Username, password.DomainName)
	}
	return diag.NewErrorDiagnostic("Cannot authenticate with IAM", err.Error()+"\n\n"+hint)
}
