#!/usr/bin/env bash
# Installs what the tests need, starts the real peers on 127.0.0.1, runs `dotnet test` for the whole
# solution, stops the peers, and prints the totals as its last line:
#   tests: N passed, N failed, N skipped
# Peers live in tests/peers/<name>/: an optional setup.sh (installs, idempotent, pinned versions) and a
# start.sh that starts the peer in the background, waits until it listens, writes its pid(s) to
# $PEERS_RUN_DIR/<name>.pid and the variables the tests read (KEY=VALUE lines) to $PEERS_RUN_DIR/<name>.env.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PEERS_DIR="$ROOT/tests/peers"
export PEERS_RUN_DIR="$PEERS_DIR/.run"
RESULTS="$ROOT/TestResults"
rm -rf "$PEERS_RUN_DIR" "$RESULTS"
mkdir -p "$PEERS_RUN_DIR" "$RESULTS"

log() { printf '[test.sh] %s\n' "$*" >&2; }

stop_peers() {
  shopt -s nullglob
  for pidfile in "$PEERS_RUN_DIR"/*.pid; do
    while read -r pid; do
      [ -n "$pid" ] && kill "$pid" 2>/dev/null
    done < "$pidfile"
  done
  sleep 0.5
  for pidfile in "$PEERS_RUN_DIR"/*.pid; do
    while read -r pid; do
      [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    done < "$pidfile"
    rm -f "$pidfile"
  done
}
trap stop_peers EXIT
trap 'exit 130' INT TERM

command -v dotnet >/dev/null || { log "dotnet is not installed: this script needs the .NET 10 SDK"; exit 1; }

# 1. Install what the peers need (each setup.sh skips what is already there).
if [ -f "$PEERS_DIR/package.json" ]; then
  if [ ! -d "$PEERS_DIR/node_modules" ] || [ "$PEERS_DIR/package-lock.json" -nt "$PEERS_DIR/node_modules/.package-lock.json" ]; then
    command -v npm >/dev/null || { log "npm is required for the test peers"; exit 1; }
    log "installing npm packages for the peers"
    (cd "$PEERS_DIR" && npm ci --no-audit --no-fund --loglevel=error) || { log "npm ci failed"; exit 1; }
  fi
fi
for setup in "$PEERS_DIR"/*/setup.sh; do
  [ -f "$setup" ] || continue
  log "setup: ${setup#$ROOT/}"
  bash "$setup" || { log "setup failed: $setup"; exit 1; }
done

# 2. Build once (the peers' start scripts may need built helpers too).
log "building the solution"
dotnet build Messaging.Sdk.sln -c Release -nologo -v q || { log "build failed"; echo "tests: 0 passed, 0 failed, 0 skipped"; exit 1; }

# 3. Start the peers.
for start in "$PEERS_DIR"/*/start.sh; do
  [ -f "$start" ] || continue
  log "starting peer: ${start#$ROOT/}"
  bash "$start" || { log "peer failed to start: $start"; echo "tests: 0 passed, 0 failed, 0 skipped"; exit 1; }
done
set -a
for envfile in "$PEERS_RUN_DIR"/*.env; do
  [ -f "$envfile" ] && . "$envfile"
done
set +a

# 4. Run every test project.
log "running dotnet test"
status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  dotnet test "$proj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" --blame-hang-timeout 5m || status=1
done

# 5. The README's first command works on embedded defaults (built above; run the built app).
log "QuickStart smoke run"
if ! timeout 120 dotnet samples/QuickStart/bin/Release/net10.0/QuickStart.dll >&2; then
  log "QuickStart failed"
  quickstart_failed=1
fi

# 6. Every src/ project packs into a valid package (README, license, docs, SourceLink, symbols).
log "checking packages"
if ! ./eng/check-packages.sh "$ROOT/artifacts/packages" >&2; then
  log "package check failed"
  pack_failed=1
fi

# 7. Totals from the TRX files (skipped tests are counted by VSTest as notExecuted).
passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$RESULTS"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${s:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; log "dotnet test exited $status without a failed test: counted as one failure"; fi
if [ $((passed + failed)) -eq 0 ]; then log "no test ran"; status=1; fi
for check in "${pack_failed:-0}" "${quickstart_failed:-0}"; do
  if [ "$check" -eq 1 ]; then failed=$((failed + 1)); [ "$status" -eq 0 ] && status=1; fi
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
