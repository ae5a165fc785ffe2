#!/usr/bin/env bash
# `npm test`: type check, import boundaries, unused exports (knip), unit + integration tests (Vitest, against the
# machine's PostgreSQL, Redis, DuckDB and files), a production build, then the end-to-end tests (Playwright in Chromium).
#
# On two cores (docs/testing.md, "Where the time goes"): the four static checks are single-threaded, so they run two
# at a time; Vitest waits on PostgreSQL, DuckDB and child processes most of the time, so `next build` runs beside it.
# Every step still runs, and a failing one still fails the run; each step's output is printed whole, in order.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p test-results
status=0

npm run --silent db:generate >/dev/null || exit 1

# Runs the given steps ("title::command"), at most two at a time, each into its own log; then prints each log in
# order under its title, with its time. Returns 1 if any step failed.
run_two_at_a_time() {
  local step index running=0 failed=0
  local -a titles=()
  for step in "$@"; do titles+=("${step%%::*}"); done
  index=0
  for step in "$@"; do
    if ((running == 2)); then
      wait -n
      running=1
    fi
    (
      start=$SECONDS
      bash -c "${step#*::}" >"test-results/step-${index}.log" 2>&1
      code=$?
      echo "($((SECONDS - start)) s)" >>"test-results/step-${index}.log"
      echo $code >"test-results/step-${index}.code"
    ) &
    running=$((running + 1))
    index=$((index + 1))
  done
  wait
  for index in "${!titles[@]}"; do
    echo "== ${titles[index]}"
    cat "test-results/step-${index}.log"
    [[ "$(cat "test-results/step-${index}.code")" == 0 ]] || failed=1
    rm -f "test-results/step-${index}.log" "test-results/step-${index}.code"
  done
  return $failed
}

run_two_at_a_time \
  "typecheck::npx tsc --noEmit" \
  "formatting (prettier, print width 120)::npx prettier --check . --log-level warn || { echo 'run: npx prettier --write .'; exit 1; }" \
  "import boundaries (docs/architecture.md)::npm run --silent check:boundaries" \
  "unused exports and types (knip.json)::npm run --silent check:unused" || exit 1

echo "== production build (beside the unit and integration tests; log in test-results/next-build.log)"
npx next build >test-results/next-build.log 2>&1 &
build=$!

echo "== unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1

wait "$build" || {
  tail -50 test-results/next-build.log
  exit 1
}

echo "== end-to-end tests (playwright + chromium)"
npx playwright test || status=1

node scripts/test-summary.mjs
exit $status
