# Sourced by the scripts in tools/, from the repository's root. It makes a
# scratch folder, $work, removed on exit together with any mock started.
work=$(mktemp -d)
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# use_local_provider points Terraform at the provider built in bin/, through
# a dev_overrides CLI configuration in $work.
use_local_provider() {
  cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "dcaas-labs/dcaas" = "$PWD/bin"
  }
  direct {}
}
RC
  export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1
}

# start_mock DIR [AUTH [MOCK_FLAGS...]]
# builds the mock API, starts it on a free port with its ready file and log
# in DIR, waits until it listens, and exports DCAAS_ENDPOINT,
# DCAAS_PROJECT_ID and MOCK_VIF_IDS (its interface ids, space separated),
# plus the credentials of one way of authenticating: AUTH token (the
# default) exports DCAAS_AUTH_TOKEN, AUTH password exports DCAAS_IAM_ENDPOINT,
# DCAAS_USERNAME, DCAAS_PASSWORD and DCAAS_DOMAIN_NAME, AUTH aksk exports
# DCAAS_ACCESS_KEY and DCAAS_SECRET_KEY. It sets mock_pid: the caller stops
# the mock.
start_mock() {
  local dir=$1 auth=${2:-token}
  shift 2 || shift $#
  go build -o bin/dcaas-mock ./internal/mockserver/cmd/dcaas-mock
  bin/dcaas-mock -addr 127.0.0.1:0 -pending 2s "$@" -ready-file "$dir/ready.json" >"$dir/mock.log" 2>&1 &
  mock_pid=$!
  for _ in $(seq 100); do
    [ -s "$dir/ready.json" ] && break
    kill -0 "$mock_pid" 2>/dev/null || { cat "$dir/mock.log"; return 1; }
    sleep 0.1
  done
  [ -s "$dir/ready.json" ] || { echo "the mock did not start"; cat "$dir/mock.log"; return 1; }

  local ready
  ready=$(cat "$dir/ready.json")
  field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" <<<"$ready"; }
  DCAAS_ENDPOINT=$(field endpoint)
  DCAAS_PROJECT_ID=$(field project_id)
  MOCK_VIF_IDS=$(sed -E 's/.*"vif_ids":\[([^]]*)\].*/\1/' <<<"$ready" | tr -d '"' | tr ',' ' ')
  export DCAAS_ENDPOINT DCAAS_PROJECT_ID MOCK_VIF_IDS
  # Exactly one way of authenticating: none of the other's variables may leak in.
  unset DCAAS_AUTH_TOKEN DCAAS_IAM_ENDPOINT DCAAS_USERNAME DCAAS_PASSWORD DCAAS_DOMAIN_NAME \
    DCAAS_ACCESS_KEY DCAAS_SECRET_KEY DCAAS_SECURITY_TOKEN
  case "$auth" in
    password)
      export DCAAS_IAM_ENDPOINT=$(field iam_endpoint) DCAAS_USERNAME=$(field username) \
        DCAAS_PASSWORD=$(field password) DCAAS_DOMAIN_NAME=$(field domain_name) ;;
    aksk) export DCAAS_ACCESS_KEY=$(field access_key) DCAAS_SECRET_KEY=$(field secret_key) ;;
    *) export DCAAS_AUTH_TOKEN=$(field token) ;;
  esac
}
