#!/bin/sh
# The browser tests drive the system's Chromium through chromedriver (never a downloaded browser). A fresh
# machine lacks both: install them from Debian's packages when we may (root + apt), else say how in one line.
set -eu
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[sluice] installing chromium and chromium-driver for the dashboard's browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  exit 0
fi
echo "[sluice] the dashboard's browser tests need Chromium and chromedriver: sudo apt-get install chromium chromium-driver (then re-run ./mvnw verify)" >&2
exit 1
