#!/usr/bin/env bash
# make demo: start the mock API, apply examples/quickstart with the real
# Terraform CLI and this provider, show the result, destroy, clean up.
# DCAAS_DEMO_AUTH=aksk signs every request with the mock's access key;
# DCAAS_DEMO_AUTH=password signs in with the mock IAM's username and password
# (tokens live a few seconds, so they are renewed during the run);
# DCAAS_DEMO_AUTH=token (the default) uses the mock's static token.
set -euo pipefail
auth=${DCAAS_DEMO_AUTH:-token}
case "$auth" in
  token | aksk) mock_args=() ;;
  password) mock_args=(-token-lifetime 3s) ;;
  *) echo "DCAAS_DEMO_AUTH must be token, password or aksk, not \"$auth\""; exit 2 ;;
esac
cd "$(dirname "$0")/.."
. tools/workspace.sh

start_mock "$work" "$auth" -request-log "$work/requests.jsonl" "${mock_args[@]}"
use_local_provider
export TF_IN_AUTOMATION=1
cp examples/quickstart/*.tf "$work/"
tf() { bin/terraform -chdir="$work" "$@"; }

echo "==> mock DCaaS API at $DCAAS_ENDPOINT (project $DCAAS_PROJECT_ID)"
case "$auth" in
  password) echo "==> password authentication: user $DCAAS_USERNAME in domain $DCAAS_DOMAIN_NAME at $DCAAS_IAM_ENDPOINT, tokens valid 3s" ;;
  aksk) echo "==> access key authentication: every request signed (SDK-HMAC-SHA256) with access key $DCAAS_ACCESS_KEY" ;;
  *) echo "==> token authentication (DCAAS_DEMO_AUTH=aksk for an access key, DCAAS_DEMO_AUTH=password for username and password)" ;;
esac
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
requests=$(wc -l <"$work/requests.jsonl")
if [ "$auth" = aksk ]; then
  signed=$(grep -c "\"signed_by\":\"$DCAAS_ACCESS_KEY\"" "$work/requests.jsonl" || true)
  echo "==> the mock API received $requests requests, $signed of them signed by $DCAAS_ACCESS_KEY"
  [ "$signed" -eq "$requests" ] || { echo "a request was not signed"; exit 1; }
else
  echo "==> the mock API received $requests requests"
fi
