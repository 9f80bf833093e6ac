# Sourced by the scripts in tools/. start_mock DIR builds the mock API,
# starts it on a free port with its ready file and log in DIR, waits until it
# listens, and exports DCAAS_ENDPOINT, DCAAS_PROJECT_ID, DCAAS_AUTH_TOKEN and
# MOCK_VIF_IDS (its interface ids, space separated). It sets mock_pid: the
# caller stops the mock.
start_mock() {
  local dir=$1
  go build -o bin/dcaas-mock ./internal/mockserver/cmd/dcaas-mock
  bin/dcaas-mock -addr 127.0.0.1:0 -pending 2s -ready-file "$dir/ready.json" >"$dir/mock.log" 2>&1 &
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
  DCAAS_AUTH_TOKEN=$(field token)
  MOCK_VIF_IDS=$(sed -E 's/.*"vif_ids":\[([^]]*)\].*/\1/' <<<"$ready" | tr -d '"' | tr ',' ' ')
  export DCAAS_ENDPOINT DCAAS_PROJECT_ID DCAAS_AUTH_TOKEN MOCK_VIF_IDS
}
