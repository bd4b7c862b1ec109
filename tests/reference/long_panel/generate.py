"""Reference regressions on a long (tidy) borough panel, from statsmodels.

Input: monthly robbery and theft offences recorded by the Metropolitan Police
in three London boroughs (Camden, Croydon, Newham), January to December 2022,
one row per borough and month (so each month repeats three times), with the
ONS CPI annual rate (MM23 D7G7, release 2024-02-14) and each borough's
Census 2021 population (GLA, london_borough_population_1801-2021.xlsx).

The designs are built here explicitly (treatment-coded borough and month
dummies, the first level the base, as patsy and colcrime code `C(col)`), so
the reference does not depend on a formula library's naming; the parameter
names are colcrime's.

Run from the repository root (needs pandas, statsmodels and openpyxl):
    python3 tests/reference/long_panel/generate.py
"""
import json, os, sys
import numpy as np, pandas as pd
import statsmodels, statsmodels.api as sm

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OUT = os.path.dirname(os.path.abspath(__file__))
MON = ["JAN","FEB","MAR","APR","MAY","JUN","JUL","AUG","SEP","OCT","NOV","DEC"]
BOROUGHS = ["Camden", "Croydon", "Newham"]
MONTHS = [f"2022{m:02d}" for m in range(1, 13)]
MET = "notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv"
CPI = "notebooks-data/ons_mm23/d7g7_cpi_annual_rate_rel2024-02-14.csv"
POP = "notebooks-data/london_econ/london_borough_population_1801-2021.xlsx"


def build():
    met = pd.read_csv(os.path.join(ROOT, MET))
    major = met["MajorText"].str.upper()
    cpi = {}
    with open(os.path.join(ROOT, CPI)) as f:
        for line in f:
            parts = [p.strip('"\n') for p in line.split('","')]
            if len(parts) == 2 and len(parts[0]) == 8 and parts[0][5:] in MON:
                cpi[f"{parts[0][:4]}{MON.index(parts[0][5:]) + 1:02d}"] = float(parts[1])
    pop = pd.read_excel(os.path.join(ROOT, POP), sheet_name="data").set_index("area")["2021"]
    rows = []
    # Long form, sorted by borough then month: each month repeats once per borough.
    for b in BOROUGHS:
        here = met["BoroughName"] == b
        rob = met[here & (major == "ROBBERY")][MONTHS].sum(axis=0)
        theft = met[here & (major == "THEFT")][MONTHS].sum(axis=0)
        for m in MONTHS:
            rows.append({"date": f"{m[:4]}-{m[4:]}", "borough": b, "robbery": int(rob[m]),
                         "theft": int(theft[m]), "cpi": cpi[m], "pop": int(pop[b])})
    return pd.DataFrame(rows)


def dummies(df, col, prefix):
    levels = sorted(df[col].unique())
    return pd.DataFrame({f"{prefix}[T.{v}]": (df[col] == v).astype(float) for v in levels[1:]},
                        index=df.index)


def design(df, cols, borough=True, month=False):
    X = pd.DataFrame({"const": 1.0}, index=df.index)
    for name, values in cols:
        X[name] = values
    if borough:
        X = X.join(dummies(df, "borough", "C(borough)"))
    if month:
        X = X.join(dummies(df, "date", "C(date)"))
    return X


def common(res, names):
    return {"param_names": names, "params": list(np.asarray(res.params)),
            "bse": list(np.asarray(res.bse)), "tvalues": list(np.asarray(res.tvalues)),
            "pvalues": list(np.asarray(res.pvalues)), "conf_int": np.asarray(res.conf_int()).tolist(),
            "nobs": float(res.nobs), "llf": float(res.llf)}


def ols_case(df, formula, X, train_end=None):
    y = np.log(df["robbery"])
    res = sm.OLS(y, X).fit()
    j = common(res, list(X.columns))
    j.update(formula=formula, df_model=float(res.df_model), df_resid=float(res.df_resid),
             rsquared=float(res.rsquared), rsquared_adj=float(res.rsquared_adj),
             fvalue=float(res.fvalue), ssr=float(res.ssr), aic=float(res.aic), bic=float(res.bic))
    if train_end:
        j["train_end"] = train_end
    return j


def main():
    df = build()
    case = os.path.join(OUT, "boroughs_2022")
    os.makedirs(case, exist_ok=True)
    df.to_csv(os.path.join(case, "input.csv"), index=False)
    out = {}
    lt = ("log(theft)", np.log(df["theft"]))
    out["ols_borough_fe"] = ols_case(
        df, "log(robbery) ~ log(theft) + cpi + C(borough)", design(df, [lt, ("cpi", df["cpi"])]))
    out["ols_two_way_fe"] = ols_case(
        df, "log(robbery) ~ log(theft) + C(borough) + C(date)", design(df, [lt], month=True))
    # --train-end 2022-09: the rows dated on or before September, every borough.
    sub = df[df["date"] <= "2022-09"]
    out["ols_train_end"] = ols_case(
        sub, "log(robbery) ~ log(theft) + cpi + C(borough)",
        design(sub, [("log(theft)", np.log(sub["theft"])), ("cpi", sub["cpi"])]), train_end="2022-09")
    formula = "robbery ~ cpi + C(borough) + offset(log(pop))"
    X = design(df, [("cpi", df["cpi"])])
    off = np.log(df["pop"].astype(float))
    res = sm.GLM(df["robbery"], X, family=sm.families.Poisson(), offset=off).fit(tol=1e-14, maxiter=200)
    j = common(res, list(X.columns))
    k = X.shape[1]
    j.update(formula=formula, family="poisson", df_model=float(res.df_model),
             df_resid=float(res.df_resid), deviance=float(res.deviance),
             pearson_chi2=float(res.pearson_chi2), aic=float(-2 * res.llf + 2 * k))
    out["glm_poisson"] = j
    # Newton from its own default start steps to a negative alpha on these
    # data: BFGS from the Poisson estimates and alpha = 0.1 first, then Newton.
    model = sm.NegativeBinomial(df["robbery"], X, loglike_method="nb2", offset=off)
    start = model.fit(start_params=np.append(np.asarray(res.params), 0.1), method="bfgs",
                      maxiter=2000, gtol=1e-10, disp=0)
    nb = model.fit(start_params=np.asarray(start.params), method="newton", maxiter=200,
                   tol=1e-14, disp=0)
    assert nb.mle_retvals["converged"] and np.all(np.isfinite(np.asarray(nb.params)))
    p = np.asarray(nb.params)
    j = common(nb, list(X.columns))
    for key in ["params", "bse", "tvalues", "pvalues", "conf_int"]:
        j[key] = j[key][:-1]
    j.update(formula=formula, family="negbin", alpha=float(p[-1]),
             alpha_bse=float(np.asarray(nb.bse)[-1]))
    out["glm_negbin"] = j
    with open(os.path.join(case, "expected.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    with open(os.path.join(OUT, "SOURCE.md"), "w") as f:
        f.write(f"""# Long-panel regression reference values

- Tool: statsmodels {statsmodels.__version__}, pandas {pd.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}.
  OLS: `sm.OLS(log(robbery), X).fit()` (nonrobust). Poisson:
  `sm.GLM(robbery, X, family=Poisson(), offset=log(pop)).fit(tol=1e-14)`; `aic` is
  `-2 llf + 2k`. NB2: `sm.NegativeBinomial(robbery, X, loglike_method="nb2",
  offset=log(pop)).fit(method="newton", tol=1e-14)` started from a BFGS fit (itself started at
  the Poisson estimates and alpha 0.1: Newton from statsmodels' default start diverges on these
  data); alpha and the standard errors from the full Hessian. The designs `X` are built
  explicitly, with treatment-coded dummies (the first level is the base), and named as colcrime
  names them.
- Command: `python3 tests/reference/long_panel/generate.py` from the repository root.
- Input `boroughs_2022/input.csv`: a long (tidy) panel, one row per borough and month, sorted by borough
  then month, so each month repeats once per borough: monthly robbery and theft offences (sums over
  the minor categories of `ROBBERY` and `THEFT`) in Camden, Croydon and Newham, 2022-01..2022-12,
  from the Metropolitan Police borough file
  `notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv`; the ONS
  CPI annual rate D7G7 (`notebooks-data/ons_mm23/d7g7_cpi_annual_rate_rel2024-02-14.csv`); each
  borough's Census 2021 population (`notebooks-data/london_econ/london_borough_population_1801-2021.xlsx`,
  GLA). Contains public sector information licensed under the Open Government Licence v3.0.
- Cases in `boroughs_2022/expected.json`: `ols_borough_fe`, `ols_two_way_fe` (borough and month fixed effects),
  `ols_train_end` (rows dated 2022-09 or earlier, every borough), `glm_poisson`, `glm_negbin`.
""")

main()
