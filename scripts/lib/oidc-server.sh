# Sourced by scripts/demo and scripts/interop: starts the interop authorization server
# (tests/interop/server.mjs, oidc-provider) on 127.0.0.1 and stops it when the script exits.
# After start_oidc_server, $ISSUER is its URL and $oidc_tmp a scratch directory; it can be
# called again (with other settings, such as ACCESS_TOKEN_TTL) for a second server.

oidc_pids=()
oidc_tmp=$(mktemp -d "${TMPDIR:-/tmp}/otok-oidc.XXXXXX")
stop_oidc_server() {
  for pid in "${oidc_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$oidc_tmp"
}
trap stop_oidc_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_oidc_server() {
  if [ ! -d tests/interop/node_modules/oidc-provider ]; then
    echo "installing the authorization server's dependencies (npm ci, once)" >&2
    (cd tests/interop && npm ci --no-audit --no-fund >&2)
  fi
  local n=${#oidc_pids[@]}
  PORT=0 node tests/interop/server.mjs >"$oidc_tmp/server$n.out" 2>"$oidc_tmp/server$n.log" &
  local oidc_pid=$!
  oidc_pids+=("$oidc_pid")
  ISSUER=
  for _ in $(seq 1 200); do
    ISSUER=$(sed -n 's/^ISSUER=//p' "$oidc_tmp/server$n.out")
    [ -n "$ISSUER" ] && return 0
    if ! kill -0 "$oidc_pid" 2>/dev/null; then
      echo "the authorization server exited before it was ready:" >&2
      cat "$oidc_tmp/server$n.log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "the authorization server printed no ISSUER line within 20 s:" >&2
  cat "$oidc_tmp/server$n.log" >&2
  return 1
}
