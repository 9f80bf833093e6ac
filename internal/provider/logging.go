package provider

import (
	"os"
	"strings"
)

// QuietUnreadLogs turns the plugin SDK's logs and this provider's own off
// when Terraform (or OpenTofu) shows none of them: with neither TF_LOG nor
// TF_LOG_PROVIDER set, it parses every line a provider writes and drops
// it. The SDK logs at trace level unless told otherwise, a few hundred
// lines per resource and plan, so those unread lines were about half of
// the provider's CPU time in a plan, and more of Terraform's. A level set
// explicitly for the SDK or this provider is kept, and so is everything
// while Terraform logs.
func QuietUnreadLogs() {
	for _, name := range []string{"TF_LOG", "TF_LOG_PROVIDER"} {
		if level := os.Getenv(name); level != "" && !strings.EqualFold(level, "off") {
			return
		}
	}
	_, sdkSet := os.LookupEnv("TF_LOG_SDK")
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_DCAAS"} {
		// The SDK's subsystems skip a line before building it only when
		// their own level says so; an SDK level set explicitly is theirs.
		_, set := os.LookupEnv(name)
		if !set && (name == "TF_LOG_PROVIDER_DCAAS" || !sdkSet) {
			_ = os.Setenv(name, "off")
		}
	}
}
