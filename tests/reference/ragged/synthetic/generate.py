"""Reference numbers for forecasts from a ragged edge (issue 19).

A synthetic regression with ARIMA(1,1,1) errors, y_t = 0.8 x_t + u_t, 100 periods, where the
regressor x is published only to period 94 (the last 6 values of x are missing) while y runs to
period 100. statsmodels 0.15 SARIMAX with the exact-diffuse differencing states and stationary
ARMA states (R's arima(method = "ML") basis that colcrime uses; see ../scenario).

1. The estimates on the common span (rows 1-94, where y and x are both observed).
2. Given a regressor path (x held at 3.0 over the gap and the 8 forecast periods): the model on
   all 100 rows of y with the gap filled by the path, filtered at those estimates, and
   get_forecast(8, exog=path): predicted_mean and se_mean.
3. With the regressor's own ARIMA(1,1,0) (fitted by statsmodels to x up to period 94) filling the
   gap and the horizon with its mean forecast, the interval also carries the driver's errors:
   Var = se_mean^2 + beta^2 c' C c, with C the joint covariance of the driver's forecast errors
   (from its MA(inf) weights; its diagonal is checked against the driver's own se_mean) and c the
   contrast e_{T+j} - sum_t w_{j,t} e_t, where w_{j,t} = d yhat_{T+j} / d y_t over the gap, computed
   here by statsmodels' own filter (forecast after adding 1 to y_t).

Run: python3 generate.py  (from this directory)
"""
import json
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.arima_process import arma2ma
from statsmodels.tsa.statespace.initialization import Initialization
from statsmodels.tsa.statespace.sarimax import SARIMAX

warnings.simplefilter("ignore")


def exact_diffuse(mod):
    k = mod._k_states_diff
    init = Initialization(mod.k_states)
    if k > 0:
        init.set((0, k), "diffuse")
    init.set((k, mod.k_states), "stationary")
    mod.ssm.initialization = init
    mod.ssm.loglikelihood_burn = k
    return mod


rng = np.random.RandomState(19)
n, nx, h = 100, 94, 8
gap = n - nx
x = np.cumsum(0.3 * rng.standard_normal(n)) + 2.0
e = rng.standard_normal(n) * 0.5
u = np.zeros(n)
eps_prev = 0.0
for t in range(1, n):
    # (1 - 0.5 B)(1 - B) u_t = (1 + 0.3 B) e_t
    du_prev = u[t - 1] - (u[t - 2] if t >= 2 else 0.0)
    u[t] = u[t - 1] + 0.5 * du_prev + e[t] + 0.3 * e[t - 1]
y = 0.8 * x + u
x_pub = x.copy()
x_pub[nx:] = np.nan
pd.DataFrame({"date": [f"{1990 + t // 4} Q{t % 4 + 1}" for t in range(n)], "y": y, "x": x_pub}).to_csv(
    "input.csv", index=False, float_format="%.17g"
)


def fit_common():
    mod = exact_diffuse(SARIMAX(y[:nx], exog=x[:nx].reshape(-1, 1), order=(1, 1, 1)))
    res = mod.fit(method="lbfgs", maxiter=2000, disp=False)
    res = mod.fit(start_params=res.params, method="nm", maxiter=20000, disp=False)
    res = mod.fit(start_params=res.params, method="bfgs", maxiter=2000, disp=False, gtol=1e-10)
    return res


res = fit_common()
params = res.params
beta = params[0]


def forecast_filled(yy, fill, future):
    xf = x_pub.copy()
    xf[nx:] = fill
    mod = exact_diffuse(SARIMAX(yy, exog=xf.reshape(-1, 1), order=(1, 1, 1)))
    r = mod.filter(params)
    fc = r.get_forecast(steps=h, exog=np.asarray(future).reshape(-1, 1))
    return np.asarray(fc.predicted_mean), np.asarray(fc.se_mean)


# 2. A given path.
hold = np.full(gap + h, 3.0)
mean_g, se_g = forecast_filled(y, hold[:gap], hold[gap:])

# 3. The driver's own forecast.
dmod = exact_diffuse(SARIMAX(x[:nx], order=(1, 1, 0)))
dres = dmod.fit(method="bfgs", maxiter=2000, disp=False, gtol=1e-10)
m = gap + h
dfc = dres.get_forecast(steps=m)
dpath = np.asarray(dfc.predicted_mean)
dse = np.asarray(dfc.se_mean)
phi, s2 = dres.params[0], dres.params[1]
psi = arma2ma(np.array([1.0, -(1 + phi), phi]), np.array([1.0]), lags=m)
C = np.zeros((m, m))
for a in range(m):
    for b in range(m):
        C[a, b] = s2 * sum(psi[a - i] * psi[b - i] for i in range(min(a, b) + 1))
assert np.allclose(np.sqrt(np.diag(C)), dse, rtol=1e-8), (np.sqrt(np.diag(C)), dse)
mean_d, se_d_given = forecast_filled(y, dpath[:gap], dpath[gap:])
w = np.zeros((h, gap))
for t in range(gap):
    yy = y.copy()
    yy[nx + t] += 1.0
    m1, _ = forecast_filled(yy, dpath[:gap], dpath[gap:])
    w[:, t] = m1 - mean_d
var_x = np.zeros(h)
for j in range(h):
    c = np.zeros(m)
    c[gap + j] += 1.0
    c[:gap] -= w[j]
    var_x[j] = beta**2 * c @ C @ c

out = {
    "param_names": ["x", "ar.L1", "ma.L1", "sigma2"],
    "params": params.tolist(),
    "llf": float(res.llf),
    "gap": gap,
    "horizon": h,
    "given_path": {"path": hold.tolist(), "mean": mean_g.tolist(), "se": se_g.tolist()},
    "driver": {
        "order": [1, 1, 0],
        "params": dres.params.tolist(),
        "path": dpath.tolist(),
        "se_path": dse.tolist(),
        "weights": w.tolist(),
        "mean": mean_d.tolist(),
        "se_given": se_d_given.tolist(),
        "se": np.sqrt(se_d_given**2 + var_x).tolist(),
        "se_naive": np.sqrt(se_d_given**2 + beta**2 * dse[gap:] ** 2).tolist(),
    },
}
with open("expected.json", "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps({k: out[k] for k in ("params", "llf")}))
print("se with gap weights", np.round(out["driver"]["se"], 4))
print("se ignoring the gap", np.round(out["driver"]["se_naive"], 4))
