package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/wording"
)

const authWays = "The provider authenticates in exactly one of three ways:\n" +
	"  - an access key, which signs every request and never travels itself: access_key and secret_key, with security_token " +
	"for temporary credentials, or the " + shared.EnvAccessKey + ", " + shared.EnvSecretKey + " and " + shared.EnvSecurityToken + " environment variables;\n" +
	"  - an IAM username and password, from which the provider obtains and renews tokens itself: " +
	"iam_endpoint, username, password and domain_name, or the " + shared.EnvIAMEndpoint + ", " + shared.EnvUsername + ", " +
	shared.EnvPassword + " and " + shared.EnvDomainName + " environment variables;\n" +
	"  - a token obtained elsewhere: auth_token, or the " + shared.EnvAuthToken + " environment variable.\n" + emptyIsUnset

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
			{attr: "access_key", env: shared.EnvAccessKey, value: m.AccessKey},
			{attr: "secret_key", env: shared.EnvSecretKey, value: m.SecretKey},
			{attr: "security_token", env: shared.EnvSecurityToken, value: m.SecurityToken, optional: true},
		}},
		{"password", []authSetting{
			{attr: "iam_endpoint", env: shared.EnvIAMEndpoint, value: m.IAMEndpoint},
			{attr: "username", env: shared.EnvUsername, value: m.Username},
			{attr: "password", env: shared.EnvPassword, value: m.Password},
			{attr: "domain_name", env: shared.EnvDomainName, value: m.DomainName},
		}},
		{"token", []authSetting{{attr: "auth_token", env: shared.EnvAuthToken, value: m.AuthToken}}},
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
		needed = append(needed, wording.And(wayNeeded))
		if len(wayGiven) > 0 {
			started = append(started, "set for "+w.name+" authentication: "+strings.Join(wayGiven, ", "))
			way, given, missing = w, wayGiven, wayMissing
		}
	}

	switch {
	case len(started) > 1:
		resp.Diagnostics.Append(conflictingAuthError(started))
		return credentials{}
	case len(started) == 0:
		resp.Diagnostics.Append(missingAuthError(needed))
		return credentials{}
	case len(missing) > 0:
		resp.Diagnostics.Append(incompleteAuthError(way.name, given, missing))
		return credentials{}
	}

	switch way.name {
	case "access key":
		key := &dcaas.AccessKey{ID: values["access_key"], Secret: values["secret_key"], SecurityToken: values["security_token"]}
		if err := key.Validate(); err != nil {
			resp.Diagnostics.Append(invalidAccessKeyError(err))
			return credentials{}
		}
		return credentials{accessKey: key}
	case "password":
		if _, err := dcaas.ParseBaseURL(values["iam_endpoint"]); err != nil {
			resp.Diagnostics.Append(invalidIAMEndpointError(err))
			return credentials{}
		}
		return credentials{password: &dcaas.PasswordAuth{
			IAMEndpoint: values["iam_endpoint"], Username: values["username"],
			Password: values["password"], DomainName: values["domain_name"],
		}}
	}
	return credentials{token: values["auth_token"]}
}

// warnClearTextPassword warns when the password would cross the network
// unencrypted.
func warnClearTextPassword(ctx context.Context, resp *provider.ConfigureResponse, creds credentials) {
	if creds.password == nil {
		return
	}
	u, err := dcaas.ParseBaseURL(creds.password.IAMEndpoint)
	if err == nil && u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		warnProvider(ctx, resp, clearTextPasswordWarning(u))
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
			resp.Diagnostics.Append(accessKeyRefusedError(err, keyErr))
			return
		}
		resp.Diagnostics.Append(accessKeyUncheckedError(err))
		return
	}
	resp.Diagnostics.Append(iamAuthError(err, creds.password))
}
