#!/usr/bin/env bash
# Times `colcrime data count --by "Month,Crime type"` against pandas
# read_csv(usecols=[...]) + groupby on a generated 890,000-row police.uk-style
# file (best of 3 each) and prints the ratio.
# Usage: bench/count_vs_pandas.sh [ROWS]   (needs a release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-890000}
FILE=${BENCH_FILE:-/tmp/colcrime_bench_street_${ROWS}.csv}
BIN=${COLCRIME:-target/release/colcrime}
[ -f "$FILE" ] || python3 bench/gen_street.py "$FILE" "$ROWS" 42
[ -x "$BIN" ] || cargo build --release --bin colcrime
echo "file: $FILE ($(du -m "$FILE" | cut -f1) MB, $ROWS rows)"
python3 - "$FILE" "$BIN" <<'PY'
import subprocess, sys, time
import pandas as pd
path, binary = sys.argv[1], sys.argv[2]
def best(f, k=3):
    ts = []
    for _ in range(k):
        t = time.perf_counter(); r = f(); ts.append(time.perf_counter() - t)
    return min(ts), r
def pandas_count():
    df = pd.read_csv(path, usecols=["Month", "Crime type"])
    return df.groupby(["Month", "Crime type"]).size()
def rust_count():
    return subprocess.run([binary, "data", "count", path, "--by", "Month,Crime type"],
                          check=True, capture_output=True, text=True).stdout
tp, g = best(pandas_count)
tr, out = best(rust_count)
lines = out.strip().splitlines()[1:]
rust = {tuple(l.rsplit(",", 1)[0].split(",", 1)): int(l.rsplit(",", 1)[1]) for l in lines}
same = rust == {k: int(v) for k, v in g.items()}
print(f"pandas read_csv(usecols)+groupby: {tp:.3f} s (best of 3)")
print(f"colcrime data count:             {tr:.3f} s (best of 3)")
print(f"ratio pandas/colcrime: {tp / tr:.2f}x   counts identical: {same}")
PY
