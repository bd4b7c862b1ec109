"""Reference cluster-robust count regressions on the London borough robbery panel.

Input (input.csv), built here from notebooks-data/ (Open Government Licence v3.0), the same
panel examples/borough_poisson.rs builds:
  borough      32 London boroughs (City of London has no unemployment estimate; the Met's
               airports and "Unknown" rows are not boroughs)
  year         2011-2024
  robbery      ROBBERY offences (business + personal property) recorded by the Metropolitan
               Police in the calendar year: met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv
               (months 2011-01..2023-11) and ..._recent24m_202312-202511.csv (2023-12..2024-12)
  population   GLA census populations (london_econ/london_borough_population_1801-2021.xlsx,
               2011 and 2021) linearly interpolated between the censuses and extended with the
               2011-2021 trend after 2021, each census placed at mid-year (colcrime's
               transforms::interpolate_linear)
  unemployment ONS model-based unemployment rate, %, Jan-Dec of the year
               (london_econ/nomis_model_unemployment_rate_london_boroughs_2004-2024.csv)
  cpi          ONS CPI annual rate D7G7, annual figure (ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv)

Fits (statsmodels):
  poisson_fe_cluster   GLM Poisson, robbery ~ unemployment + C(borough) + C(year), offset log(population),
                       cov_type="cluster" by borough (default correction G/(G-1) (n-1)/(n-k))
  poisson_cpi_cluster  GLM Poisson, robbery ~ cpi + unemployment + C(borough), same offset and clustering
  negbin_fe            discrete NegativeBinomial (NB2) by maximum likelihood (alpha jointly), same
                       offset and formula, BFGS from the Poisson estimates and alpha = 0.05, then
                       Newton:
                       params, bse (full Hessian), alpha, llf
  negbin_fe_cluster    GLM NegativeBinomial(alpha = the NB2 estimate), same formula, cluster by
                       borough: the cluster-robust bse of the coefficients with alpha held fixed

Run from the repository root: python3 tests/reference/glm_cluster/borough_robbery/generate.py
(needs openpyxl for the population workbook).
"""
import csv, json, os, sys
import numpy as np, pandas as pd
import statsmodels, statsmodels.api as sm
import statsmodels.formula.api as smf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
NB = os.path.join(ROOT, "notebooks-data")
YEARS = list(range(2011, 2025))


def build():
    met_a = pd.read_csv(os.path.join(NB, "met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv"))
    met_b = pd.read_csv(os.path.join(NB, "met_police_borough/MPS_Borough_Level_Crime_recent24m_202312-202511.csv"))
    counts = {}
    for met in (met_a, met_b):
        rob = met[met["MajorText"].str.upper() == "ROBBERY"]
        months = [c for c in met.columns if c.isdigit()]
        by = rob.groupby("BoroughName")[months].sum()
        for b in by.index:
            for m in months:
                counts.setdefault((b, int(m[:4])), {})[m] = float(by.loc[b, m])
    pop = pd.read_excel(os.path.join(NB, "london_econ/london_borough_population_1801-2021.xlsx"), sheet_name="data")
    pop = pop.set_index("area")
    unemp = {}
    with open(os.path.join(NB, "london_econ/nomis_model_unemployment_rate_london_boroughs_2004-2024.csv")) as f:
        rdr = list(csv.reader(f.read().splitlines()))
    header = next(r for r in rdr if r and r[0] == "Area")
    for r in rdr:
        if r and r[0].startswith("ladu2023:"):
            name = r[0].split(":", 1)[1]
            for j, h in enumerate(header):
                if h.startswith("Jan ") and h[-4:].isdigit():
                    try:
                        unemp[(name, int(h[-4:]))] = float(r[j])
                    except ValueError:
                        pass
    cpi = {}
    with open(os.path.join(NB, "ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv")) as f:
        for row in csv.reader(f):
            if len(row) == 2 and row[0].isdigit() and len(row[0]) == 4:
                cpi[int(row[0])] = float(row[1])
    rows = []
    boroughs = sorted({b for (b, _) in counts if (b, 2011) in unemp and b in pop.index})
    for b in boroughs:
        p11, p21 = float(pop.loc[b, "2011"]), float(pop.loc[b, "2021"])
        for y in YEARS:
            months = counts.get((b, y), {})
            assert len(months) == 12, (b, y, len(months))
            rows.append({
                "borough": b, "year": y, "robbery": sum(months.values()),
                "population": p11 + (p21 - p11) * (y - 2011) / 10.0,
                "unemployment": unemp[(b, y)], "cpi": cpi[y],
            })
    return pd.DataFrame(rows)


def glm_json(res, names):
    return {
        "param_names": names, "params": list(res.params), "bse": list(res.bse),
        "pvalues": list(res.pvalues), "nobs": int(res.nobs), "llf": float(res.llf),
        "cov_type": res.cov_type,
    }


def rename(n):
    return "const" if n == "Intercept" else n


def main():
    df = build()
    df.to_csv(os.path.join(HERE, "input.csv"), index=False, float_format="%.17g")
    df = pd.read_csv(os.path.join(HERE, "input.csv"))
    groups = pd.factorize(df["borough"])[0]
    off = np.log(df["population"])
    out = {"statsmodels": statsmodels.__version__, "n_boroughs": int(df["borough"].nunique()), "fits": {}}
    f_fe = "robbery ~ unemployment + C(borough) + C(year)"
    f_cpi = "robbery ~ cpi + unemployment + C(borough)"
    for key, f in (("poisson_fe_cluster", f_fe), ("poisson_cpi_cluster", f_cpi)):
        m = smf.glm(f, data=df, family=sm.families.Poisson(), offset=off)
        r = m.fit(cov_type="cluster", cov_kwds={"groups": groups}, tol=1e-13)
        out["fits"][key] = glm_json(r, [rename(n) for n in m.exog_names])
        out["fits"][key]["formula"] = f + " + offset(log(population))"
        out["fits"][key]["bse_nonrobust"] = list(m.fit(tol=1e-13).bse)
    nb = smf.negativebinomial(f_fe, data=df, offset=off, loglike_method="nb2")
    # Start from the Poisson estimates and a small alpha (the default start wanders off).
    pois = smf.glm(f_fe, data=df, family=sm.families.Poisson(), offset=off).fit(tol=1e-13)
    start = np.append(np.asarray(pois.params), 0.05)
    # BFGS (on log alpha) first, then Newton to polish: raw Newton steps from the
    # start make alpha negative on this panel.
    rb = nb.fit(start_params=start, method="bfgs", maxiter=5000, gtol=1e-10, disp=0)
    rn = nb.fit(start_params=np.asarray(rb.params), method="newton", maxiter=200, tol=1e-14, disp=0)
    names = [rename(n) for n in nb.exog_names]
    out["fits"]["negbin_fe"] = {
        "formula": f_fe + " + offset(log(population))",
        "param_names": names[:-1], "params": list(rn.params[:-1]), "bse": list(rn.bse[:-1]),
        "alpha": float(rn.params.iloc[-1]), "alpha_bse": float(rn.bse.iloc[-1]), "llf": float(rn.llf),
        "converged": bool(rn.mle_retvals["converged"]),
    }
    alpha = float(rn.params.iloc[-1])
    m = smf.glm(f_fe, data=df, family=sm.families.NegativeBinomial(alpha=alpha), offset=off)
    r = m.fit(start_params=np.asarray(rn.params[:-1]), cov_type="cluster", cov_kwds={"groups": groups}, tol=1e-13)
    out["fits"]["negbin_fe_cluster"] = glm_json(r, [rename(n) for n in m.exog_names])
    out["fits"]["negbin_fe_cluster"]["formula"] = f_fe + " + offset(log(population))"
    out["fits"]["negbin_fe_cluster"]["alpha"] = alpha
    with open(os.path.join(HERE, "expected.json"), "w") as fh:
        json.dump(out, fh, indent=1)
    print(f"statsmodels {statsmodels.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"Python {sys.version.split()[0]}; {len(df)} rows")


if __name__ == "__main__":
    main()
