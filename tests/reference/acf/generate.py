"""Reference ACF/PACF numbers for tests/charts_more.rs.

statsmodels.tsa.stattools.acf (adjusted=False, fft=False) and pacf (method
"ywadjusted", the default). Run from this directory: python3 generate.py
"""
import csv
import json

import numpy as np
import statsmodels
from statsmodels.tsa.stattools import acf, pacf

# Real data: monthly CPI annual rate (D7G7), 2010 JAN onwards, extracted
# from notebooks-data/ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv.
SRC = "../../../notebooks-data/ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv"
rows = []
try:
    with open(SRC) as f:
        for r in csv.reader(f):
            if len(r) == 2 and len(r[0]) == 8 and r[0][:4].isdigit() and int(r[0][:4]) >= 2010:
                rows.append((r[0], float(r[1])))
    with open("cpi_monthly_2010.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["period", "cpi"])
        w.writerows(rows)
except FileNotFoundError:
    with open("cpi_monthly_2010.csv") as f:
        rows = [(r["period"], float(r["cpi"])) for r in csv.DictReader(f)]
cpi = np.array([v for _, v in rows])

# Synthetic: a seeded AR(2) with mean 5.
rng = np.random.default_rng(20261129)
e = rng.normal(size=160)
y = np.zeros(160)
for t in range(2, 160):
    y[t] = 0.6 * y[t - 1] - 0.3 * y[t - 2] + e[t]
ar2 = 5.0 + y[40:]

# Tiny hand series.
small = np.array([1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 8.0, 7.0, 9.0, 12.0])

cases = {}
for name, x, nlags in [("cpi", cpi, 24), ("ar2", ar2, 20), ("small", small, 4)]:
    cases[name] = {
        "x": x.tolist(),
        "nlags": nlags,
        "acf": acf(x, nlags=nlags, adjusted=False, fft=False).tolist(),
        "pacf": pacf(x, nlags=nlags).tolist(),
    }
with open("acf_pacf.json", "w") as f:
    json.dump({"statsmodels": statsmodels.__version__, "cases": cases}, f, indent=1)
