# Sourced by scripts/demo and scripts/interop: starts the interop authorization server
# (tests/interop/server.mjs, oidc-provider) on 127.0.0.1 and stops it when the script exits.
# After start_oidc_server, $ISSUER is its URL and $oidc_tmp a scratch directory.

oidc_pid=
oidc_tmp=$(mktemp -d "${TMPDIR:-/tmp}/otok-oidc.XXXXXX")
stop_oidc_server() {
  if [ -n "$oidc_pid" ]; then
    kill "$oidc_pid" 2>/dev/null || true
    wait "$oidc_pid" 2>/dev/null || true
  fi
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
  PORT=0 node tests/interop/server.mjs >"$oidc_tmp/server.out" 2>"$oidc_tmp/server.log" &
  oidc_pid=$!
  ISSUER=
  for _ in $(seq 1 200); do
    ISSUER=$(sed -n 's/^ISSUER=//p' "$oidc_tmp/server.out")
    [ -n "$ISSUER" ] && return 0
    if ! kill -0 "$oidc_pid" 2>/dev/null; then
      echo "the authorization server exited before it was ready:" >&2
      cat "$oidc_tmp/server.log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "the authorization server printed no ISSUER line within 20 s:" >&2
  cat "$oidc_tmp/server.log" >&2
  return 1
}
