#!/usr/bin/env bash
# Runs every benchmark, then prints ONE table of the figures that count, each beside its goal
# (bench/figures.ts, bench/table.ts). Each bench prints its figures as ratios against a baseline
# measured in the same run; none of them is a test, and none asserts a time.
# The soak (bench/soak.bench.ts, 30 minutes by default) runs only when asked: SOAK=1 bench/run-all.sh
# (SOAK_MINUTES=2 shortens it).
set -uo pipefail
cd "$(dirname "$0")/.."
rc=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for b in bench/*.bench.ts; do
  if [[ "$b" == bench/soak.bench.ts && "${SOAK:-0}" != 1 ]]; then
    echo "══ $b skipped (SOAK=1 runs it; SOAK_MINUTES sets its length, default 30)"
    continue
  fi
  echo "══ $b"
  # The figure lines are for the table: kept out of the detail on screen.
  npx tsx "$b" | tee -a "$out" | grep -v '^@@figure '
  status=("${PIPESTATUS[@]}")
  [[ ${status[0]} == 0 ]] || { echo "══ $b failed"; rc=1; }
done
npx tsx bench/table.ts "$out"
exit $rc
