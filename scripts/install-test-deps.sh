#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK: Debian's Chromium for the Playwright E2E tests.
# Playwright's own browser download (`playwright install`) is never used. Safe to run again: it does nothing
# when the browser is already there.
set -euo pipefail

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  if [[ -x "$CHROMIUM_PATH" ]]; then
    echo "Chromium found at CHROMIUM_PATH=$CHROMIUM_PATH"
    exit 0
  fi
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file; unset it to use Debian's /usr/bin/chromium." >&2
  exit 1
fi

if [[ -x /usr/bin/chromium ]]; then
  echo "Chromium found at /usr/bin/chromium"
  exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Chromium is missing and this user cannot install it: run 'apt-get install -y chromium' as root." >&2
  exit 1
fi

echo "Chromium not found at /usr/bin/chromium: installing Debian's chromium"
"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
/usr/bin/chromium --version
