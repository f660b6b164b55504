#!/usr/bin/env bash
# Starts the node-smpp SMSC peer on 127.0.0.1 (ephemeral port) and writes SMPP_PEER_* to $PEERS_RUN_DIR/smsc.env.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
: "${PEERS_DIR:=$(dirname "$HERE")}"
: "${PEERS_RUN_DIR:=$PEERS_DIR/.run}"
mkdir -p "$PEERS_RUN_DIR"
PORT_FILE="$PEERS_RUN_DIR/smsc.port"
LOG_FILE="$PEERS_RUN_DIR/smsc-events.jsonl"
rm -f "$PORT_FILE"
: > "$LOG_FILE"
command -v node >/dev/null || { echo "smsc peer: node is required" >&2; exit 1; }
[ -d "$PEERS_DIR/node_modules/smpp" ] || { echo "smsc peer: run 'npm ci' in $PEERS_DIR" >&2; exit 1; }

SMPP_PEER_HOST=127.0.0.1 SMPP_PEER_SYSTEM_ID=esme SMPP_PEER_PASSWORD=secret SMPP_PEER_LOG="$LOG_FILE" SMPP_PEER_PORT_FILE="$PORT_FILE" \
  NODE_PATH="$PEERS_DIR/node_modules" nohup node "$HERE/server.js" > "$PEERS_RUN_DIR/smsc.log" 2>&1 &
PID=$!
echo "$PID" >> "$PEERS_RUN_DIR/smsc.pid"

for _ in $(seq 1 100); do
  [ -s "$PORT_FILE" ] && break
  kill -0 "$PID" 2>/dev/null || { echo "smsc peer exited:" >&2; cat "$PEERS_RUN_DIR/smsc.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$PORT_FILE" ] || { echo "smsc peer did not listen within 10 s" >&2; exit 1; }

cat > "$PEERS_RUN_DIR/smsc.env" <<ENV
SMPP_PEER_HOST=127.0.0.1
SMPP_PEER_PORT=$(cat "$PORT_FILE")
SMPP_PEER_SYSTEM_ID=esme
SMPP_PEER_PASSWORD=secret
SMPP_PEER_LOG=$LOG_FILE
ENV
