#!/usr/bin/env bash
# The SMTP peer needs node (for smtp-server) and openssl (to make its test certificate); both ship with the
# dotnet machine image. Install openssl only if it is missing.
set -euo pipefail
command -v node >/dev/null || { echo "smtp peer: node is required (the machine image provides nodejs)" >&2; exit 1; }
if ! command -v openssl >/dev/null; then
  apt-get update -qq && apt-get install -y -qq openssl >/dev/null
fi
