#!/usr/bin/env bash
# The one test command: installs what the tests need, builds everything, runs every test.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The interop tests run the official socket.io-client (pinned in package-lock.json) with Node, and drive Debian's
# Chromium through playwright-core for the browser test; playwright downloads no browser of its own.
npm ci --prefix tests/SocketIo.InteropTests/client --no-audit --no-fund
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
fi

dotnet restore ScriptService.sln
dotnet build ScriptService.sln --no-restore -c Release
dotnet test ScriptService.sln --no-build -c Release --logger "console;verbosity=normal"
