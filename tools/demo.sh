#!/usr/bin/env bash
# make demo: start the mock API, apply examples/quickstart with the real
# Terraform CLI and this provider, show the result, destroy, clean up.
# DCAAS_DEMO_AUTH=password signs in with the mock IAM's username and password
# (tokens live a few seconds, so they are renewed during the run);
# DCAAS_DEMO_AUTH=token (the default) uses the mock's static token.
set -euo pipefail
auth=${DCAAS_DEMO_AUTH:-token}
case "$auth" in
  token) mock_args=() ;;
  password) mock_args=(-token-lifetime 3s) ;;
  *) echo "DCAAS_DEMO_AUTH must be token or password, not \"$auth\""; exit 2 ;;
esac
cd "$(dirname "$0")/.."
. tools/workspace.sh

start_mock "$work" "$auth" "${mock_args[@]}"
use_local_provider
export TF_IN_AUTOMATION=1
cp examples/quickstart/*.tf "$work/"
tf() { bin/terraform -chdir="$work" "$@"; }

echo "==> mock DCaaS API at $DCAAS_ENDPOINT (project $DCAAS_PROJECT_ID)"
if [ "$auth" = password ]; then
  echo "==> password authentication: user $DCAAS_USERNAME in domain $DCAAS_DOMAIN_NAME at $DCAAS_IAM_ENDPOINT, tokens valid 3s"
else
  echo "==> token authentication (DCAAS_DEMO_AUTH=password for username and password)"
fi
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
