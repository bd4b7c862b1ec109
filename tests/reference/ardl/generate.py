"""Reference values for colcrime's `fit ardl` from statsmodels' ARDL, UECM,
ardl_select_order and UECMResults.bounds_test.

Writes <case>/{input.csv, expected.json}; expected.json holds the options
(the CLI flags tests/ardl.rs passes) and the numbers. Run from this
directory: python3 generate.py

Bounds test: the statistic is statsmodels'. Its critical values and
p-values come from statsmodels' own tables (pss_critical_values) and
p-value polynomials, looked up with k = the number of regressors x, which
is how the tables were simulated (_pss_critical_values/pss.py) and PSS's
k; statsmodels 0.15's bounds_test passes k + 1 (len(ardl_order)). The
p-value is evaluated as norm.sf(poly) rather than 1 - norm.cdf(poly),
the same formula without the cancellation. `as_released` keeps what
statsmodels' bounds_test returns, for the record.

Long-run coefficients: -UECMResults.ci_params (the cointegrating vector
normalised on y, sign flipped to the usual "effect of x on y" form) and
ci_bse; tvalues = params / bse, pvalues = 2 norm.sf(|t|) (statsmodels'
ci_pvalues formula without the cancellation)."""
import csv, json, os, warnings
import numpy as np
import pandas as pd
import scipy.stats as st
import statsmodels
import statsmodels.api as sm
from statsmodels.tsa.ardl import ARDL, UECM, ardl_select_order, pss_critical_values as pss

warnings.simplefilter("ignore")


def fl(v):
    return [float(a) for a in np.asarray(v)]


def pss_p(stat, k, case, i1):
    key = (k, case, i1)
    p = pss.small_p[key] if stat > pss.stat_star[key] else pss.large_p[key]
    x = np.log(stat)
    return float(st.norm.sf(sum(c * x ** i for i, c in enumerate(p))))


def write(name, frame, options, expected, extra=None):
    os.makedirs(name, exist_ok=True)
    frame.to_csv(f"{name}/input.csv", index=False, float_format="%.17g")
    doc = {"options": options, "expected": expected, "statsmodels": statsmodels.__version__}
    if extra:
        doc.update(extra)
    with open(f"{name}/expected.json", "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def case_of(trend, case):
    return case if case is not None else {"n": 1, "c": 3, "ct": 5}[trend]


def ardl_case(name, frame, yname, xnames, lags, xlags, trend="c", case=None, select=None):
    endog = frame[yname].astype(float)
    exog = frame[xnames].astype(float)
    opts = {"y": yname, "x": ",".join(xnames), "trend": trend}
    sel_exp = None
    if select is None:
        order = dict(zip(xnames, xlags))
        mod = ARDL(endog, lags, exog, order, trend=trend)
        opts.update({"lags": lags, "xlags": ",".join(str(q) for q in xlags)})
    else:
        (maxlag, maxorder, ic) = select
        s = ardl_select_order(endog, maxlag, exog, maxorder, trend=trend, ic=ic)
        mod = s.model
        ics = getattr(s, ic)
        opts.update({"select-maxlags": f"{maxlag},{maxorder}", "ic": ic})
        sel_exp = {"lags": int(mod.ardl_order[0]),
                   "xlags": [int(max(mod.dl_lags[x])) if x in mod.dl_lags else None for x in xnames],
                   "ic_value": float(sorted(ics.index)[0])}
    if case is not None:
        opts["case"] = case
    r = mod.fit()
    exp = {
        "param_names": list(r.params.index), "params": fl(r.params), "bse": fl(r.bse),
        "tvalues": fl(r.tvalues), "pvalues": fl(r.pvalues),
        "conf_int": [fl(row) for row in np.asarray(r.conf_int())],
        "nobs": int(r.nobs), "df_resid": float(r.df_resid), "llf": float(r.llf),
        "aic": float(r.aic), "bic": float(r.bic), "hqic": float(r.hqic),
        "sigma2": float(r.sigma2), "ardl_order": [int(v) for v in mod.ardl_order],
        "resid": fl(r.resid), "fittedvalues": fl(r.fittedvalues),
    }
    extra_notes = {}
    if int(r.nobs) != len(mod._y):
        # statsmodels 0.15 quirk: when a regressor's order exceeds the lags
        # of y, ARDL fits on len(_y) = n - max lag rows but reports
        # nobs = n - p (set before the hold-back is reset), so df_resid,
        # pvalues, conf_int, llf, sigma2 and the criteria are off by one
        # observation. Those come from statsmodels OLS on the ARDL's own
        # design (model._y, model._x) and ARDLResults' formulas instead.
        o = sm.OLS(mod._y, mod._x).fit()
        nobs = len(mod._y)
        sigma2 = float(o.ssr / nobs)
        llf = -nobs * (np.log(2 * np.pi * sigma2) + 1) / 2
        m = mod._x.shape[1] + 1
        exp.update({"pvalues": fl(o.pvalues), "conf_int": [fl(row) for row in o.conf_int()],
                    "nobs": nobs, "df_resid": float(o.df_resid), "llf": float(llf),
                    "aic": float(-2 * llf + 2 * m), "bic": float(-2 * llf + np.log(nobs) * m),
                    "hqic": float(-2 * llf + 2 * np.log(np.log(nobs)) * m), "sigma2": sigma2})
        assert np.allclose(o.params, r.params, rtol=1e-12, atol=0)
        assert np.allclose(o.bse, r.bse, rtol=1e-12, atol=0)
        extra_notes = {"statsmodels_nobs_reported": int(r.nobs),
                       "note": "statsmodels ARDL reports nobs = n - p when a regressor's order "
                               "exceeds p; nobs-dependent numbers come from OLS on its design"}
    if sel_exp is not None:
        exp["order_selection"] = sel_exp
    extra = None
    full = min(mod.ardl_order) >= 1 and len(mod.ardl_order) == 1 + len(xnames)
    if full:
        u = UECM.from_ardl(mod)
        ru = u.fit()
        exp["uecm"] = {"param_names": list(ru.params.index), "params": fl(ru.params),
                       "bse": fl(ru.bse), "tvalues": fl(ru.tvalues), "pvalues": fl(ru.pvalues),
                       "nobs": int(ru.nobs)}
        if int(ru.nobs) != len(u._y):
            o = sm.OLS(u._y, u._x).fit()
            exp["uecm"].update({"pvalues": fl(o.pvalues), "nobs": len(u._y)})
        c = case_of(trend, case)
        b = ru.bounds_test(c)
        k = len(xnames)
        exp["bounds_test"] = {
            "stat": float(b.statistic), "case": c, "k": k,
            "crit_vals": {"lower": {str(p): float(v) for p, v in zip(pss.crit_percentiles, pss.crit_vals[(k, c, False)])},
                          "upper": {str(p): float(v) for p, v in zip(pss.crit_percentiles, pss.crit_vals[(k, c, True)])}},
            "p_values": {"lower": pss_p(b.statistic, k, c, False), "upper": pss_p(b.statistic, k, c, True)},
        }
        extra = {"as_released": {"bounds_test_k": k + 1,
                                 "crit_vals": {col: fl(b.critical_values[col]) for col in ("lower", "upper")},
                                 "p_values": {col: float(b.pvalue[col]) for col in ("lower", "upper")}}}
        ci = ru.ci_params
        names = [n for n in ci.index if n != yname]
        lr = -np.array([ci[n] for n in names])
        se = np.array([ru.ci_bse[n] for n in names])
        t = lr / se
        exp["long_run"] = {"param_names": names, "params": fl(lr), "bse": fl(se),
                           "tvalues": fl(t), "pvalues": fl(2 * st.norm.sf(np.abs(t)))}
        # The UECM's residuals are the ARDL's.
        assert np.allclose(np.asarray(ru.model._y - ru.fittedvalues), np.asarray(r.resid))
    if extra_notes:
        extra = dict(extra or {}, nobs_quirk=extra_notes)
    write(name, frame, opts, exp, extra)


rng = np.random.default_rng(20261130)
# Simulated: x1, x2 random walks; y error-corrects towards 1 + 0.8 x1 - 0.5 x2
# at speed 0.08, with short-run effects of Δx1 and Δx2 (n = 200).
n = 200
x1 = np.cumsum(rng.standard_normal(n))
x2 = np.cumsum(0.05 + rng.standard_normal(n))
y = np.zeros(n)
e = rng.standard_normal(n)
for t in range(1, n):
    ec = y[t - 1] - (1.0 + 0.8 * x1[t - 1] - 0.5 * x2[t - 1])
    y[t] = y[t - 1] - 0.08 * ec + 0.4 * (x1[t] - x1[t - 1]) + 0.2 * (x2[t] - x2[t - 1]) + e[t]
sim = pd.DataFrame({"y": y, "x1": x1, "x2": x2})
ardl_case("sim_c_case3", sim, "y", ["x1", "x2"], 2, [1, 2], "c")
ardl_case("sim_c_case2", sim, "y", ["x1", "x2"], 3, [2, 1], "c", case=2)
ardl_case("sim_ct_case4", sim, "y", ["x1", "x2"], 1, [1, 1], "ct", case=4)
ardl_case("sim_ct_case5", sim, "y", ["x1"], 2, [3], "ct")
ardl_case("sim_n_case1", sim, "y", ["x1", "x2"], 1, [2, 1], "n")
ardl_case("sim_x0_no_uecm", sim, "y", ["x1", "x2"], 1, [0, 1], "c")
ardl_case("sim_select_bic", sim, "y", ["x1", "x2"], None, None, "c", select=(4, 3, "bic"))
ardl_case("sim_select_aic", sim, "y", ["x1", "x2"], None, None, "c", select=(3, 2, "aic"))

# Real data: theft offences recorded by the Metropolitan Police, summed over
# the London boroughs and the quarter's months (complete quarters 2010 Q2 -
# 2023 Q3), and the ONS CPI index (D7BT, 2015 = 100, quarterly).
ROOT = "../../../notebooks-data/"
with open(ROOT + "met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv",
          newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
months = rows[0][3:]
theft = dict.fromkeys(months, 0.0)
for r in rows[1:]:
    if r[0].strip().upper() == "THEFT":
        for m, v in zip(months, r[3:]):
            theft[m] += float(v) if v.strip() else 0.0
q = {}
for m, v in theft.items():
    key = f"{m[:4]} Q{(int(m[4:]) - 1) // 3 + 1}"
    q.setdefault(key, []).append(v)
cpi = {}
with open(ROOT + "ons_mm23/d7bt_cpi_index_rel2024-02-14.csv", newline="") as f:
    for r in csv.reader(f):
        if len(r) == 2 and " Q" in r[0]:
            cpi[r[0]] = float(r[1])
dates = [k for k, v in q.items() if len(v) == 3]
real = pd.DataFrame({"date": dates, "theft": [sum(q[d]) for d in dates],
                     "cpi": [cpi[d] for d in dates]})
real_x = pd.DataFrame({"log(theft)": np.log(real["theft"]), "log(cpi)": np.log(real["cpi"])})


def real_case(name, lags, xlags, trend="c", case=None, select=None):
    ardl_case(name, real_x, "log(theft)", ["log(cpi)"], lags, xlags, trend, case, select)
    # The input holds the raw series; the expressions are evaluated by colcrime.
    real.to_csv(f"{name}/input.csv", index=False)


real_case("real_theft_cpi_c", 2, [2], "c")
real_case("real_theft_cpi_ct", 1, [1], "ct")
real_case("real_theft_cpi_select_aic", None, None, "c", select=(4, 4, "aic"))
