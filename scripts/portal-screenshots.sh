#!/usr/bin/env bash
# Regenerates the pictures in docs/portal/ from the real portal: runs the E2E portal tour (PortalTourTests) in Debian's
# Chromium and copies the one picture it takes of each page (1280x720) into docs/portal/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash "$root/scripts/install-test-deps.sh" </dev/null

dotnet test tests/E2E -c Release --filter "FullyQualifiedName~PortalTourTests" --logger "console;verbosity=normal"

pictures="$root/tests/E2E/bin/Release/net10.0/screenshots/portal"
mkdir -p "$root/docs/portal"
cp "$pictures"/*.png "$root/docs/portal/"
echo "Copied $(ls "$pictures"/*.png | wc -l) pictures into docs/portal/"
