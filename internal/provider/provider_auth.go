package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// Environment variables of password authentication, read when the matching
// attribute is not set.
const (
	EnvIAMEndpoint = "DCAAS_IAM_ENDPOINT"
	EnvUsername    = "DCAAS_USERNAME"
	EnvPassword    = "DCAAS_PASSWORD" //nolint:gosec // the name of a variable, not a credential
	EnvDomainName  = "DCAAS_DOMAIN_NAME"
)

const authWays = "The provider authenticates in exactly one of two ways:\n" +
	"  - a token: auth_token, or the " + EnvAuthToken + " environment variable;\n" +
	"  - an IAM username and password, recommended for automation since the provider obtains and renews the token itself: " +
	"iam_endpoint, username, password and domain_name, or the " + EnvIAMEndpoint + ", " + EnvUsername + ", " +
	EnvPassword + " and " + EnvDomainName + " environment variables.\n" + emptyIsUnset

// authSetting is one credential attribute with its environment fallback.
type authSetting struct {
	attr, env string
	value     types.String
}

func (s authSetting) resolve() string { return stringOrEnv(s.value, s.env) }

func (s authSetting) describe() string { return s.attr + " (" + s.env + ")" }

func (m dcaasProviderModel) passwordSettings() []authSetting {
	return []authSetting{
		{"iam_endpoint", EnvIAMEndpoint, m.IAMEndpoint},
		{"username", EnvUsername, m.Username},
		{"password", EnvPassword, m.Password},
		{"domain_name", EnvDomainName, m.DomainName},
	}
}

// authUnknown reports whether a credential is unknown until apply.
func (m dcaasProviderModel) authUnknown() bool {
	for _, s := range m.passwordSettings() {
		if s.value.IsUnknown() {
			return true
		}
	}
	return m.AuthToken.IsUnknown()
}

// credentials are the resolved way of authenticating: a token, or a
// password from which the client obtains tokens.
type credentials struct {
	token    string
	password *dcaas.PasswordAuth
}

// secrets are the values the logs must never show, wherever they appear.
// In a JSON body the password may be escaped; secretInBody masks it there.
func (c credentials) secrets() []string {
	if c.password != nil {
		return []string{c.password.Password}
	}
	return []string{c.token}
}

// resolveCredentials reads the credentials from attributes and environment
// and checks that exactly one way of authenticating is complete.
func resolveCredentials(config dcaasProviderModel, resp *provider.ConfigureResponse) credentials {
	token := stringOrEnv(config.AuthToken, EnvAuthToken)
	var given, missing []string
	values := map[string]string{}
	for _, s := range config.passwordSettings() {
		if v := s.resolve(); v != "" {
			values[s.attr] = v
			given = append(given, s.describe())
		} else {
			missing = append(missing, s.describe())
		}
	}

	switch {
	case token != "" && len(given) > 0:
		resp.Diagnostics.AddError("Conflicting DCaaS authentication settings", authWays+
			"\n\nBoth are set: auth_token ("+EnvAuthToken+") and "+strings.Join(given, ", ")+". Keep one way and remove the other.")
		return credentials{}
	case token != "":
		return credentials{token: token}
	case len(given) == 0:
		resp.Diagnostics.AddError("Missing DCaaS authentication", authWays+
			"\n\nNone is set: give auth_token ("+EnvAuthToken+"), or "+strings.Join(missing, ", ")+".")
		return credentials{}
	case len(missing) > 0:
		resp.Diagnostics.AddError("Incomplete DCaaS password authentication", authWays+
			"\n\nSet for password authentication: "+strings.Join(given, ", ")+". Missing: "+strings.Join(missing, ", ")+".")
		return credentials{}
	}

	if _, err := dcaas.ParseBaseURL(values["iam_endpoint"]); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("iam_endpoint"), "Invalid IAM endpoint",
			fmt.Sprintf("The IAM endpoint (from the iam_endpoint attribute or %s) %s.", EnvIAMEndpoint, err))
		return credentials{}
	}
	return credentials{password: &dcaas.PasswordAuth{
		IAMEndpoint: values["iam_endpoint"], Username: values["username"],
		Password: values["password"], DomainName: values["domain_name"],
	}}
}

// warnClearTextPassword warns when the password would cross the network
// unencrypted.
func warnClearTextPassword(ctx context.Context, resp *provider.ConfigureResponse, creds credentials) {
	if creds.password == nil {
		return
	}
	u, err := dcaas.ParseBaseURL(creds.password.IAMEndpoint)
	if err == nil && u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		warnProvider(ctx, resp, "iam_endpoint", "Password sent without encryption",
			fmt.Sprintf("The IAM endpoint %s uses plain http on a host that is not this machine, so the password travels in clear. Use https.", u.Redacted()))
	}
}

// authenticate obtains the first token now, so that wrong credentials fail
// the plan rather than an apply half-way.
func authenticate(ctx context.Context, client *dcaas.Client, creds credentials, resp *provider.ConfigureResponse) {
	if creds.password == nil {
		return
	}
	err := client.Authenticate(ctx)
	if err == nil {
		return
	}
	hint := reachHint(err, iamSetting)
	if hint == "" {
		hint = "Check iam_endpoint (" + EnvIAMEndpoint + ") and that IAM is reachable."
	}
	if dcaas.IsCredentialsRefused(err) {
		hint = fmt.Sprintf("Check username, password and domain_name (or %s, %s and %s): IAM knows no user %q in domain %q with that password.",
			EnvUsername, EnvPassword, EnvDomainName, creds.password.Username, creds.password.DomainName)
	}
	resp.Diagnostics.AddError("Cannot authenticate with IAM", err.Error()+"\n\n"+hint)
}
