#!/usr/bin/env bash
# Adds every new public symbol of the src/ projects to their PublicAPI.Unshipped.txt (RS0016/RS0017 code fixes).
# Review the diff: it is the change to the public surface.
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
[ ${#projects[@]} -gt 0 ] || projects=(src/*/*.csproj)
for p in "${projects[@]}"; do
  dotnet format analyzers "$p" --diagnostics RS0016 RS0017 --severity warn -v q || true
done
