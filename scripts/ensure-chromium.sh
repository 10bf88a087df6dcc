#!/usr/bin/env bash
# The browser tests (test/pages*.e2e-spec.ts) drive Debian's chromium headless through
# playwright-core; no browser is downloaded. This makes sure it is installed before `npm test`:
# present -> nothing to do; missing and root with apt-get -> `apt-get install -y chromium`
# (about 15 s; the Debian 12 package); otherwise it says what to do. It never stops `npm test`:
# without a browser the other tests still run and the browser tests fail naming what is missing.
# CHROMIUM_PATH points the tests at another Chromium binary.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "ensure-chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file; the browser tests will fail." >&2
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing; installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  # Try with the package lists we have first; refresh them only if that fails (e.g. a slim image).
  if ! apt-get install -y -q chromium >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 || true
    apt-get install -y -q chromium >/dev/null || true
  fi
  if [ -x /usr/bin/chromium ]; then
    echo "ensure-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) installed."
    exit 0
  fi
  echo "ensure-chromium: could not install chromium with apt-get (no package source reachable?); the browser tests will fail." >&2
  exit 0
fi

cat >&2 <<'MSG'
ensure-chromium: the browser tests need Chromium at /usr/bin/chromium, and it is not installed.
  Debian:  sudo apt-get install -y chromium
  Ubuntu:  sudo apt-get install -y chromium-browser   (or any Chromium/Chrome build)
  Else:    install Chromium and run the tests with CHROMIUM_PATH=/path/to/chromium npm test
The other tests run now; the browser tests will fail until Chromium is there.
MSG
exit 0
