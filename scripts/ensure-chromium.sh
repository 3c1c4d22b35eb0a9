#!/usr/bin/env bash
# Make sure Debian's chromium is there for the browser tests.
# Installs it with apt when we are root; otherwise says how, and the tests will skip
# (or fail, when CI is set: CI must run them).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "chromium is missing: browser tests will skip. Install it with: sudo apt-get install chromium" >&2
fi
