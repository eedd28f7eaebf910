#!/usr/bin/env bash
# Starts the Script Generator Service on many nodes on this machine: a redis-server with append-only persistence, N
# service nodes (default 3) sharing it, and HAProxy in front of them on one port. Every process runs as you, on
# loopback, in the background, its PID in deploy/run/<name>.pid; deploy/stop.sh stops them. See docs/deploy.md.
#
#   deploy/start.sh                 everything that is not running yet (redis, node1..nodeN, haproxy, in that order)
#   deploy/start.sh node2           one component (after `deploy/stop.sh node2`: a restart); also redis, haproxy
#
# Each component is waited for (at most DEPLOY_START_TIMEOUT seconds): Redis until it answers PING (and, under running
# nodes, until they are ready again), a node until its /readyz answers 200 and, if HAProxy runs, HAProxy sees it up;
# HAProxy until it sees every running node up.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"

load_settings
wanted=("$@")
[[ ${#wanted[@]} -gt 0 ]] || mapfile -t wanted < <(components)
for name in "${wanted[@]}"; do
  grep -qx -- "$name" < <(components) || die "unknown component '$name' (components: $(components | tr '\n' ' '))"
done

command -v redis-server >/dev/null || die "redis-server is missing (Debian: apt-get install redis-server)"
# Debian puts haproxy in /usr/sbin, which a user's PATH may not hold.
haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)
[[ -x $haproxy_bin ]] || die "haproxy is missing (Debian: apt-get install haproxy)"
command -v curl >/dev/null || die "curl is missing"
mkdir -p "$run"

# The service: the binary named by DEPLOY_SERVICE_BIN (an executable, e.g. the NativeAOT single binary, or a .dll),
# else the service published once into run/app (framework-dependent Release). Published, not `dotnet run`: all nodes
# run one build that nothing rebuilds under them, and the PID a node's file holds is the service process itself.
if [[ -n ${DEPLOY_SERVICE_BIN:-} ]]; then
  service_bin=$DEPLOY_SERVICE_BIN
fi
needs_service=false
for name in "${wanted[@]}"; do [[ $name == node* ]] && needs_service=true; done
if $needs_service && [[ -z $service_bin ]]; then
  command -v dotnet >/dev/null || die "dotnet is missing: install the .NET 10 SDK, or set DEPLOY_SERVICE_BIN to a published service"
  say "publishing the service into $run/app"
  dotnet publish "$repo_root/src/ScriptService" -c Release -p:PublishAot=false -o "$run/app" --nologo -v quiet > "$run/publish.log" 2>&1 \
    || { tail -n 30 "$run/publish.log" >&2; die "the publish failed (the whole log: $run/publish.log)"; }
  service_bin=$run/app/ScriptService
fi
if $needs_service; then
  [[ -f $service_bin ]] || die "the service binary $service_bin does not exist"
fi
[[ -f $settings_file ]] || save_settings

start_redis() {
  local dir=$run/redis
  mkdir -p "$dir"
  # Append-only persistence, as Redis's documentation recommends for data that must not be lost: with appendfsync
  # always, Redis writes and fsyncs a command before answering it, so a 202 means the job is on disk; everysec
  # (DEPLOY_REDIS_APPENDFSYNC) may lose the last second's jobs in a power cut. The RDB snapshots stay as a backup.
  # noeviction: jobs are data, never a cache; a full Redis refuses writes and the service answers 503.
  cat > "$dir/redis.conf" <<CONF
bind 127.0.0.1
port $redis_port
protected-mode yes
daemonize no
dir $dir
appendonly yes
appenddirname appendonly
appendfsync $redis_appendfsync
save 3600 1 300 100 60 10000
dbfilename dump.rdb
maxmemory-policy noeviction
loglevel notice
logfile ""
CONF
  redis-server "$dir/redis.conf" < /dev/null >> "$dir/redis.log" 2>&1 &
  local pid=$!
  echo "$pid" > "$(pid_file redis)"
  wait_until redis "$pid" "$dir/redis.log" redis_ready
  # Redis came back under running nodes (a restart): the deployment is whole again once every node is ready and, if
  # HAProxy runs, HAProxy sees it so.
  local i node_pid
  for ((i = 1; i <= nodes; i++)); do
    node_pid=$(running_pid "node$i")
    [[ -n $node_pid ]] || continue
    wait_until "node$i (after Redis's start)" "$node_pid" "$run/node$i/node.log" http_ok "http://127.0.0.1:${node_ports[$((i - 1))]}/readyz"
    if [[ -n $(running_pid haproxy) ]]; then
      wait_until "node$i (in HAProxy, after Redis's start)" "$node_pid" "$run/node$i/node.log" haproxy_sees_up "node$i"
    fi
  done
}

start_node() {
  local name=$1 i=${1#node} dir=$run/$1 node_port
  node_port=${node_ports[$((i - 1))]}
  mkdir -p "$dir"
  # The node's own configuration, in its own folder (its content root). Settings in the environment
  # (ScriptService__...) win over it, as anywhere.
  # HAProxy connects to the nodes from 127.0.0.1 and appends the client's address to X-Forwarded-For (option
  # forwardfor); trusting that address alone, the nodes count each client's POSTs, not the proxy's.
  local posts_setting=""
  [[ -n $posts_per_minute ]] && posts_setting=$',\n    "PostsPerMinute": '"$posts_per_minute"
  cat > "$dir/appsettings.json" <<CONF
{
  "Logging": {
    "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning", "EngineIo": "Warning", "SocketIo": "Warning" }
  },
  "ScriptService": {
    "SessionCookie": true,
    "ForwardedHeaders": { "KnownProxies": [ "127.0.0.1" ] }$posts_setting
  }
}
CONF
  local command=("$service_bin")
  [[ $service_bin == *.dll ]] && command=(dotnet "$service_bin")
  (
    cd "$dir"
    export ScriptService__Redis__Configuration="127.0.0.1:$redis_port" ASPNETCORE_URLS="http://127.0.0.1:$node_port"
    exec "${command[@]}"
  ) < /dev/null >> "$dir/node.log" 2>&1 &
  local pid=$!
  echo "$pid" > "$(pid_file "$name")"
  wait_until "$name" "$pid" "$dir/node.log" http_ok "http://127.0.0.1:$node_port/readyz"
  if [[ -n $(running_pid haproxy) ]]; then
    wait_until "$name (in HAProxy)" "$pid" "$dir/node.log" haproxy_sees_up "$name"
  fi
}

start_haproxy() {
  local servers="" i body
  for ((i = 1; i <= nodes; i++)); do
    servers+="    server node$i 127.0.0.1:${node_ports[$((i - 1))]}"$'\n'
  done
  # HAProxy's own answer when no node is ready: the service's kind of 503, problem+json with Retry-After.
  body='{"title":"Service unavailable","status":503,"detail":"No node of the service is ready; retry later."}'
  printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 2\r\nCache-Control: no-store\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "${#body}" "$body" > "$run/haproxy-503.http"
  local template
  template=$(<"$deploy_dir/haproxy.cfg.template")
  template=${template//@PORT@/$port}
  template=${template//@STATS_PORT@/$stats_port}
  template=${template//@RUN@/$run}
  template=${template//@SERVERS@/${servers%$'\n'}}
  printf '%s\n' "$template" > "$run/haproxy.cfg"
  "$haproxy_bin" -c -q -f "$run/haproxy.cfg" || die "HAProxy refused its configuration ($run/haproxy.cfg)"
  # -db: in the foreground (of this background job), so that its PID is the one recorded.
  "$haproxy_bin" -db -f "$run/haproxy.cfg" < /dev/null >> "$run/haproxy.log" 2>&1 &
  local pid=$!
  echo "$pid" > "$(pid_file haproxy)"
  wait_until haproxy "$pid" "$run/haproxy.log" http_ok "http://127.0.0.1:$stats_port/;csv"
  for ((i = 1; i <= nodes; i++)); do
    if [[ -n $(running_pid "node$i") ]]; then
      wait_until "node$i (in HAProxy)" "$pid" "$run/haproxy.log" haproxy_sees_up "node$i"
    fi
  done
}

for name in "${wanted[@]}"; do
  if pid=$(running_pid "$name") && [[ -n $pid ]]; then
    say "$name runs already (pid $pid)"
    continue
  fi
  case "$name" in
    redis) start_redis ;;
    node*) start_node "$name" ;;
    haproxy) start_haproxy ;;
  esac
  say "$name started (pid $(<"$(pid_file "$name")"))"
done
say "the service is at http://127.0.0.1:$port (HAProxy's statistics: http://127.0.0.1:$stats_port/)"
