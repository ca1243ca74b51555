#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK: the E2E tests' OpenID Connect provider (the npm package
# oidc-provider, locked in tests/E2E/oidc/package-lock.json), Neo4j's Cypher linter for the Neo4j adapter's tests
# (locked in tests/Component/Engines/Neo4j/cypher-lint/package-lock.json) and Debian's Chromium for the Playwright E2E tests.
# Playwright's own browser download (`playwright install`) is never used. Safe to run again: it does nothing
# when both are already there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -d "$root/tests/E2E/oidc/node_modules/oidc-provider" ]]; then
  command -v npm >/dev/null 2>&1 || { echo "npm (Node.js 20 or later) is needed for the E2E tests' OpenID Connect provider." >&2; exit 1; }
  echo "Installing the E2E tests' OpenID Connect provider (npm ci in tests/E2E/oidc)"
  npm ci --prefix "$root/tests/E2E/oidc" --no-audit --no-fund
fi

# Neo4j's Cypher parser for Neo4jCypherLintTests (locked in tests/Component/Engines/Neo4j/cypher-lint/package-lock.json).
if [[ ! -d "$root/tests/Component/Engines/Neo4j/cypher-lint/node_modules/@neo4j-cypher/language-support" ]]; then
  echo "Installing the Cypher linter of the Neo4j adapter's tests (npm ci in tests/Component/Engines/Neo4j/cypher-lint)"
  npm ci --prefix "$root/tests/Component/Engines/Neo4j/cypher-lint" --no-audit --no-fund
fi

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
