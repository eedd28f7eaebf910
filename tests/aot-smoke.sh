#!/usr/bin/env bash
# Publishes the service as one NativeAOT binary for linux-x64, starts it on a free loopback port with a fresh data
# directory, and runs the client guide's flow (examples/node-client) against it; then checks the OpenAPI document
# against the binary's answers (tests/ScriptService.Tests/openapi/check.mjs) and scrapes its /metrics.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/aot
dotnet publish src/ScriptService -c Release -r linux-x64 -o "$out" -nologo

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
# A small body limit for the OpenAPI check's 413, and the Prometheus endpoint on.
(cd "$work" && exec "$OLDPWD/$out/ScriptService" --urls "http://127.0.0.1:$port" \
  --ScriptService:MaxRequestBodyBytes=4096 --ScriptService:Metrics:Prometheus=true > "$work/server.log" 2>&1) &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

if ! timeout 60 node examples/node-client/client.mjs "http://127.0.0.1:$port" "Solar power for homes" > "$work/client.log" 2>&1; then
  echo "aot-smoke: the client flow failed against the native binary" >&2
  cat "$work/client.log" "$work/server.log" >&2
  exit 1
fi
grep -q '^# ' "$work/client.log" || { echo "aot-smoke: no script in the result" >&2; cat "$work/client.log" >&2; exit 1; }
# The embedded files: the page at / and the client bundle it loads, the bundle byte for byte the pinned package's.
# Saved first: under pipefail, grep -q leaving early would fail curl's write and the check with it.
curl -fs "http://127.0.0.1:$port/" > "$work/page.html" || { echo "aot-smoke: GET / failed" >&2; exit 1; }
grep -q '<form id="generate"' "$work/page.html" || { echo "aot-smoke: the page at / is missing" >&2; exit 1; }
curl -fs "http://127.0.0.1:$port/socket.io/socket.io.min.js" | cmp -s - src/SocketIo/client-dist/node_modules/socket.io-client/dist/socket.io.min.js \
  || { echo "aot-smoke: /socket.io/socket.io.min.js is not the pinned client bundle" >&2; exit 1; }

if ! timeout 60 node tests/ScriptService.Tests/openapi/check.mjs "http://127.0.0.1:$port" anonymous > "$work/openapi.log" 2>&1; then
  echo "aot-smoke: the OpenAPI document does not match the native binary's answers" >&2
  cat "$work/openapi.log" "$work/server.log" >&2
  exit 1
fi

# The job of the client flow above is counted, and the page parses with the Prometheus client's own parser.
curl -fs "http://127.0.0.1:$port/metrics" > "$work/metrics.txt"
grep -q '^scriptservice_jobs_completed_total [1-9]' "$work/metrics.txt" \
  || { echo "aot-smoke: /metrics does not count the completed job" >&2; cat "$work/metrics.txt" >&2; exit 1; }
/usr/bin/python3 tests/ScriptService.Tests/metrics/parse.py "$work/metrics.txt" > /dev/null \
  || { echo "aot-smoke: the Prometheus parser refused /metrics" >&2; exit 1; }
echo "aot-smoke: 4 passed, 0 failed (native binary $(du -h "$out/ScriptService" | cut -f1): seed flow, page and client bundle, OpenAPI check, /metrics)"
