"""Compares two `colcrime --format json fit ets --auto --series '*'` outputs
(OLD, NEW) series by series: the chosen model's log-likelihood (NEW - OLD),
how often the same model is chosen, and every candidate's AICc (NEW - OLD).
A speed change to the ETS search should leave the first at >= 0.

    RAYON_NUM_THREADS=2 colcrime --format json fit ets --auto --data series30.csv \\
        --series '*' --horizon 1 > old.json      # and new.json with the new build
    python3 ets_diff.py old.json new.json"""
import json
import sys

import numpy as np


def main(old_path, new_path):
    old = json.load(open(old_path))["fits"]
    new = json.load(open(new_path))["fits"]
    dl, dc, same = [], [], 0
    for k, a in old.items():
        b = new.get(k, {})
        if "llf" not in a or "llf" not in b:
            print(f"{k}: fitted in one output only")
            continue
        dl.append(b["llf"] - a["llf"])
        same += a["short_name"] == b["short_name"]
        ca, cb = a["selection"]["candidates"], b["selection"]["candidates"]
        dc += [cb[n] - ca[n] for n in ca if isinstance(ca[n], float) and isinstance(cb.get(n), float)]
    dl, dc = np.array(dl), np.array(dc)
    print(f"chosen model's log-likelihood, new - old: min {dl.min():.4g}, mean {dl.mean():.4g}, "
          f"max {dl.max():.4g}; lower by more than 1e-6 on {(dl < -1e-6).sum()} of {len(dl)}; "
          f"same model on {same}")
    print(f"candidates' AICc, new - old: min {dc.min():.4g}, max {dc.max():.4g}; higher by more "
          f"than 0.01 on {(dc > 0.01).sum()}, by more than 4 on {(dc > 4).sum()} of {len(dc)}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
