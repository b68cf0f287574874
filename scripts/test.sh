#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need beyond Rust (headless
# Chromium, for the report's browser test), then runs `cargo test --release`.
set -euo pipefail
cd "$(dirname "$0")/.."

have_browser() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1
}

if ! have_browser; then
  echo "installing Chromium (Debian package 'chromium') for the report's browser test..." >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 \
      || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; } || true
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || true
  fi
fi
if ! have_browser; then
  echo "WARNING: Chromium could not be installed; the report test's browser half is skipped" >&2
  export CALLPROFIT_NO_BROWSER=1
fi
cargo test --release
