# Shared by deploy/start.sh and deploy/stop.sh (sourced, not run): the deployment's settings, its run folder, and
# the helpers that start, wait for and stop its processes by PID. See docs/deploy.md.

deploy_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$deploy_dir")
run=${DEPLOY_RUN_DIR:-$deploy_dir/run}
settings_file=$run/settings.env

die() { echo "deploy: $*" >&2; exit 1; }
say() { echo "deploy: $*"; }

# The settings of a deployment are fixed when it first starts (run/settings.env): a later `start.sh node2` (a
# restart) uses the same ports, binary and service settings whatever its own environment says, until a full
# `stop.sh` removes the file.
load_settings() {
  if [[ -f $settings_file ]]; then
    # shellcheck disable=SC1090
    source "$settings_file"
    return
  fi

  nodes=${DEPLOY_NODES:-3}
  [[ $nodes =~ ^[1-9][0-9]*$ ]] || die "DEPLOY_NODES must be a positive number, not '$nodes'"
  port=${DEPLOY_PORT:-3000}
  stats_port=${DEPLOY_STATS_PORT:-8404}
  redis_port=${DEPLOY_REDIS_PORT:-6380}
  local first=${DEPLOY_NODE_PORT_BASE:-3001} i
  node_ports=()
  if [[ -n ${DEPLOY_NODE_PORTS:-} ]]; then
    read -r -a node_ports <<< "${DEPLOY_NODE_PORTS//,/ }"
    [[ ${#node_ports[@]} -eq $nodes ]] || die "DEPLOY_NODE_PORTS names ${#node_ports[@]} ports for $nodes nodes"
  else
    for ((i = 0; i < nodes; i++)); do node_ports+=($((first + i))); done
  fi

  redis_appendfsync=${DEPLOY_REDIS_APPENDFSYNC:-always}
  [[ $redis_appendfsync =~ ^(always|everysec)$ ]] || die "DEPLOY_REDIS_APPENDFSYNC must be always or everysec, not '$redis_appendfsync'"
  # Empty: the service's own default. The nodes trust HAProxy's X-Forwarded-For, so the limit is each client's;
  # set it for a load test that posts from one address (docs/deploy.md).
  posts_per_minute=${DEPLOY_POSTS_PER_MINUTE:-}
  [[ -z $posts_per_minute || $posts_per_minute =~ ^[1-9][0-9]*$ ]] || die "DEPLOY_POSTS_PER_MINUTE must be a positive number, not '$posts_per_minute'"
  service_bin=${DEPLOY_SERVICE_BIN:-}
  start_timeout=${DEPLOY_START_TIMEOUT:-60}
  stop_timeout=${DEPLOY_STOP_TIMEOUT:-30}
}

save_settings() {
  mkdir -p "$run"
  {
    echo "# The settings of the deployment in this folder, written by deploy/start.sh; deploy/stop.sh (no arguments) removes it."
    # -g: the file is sourced inside load_settings, whose declarations would otherwise be its locals.
    declare -p nodes port stats_port redis_port node_ports redis_appendfsync posts_per_minute service_bin start_timeout stop_timeout \
      | sed 's/^declare -\([a-z-]*\) /declare -g\1 /; s/^declare -g- /declare -g /'
    # The service's own settings from the environment reach every node, restarts included.
    local name
    while IFS= read -r name; do
      printf 'export %s=%q\n' "$name" "${!name}"
    done < <(compgen -e | grep -E '^(ScriptService__|Logging__|SCRIPTSERVICE_)' || true)
  } > "$settings_file.tmp"
  mv "$settings_file.tmp" "$settings_file"
}

# The components, in start order.
components() {
  local i
  echo redis
  for ((i = 1; i <= nodes; i++)); do echo "node$i"; done
  echo haproxy
}

pid_file() { echo "$run/$1.pid"; }

# The PID of a running component, or nothing: the PID in its file, if that process is alive and is the component's
# program (a PID reused by another program since is not ours to stop).
running_pid() {
  local file pid args
  file=$(pid_file "$1")
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 0
  args=$(ps -o args= -p "$pid" 2>/dev/null) || return 0
  case "$1" in
    redis) [[ $args == *redis-server* ]] || return 0 ;;
    haproxy) [[ $args == *haproxy* ]] || return 0 ;;
    node*) [[ $args == *ScriptService* ]] || return 0 ;;
  esac
  echo "$pid"
}

# Waits (at most start_timeout seconds) until `probe` succeeds; fails early when the process is gone.
wait_until() {
  local what=$1 pid=$2 log=$3; shift 3
  local deadline=$((SECONDS + start_timeout))
  until "$@"; do
    if ! alive "$pid"; then
      echo "deploy: $what exited while starting; the end of $log:" >&2
      tail -n 30 "$log" >&2 || true
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo "deploy: $what was not ready within ${start_timeout}s; the end of $log:" >&2
      tail -n 30 "$log" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null) == PONG ]]; }

# HAProxy's own view of a node: "UP" in its statistics (CSV: proxy name, server name, ..., status in field 18).
haproxy_status() {
  curl -fsS --max-time 2 "http://127.0.0.1:$stats_port/;csv" 2>/dev/null | awk -F, -v node="$1" '$1 == "nodes" && $2 == node { print $18 }'
}

haproxy_sees_up() { [[ $(haproxy_status "$1") == UP ]]; }

# Whether the process runs (a zombie, dead but not yet reaped by its parent, does not).
alive() { kill -0 "$1" 2>/dev/null && [[ $(ps -o stat= -p "$1" 2>/dev/null) != Z* ]]; }

# Stops a component by its PID: SIGTERM, then SIGKILL if it is still there after stop_timeout seconds.
stop_component() {
  local name=$1 pid deadline
  pid=$(running_pid "$name")
  if [[ -z $pid ]]; then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  say "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + stop_timeout))
  while alive "$pid"; do
    if ((SECONDS >= deadline)); then
      say "$name did not stop within ${stop_timeout}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  # After SIGKILL the process is gone once the kernel has taken it down (a zombie left to its parent counts as gone).
  deadline=$((SECONDS + 5))
  while alive "$pid"; do
    ((SECONDS < deadline)) || die "$name (pid $pid) is still running after SIGKILL"
    sleep 0.05
  done
  rm -f "$(pid_file "$name")"
}
