"""Reference Engle-Granger error-correction models: the two OLS regressions
done by statsmodels, and statsmodels' coint.

Step 1 (long run):  y_t = a + b'x_t + u_t  (OLS)
Step 2 (short run): dy_t = c + alpha u_{t-1} + g'dx_t + sum_{i=1..P} (phi_i dy_{t-i} + d_i'dx_{t-i}) + e_t
on t = P+1 .. n-1 (0-based), nonrobust or HAC (Bartlett, maxlags L, no correction).

Cases:
- robbery_cpi.csv (copied from tests/reference/ols/robbery_cpi/input.csv: quarterly London robbery
  offences and ONS CPI D7BT, see tests/reference/ols/SOURCE.md): y = log(robbery), x = log(cpi), P = 1.
- synthetic.csv: seeded cointegrated system (numpy default_rng(7)), two random-walk x's,
  y = 2 + 0.8 x1 - 0.5 x2 + AR(1) error; P = 2, nonrobust and HAC(4).

Run from the repository root: python3 tests/reference/ecm/generate.py
"""
import json, os
import numpy as np, pandas as pd
import statsmodels, statsmodels.api as sm
from statsmodels.tsa.stattools import coint

OUT = os.path.dirname(os.path.abspath(__file__))


def ecm(y, X, names, p, cov=None):
    n = len(y)
    Xl = sm.add_constant(X)
    lr = sm.OLS(y, Xl).fit()
    u = lr.resid
    dy = np.diff(y, prepend=np.nan)
    dX = np.vstack([np.full(X.shape[1], np.nan), np.diff(X, axis=0)])
    rows = range(p + 1, n)
    cols, cn = [], []
    cols.append([u[t - 1] for t in rows]); cn.append("ect.L1")
    for j, nm in enumerate(names):
        cols.append([dX[t, j] for t in rows]); cn.append(f"D.{nm}")
    for i in range(1, p + 1):
        cols.append([dy[t - i] for t in rows]); cn.append(f"L{i}.D.y")
        for j, nm in enumerate(names):
            cols.append([dX[t - i, j] for t in rows]); cn.append(f"L{i}.D.{nm}")
    Z = sm.add_constant(np.column_stack(cols))
    yy = np.array([dy[t] for t in rows])
    if cov is None:
        sr = sm.OLS(yy, Z).fit()
    else:
        sr = sm.OLS(yy, Z).fit(cov_type="HAC", cov_kwds={"maxlags": cov})
    c = coint(y, X, trend="c", autolag="aic")
    res = lambda r, nm: {"param_names": nm, "params": list(r.params), "bse": list(r.bse),
                         "tvalues": list(r.tvalues), "pvalues": list(r.pvalues),
                         "nobs": r.nobs, "rsquared": r.rsquared, "ssr": r.ssr, "llf": r.llf,
                         "fvalue": float(r.fvalue), "f_pvalue": float(r.f_pvalue)}
    return {"long_run": res(lr, ["const"] + names), "short_run": res(sr, ["const"] + cn),
            "adjustment": sr.params[1], "coint": {"statistic": c[0], "pvalue": c[1]}}


def main():
    out = {"statsmodels": statsmodels.__version__}
    df = pd.read_csv(os.path.join(OUT, "robbery_cpi.csv"))
    out["robbery_cpi"] = ecm(np.log(df["robbery"].values), np.log(df[["cpi"]].values), ["x1"], 1)
    rng = np.random.default_rng(7)
    n = 160
    x = np.cumsum(rng.normal(size=(n, 2)), axis=0)
    e = np.zeros(n)
    for t in range(1, n):
        e[t] = 0.5 * e[t - 1] + rng.normal(scale=0.7)
    y = 2 + 0.8 * x[:, 0] - 0.5 * x[:, 1] + e
    syn = pd.DataFrame({"y": y, "x1": x[:, 0], "x2": x[:, 1]})
    syn.to_csv(os.path.join(OUT, "synthetic.csv"), index=False, float_format="%.17g")
    syn = pd.read_csv(os.path.join(OUT, "synthetic.csv"))
    Y, X = syn["y"].values, syn[["x1", "x2"]].values
    out["synthetic"] = ecm(Y, X, ["x1", "x2"], 2)
    out["synthetic_hac"] = ecm(Y, X, ["x1", "x2"], 2, cov=4)
    with open(os.path.join(OUT, "expected.json"), "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
