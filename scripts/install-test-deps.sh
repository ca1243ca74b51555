#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK: the E2E tests' OpenID Connect provider (the npm package
# oidc-provider, locked in tests/E2E/oidc/package-lock.json), Neo4j's Cypher linter for the Neo4j adapter's tests
# (locked in tests/Component/Engines/Neo4j/cypher-lint/package-lock.json), Debian's Chromium for the Playwright E2E tests, Debian's
# PostgreSQL server for the state tests (they start a throwaway server of their own) and Debian's docker-compose to
# validate deploy/compose.yaml. Playwright's own browser download (`playwright install`) is never used. Each dependency
# is checked on its own; safe to run again: it installs nothing that is already there.
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

# The Debian packages still missing, installed together at the end (one apt-get update).
missing=()

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  if [[ ! -x "$CHROMIUM_PATH" ]]; then
    echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file; unset it to use Debian's /usr/bin/chromium." >&2
    exit 1
  fi
  echo "Chromium found at CHROMIUM_PATH=$CHROMIUM_PATH"
elif [[ -x /usr/bin/chromium ]]; then
  echo "Chromium found at /usr/bin/chromium"
else
  echo "Chromium not found at /usr/bin/chromium: Debian's chromium will be installed"
  missing+=(chromium)
fi

# The state tests start their own server from these binaries, unless RAGMEMORY_TEST_POSTGRES names one to use instead.
if [[ -n "${RAGMEMORY_TEST_POSTGRES:-}" ]]; then
  echo "PostgreSQL: the state tests use the server in RAGMEMORY_TEST_POSTGRES"
elif compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "PostgreSQL found: $(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1)"
else
  echo "PostgreSQL's initdb not found under /usr/lib/postgresql: Debian's postgresql will be installed"
  missing+=(postgresql)
fi

if command -v docker-compose >/dev/null 2>&1; then
  echo "docker-compose found at $(command -v docker-compose)"
else
  echo "docker-compose not found: Debian's docker-compose will be installed (it validates deploy/compose.yaml)"
  missing+=(docker-compose)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Missing: ${missing[*]}, and this user cannot install them: run 'apt-get install -y ${missing[*]}' as root." >&2
  exit 1
fi

"${sudo[@]}" apt-get update
# Debian's postgresql package creates and starts a cluster of its own; the tests never use it (they run their own
# server on a free loopback port), so it is left as the package sets it up.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
if [[ " ${missing[*]} " == *" chromium "* ]]; then
  /usr/bin/chromium --version
fi
