"""Reference values for colcrime's `test adf|kpss|coint|granger` from
statsmodels (adfuller, kpss, coint, grangercausalitytests, OLS).

Writes one folder per case, <case>/{input.csv, expected.json}; expected.json
holds the test, its options (the CLI flags the Rust test passes), and
statsmodels' numbers. Run from this directory: python3 generate.py"""
import json, os, warnings
import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from statsmodels.tsa.stattools import adfuller, kpss, coint, grangercausalitytests

warnings.simplefilter("ignore")


def write_case(name, cols, test, options, expected):
    os.makedirs(name, exist_ok=True)
    df = pd.DataFrame(cols)
    if "date" in df:
        df.to_csv(f"{name}/input.csv", index=False)
    else:
        with open(f"{name}/input.csv", "w") as f:
            keys = list(cols)
            f.write(",".join(keys) + "\n")
            for row in zip(*[cols[k] for k in keys]):
                f.write(",".join(repr(float(v)) if np.isfinite(v) else "" for v in row) + "\n")
    with open(f"{name}/expected.json", "w") as f:
        json.dump({"test": test, "options": options, "expected": expected,
                   "statsmodels": statsmodels.__version__}, f, indent=1)
        f.write("\n")


def fl(x):
    return None if x is None else float(x)


def adf_case(name, cols, series_expr, y, regression="c", autolag="AIC", maxlag=None):
    al = None if autolag == "none" else autolag
    r = adfuller(y, maxlag=maxlag, regression=regression, autolag=al, result_object=True)
    exp = {"statistic": fl(r.statistic), "pvalue": fl(r.pvalue), "usedlag": int(r.lags),
           "nobs": int(r.nobs), "critical_values": {k: fl(v) for k, v in r.critical_values.items()},
           "icbest": fl(r.icbest)}
    opts = {"series": series_expr, "regression": regression, "autolag": autolag, "maxlag": maxlag}
    write_case(name, cols, "adf", opts, exp)


def kpss_case(name, cols, series_expr, y, regression="c", nlags="auto"):
    r = kpss(y, regression=regression, nlags=nlags, result_object=True)
    exp = {"statistic": fl(r.statistic), "pvalue": fl(r.pvalue), "lags": int(r.lags),
           "critical_values": {k: fl(v) for k, v in r.critical_values.items()}}
    write_case(name, cols, "kpss", {"series": series_expr, "regression": regression,
                                    "nlags": str(nlags)}, exp)


def coint_case(name, cols, y_expr, x_exprs, y, X, autolag="AIC", maxlag=None):
    al = None if autolag == "none" else autolag
    X = np.column_stack(X)
    stat, p, crit = coint(y, X, trend="c", maxlag=maxlag, autolag=al)
    ols = sm.OLS(y, sm.add_constant(X, prepend=True)).fit()
    # usedlag is not returned by coint: rerun its ADF step on the residuals.
    res = sm.OLS(y, np.column_stack([X, np.ones(len(y))])).fit().resid
    a = adfuller(res, maxlag=maxlag, regression="n", autolag=al, result_object=True)
    assert a.statistic == stat
    exp = {"statistic": fl(stat), "pvalue": fl(p),
           "critical_values": {"1%": fl(crit[0]), "5%": fl(crit[1]), "10%": fl(crit[2])},
           "usedlag": int(a.lags), "params": [fl(v) for v in ols.params]}
    write_case(name, cols, "coint", {"y": y_expr, "x": x_exprs, "autolag": autolag,
                                     "maxlag": maxlag}, exp)


def granger_case(name, cols, y_expr, x_expr, y, x, maxlag):
    res = grangercausalitytests(np.column_stack([y, x]), maxlag)
    out = {}
    for lag, (r, _) in res.items():
        f1, f2, lr, pf = r["ssr_ftest"], r["ssr_chi2test"], r["lrtest"], r["params_ftest"]
        out[str(lag)] = {
            "ssr_ftest": {"statistic": fl(f1[0]), "pvalue": fl(f1[1]), "df_denom": fl(f1[2]), "df_num": fl(f1[3])},
            "ssr_chi2test": {"statistic": fl(f2[0]), "pvalue": fl(f2[1]), "df": fl(f2[2])},
            "lrtest": {"statistic": fl(lr[0]), "pvalue": fl(lr[1]), "df": fl(lr[2])},
            "params_ftest": {"statistic": fl(pf[0]), "pvalue": fl(pf[1]), "df_denom": fl(pf[2]), "df_num": fl(pf[3])},
        }
    write_case(name, cols, "granger", {"y": y_expr, "x": x_expr, "maxlag": maxlag},
               {"lags": out})


rng = np.random.default_rng(20261129)

# Random walk with drift (n = 200) and a stationary AR(2) (n = 150).
rw = np.cumsum(0.1 + rng.standard_normal(200))
e = rng.standard_normal(153)
ar = np.zeros(153)
for t in range(2, 153):
    ar[t] = 0.6 * ar[t - 1] - 0.2 * ar[t - 2] + e[t]
ar = ar[3:] + 5.0
adf_case("adf_rw_c_aic", {"y": rw}, "y", rw, "c", "AIC")
adf_case("adf_rw_ct_bic", {"y": rw}, "y", rw, "ct", "BIC")
adf_case("adf_rw_ctt_none", {"y": rw}, "y", rw, "ctt", "none", 3)
adf_case("adf_ar2_n_tstat", {"y": ar - 5.0}, "y", ar - 5.0, "n", "t-stat")
adf_case("adf_ar2_c_aic_maxlag6", {"y": ar}, "y", ar, "c", "AIC", 6)
# Short series: default maxlag clipped by n/2 - ntrend - 1.
short = ar[:21]
adf_case("adf_short_ct", {"y": short}, "y", short, "ct", "AIC")

kpss_case("kpss_ar2_c_auto", {"y": ar}, "y", ar, "c", "auto")
kpss_case("kpss_rw_ct_auto", {"y": rw}, "y", rw, "ct", "auto")
kpss_case("kpss_rw_c_legacy", {"y": rw}, "y", rw, "c", "legacy")
kpss_case("kpss_ar2_ct_fixed5", {"y": ar}, "y", ar, "ct", 5)

# Cointegrated system: x1, x2 random walks, y = 1 + 2 x1 - x2 + AR(1) noise.
n = 250
x1 = np.cumsum(rng.standard_normal(n))
x2 = np.cumsum(rng.standard_normal(n))
u = np.zeros(n)
eu = rng.standard_normal(n)
for t in range(1, n):
    u[t] = 0.5 * u[t - 1] + eu[t]
yc = 1.0 + 2.0 * x1 - x2 + u
yn = np.cumsum(rng.standard_normal(n))  # not cointegrated with x1
cols = {"y": yc, "yn": yn, "x1": x1, "x2": x2}
coint_case("coint_two_aic", cols, "y", ["x1"], yc, [x1])
coint_case("coint_three_aic", cols, "y", ["x1", "x2"], yc, [x1, x2])
coint_case("coint_none_maxlag2", cols, "yn", ["x1"], yn, [x1], "none", 2)

# Granger: x drives y with lags 1 and 2.
xg = rng.standard_normal(300)
yg = np.zeros(300)
eg = rng.standard_normal(300)
for t in range(2, 300):
    yg[t] = 0.3 * yg[t - 1] + 0.4 * xg[t - 1] - 0.2 * xg[t - 2] + eg[t]
granger_case("granger_synth", {"y": yg, "x": xg}, "y", "x", yg, xg, 4)
granger_case("granger_reverse", {"y": yg, "x": xg}, "x", "y", xg, yg, 3)

# Real data: London robbery (Met Police) and the CPI annual rate, monthly
# April 2010 - November 2023 (see prepare_real.py).
real = pd.read_csv("london_cpi.csv")
cols = cols_real = {"date": real["date"], "robbery": real["robbery"].astype(float), "cpi": real["cpi"]}
lr = np.log(real["robbery"].to_numpy(float))
cpi = real["cpi"].to_numpy(float)
adf_case("real_adf_log_robbery_ct", cols, "log(robbery)", lr, "ct", "AIC")
adf_case("real_adf_cpi_c", cols, "cpi", cpi, "c", "AIC")
kpss_case("real_kpss_cpi_c_auto", cols, "cpi", cpi, "c", "auto")
kpss_case("real_kpss_dlog_robbery", cols, "diff(log(robbery))", np.diff(lr), "c", "auto")
coint_case("real_coint_robbery_cpi", cols, "log(robbery)", ["cpi"], lr, [cpi])
granger_case("real_granger_cpi_robbery", cols, "diff(log(robbery))", "diff(cpi)",
             np.diff(lr), np.diff(cpi), 3)



# ---- Phillips-Perron (arch.unitroot.PhillipsPerron, test_type="tau")
def pp_case(name, cols, series_expr, y, trend="c", lags=None):
    from arch.unitroot import PhillipsPerron
    import arch
    r = PhillipsPerron(y, lags=lags, trend=trend)
    rr = PhillipsPerron(y, lags=lags, trend=trend, test_type="rho")
    exp = {"statistic": fl(r.stat), "pvalue": fl(r.pvalue), "lags": int(r.lags),
           "nobs": int(r.nobs), "critical_values": {k: fl(v) for k, v in r.critical_values.items()},
           "statistic_rho": fl(rr.stat)}
    write_case(name, cols, "pp", {"series": series_expr, "regression": trend, "lags": lags}, exp)
    with open(f"{name}/expected.json") as f:
        d = json.load(f)
    d["arch"] = arch.__version__
    with open(f"{name}/expected.json", "w") as f:
        json.dump(d, f, indent=1)
        f.write("\n")


pp_case("pp_rw_c", {"y": rw}, "y", rw, "c")
pp_case("pp_ar2_ct_lags4", {"y": ar}, "y", ar, "ct", 4)
pp_case("pp_ar2_n", {"y": ar - 5.0}, "y", ar - 5.0, "n")
pp_case("real_pp_cpi_c", cols_real, "cpi", cpi, "c")


# ---- OLS diagnostics (statsmodels.stats.diagnostic) -> diagnostics/<case>/
from statsmodels.stats.diagnostic import acorr_breusch_godfrey, het_breuschpagan, linear_reset


import mpmath as mp


def reset_exact(y, X, power):
    """RESET Wald statistic (= (ssr_r - ssr_u) / s^2) with mpmath at 60 digits."""
    mp.mp.dps = 60

    def ols(rows, yl):
        Xm = mp.matrix(rows)
        ym = mp.matrix([mp.mpf(v) for v in yl])
        b = mp.lu_solve(Xm.T * Xm, Xm.T * ym)
        r = ym - Xm * b
        return b, sum(v * v for v in r)

    rows = [[mp.mpf(v) for v in r] for r in X]
    b, ssr_r = ols(rows, y)
    fit = [sum(bj * xj for bj, xj in zip(b, r)) for r in rows]
    aug = [r + [f ** p for p in range(2, power + 1)] for r, f in zip(rows, fit)]
    _, ssr_u = ols(aug, y)
    n, k = len(y), len(aug[0])
    q = power - 1
    return (ssr_r - ssr_u) / (ssr_u / (n - k)), q, mp.mpf(n - k)


def diag_case(name, cols, y, X):
    d = f"diagnostics/{name}"
    os.makedirs(d, exist_ok=True)
    res = sm.OLS(y, X).fit()
    out = {}
    for nl in (None, 2):
        r = acorr_breusch_godfrey(res, nlags=nl, result_object=True)
        out[f"bg_{nl or 'default'}"] = {"lm": fl(r.lm), "lm_pvalue": fl(r.lmpval),
                                         "fvalue": fl(r.fval), "f_pvalue": fl(r.fpval)}
    for robust in (True, False):
        lm, lmp, f, fp = het_breuschpagan(res.resid, X, robust=robust)
        out[f"bp_{'robust' if robust else 'classic'}"] = {
            "lm": fl(lm), "lm_pvalue": fl(lmp), "fvalue": fl(f), "f_pvalue": fl(fp)}
    for power, use_f in ((3, False), (4, True)):
        w = linear_reset(res, power=power, use_f=use_f)
        out[f"reset_{power}_{'f' if use_f else 'chi2'}"] = {
            "statistic": fl(np.squeeze(w.statistic)), "pvalue": fl(np.squeeze(w.pvalue)),
            "df_num": fl(w.df_num if use_f else w.df_denom),
            "df_denom": fl(w.df_denom) if use_f else None}
    # RESET in 60-digit arithmetic (mpmath): the powers of the fitted values
    # make X'X ill-conditioned, so statsmodels' Wald (via pinv) loses digits.
    exact = {}
    for power, use_f in ((3, False), (4, True)):
        W, q, dfd = reset_exact(y, X, power)
        if use_f:
            F = W / q
            p = mp.betainc(dfd / 2, mp.mpf(q) / 2, 0, dfd / (dfd + q * F), regularized=True)
            exact[f"reset_{power}_f"] = {"statistic": float(F), "pvalue": float(p)}
        else:
            p = mp.gammainc(mp.mpf(q) / 2, W / 2, mp.inf, regularized=True)
            exact[f"reset_{power}_chi2"] = {"statistic": float(W), "pvalue": float(p)}
    with open(f"{d}/input.csv", "w") as f:
        keys = list(cols)
        f.write(",".join(keys) + "\n")
        for row in zip(*[cols[k] for k in keys]):
            f.write(",".join(repr(float(v)) for v in row) + "\n")
    with open(f"{d}/expected.json", "w") as f:
        json.dump({"nobs": int(res.nobs), "expected": out, "exact": exact,
                   "statsmodels": statsmodels.__version__, "mpmath": mp.__version__},
                  f, indent=1)
        f.write("\n")


n = 120
x1 = rng.standard_normal(n)
x2 = rng.uniform(0, 3, n)
u = np.zeros(n)
eu = rng.standard_normal(n) * (0.5 + x2)
for t in range(1, n):
    u[t] = 0.4 * u[t - 1] + eu[t]
yd = 1.0 + 2.0 * x1 - x2 + 0.3 * x1 ** 2 + u
diag_case("synthetic", {"y": yd, "x1": x1, "x2": x2}, yd, sm.add_constant(np.column_stack([x1, x2])))
diag_case("real_log_robbery_cpi", {"y": lr, "x1": cpi}, lr, sm.add_constant(cpi))
