"""Builds london_cpi.csv: monthly robbery offences recorded by the Metropolitan
Police, summed over the London boroughs (notebooks-data/met_police_borough/
MPS_Borough_Level_Crime_Historical_201004-202311.csv), and the ONS CPI annual
rate, CDID D7G7 (notebooks-data/ons_mm23/d7g7_cpi_annual_rate_rel2024-02-14.csv),
April 2010 - November 2023. Run from this directory: python3 prepare_real.py"""
import csv

ROOT = "../../../notebooks-data/"
with open(ROOT + "met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv",
          newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
months = rows[0][3:]
tot = [0.0] * len(months)
for r in rows[1:]:
    if r[0].strip().upper() == "ROBBERY":
        for i, v in enumerate(r[3:]):
            tot[i] += float(v) if v.strip() else 0.0
MON = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
cpi = {}
with open(ROOT + "ons_mm23/d7g7_cpi_annual_rate_rel2024-02-14.csv", newline="") as f:
    for r in csv.reader(f):
        k = r[0].split()
        if len(k) == 2 and k[1] in MON:
            cpi[f"{k[0]}{MON.index(k[1]) + 1:02d}"] = r[1]
with open("london_cpi.csv", "w") as f:
    f.write("date,robbery,cpi\n")
    for m, v in zip(months, tot):
        f.write(f"{m[:4]}-{m[4:]}-01,{v:.0f},{cpi[m]}\n")
