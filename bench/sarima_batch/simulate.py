"""Seeded simulator for the SARIMA batch benchmark (issue 5).

Writes series.csv: a `date` column (monthly, 2010-01 onwards) and 200 columns
s000..s199, each of length 180, from the SARIMA(1,1,1)(0,1,1)12 model
    (1 - phi B)(1 - B)(1 - B^12) y_t = (1 + theta B)(1 + Theta B^12) e_t,
    phi = 0.6, theta = -0.4, Theta = -0.5, e_t ~ N(0, 1),
started at level 100 after a burn-in of 60 values of the ARMA part.
Run: python3 simulate.py [--seed 20240501]"""
import argparse
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=20240501)
ap.add_argument("--nseries", type=int, default=200)
ap.add_argument("--length", type=int, default=180)
ap.add_argument("--out", default="series.csv")
a = ap.parse_args()

rng = np.random.default_rng(a.seed)
phi, theta, Theta, s = 0.6, -0.4, -0.5, 12
n, burn = a.length, 60
cols = []
for i in range(a.nseries):
    m = n + burn
    e = rng.standard_normal(m + s + 1)
    w = np.zeros(m)
    for t in range(m):
        ma = e[t + s + 1] + theta * e[t + s] + Theta * e[t + 1] + theta * Theta * e[t]
        w[t] = (phi * w[t - 1] if t > 0 else 0.0) + ma
    w = w[burn:]
    # Undo (1 - B^12) then (1 - B).
    u = np.zeros(n)
    for t in range(n):
        u[t] = w[t] + (u[t - s] if t >= s else 0.0)
    y = 100.0 + np.cumsum(u)
    cols.append(y)
with open(a.out, "w") as f:
    f.write("date," + ",".join(f"s{i:03d}" for i in range(a.nseries)) + "\n")
    for t in range(n):
        yr, mo = 2010 + t // 12, t % 12 + 1
        f.write(f"{yr}-{mo:02d}-01," + ",".join(repr(float(c[t])) for c in cols) + "\n")
