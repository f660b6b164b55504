#!/usr/bin/env bash
# Installs socat, which the GSM modem integration tests use to create pseudo-terminal pairs
# (a real System.IO.Ports.SerialPort on one end, the VirtualModem on the other).
set -euo pipefail
command -v socat >/dev/null 2>&1 && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
$SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq socat >/dev/null
command -v socat >/dev/null 2>&1
