"""Reference for the SARIMA starting values (issue 5, benchmark series s114).

s114 is series 114 of the seeded benchmark simulator
(bench/sarima_batch/simulate.py, seed 20240501): SARIMA(1,1,1)(0,1,1)12,
length 180. Its likelihood has two local optima in the ARMA(1,1) part
(near ar = 0.27, ma = -0.11 and near ar = -0.37, ma = 0.52); the second is
the global one. Writes, from this directory (python3 generate.py):

- s114/input.csv: date,y
- s114/expected.json: statsmodels' `SARIMAX.start_params` on the differenced
  series (the conditional-sum-of-squares start colcrime's third start
  reproduces), statsmodels' optimum (default fit, then polished with BFGS
  and Nelder-Mead at tight tolerances) with `concentrate_scale=True` and
  `simple_differencing=True` (exact likelihood of the differenced series),
  and the value of that likelihood at the other local optimum."""
import csv, io, json, os, subprocess, sys, tempfile, warnings
import numpy as np
import statsmodels
from statsmodels.tsa.statespace.sarimax import SARIMAX

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
SIM = os.path.join(HERE, "../../../bench/sarima_batch/simulate.py")

with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "series.csv")
    subprocess.run([sys.executable, SIM, "--out", out], check=True)
    rows = list(csv.DictReader(open(out)))
dates = [r["date"] for r in rows]
y = np.array([float(r["s114"]) for r in rows])

os.makedirs(os.path.join(HERE, "s114"), exist_ok=True)
with open(os.path.join(HERE, "s114", "input.csv"), "w") as f:
    f.write("date,y\n")
    for dt, v in zip(dates, y):
        f.write(f"{dt},{float(v)!r}\n")

# The differenced series w_t = (1 - B)(1 - B^12) y_t.
w = y[13:] - y[12:-1] - y[1:-12] + y[:-13]
m = SARIMAX(y, order=(1, 1, 1), seasonal_order=(0, 1, 1, 12), simple_differencing=True,
            concentrate_scale=True)
start = m.start_params
fit = m.fit(disp=False)
for method, kw in [("bfgs", dict(gtol=1e-10)), ("nm", dict(xtol=1e-10, ftol=1e-12, maxiter=20000)),
                   ("bfgs", dict(gtol=1e-10))]:
    f2 = m.fit(start_params=fit.params, method=method, disp=False, **kw)
    if f2.llf >= fit.llf:
        fit = f2
# The other local optimum, reached from a start on its side of the ridge.
loc = m.fit(start_params=[0.3, -0.1, -0.5], method="bfgs", disp=False, gtol=1e-10)
exp = {
    "statsmodels": statsmodels.__version__,
    "order": [1, 1, 1], "seasonal": [0, 1, 1, 12],
    "w_len": int(len(w)),
    "start_params": [float(v) for v in start],
    "sm_params": [float(v) for v in fit.params],
    "sm_llf": float(fit.llf),
    "sm_sigma2": float(fit.scale),
    "local_params": [float(v) for v in loc.params],
    "local_llf": float(loc.llf),
}
json.dump(exp, open(os.path.join(HERE, "s114", "expected.json"), "w"), indent=1)
print(json.dumps(exp, indent=1))
