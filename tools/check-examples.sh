#!/usr/bin/env bash
# Every example is formatted and valid for this provider: terraform fmt
# -check, then terraform validate with a dev_overrides CLI config pointing
# at the provider built in bin/. Data source examples, which only read, are
# also planned against the mock API.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/workspace.sh

use_local_provider

bin/terraform fmt -check -recursive -diff examples/

# Ephemeral blocks and write-only arguments are unknown to the pinned 1.5.7:
# those examples are validated with a newer Terraform, or skipped, saying so.
newer_terraform=$(tools/newer-terraform.sh 2>/dev/null) || newer_terraform=""

for dir in $(find examples -name '*.tf' -exec dirname {} \; | sort -u); do
  terraform=bin/terraform
  if [[ $dir == examples/ephemeral-resources/* ]]; then
    if [ -z "$newer_terraform" ]; then
      echo "skipped $dir: it needs Terraform 1.11 or later, and there is none on PATH"
      continue
    fi
    terraform=$newer_terraform
  fi
  copy="$work/$(echo "$dir" | tr / _)"
  mkdir -p "$copy"
  cp "$dir"/*.tf "$copy/"
  # Resource examples rely on the provider block of examples/provider.
  if ! grep -q required_providers "$copy"/*.tf; then
    cp examples/provider/provider.tf "$copy/zz_provider.tf"
  fi
  if ! out=$("$terraform" -chdir="$copy" validate -no-color 2>&1); then
    echo "terraform validate failed in $dir:"
    echo "$out"
    exit 1
  fi
  echo "ok $dir"
done

# The mock's second interface has the IPv4 peer the service creates with
# each interface: the one an example given vif_id reads.
start_mock "$work"
read -r _ vif_with_peer _ <<<"$MOCK_VIF_IDS"
for dir in examples/data-sources/*/; do
  copy="$work/plan_$(basename "$dir")"
  mkdir -p "$copy"
  cp "$dir"/*.tf "$copy/"
  cat >"$copy/zz_provider.tf" <<'TF'
terraform {
  required_providers {
    dcaas = {
      source = "dcaas-labs/dcaas"
    }
  }
}

provider "dcaas" {}
TF
  vars=()
  if grep -q 'variable "vif_id"' "$copy"/*.tf; then
    vars=(-var "vif_id=$vif_with_peer")
  fi
  if ! out=$(bin/terraform -chdir="$copy" plan -input=false -no-color "${vars[@]}" 2>&1); then
    echo "terraform plan against the mock failed in $dir:"
    echo "$out"
    exit 1
  fi
  echo "ok $dir (plan against the mock)"
done
