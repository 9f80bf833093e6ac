#!/usr/bin/env bash
# make demo: start the mock API, apply examples/quickstart with the real
# Terraform CLI and this provider, show the result, destroy, clean up.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

. tools/start-mock.sh
start_mock "$work"
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "dcaas-labs/dcaas" = "$root/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
cp examples/quickstart/*.tf "$work/"
tf() { "$root/bin/terraform" -chdir="$work" "$@"; }

echo "==> mock DCaaS API at $DCAAS_ENDPOINT (project $DCAAS_PROJECT_ID)"
echo "==> terraform apply"
start=$(date +%s%N)
tf apply -auto-approve -input=false -no-color
echo "==> applied in $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo "==> terraform show"
tf show -no-color
echo "==> terraform output"
tf output -no-color
echo "==> terraform plan (expect no changes)"
if tf plan -detailed-exitcode -input=false -no-color >"$work/plan.txt"; then
  echo "No changes."
else
  cat "$work/plan.txt"
  echo "a second plan was not empty"
  exit 1
fi
echo "==> terraform destroy"
tf destroy -auto-approve -input=false -no-color
