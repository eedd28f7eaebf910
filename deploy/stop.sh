#!/usr/bin/env bash
# Stops what deploy/start.sh started, each process by the PID in its file (SIGTERM, then SIGKILL after
# DEPLOY_STOP_TIMEOUT seconds). A node that stops drains first: it refuses new jobs, lets running ones finish within
# its ShutdownGrace, and HAProxy sends its clients to the others. See docs/deploy.md.
#
#   deploy/stop.sh                  everything (haproxy, the nodes, redis, in that order); forgets the settings
#   deploy/stop.sh node2            one component (then `deploy/start.sh node2` restarts it); also redis, haproxy
#
# The run folder keeps the logs and Redis's data; remove deploy/run to start afresh.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"

[[ -d $run ]] || { say "nothing runs ($run does not exist)"; exit 0; }
load_settings
all=false
wanted=("$@")
if [[ ${#wanted[@]} -eq 0 ]]; then
  all=true
  mapfile -t wanted < <(components | tac)
fi
for name in "${wanted[@]}"; do
  grep -qx -- "$name" < <(components) || die "unknown component '$name' (components: $(components | tr '\n' ' '))"
done

for name in "${wanted[@]}"; do
  stop_component "$name"
done
if $all; then
  rm -f "$settings_file"
fi
say "stopped: ${wanted[*]}"
