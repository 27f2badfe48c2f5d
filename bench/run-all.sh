#!/usr/bin/env bash
# Runs every benchmark. Each prints its figures as ratios against a baseline measured in the same
# run; none of them is a test, and none asserts a time.
set -uo pipefail
cd "$(dirname "$0")/.."
rc=0
for b in bench/*.bench.ts; do
  echo "══ $b"
  npx tsx "$b" || { echo "══ $b failed"; rc=1; }
done
exit $rc
