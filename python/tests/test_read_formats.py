"""`colcrime.read(path)` on one shipped file of every format `data inspect`
recognises: for each frequency in the file, a DataFrame with a period index
whose columns are exactly the series `colcrime --format json data inspect`
lists, each spanning the inspect's `first`..`last` (`n` periods, of which
`missing` are NaN, and nothing outside), with its title and unit; plus
values checked against the raw file read independently in Python."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest

import colcrime
from colcrime.results import period_index
from conftest import QUARTERLY, REPO, run_cli

ND = REPO / "notebooks-data"
FILES = {
    "ONS time-series CSV": ND / "ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv",
    "ONS/BoE JSON snapshot": ND / "ons_vintage_json_policyengine/uk_cpi_yoy.json",
    "Met Police borough file (current classification)":
        ND / "met_police_borough/MPS_Borough_Level_Crime_recent24m_202312-202511.csv",
    "Met Police borough file (old classification)":
        ND / "met_police_borough/MPS_Borough_Level_Crime_Historic_oldclass_200801-201612.csv",
    "police.uk street-level CSV": ND / "police_uk_street/city_of_london_all_crime/2022-11-city-of-london-street.csv",
    "police recorded crime by PFA (rolling year)": ND / "police_recorded_crime_ew/rec-crime-pfa_2003-2018.csv",
    "Nomis export": ND / "london_econ/nomis_model_unemployment_rate_london_boroughs_2004-2024.csv",
    "ASHE weekly pay by borough": ND / "london_econ/ashe_weekly_pay_by_borough_2002-2024.csv",
    "CPIH division indices": ND / "london_econ/cpih_division_indices_198801-202511.csv",
    "Bank Rate history": ND / "london_econ/boe_bank_rate_history.csv",
    "borough population workbook (xlsx)": ND / "london_econ/london_borough_population_1801-2021.xlsx",
    "CSV table": QUARTERLY,
}


@pytest.mark.parametrize("fmt", list(FILES))
def test_read_matches_data_inspect(fmt, colcrime_bin):
    path = FILES[fmt]
    info = run_cli(colcrime_bin, "data", "inspect", str(path))
    assert info["format"] == fmt
    freqs = sorted({s["frequency"] for s in info["series"]})
    assert freqs, f"{fmt}: no series"
    for freq in freqs:
        df = colcrime.read(path, frequency=freq)
        want = [s for s in info["series"] if s["frequency"] == freq]
        assert df.attrs["format"] == fmt and df.attrs["frequency"] == freq
        assert sorted(df.columns) == sorted(s["name"] for s in want), f"{fmt} {freq}"
        assert df.index.is_monotonic_increasing and df.index.is_unique
        if freq != "financial_year":
            assert isinstance(df.index, pd.PeriodIndex), f"{fmt} {freq}"
        for s in want:
            col = df[s["name"]].to_numpy()
            first, last = period_index([s["first"], s["last"]])
            i, j = df.index.get_loc(first), df.index.get_loc(last)
            inside = col[i:j + 1]
            what = f"{fmt} {s['name']}"
            assert len(inside) == s["n"], what
            assert int(np.isnan(inside).sum()) == s["missing"], what
            assert np.isnan(col[:i]).all() and np.isnan(col[j + 1:]).all(), what
            assert df.attrs["titles"][s["name"]] == s["title"], what
            assert df.attrs["units"][s["name"]] == s["unit"], what


def test_ons_csv_values_are_the_files():
    """Every monthly D7G7 value against the file's own `YYYY MON` rows."""
    path = FILES["ONS time-series CSV"]
    raw = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.reader(f):
            if len(row) == 2 and len(row[0]) == 8 and row[0][:4].isdigit() and row[0][5:].isalpha():
                raw[pd.Period(row[0].title().replace(" ", "-"), freq="M")] = float(row[1])
    df = colcrime.read(path, frequency="monthly")
    assert len(raw) == df["D7G7"].notna().sum() > 400
    for p, v in raw.items():
        assert df.loc[p, "D7G7"] == v, p


def test_json_snapshot_values_are_the_files():
    """Every quarterly observation of the snapshot, period and value."""
    path = FILES["ONS/BoE JSON snapshot"]
    doc = json.loads(path.read_text())
    df = colcrime.read(path)
    assert list(df.columns) == ["D7G7"] or df.shape[1] == 1
    col = df.iloc[:, 0]
    obs = {pd.Period(o["period"], freq="Q"): o["value"] for o in doc["observations"]}
    assert len(obs) == col.notna().sum() > 100
    for p, v in obs.items():
        assert col.loc[p] == v, p


def test_met_borough_counts_sum_to_the_files():
    """Camden's monthly robbery equals the sum of the file's Camden robbery rows."""
    path = FILES["Met Police borough file (current classification)"]
    raw = pd.read_csv(path)
    months = [c for c in raw.columns if c.isdigit() and len(c) == 6]
    df = colcrime.read(path)
    rows = raw[(raw["MajorText"].str.upper() == "ROBBERY") & (raw["BoroughName"] == "Camden")]
    assert len(rows) >= 2
    for m in months:
        assert df.loc[pd.Period(f"{m[:4]}-{m[4:]}", freq="M"), "robbery:Camden"] == rows[m].sum(), m
