"""Reference values for count models without an offset (statsmodels), where
colcrime takes the null model's fitted mean in closed form (the sample mean).

Input: kingston_robbery/input.csv (written by generate.py).
Run from the repository root: python3 tests/reference/glm/no_offset.py
"""
import json, os
import numpy as np, pandas as pd
import statsmodels, statsmodels.api as sm

OUT = os.path.dirname(os.path.abspath(__file__))
case = os.path.join(OUT, "kingston_robbery")
df = pd.read_csv(os.path.join(case, "input.csv"))
X = pd.DataFrame({"const": 1.0, "cpi": df["cpi"], "t": df["t"]})
y = df["robbery"]
formula = "robbery ~ cpi + t"
out = {"statsmodels": statsmodels.__version__}
res = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-14, maxiter=200)
out["poisson"] = {"formula": formula, "params": list(np.asarray(res.params)),
                  "bse": list(np.asarray(res.bse)), "llf": float(res.llf),
                  "deviance": float(res.deviance), "null_deviance": float(res.null_deviance)}
nb = sm.NegativeBinomial(y, X, loglike_method="nb2").fit(method="newton", maxiter=200, tol=1e-14, disp=0)
p = np.asarray(nb.params)
glm = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=p[-1])).fit(
    start_params=p[:-1], tol=1e-14, maxiter=200)
out["negbin"] = {"formula": formula, "params": list(p[:-1]), "alpha": float(p[-1]),
                 "llf": float(nb.llf), "deviance": float(glm.deviance),
                 "null_deviance": float(glm.null_deviance)}
with open(os.path.join(case, "expected_no_offset.json"), "w") as f:
    json.dump(out, f, indent=1)
