"""Reference numbers for colcrime's VAR (src/models/var) from statsmodels.

Run from the repository root:  python3 tests/reference/var/generate.py

Cases (each a folder with input.csv and expected.json):
  synthetic_var2   seeded VAR(2) in 3 series, constant, T = 160 (monthly index)
  synthetic_var2_n the same data, no constant (trend="n")
  london           quarterly London robbery and theft growth, CPI inflation and
                   the change in unemployment, from london/levels.csv (built by
                   make_extract.sh with `colcrime data export` on the shipped
                   workspace); VAR(2) with a constant
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels
from scipy import stats
from statsmodels.tsa.api import VAR

HERE = os.path.dirname(os.path.abspath(__file__))
H_IRF = 8
H_FC = 6
LEVELS = [80, 95]


def tolist(a):
    return np.asarray(a, dtype=float).tolist()


def write_input(case, df):
    os.makedirs(os.path.join(HERE, case), exist_ok=True)
    df.to_csv(os.path.join(HERE, case, "input.csv"), index=False, float_format="%.17g")


def expected(case, data, lags, trend, maxlags):
    names = list(data.columns)
    model = VAR(data.values)
    res = model.fit(lags, trend=trend)
    out = {
        "case": case,
        "series": names,
        "lags": lags,
        "trend": trend,
        "params": tolist(res.params),
        "stderr": tolist(res.stderr),
        "tvalues": tolist(res.tvalues),
        "pvalues": tolist(res.pvalues),
        "sigma_u": tolist(res.sigma_u),
        "sigma_u_mle": tolist(res.sigma_u_mle),
        "llf": float(res.llf),
        "aic": float(res.aic),
        "bic": float(res.bic),
        "hqic": float(res.hqic),
        "fpe": float(res.fpe),
        "nobs": int(res.nobs),
        "df_resid": int(res.df_resid),
    }
    sel = VAR(data.values).select_order(maxlags, trend=trend)
    out["lag_order_selection"] = {
        "maxlags": maxlags,
        "aic": int(sel.aic),
        "bic": int(sel.bic),
        "hqic": int(sel.hqic),
        "fpe": int(sel.fpe),
        "values": {k: tolist(v) for k, v in sel.ics.items()},
    }
    irf = res.irf(H_IRF)
    out["irf_h"] = H_IRF
    out["irf"] = tolist(irf.irfs)
    out["orth_irf"] = tolist(irf.orth_irfs)
    out["irf_stderr"] = tolist(irf.stderr(orth=False))
    out["orth_irf_stderr"] = tolist(irf.stderr(orth=True))
    out["fevd"] = tolist(res.fevd(H_IRF).decomp)
    y0 = data.values[-lags:] if lags > 0 else data.values[:0]
    fc = {"horizon": H_FC, "mean": tolist(res.forecast(y0, H_FC)),
          "se": tolist(np.sqrt(res._forecast_vars(H_FC))), "lower": {}, "upper": {}}
    for lv in LEVELS:
        mid, lo, hi = res.forecast_interval(y0, H_FC, alpha=1 - lv / 100)
        fc["lower"][str(lv)] = tolist(lo)
        fc["upper"][str(lv)] = tolist(hi)
    out["forecast"] = fc
    caus = []
    for i, ci in enumerate(names):
        for j, cj in enumerate(names):
            if i == j:
                continue
            # integer indices: statsmodels looks names up in model.endog_names
            t = res.test_causality(i, [j], kind="f")
            caus.append({"caused": ci, "causing": cj,
                         "statistic": float(t.test_statistic), "pvalue": float(t.pvalue),
                         "df_num": int(t.df[0]), "df_denom": int(t.df[1])})
    out["causality"] = caus
    with open(os.path.join(HERE, case, "expected.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    return res


def synthetic():
    rng = np.random.default_rng(20261129)
    k, T, burn = 3, 160, 100
    a1 = np.array([[0.5, 0.1, 0.0], [0.2, 0.3, -0.1], [0.0, 0.25, 0.4]])
    a2 = np.array([[-0.2, 0.0, 0.1], [0.1, -0.15, 0.0], [0.05, 0.0, 0.2]])
    c = np.array([1.0, -0.5, 0.3])
    chol = np.array([[1.0, 0.0, 0.0], [0.4, 0.8, 0.0], [-0.2, 0.3, 0.6]])
    y = np.zeros((T + burn, k))
    for t in range(2, T + burn):
        y[t] = c + a1 @ y[t - 1] + a2 @ y[t - 2] + chol @ rng.standard_normal(k)
    y = y[burn:]
    dates = pd.period_range("2000-01", periods=T, freq="M").strftime("%Y-%m")
    df = pd.DataFrame({"date": dates, "y1": y[:, 0], "y2": y[:, 1], "y3": y[:, 2]})
    write_input("synthetic_var2", df)
    back = pd.read_csv(os.path.join(HERE, "synthetic_var2", "input.csv"))
    data = back[["y1", "y2", "y3"]].astype(float)
    expected("synthetic_var2", data, 2, "c", 6)
    write_input("synthetic_var2_n", df)
    expected("synthetic_var2_n", data, 2, "n", 6)


def london():
    lev = pd.read_csv(os.path.join(HERE, "london", "levels.csv"))
    q = pd.PeriodIndex(pd.to_datetime(lev["date"]), freq="Q")
    df = pd.DataFrame({
        "date": [f"{p.year} Q{p.quarter}" for p in q],
        "robbery": 100 * np.log(lev["london_robbery_q"]).diff(),
        "theft": 100 * np.log(lev["london_theft_q"]).diff(),
        "cpi": lev["cpi_q"],
        "unemployment": lev["unemployment"].diff(),
    }).dropna().reset_index(drop=True)
    write_input("london", df)
    back = pd.read_csv(os.path.join(HERE, "london", "input.csv"))
    data = back[["robbery", "theft", "cpi", "unemployment"]].astype(float)
    expected("london", data, 2, "c", 6)
    print("london sample", back["date"].iloc[0], "to", back["date"].iloc[-1], len(back))


if __name__ == "__main__":
    print("statsmodels", statsmodels.__version__, "numpy", np.__version__, "pandas", pd.__version__)
    synthetic()
    london()
