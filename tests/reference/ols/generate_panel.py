"""Reference cluster-robust OLS, categorical-term fits and diagnostics from statsmodels.

Real case (borough_panel/): London borough x calendar year, 2011-2022, 32 boroughs
(City of London has no model-based unemployment estimate and is left out):
  robbery      = ROBBERY (business + personal property) offences recorded by the
                 Metropolitan Police in the borough in the year (sum of 12 months),
                 notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv
  unemployment = ONS model-based unemployment rate (%), Jan-Dec of the year,
                 notebooks-data/london_econ/nomis_model_unemployment_rate_london_boroughs_2004-2024.csv
Model: log(robbery) ~ unemployment + C(borough) + C(year), clustered by borough.
(A rate per 100,000 needs yearly borough populations, which notebooks-data only has as
.xlsx census tables; with borough fixed effects log(count) differs from log(rate) only
by the log-population change within a borough.)

Synthetic case (synthetic_cluster/): seeded panel of 15 groups of unequal size with a
group-level error, y = 1 + 0.5 x1 - 0.25 x2 + u_g + e.

Run from the repository root: python3 tests/reference/ols/generate_panel.py
"""
import json, os
import numpy as np, pandas as pd
import statsmodels, statsmodels.api as sm
import statsmodels.formula.api as smf
from statsmodels.stats.outliers_influence import variance_inflation_factor, OLSInfluence
from statsmodels.stats.diagnostic import acorr_breusch_godfrey, het_breuschpagan, linear_reset
from statsmodels.stats.stattools import jarque_bera

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OUT = os.path.dirname(os.path.abspath(__file__))
YEARS = list(range(2011, 2023))


def build_panel():
    met = pd.read_csv(os.path.join(ROOT, "notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv"))
    rob = met[met["MajorText"].str.upper() == "ROBBERY"]
    months = [c for c in met.columns if c.isdigit()]
    by = rob.groupby("BoroughName")[months].sum()
    rows = []
    unemp = {}
    with open(os.path.join(ROOT, "notebooks-data/london_econ/nomis_model_unemployment_rate_london_boroughs_2004-2024.csv")) as f:
        lines = f.read().splitlines()
    import csv
    rdr = list(csv.reader(lines))
    header = next(r for r in rdr if r and r[0] == "Area")
    for r in rdr:
        if r and r[0].startswith("ladu2023:"):
            name = r[0].split(":", 1)[1]
            for j, h in enumerate(header):
                if h.startswith("Jan ") and h.endswith(tuple(str(y) for y in YEARS)):
                    y = int(h[-4:])
                    try:
                        unemp[(name, y)] = float(r[j])
                    except ValueError:
                        pass
    for b in sorted(by.index):
        for y in YEARS:
            if (b, y) not in unemp:
                continue
            cols = [m for m in months if m.startswith(str(y))]
            assert len(cols) == 12
            rows.append({"borough": b, "year": y, "robbery": float(by.loc[b, cols].sum()), "unemployment": unemp[(b, y)]})
    return pd.DataFrame(rows)


def res_json(res, names):
    d = {
        "param_names": names,
        "params": list(res.params), "bse": list(res.bse), "tvalues": list(res.tvalues),
        "pvalues": list(res.pvalues), "conf_int": np.asarray(res.conf_int()).tolist(),
        "nobs": res.nobs, "df_model": res.df_model, "df_resid": res.df_resid,
        "rsquared": res.rsquared, "fvalue": float(np.squeeze(res.fvalue)), "f_pvalue": float(np.squeeze(res.f_pvalue)),
        "ssr": res.ssr, "llf": res.llf, "cov_type": res.cov_type, "use_t": bool(res.use_t),
    }
    return d


def rename(n):
    return "const" if n == "Intercept" else n


def diagnostics_json(res):
    X = res.model.exog
    y = res.model.endog
    bg = acorr_breusch_godfrey(res, nlags=2)
    bp = het_breuschpagan(res.resid, X)
    rs = linear_reset(res, power=3, use_f=True)
    jb = jarque_bera(res.resid)
    infl = OLSInfluence(res)
    const = [i for i in range(X.shape[1]) if np.all(X[:, i] == 1.0)]
    vif = {res.model.exog_names[i]: variance_inflation_factor(X, i) for i in range(X.shape[1]) if i not in const}
    return {
        "breusch_godfrey_2": {"lm": bg[0], "lm_pvalue": bg[1], "fvalue": bg[2], "f_pvalue": bg[3]},
        "breusch_pagan": {"lm": bp[0], "lm_pvalue": bp[1], "fvalue": bp[2], "f_pvalue": bp[3]},
        "reset_3": {"fvalue": float(np.squeeze(rs.fvalue)), "pvalue": float(rs.pvalue)},
        "jarque_bera": {"statistic": jb[0], "pvalue": jb[1], "skew": jb[2], "kurtosis": jb[3]},
        "condition_number": float(res.condition_number),
        "vif": vif,
        "leverage": list(infl.hat_matrix_diag),
        "cooks_distance": list(infl.cooks_distance[0]),
    }


def main():
    out = {"statsmodels": statsmodels.__version__}
    panel = build_panel()
    case = os.path.join(OUT, "borough_panel")
    os.makedirs(case, exist_ok=True)
    panel.to_csv(os.path.join(case, "input.csv"), index=False, float_format="%.17g")
    panel = pd.read_csv(os.path.join(case, "input.csv"))
    f = "np.log(robbery) ~ unemployment + C(borough) + C(year)"
    mod = smf.ols(f, data=panel)
    names = [rename(n) for n in mod.exog_names]
    res_cl = mod.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(panel["borough"])[0]})
    res_nr = mod.fit()
    out["panel_cluster"] = res_json(res_cl, names)
    out["panel_nonrobust"] = res_json(res_nr, names)
    # Small model for diagnostics on the real panel (no dummies: VIF is meaningful).
    f2 = "np.log(robbery) ~ unemployment + year"
    r2 = smf.ols(f2, data=panel).fit()
    out["panel_small"] = res_json(r2, [rename(n) for n in r2.model.exog_names])
    out["panel_small"]["diagnostics"] = diagnostics_json(r2)

    rng = np.random.default_rng(20261129)
    sizes = rng.integers(3, 12, size=15)
    g = np.repeat(np.arange(15), sizes)
    n = len(g)
    x1 = rng.normal(size=n) + 0.5 * rng.normal(size=15)[g]
    x2 = rng.uniform(0, 4, size=n)
    y = 1 + 0.5 * x1 - 0.25 * x2 + rng.normal(scale=0.8, size=15)[g] + rng.normal(size=n) * (0.5 + 0.3 * x2)
    labels = np.array([f"g{j:02d}" for j in range(15)])[g]
    syn = pd.DataFrame({"group": labels, "y": y, "x1": x1, "x2": x2})
    case = os.path.join(OUT, "synthetic_cluster")
    os.makedirs(case, exist_ok=True)
    syn.to_csv(os.path.join(case, "input.csv"), index=False, float_format="%.17g")
    syn = pd.read_csv(os.path.join(case, "input.csv"))
    m = smf.ols("y ~ x1 + x2", data=syn)
    rc = m.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(syn["group"])[0]})
    out["synthetic_cluster"] = res_json(rc, [rename(n) for n in m.exog_names])
    rn = m.fit()
    out["synthetic_nonrobust"] = res_json(rn, [rename(n) for n in m.exog_names])
    out["synthetic_nonrobust"]["diagnostics"] = diagnostics_json(rn)
    # No intercept, full dummy coding of the first categorical.
    m3 = smf.ols("y ~ 0 + C(group) + x1", data=syn)
    r3 = m3.fit()
    out["synthetic_noint"] = res_json(r3, list(m3.exog_names))
    with open(os.path.join(OUT, "expected_panel.json"), "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
