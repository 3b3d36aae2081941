#!/usr/bin/env bash
# Runs the SpeedKings.Bench suite: ./run.sh [BenchmarkDotNet options, e.g. --filter '*Groq*']
# With no keys set it benchmarks the embedded loopback reference. Works from any directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "speedkings: the .NET SDK is not installed; install .NET 10 SDK (https://dot.net/download) and run again." >&2
  exit 127
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# BenchmarkDotNet finds the project to build from the current directory, so run from the repository;
# relative paths a user passes are resolved against the directory they ran from.
export SPEEDKINGS_INVOKED_FROM="$PWD"
cd "$root"
exec dotnet run -c Release --project "$root/bench/SpeedKings.Bench.csproj" -- "$@"
