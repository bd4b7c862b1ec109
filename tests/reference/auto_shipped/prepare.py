"""Builds the inputs of the auto-ARIMA / automatic-ETS comparison with R on the
shipped series (tests/reference/auto_shipped; see SOURCE.md there).

Every series is read from the project's own notebooks-data/ folder:
  Metropolitan Police London totals (all boroughs summed; an empty cell counts as 0) from
    met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv,
    April 2010 - November 2023 (164 months); quarterly = sum of the three months of each
    complete calendar quarter (2010 Q2 - 2023 Q3, 54 quarters).
  ONS (monthly rows "YYYY MON" of the ONS time-series CSV; the annual and quarterly rows
    are ignored): D7BT CPI index (ons_mm23, release 25 Mar 2026), CDKO RPI long-run index
    (ons_mm23, release 17 Nov 2021), MGSX unemployment rate 16+ (ons_labour_market, release
    14 Jun 2022), KAB9 average weekly earnings (ons_labour_market, release 14 Jun 2022);
    quarterly = mean of the three months of each complete calendar quarter.
Each case is written as <case>/input.csv with columns date, y (y = level or natural log).
Run from this directory: python3 prepare.py"""
import csv
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "../../../notebooks-data"))
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def met(major):
    """Monthly London totals of a major category (None: every row), as [(year, month, value)]."""
    path = os.path.join(DATA, "met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv")
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    months = rows[0][3:]
    tot = [0.0] * len(months)
    for r in rows[1:]:
        if major is None or r[0].strip().upper() == major:
            for i, v in enumerate(r[3:]):
                tot[i] += float(v) if v.strip() else 0.0
    return [(int(m[:4]), int(m[4:]), v) for m, v in zip(months, tot)]


def ons(relpath):
    """The monthly rows ("1988 JAN","49.6") of an ONS time-series CSV, as [(year, month, value)]."""
    out = []
    with open(os.path.join(DATA, relpath), newline="", encoding="utf-8-sig") as f:
        for r in csv.reader(f):
            if len(r) < 2:
                continue
            parts = r[0].split()
            if len(parts) == 2 and parts[1] in MONTHS and r[1].strip():
                out.append((int(parts[0]), MONTHS.index(parts[1]) + 1, float(r[1])))
    out.sort()
    # The monthly rows must be consecutive (no gap, no missing marker).
    for (y0, m0, _), (y1, m1, _) in zip(out, out[1:]):
        assert (y1 * 12 + m1) - (y0 * 12 + m0) == 1, (relpath, y0, m0, y1, m1)
    return out


def quarterly(monthly, how):
    """Complete calendar quarters: sum (counts) or mean (rates and indices) of three months."""
    q = {}
    for y, m, v in monthly:
        q.setdefault((y, (m - 1) // 3 + 1), []).append(v)
    agg = (lambda vs: sum(vs)) if how == "sum" else (lambda vs: sum(vs) / 3.0)
    return [(y, qq, agg(vs)) for (y, qq), vs in sorted(q.items()) if len(vs) == 3]


def write(name, rows, freq, log):
    os.makedirs(os.path.join(HERE, name), exist_ok=True)
    with open(os.path.join(HERE, name, "input.csv"), "w") as f:
        f.write("date,y\n")
        for y, p, v in rows:
            date = f"{y}-{p:02d}-01" if freq == 12 else f"{y}-{3 * p - 2:02d}-01"
            if log:
                assert v > 0, name
                v = math.log(v)
            f.write(f"{date},{v!r}\n")


SERIES = {
    # name: (monthly rows, quarterly aggregation)
    "met_all": (met(None), "sum"),
    "met_burglary": (met("BURGLARY"), "sum"),
    "met_robbery": (met("ROBBERY"), "sum"),
    "met_theft": (met("THEFT"), "sum"),
    "met_violence": (met("VIOLENCE AGAINST THE PERSON"), "sum"),
    "ons_cpi": (ons("ons_mm23/d7bt_cpi_index_rel2026-03-25.csv"), "mean"),
    "ons_rpi": (ons("ons_mm23/cdko_rpi_long_run_index_rel2021-11-17.csv"), "mean"),
    "ons_unemployment": (ons("ons_labour_market/mgsx_unemployment_rate_rel2022-06-14.csv"), "mean"),
    "ons_earnings": (ons("ons_labour_market/kab9_awe_total_pay_level_rel2022-06-14.csv"), "mean"),
}

# (series, frequency, transform): every combination of source (Met / ONS), frequency
# (monthly / quarterly) and transform (levels / logs), 24 cases.
CASES = [
    ("met_all", 12, "level"), ("met_all", 12, "log"),
    ("met_burglary", 12, "level"), ("met_burglary", 12, "log"),
    ("met_theft", 12, "level"), ("met_violence", 12, "log"),
    ("met_all", 4, "level"), ("met_all", 4, "log"),
    ("met_robbery", 4, "level"), ("met_theft", 4, "log"),
    ("met_violence", 4, "level"), ("met_burglary", 4, "log"),
    ("ons_cpi", 12, "level"), ("ons_cpi", 12, "log"),
    ("ons_rpi", 12, "log"), ("ons_unemployment", 12, "level"),
    ("ons_earnings", 12, "level"), ("ons_earnings", 12, "log"),
    ("ons_cpi", 4, "level"), ("ons_cpi", 4, "log"),
    ("ons_rpi", 4, "level"), ("ons_unemployment", 4, "level"),
    ("ons_unemployment", 4, "log"), ("ons_earnings", 4, "log"),
]

for series, freq, transform in CASES:
    monthly, how = SERIES[series]
    rows = monthly if freq == 12 else quarterly(monthly, how)
    name = f"{series}_{'monthly' if freq == 12 else 'quarterly'}_{transform}"
    write(name, rows, freq, transform == "log")
    print(f"{name}: n = {len(rows)}, {rows[0][:2]} - {rows[-1][:2]}")
