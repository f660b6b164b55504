#!/usr/bin/env bash
# Starts the SMTP peer (server.js on Nodemailer's smtp-server) on 127.0.0.1 with a self-signed certificate
# generated now, waits until it listens (bounded), and writes its pid and variables for the tests.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${PEERS_DIR:=$(dirname "$HERE")}"
: "${PEERS_RUN_DIR:=$PEERS_DIR/.run}"
RUN="$PEERS_RUN_DIR/smtp"
rm -rf "$RUN"
mkdir -p "$RUN"

command -v node >/dev/null || { echo "smtp peer: node is required" >&2; exit 1; }
command -v openssl >/dev/null || { echo "smtp peer: openssl is required" >&2; exit 1; }
[ -d "$PEERS_DIR/node_modules/smtp-server" ] || (cd "$PEERS_DIR" && npm ci --no-audit --no-fund --loglevel=error)

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$RUN/key.pem" -out "$RUN/cert.pem" >/dev/null 2>&1

export SMTP_PEER_USER=tester SMTP_PEER_PASSWORD="peer-secret-$RANDOM$RANDOM"
export SMTP_PEER_KEY="$RUN/key.pem" SMTP_PEER_CERT="$RUN/cert.pem" SMTP_PEER_READY_FILE="$RUN/ready"
node "$HERE/server.js" >"$RUN/server.log" 2>&1 &
pid=$!
echo "$pid" >> "$PEERS_RUN_DIR/smtp.pid"

for _ in $(seq 1 100); do
  [ -s "$RUN/ready" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "smtp peer exited:" >&2; cat "$RUN/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$RUN/ready" ] || { echo "smtp peer did not start within 10 s" >&2; kill "$pid"; exit 1; }

{
  cat "$RUN/ready"
  echo "SMTP_PEER_HOST=127.0.0.1"
  echo "SMTP_PEER_USER=$SMTP_PEER_USER"
  echo "SMTP_PEER_PASSWORD=$SMTP_PEER_PASSWORD"
  echo "SMTP_PEER_CERT=$SMTP_PEER_CERT"
} > "$PEERS_RUN_DIR/smtp.env"
echo "smtp peer listening: $(tr '\n' ' ' < "$RUN/ready")" >&2
