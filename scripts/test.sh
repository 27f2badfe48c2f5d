#!/usr/bin/env bash
# `npm test`: system tools, typecheck, lint, build, unit + integration tests (Vitest), e2e in
# Debian's Chromium (Playwright). Prints one summary line `N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
bash scripts/system-deps.sh || exit 1
reports="${TEST_REPORT_DIR:-test-reports}"  # not under test-results/: Playwright empties that folder
mkdir -p "$reports"
rm -f "$reports/vitest.json" "$reports/playwright.json"
rc=0
step() { echo "── $1"; shift; "$@" || { echo "── failed: $*"; rc=1; }; }
step typecheck npm run --silent typecheck
step lint npm run --silent lint
step build npm run --silent build
step "Electron security (Electronegativity: no high or medium finding unless reviewed)" node scripts/electron-security.mjs
step "unit and integration tests" npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
# Electron-mode e2e needs Electron's binary; say plainly when it is not there.
node -e "try { require('electron') } catch (e) { console.log('── Electron-mode e2e will be skipped: Electron\'s binary is not installed here (' + e.message.split('\n')[0] + ')') }"
step "e2e (Chromium)" env PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test --reporter=list,json
node .ci/summary.mjs "$reports/vitest.json" "$reports/playwright.json" || rc=1
exit $rc
