# Runs the SpeedKings.Bench suite: ./run.ps1 [BenchmarkDotNet options, e.g. --filter '*Groq*']
# With no keys set it benchmarks the embedded loopback reference. Works from any directory.
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    [Console]::Error.WriteLine('speedkings: the .NET SDK is not installed; install .NET 10 SDK (https://dot.net/download) and run again.')
    exit 127
}

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
# BenchmarkDotNet finds the project to build from the current directory, so run from the repository;
# relative paths a user passes are resolved against the directory they ran from.
$env:SPEEDKINGS_INVOKED_FROM = (Get-Location).Path
Push-Location $root
try {
    & dotnet run -c Release --project (Join-Path $root 'bench/SpeedKings.Bench.csproj') -- @args
    exit $LASTEXITCODE
}
finally {
    Pop-Location
}
