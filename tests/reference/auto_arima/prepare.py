"""Builds the real-data inputs of the auto-arima reference cases from
notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv
(Metropolitan Police robbery offences summed over the London boroughs):
  robbery_monthly/input.csv    y = log(monthly count), April 2010 - November 2023
  robbery_quarterly/input.csv  y = log(quarterly count), 2010 Q2 - 2023 Q3 (complete quarters)
Run from this directory: python3 prepare.py"""
import csv, math, os
src = "../../../notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv"
if not os.path.exists(src):
    src = "/work/main/notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv"
with open(src, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
months = rows[0][3:]
tot = [0.0] * len(months)
for r in rows[1:]:
    if r[0].strip().upper() == "ROBBERY":
        for i, v in enumerate(r[3:]):
            tot[i] += float(v) if v.strip() else 0.0
os.makedirs("robbery_monthly", exist_ok=True)
with open("robbery_monthly/input.csv", "w") as f:
    f.write("date,robbery,y\n")
    for m, v in zip(months, tot):
        f.write(f"{m[:4]}-{m[4:]}-01,{v:.0f},{math.log(v)!r}\n")
q = {}
for m, v in zip(months, tot):
    key = (int(m[:4]), (int(m[4:]) - 1) // 3 + 1)
    q.setdefault(key, []).append(v)
os.makedirs("robbery_quarterly", exist_ok=True)
with open("robbery_quarterly/input.csv", "w") as f:
    f.write("date,robbery,y\n")
    for (yr, qq), vs in sorted(q.items()):
        if len(vs) == 3:
            s = sum(vs)
            f.write(f"{yr} Q{qq},{s:.0f},{math.log(s)!r}\n")
