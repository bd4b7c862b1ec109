"""Reference for backtests of a regression with ARIMA errors (tests/backtest_cli.rs).

Simulates y_t = 2 + 0.8 x_t + u_t, u_t = 0.5 u_{t-1} + e_t, with x_t an AR(1)
around 5 (phi 0.7), n = 100 quarters, and re-fits the model with statsmodels
SARIMAX (regression with ARMA errors: exog = [const, x], order (1, 0, 0),
stationary initialisation, exact ML) at each of the last ORIGINS origins:

* realised: forecasts H steps with the realised future x (conditional on the
  driver);
* arima: x's own SARIMAX (exog = const, order (1, 0, 0)) fitted to x up to the
  origin; y forecast along x's mean forecast, variance
  se_u^2 + beta_x^2 se_x(m)^2 (driver uncertainty, independent errors).

Writes input.csv and expected.json (per-origin means, standard errors and 80/95%
bands, and the MAE / RMSE / coverage the rolling evaluation should report).
Run from this directory: python3 generate.py
"""
import json
import numpy as np
import statsmodels
from scipy.stats import norm
from statsmodels.tsa.statespace.sarimax import SARIMAX

rng = np.random.default_rng(5005)
n, H, ORIGINS = 100, 4, 10
x = np.empty(n)
x[0] = 5.0
for t in range(1, n):
    x[t] = 5.0 + 0.7 * (x[t - 1] - 5.0) + 0.6 * rng.standard_normal()
u = np.zeros(n)
for t in range(1, n):
    u[t] = 0.5 * u[t - 1] + 0.3 * rng.standard_normal()
y = 2.0 + 0.8 * x + u
dates = [f"{1990 + t // 4}-{3 * (t % 4) + 1:02d}-01" for t in range(n)]
with open("input.csv", "w") as f:
    f.write("date,y,x\n")
    for d, a, b in zip(dates, y, x):
        f.write(f"{d},{float(a)!r},{float(b)!r}\n")


def fit(endog, exog, start=None):
    m = SARIMAX(endog, exog=exog, order=(1, 0, 0), trend="n")
    r = m.fit(disp=False, method="bfgs", maxiter=1000, gtol=1e-10, start_params=start)
    r = m.fit(disp=False, method="nm", maxiter=20000, xtol=1e-12, ftol=1e-14, start_params=r.params)
    r = m.fit(disp=False, method="bfgs", maxiter=1000, gtol=1e-10, start_params=r.params)
    return r


out = {"tool": f"statsmodels {statsmodels.__version__} SARIMAX", "horizon": H,
       "origins": [], "realised": [], "arima": []}
z80, z95 = norm.ppf(0.9), norm.ppf(0.975)
for t in range(n - ORIGINS, n):
    out["origins"].append(t)
    X = np.column_stack([np.ones(t), x[:t]])
    r = fit(y[:t], X)
    steps = min(H, n - t)
    fx = np.column_stack([np.ones(steps), x[t:t + steps]])
    fc = r.get_forecast(steps, exog=fx)
    mean, se = fc.predicted_mean, np.sqrt(fc.var_pred_mean)
    out["realised"].append({"params": list(map(float, r.params)), "llf": float(r.llf),
                            "mean": list(map(float, mean)), "se": list(map(float, se))})
    # The driver's own AR(1) with a mean, forecast H steps.
    rx = fit(x[:t], np.ones((t, 1)))
    fcx = rx.get_forecast(H, exog=np.ones((H, 1)))
    xm, xse = fcx.predicted_mean, np.sqrt(fcx.var_pred_mean)
    fa = r.get_forecast(H, exog=np.column_stack([np.ones(H), xm]))
    beta = r.params[1]
    sa = np.sqrt(fa.var_pred_mean + beta ** 2 * xse ** 2)
    out["arima"].append({"driver_params": list(map(float, rx.params)),
                         "x_mean": list(map(float, xm)), "x_se": list(map(float, xse)),
                         "mean": list(map(float, fa.predicted_mean)), "se": list(map(float, sa))})


def scores(kind):
    acc = [dict(n=0, abs=0.0, sq=0.0, in80=0, in95=0) for _ in range(H)]
    for t, f in zip(out["origins"], out[kind]):
        for h in range(min(H, n - t)):
            e = y[t + h] - f["mean"][h]
            a = acc[h]
            a["n"] += 1
            a["abs"] += abs(e)
            a["sq"] += e * e
            a["in80"] += abs(e) <= z80 * f["se"][h]
            a["in95"] += abs(e) <= z95 * f["se"][h]
    return [{"h": h + 1, "n": a["n"], "mae": a["abs"] / a["n"], "rmse": np.sqrt(a["sq"] / a["n"]),
             "coverage_80": a["in80"] / a["n"], "coverage_95": a["in95"] / a["n"]}
            for h, a in enumerate(acc)]


out["scores_realised"] = scores("realised")
out["scores_arima"] = scores("arima")
json.dump(out, open("expected.json", "w"), indent=1, default=float)
for k in ("scores_realised", "scores_arima"):
    print(k, [(round(float(s["mae"]), 4), s["coverage_80"], s["coverage_95"]) for s in out[k]])
