#!/usr/bin/env bash
# Packs every src/ project and checks each package: it exists, carries the README, the MIT license
# expression, the XML docs, repository metadata (SourceLink) and a symbol package.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/packages}
rm -rf "$out"
dotnet pack Messaging.Sdk.sln -c Release -o "$out" -nologo -v q -p:ContinuousIntegrationBuild=true >/dev/null
fail=0
for proj in src/*/*.csproj; do
  id=$(basename "$proj" .csproj)
  pkg=$(ls "$out"/"$id".[0-9]*.nupkg 2>/dev/null | head -n1 || true)
  if [ -z "$pkg" ]; then echo "missing package: $id"; fail=1; continue; fi
  listing=$(unzip -l "$pkg")
  grep -q ' README.md$' <<<"$listing" || { echo "$id: README.md missing"; fail=1; }
  grep -q "lib/net10.0/$id.dll" <<<"$listing" || { echo "$id: assembly missing"; fail=1; }
  grep -q "lib/net10.0/$id.xml" <<<"$listing" || { echo "$id: XML docs missing"; fail=1; }
  unzip -p "$pkg" "$id.nuspec" | grep -q '<license type="expression">MIT</license>' || { echo "$id: license expression missing"; fail=1; }
  unzip -p "$pkg" "$id.nuspec" | grep -q '<repository type="git"' || { echo "$id: repository metadata (SourceLink) missing"; fail=1; }
  [ -f "${pkg%.nupkg}.snupkg" ] || { echo "$id: symbol package missing"; fail=1; }
  echo "ok: $(basename "$pkg")"
done
exit $fail
