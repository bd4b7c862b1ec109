"""Reference two-way cluster-robust OLS (Cameron, Gelbach & Miller 2011) from statsmodels.

statsmodels: `smf.ols(f, data).fit(cov_type="cluster", cov_kwds={"groups": np.column_stack([g1, g2])})`,
which calls `sandwich_covariance.cov_cluster_2groups`: V = V1 + V2 - V12, each a one-way CRV1
with its own small-sample factor G/(G-1) (n-1)/(n-k) (V12 clusters on the intersections), no
eigenvalue adjustment; tests use df G - 1 with G = min(G1, G2); z statistics (use_t False).

Real case (twoway_cluster/input.csv): the London borough x year panel of
tests/reference/ols/interactions (robbery offences and the model-based unemployment rate,
2011-2022, 32 boroughs, from notebooks-data/), clustered by borough and by year.

Synthetic case (twoway_synthetic/input.csv): seeded (numpy default_rng(20261130)) 40 firms x
8 years with 0-3 observations per firm-year (so the intersections have several rows and some
are empty), firm and year shocks in both x and the error.

Run from the repository root: python3 tests/reference/ols/twoway_cluster/generate.py
"""
import importlib.util, json, os, sys
import numpy as np, pandas as pd
import statsmodels
import statsmodels.formula.api as smf

HERE = os.path.dirname(os.path.abspath(__file__))
SYN = os.path.join(HERE, "..", "twoway_synthetic")


def res_json(res, names, groups):
    return {
        "groups": groups,
        "param_names": names,
        "params": list(res.params), "bse": list(res.bse), "tvalues": list(res.tvalues),
        "pvalues": list(res.pvalues), "conf_int": np.asarray(res.conf_int()).tolist(),
        "nobs": res.nobs, "df_model": res.df_model, "df_resid": res.df_resid,
        "rsquared": res.rsquared, "fvalue": float(np.squeeze(res.fvalue)),
        "f_pvalue": float(np.squeeze(res.f_pvalue)), "ssr": res.ssr, "llf": res.llf,
        "cov_type": res.cov_type, "use_t": bool(res.use_t),
        "cov_params": np.asarray(res.cov_params()).tolist(),
    }


def finite(v):
    """Non-finite floats as the strings "NaN", "Infinity", "-Infinity" (colcrime's JSON)."""
    if isinstance(v, float) and not np.isfinite(v):
        return "NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, dict):
        return {k: finite(x) for k, x in v.items()}
    if isinstance(v, list):
        return [finite(x) for x in v]
    return v


def rename(n):
    return "const" if n == "Intercept" else n.replace("np.log(", "log(")


def fit(df, ours, theirs, cols, use_correction=True):
    mod = smf.ols(theirs, data=df)
    codes = np.column_stack([pd.factorize(df[c])[0] for c in cols]) if len(cols) == 2 else pd.factorize(df[cols[0]])[0]
    res = mod.fit(cov_type="cluster", cov_kwds={"groups": codes, "use_correction": use_correction})
    j = res_json(res, [rename(n) for n in mod.exog_names], cols)
    j["formula"] = ours
    j["use_correction"] = use_correction
    j["n_groups"] = [int(df[c].nunique()) for c in cols]
    return j


def main():
    spec = importlib.util.spec_from_file_location("gi", os.path.join(HERE, "..", "interactions", "generate.py"))
    gi = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gi)
    spec = importlib.util.spec_from_file_location("gp", os.path.join(HERE, "..", "generate_panel.py"))
    gp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gp)
    panel = gp.build_panel()
    panel["zone"] = ["Inner" if b in gi.INNER else "Outer" for b in panel["borough"]]
    panel.to_csv(os.path.join(HERE, "input.csv"), index=False, float_format="%.17g")
    panel = pd.read_csv(os.path.join(HERE, "input.csv"))
    out = {"statsmodels": statsmodels.__version__, "fits": {}}
    out["fits"]["zone_twoway"] = fit(panel, "log(robbery) ~ unemployment + C(zone)",
                                     "np.log(robbery) ~ unemployment + C(zone)", ["borough", "year"])
    out["fits"]["fe_twoway"] = fit(panel, "log(robbery) ~ unemployment + C(borough) + C(year)",
                                   "np.log(robbery) ~ unemployment + C(borough) + C(year)", ["borough", "year"])
    out["fits"]["zone_oneway_year"] = fit(panel, "log(robbery) ~ unemployment + C(zone)",
                                          "np.log(robbery) ~ unemployment + C(zone)", ["year"])
    with open(os.path.join(HERE, "expected.json"), "w") as fh:
        json.dump(finite(out), fh, indent=1)

    rng = np.random.default_rng(20261130)
    rows = []
    firm_fx = rng.normal(size=40)
    year_fx = rng.normal(size=8)
    for f in range(40):
        for t in range(8):
            for _ in range(rng.integers(0, 4)):
                x1 = rng.normal() + 0.7 * firm_fx[f] + 0.5 * year_fx[t]
                x2 = rng.uniform(0, 3)
                u = 0.8 * firm_fx[f] + 0.6 * year_fx[t] + rng.normal()
                rows.append({"firm": f"f{f:02d}", "year": 2001 + t, "y": 0.5 + 1.0 * x1 - 0.3 * x2 + u,
                             "x1": x1, "x2": x2})
    syn = pd.DataFrame(rows)
    os.makedirs(SYN, exist_ok=True)
    syn.to_csv(os.path.join(SYN, "input.csv"), index=False, float_format="%.17g")
    syn = pd.read_csv(os.path.join(SYN, "input.csv"))
    so = {"statsmodels": statsmodels.__version__, "fits": {}}
    so["fits"]["twoway"] = fit(syn, "y ~ x1 + x2", "y ~ x1 + x2", ["firm", "year"])
    so["fits"]["twoway_nocorr"] = fit(syn, "y ~ x1 + x2", "y ~ x1 + x2", ["firm", "year"], use_correction=False)
    so["fits"]["twoway_interaction"] = fit(syn, "y ~ x1*x2", "y ~ x1*x2", ["year", "firm"])
    with open(os.path.join(SYN, "expected.json"), "w") as fh:
        json.dump(finite(so), fh, indent=1)
    print(f"statsmodels {statsmodels.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"Python {sys.version.split()[0]}; synthetic rows {len(syn)}")


if __name__ == "__main__":
    main()
