#!/usr/bin/env bash
# Every example is formatted and valid for this provider: terraform fmt
# -check, then terraform validate with a dev_overrides CLI config pointing
# at the provider built in bin/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "dcaas-labs/dcaas" = "$root/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1

bin/terraform fmt -check -recursive -diff examples/

for dir in $(find examples -name '*.tf' -exec dirname {} \; | sort -u); do
  copy="$work/$(echo "$dir" | tr / _)"
  mkdir -p "$copy"
  cp "$dir"/*.tf "$copy/"
  # Resource examples rely on the provider block of examples/provider.
  if ! grep -q required_providers "$copy"/*.tf; then
    cp examples/provider/provider.tf "$copy/zz_provider.tf"
  fi
  if ! out=$(bin/terraform -chdir="$copy" validate -no-color 2>&1); then
    echo "terraform validate failed in $dir:"
    echo "$out"
    exit 1
  fi
  echo "ok $dir"
done
