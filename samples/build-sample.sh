#!/usr/bin/env bash
# Packs SharedSockets.Analyzers and SharedSockets into artifacts/packages, then builds
# samples/DiagnosticsSample as a consumer would (PackageReference from that local feed, see
# samples/nuget.config), printing the SOCK001 warnings. Needs only the .NET SDK.
#
#   bash samples/build-sample.sh [extra dotnet build arguments, e.g. -warnaserror]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "==> Packing into artifacts/packages"
rm -rf "$root/artifacts/packages"
dotnet pack "$root/Analyzers.sln" -c Release -o "$root/artifacts/packages"

# The same version (0.1.0) is re-packed on every run and NuGet never refreshes a version it has
# already extracted: empty the sample's private package folder so it takes the fresh package.
echo "==> Clearing artifacts/sample-packages"
rm -rf "$root/artifacts/sample-packages"

# --no-incremental: the compiler (and so the analyzers) must run even if nothing changed,
# or an up-to-date build prints no warnings at all.
echo "==> Building samples/DiagnosticsSample"
# NUGET_PACKAGES, when set, would override nuget.config's globalPackagesFolder: pin it to the same folder.
NUGET_PACKAGES="$root/artifacts/sample-packages" \
  dotnet build "$here/DiagnosticsSample/DiagnosticsSample.csproj" --no-incremental "$@"
