"""Reference values for colcrime's `test za` from statsmodels'
`zivot_andrews` (statsmodels.tsa.stattools). Writes za_<case>/{input.csv,
expected.json} and real_za_<case>/... in the layout of generate.py (the
options are the CLI flags tests/stat_tests.rs passes).
Run from this directory: python3 generate_za.py"""
import json, os, warnings
import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.stattools import zivot_andrews

warnings.simplefilter("ignore")


def write_case(name, cols, options, expected):
    os.makedirs(name, exist_ok=True)
    df = pd.DataFrame(cols)
    if "date" in df:
        df.to_csv(f"{name}/input.csv", index=False)
    else:
        with open(f"{name}/input.csv", "w") as f:
            keys = list(cols)
            f.write(",".join(keys) + "\n")
            for row in zip(*[cols[k] for k in keys]):
                f.write(",".join(repr(float(v)) for v in row) + "\n")
    with open(f"{name}/expected.json", "w") as f:
        json.dump({"test": "za", "options": options, "expected": expected,
                   "statsmodels": statsmodels.__version__}, f, indent=1)
        f.write("\n")


def za_case(name, cols, expr, y, regression="c", autolag="AIC", maxlag=None, trim=0.15):
    al = None if autolag == "none" else autolag
    stat, p, cv, baselag, bpidx = zivot_andrews(y, trim=trim, maxlag=maxlag,
                                                regression=regression, autolag=al)
    exp = {"statistic": float(stat), "pvalue": float(p),
           "critical_values": {k: float(v) for k, v in cv.items()},
           "baselag": int(baselag), "bpidx": int(bpidx)}
    opts = {"series": expr, "regression": regression, "autolag": autolag,
            "maxlag": maxlag, "trim": trim}
    write_case(name, cols, opts, exp)


rng = np.random.default_rng(20261130)
# Stationary AR(1) with a level shift of 1.5 at t = 120 (n = 200).
n = 200
e = rng.standard_normal(n)
y = np.zeros(n)
for t in range(1, n):
    y[t] = 0.5 * y[t - 1] + e[t] + (1.5 if t >= 120 else 0.0) * 0.5
za_case("za_shift_c_aic", {"y": y}, "y", y, "c", "AIC")
za_case("za_shift_ct_tstat", {"y": y}, "y", y, "ct", "t-stat", 8)
# Random walk with drift whose drift changes at t = 60 (n = 150).
d = np.where(np.arange(150) >= 60, 0.4, 0.1)
rw = np.cumsum(d + rng.standard_normal(150))
za_case("za_rw_t_bic", {"y": rw}, "y", rw, "t", "BIC")
za_case("za_rw_c_none_maxlag2", {"y": rw}, "y", rw, "c", "none", 2, 0.1)
za_case("za_rw_ct_none_default", {"y": rw}, "y", rw, "ct", "none", None, 0.2)

# Real data (see generate.py / prepare_real.py): the CPI annual rate and
# London robbery, monthly April 2010 - November 2023.
real = pd.read_csv("london_cpi.csv")
cols = {"date": real["date"], "robbery": real["robbery"].astype(float), "cpi": real["cpi"]}
cpi = real["cpi"].to_numpy(float)
lr = np.log(real["robbery"].to_numpy(float))
za_case("real_za_cpi_c", cols, "cpi", cpi, "c", "AIC")
za_case("real_za_cpi_t_bic", cols, "cpi", cpi, "t", "BIC")
za_case("real_za_log_robbery_ct", cols, "log(robbery)", lr, "ct", "AIC")
