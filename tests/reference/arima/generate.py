"""Exact log-likelihoods of the differenced series at R's estimates, with
statsmodels SARIMAX (stationary initialisation of the ARMA part), and the
final expected.json of every case, with statsmodels' covariance of the
estimates (sm_cov_params, sigma2 last). Run after generate.R, from this directory:
python3 generate.py"""
import json, os
import numpy as np
import statsmodels
from statsmodels.tsa.statespace.sarimax import SARIMAX

CASES = ["airline", "ar2_const", "arma11", "regar1", "arima111_drift", "london_robbery"]


def diff_poly(d, D, s):
    c = np.array([1.0])
    for _ in range(d):
        c = np.convolve(c, [1.0, -1.0])
    for _ in range(D):
        c = np.convolve(c, np.r_[1.0, np.zeros(s - 1), -1.0])
    return c


def difference(x, c):
    dd = len(c) - 1
    return np.array([sum(c[j] * x[t - j] for j in range(len(c))) for t in range(dd, len(x))])


for case in CASES:
    r = json.load(open(os.path.join(case, "r.json")))
    import csv
    rows = list(csv.DictReader(open(os.path.join(case, "input.csv"))))
    y = np.array([float(row["y"]) for row in rows])
    p, d, q = r["order"]
    P, D, Q, s = r["seasonal"]
    c = diff_poly(d, D, s)
    w = difference(y, c)
    cols = []
    if r["drift"]:
        cols.append(np.ones(len(w)))
    if "x" in rows[0]:
        x = np.array([float(row["x"]) for row in rows])
        cols.append(difference(x, c))
    exog = np.column_stack(cols) if cols else None
    seas = (P, 0, Q, s) if s else (0, 0, 0, 0)
    params = np.array(r["params"])
    m_full = SARIMAX(w, exog=exog, order=(p, 0, q), seasonal_order=seas, trend="n")
    llf_full = float(m_full.loglike(np.r_[params, r["sigma2"]]))
    m_conc = SARIMAX(w, exog=exog, order=(p, 0, q), seasonal_order=seas, trend="n",
                     concentrate_scale=True)
    llf_conc = float(m_conc.loglike(params))
    fit = m_conc.fit(start_params=params, method="bfgs", disp=False, maxiter=1000, gtol=1e-10)
    fit2 = m_conc.fit(method="nm", disp=False, maxiter=20000, xtol=1e-10, ftol=1e-12, start_params=fit.params)
    fit2 = m_conc.fit(start_params=fit2.params, method="bfgs", disp=False, maxiter=1000, gtol=1e-10)
    if fit2.llf > fit.llf:
        fit = fit2
    out = dict(r)
    out["sm_params"] = [float(v) for v in fit.params]
    out["sm_llf"] = float(fit.llf)
    out["sm_sigma2"] = float(fit.scale)
    out["statsmodels"] = statsmodels.__version__
    out["llf_fixed_full"] = llf_full
    out["llf_fixed_conc"] = llf_conc
    # Covariance of the estimates (sigma2 last) from the numerical Hessian of
    # the full log-likelihood at statsmodels' optimum (cov_type="approx":
    # the observed information, the basis of colcrime's bse).
    theta = np.r_[fit.params, fit.scale]
    res_full = m_full.smooth(theta, cov_type="approx")
    out["sm_cov_params"] = [[float(v) for v in row] for row in np.asarray(res_full.cov_params())]
    json.dump(out, open(os.path.join(case, "expected.json"), "w"), indent=1)
    print(case, r["llf"], llf_conc, llf_full, fit.llf, r["params"], list(fit.params))
