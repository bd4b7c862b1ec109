"""Reference numbers for scenario forecasts of a regression with SARIMA errors.

Log quarterly London robbery (Metropolitan Police) on CPI inflation (ONS D7G7, quarterly mean),
2008 Q1 to 2025 Q3, SARIMAX(1,1,1)(0,1,1,4) with CPI as regressor. statsmodels 0.15 SARIMAX,
with the differencing states initialised exactly diffuse and the ARMA states from their
stationary distribution: the basis of R's arima(method = "ML") that colcrime uses.

Writes expected.json: the optimum (params, llf), and for each scenario in scenarios.csv the
conditional forecast get_forecast(steps=8, exog=path) (predicted_mean, se_mean), and the
driver-uncertainty variance se_y^2 + beta^2 Var_x(m), with Var_x(m) the m-step forecast
error variance of an ARIMA(1,1,0) of CPI fitted by statsmodels (same initialisation).

Run: python3 generate.py  (from this directory)
"""
import json
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.statespace.initialization import Initialization
from statsmodels.tsa.statespace.sarimax import SARIMAX


warnings.simplefilter("ignore")  # the burn-with-exact-diffuse ModelWarning


def exact_diffuse(mod):
    k = mod._k_states_diff
    init = Initialization(mod.k_states)
    if k > 0:
        init.set((0, k), "diffuse")
    init.set((k, mod.k_states), "stationary")
    mod.ssm.initialization = init
    # Leave the first d + sD observations out of the likelihood (statsmodels'
    # default burn): the likelihood of the differenced series.
    mod.ssm.loglikelihood_burn = k
    return mod


d = pd.read_csv("input.csv")
train = d[d.log_robbery.notna()]
y = train.log_robbery.to_numpy()
x = train[["cpi"]].to_numpy()
mod = exact_diffuse(SARIMAX(y, exog=x, order=(1, 1, 1), seasonal_order=(0, 1, 1, 4)))
res = mod.fit(method="lbfgs", maxiter=2000, disp=False)
res = mod.fit(start_params=res.params, method="nm", maxiter=20000, disp=False)
res = mod.fit(start_params=res.params, method="bfgs", maxiter=2000, disp=False, gtol=1e-10)
params = res.params.tolist()

# The driver: CPI over the whole observed span (to 2025 Q4), ARIMA(1,1,0).
cpi = d.cpi.to_numpy()
dmod = exact_diffuse(SARIMAX(cpi, order=(1, 1, 0)))
dres = dmod.fit(method="bfgs", maxiter=2000, disp=False, gtol=1e-10)
dfc = dres.get_forecast(steps=12)
var_x = (np.asarray(dfc.se_mean) ** 2).tolist()

sc = pd.read_csv("scenarios.csv")
out = {
    "param_names": ["cpi", "ar.L1", "ma.L1", "ma.S.L4", "sigma2"],
    "params": params,
    "llf": float(res.llf),
    "driver": {"order": [1, 1, 0], "params": dres.params.tolist(), "llf": float(dres.llf), "var": var_x},
    "scenarios": {},
}
beta = params[0]
for name, g in sc.groupby("scenario", sort=False):
    # The window 2025 Q4 .. 2027 Q3: 2025 Q4 is observed (3.4), the rest from the file.
    path = np.concatenate([[cpi[-1]], g.cpi.to_numpy()])
    fc = res.get_forecast(steps=len(path), exog=path.reshape(-1, 1))
    se = np.asarray(fc.se_mean)
    # Steps beyond CPI's last observation (2025 Q4): 0, 1, 2, ...
    steps = np.arange(len(path))
    vx = np.array([0.0] + var_x[: len(path) - 1])
    out["scenarios"][name] = {
        "path": path.tolist(),
        "steps_ahead": steps.tolist(),
        "mean": np.asarray(fc.predicted_mean).tolist(),
        "se": se.tolist(),
        "se_driver": np.sqrt(se**2 + beta**2 * vx).tolist(),
    }
with open("expected.json", "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps({k: out[k] for k in ("params", "llf")}))
