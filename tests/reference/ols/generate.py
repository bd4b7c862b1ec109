"""Reference OLS results from statsmodels on a noisy real-data case.

Input: quarterly London robbery offences (Metropolitan Police borough file,
ROBBERY OF BUSINESS + PERSONAL PROPERTY summed over boroughs and the three
months of each quarter, 2010 Q2 - 2023 Q3) and the ONS CPI index D7BT
(quarterly averages as published in MM23, release 2024-02-14), both from
notebooks-data/ (see notebooks-data PROVENANCE).

Run from the repository root: python3 tests/reference/ols/generate.py
"""
import json, os, sys
import numpy as np, pandas as pd
import statsmodels, statsmodels.api as sm

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OUT = os.path.dirname(os.path.abspath(__file__))

def build_input():
    met = pd.read_csv(os.path.join(ROOT, "notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv"))
    rob = met[met["MajorText"].str.upper() == "ROBBERY"]
    months = [c for c in met.columns if c.isdigit()]
    monthly = rob[months].sum(axis=0)
    q = {}
    for m, v in monthly.items():
        y, mo = int(m[:4]), int(m[4:])
        key = f"{y} Q{(mo - 1) // 3 + 1}"
        q.setdefault(key, []).append(v)
    q = {k: sum(v) for k, v in q.items() if len(v) == 3}
    cpi = {}
    with open(os.path.join(ROOT, "notebooks-data/ons_mm23/d7bt_cpi_index_rel2024-02-14.csv")) as f:
        for line in f:
            parts = [p.strip('"\n') for p in line.split('","')]
            if len(parts) == 2 and " Q" in parts[0]:
                cpi[parts[0]] = float(parts[1])
    keys = [k for k in q if k in cpi]
    return pd.DataFrame({"date": keys, "robbery": [float(q[k]) for k in keys], "cpi": [cpi[k] for k in keys]})

def result_json(res, formula):
    return {
        "formula": formula,
        "param_names": list(res.model.exog_names),
        "params": list(res.params), "bse": list(res.bse), "tvalues": list(res.tvalues),
        "pvalues": list(res.pvalues), "conf_int": np.asarray(res.conf_int()).tolist(),
        "nobs": res.nobs, "df_model": res.df_model, "df_resid": res.df_resid,
        "rsquared": res.rsquared, "rsquared_adj": res.rsquared_adj,
        "fvalue": float(res.fvalue), "f_pvalue": float(res.f_pvalue), "llf": res.llf,
        "aic": res.aic, "bic": res.bic, "ssr": res.ssr, "ess": res.ess,
        "centered_tss": res.centered_tss, "mse_resid": res.mse_resid, "scale": res.scale,
        "durbin_watson": float(sm.stats.durbin_watson(res.resid)),
        "resid": list(res.resid), "fittedvalues": list(res.fittedvalues),
        "cov_type": res.cov_type,
    }

def main():
    df = build_input()
    case = os.path.join(OUT, "robbery_cpi")
    os.makedirs(case, exist_ok=True)
    df.to_csv(os.path.join(case, "input.csv"), index=False, float_format="%.17g")
    y = np.log(df["robbery"])
    X = pd.DataFrame({"const": 1.0, "log(cpi)": np.log(df["cpi"]),
                      "lag(log(robbery), 1)": np.log(df["robbery"]).shift(1)})
    keep = X.notna().all(axis=1)
    formula = "log(robbery) ~ log(cpi) + lag(log(robbery), 1)"
    fits = {
        "nonrobust": dict(cov_type="nonrobust"),
        "HC0": dict(cov_type="HC0"), "HC1": dict(cov_type="HC1"),
        "HC2": dict(cov_type="HC2"), "HC3": dict(cov_type="HC3"),
        "HAC4": dict(cov_type="HAC", cov_kwds={"maxlags": 4}),
        "HAC4_corr": dict(cov_type="HAC", cov_kwds={"maxlags": 4, "use_correction": True}),
    }
    out = {}
    for name, kw in fits.items():
        res = sm.OLS(y[keep], X[keep]).fit(**kw)
        j = result_json(res, formula)
        j["dropped"] = int((~keep).sum())
        out[name] = j
    # No intercept: uncentered R², df_model = k.
    Xn = pd.DataFrame({"cpi": df["cpi"], "I(cpi^2)": df["cpi"] ** 2})
    res = sm.OLS(df["robbery"], Xn).fit()
    out["nocons"] = result_json(res, "robbery ~ cpi + I(cpi^2) - 1")
    out["nocons"]["dropped"] = 0
    with open(os.path.join(case, "expected.json"), "w") as f:
        json.dump(out, f, indent=1)
    with open(os.path.join(OUT, "SOURCE.md"), "w") as f:
        f.write(f"""# OLS reference values

- Tool: statsmodels {statsmodels.__version__} (`sm.OLS(...).fit(cov_type=...)`), numpy {np.__version__},
  pandas {pd.__version__}, Python {sys.version.split()[0]}.
- Command: `python3 tests/reference/ols/generate.py` from the repository root.
- Input: `robbery_cpi/input.csv`, built by the script from notebooks-data/ (Metropolitan Police
  borough-level crime, robbery offences summed by quarter; ONS MM23 CPI index D7BT, quarterly),
  Open Government Licence v3.0 / as described in notebooks-data PROVENANCE.
- Cases: `{formula}` with nonrobust, HC0-HC3, HAC (maxlags 4) with and without the
  small-sample correction; `robbery ~ cpi + I(cpi^2) - 1` (no intercept).
- statsmodels is BSD-3-Clause; only its outputs are committed.
""")

main()
