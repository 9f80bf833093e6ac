#!/usr/bin/env bash
# Every example is formatted and valid for this provider: terraform fmt
# -check, then terraform validate with a dev_overrides CLI config pointing
# at the provider built in bin/. Each import example is validated on its own
# beside the resource example. The import by identity and the ephemeral
# resource's examples are validated with the CLI that RECENT_CLI names
# (Terraform or OpenTofu 1.12 or later), as 1.5.7 knows neither identity nor
# ephemeral blocks; the actions' examples with QUERY_CLI (Terraform 1.14 or
# later), skipped without one. Data source examples, which only read, are also planned against
# the mock API.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/workspace.sh

use_local_provider

bin/terraform fmt -check -recursive -diff examples/

# validate CLI NAME FILE...: CLI validate of FILEs together, in a fresh folder.
validate() {
  local cli=$1 name=$2 copy="$work/$(echo "$2" | tr / _)"
  shift 2
  mkdir -p "$copy"
  cp "$@" "$copy/"
  # Only examples/provider says where the provider comes from; the others
  # get its required_providers, and an empty provider block where they
  # have none of their own.
  if ! grep -q required_providers "$copy"/*.tf; then
    sed -n '/^terraform {/,/^}/p' examples/provider/provider.tf >"$copy/zz_versions.tf"
    grep -q '^provider "dcaas"' "$copy"/*.tf || echo 'provider "dcaas" {}' >>"$copy/zz_versions.tf"
  fi
  if ! out=$("$cli" -chdir="$copy" validate -no-color 2>&1); then
    echo "$cli validate failed in $name:"
    echo "$out"
    exit 1
  fi
  echo "ok $name"
}

for dir in $(find examples -name '*.tf' -exec dirname {} \; | sort -u); do
  cli=bin/terraform
  if [[ $dir == examples/ephemeral-resources/* ]]; then
    cli=${RECENT_CLI:?RECENT_CLI names the CLI that validates $dir}
  elif [[ $dir == examples/actions/* ]]; then
    if [ ! -x "${QUERY_CLI:-}" ]; then
      echo "skipped $dir: no Terraform 1.14 or later to validate its actions (QUERY_CLI=${QUERY_CLI:-})"
      continue
    fi
    cli=$QUERY_CLI
  fi
  validate "$cli" "$dir" $(ls "$dir"/*.tf | grep -v '/import-by-')
  for example in "$dir"/import-by-*.tf; do
    [ -e "$example" ] || continue
    cli=bin/terraform
    if [ "$(basename "$example")" = import-by-identity.tf ]; then
      cli=${RECENT_CLI:?RECENT_CLI names the CLI that validates $example}
    fi
    validate "$cli" "${example%.tf}" "$dir"/resource*.tf "$example"
  done
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

# The list resources' queries, validated and run against the mock with the
# CLI that QUERY_CLI names (Terraform 1.14 or later), when there is one.
for dir in examples/list-resources/*/; do
  if [ ! -x "${QUERY_CLI:-}" ]; then
    echo "skipped $dir: no Terraform 1.14 or later to run its query (QUERY_CLI=${QUERY_CLI:-})"
    continue
  fi
  copy="$work/query_$(basename "$dir")"
  mkdir -p "$copy"
  cp "$dir"/*.tfquery.hcl "$copy/"
  cp "$work/plan_dcaas_vif_peers/zz_provider.tf" "$copy/"
  for command in "validate -query" "query"; do
    # shellcheck disable=SC2086 # the command's words
    if ! out=$("$QUERY_CLI" -chdir="$copy" $command -no-color 2>&1); then
      echo "$QUERY_CLI $command failed in $dir:"
      echo "$out"
      exit 1
    fi
  done
  echo "ok $dir (validate -query, query against the mock)"
done
