#!/bin/sh
# Installs the npm packages the client tests drive (run by the Maven build before the tests). Skips when
# node_modules already matches package-lock.json, so a warm build pays nothing.
set -eu
cd "$(dirname "$0")"
if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "[sluice] the client tests need Node.js >= 18 and npm: apt-get install nodejs npm (then re-run ./mvnw verify)" >&2
  exit 1
fi
echo "[sluice] npm ci in $(pwd)"
npm ci --no-audit --no-fund --loglevel=error
