"""Side-by-side OLS benchmark: colcrime against pandas + statsmodels.

A seeded design with a constant and 5 regressors on N rows (default
1,000,000), written once to a CSV. The comparison (best of K runs, default 7,
the two sides interleaved so that both see the same load on a shared
machine):
  * pandas read_csv + statsmodels OLS(y, X).fit() + bse, end to end from the
    CSV;
  * `colcrime --format json fit ols --data F --formula "y ~ x1 + ... + x5"`
    with its DEFAULT options, end to end from the same CSV: parsing, the
    QR fit, standard errors, the diagnostics (Breusch-Godfrey with 10 lags,
    Breusch-Pagan, RESET, Jarque-Bera, five VIF regressions) and the JSON
    with the 2,000,000 residuals and fitted values, read by Python from the
    pipe (parsed after the timing, for the checks).
That ratio is the README's "OLS end to end from a 1,000,000-row CSV".
Also shown (not compared): statsmodels' fit in memory, and colcrime's summary
table with --no-diagnostics (what statsmodels' fit() computes).

Then it checks colcrime's numbers against statsmodels on the same data:
params and bse, and the diagnostics (acorr_breusch_godfrey with nlags=10,
het_breuschpagan on the design, linear_reset(power=3, use_f=False),
variance_inflation_factor, jarque_bera, the condition number), which on this
design colcrime computes from one triangle of the augmented design.

Usage: python3 bench/ols_vs_statsmodels.py [N] [K]   (after cargo build --release)
The fit-only time of colcrime is measured by `cargo bench --bench ols` (the
same design shape in memory, and the diagnostics on it).
"""
import json
import os
import resource
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.diagnostic import acorr_breusch_godfrey, het_breuschpagan, linear_reset
from statsmodels.stats.outliers_influence import variance_inflation_factor
from statsmodels.stats.stattools import jarque_bera

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
K = int(sys.argv[2]) if len(sys.argv) > 2 else 7
BIN = os.environ.get("COLCRIME", "target/release/colcrime")
path = f"/tmp/colcrime_bench_ols_{N}.csv"
FORMULA = "y ~ x1 + x2 + x3 + x4 + x5"

rng = np.random.default_rng(42)
X = rng.normal(size=(N, 5))
y = 1.0 + X @ np.array([0.5, -0.25, 2.0, 0.0, 1.5]) + rng.normal(scale=2.0, size=N)
if not os.path.exists(path):
    pd.DataFrame(np.column_stack([y, X]), columns=["y", "x1", "x2", "x3", "x4", "x5"]).to_csv(
        path, index=False, float_format="%.17g")


def timed(f):
    t = time.perf_counter()
    r = f()
    return time.perf_counter() - t, r


def cpu_timed(f):
    """Wall time, CPU time (this process and its children: user + system,
    every thread) and the result of f()."""
    c0, k0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    t, r = timed(f)
    k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - c0 + (k1.ru_utime - k0.ru_utime) + (k1.ru_stime - k0.ru_stime)
    return t, cpu, r


def sm_csv():
    df = pd.read_csv(path)
    r = sm.OLS(df["y"].to_numpy(), sm.add_constant(df[["x1", "x2", "x3", "x4", "x5"]].to_numpy())).fit()
    return r.params, r.bse


def cc_json():
    # The default options: diagnostics on, residuals and fitted values in
    # the JSON. The bytes are read from the pipe inside the timing.
    return subprocess.run([BIN, "--format", "json", "fit", "ols", "--data", path, "--formula", FORMULA],
                          check=True, capture_output=True).stdout


def cc_table():
    return subprocess.run([BIN, "fit", "ols", "--data", path, "--formula", FORMULA, "--no-diagnostics"],
                          check=True, capture_output=True).stdout


Xc = sm.add_constant(X)
t_fit = min(timed(lambda: (lambda r: (r.params, r.bse))(sm.OLS(y, Xc).fit()))[0] for _ in range(3))
t_e2e, t_cc, t_tab, c_e2e, c_cc = [], [], [], [], []
out = None
for _ in range(K):
    t, c, _ = cpu_timed(sm_csv)
    t_e2e.append(t)
    c_e2e.append(c)
    t, c, out = cpu_timed(cc_json)
    t_cc.append(t)
    c_cc.append(c)
    t_tab.append(timed(cc_table)[0])
j = json.loads(out)

# The reference numbers (not timed).
res = sm.OLS(y, Xc).fit()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # the return type announced for 0.16
    bg = acorr_breusch_godfrey(res, nlags=10)
bp = het_breuschpagan(res.resid, Xc)
rs = linear_reset(res, power=3, use_f=False)
vif = [variance_inflation_factor(Xc, i) for i in range(1, 6)]
jb = jarque_bera(res.resid)
cn = np.sqrt(np.linalg.eigvalsh(Xc.T @ Xc)[[-1, 0]]).tolist()


def rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.abs(b).clip(1e-300)))


d = j["diagnostics"]
checks = {
    "params": rel(j["params"], res.params),
    "bse": rel(j["bse"], res.bse),
    "resid": rel(j["resid"][:1000], res.resid[:1000]),
    "Breusch-Godfrey LM, F, p": rel([d["breusch_godfrey"][k] for k in ("lm", "fvalue", "lm_pvalue")],
                                    [bg[0], bg[2], bg[1]]),
    "Breusch-Pagan LM, F, p": rel([d["breusch_pagan"][k] for k in ("lm", "fvalue", "lm_pvalue")],
                                  [bp[0], bp[2], bp[1]]),
    "RESET chi2, p": rel([d["reset"]["statistic"], d["reset"]["pvalue"]], [float(rs.statistic), float(rs.pvalue)]),
    "VIF": rel(j["vif"][1:], vif),
    "Jarque-Bera": rel([d["jarque_bera"]["statistic"], d["jarque_bera"]["pvalue"]], [jb[0], jb[1]]),
    "condition number": rel([d["condition_number"]], [cn[0] / cn[1]]),
}

lines = [
    f"rows: {N}, constant + 5 regressors; best of {K} (interleaved)",
    f"statsmodels fit + bse (in memory):                          {t_fit:.3f} s",
    f"pandas read_csv + statsmodels fit + bse:                    {min(t_e2e):.3f} s"
    f"  (median {np.median(t_e2e):.3f})",
    f"colcrime --format json fit ols (default: diagnostics, JSON with resid and fittedvalues): "
    f"{min(t_cc):.3f} s  (median {np.median(t_cc):.3f}; {len(out) / 1e6:.1f} MB of JSON)",
    f"colcrime fit ols --no-diagnostics (summary table):          {min(t_tab):.3f} s",
    f"end-to-end ratio (pandas+statsmodels / colcrime default JSON): {min(t_e2e) / min(t_cc):.2f}x"
    f"  (medians {np.median(t_e2e) / np.median(t_cc):.2f}x)",
    f"CPU time (user + system, all threads), best of {K}: pandas+statsmodels {min(c_e2e):.3f} s, "
    f"colcrime {min(c_cc):.3f} s: {min(c_e2e) / min(c_cc):.2f}x",
    f"load average at the end: {os.getloadavg()[0]:.1f}",
    f"diagnostics computed as: {d.get('auxiliary_regressions', 'refits')}",
    "max relative difference from statsmodels:",
] + [f"  {k}: {v:.1e}" for k, v in checks.items()]
print("\n".join(lines))
