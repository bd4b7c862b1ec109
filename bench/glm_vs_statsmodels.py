"""Side-by-side Poisson regression benchmark: colcrime against pandas + statsmodels.

A seeded Poisson design with a constant and 5 regressors on N rows (default
1,000,000). Times (best of 3):
  * statsmodels GLM(y, X, family=Poisson()).fit() plus bse, in memory;
  * pandas read_csv + the same fit (end to end from the CSV);
  * `colcrime fit glm --data F --formula ...` (end to end: CSV parsing,
    formula, IRLS, standard errors, null deviance, the summary table);
and checks that the coefficients and standard errors agree.

Usage: python3 bench/glm_vs_statsmodels.py [N]   (after cargo build --release)
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
BIN = os.environ.get("COLCRIME", "target/release/colcrime")
path = f"/tmp/colcrime_bench_glm_{N}.csv"
FORMULA = "y ~ x1 + x2 + x3 + x4 + x5"

rng = np.random.default_rng(1)
X = rng.normal(size=(N, 5)) * 0.3
y = rng.poisson(np.exp(0.5 + X @ np.array([0.5, -0.25, 0.3, 0.0, 0.2])))
if not os.path.exists(path):
    df = pd.DataFrame(np.column_stack([y, X]), columns=["y", "x1", "x2", "x3", "x4", "x5"])
    df["y"] = df["y"].astype(int)
    df.to_csv(path, index=False, float_format="%.17g")


def best(f, k=3):
    ts = []
    for _ in range(k):
        t = time.perf_counter()
        r = f()
        ts.append(time.perf_counter() - t)
    return min(ts), r


def sm_fit(yv, Xv):
    r = sm.GLM(yv, Xv, family=sm.families.Poisson()).fit()
    return r.params, r.bse


df = pd.read_csv(path)
yv = df["y"].to_numpy()
Xc = sm.add_constant(df[["x1", "x2", "x3", "x4", "x5"]].to_numpy())
t_fit, (params, bse) = best(lambda: sm_fit(yv, Xc))


def sm_csv():
    d = pd.read_csv(path)
    return sm_fit(d["y"].to_numpy(), sm.add_constant(d[["x1", "x2", "x3", "x4", "x5"]].to_numpy()))


t_e2e, _ = best(sm_csv)


def cc_table():
    return subprocess.run([BIN, "fit", "glm", "--data", path, "--formula", FORMULA],
                          check=True, capture_output=True, text=True).stdout


t_cc, _ = best(cc_table)
j = json.loads(subprocess.run([BIN, "fit", "glm", "--data", path, "--formula", FORMULA, "--format", "json"],
                              check=True, capture_output=True, text=True).stdout)
dp = np.max(np.abs(np.array(j["params"]) - params) / np.abs(params))
db = np.max(np.abs(np.array(j["bse"]) - bse) / bse)
print(f"rows: {N}, Poisson, constant + 5 regressors")
print(f"statsmodels GLM fit + bse (in memory):       {t_fit:.3f} s")
print(f"pandas read_csv + statsmodels GLM:           {t_e2e:.3f} s")
print(f"colcrime fit glm from the CSV (table):       {t_cc:.3f} s")
print(f"end-to-end ratio (pandas+statsmodels / colcrime): {t_e2e / t_cc:.2f}x")
print(f"max relative difference: params {dp:.2e}, bse {db:.2e}")
