// Package tfcli tells which command-line tool runs the acceptance tests,
// Terraform or OpenTofu, at which version, and which of the features the
// provider offers it supports. The tests gate on it, and the summary of
// `make testacc` names each run with it.
package tfcli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
)

// Product is the name a CLI prints for itself.
type Product string

const (
	Terraform Product = "Terraform"
	OpenTofu  Product = "OpenTofu"
)

// Feature is something of the provider that only newer CLIs can use.
type Feature string

const (
	// WriteOnly is write-only attributes, such as bgp_md5_wo.
	WriteOnly Feature = "write-only attributes"
	// Ephemeral is ephemeral variables, resources and values.
	Ephemeral Feature = "ephemeral values"
	// Identity is resource identity: import blocks with identity = {...}.
	Identity Feature = "resource identity"
	// ListResources is list blocks in .tfquery.hcl files, read by
	// `terraform query`.
	ListResources Feature = "list resources"
	// Actions is action blocks, run by `terraform apply -invoke` and by
	// action_trigger in a resource's lifecycle.
	Actions Feature = "actions"
)

// Features lists every feature, in the order the docs name them.
var Features = []Feature{WriteOnly, Ephemeral, Identity, ListResources, Actions}

// Since is the first release of each product with a feature; a feature a
// product has in no release is missing from its map.
var Since = map[Product]map[Feature]Version{
	Terraform: {WriteOnly: {1, 11, 0}, Ephemeral: {1, 10, 0}, Identity: {1, 12, 0}, ListResources: {1, 14, 0}, Actions: {1, 14, 0}},
	OpenTofu:  {WriteOnly: {1, 11, 0}, Ephemeral: {1, 11, 0}, Identity: {1, 12, 0}},
}

// Version is a release number; pre-release suffixes are dropped.
type Version struct{ Major, Minor, Patch int }

func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// AtLeast says whether v is o or later.
func (v Version) AtLeast(o Version) bool {
	if v.Major != o.Major {
		return v.Major > o.Major
	}
	if v.Minor != o.Minor {
		return v.Minor > o.Minor
	}
	return v.Patch >= o.Patch
}

// CLI is one Terraform or OpenTofu binary.
type CLI struct {
	Product Product
	Version Version
}

// String is how the CLI names itself in `version`: "OpenTofu v1.12.6".
func (c CLI) String() string { return fmt.Sprintf("%s v%s", c.Product, c.Version) }

// Has says whether the CLI supports f.
func (c CLI) Has(f Feature) bool {
	since, ok := Since[c.Product][f]
	return ok && c.Version.AtLeast(since)
}

// FirstReleases names the first releases with f: "Terraform 1.12 and
// OpenTofu 1.12", or "Terraform 1.14, no OpenTofu release".
func FirstReleases(f Feature) string {
	var have, lack []string
	for _, p := range []Product{Terraform, OpenTofu} {
		if since, ok := Since[p][f]; ok {
			have = append(have, fmt.Sprintf("%s %s", p, minor(since)))
		} else {
			lack = append(lack, string(p))
		}
	}
	named := strings.Join(have, " and ")
	if len(lack) > 0 {
		named += ", no " + strings.Join(lack, " or ") + " release"
	}
	return named
}

// ParseVersion reads "1.12" or "1.12.3"; a missing patch is 0.
func ParseVersion(s string) (Version, error) {
	var v Version
	if _, err := fmt.Sscanf(s, "%d.%d.%d", &v.Major, &v.Minor, &v.Patch); err == nil {
		return v, nil
	}
	if _, err := fmt.Sscanf(s, "%d.%d", &v.Major, &v.Minor); err != nil {
		return Version{}, fmt.Errorf("version %q: want MAJOR.MINOR or MAJOR.MINOR.PATCH", s)
	}
	return v, nil
}

func minor(v Version) string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Detect asks the binary at path for its name and version.
func Detect(path string) (CLI, error) {
	out, err := exec.Command(path, "version", "-json").Output()
	if err != nil {
		return CLI{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	return parseVersionJSON(out)
}

// parseVersionJSON reads the output of `version -json`. Both products
// print their own release as terraform_version; only Terraform adds
// terraform_outdated (its update check), which OpenTofu has never printed.
func parseVersionJSON(out []byte) (CLI, error) {
	// OpenTofu prints warnings, such as of a missing CLI configuration file,
	// on stdout before the JSON.
	if i := bytes.Index(out, []byte("\n{")); i >= 0 && !bytes.HasPrefix(out, []byte("{")) {
		out = out[i+1:]
	}
	var parsed struct {
		Version  string `json:"terraform_version"`
		Outdated *bool  `json:"terraform_outdated"`
	}
	if err := json.Unmarshal(out, &parsed); err != nil {
		return CLI{}, fmt.Errorf("reading version -json output %q: %w", out, err)
	}
	cli := CLI{Product: OpenTofu}
	if parsed.Outdated != nil {
		cli.Product = Terraform
	}
	v := &cli.Version
	if _, err := fmt.Sscanf(parsed.Version, "%d.%d.%d", &v.Major, &v.Minor, &v.Patch); err != nil {
		return CLI{}, fmt.Errorf("version %q in version -json output: %w", parsed.Version, err)
	}
	return cli, nil
}
