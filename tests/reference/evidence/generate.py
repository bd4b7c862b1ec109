#!/usr/bin/env python3
"""Reference values of the evidence table's growth regressions, NB2 count
models and VAR crime equations (src/workspace/review.rs), from statsmodels on the default workspace's
quarterly series.

Run from the repository root: python3 tests/reference/evidence/generate.py
Input: london_q/input.csv, written by
  colcrime data export notebooks-data/workspace.toml --series london_robbery_q,london_shoplifting_q,\
london_other_theft_q,cpi_q,food_inflation_q,real_pay_growth_q,unemployment,lockdown,london_pop_q
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
df = pd.read_csv(os.path.join(HERE, "london_q", "input.csv"), parse_dates=["date"])
df["quarter"] = df["date"].dt.quarter
start = df.index[df["date"] == "2011-04-01"][0]
# The linear trend counts quarters from the sample's first (colcrime counts
# from the frame's first row: the origin moves only the intercept, and
# statsmodels' Newton steps converge from this scaling).
df["trend"] = np.arange(len(df), dtype=float) - start
pre_end = df.index[df["date"] == "2019-10-01"][0]

crimes = {"robbery": "london_robbery_q", "shoplifting": "london_shoplifting_q", "other_theft": "london_other_theft_q"}
drivers = {"cpi_inflation": "cpi_q", "food_inflation": "food_inflation_q", "real_earnings_growth": "real_pay_growth_q"}


def label(d):
    return f"{d.year} Q{d.quarter}"


def row(res, name, dates):
    ci = np.asarray(res.conf_int())
    i = list(res.model.exog_names).index(name)
    return {"estimate": float(res.params.iloc[i]), "ci95": [float(ci[i, 0]), float(ci[i, 1])],
            "p": float(res.pvalues.iloc[i]), "n": int(res.nobs), "sample": [label(dates.iloc[0]), label(dates.iloc[-1])]}


out = {}
for cid, cs in crimes.items():
    for did, ds in drivers.items():
        for sub, last in (("full", len(df) - 1), ("pre_covid", pre_end)):
            d = df.loc[start:last].copy()
            # Annual growth uses the quarter a year before the sample's first.
            g = 100.0 * (df[cs] / df[cs].shift(4) - 1.0)
            d["growth"] = g.loc[start:last]
            # A control that does not vary over the sample (the Covid-19 dummy
            # before 2020) is left out.
            ctl = ["lockdown"] if d["lockdown"].nunique() > 1 else []
            o = d[["growth", ds, "date"] + ctl].dropna()
            X = sm.add_constant(o[[ds] + ctl])
            ols = sm.OLS(o["growth"], X).fit(cov_type="HAC", cov_kwds={"maxlags": 4})
            out.setdefault(f"{cid}/{did}/ols_growth_hac", {})[sub] = row(ols, ds, o["date"])
            c = d[[cs, ds, "trend", "quarter", "london_pop_q", "date"] + ctl].dropna()
            Xc = pd.concat([c[[ds] + ctl + ["trend"]],
                            pd.get_dummies(c["quarter"], prefix="q", drop_first=True).astype(float)], axis=1)
            Xc = sm.add_constant(Xc)
            model = sm.NegativeBinomial(c[cs], Xc, loglike_method="nb2", offset=np.log(c["london_pop_q"]))
            # Newton from statsmodels' default start fails on these counts (a
            # singular Hessian at the Poisson start): Nelder-Mead, BFGS, then
            # Newton to full precision from their point.
            rough = model.fit(method="nm", maxiter=20000, disp=0)
            rough = model.fit(start_params=rough.params, method="bfgs", maxiter=5000, disp=0)
            nb = model.fit(start_params=rough.params, method="newton", maxiter=200, tol=1e-14, disp=0)
            out.setdefault(f"{cid}/{did}/nb2_count", {})[sub] = row(nb, ds, c["date"])
            # The crime equation of a VAR(2) in (crime growth, driver), the
            # controls exogenous, by least squares: the sum of the driver's
            # two lag coefficients, with its interval and p from the
            # equation's covariance (a linear combination of the estimates).
            v = pd.DataFrame({"date": df["date"], "g": g})
            v["g1"], v["g2"] = g.shift(1), g.shift(2)
            v["x1"], v["x2"] = df[ds].shift(1), df[ds].shift(2)
            for cc in ctl:
                v[cc] = df[cc]
            v = v.loc[start:last].dropna()
            Xv = sm.add_constant(v[["g1", "g2", "x1", "x2"] + ctl])
            var_eq = sm.OLS(v["g"], Xv).fit()
            t = var_eq.t_test("x1 + x2")
            lo, hi = np.asarray(t.conf_int()).ravel()
            out.setdefault(f"{cid}/{did}/granger_var", {})[sub] = {
                "estimate": float(np.asarray(t.effect).ravel()[0]), "ci95": [float(lo), float(hi)],
                "p": float(np.asarray(t.pvalue).ravel()[0]), "n": int(var_eq.nobs),
                "sample": [label(v["date"].iloc[0]), label(v["date"].iloc[-1])]}

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(out, f, indent=1)
print(len(out), "cases")
