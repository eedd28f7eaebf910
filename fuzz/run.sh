#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers with SharpFuzz and AFL++ (see fuzz/README.md).
#
#   fuzz/run.sh <target|all> [--minutes N]   fuzz each target for N minutes (default 5), one after another
#   fuzz/run.sh check                       build, then run every seed through every target once (no AFL)
#   fuzz/run.sh replay <target> <file|dir>  run files through a target in-process, to reproduce a crash
#
# Output goes to fuzz/out/ (git-ignored): out/artifacts (the build), out/build (its instrumented copy),
# out/findings/<target> (afl-fuzz's queue, crashes and hangs), out/summary.md (one line of figures per target run).
set -euo pipefail
cd "$(dirname "$0")"
FUZZ="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

TARGETS=(engine-packet polling-payload websocket-frames upgrade-head socketio-packet msgpack-packet json-args post-body)

usage() {
  echo "usage: fuzz/run.sh <target|all> [--minutes N] | check | replay <target> <file|dir>..." >&2
  echo "targets: ${TARGETS[*]}" >&2
  exit 2
}

[ $# -ge 1 ] || usage
mode="$1"
shift
minutes=5
if [ "$mode" != replay ]; then
  while [ $# -gt 0 ]; do
    case "$1" in
      --minutes) minutes="$2"; shift 2 ;;
      *) usage ;;
    esac
  done
fi

ARTIFACTS="$FUZZ/out/artifacts"
PLAIN="$ARTIFACTS/bin/ScriptService.Fuzz/release"
BUILD="$FUZZ/out/build"
HARNESS="$BUILD/ScriptService.Fuzz.dll"

build() {
  # Its own obj/ and bin/ (out/artifacts): a build here never collides with one of the solution running meanwhile.
  dotnet build "$FUZZ/ScriptService.Fuzz/ScriptService.Fuzz.csproj" -c Release --artifacts-path "$ARTIFACTS" -v quiet -nologo
}

instrumented_copy() {
  # A fresh copy each time: sharpfuzz refuses an assembly it has instrumented already, and the build's own output
  # stays plain for replays.
  rm -rf "$BUILD"
  cp -r "$PLAIN" "$BUILD"
}

instrument() {
  dotnet tool restore --tool-manifest "$FUZZ/.config/dotnet-tools.json" >/dev/null
  # Only the project's own assemblies: coverage of the runtime and of ASP.NET Core would only add noise.
  for assembly in EngineIo SocketIo ScriptService; do
    dotnet tool run sharpfuzz "$BUILD/$assembly.dll"
  done
}

ensure_afl() {
  command -v afl-fuzz >/dev/null 2>&1 && return
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq afl++
}

dictionaries() {
  case "$1" in
    upgrade-head) echo "-x $FUZZ/dict/upgrade-head.dict" ;;
    socketio-packet) echo "-x $FUZZ/dict/socketio-packet.dict -x $FUZZ/dict/json.dict" ;;
    json-args | post-body) echo "-x $FUZZ/dict/json.dict" ;;
  esac
}

stat() { sed -n "s/^$2 *: *//p" "$1" | head -n1; }

fuzz() {
  local target="$1" seconds=$(( minutes * 60 ))
  local findings="$FUZZ/out/findings/$target"
  rm -rf "$findings"
  mkdir -p "$findings"
  echo "== $target: ${minutes} min"
  # AFL_SKIP_BIN_CHECK: the instrumentation is in the managed assemblies, not in the dotnet host afl-fuzz starts.
  # AFL_NO_AFFINITY and nice: one core, shared politely with whatever else runs.
  # shellcheck disable=SC2046
  AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    AFL_AUTORESUME=0 AFL_FAST_CAL=1 \
    nice -n 10 afl-fuzz -i "$FUZZ/seeds/$target" -o "$findings" $(dictionaries "$target") -t 5000 -m none -V "$seconds" \
    -- "$(command -v dotnet)" "$HARNESS" "$target" > "$findings/afl.log" 2>&1 || { echo "afl-fuzz failed; see $findings/afl.log"; tail -n 20 "$findings/afl.log"; return 1; }
  local stats="$findings/default/fuzzer_stats"
  local crashes hangs
  crashes=$(find "$findings/default/crashes" -type f -name 'id:*' | wc -l)
  hangs=$(find "$findings/default/hangs" -type f -name 'id:*' | wc -l)
  local line
  line=$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$target" "$(stat "$stats" run_time)" "$(stat "$stats" execs_done)" \
    "$(stat "$stats" execs_per_sec)" "$(stat "$stats" corpus_count)" "$(stat "$stats" edges_found)" "$(stat "$stats" bitmap_cvg)" "$crashes" "$hangs")
  echo "$line" | tee -a "$FUZZ/out/summary.md"
  if [ "$crashes" -gt 0 ]; then
    echo "-- crashes of $target, replayed:"
    dotnet "$PLAIN/ScriptService.Fuzz.dll" replay "$target" "$findings/default/crashes" | grep -E '^FAIL|inputs' | cut -c1-300 || true
  fi
}

case "$mode" in
  check)
    build
    failed=0
    for target in "${TARGETS[@]}"; do
      dotnet "$PLAIN/ScriptService.Fuzz.dll" replay "$target" "$FUZZ/seeds/$target" | tail -n 5 || failed=1
    done
    exit $failed
    ;;
  replay)
    [ $# -ge 2 ] || usage
    build
    exec dotnet "$PLAIN/ScriptService.Fuzz.dll" replay "$@"
    ;;
  all) selected=("${TARGETS[@]}") ;;
  *)
    printf '%s\n' "${TARGETS[@]}" | grep -qx "$mode" || usage
    selected=("$mode")
    ;;
esac

ensure_afl
build
instrumented_copy
instrument
mkdir -p "$FUZZ/out"
[ -f "$FUZZ/out/summary.md" ] || {
  echo "| target | seconds | execs | execs/s | corpus (paths) | edges found | bitmap coverage | crashes | hangs |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} > "$FUZZ/out/summary.md"
echo "$(date -u +%FT%TZ) run.sh ${selected[*]} --minutes $minutes" >> "$FUZZ/out/runs.log"
for target in "${selected[@]}"; do
  fuzz "$target"
done
echo "== summary (fuzz/out/summary.md)"
cat "$FUZZ/out/summary.md"
