#!/usr/bin/env bash
# `npm test`: type check, import boundaries, unused exports (knip), unit + integration tests (Vitest, against the
# machine's PostgreSQL, Redis, DuckDB and files), a production build, then the end-to-end tests (Playwright in Chromium).
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p test-results
status=0

npm run --silent db:generate >/dev/null || exit 1
echo "== typecheck"
npx tsc --noEmit || exit 1

echo "== formatting (prettier, print width 120)"
npx prettier --check . --log-level warn || { echo "run: npx prettier --write ."; exit 1; }

echo "== import boundaries (docs/architecture.md)"
npm run --silent check:boundaries || exit 1

echo "== unused exports and types (knip.json)"
npm run --silent check:unused || exit 1

echo "== unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1

echo "== production build"
npx next build > test-results/next-build.log 2>&1 || { tail -50 test-results/next-build.log; exit 1; }

echo "== end-to-end tests (playwright + chromium)"
npx playwright test || status=1

node scripts/test-summary.mjs
exit $status
