// Package provider is the Terraform provider for DCaaS v3 virtual interface
// peers, built on terraform-plugin-framework. It configures the API client
// and registers the objects, each in a package of its own beneath it
// (vifpeer, detection, switchover) over package shared.
package provider

import (
	"context"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/detection"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/switchover"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/vifpeer"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

// emptyIsUnset says how an empty string in the provider block is taken.
const emptyIsUnset = "An attribute set to an empty string counts as unset, so its environment variable applies."

var (
	_ provider.Provider                       = (*dcaasProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*dcaasProvider)(nil)
	_ provider.ProviderWithListResources      = (*dcaasProvider)(nil)
	_ provider.ProviderWithActions            = (*dcaasProvider)(nil)
)

type dcaasProvider struct {
	version string
}

type dcaasProviderModel struct {
	AccessKey      types.String `tfsdk:"access_key"`
	AuthToken      types.String `tfsdk:"auth_token"`
	CACertFile     types.String `tfsdk:"ca_cert_file"`
	DomainName     types.String `tfsdk:"domain_name"`
	Endpoint       types.String `tfsdk:"endpoint"`
	IAMEndpoint    types.String `tfsdk:"iam_endpoint"`
	Insecure       types.Bool   `tfsdk:"insecure"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	Password       types.String `tfsdk:"password"`
	ProjectID      types.String `tfsdk:"project_id"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
	SecretKey      types.String `tfsdk:"secret_key"`
	SecurityToken  types.String `tfsdk:"security_token"`
	Username       types.String `tfsdk:"username"`
}

// New returns a constructor of the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &dcaasProvider{version: version}
	}
}

func (p *dcaasProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "dcaas"
	resp.Version = p.version
}

func (p *dcaasProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the peers of DCaaS v3 (Direct Connect) virtual interfaces: the IPv4 and IPv6 sides of a private line between the cloud and an on-premises data centre.",
		Attributes: map[string]schema.Attribute{
			"access_key": schema.StringAttribute{
				MarkdownDescription: "Access key id (AK), for access key authentication: every request is signed with `secret_key` (`SDK-HMAC-SHA256`). Falls back to the `" + shared.EnvAccessKey + "` environment variable when unset or empty. Conflicts with password and token authentication.",
				Optional:            true,
			},
			"auth_token": schema.StringAttribute{
				MarkdownDescription: "API token, sent as the `X-Auth-Token` header, for token authentication. Falls back to the `" + shared.EnvAuthToken + "` environment variable when unset or empty. Conflicts with access key and password authentication. Never written to logs or plan output.",
				Optional:            true,
				Sensitive:           true,
			},
			"ca_cert_file": schema.StringAttribute{
				MarkdownDescription: "Path to a PEM file of CA certificates to trust in addition to the system's, for endpoints behind a private CA.",
				Optional:            true,
			},
			"domain_name": schema.StringAttribute{
				MarkdownDescription: "IAM domain of `username`, for password authentication. Falls back to the `" + shared.EnvDomainName + "` environment variable when unset or empty.",
				Optional:            true,
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of the DCaaS API, such as `https://dcaas.example.com`: an `http` or `https` URL of a host, with at most a port and a path, without the `/v3` that the provider adds itself. User information (`user:password@`), a query and a fragment are refused: credentials go in `auth_token` or the password settings. Falls back to the `" + shared.EnvEndpoint + "` environment variable when unset or empty.",
				Optional:            true,
				Validators:          []validator.String{validators.UnlessEmpty(validators.HTTPURL("https://dcaas.example.com"))},
			},
			"iam_endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of the IAM service that issues tokens, such as `https://iam.example.com`, for password authentication: the provider asks `{iam_endpoint}/v3/auth/tokens` for a token scoped to `project_id` and renews it before it expires. Must be an `http` or `https` URL of a host, with at most a port and a path, without `/v3`, user information, a query or a fragment. Falls back to the `" + shared.EnvIAMEndpoint + "` environment variable when unset or empty.",
				Optional:            true,
				Validators:          []validator.String{validators.UnlessEmpty(validators.HTTPURL("https://iam.example.com"))},
			},
			"insecure": schema.BoolAttribute{
				MarkdownDescription: "Skip verification of the endpoint's TLS certificate. Defaults to `false`; only for test systems, since the token could then be intercepted.",
				Optional:            true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a request is retried after a server error (500, 502, 504) or a failed connection, with exponential backoff (1 s doubling to 30 s, with jitter); a refused connection is retried at most 4 times, within 7.5 s. Throttling answers (429, 503) are not bounded by it: they changed nothing, so they are retried after their `Retry-After` plus jitter until the operation's timeout (for reads, which have none, for 10 minutes). Defaults to `" + strconv.Itoa(dcaas.DefaultMaxRetries) + "`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 100)},
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Password of `username`, for password authentication. Falls back to the `" + shared.EnvPassword + "` environment variable when unset or empty. Sent only to `iam_endpoint`; never written to logs or plan output.",
				Optional:            true,
				Sensitive:           true,
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "Project the peers belong to; part of every API path. Falls back to the `" + shared.EnvProjectID + "` environment variable when unset or empty.",
				Optional:            true,
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Time limit of one HTTP request, as a Go duration such as `30s` or `2m`. Defaults to `" + strconv.Itoa(int(dcaas.DefaultRequestTimeout.Seconds())) + "s` when unset or empty. Waiting for a peer is bounded by the resource's `timeouts` instead.",
				Optional:            true,
				Validators:          []validator.String{validators.UnlessEmpty(validators.PositiveDuration())},
			},
			"secret_key": schema.StringAttribute{
				MarkdownDescription: "Secret access key (SK) of `access_key`, for access key authentication. It signs each request and is never sent. Falls back to the `" + shared.EnvSecretKey + "` environment variable when unset or empty. Never written to logs or plan output.",
				Optional:            true,
				Sensitive:           true,
			},
			"security_token": schema.StringAttribute{
				MarkdownDescription: "Security token issued with `access_key` and `secret_key` as temporary credentials, sent as the `X-Security-Token` header; leave it unset for a permanent access key. Falls back to the `" + shared.EnvSecurityToken + "` environment variable when unset or empty. Never written to logs or plan output.",
				Optional:            true,
				Sensitive:           true,
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "IAM user name, for password authentication. Falls back to the `" + shared.EnvUsername + "` environment variable when unset or empty.",
				Optional:            true,
			},
		},
	}
}

func (p *dcaasProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config dcaasProviderModel
	resp.Diagnostics.Append(shared.GetModel(ctx, req.Config.Raw, req.Config.Schema, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Values from other resources are unknown until apply; the provider is
	// configured again once they are known.
	if config.Endpoint.IsUnknown() || config.ProjectID.IsUnknown() || config.AuthToken.IsUnknown() ||
		config.CACertFile.IsUnknown() || config.Insecure.IsUnknown() ||
		config.RequestTimeout.IsUnknown() || config.MaxRetries.IsUnknown() {
		return
	}
	if config.authUnknown() {
		return
	}

	endpoint := stringOrEnv(config.Endpoint, shared.EnvEndpoint)
	projectID := stringOrEnv(config.ProjectID, shared.EnvProjectID)

	requireSetting(resp, "endpoint", shared.EnvEndpoint, endpoint, "the base URL of the DCaaS API, such as https://dcaas.example.com")
	requireSetting(resp, "project_id", shared.EnvProjectID, projectID, "the project the peers belong to")
	creds := resolveCredentials(config, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	endpointURL, err := dcaas.ParseBaseURL(endpoint)
	if err != nil {
		resp.Diagnostics.Append(invalidEndpointError(err))
		return
	}

	insecure := config.Insecure.ValueBool()
	if insecure {
		warnProvider(ctx, resp, insecureTLSWarning(creds.inTransit()))
	}
	if endpointURL.Scheme == "http" && !isLoopbackHost(endpointURL.Hostname()) {
		warnProvider(ctx, resp, clearTextEndpointWarning(endpointURL, creds.inTransit()))
	}
	warnClearTextPassword(ctx, resp, creds)
	httpClient, err := newHTTPClient(insecure, config.CACertFile.ValueString(), creds.secrets()...)
	if err != nil {
		resp.Diagnostics.Append(caCertFileError(err))
		return
	}

	clientConfig := dcaas.Config{
		Endpoint:   endpoint,
		ProjectID:  projectID,
		Token:      creds.token,
		Password:   creds.password,
		AccessKey:  creds.accessKey,
		HTTPClient: httpClient,
		UserAgent:  "terraform-provider-dcaas/" + p.version,
	}
	// Unset, each takes the client's default.
	if config.RequestTimeout.ValueString() != "" {
		clientConfig.RequestTimeout, _ = time.ParseDuration(config.RequestTimeout.ValueString())
	}
	if !config.MaxRetries.IsNull() {
		maxRetries := int(config.MaxRetries.ValueInt64())
		clientConfig.MaxRetries = &maxRetries
	}
	client, err := dcaas.NewClient(clientConfig)
	if err != nil {
		resp.Diagnostics.Append(clientConfigError(err))
		return
	}
	authenticate(ctx, client, creds, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "configured DCaaS client", map[string]any{
		"endpoint": endpointURL.Redacted(), "project_id": projectID,
		"request_timeout": config.RequestTimeout.String(), "max_retries": config.MaxRetries.String(),
	})
	resp.ResourceData = client
	resp.DataSourceData = client
	resp.EphemeralResourceData = client
	resp.ListResourceData = client
	resp.ActionData = client
}

func (p *dcaasProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{vifpeer.NewResource}
}

func (p *dcaasProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{vifpeer.NewDataSource, vifpeer.NewPeersDataSource, detection.NewDataSource, switchover.NewDataSource}
}

func (p *dcaasProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{vifpeer.NewListResource}
}

func (p *dcaasProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{vifpeer.NewEphemeralResource}
}

// stringOrEnv is the attribute's value, or the environment variable's when
// the attribute is unset. An empty string counts as unset: it comes from
// variables left empty and must not hide the environment.
func stringOrEnv(v types.String, env string) string {
	if s := v.ValueString(); s != "" {
		return s
	}
	return os.Getenv(env)
}

func requireSetting(resp *provider.ConfigureResponse, attr, env, value, what string) {
	if value != "" {
		return
	}
	resp.Diagnostics.Append(missingSettingError(attr, what, env))
}

// warnProvider shows a warning to the user and writes it to the log too,
// where runs in automation keep it.
func warnProvider(ctx context.Context, resp *provider.ConfigureResponse, warning diag.Diagnostic) {
	tflog.Warn(ctx, warning.Summary(), map[string]any{"detail": warning.Detail()})
	resp.Diagnostics.Append(warning)
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (p *dcaasProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{detection.NewAction, switchover.NewAction}
}
