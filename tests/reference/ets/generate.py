"""Reference values for colcrime's ETS and Holt-Winters models.

Run from this directory: python3 generate.py
Needs statsmodels (0.15), numpy, pandas. Writes <case>/input.csv and
<case>/expected.json for every case; see SOURCE.md.
"""
import csv
import json
import math
import os
import warnings

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.holtwinters import ExponentialSmoothing

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
H = 12


def clean(x):
    if isinstance(x, (pd.Series, pd.DataFrame)):
        x = np.asarray(x)
    if isinstance(x, (list, tuple, np.ndarray)):
        return [clean(v) for v in x]
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def airpassengers():
    rows = list(csv.DictReader(open(os.path.join(HERE, "../arima/airline/input.csv"))))
    return [r["date"] for r in rows], [float(r["passengers"]) for r in rows]


def london_theft():
    """Monthly THEFT offences (Met Police major category), summed over the
    London boroughs, April 2010 - December 2019."""
    src = os.path.join(
        HERE,
        "../../../notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv",
    )
    if not os.path.exists(src):
        src = "/work/main/notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv"
    with open(src, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    months = rows[0][3:]
    tot = [0.0] * len(months)
    for r in rows[1:]:
        if r[0].strip().upper() == "THEFT":
            for i, v in enumerate(r[3:]):
                tot[i] += float(v) if v.strip() else 0.0
    keep = [i for i, m in enumerate(months) if m <= "201912"]
    return [f"{months[i][:4]}-{months[i][4:]}-01" for i in keep], [tot[i] for i in keep]


def synthetic():
    """Quarterly, n = 60: level 50, trend 0.4, additive season, N(0, 2^2) noise."""
    rng = np.random.default_rng(20240601)
    n = 60
    season = np.array([3.0, -1.5, -4.0, 2.5])
    t = np.arange(n)
    y = 50 + 0.4 * t + season[t % 4] + rng.normal(0, 2.0, n)
    dates = [f"{2010 + i // 4} Q{i % 4 + 1}" for i in range(n)]
    return dates, [float(v) for v in y]


ETS_MODELS = {
    "airpassengers": [("mul", "add", False, "mul"), ("mul", "add", True, "mul"),
                      ("add", "add", False, "add"), ("mul", None, False, None),
                      ("add", "add", True, "add")],
    "london_theft": [("add", "add", True, "add"), ("mul", None, False, "mul"),
                     ("add", None, False, "add"), ("mul", "add", True, None)],
    "synthetic": [("add", "add", False, "add"), ("add", "add", True, None),
                  ("add", None, False, None), ("mul", "add", False, "add")],
}
HW_MODELS = {
    "airpassengers": [("add", False, "mul"), ("add", False, "add"), ("add", True, "mul")],
    "london_theft": [("add", True, "add"), (None, False, "mul")],
    "synthetic": [("add", False, "add"), ("add", True, None), (None, False, None)],
}
PERIOD = {"airpassengers": 12, "london_theft": 12, "synthetic": 4}


def trend_word(trend, damped):
    if trend is None:
        return "none"
    return "add_damped" if damped else "add"


def ets_case(y, error, trend, damped, seasonal, m):
    mod = ETSModel(pd.Series(y, dtype=float), error=error, trend=trend, damped_trend=damped,
                   seasonal=seasonal, seasonal_periods=m if seasonal else None)
    res = mod.fit(disp=False, maxiter=10000)
    pred = res.get_prediction(start=len(y), end=len(y) + H - 1,
                              simulate_repetitions=5000, rng=np.random.default_rng(1))
    out = {
        "error": error, "trend": trend_word(trend, damped), "seasonal": seasonal or "none",
        "period": m if seasonal else None, "short_name": mod.short_name,
        "param_names": list(mod.param_names), "params": clean(res.params),
        "llf": res.llf, "aic": res.aic, "aicc": res.aicc, "bic": res.bic,
        "sse": res.sse, "mse": res.mse, "df_model": int(res.df_model),
        "fittedvalues": clean(res.fittedvalues),
        "converged": bool(res.mle_retvals.get("converged", True)) if isinstance(res.mle_retvals, dict) else True,
        "forecast": {"method": pred.method, "mean": clean(pred.predicted_mean),
                     "se": clean(np.sqrt(pred.var_pred_mean))},
    }
    for lev in (80, 95):
        pi = np.asarray(pred.pred_int(alpha=1 - lev / 100))
        out["forecast"][f"lower_{lev}"] = clean(pi[:, 0])
        out["forecast"][f"upper_{lev}"] = clean(pi[:, 1])
    # A perturbed parameter point: exact log-likelihood and fitted values.
    p = np.array(res.params, dtype=float)
    p[0] = min(max(p[0] * 0.9, 0.05), 0.9)
    p_fixed = p.copy()
    out["fixed_params"] = clean(p_fixed)
    out["fixed_llf"] = mod.loglike(p_fixed)
    out["fixed_fittedvalues"] = clean(mod.smooth(p_fixed).fittedvalues)
    return out


def hw_case(y, trend, damped, seasonal, m):
    mod = ExponentialSmoothing(np.asarray(y), trend=trend, damped_trend=damped, seasonal=seasonal,
                               seasonal_periods=m if seasonal else None)
    res = mod.fit()
    pr = res.params
    vec = [pr["smoothing_level"]]
    names = ["smoothing_level"]
    if trend:
        vec.append(pr["smoothing_trend"]); names.append("smoothing_trend")
    if seasonal:
        vec.append(pr["smoothing_seasonal"]); names.append("smoothing_seasonal")
    if damped:
        vec.append(pr["damping_trend"]); names.append("damping_trend")
    vec.append(pr["initial_level"]); names.append("initial_level")
    if trend:
        vec.append(pr["initial_trend"]); names.append("initial_trend")
    if seasonal:
        vec += list(pr["initial_seasons"]); names += [f"initial_seasons.{j}" for j in range(m)]
    # The same model as an additive-error ETSModel (beta_ETS = alpha beta,
    # gamma_ETS = gamma, seasonals s[-1] first): its forecasts and intervals.
    # statsmodels' HoltWintersResults.forecast reuses the seasonal from before
    # the last update at horizons m, 2m, ... (0.15); ETSModel does not.
    ev = [pr["smoothing_level"]]
    if trend:
        ev.append(pr["smoothing_level"] * pr["smoothing_trend"])
    if seasonal:
        ev.append(pr["smoothing_seasonal"])
    if damped:
        ev.append(pr["damping_trend"])
    ev.append(pr["initial_level"])
    if trend:
        ev.append(pr["initial_trend"])
    if seasonal:
        ev += list(pr["initial_seasons"])[::-1]
    emod = ETSModel(pd.Series(y, dtype=float), error="add", trend=trend, damped_trend=damped,
                    seasonal=seasonal, seasonal_periods=m if seasonal else None)
    eres = emod.smooth(np.array(ev))
    epred = eres.get_prediction(start=len(y), end=len(y) + H - 1,
                                simulate_repetitions=5000, rng=np.random.default_rng(2))
    efc = {"method": epred.method, "mean": clean(epred.predicted_mean),
           "se": clean(np.sqrt(epred.var_pred_mean)),
           "fittedvalues": clean(eres.fittedvalues)}
    for lev in (80, 95):
        pi = np.asarray(epred.pred_int(alpha=1 - lev / 100))
        efc[f"lower_{lev}"] = clean(pi[:, 0])
        efc[f"upper_{lev}"] = clean(pi[:, 1])
    return {
        "ets_equivalent": efc,
        "trend": trend_word(trend, damped), "seasonal": seasonal or "none",
        "period": m if seasonal else None, "param_names": names, "params": clean(vec),
        "sse": res.sse, "aic": res.aic, "aicc": res.aicc, "bic": res.bic,
        "fittedvalues": clean(res.fittedvalues), "forecast_mean": clean(res.forecast(H)),
    }


def main():
    data = {"airpassengers": airpassengers(), "london_theft": london_theft(), "synthetic": synthetic()}
    for name, (dates, y) in data.items():
        d = os.path.join(HERE, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "input.csv"), "w") as f:
            f.write("date,y\n")
            for a, b in zip(dates, y):
                f.write(f"{a},{b!r}\n")
        m = PERIOD[name]
        exp = {"name": name, "n": len(y), "horizon": H, "ets": [], "holt_winters": []}
        for (e, t, dmp, s) in ETS_MODELS[name]:
            exp["ets"].append(ets_case(y, e, t, dmp, s, m))
        for (t, dmp, s) in HW_MODELS[name]:
            exp["holt_winters"].append(hw_case(y, t, dmp, s, m))
        exp["versions"] = {"statsmodels": statsmodels.__version__, "numpy": np.__version__}
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump(exp, f, indent=1)
        print(name, len(y), [(c["short_name"], round(c["llf"], 4)) for c in exp["ets"]],
              [round(c["sse"], 4) for c in exp["holt_winters"]])


if __name__ == "__main__":
    main()
