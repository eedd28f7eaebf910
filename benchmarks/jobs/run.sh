#!/usr/bin/env bash
# Starts the service (Release build, fresh data directory, free loopback port) and runs the jobs load against it.
#   benchmarks/jobs/run.sh [clients=1000] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
clients=${1:-1000}
rounds=${2:-3}

npm ci --prefix benchmarks/jobs --no-audit --no-fund >/dev/null
dotnet build src/ScriptService -c Release -nologo -v quiet >/dev/null

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
(cd "$work" && exec dotnet "$OLDPWD/src/ScriptService/bin/Release/net10.0/ScriptService.dll" --urls "http://127.0.0.1:$port" \
  --Logging:LogLevel:Default=Warning --ScriptService:PostsPerMinute=1000000 --ScriptService:QueueCapacity=100000 > "$work/server.log" 2>&1) &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

node benchmarks/jobs/jobs-bench.mjs "http://127.0.0.1:$port" "$clients" "$rounds"
