"""Reference count-model results from statsmodels on a noisy real-data case.

Input: monthly robbery offences in the London Borough of Kingston upon Thames
(Metropolitan Police borough file, ROBBERY OF BUSINESS + PERSONAL PROPERTY,
2010-04 .. 2023-11) with the ONS CPI annual rate (MM23 D7G7, release
2024-02-14), a time trend and the days in each month (exposure).

Run from the repository root: python3 tests/reference/glm/generate.py
"""
import calendar, json, os, sys
import numpy as np, pandas as pd
import statsmodels, statsmodels.api as sm

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OUT = os.path.dirname(os.path.abspath(__file__))
MON = ["JAN","FEB","MAR","APR","MAY","JUN","JUL","AUG","SEP","OCT","NOV","DEC"]

def build():
    met = pd.read_csv(os.path.join(ROOT, "notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv"))
    rob = met[(met["MajorText"].str.upper() == "ROBBERY") & (met["BoroughName"] == "Kingston upon Thames")]
    months = [c for c in met.columns if c.isdigit()]
    counts = rob[months].sum(axis=0)
    cpi = {}
    with open(os.path.join(ROOT, "notebooks-data/ons_mm23/d7g7_cpi_annual_rate_rel2024-02-14.csv")) as f:
        for line in f:
            parts = [p.strip('"\n') for p in line.split('","')]
            if len(parts) == 2 and len(parts[0]) == 8 and parts[0][5:] in MON:
                cpi[f"{parts[0][:4]}{MON.index(parts[0][5:]) + 1:02d}"] = float(parts[1])
    rows = []
    for t, m in enumerate(months):
        if m in cpi:
            y, mo = int(m[:4]), int(m[4:])
            rows.append({"date": f"{y}-{mo:02d}-01", "robbery": float(counts[m]), "cpi": cpi[m],
                         "t": float(t), "days": float(calendar.monthrange(y, mo)[1])})
    return pd.DataFrame(rows)

def common(res, formula, names):
    return {"formula": formula, "param_names": names,
            "params": list(np.asarray(res.params)), "bse": list(np.asarray(res.bse)),
            "tvalues": list(np.asarray(res.tvalues)), "pvalues": list(np.asarray(res.pvalues)),
            "conf_int": np.asarray(res.conf_int()).tolist(), "nobs": float(res.nobs),
            "llf": float(res.llf)}

def main():
    df = build()
    case = os.path.join(OUT, "kingston_robbery")
    os.makedirs(case, exist_ok=True)
    df.to_csv(os.path.join(case, "input.csv"), index=False, float_format="%.17g")
    X = pd.DataFrame({"const": 1.0, "cpi": df["cpi"], "t": df["t"]})
    names = ["const", "cpi", "t"]
    y = df["robbery"]
    off = np.log(df["days"])
    out = {}
    formula = "robbery ~ cpi + t + offset(log(days))"
    for fam, kw in [("poisson", {}), ("quasipoisson", {"scale": "X2"})]:
        res = sm.GLM(y, X, family=sm.families.Poisson(), offset=off).fit(tol=1e-14, maxiter=200, **kw)
        j = common(res, formula, names)
        j.update(df_model=float(res.df_model), df_resid=float(res.df_resid), deviance=float(res.deviance),
                 null_deviance=float(res.null_deviance), pearson_chi2=float(res.pearson_chi2),
                 aic=float(-2 * res.llf + 2 * len(names)), aic_statsmodels=float(res.aic),
                 bic=float(-2 * res.llf + len(names) * np.log(res.nobs)), scale=float(res.scale))
        out[fam] = j
    nb = sm.NegativeBinomial(y, X, loglike_method="nb2", offset=off).fit(
        method="newton", maxiter=200, tol=1e-14, disp=0)
    p = np.asarray(nb.params)
    j = common(nb, formula, names)
    for key in ["params", "bse", "tvalues", "pvalues", "conf_int"]:
        j[key] = j[key][:-1]
    j["alpha"], j["alpha_bse"] = float(p[-1]), float(np.asarray(nb.bse)[-1])
    j["aic"], j["bic"] = float(nb.aic), float(nb.bic)
    glm = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=p[-1]), offset=off).fit(
        start_params=p[:-1], tol=1e-14, maxiter=200)
    j.update(deviance=float(glm.deviance), null_deviance=float(glm.null_deviance),
             pearson_chi2=float(glm.pearson_chi2), df_model=float(glm.df_model), df_resid=float(glm.df_resid))
    out["negbin"] = j
    with open(os.path.join(case, "expected.json"), "w") as f:
        json.dump(out, f, indent=1)
    with open(os.path.join(OUT, "SOURCE.md"), "w") as f:
        f.write(f"""# Count-model reference values

- Tool: statsmodels {statsmodels.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}.
  Poisson and quasi-Poisson: `sm.GLM(y, X, family=Poisson(), offset=log(days)).fit(tol=1e-14)`
  (quasi-Poisson with `scale="X2"`). NB2: `sm.NegativeBinomial(y, X, loglike_method="nb2",
  offset=...).fit(method="newton", tol=1e-14)` (alpha and its standard error from the full Hessian);
  its deviance, null deviance and Pearson chi2 from `sm.GLM(..., family=NegativeBinomial(alpha))`
  at the ML alpha. `aic`/`bic` for Poisson are `-2 llf + 2k`, `-2 llf + k log n` (the contract's
  definitions; statsmodels' GLM `bic` is deviance-based).
- Command: `python3 tests/reference/glm/generate.py` from the repository root.
- Input `kingston_robbery/input.csv`: monthly robbery in Kingston upon Thames (Metropolitan Police
  borough file) 2010-04..2023-11 with the ONS CPI annual rate D7G7 and days per month, built by the
  script from notebooks-data/ (Open Government Licence v3.0).
""")

main()
