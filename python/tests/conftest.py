"""Shared fixtures: the shipped test data and the `colcrime` binary.

Tolerances are the Rust reference tests' (`tests/common/mod.rs`).
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

import numpy as np
import pandas as pd
import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATA = HERE / "data"
QUARTERLY = DATA / "london_quarterly.csv"
MONTHLY = DATA / "cpi_monthly.csv"

# pandas 3 reads floats exactly by default (and deprecates the option);
# pandas 2 needs float_precision="round_trip" to read back the same doubles.
EXACT_FLOATS = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}

# As tests/common/mod.rs.
REL_EXACT = 1e-12
REL_CLOSED = 1e-9
REL_CONVERGED = 1e-8
REL_ITER = 1e-6
REL_OPTIMUM = 1e-4


def read_quarterly() -> pd.DataFrame:
    """London quarterly robbery, theft and cost-of-living series with a
    quarterly PeriodIndex (written by `colcrime data export`)."""
    df = pd.read_csv(QUARTERLY, **EXACT_FLOATS)
    df.index = pd.PeriodIndex(pd.to_datetime(df.pop("date")), freq="Q")
    return df


@pytest.fixture
def quarterly() -> pd.DataFrame:
    return read_quarterly()


@pytest.fixture
def monthly() -> pd.DataFrame:
    df = pd.read_csv(MONTHLY, **EXACT_FLOATS)
    df.index = pd.PeriodIndex(pd.to_datetime(df.pop("date")), freq="M")
    return df


def find_binary() -> pathlib.Path | None:
    env = os.environ.get("COLCRIME_BIN")
    if env:
        return pathlib.Path(env)
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for p in (target / "release" / "colcrime", target / "debug" / "colcrime"):
        if p.exists():
            return p
    return None


@pytest.fixture(scope="session")
def colcrime_bin() -> pathlib.Path:
    """The binary the JSON is compared with; CI sets COLCRIME_BIN (a test
    that cannot find it fails there rather than skipping)."""
    b = find_binary()
    if b is None:
        if os.environ.get("CI"):
            pytest.fail("no colcrime binary: build it with `cargo build` or set COLCRIME_BIN")
        pytest.skip("no colcrime binary (cargo build, or set COLCRIME_BIN)")
    return b


def run_cli(binary: pathlib.Path, *args: str) -> dict:
    """`colcrime --format json ARGS` as a dict."""
    p = subprocess.run([str(binary), "--format", "json", *args], capture_output=True,
                       text=True, cwd=REPO)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def assert_close(actual, expected, rel, what=""):
    a = np.asarray(actual, dtype=float)
    e = np.asarray(expected, dtype=float)
    assert a.shape == e.shape, f"{what}: shape {a.shape} vs {e.shape}"
    err = np.abs(a - e) / np.maximum(np.abs(e), 1e-300)
    err = np.where(a == e, 0.0, err)
    worst = float(np.max(err)) if err.size else 0.0
    assert worst <= rel, f"{what}: relative error {worst:.3e} > {rel:.0e}\n actual {a}\n expected {e}"
