package tfcli

import (
	"os"
	"path/filepath"
	"testing"
)

// The outputs of `version -json` as each CLI prints them.
const (
	terraform157JSON = `{
  "terraform_version": "1.5.7",
  "platform": "linux_amd64",
  "provider_selections": {},
  "terraform_outdated": false
}`
	terraform111JSON = `{
  "terraform_version": "1.11.4",
  "platform": "linux_amd64",
  "provider_selections": {},
  "terraform_outdated": false
}`
	tofu1010JSON = `{
  "terraform_version": "1.10.10",
  "platform": "linux_amd64",
  "provider_selections": {}
}`
	tofu112BetaJSON = `{
  "terraform_version": "1.12.0-beta1",
  "platform": "linux_amd64",
  "provider_selections": {}
}`
)

func TestParseVersionJSON(t *testing.T) {
	cases := []struct {
		out  string
		want string
		has  map[Feature]bool
	}{
		{terraform157JSON, "Terraform v1.5.7", map[Feature]bool{WriteOnly: false, Ephemeral: false, Identity: false}},
		{terraform111JSON, "Terraform v1.11.4", map[Feature]bool{WriteOnly: true, Ephemeral: true, Identity: false}},
		{tofu1010JSON, "OpenTofu v1.10.10", map[Feature]bool{WriteOnly: false, Ephemeral: false, Identity: false}},
		{tofu112BetaJSON, "OpenTofu v1.12.0", map[Feature]bool{WriteOnly: true, Ephemeral: true, Identity: true}},
		{"\nWarning: Unable to open CLI configuration file\n\nThe CLI configuration file at \"/root/.terraformrc\" does not exist.\n" + tofu1010JSON,
			"OpenTofu v1.10.10", map[Feature]bool{WriteOnly: false}},
	}
	for _, tc := range cases {
		cli, err := parseVersionJSON([]byte(tc.out))
		if err != nil {
			t.Fatalf("%s: %v", tc.want, err)
		}
		if cli.String() != tc.want {
			t.Errorf("parsed %q as %s", tc.out, cli)
		}
		for f, want := range tc.has {
			if cli.Has(f) != want {
				t.Errorf("%s has %s: %v, want %v", cli, f, cli.Has(f), want)
			}
		}
	}
	for _, bad := range []string{"", "Terraform v1.5.7", `{"terraform_version": "dev"}`} {
		if cli, err := parseVersionJSON([]byte(bad)); err == nil {
			t.Errorf("%q parsed as %s", bad, cli)
		}
	}
}

func TestVersionAtLeast(t *testing.T) {
	cases := []struct {
		v, o Version
		want bool
	}{
		{Version{1, 11, 0}, Version{1, 11, 0}, true},
		{Version{1, 11, 4}, Version{1, 11, 0}, true},
		{Version{1, 10, 10}, Version{1, 11, 0}, false},
		{Version{2, 0, 0}, Version{1, 12, 0}, true},
		{Version{1, 12, 0}, Version{2, 0, 0}, false},
	}
	for _, tc := range cases {
		if got := tc.v.AtLeast(tc.o); got != tc.want {
			t.Errorf("%s at least %s: %v", tc.v, tc.o, got)
		}
	}
}

func TestFirstReleases(t *testing.T) {
	if got, want := FirstReleases(Ephemeral), "Terraform 1.10 and OpenTofu 1.11"; got != want {
		t.Errorf("FirstReleases(Ephemeral) = %q, want %q", got, want)
	}
	if got, want := FirstReleases(ListResources), "Terraform 1.14, no OpenTofu release"; got != want {
		t.Errorf("FirstReleases(ListResources) = %q, want %q", got, want)
	}
	if got, want := FirstReleases(Actions), "Terraform 1.14, no OpenTofu release"; got != want {
		t.Errorf("FirstReleases(Actions) = %q, want %q", got, want)
	}
}

// A feature no OpenTofu release has is missing under every OpenTofu.
func TestHasFeatureMissingFromProduct(t *testing.T) {
	if (CLI{Product: OpenTofu, Version: Version{9, 0, 0}}).Has(ListResources) {
		t.Error("OpenTofu 9.0 has list resources, want not")
	}
	if !(CLI{Product: Terraform, Version: Version{1, 14, 0}}).Has(ListResources) {
		t.Error("Terraform 1.14 lacks list resources, want it has them")
	}
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]Version{"1.12": {1, 12, 0}, "1.14.9": {1, 14, 9}} {
		if got, err := ParseVersion(in); err != nil || got != want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseVersion("one"); err == nil {
		t.Error(`ParseVersion("one") succeeded, want an error`)
	}
}

// Detect runs the binary it is given.
func TestDetect(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "tofu")
	script := "#!/bin/sh\n[ \"$1 $2\" = \"version -json\" ] || exit 1\ncat <<'EOF'\n" + tofu1010JSON + "\nEOF\n"
	if err := os.WriteFile(fake, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	cli, err := Detect(fake)
	if err != nil || cli.String() != "OpenTofu v1.10.10" {
		t.Errorf("Detect = %s, %v", cli, err)
	}
	if _, err := Detect(filepath.Join(dir, "missing")); err == nil {
		t.Error("Detect of a missing binary succeeded")
	}
}
