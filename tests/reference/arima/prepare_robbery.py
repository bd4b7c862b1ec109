"""Builds london_robbery/input.csv: monthly robbery offences recorded by the
Metropolitan Police, summed over the London boroughs, April 2010 - November
2023, from notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv;
y = log(count). Run from this directory: python3 prepare_robbery.py"""
import csv, math, os
src = "../../../notebooks-data/met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv"
with open(src, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
head = rows[0]
months = head[3:]
tot = [0.0] * len(months)
for r in rows[1:]:
    if r[0].strip().upper() == "ROBBERY":
        for i, v in enumerate(r[3:]):
            tot[i] += float(v) if v.strip() else 0.0
os.makedirs("london_robbery", exist_ok=True)
with open("london_robbery/input.csv", "w") as f:
    f.write("date,robbery,y\n")
    for m, v in zip(months, tot):
        f.write(f"{m[:4]}-{m[4:]}-01,{v:.0f},{math.log(v)!r}\n")
