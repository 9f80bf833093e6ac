#!/usr/bin/env bash
# Prints the provider's schemas as `providers schema -json` does, for
# tfplugindocs. The CLI given must report every kind of schema the provider
# has (resource identity, list resources: Terraform 1.14 and later), so that
# the docs show them. Either CLI names the provider by its registry's
# address, which is renamed to the name tfplugindocs looks up.
set -euo pipefail
cli=$1
cd "$(dirname "$0")/.."
. tools/workspace.sh

use_local_provider
cat >"$work/main.tf" <<'TF'
terraform {
  required_providers {
    dcaas = {
      source = "dcaas-labs/dcaas"
    }
  }
}
TF
"$cli" -chdir="$work" providers schema -json |
  sed -e 's|"registry.opentofu.org/dcaas-labs/dcaas":|"dcaas":|' -e 's|"registry.terraform.io/dcaas-labs/dcaas":|"dcaas":|'
