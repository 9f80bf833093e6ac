package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// Environment variables of the ways of authenticating, read when the
// matching attribute is not set.
const (
	EnvAccessKey     = "DCAAS_ACCESS_KEY"
	EnvSecretKey     = "DCAAS_SECRET_KEY"     //nolint:gosec // the name of a variable, not a credential
	EnvSecurityToken = "DCAAS_SECURITY_TOKEN" //nolint:gosec // the name of a variable, not a credential
	EnvIAMEndpoint   = "DCAAS_IAM_ENDPOINT"
	EnvUsername      = "DCAAS_USERNAME"
	EnvPassword      = "DCAAS_PASSWORD" //nolint:gosec // the name of a variable, not a credential
	EnvDomainName    = "DCAAS_DOMAIN_NAME"
)

const authWays = "The provider authenticates in exactly one of three ways:\n" +
	"  - an access key, which signs every request and never travels itself: access_key and secret_key, with security_token " +
	"for temporary credentials, or the " + EnvAccessKey + ", " + EnvSecretKey + " and " + EnvSecurityToken + " environment variables;\n" +
	"  - an IAM username and password, from which the provider obtains and renews tokens itself: " +
	"iam_endpoint, username, password and domain_name, or the " + EnvIAMEndpoint + ", " + EnvUsername + ", " +
	EnvPassword + " and " + EnvDomainName + " environment variables;\n" +
	"  - a token obtained elsewhere: auth_token, or the " + EnvAuthToken + " environment variable.\n" + emptyIsUnset

// authSetting is one credential attribute with its environment fallback.
type authSetting struct {
	attr, env string
	value     types.String
	// optional settings complete a way without being needed.
	optional bool
}

func (s authSetting) resolve() string { return stringOrEnv(s.value, s.env) }

func (s authSetting) describe() string { return s.attr + " (" + s.env + ")" }

// authWay is one way of authenticating and its settings.
type authWay struct {
	name     string
	settings []authSetting
}

// authWays are the ways of authenticating, in the order the provider
// offers them.
func (m dcaasProviderModel) authWays() []authWay {
	return []authWay{
		{"access key", []authSetting{
			{attr: "access_key", env: EnvAccessKey, value: m.AccessKey},
			{attr: "secret_key", env: EnvSecretKey, value: m.SecretKey},
			{attr: "security_token", env: EnvSecurityToken, value: m.SecurityToken, optional: true},
		}},
		{"password", []authSetting{
			{attr: "iam_endpoint", env: EnvIAMEndpoint, value: m.IAMEndpoint},
			{attr: "username", env: EnvUsername, value: m.Username},
			{attr: "password", env: EnvPassword, value: m.Password},
			{attr: "domain_name", env: EnvDomainName, value: m.DomainName},
		}},
		{"token", []authSetting{{attr: "auth_token", env: EnvAuthToken, value: m.AuthToken}}},
	}
}

// authUnknown reports whether a credential is unknown until apply.
func (m dcaasProviderModel) authUnknown() bool {
	for _, way := range m.authWays() {
		for _, s := range way.settings {
			if s.value.IsUnknown() {
				return true
			}
		}
	}
	return false
}

// credentials are the resolved way of authenticating: an access key, a
// password from which the client obtains tokens, or a token.
type credentials struct {
	accessKey *dcaas.AccessKey
	password  *dcaas.PasswordAuth
	token     string
}

// secrets are the values the logs must never show, wherever they appear.
// In a JSON body the password may be escaped; secretInBody masks it there.
func (c credentials) secrets() []string {
	switch {
	case c.accessKey != nil:
		return []string{c.accessKey.Secret, c.accessKey.SecurityToken}
	case c.password != nil:
		return []string{c.password.Password}
	}
	return []string{c.token}
}

// inTransit says which credentials a request shows to whoever reads it.
func (c credentials) inTransit() string {
	switch {
	case c.accessKey != nil && c.accessKey.SecurityToken != "":
		return "the security token included (never the secret key)"
	case c.accessKey != nil:
		return "signed, never with the secret key"
	}
	return "the API token included"
}

// resolveCredentials reads the credentials from attributes and environment
// and checks that exactly one way of authenticating is complete.
func resolveCredentials(config dcaasProviderModel, resp *provider.ConfigureResponse) credentials {
	values := map[string]string{}
	// started describes each way with a setting given, needed what each
	// way needs; way is the last one started.
	var started, needed []string
	var way authWay
	var given, missing []string
	for _, w := range config.authWays() {
		var wayGiven, wayMissing, wayNeeded []string
		for _, s := range w.settings {
			if v := s.resolve(); v != "" {
				values[s.attr] = v
				wayGiven = append(wayGiven, s.describe())
			} else if !s.optional {
				wayMissing = append(wayMissing, s.describe())
			}
			if !s.optional {
				wayNeeded = append(wayNeeded, s.describe())
			}
		}
		needed = append(needed, joinAnd(wayNeeded))
		if len(wayGiven) > 0 {
			started = append(started, "set for "+w.name+" authentication: "+strings.Join(wayGiven, ", "))
			way, given, missing = w, wayGiven, wayMissing
		}
	}

	switch {
	case len(started) > 1:
		resp.Diagnostics.AddError("Conflicting DCaaS authentication settings", authWays+
			"\n\nMore than one is set: "+strings.Join(started, "; ")+". Keep one way and remove the others.")
		return credentials{}
	case len(started) == 0:
		resp.Diagnostics.AddError("Missing DCaaS authentication", authWays+
			"\n\nNone is set: give "+strings.Join(needed, "; or ")+".")
		return credentials{}
	case len(missing) > 0:
		resp.Diagnostics.AddError("Incomplete DCaaS "+way.name+" authentication", authWays+
			"\n\nSet for "+way.name+" authentication: "+strings.Join(given, ", ")+". Missing: "+strings.Join(missing, ", ")+".")
		return credentials{}
	}

	switch way.name {
	case "access key":
		key := &dcaas.AccessKey{ID: values["access_key"], Secret: values["secret_key"], SecurityToken: values["security_token"]}
		if err := key.Validate(); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("access_key"), "Invalid DCaaS access key",
				fmt.Sprintf("The access key (from the access_key attribute or %s): %s. It is the access key id, such as HST3WK0PN7XJ2EXAMPLE.", EnvAccessKey, err))
			return credentials{}
		}
		return credentials{accessKey: key}
	case "password":
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
	return credentials{token: values["auth_token"]}
}

// joinAnd lists items as "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
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

// authenticate proves the credentials now, so that wrong ones fail the plan
// rather than an apply half-way: a password by obtaining the first token,
// an access key by one signed read. A token is not checked: its first
// request shows whether it works.
func authenticate(ctx context.Context, client *dcaas.Client, creds credentials, resp *provider.ConfigureResponse) {
	if creds.password == nil && creds.accessKey == nil {
		return
	}
	err := client.Authenticate(ctx)
	if err == nil {
		return
	}
	if creds.accessKey != nil {
		if keyErr, ok := dcaas.AsAccessKeyError(err); ok {
			resp.Diagnostics.AddError("Cannot authenticate with the access key", err.Error()+"\n\n"+describeAccessKeyRefusal(keyErr))
			return
		}
		resp.Diagnostics.AddError("Cannot check the access key",
			"The provider checks its access key with one read of the project's virtual interfaces, which failed:\n\n"+err.Error())
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

// describeAccessKeyRefusal says what the API's refusal of a signed request
// means and what the user can do, naming the key by its id only.
func describeAccessKeyRefusal(e *dcaas.AccessKeyError) string {
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
