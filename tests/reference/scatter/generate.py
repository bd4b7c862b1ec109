"""Reference for the scatter chart's fitted line and 95% confidence band of
the mean: statsmodels OLS(y, add_constant(x)).get_prediction(x0).conf_int()
at grid points x0 = xlo + (xhi - xlo) * i / 60. Run: python3 generate.py
"""
import json

import numpy as np
import statsmodels
import statsmodels.api as sm

rng = np.random.default_rng(20261129)
x = np.round(rng.uniform(0.0, 11.0, size=40), 3)
y = np.round(-5.0 + 3.5 * x + rng.normal(scale=15.0, size=40), 3)
res = sm.OLS(y, sm.add_constant(x)).fit()
xlo, xhi = x.min(), x.max()
idx = [0, 15, 30, 45, 60]
x0 = np.array([xlo + (xhi - xlo) * i / 60 for i in idx])
pred = res.get_prediction(sm.add_constant(x0, has_constant="add"))
ci = pred.conf_int(alpha=0.05)
out = {
    "statsmodels": statsmodels.__version__,
    "x": x.tolist(),
    "y": y.tolist(),
    "params": res.params.tolist(),
    "slope_ci": res.conf_int()[1].tolist(),
    "rsquared": res.rsquared,
    "grid_index": idx,
    "x0": x0.tolist(),
    "mean": pred.predicted_mean.tolist(),
    "lower": ci[:, 0].tolist(),
    "upper": ci[:, 1].tolist(),
}
with open("band.json", "w") as f:
    json.dump(out, f, indent=1)
