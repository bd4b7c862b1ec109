"""Seeded simulator for the automatic-forecasting batch benchmark (issue 16).

Writes series.csv: a `date` column (monthly from 2010-01) and 200 columns
s000..s199 of length 180. Each series draws its own seasonal ARIMA
(p, d, q)(P, D, Q)12 with p, q in 0..2, P, Q in 0..1, d in 0..1, D in 0..1,
coefficients uniform on stationary/invertible ranges, innovations N(0, 1),
a burn-in of 120 values, and, for a third of the series, a multiplicative
seasonal pattern on the exponential scale (exp(y / 40)), so that the batch
holds additive and multiplicative structure for ETS as well as ARIMA. Every
series is shifted so that its minimum is 10 (positive data: ETS may consider
multiplicative errors and seasons).

Run: python3 simulate.py [--seed 20261207] [--nseries 200] [--length 180]"""
import argparse
import json
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=20261207)
ap.add_argument("--nseries", type=int, default=200)
ap.add_argument("--length", type=int, default=180)
ap.add_argument("--out", default="series.csv")
a = ap.parse_args()

rng = np.random.default_rng(a.seed)
s, n, burn = 12, a.length, 120


def stationary(k):
    # Coefficients from partial autocorrelations in (-0.8, 0.8): always stationary.
    pac = rng.uniform(-0.8, 0.8, k)
    phi = np.zeros(0)
    for r in pac:
        phi = np.append(phi - r * phi[::-1], r)
    return phi


truth = {}
cols = []
for i in range(a.nseries):
    p, q = rng.integers(0, 3, 2)
    sp, sq = rng.integers(0, 2, 2)
    d, sd = rng.integers(0, 2, 2)
    ar, ma = stationary(p), -stationary(q)
    sar, sma = stationary(sp), -stationary(sq)
    # Full AR and MA polynomials of the ARMA part (lag coefficients).
    phi = np.convolve(np.r_[1.0, -ar], np.r_[1.0] if sp == 0 else np.r_[1.0, np.zeros(s - 1), -sar])
    theta = np.convolve(np.r_[1.0, ma], np.r_[1.0] if sq == 0 else np.r_[1.0, np.zeros(s - 1), sma])
    m = n + burn
    e = rng.standard_normal(m + len(theta))
    w = np.zeros(m)
    for t in range(m):
        v = sum(theta[j] * e[t + len(theta) - 1 - j] for j in range(len(theta)))
        v -= sum(phi[j] * w[t - j] for j in range(1, len(phi)) if t - j >= 0)
        w[t] = v
    w = w[burn:]
    u = w.copy()
    if sd:
        for t in range(s, n):
            u[t] += u[t - s]
    if d:
        u = np.cumsum(u)
    mult = i % 3 == 2
    if mult:
        # A fixed seasonal swing whose size grows with the level.
        u = u + 4.0 * np.sin(2 * np.pi * np.arange(n) / s)
        y = np.exp(u / 40.0) * 100.0
    else:
        y = u
    y = y - y.min() + 10.0
    cols.append(y)
    truth[f"s{i:03d}"] = {"order": [int(p), int(d), int(q)],
                          "seasonal": [int(sp), int(sd), int(sq), s], "multiplicative": mult}

with open(a.out, "w") as f:
    f.write("date," + ",".join(f"s{i:03d}" for i in range(a.nseries)) + "\n")
    for t in range(n):
        yr, mo = 2010 + t // 12, t % 12 + 1
        f.write(f"{yr}-{mo:02d}-01," + ",".join(f"{c[t]:.6f}" for c in cols) + "\n")
with open("truth.json", "w") as f:
    json.dump(truth, f, indent=0)
print(f"wrote {a.out}: {a.nseries} series x {n}")
