"""Two-sided Student-t survival values from scipy, for tests/student_t.rs.

Writes expected.json: a list of {t, df, p} with p = 2 * scipy.stats.t.sf(|t|, df),
covering the far tail (t = 8, 15, 30, 60), the body (t near 0) and large df.
Also an OLS case with a huge t statistic (input.csv + ols_expected.json) fitted by
statsmodels OLS, whose p-value statrs' continued fraction gets wrong.
Run: python3 generate.py (scipy 1.17.1, statsmodels 0.15.0, numpy).
"""
import json

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import stats

cases = []
for df in [1, 2, 3, 5, 10, 30, 80, 200, 1000, 5000, 20000, 1e5, 1e6]:
    for t in [0.0, 0.001, 0.05, 0.4, 1.0, 1.96, 3.0, 5.0, 8.0, 15.0, 30.0, 60.0]:
        p = 2.0 * stats.t.sf(abs(t), df)
        if p == 0.0 or not np.isfinite(p):
            continue  # below the smallest double: not a useful reference
        cases.append({"t": t, "df": float(df), "p": float(p)})

# An OLS fit whose slope has a huge t statistic (a tight linear relation with noise).
rng = np.random.default_rng(20261130)
n = 40
x = np.linspace(0.0, 10.0, n)
y = 1.0 + 2.0 * x + rng.normal(scale=0.05, size=n)
np.savetxt("input.csv", np.column_stack([x, y]), delimiter=",", header="x,y",
           comments="", fmt="%.17g")
res = sm.OLS(y, sm.add_constant(x)).fit()
ols = {
    "formula": "y ~ x",
    "params": res.params.tolist(),
    "bse": res.bse.tolist(),
    "tvalues": res.tvalues.tolist(),
    "pvalues": res.pvalues.tolist(),
    "df_resid": float(res.df_resid),
}
# statsmodels' pvalues are stats.t.sf(|t|, df) * 2 too; record them from scipy directly.
ols["pvalues_scipy"] = [float(2.0 * stats.t.sf(abs(t), res.df_resid)) for t in res.tvalues]

with open("expected.json", "w") as f:
    json.dump({"scipy": scipy.__version__, "cases": cases}, f, indent=1)
with open("ols_expected.json", "w") as f:
    json.dump({"statsmodels": statsmodels.__version__, **ols}, f, indent=1)
print(len(cases), "cases; OLS slope t =", res.tvalues[1], "p =", res.pvalues[1])
