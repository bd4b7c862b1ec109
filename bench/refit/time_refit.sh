#!/bin/sh
# Times `colcrime refit` on the default workspace after one new quarter of
# CPI data (issue 7: < 2 s, and no slower than a full run).
#
# The baseline workspace reads a copy of the March 2026 CPI release (D7G7)
# with its last three months (2025 DEC to 2026 FEB) removed, standing in for
# the release of a quarter earlier; `refit --update cpi=` then brings the real
# file. Every other source is the shipped one. Each command is timed as the
# best of 3 (a fresh copy of the baseline each time), for the default
# (re-estimation warm-started from the previous estimates) and for
# `--no-reestimate`.
#
#   cargo build --release && sh bench/refit/time_refit.sh [path/to/colcrime]
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/colcrime}
ND=$ROOT/notebooks-data
NEW=$ND/ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
head -n -3 "$NEW" | sed 's/"Release date","25-03-2026"/"Release date","25-12-2025"/' > "$TMP/d7g7_quarter_earlier.csv"
sed -e "s#path = \"#path = \"$ND/#" -e "s#  \"met_police_borough/#  \"$ND/met_police_borough/#" \
    -e "s#$ND/ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv#$TMP/d7g7_quarter_earlier.csv#" \
    "$ND/workspace.toml" > "$TMP/base.toml"
now() { python3 -c 'import time; print(time.perf_counter())'; }
best() { # label, then the command
    label=$1; shift
    b=""
    for i in 1 2 3; do
        rm -rf "$TMP/ws$i" && mkdir "$TMP/ws$i" && cp "$TMP/base.toml" "$TMP/ws$i/workspace.toml"
        "$BIN" run "$TMP/ws$i/workspace.toml" > /dev/null
        t0=$(now); "$@" "$TMP/ws$i/workspace.toml" > /dev/null; t1=$(now)
        t=$(python3 -c "print(f'{$t1 - $t0:.3f}')")
        b=$(python3 -c "print(min(x for x in [$t, ${b:-$t}]))")
    done
    echo "$label: best of 3 = $b s"
}
best "run (full)" "$BIN" run
best "refit --update cpi= (re-estimate, warm start)" sh -c "\"$BIN\" refit \"\$0\" --update cpi=$NEW"
best "refit --update cpi= --no-reestimate" sh -c "\"$BIN\" refit \"\$0\" --update cpi=$NEW --no-reestimate"
