#!/usr/bin/env bash
# Speed before and after the model-kinds redesign (issue 13), side by side
# on one machine: the release build of the commit before the redesign
# (339a2ed^ = 4f0f012) against the current build, three alternating runs of
# each command.
#
#   git worktree add /tmp/before 4f0f012 && (cd /tmp/before && cargo build --release --locked)
#   cargo build --release --locked
#   (cd bench/sarima_batch && python3 simulate.py)      # series.csv
#   python3 bench/ols_vs_statsmodels.py 1000000          # or any 1,000,000-row y,x1..x5 CSV at $OLS
#   OLD=/tmp/before/target/release/colcrime bash bench/kinds_redesign/compare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OLD=${OLD:?the release binary built before the redesign}
NEW=${NEW:-target/release/colcrime}
OLS=${OLS:-/tmp/colcrime_bench_ols_1000000.csv}
for i in 1 2 3; do
    for b in "$OLD" "$NEW"; do
        /usr/bin/time -f "sarima batch  $b  %e s wall  %U s user" "$b" fit sarima \
            --data bench/sarima_batch/series.csv --series '*' --order 1,1,1 \
            --seasonal 0,1,1,12 --horizon 0 --format json >/dev/null
        /usr/bin/time -f "ols json      $b  %e s wall  %U s user" "$b" fit ols --data "$OLS" \
            --formula "y ~ x1 + x2 + x3 + x4 + x5" --format json >/dev/null
        /usr/bin/time -f "ols table     $b  %e s wall  %U s user" "$b" fit ols --data "$OLS" \
            --formula "y ~ x1 + x2 + x3 + x4 + x5" --format table >/dev/null
    done
done
