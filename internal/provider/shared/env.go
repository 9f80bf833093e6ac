package shared

// Environment variables read when the matching attribute of the provider
// is not set.
const (
	EnvEndpoint  = "DCAAS_ENDPOINT"
	EnvProjectID = "DCAAS_PROJECT_ID"
	EnvAuthToken = "DCAAS_AUTH_TOKEN" //nolint:gosec // the name of a variable, not a credential
)

// Environment variables of the ways of authenticating.
const (
	EnvAccessKey     = "DCAAS_ACCESS_KEY"
	EnvSecretKey     = "DCAAS_SECRET_KEY"     //nolint:gosec // the name of a variable, not a credential
	EnvSecurityToken = "DCAAS_SECURITY_TOKEN" //nolint:gosec // the name of a variable, not a credential
	EnvIAMEndpoint   = "DCAAS_IAM_ENDPOINT"
	EnvUsername      = "DCAAS_USERNAME"
	EnvPassword      = "DCAAS_PASSWORD" //nolint:gosec // the name of a variable, not a credential
	EnvDomainName    = "DCAAS_DOMAIN_NAME"
)
