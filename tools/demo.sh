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
root=$PWD
work=$(mktemp -d)
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

go build -o bin/dcaas-mock ./internal/mockserver/cmd/dcaas-mock
bin/dcaas-mock -addr 127.0.0.1:0 -pending 2s "${mock_args[@]}" -ready-file "$work/ready.json" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do
  [ -s "$work/ready.json" ] && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log"; exit 1; }
  sleep 0.1
done
[ -s "$work/ready.json" ] || { echo "the mock did not start"; cat "$work/mock.log"; exit 1; }

field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" "$work/ready.json"; }
export DCAAS_ENDPOINT=$(field endpoint) DCAAS_PROJECT_ID=$(field project_id)
# Exactly one way of authenticating: none of the other's variables may leak in.
unset DCAAS_AUTH_TOKEN DCAAS_IAM_ENDPOINT DCAAS_USERNAME DCAAS_PASSWORD DCAAS_DOMAIN_NAME
if [ "$auth" = password ]; then
  export DCAAS_IAM_ENDPOINT=$(field iam_endpoint) DCAAS_USERNAME=$(field username) \
    DCAAS_PASSWORD=$(field password) DCAAS_DOMAIN_NAME=$(field domain_name)
else
  export DCAAS_AUTH_TOKEN=$(field token)
fi
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
