#!/usr/bin/env bash
# Installs what the tests need, builds the solution once (Release) and runs every test project in it, unit, component and Playwright E2E.
# Prints one closing line "N passed, N failed, N skipped" summed from the TRX results and exits non-zero when
# a test failed, when no test ran, or when `dotnet test` itself failed (a build error, a crashed test host).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# What the tests need beyond the .NET SDK (Debian's chromium); does nothing when it is already there.
bash "$root/scripts/install-test-deps.sh" </dev/null

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$root/TestResults"
screenshots="$root/tests/E2E/bin/Release/net10.0/screenshots"
# Only this run's results and screenshots are summed and shown.
rm -rf "$results" "$screenshots"

# Known vulnerabilities in any package, direct or transitive: printed, and a high or critical one fails the run.
# It sees only what the package source publishes; docs/security.md (Packages) says what that is here.
dotnet restore RagMemory.sln
vulnerable="$(dotnet list RagMemory.sln package --vulnerable --include-transitive 2>&1)"
echo "$vulnerable"
if grep -Eq '^ *> .* (High|Critical) ' <<<"$vulnerable"; then
  echo "dotnet list package --vulnerable: a high or critical vulnerability (above); update the package." >&2
  exit 1
fi

status=0
dotnet test RagMemory.sln -c Release \
  --logger "console;verbosity=normal" \
  --logger "trx" \
  --results-directory "$results" \
  --blame-hang-timeout 20m --blame-hang-dump-type none \
  "$@" || status=$?

passed=0
failed=0
skipped=0
# The value of one attribute of the TRX <Counters> element; 0 when it is absent.
count() {
  local value
  value="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters")"
  echo "${value:-0}"
}

shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  passed=$((passed + $(count passed)))
  # A test that errored, timed out or was aborted did not pass: count it as failed.
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  # xunit's skipped tests are results with outcome NotExecuted; the TRX counters leave them out of notExecuted.
  skipped=$((skipped + $(grep -c 'outcome="NotExecuted"' "$trx" || true)))
done

echo
echo "dotnet test exit code: $status; TRX files: ${#trx_files[@]} in $results"
if [[ -d "$screenshots" ]]; then
  echo "E2E screenshots: $screenshots"
fi
echo "$passed passed, $failed failed, $skipped skipped"

if (( failed > 0 || passed + failed == 0 || status != 0 )); then
  exit 1
fi
