#!/usr/bin/env bash
# Publishes the service as one NativeAOT binary for linux-x64, starts it on a free loopback port with a fresh data
# directory, and runs the client guide's flow (examples/node-client) against it.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/aot
dotnet publish src/ScriptService -c Release -r linux-x64 -o "$out" -nologo

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
(cd "$work" && exec "$OLDPWD/$out/ScriptService" --urls "http://127.0.0.1:$port" > "$work/server.log" 2>&1) &
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
curl -fs "http://127.0.0.1:$port/" | grep -q '<form id="generate"' || { echo "aot-smoke: the page at / is missing" >&2; exit 1; }
curl -fs "http://127.0.0.1:$port/socket.io/socket.io.min.js" | cmp -s - src/SocketIo/client-dist/node_modules/socket.io-client/dist/socket.io.min.js \
  || { echo "aot-smoke: /socket.io/socket.io.min.js is not the pinned client bundle" >&2; exit 1; }
echo "aot-smoke: 1 passed, 0 failed (native binary $(du -h "$out/ScriptService" | cut -f1), seed flow completed, page and client bundle served)"
