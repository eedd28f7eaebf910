#!/usr/bin/env bash
# The one test command: installs what the tests need, builds everything, runs every test.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The interop tests run the official socket.io-client (pinned in package-lock.json) with Node, and drive Debian's
# Chromium through playwright-core for the browser test; playwright downloads no browser of its own.
# SocketIo embeds the socket.io-client browser bundle pinned in src/SocketIo/client-dist (its build runs this npm ci
# itself when node_modules is missing; here it is installed afresh, as for every other npm folder).
npm ci --prefix src/SocketIo/client-dist --no-audit --no-fund --ignore-scripts
npm ci --prefix tests/SocketIo.InteropTests/client --no-audit --no-fund
npm ci --prefix tests/SocketIo.InteropTests/client-v2 --no-audit --no-fund
npm ci --prefix tests/ScriptService.Tests/client --no-audit --no-fund
npm ci --prefix tests/ScriptService.Tests/client-v2 --no-audit --no-fund
npm ci --prefix tests/ScriptService.Tests/openapi --no-audit --no-fund
npm ci --prefix examples/node-client --no-audit --no-fund
npm ci --prefix benchmarks/reference --no-audit --no-fund
npm ci --prefix tests/SocketIo.Redis.InteropTests/node --no-audit --no-fund
# The admin dashboard's tests: socket.io-client as the dashboard speaks, and @socket.io/admin-ui's built page in Chromium.
npm ci --prefix tests/SocketIo.Admin.Tests/dashboard --no-audit --no-fund

# Debian packages: Chromium for the browser test, clang and zlib for the NativeAOT publish, a font for the benchmark
# charts, python-socketio (with websocket-client and requests) for the client guide's Python example, redis-server for
# the Redis adapter's tests (each test run starts its own instance on a free port).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# HAProxy for the deployment recipe (deploy/), which the cluster tests run (each its own, never the system service).
[ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
/usr/bin/python3 -c 'import socketio, websocket, requests' 2>/dev/null || missing+=(python3-socketio python3-websocket python3-requests)
# The Prometheus client's own text-format parser, which the /metrics tests parse the page with.
/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || missing+=(python3-prometheus-client)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

dotnet restore ScriptService.sln
# The tests run the Debug build: the libraries assert their lock invariants with Debug.Assert, and a failed assert ends
# the run (tests/TestUtilities/Linked/FatalDebugAsserts.cs). The Release build is what the NativeAOT publish, the
# packed example, the fuzz harness and the benchmark smoke below build and run.
dotnet build ScriptService.sln --no-restore -c Debug
dotnet test ScriptService.sln --no-build -c Debug --logger "console;verbosity=normal"

# The libraries as packages: pack them, build examples/embedding from the packages alone (a local feed) and check it
# with the pinned socket.io-client.
examples/embedding/run.sh

# The single binary: NativeAOT publish, then the guide's flow against it.
tests/aot-smoke.sh

# The fuzzing harness must not rot: build it and run every seed and every input the campaigns found through each
# target once (no AFL here; fuzz/run.sh <target> fuzzes).
fuzz/run.sh check

# The benchmark tools must not rot: every load mode at a tiny size against our server and the Node reference, and the
# report built from the results (into a temporary folder; the real run is benchmarks/run.sh).
benchmarks/run.sh --smoke
