package provider

import (
	"os"
	"testing"
)

func TestQuietUnreadLogs(t *testing.T) {
	cases := map[string]struct {
		env                   map[string]string
		sdk, subsystems, ours string // "" for unset
	}{
		"Terraform logs nothing: all off":         {map[string]string{}, "off", "off", "off"},
		"TF_LOG=off is nothing too":               {map[string]string{"TF_LOG": "OFF"}, "off", "off", "off"},
		"TF_LOG shows provider lines: kept":       {map[string]string{"TF_LOG": "DEBUG"}, "", "", ""},
		"TF_LOG_PROVIDER shows them too: kept":    {map[string]string{"TF_LOG_PROVIDER": "trace"}, "", "", ""},
		"an SDK level set explicitly is kept":     {map[string]string{"TF_LOG_SDK": "trace"}, "trace", "", "off"},
		"this provider's level set is kept":       {map[string]string{"TF_LOG_PROVIDER_DCAAS": "debug"}, "off", "off", "debug"},
		"TF_LOG_CORE shows no provider line: off": {map[string]string{"TF_LOG_CORE": "trace"}, "off", "off", "off"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_CORE", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_DCAAS"} {
				t.Setenv(v, "")
				_ = os.Unsetenv(v)
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			QuietUnreadLogs()
			if got := os.Getenv("TF_LOG_SDK"); got != tc.sdk {
				t.Errorf("TF_LOG_SDK = %q, want %q", got, tc.sdk)
			}
			for _, subsystem := range []string{"TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
				if got := os.Getenv(subsystem); got != tc.subsystems {
					t.Errorf("%s = %q, want %q", subsystem, got, tc.subsystems)
				}
			}
			if got := os.Getenv("TF_LOG_PROVIDER_DCAAS"); got != tc.ours {
				t.Errorf("TF_LOG_PROVIDER_DCAAS = %q, want %q", got, tc.ours)
			}
		})
	}
}
