"""statsforecast's numba ARIMA on the SARIMA batch benchmark (issue 5).

    python3 simulate.py                 # series.csv (seeded)
    python3 compare.py statsmodels      # statsmodels.json (reference llfs)
    python3 compare.py colcrime         # colcrime.json (our fits)
    python3 statsforecast_bench.py [--method ML|CSS-ML]   # statsforecast.json

Fits every series with `statsforecast.models.ARIMA(order=(1, 1, 1),
seasonal_order=(0, 1, 1), season_length=12, method=...)`, no mean/drift.
statsforecast's ARIMA is a port of R's `arima` (numba-compiled); its default
method is "CSS-ML" (conditional-sum-of-squares start, then exact ML), used
here: with method="ML" statsforecast 2.1.1 returned all-zero coefficients
(llf 8.9-41 below statsmodels on every series) on this batch. Its `loglik`
is R's (differencing in the state with a diffuse prior), close to but not
the same as the exact likelihood of the differenced series that statsmodels
and colcrime report (R's airline: 244.6995 vs 244.6965), so compare it
with care. The first series is fitted once
before timing (numba compilation: the warm-up); the time is then the best
of `--repeat` sequential passes over the 200 series (statsforecast's own
per-series loop, one process). Log-likelihoods are compared with
statsmodels.json and colcrime.json when present."""
import argparse, json, os, time, warnings
import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--method", default="CSS-ML", choices=["ML", "CSS-ML", "CSS"])
ap.add_argument("--repeat", type=int, default=3)
a = ap.parse_args()

import statsforecast
from statsforecast.models import ARIMA

warnings.simplefilter("ignore")
df = pd.read_csv(os.path.join(HERE, "series.csv"))
cols = list(df.columns[1:])


def fit(y):
    m = ARIMA(order=(1, 1, 1), seasonal_order=(0, 1, 1), season_length=12,
              include_mean=False, include_drift=False, method=a.method)
    return m.fit(y).model_


t0 = time.perf_counter()
fit(df[cols[0]].to_numpy(dtype=float))
warm = time.perf_counter() - t0

best, fits, errors = None, {}, {}
for _ in range(a.repeat):
    t0 = time.perf_counter()
    for c in cols:
        try:
            mod = fit(df[c].to_numpy(dtype=float))
            fits[c] = {"llf": float(mod["loglik"]),
                       "params": [float(v) for v in mod["coef"].values()]}
        except Exception as e:  # noqa: BLE001 - record and go on
            errors[c] = str(e)
    dt = time.perf_counter() - t0
    best = dt if best is None else min(best, dt)

out = {"version": statsforecast.__version__, "method": a.method, "warmup_seconds": warm,
       "total_seconds": best, "repeat": a.repeat, "load": os.getloadavg(), "fits": fits,
       "errors": errors}
json.dump(out, open(os.path.join(HERE, "statsforecast.json"), "w"), indent=1)
print(f"statsforecast {out['version']} ARIMA method={a.method}: warm-up {warm:.2f} s, "
      f"{len(cols)} series in {best:.3f} s (best of {a.repeat}; {1000 * best / len(cols):.2f} ms "
      f"per series), {len(errors)} errors, load average {os.getloadavg()[0]:.2f}")

for other in ["statsmodels", "colcrime"]:
    path = os.path.join(HERE, f"{other}.json")
    if not os.path.exists(path):
        continue
    ref = json.load(open(path))["fits"]
    d = np.array([fits[c]["llf"] - ref[c]["llf"] for c in cols
                  if c in fits and "llf" in ref.get(c, {}) and isinstance(ref[c]["llf"], float)])
    below = [c for c in cols if c in fits and isinstance(ref.get(c, {}).get("llf"), float)
             and fits[c]["llf"] < ref[c]["llf"] - 1e-4]
    print(f"llf(statsforecast) - llf({other}) over {len(d)} series: min {d.min():.3e}, "
          f"median {np.median(d):.3e}, max {d.max():.3e}; below by more than 1e-4 on "
          f"{len(below)}: {below[:12]}")
