"""Reference OLS fits with interaction terms from the statsmodels formula API (patsy).

Input (input.csv): the real London borough x year panel of tests/reference/ols/borough_panel
(built by ../generate_panel.py from notebooks-data/: Metropolitan Police robbery offences per
borough and calendar year 2011-2022, ONS model-based unemployment rate), plus two derived columns:
  zone  = "Inner" or "Outer" London, the ONS statistical definition of Inner London
          (Camden, City of London, Hackney, Hammersmith and Fulham, Haringey, Islington,
          Kensington and Chelsea, Lambeth, Lewisham, Newham, Southwark, Tower Hamlets,
          Wandsworth, Westminster; the rest Outer)
  trend = year - 2010

Each case is fitted with `smf.ols(formula_patsy, data).fit(...)`; colcrime's formula (the
`formula` key) is the same model in colcrime's syntax (log, ^). Parameter names are patsy's
with `Intercept` -> `const`, `np.log(` -> `log(`, and ` ** ` -> `^`.

Run from the repository root: python3 tests/reference/ols/interactions/generate.py
"""
import importlib.util, json, os, sys
import numpy as np, pandas as pd
import patsy, statsmodels
import statsmodels.formula.api as smf

HERE = os.path.dirname(os.path.abspath(__file__))
INNER = {"Camden", "City of London", "Hackney", "Hammersmith and Fulham", "Haringey", "Islington",
         "Kensington and Chelsea", "Lambeth", "Lewisham", "Newham", "Southwark", "Tower Hamlets",
         "Wandsworth", "Westminster"}

CASES = [
    # name, colcrime formula, patsy formula, fits
    ("slope_by_zone", "log(robbery) ~ unemployment*C(zone)",
     "np.log(robbery) ~ unemployment*C(zone)", ["nonrobust", "HC1"]),
    ("borough_slopes_vs_base", "log(robbery) ~ unemployment + C(borough) + C(borough):unemployment + C(year)",
     "np.log(robbery) ~ unemployment + C(borough) + C(borough):unemployment + C(year)", ["nonrobust", "cluster"]),
    ("slope_per_borough", "log(robbery) ~ C(borough):unemployment + C(year)",
     "np.log(robbery) ~ C(borough):unemployment + C(year)", ["nonrobust"]),
    ("numeric_product", "log(robbery) ~ unemployment*trend + I(unemployment^2)",
     "np.log(robbery) ~ unemployment*trend + I(unemployment ** 2)", ["nonrobust", "HC3"]),
    ("expr_by_zone", "log(robbery) ~ log(unemployment):C(zone) + trend:unemployment",
     "np.log(robbery) ~ np.log(unemployment):C(zone) + trend:unemployment", ["nonrobust"]),
    ("zone_by_year", "log(robbery) ~ C(zone)*C(year)",
     "np.log(robbery) ~ C(zone)*C(year)", ["nonrobust"]),
    ("zone_colon_year", "log(robbery) ~ C(zone):C(year)",
     "np.log(robbery) ~ C(zone):C(year)", ["nonrobust"]),
    ("separate_regressions", "log(robbery) ~ 0 + C(zone) + C(zone):unemployment",
     "np.log(robbery) ~ 0 + C(zone) + C(zone):unemployment", ["nonrobust"]),
]


def rename(n):
    if n == "Intercept":
        return "const"
    return n.replace("np.log(", "log(").replace(" ** ", "^")


def res_json(res, names):
    return {
        "param_names": names,
        "params": list(res.params), "bse": list(res.bse), "tvalues": list(res.tvalues),
        "pvalues": list(res.pvalues), "conf_int": np.asarray(res.conf_int()).tolist(),
        "nobs": res.nobs, "df_model": res.df_model, "df_resid": res.df_resid,
        "rsquared": res.rsquared, "fvalue": float(np.squeeze(res.fvalue)),
        "f_pvalue": float(np.squeeze(res.f_pvalue)), "ssr": res.ssr, "llf": res.llf,
        "cov_type": res.cov_type, "use_t": bool(res.use_t),
    }


def main():
    spec = importlib.util.spec_from_file_location("gp", os.path.join(HERE, "..", "generate_panel.py"))
    gp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gp)
    panel = gp.build_panel()
    panel["zone"] = ["Inner" if b in INNER else "Outer" for b in panel["borough"]]
    panel["trend"] = panel["year"] - 2010
    panel.to_csv(os.path.join(HERE, "input.csv"), index=False, float_format="%.17g")
    panel = pd.read_csv(os.path.join(HERE, "input.csv"))
    out = {"statsmodels": statsmodels.__version__, "patsy": patsy.__version__, "cases": {}}
    for name, ours, theirs, fits in CASES:
        mod = smf.ols(theirs, data=panel)
        names = [rename(n) for n in mod.exog_names]
        case = {"formula": ours, "patsy_formula": theirs, "fits": {}}
        for cov in fits:
            if cov == "cluster":
                res = mod.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(panel["borough"])[0]})
            else:
                res = mod.fit(cov_type=cov)
            case["fits"][cov] = res_json(res, names)
        out["cases"][name] = case
    with open(os.path.join(HERE, "expected.json"), "w") as fh:
        json.dump(out, fh, indent=1)
    print(f"statsmodels {statsmodels.__version__}, patsy {patsy.__version__}, numpy {np.__version__}, "
          f"pandas {pd.__version__}, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
