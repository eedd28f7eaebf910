#!/usr/bin/env bash
# The side-by-side benchmarks: every scenario against our server and the Node socket.io reference, one after the
# other, each run on a fresh server process with the same LoadDriver parameters, each point repeated. Writes
# docs/benchmarks.md and its charts (docs/benchmarks/*.png).
#
#   benchmarks/run.sh                      density service-density echo echo-msgpack broadcast jobs flood (about 65 minutes
#                                          on 2 cores)
#   benchmarks/run.sh service-density      the density run against the service as shipped, freshly started: by the README's
#                                          command (dotnet run) and as the NativeAOT binary (published first), against its
#                                          Node twin (benchmarks/reference/jobs-server.mjs)
#   benchmarks/run.sh jobs                 the client guide's flow against the service as shipped (its NativeAOT single
#                                          binary, published first) and its Release build under the JIT, against its Node twin
#   benchmarks/run.sh echo broadcast       only those scenarios (the report says which were not run)
#   benchmarks/run.sh echo-msgpack         the echo with socket.io-msgpack-parser on every side (Node, ours, the driver)
#   benchmarks/run.sh bdn                  the BenchmarkDotNet suites (about 9 minutes), then the report with them
#   benchmarks/run.sh soak                 the service held at 10,000 connections for 30 minutes, churning, jobs
#                                          throughout (about 32 minutes; not part of the default set)
#   benchmarks/run.sh cluster              several server processes on one redis-server: a broadcast to 10,000 sockets
#                                          over 4 nodes (Node and ours), and 100,000 connections held over 6 of ours
#                                          with one broadcast to all (not part of the default set; needs redis-server)
#   benchmarks/run.sh storm                a reconnect storm with connection state recovery: 10,000 room members cut at
#                                          once while broadcasts run, reconnecting with their session, Node and ours on
#                                          one node, then on two nodes sharing Redis Streams (not part of the default
#                                          set; the second part needs redis-server)
#   benchmarks/run.sh cluster-jobs         the service's jobs flow through the deployment recipe (deploy/: HAProxy, the
#                                          Redis mode on one redis-server) with 1 node, then with 3 (not part of the
#                                          default set; needs redis-server and haproxy)
#   benchmarks/run.sh --smoke              every scenario at a tiny size into a temporary folder (./test.sh runs it)
#
# Parameters can be changed through the environment (REPEATS, DENSITY_POINTS, HOLD, ECHO_CONNECTIONS, ...; see below);
# the report records the ones used. Load stays on loopback; every run is bounded by the driver's --timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
command_line="benchmarks/run.sh${*:+ $*}"

smoke=false
scenarios=()
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    density|service-density|echo|echo-msgpack|broadcast|jobs|flood|soak|cluster|cluster-jobs|storm|bdn) scenarios+=("$arg") ;;
    *) echo "unknown argument: $arg (scenarios: density service-density echo echo-msgpack broadcast jobs flood soak cluster cluster-jobs storm bdn; --smoke)" >&2; exit 1 ;;
  esac
done
[[ ${#scenarios[@]} -eq 0 ]] && scenarios=(density service-density echo echo-msgpack broadcast jobs flood)
$smoke && scenarios=(density service-density echo echo-msgpack broadcast jobs flood soak cluster cluster-jobs storm)

if $smoke; then
  : "${REPEATS:=1}" "${ECHO_REPEATS:=1}" "${DENSITY_POINTS:=50}" "${HOLD:=2}" "${SETTLE:=1}" "${ECHO_CONNECTIONS:=20}" "${ECHO_DURATION:=2}"
  : "${SERVICE_DENSITY_POINTS:=50}" "${SERVICE_DENSITY_HOLD:=2}"
  : "${ECHO_WARMUP:=1}" "${BROADCAST_CONNECTIONS:=50}" "${BROADCAST_MESSAGES:=3}" "${JOBS_CLIENTS:=10}" "${JOBS_ROUNDS:=1}"
  : "${FLOOD_ATTEMPTS:=60}" "${FLOOD_CAP:=40}" "${AFTER_FLOOD_CONNECTIONS:=10}"
  : "${SOAK_CONNECTIONS:=50}" "${SOAK_DURATION:=20}" "${SOAK_WARMUP:=5}" "${SOAK_SAMPLE_INTERVAL:=2}" "${SOAK_JOBS:=5}"
  : "${CLUSTER_CONNECTIONS:=60}" "${CLUSTER_NODES:=2}" "${CLUSTER_MESSAGES:=3}" "${CLUSTER_SETTLE:=1}"
  : "${CLUSTER_HOLD_CONNECTIONS:=90}" "${CLUSTER_HOLD_NODES:=3}" "${CLUSTER_HOLD:=1}" "${CLUSTER_HOLD_SERVERS:=node ours}"
  : "${STORM_CONNECTIONS:=40}" "${STORM_CUT_AFTER:=5}" "${STORM_TAIL:=5}" "${STORM_STREAMS_CONNECTIONS:=40}"
  : "${CLUSTER_JOBS_CLIENTS:=10}" "${CLUSTER_JOBS_ROUNDS:=1}" "${CLUSTER_JOBS_NODES:=1 3}"
fi
: "${REPEATS:=2}"                        # runs per point and server; the report shows the median and the range
: "${DENSITY_POINTS:=1000 10000 19000}"  # 19,000: one server process holds at most 20,000 descriptors here
: "${SETTLE:=10}"                        # seconds between the last connection and the first RSS reading
: "${HOLD:=75}"                          # seconds held idle: three heartbeats at the default 25 s ping interval
: "${ECHO_CONNECTIONS:=1000}" "${ECHO_DURATION:=30}" "${ECHO_WARMUP:=5}"
# The service as shipped, each run a fresh process: SERVICE_DENSITY_SERVERS among node-jobs (its Node twin,
# benchmarks/reference/jobs-server.mjs), service-run (`dotnet run --project src/ScriptService`, as the README says, with
# its default configuration; the port through ASPNETCORE_URLS) and service-aot (the NativeAOT binary, published by this
# script as tests/aot-smoke.sh publishes it). Held SERVICE_DENSITY_HOLD seconds after the settle.
: "${SERVICE_DENSITY_POINTS:=19000}" "${SERVICE_DENSITY_HOLD:=60}" "${SERVICE_DENSITY_SERVERS:=node-jobs service-run service-aot}"
# Echo saturates both cores (driver and server share them), and a run lands in one of two steady states about 20%
# apart for every server; five runs, the servers taking turns, make its median a figure the next run repeats.
: "${ECHO_REPEATS:=5}"
: "${BROADCAST_CONNECTIONS:=10000}" "${BROADCAST_MESSAGES:=20}"
: "${JOBS_CLIENTS:=1000}" "${JOBS_ROUNDS:=3}"
: "${FLOOD_ATTEMPTS:=25000}"             # more than the 20,000 descriptors a server process may hold
: "${FLOOD_CAP:=}"                       # the service's connection cap in the flood; empty: its default (ulimit -n - 512)
: "${AFTER_FLOOD_CONNECTIONS:=100}"      # fresh connections opened right after each flood, to the same server process
: "${SERVERS:=node ours ours-standard}"  # bench servers of density, echo and broadcast
: "${MSGPACK_SERVERS:=node ours}"        # bench servers of echo-msgpack (each started with --parser msgpack)
# The soak runs the service alone (it is the product): SOAK_CONNECTIONS held for SOAK_DURATION seconds while
# SOAK_CHURN connections a second close and reconnect and SOAK_JOBS jobs a second run; the server is sampled every
# SOAK_SAMPLE_INTERVAL seconds, and the verdict leaves out the first SOAK_WARMUP seconds after the ramp: until its first
# full collections the GC keeps committing memory, so RSS rises with nothing leaking.
: "${SOAK_CONNECTIONS:=10000}" "${SOAK_DURATION:=1800}" "${SOAK_WARMUP:=600}" "${SOAK_SAMPLE_INTERVAL:=10}"
: "${SOAK_CHURN:=5}" "${SOAK_JOBS:=2}"
: "${SOAK_POLLING_SHARE:=0.1}" "${SOAK_UPGRADE_SHARE:=0.1}"  # the rest are WebSockets from the first request
# The cluster: every run starts its own redis-server (persistence off) and CLUSTER_NODES (CLUSTER_HOLD_NODES) server
# processes on it, each with --redis and --adapter CLUSTER_ADAPTER (redis: the classic adapter; redis-sharded). The
# driver spreads the connections over them, every connection joins one room, and broadcasts emitted through the first
# node must reach every member on every node. Broadcast: CLUSTER_CONNECTIONS over CLUSTER_NODES, CLUSTER_MESSAGES
# broadcasts, for each of CLUSTER_SERVERS. Hold: CLUSTER_HOLD_CONNECTIONS over CLUSTER_HOLD_NODES (a process holds at
# most 20,000 descriptors here), held CLUSTER_HOLD seconds, one broadcast to all, RSS summed over the processes, for
# each of CLUSTER_HOLD_SERVERS; the cluster-wide count is skipped at that size (CLUSTER_HOLD_COUNT=no: every node would
# answer with each of its sockets and their handshakes, past Redis's default output buffer limit for subscribers).
: "${CLUSTER_ADAPTER:=redis}" "${CLUSTER_SERVERS:=node ours}"
: "${CLUSTER_CONNECTIONS:=10000}" "${CLUSTER_NODES:=4}" "${CLUSTER_MESSAGES:=20}" "${CLUSTER_SETTLE:=5}"
: "${CLUSTER_HOLD_CONNECTIONS:=100000}" "${CLUSTER_HOLD_NODES:=6}" "${CLUSTER_HOLD:=30}" "${CLUSTER_HOLD_SERVERS:=ours}"
: "${CLUSTER_HOLD_COUNT:=no}"
# The reconnect storm: STORM_CONNECTIONS room members on one server process with connection state recovery on (its
# defaults; Node: server.mjs --recovery, ours: BenchServer --recovery); a control connection emits a broadcast every
# STORM_INTERVAL_MS; after STORM_CUT_AFTER messages every member's connection is cut at once, each reconnects after
# socket.io-client's delay (1 s +- 50 %) asking to recover, and STORM_TAIL messages after the last reconnect the stream
# stops. Then the same with STORM_STREAMS_CONNECTIONS members over STORM_STREAMS_NODES processes on one redis-server
# through their Redis Streams adapter, each member reconnecting to another node; for each of STORM_STREAMS_SERVERS
# (empty: that part is skipped). A process holds at most 20,000 descriptors here: the server side holds the members.
: "${STORM_SERVERS:=node ours}" "${STORM_CONNECTIONS:=10000}" "${STORM_INTERVAL_MS:=100}" "${STORM_CUT_AFTER:=20}" "${STORM_TAIL:=20}"
: "${STORM_STREAMS_SERVERS:=node ours}" "${STORM_STREAMS_CONNECTIONS:=10000}" "${STORM_STREAMS_NODES:=2}"
# The service's jobs over many nodes: deploy/start.sh (HAProxy in front, the Redis mode on one redis-server with the
# recipe's append-only persistence) with each count of CLUSTER_JOBS_NODES nodes in turn, the service's Release build;
# the jobs scenario's driver, through HAProxy, CLUSTER_JOBS_CLIENTS clients x CLUSTER_JOBS_ROUNDS rounds. Ours only.
: "${CLUSTER_JOBS_CLIENTS:=1000}" "${CLUSTER_JOBS_ROUNDS:=3}" "${CLUSTER_JOBS_NODES:=1 3}"

if $smoke; then
  results=$(mktemp -d)
  out_md=$results/benchmarks.md
  out_charts=$results/charts
else
  results=$root/artifacts/benchmarks/$(date -u +%Y%m%dT%H%M%SZ)
  out_md=$root/docs/benchmarks.md
  out_charts=$root/docs/benchmarks
fi
mkdir -p "$results"
work=$(mktemp -d)
server_pid=""
wrapper_pid=""   # `dotnet run`, which builds and then starts the service as its child (server_pid)
cluster_pids=()
redis_pid=""
deploy_run=""

stop_server() {
  local pid
  for pid in $server_pid $wrapper_pid; do
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  server_pid=""
  wrapper_pid=""
}
# Stops the cluster's server processes and its redis-server, each by its own PID.
stop_cluster() {
  local pid
  for pid in "${cluster_pids[@]}" $redis_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${cluster_pids[@]}" $redis_pid; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  cluster_pids=()
  redis_pid=""
}
# Stops a deployment of deploy/start.sh, every process by its PID (deploy/stop.sh).
stop_deploy() {
  if [[ -n $deploy_run ]]; then
    DEPLOY_RUN_DIR=$deploy_run deploy/stop.sh > "$work/deploy-stop.log" 2>&1 || { echo "deploy/stop.sh failed:" >&2; cat "$work/deploy-stop.log" >&2; }
    deploy_run=""
  fi
}
cleanup() { stop_server; stop_cluster; stop_deploy; rm -rf "$work"; if $smoke; then rm -rf "$results"; fi; }
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# The process listening on a loopback port (the service that `dotnet run` started), or nothing.
listener_pid() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2; }

# Starts a server process in the background; sets server_pid and url. server_pid is the server itself, so that its
# RSS is the server's: for service-run, the service that `dotnet run` (wrapper_pid) started.
start_server() {
  local kind=$1 log=$work/server.log port wait_steps=300
  port=$(free_port)
  : > "$log"
  case "$kind" in
    node) node benchmarks/reference/server.mjs --port "$port" > "$log" 2>&1 & ;;
    node-msgpack) node benchmarks/reference/server.mjs --port "$port" --parser msgpack > "$log" 2>&1 & ;;
    ours-msgpack)
      dotnet benchmarks/BenchServer/bin/Release/net10.0/BenchServer.dll --urls "http://127.0.0.1:$port" --parser msgpack > "$log" 2>&1 & ;;
    node-jobs) node benchmarks/reference/jobs-server.mjs --port "$port" > "$log" 2>&1 & ;;
    node-recovery) node benchmarks/reference/server.mjs --port "$port" --recovery > "$log" 2>&1 & ;;
    ours-recovery) dotnet benchmarks/BenchServer/bin/Release/net10.0/BenchServer.dll --urls "http://127.0.0.1:$port" --recovery > "$log" 2>&1 & ;;
    ours|ours-standard)
      local websocket=dense; [[ $kind == ours-standard ]] && websocket=standard
      dotnet benchmarks/BenchServer/bin/Release/net10.0/BenchServer.dll --urls "http://127.0.0.1:$port" --websocket "$websocket" > "$log" 2>&1 & ;;
    # The jobs scenario's servers: the service as shipped, its NativeAOT single binary (service-jobs-aot), and its
    # Release build under the JIT (service), both with the bench's limits (posts per minute, queue) lifted.
    service-jobs-aot)
      local data; data=$(mktemp -d -p "$work")
      (cd "$data" && exec "$aot_dir/ScriptService" --urls "http://127.0.0.1:$port" \
        --Logging:LogLevel:Default=Warning --ScriptService:PostsPerMinute=100000000 --ScriptService:QueueCapacity=100000) > "$log" 2>&1 & ;;
    service|service-flood)
      local data; data=$(mktemp -d -p "$work")
      # FLOOD_CAP is the flood's: the other scenarios run the service with its default cap.
      local cap_args=(); [[ $kind == service-flood && -n $FLOOD_CAP ]] && cap_args=(--ScriptService:MaxConcurrentConnections="$FLOOD_CAP")
      (cd "$data" && exec dotnet "$root/src/ScriptService/bin/Release/net10.0/ScriptService.dll" --urls "http://127.0.0.1:$port" \
        --Logging:LogLevel:Default=Warning --ScriptService:PostsPerMinute=100000000 --ScriptService:QueueCapacity=100000 \
        "${cap_args[@]}") > "$log" 2>&1 & ;;
    # The service as shipped, with its default configuration, in a fresh folder (its job store is data/jobs.db there).
    service-run)
      local data; data=$(mktemp -d -p "$work")
      # `dotnet run` checks the build first (the script built it already): up to three minutes on a busy machine.
      wait_steps=1800
      (cd "$data" && ASPNETCORE_URLS="http://127.0.0.1:$port" exec dotnet run --project "$root/src/ScriptService") > "$log" 2>&1 & ;;
    service-aot)
      local data; data=$(mktemp -d -p "$work")
      (cd "$data" && ASPNETCORE_URLS="http://127.0.0.1:$port" exec "$aot_dir/ScriptService") > "$log" 2>&1 & ;;
  esac
  server_pid=$!
  url=http://127.0.0.1:$port
  for _ in $(seq 1 "$wait_steps"); do
    if curl -fs -o /dev/null "$url/socket.io/?EIO=4&transport=polling" 2>/dev/null; then
      if [[ $kind == service-run ]]; then
        wrapper_pid=$server_pid
        server_pid=$(listener_pid "$port")
        [[ -n $server_pid ]] || { echo "service-run: no process listens on port $port" >&2; exit 1; }
      fi
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "server $kind did not start:" >&2; cat "$log" >&2; exit 1
}

driver() { "$driver_dir/LoadDriver" "$@"; }

# A fresh redis-server on a free loopback port (no persistence) and N server processes of one kind on it, each with
# --adapter ADAPTER (default CLUSTER_ADAPTER) and any further flags; sets redis_pid, cluster_pids and cluster_urls
# (comma-separated, in start order).
start_cluster() {
  local kind=$1 nodes=$2 adapter=${3:-$CLUSTER_ADAPTER} redis_port i port log
  local extra=("${@:4}")
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no > "$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do
    [[ $(redis-cli -p "$redis_port" ping 2>/dev/null) == PONG ]] && break
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ $(redis-cli -p "$redis_port" ping 2>/dev/null) == PONG ]] || { echo "redis-server did not start:" >&2; cat "$work/redis.log" >&2; exit 1; }
  local cluster_args=(--redis "127.0.0.1:$redis_port" --adapter "$adapter" "${extra[@]}")
  cluster_urls=""
  for i in $(seq 1 "$nodes"); do
    port=$(free_port)
    log=$work/cluster-$i.log
    case "$kind" in
      node) node benchmarks/reference/server.mjs --port "$port" "${cluster_args[@]}" > "$log" 2>&1 & ;;
      ours) dotnet benchmarks/BenchServer/bin/Release/net10.0/BenchServer.dll --urls "http://127.0.0.1:$port" "${cluster_args[@]}" > "$log" 2>&1 & ;;
    esac
    cluster_pids+=($!)
    cluster_urls+="${cluster_urls:+,}http://127.0.0.1:$port"
  done
  for i in $(seq 1 "$nodes"); do
    local url; url=$(cut -d, -f"$i" <<< "$cluster_urls")
    for _ in $(seq 1 300); do
      curl -fs -o /dev/null "$url/socket.io/?EIO=4&transport=polling" 2>/dev/null && continue 2
      kill -0 "${cluster_pids[$((i - 1))]}" 2>/dev/null || break
      sleep 0.1
    done
    echo "cluster server $kind $i did not start:" >&2; cat "$work/cluster-$i.log" >&2; exit 1
  done
}

# One cluster run: fresh Redis and servers, one driver invocation, the result in results/<scenario>/<server>-<point>-r<rep>.json.
run_cluster_point() {
  local scenario=$1 server=$2 nodes=$3 point=$4 rep=$5; shift 5
  mkdir -p "$results/$scenario"
  local out=$results/$scenario/$server-$point-r$rep.json
  start_cluster "$server" "$nodes"
  echo "== $scenario $server $point over $nodes nodes (run $rep)"
  driver cluster --urls "$cluster_urls" --server-pids "$(IFS=,; echo "${cluster_pids[*]}")" --label "$server" --out "$out" "$@" \
    || echo "   driver exited $?" >&2
  stop_cluster
}

# One storm over Redis Streams: fresh Redis and servers (recovery on), one driver invocation, the result in
# results/storm-streams/<server>-<point>-r<rep>.json.
run_storm_streams_point() {
  local server=$1 point=$2 rep=$3; shift 3
  mkdir -p "$results/storm-streams"
  local out=$results/storm-streams/$server-$point-r$rep.json
  start_cluster "$server" "$STORM_STREAMS_NODES" redis-streams --recovery
  echo "== storm-streams $server $point over $STORM_STREAMS_NODES nodes (run $rep)"
  driver storm --urls "$cluster_urls" --label "$server" --out "$out" "$@" || echo "   driver exited $?" >&2
  stop_cluster
}

# One cluster-jobs run: a fresh deployment of N nodes (deploy/start.sh on free ports, its own run folder and Redis),
# the jobs driver through its HAProxy, the result in results/cluster-jobs/ours-<nodes>-r<rep>.json.
run_cluster_jobs_point() {
  local nodes=$1 rep=$2 i node_ports=""
  mkdir -p "$results/cluster-jobs"
  local out=$results/cluster-jobs/ours-$nodes-r$rep.json front stats redis
  front=$(free_port); stats=$(free_port); redis=$(free_port)
  for i in $(seq 1 "$nodes"); do node_ports+="${node_ports:+ }$(free_port)"; done
  deploy_run=$work/deploy-$nodes-$rep
  DEPLOY_RUN_DIR=$deploy_run DEPLOY_NODES=$nodes DEPLOY_PORT=$front DEPLOY_STATS_PORT=$stats DEPLOY_REDIS_PORT=$redis \
    DEPLOY_NODE_PORTS=$node_ports DEPLOY_SERVICE_BIN=$root/src/ScriptService/bin/Release/net10.0/ScriptService \
    DEPLOY_POSTS_PER_MINUTE=100000000 ScriptService__QueueCapacity=100000 Logging__LogLevel__Default=Warning \
    deploy/start.sh > "$work/deploy-start.log" 2>&1 \
    || { echo "deploy/start.sh failed:" >&2; cat "$work/deploy-start.log" >&2; exit 1; }
  echo "== cluster-jobs ours over $nodes nodes (run $rep)"
  driver jobs --url "http://127.0.0.1:$front" --clients "$CLUSTER_JOBS_CLIENTS" --rounds "$CLUSTER_JOBS_ROUNDS" --timeout 900 \
    --label ours --out "$out" || echo "   driver exited $?" >&2
  stop_deploy
}

# One run: a fresh server, one driver invocation, the result in results/<scenario>/<server>-<point>-r<rep>.json.
run_point() {
  local scenario=$1 server=$2 kind=$3 point=$4 rep=$5; shift 5
  mkdir -p "$results/$scenario"
  local out=$results/$scenario/$server-$point-r$rep.json
  start_server "$kind"
  echo "== $scenario $server $point (run $rep)"
  driver "$@" --url "$url" --server-pid "$server_pid" --label "$server" --out "$out" || echo "   driver exited $?" >&2
  if [[ $scenario == flood ]]; then
    # After the flood the same process must still serve: fresh connections, held through a heartbeat or two.
    mkdir -p "$results/flood-after"
    driver density --connections "$AFTER_FLOOD_CONNECTIONS" --settle 1 --hold "$SETTLE" --url "$url" --server-pid "$server_pid" --label "$server" \
      --out "$results/flood-after/$server-$point-r$rep.json" || echo "   after-flood check exited $?" >&2
  fi
  stop_server
}

# Fonts for the chart labels; a bare Debian has none.
# The cluster scenario's redis-server (Debian's package; every run starts its own, never the system service).
if [[ " ${scenarios[*]} " == *" cluster "* || " ${scenarios[*]} " == *" cluster-jobs "* || ( " ${scenarios[*]} " == *" storm "* && -n $STORM_STREAMS_SERVERS ) ]] && ! command -v redis-server >/dev/null && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  apt-get install -y -qq redis-server >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null)
fi
# HAProxy for cluster-jobs (Debian's package; the recipe runs its own, never the system service).
if [[ " ${scenarios[*]} " == *" cluster-jobs "* ]] && ! [[ -x /usr/sbin/haproxy ]] && ! command -v haproxy >/dev/null && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  apt-get install -y -qq haproxy >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq haproxy >/dev/null)
fi
if ! ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  apt-get install -y -qq fonts-dejavu-core >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null)
fi
npm ci --prefix benchmarks/reference --no-audit --no-fund --loglevel=error >/dev/null
for project in benchmarks/BenchServer benchmarks/BenchReport src/ScriptService; do
  dotnet build "$project" -c Release -nologo -v quiet >/dev/null
done
# The driver precompiled (ReadyToRun; its csproj turns tiered compilation off), so that it does not spend the cores it
# shares with the server compiling itself during a run.
driver_dir=$root/artifacts/loaddriver
dotnet publish benchmarks/LoadDriver -c Release -r linux-x64 --self-contained false -o "$driver_dir" -nologo -v quiet >/dev/null
aot_dir=$root/artifacts/aot
if [[ " ${scenarios[*]} " == *" service-density "* ]]; then
  # What `dotnet run` will run (its default configuration, Debug), built now so that its start is not a build.
  dotnet build src/ScriptService -nologo -v quiet >/dev/null
fi
if [[ " ${scenarios[*]} " == *" service-density "* && " $SERVICE_DENSITY_SERVERS " == *" service-aot "* ]] || [[ " ${scenarios[*]} " == *" jobs "* ]]; then
  # The NativeAOT single binary (docs/service.md), published as tests/aot-smoke.sh publishes it.
  dotnet publish src/ScriptService -c Release -r linux-x64 -o "$aot_dir" -nologo -v quiet >/dev/null
fi

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    density)
      for point in $DENSITY_POINTS; do for rep in $(seq 1 "$REPEATS"); do for server in $SERVERS; do
        run_point density "$server" "$server" "$point" "$rep" density --connections "$point" --settle "$SETTLE" --hold "$HOLD" --timeout 900
      done; done; done ;;
    service-density)
      for point in $SERVICE_DENSITY_POINTS; do for rep in $(seq 1 "$REPEATS"); do for server in $SERVICE_DENSITY_SERVERS; do
        run_point service-density "$server" "$server" "$point" "$rep" density --connections "$point" --settle "$SETTLE" \
          --hold "$SERVICE_DENSITY_HOLD" --timeout 900
      done; done; done ;;
    echo)
      for rep in $(seq 1 "$ECHO_REPEATS"); do for server in $SERVERS; do
        run_point echo "$server" "$server" "$ECHO_CONNECTIONS" "$rep" echo --connections "$ECHO_CONNECTIONS" \
          --duration "$ECHO_DURATION" --warmup "$ECHO_WARMUP" --timeout 600
      done; done ;;
    echo-msgpack)
      for rep in $(seq 1 "$ECHO_REPEATS"); do for server in $MSGPACK_SERVERS; do
        run_point echo-msgpack "$server" "$server-msgpack" "$ECHO_CONNECTIONS" "$rep" echo --parser msgpack \
          --connections "$ECHO_CONNECTIONS" --duration "$ECHO_DURATION" --warmup "$ECHO_WARMUP" --timeout 600
      done; done ;;
    broadcast)
      for rep in $(seq 1 "$REPEATS"); do for server in $SERVERS; do
        run_point broadcast "$server" "$server" "$BROADCAST_CONNECTIONS" "$rep" broadcast --connections "$BROADCAST_CONNECTIONS" \
          --messages "$BROADCAST_MESSAGES" --timeout 600
      done; done ;;
    jobs)
      for rep in $(seq 1 "$REPEATS"); do
        run_point jobs node node-jobs "$JOBS_CLIENTS" "$rep" jobs --clients "$JOBS_CLIENTS" --rounds "$JOBS_ROUNDS" --timeout 900
        run_point jobs ours service-jobs-aot "$JOBS_CLIENTS" "$rep" jobs --clients "$JOBS_CLIENTS" --rounds "$JOBS_ROUNDS" --timeout 900
        run_point jobs ours-jit service "$JOBS_CLIENTS" "$rep" jobs --clients "$JOBS_CLIENTS" --rounds "$JOBS_ROUNDS" --timeout 900
      done ;;
    flood)
      for rep in $(seq 1 "$REPEATS"); do
        run_point flood node node "$FLOOD_ATTEMPTS" "$rep" density --connections "$FLOOD_ATTEMPTS" --concurrency 1000 \
          --handshake-timeout 20 --settle "$SETTLE" --hold "$SETTLE" --timeout 900
        run_point flood ours service-flood "$FLOOD_ATTEMPTS" "$rep" density --connections "$FLOOD_ATTEMPTS" --concurrency 1000 \
          --handshake-timeout 20 --settle "$SETTLE" --hold "$SETTLE" --timeout 900
      done ;;
    soak)
      run_point soak ours service "$SOAK_CONNECTIONS" 1 soak --connections "$SOAK_CONNECTIONS" --duration "$SOAK_DURATION" \
        --warmup "$SOAK_WARMUP" --sample-interval "$SOAK_SAMPLE_INTERVAL" --churn-per-second "$SOAK_CHURN" \
        --jobs-per-second "$SOAK_JOBS" --polling-share "$SOAK_POLLING_SHARE" --upgrade-share "$SOAK_UPGRADE_SHARE" ;;
    cluster)
      for rep in $(seq 1 "$REPEATS"); do for server in $CLUSTER_SERVERS; do
        run_cluster_point cluster-broadcast "$server" "$CLUSTER_NODES" "$CLUSTER_CONNECTIONS" "$rep" --connections "$CLUSTER_CONNECTIONS" \
          --messages "$CLUSTER_MESSAGES" --settle "$CLUSTER_SETTLE" --hold 0 --timeout 900
      done; done
      for server in $CLUSTER_HOLD_SERVERS; do
        run_cluster_point cluster-hold "$server" "$CLUSTER_HOLD_NODES" "$CLUSTER_HOLD_CONNECTIONS" 1 --connections "$CLUSTER_HOLD_CONNECTIONS" \
          --messages 1 --settle "$CLUSTER_SETTLE" --hold "$CLUSTER_HOLD" --count "$CLUSTER_HOLD_COUNT" --concurrency 500 \
          --handshake-timeout 60 --timeout 1800
      done ;;
    cluster-jobs)
      for rep in $(seq 1 "$REPEATS"); do for nodes in $CLUSTER_JOBS_NODES; do
        run_cluster_jobs_point "$nodes" "$rep"
      done; done ;;
    storm)
      storm_args=(--interval-ms "$STORM_INTERVAL_MS" --cut-after "$STORM_CUT_AFTER" --tail "$STORM_TAIL" --timeout 600)
      for rep in $(seq 1 "$REPEATS"); do for server in $STORM_SERVERS; do
        run_point storm "$server" "$server-recovery" "$STORM_CONNECTIONS" "$rep" storm --connections "$STORM_CONNECTIONS" "${storm_args[@]}"
      done; done
      for rep in $(seq 1 "$REPEATS"); do for server in $STORM_STREAMS_SERVERS; do
        run_storm_streams_point "$server" "$STORM_STREAMS_CONNECTIONS" "$rep" --connections "$STORM_STREAMS_CONNECTIONS" "${storm_args[@]}"
      done; done ;;
    bdn)
      dotnet run -c Release --project benchmarks/ScriptService.Benchmarks -- --filter '*' --job short ;;
  esac
done
finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# The report covers every scenario of this run; a scenario run alone keeps the others' last results beside it.
carried=""
if ! $smoke && [[ -d $root/artifacts/benchmarks/latest ]]; then
  for scenario in density service-density echo echo-msgpack broadcast jobs flood flood-after soak cluster-broadcast cluster-hold cluster-jobs storm storm-streams; do
    if [[ ! -d $results/$scenario && -d $root/artifacts/benchmarks/latest/$scenario ]]; then
      cp -r "$root/artifacts/benchmarks/latest/$scenario" "$results/"
      carried+=" $scenario"
    fi
  done
fi

export MSGPACK_SERVERS REPEATS ECHO_REPEATS DENSITY_POINTS SERVICE_DENSITY_POINTS SERVICE_DENSITY_HOLD SERVICE_DENSITY_SERVERS SETTLE HOLD ECHO_CONNECTIONS ECHO_DURATION ECHO_WARMUP BROADCAST_CONNECTIONS BROADCAST_MESSAGES \
  JOBS_CLIENTS JOBS_ROUNDS FLOOD_ATTEMPTS FLOOD_CAP AFTER_FLOOD_CONNECTIONS SOAK_CONNECTIONS SOAK_DURATION SOAK_WARMUP \
  SOAK_SAMPLE_INTERVAL SOAK_CHURN SOAK_JOBS SOAK_POLLING_SHARE SOAK_UPGRADE_SHARE CLUSTER_ADAPTER CLUSTER_SERVERS CLUSTER_CONNECTIONS \
  CLUSTER_NODES CLUSTER_MESSAGES CLUSTER_SETTLE CLUSTER_HOLD_CONNECTIONS CLUSTER_HOLD_NODES CLUSTER_HOLD CLUSTER_HOLD_SERVERS CLUSTER_HOLD_COUNT \
  STORM_SERVERS STORM_CONNECTIONS STORM_INTERVAL_MS STORM_CUT_AFTER STORM_TAIL STORM_STREAMS_SERVERS STORM_STREAMS_CONNECTIONS STORM_STREAMS_NODES \
  CLUSTER_JOBS_CLIENTS CLUSTER_JOBS_ROUNDS CLUSTER_JOBS_NODES
CARRIED=$carried LATEST_META=$root/artifacts/benchmarks/latest/meta.json \
COMMAND_LINE=$command_line STARTED=$started FINISHED=$finished node - "$results/meta.json" <<'EOF'
const fs = require("fs"), os = require("os"), { execSync } = require("child_process");
const sh = (c) => { try { return execSync(c, { encoding: "utf8" }).trim(); } catch { return null; } };
const env = process.env, num = (name) => Number(env[name]);
const osRelease = fs.existsSync("/etc/os-release") ? fs.readFileSync("/etc/os-release", "utf8") : "";
const meta = {
  command: env.COMMAND_LINE, startedAt: env.STARTED, finishedAt: env.FINISHED, gitCommit: sh("git rev-parse --short HEAD"),
  machine: {
    cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: (osRelease.match(/^PRETTY_NAME="?([^"\n]*)/m) ?? [])[1] ?? os.type(), kernel: os.release(), fdLimit: Number(sh("ulimit -n")),
  },
  versions: {
    dotnet: sh("dotnet --version"), node: process.version, socketIo: require(process.cwd() + "/benchmarks/reference/node_modules/socket.io/package.json").version,
    redisAdapter: require(process.cwd() + "/benchmarks/reference/node_modules/@socket.io/redis-adapter/package.json").version,
    redisStreamsAdapter: require(process.cwd() + "/benchmarks/reference/node_modules/@socket.io/redis-streams-adapter/package.json").version,
    msgpackParser: require(process.cwd() + "/benchmarks/reference/node_modules/socket.io-msgpack-parser/package.json").version,
    redisServer: sh("redis-server --version"),
  },
  baseline: "node",
  servers: [
    { id: "node", label: "Node socket.io 4.8.4 (default options)" },
    { id: "ours", label: "ours: SocketIo on the dense WebSocket path (the service's default)" },
    { id: "ours-standard", label: "ours: SocketIo on ASP.NET Core's standard WebSocket path" },
  ],
  scenarios: {
    density: { points: env.DENSITY_POINTS.split(" ").map(Number), repeats: num("REPEATS"), parameters: { settleSeconds: num("SETTLE"), holdSeconds: num("HOLD"), concurrency: 200 } },
    "service-density": { points: env.SERVICE_DENSITY_POINTS.split(" ").map(Number), repeats: num("REPEATS"),
      parameters: { settleSeconds: num("SETTLE"), holdSeconds: num("SERVICE_DENSITY_HOLD"), concurrency: 200 }, baseline: "node-jobs",
      servers: [
        { id: "node-jobs", label: "Node: the service's contract on socket.io 4.8.4 (benchmarks/reference/jobs-server.mjs)" },
        { id: "service-run", label: "ours: the service by `dotnet run --project src/ScriptService`" },
        { id: "service-aot", label: "ours: the service's NativeAOT binary" },
      ].filter((s) => env.SERVICE_DENSITY_SERVERS.split(" ").includes(s.id) || s.id === "node-jobs") },
    echo: { points: [num("ECHO_CONNECTIONS")], repeats: num("ECHO_REPEATS"), parameters: { durationSeconds: num("ECHO_DURATION"), warmupSeconds: num("ECHO_WARMUP"), payloadBytes: 32 } },
    "echo-msgpack": { points: [num("ECHO_CONNECTIONS")], repeats: num("ECHO_REPEATS"), parameters: { durationSeconds: num("ECHO_DURATION"), warmupSeconds: num("ECHO_WARMUP"), payloadBytes: 32,
      parser: "socket.io-msgpack-parser", servers: env.MSGPACK_SERVERS } },
    broadcast: { points: [num("BROADCAST_CONNECTIONS")], repeats: num("REPEATS"), parameters: { messages: num("BROADCAST_MESSAGES"), intervalMs: 500, payloadBytes: 64 } },
    jobs: { points: [num("JOBS_CLIENTS")], repeats: num("REPEATS"), parameters: { rounds: num("JOBS_ROUNDS") }, baseline: "node",
      servers: [
        { id: "node", label: "Node: the service's contract on socket.io 4.8.4, jobs in memory (benchmarks/reference/jobs-server.mjs)" },
        { id: "ours", label: "ours: the service as shipped, its NativeAOT single binary, jobs durable in SQLite" },
        { id: "ours-jit", label: "ours: the service's Release build under the JIT (`dotnet ScriptService.dll`), jobs durable in SQLite" },
      ] },
    flood: { points: [num("FLOOD_ATTEMPTS")], repeats: num("REPEATS"), parameters: { concurrency: 1000, serviceCap: env.FLOOD_CAP || "ulimit -n - 512" } },
    "flood-after": { points: [num("FLOOD_ATTEMPTS")], repeats: num("REPEATS"), parameters: { connections: num("AFTER_FLOOD_CONNECTIONS"), holdSeconds: num("SETTLE") } },
    "cluster-broadcast": { points: [num("CLUSTER_CONNECTIONS")], repeats: num("REPEATS"), parameters: { nodes: num("CLUSTER_NODES"), adapter: env.CLUSTER_ADAPTER,
      messages: num("CLUSTER_MESSAGES"), intervalMs: 500, payloadBytes: 64, settleSeconds: num("CLUSTER_SETTLE") } },
    "cluster-hold": { points: [num("CLUSTER_HOLD_CONNECTIONS")], repeats: 1, parameters: { nodes: num("CLUSTER_HOLD_NODES"), adapter: env.CLUSTER_ADAPTER,
      messages: 1, settleSeconds: num("CLUSTER_SETTLE"), holdSeconds: num("CLUSTER_HOLD"), clusterCount: env.CLUSTER_HOLD_COUNT } },
    "cluster-jobs": { points: env.CLUSTER_JOBS_NODES.split(" ").map(Number), repeats: num("REPEATS"), parameters: { clients: num("CLUSTER_JOBS_CLIENTS"),
      rounds: num("CLUSTER_JOBS_ROUNDS"), front: "HAProxy (deploy/start.sh)", redisAppendfsync: "always", build: "Release" } },
    storm: { points: [num("STORM_CONNECTIONS")], repeats: num("REPEATS"), parameters: { intervalMs: num("STORM_INTERVAL_MS"), cutAfter: num("STORM_CUT_AFTER"),
      tail: num("STORM_TAIL"), payloadBytes: 64, reconnectDelayMs: 1000, reconnectJitter: 0.5, recovery: "defaults (2 min, skipMiddlewares)" } },
    "storm-streams": { points: [num("STORM_STREAMS_CONNECTIONS")], repeats: num("REPEATS"), parameters: { nodes: num("STORM_STREAMS_NODES"), adapter: "redis-streams",
      intervalMs: num("STORM_INTERVAL_MS"), cutAfter: num("STORM_CUT_AFTER"), tail: num("STORM_TAIL"), payloadBytes: 64, reconnectTo: "the next node" } },
    soak: { points: [num("SOAK_CONNECTIONS")], repeats: 1, parameters: { durationSeconds: num("SOAK_DURATION"), warmupSeconds: num("SOAK_WARMUP"),
      sampleIntervalSeconds: num("SOAK_SAMPLE_INTERVAL"), churnPerSecond: num("SOAK_CHURN"), jobsPerSecond: num("SOAK_JOBS"),
      pollingShare: num("SOAK_POLLING_SHARE"), upgradeShare: num("SOAK_UPGRADE_SHARE") } },
  },
};
// Scenarios copied from the previous run keep the command, time and commit of the run that measured them.
const carried = (env.CARRIED ?? "").split(" ").filter(Boolean);
if (carried.length > 0 && fs.existsSync(env.LATEST_META)) {
  const latest = JSON.parse(fs.readFileSync(env.LATEST_META, "utf8"));
  const origins = new Map();
  for (const scenario of carried) {
    const origin = (latest.earlier ?? []).find((e) => e.scenarios.includes(scenario)) ?? latest;
    const key = `${origin.command}|${origin.startedAt}`;
    if (!origins.has(key)) origins.set(key, { command: origin.command, startedAt: origin.startedAt, finishedAt: origin.finishedAt, gitCommit: origin.gitCommit, scenarios: [] });
    origins.get(key).scenarios.push(scenario);
    if (latest.scenarios?.[scenario]) meta.scenarios[scenario] = latest.scenarios[scenario];
  }
  meta.earlier = [...origins.values()];
}
fs.writeFileSync(process.argv[2], JSON.stringify(meta, null, 2));
EOF

bdn_args=()
[[ -d BenchmarkDotNet.Artifacts/results ]] && bdn_args=(--bdn BenchmarkDotNet.Artifacts/results)
dotnet benchmarks/BenchReport/bin/Release/net10.0/BenchReport.dll --results "$results" --out "$out_md" --charts "$out_charts" "${bdn_args[@]}"

if $smoke; then
  # Every mode must have produced its result, on every server, with its figures.
  node - "$results" <<'EOF'
const fs = require("fs"), path = require("path");
const dir = process.argv[2];
const clusterServers = (s) => (s ?? "").split(" ").filter(Boolean);
const expected = { density: ["node", "ours", "ours-standard"], "service-density": clusterServers(process.env.SERVICE_DENSITY_SERVERS), echo: ["node", "ours", "ours-standard"], "echo-msgpack": ["node", "ours"], broadcast: ["node", "ours", "ours-standard"], jobs: ["node", "ours", "ours-jit"], flood: ["node", "ours"], "flood-after": ["node", "ours"], soak: ["ours"],
  "cluster-broadcast": clusterServers(process.env.CLUSTER_SERVERS), "cluster-hold": clusterServers(process.env.CLUSTER_HOLD_SERVERS),
  storm: clusterServers(process.env.STORM_SERVERS), "storm-streams": clusterServers(process.env.STORM_STREAMS_SERVERS), "cluster-jobs": ["ours"] };
const clusterOk = (c, counted) => c.established === c.target && c.joined === c.target && c.dropped === 0
  && c.broadcast.missing === 0 && c.broadcast.duplicated === 0 && c.otherServers?.length === c.servers.length - 1
  && (!counted || (c.countAfterJoin === c.target && c.countAtEnd === c.target))
  && c.bytesPerConnectionEnd !== null && c.servers.every((s) => s.rssEndBytes > 0);
// Every member recovered with every message it missed, none twice. Node's Redis Streams adapter may lose a message
// emitted while a member is being restored (its restore reads the stream before the socket rejoins its rooms), so
// on storm-streams losses are accepted from the Node side only.
const stormOk = (s, lossless) => s.members === s.target && s.recovered === s.members && s.duplicated === 0 && s.outOfOrder === 0
  && s.missedExpected > 0 && (!lossless || (s.lost === 0 && s.missedDelivered === s.missedExpected));
let failures = 0;
for (const [scenario, servers] of Object.entries(expected)) {
  for (const server of servers) {
    const file = (fs.existsSync(path.join(dir, scenario)) ? fs.readdirSync(path.join(dir, scenario)) : []).find((f) => new RegExp(`^${server}-\\d+-r\\d+\\.json$`).test(f));
    const r = file && JSON.parse(fs.readFileSync(path.join(dir, scenario, file), "utf8"));
    const ok = r && ({
      density: () => r.density.established === r.density.target && r.density.dropped === 0 && r.density.bytesPerConnectionEnd !== null,
      "service-density": () => r.density.established === r.density.target && r.density.dropped === 0 && r.density.bytesPerConnectionEnd !== null
        && r.density.handshakeMs?.p99 > 0,
      echo: () => r.echo.acks > 0 && r.echo.errors === 0,
      "echo-msgpack": () => r.echo.acks > 0 && r.echo.errors === 0 && r.parameters?.parser === "msgpack",
      broadcast: () => r.broadcast.missing === 0 && r.broadcast.duplicated === 0,
      jobs: () => r.jobs.jobs > 0 && r.jobs.failed === 0 && r.jobs.lost === 0 && r.jobs.duplicated === 0,
      "cluster-jobs": () => r.jobs.jobs > 0 && r.jobs.failed === 0 && r.jobs.lost === 0 && r.jobs.duplicated === 0,
      flood: () => r.density.established > 0,
      "flood-after": () => r.density.established === r.density.target && r.density.dropped === 0,
      // Flatness means nothing over seconds; the soak's mechanics must work: every connection held, churn and jobs
      // done with nothing lost, and every sample read (the heap through the diagnostics channel).
      soak: () => r.soak.established === r.soak.target && r.soak.nothingLost && r.soak.churnCycles > 0 && r.soak.jobsCompleted > 0
        && r.soak.samples.length >= 5 && r.soak.samples.every((s) => s.rssBytes > 0 && s.descriptors > 0)
        && r.soak.samples.some((s) => s.gcHeapSizeBytes > 0) && r.soak.flatness.length > 0,
      // Every member on every node, joined, counted by the cluster, every broadcast delivered once, nothing dropped,
      // every node seen by the first one, and the memory of every node read.
      "cluster-broadcast": () => clusterOk(r.cluster, true),
      "cluster-hold": () => clusterOk(r.cluster, process.env.CLUSTER_HOLD_COUNT !== "no"),
      storm: () => stormOk(r.storm, true),
      "storm-streams": () => stormOk(r.storm, server !== "node"),
    })[scenario]();
    if (!ok) { failures++; console.error(`smoke: ${scenario} on ${server} failed: ${file ?? "no result"}`); }
  }
}
const report = fs.readFileSync(path.join(dir, "benchmarks.md"), "utf8");
if (!report.includes("Connection density") || !report.includes("## Connection density of the service as shipped") || !report.includes("## Soak") || !report.includes("## Echo with the msgpack parser")) { failures++; console.error("smoke: no report, or no soak section in it"); }
console.log(failures === 0 ? "benchmark smoke: every mode ran on every server" : `benchmark smoke: ${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
EOF
else
  rm -rf "$root/artifacts/benchmarks/latest" && cp -r "$results" "$root/artifacts/benchmarks/latest"
  echo "wrote $out_md and $out_charts/ (raw results: $results)"
fi
