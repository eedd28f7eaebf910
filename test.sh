#!/usr/bin/env bash
# The one test command: installs what the tests need, builds everything, runs every test.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet restore ScriptService.sln
dotnet build ScriptService.sln --no-restore -c Release
dotnet test ScriptService.sln --no-build -c Release --logger "console;verbosity=normal"
