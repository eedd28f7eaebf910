#!/usr/bin/env bash
# Packs the libraries, builds examples/embedding from those packages (a local folder feed, no project references),
# starts it on a free loopback port and drives it with the pinned socket.io-client (client/check.mjs).
# Exits non-zero on any failure; every step has a time limit. Folders: artifacts/embedding/{feed,packages}, both
# cleared first (see nuget.config).
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
root=$(cd ../.. && pwd)
work="$root/artifacts/embedding"
feed="$work/feed"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

app_pid=""
log="$work/app.log"
stop_app() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
}
trap stop_app EXIT

# A clean state: no package of an earlier run in the feed or the restore folder, no earlier build of the app.
rm -rf "$work" "$here/app/bin" "$here/app/obj"
mkdir -p "$feed"

# Every library that opts in with IsPackable (src/Directory.Build.props holds what makes it a package).
mapfile -t packable < <(grep -l '<IsPackable>true</IsPackable>' "$root"/src/*/*.csproj)
[ ${#packable[@]} -gt 0 ] || { echo "embedding: no packable project under src/" >&2; exit 1; }
version=$(timeout 120 dotnet msbuild "$root/src/SocketIo/SocketIo.csproj" -getProperty:PackageVersion -p:Configuration=Release)
for project in "${packable[@]}"; do
  name=$(basename "$project" .csproj)
  echo "embedding: packing $name $version into $feed"
  timeout 600 dotnet pack "$project" -c Release -o "$feed" -v minimal
  for ext in nupkg snupkg; do
    [ -f "$feed/$name.$version.$ext" ] || { echo "embedding: $name.$version.$ext was not packed" >&2; exit 1; }
  done
done

echo "embedding: building the example against SocketIo $version from the feed"
timeout 600 dotnet build "$here/app" -c Release -p:EmbeddingPackageVersion="$version" -v minimal
# Both packages came from the feed into the example's own restore folder (nuget.config), the global cache untouched.
for name in engineio socketio; do
  [ -f "$work/packages/$name/$version/$name.$version.nupkg" ] \
    || { echo "embedding: $name $version was not restored from the feed" >&2; exit 1; }
done

timeout 300 npm ci --prefix "$here/client" --no-audit --no-fund

# Start the app; it prints "listening on <url>" once Kestrel has bound the port the system chose. The read loop
# waits for that line (no polling), bounded by a deadline.
echo "embedding: starting the app"
coproc APP { cd "$here/app" && exec dotnet bin/Release/net10.0/EmbeddingExample.dll --port 0 2>&1; }
app_pid=$APP_PID
exec {app_out}<&"${APP[0]}"
url=""
deadline=$((SECONDS + 60))
while [ $SECONDS -lt $deadline ] && IFS= read -r -t $((deadline - SECONDS)) -u "$app_out" line; do
  echo "$line" >>"$log"
  if [[ $line == "listening on "* ]]; then
    url=${line#listening on }
    break
  fi
done
if [ -z "$url" ]; then
  echo "embedding: the app did not report its address (it exited, or took over 60 s); its output:" >&2
  cat "$log" >&2
  exit 1
fi
# Keep reading its output so that its logging never blocks on a full pipe.
cat <&"$app_out" >>"$log" &
echo "embedding: app $app_pid on $url"

status=0
timeout 120 node "$here/client/check.mjs" "$url" || status=$?

# Stop the app as a host stops it (SIGTERM, graceful shutdown) and expect a clean exit within the limit.
kill -TERM "$app_pid"
( sleep 30; kill -KILL "$app_pid" 2>/dev/null ) &
killer=$!
app_status=0
wait "$app_pid" || app_status=$?
kill "$killer" 2>/dev/null || true
app_pid=""
if [ "$app_status" -ne 0 ]; then
  echo "embedding: the app exited with $app_status on SIGTERM; its output:" >&2
  cat "$log" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "embedding: the client checks failed ($status); the app's output:" >&2
  cat "$log" >&2
  exit "$status"
fi
echo "embedding: passed"
