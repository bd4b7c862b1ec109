"""Parquet files from pandas (pyarrow) and polars read identically to their
CSV twins: in every model, in `read`, and in the binary's `--data`."""

from __future__ import annotations

import pandas as pd
import pytest

import colcrime
from conftest import QUARTERLY, read_quarterly, run_cli

F = "growth(london_robbery_q, 4) ~ cpi_q + real_pay_growth_q + unemployment + lockdown"


@pytest.fixture
def twins(tmp_path):
    """The quarterly CSV and its Parquet twins: pandas/pyarrow (Snappy,
    datetime64[ns] dates), pandas/pyarrow with Zstandard, polars (its
    default Zstandard, Date dates)."""
    df = read_quarterly()
    flat = df.reset_index().rename(columns={"index": "date"})
    flat["date"] = df.index.to_timestamp()
    paths = {"pandas_snappy": tmp_path / "q_snappy.parquet", "pandas_zstd": tmp_path / "q_zstd.parquet"}
    flat.to_parquet(paths["pandas_snappy"], index=False)
    flat.to_parquet(paths["pandas_zstd"], index=False, compression="zstd")
    pl = pytest.importorskip("polars")
    paths["polars"] = tmp_path / "q_polars.parquet"
    pl.from_pandas(flat).with_columns(pl.col("date").cast(pl.Date)).write_parquet(paths["polars"])
    return paths


def test_models_on_parquet_equal_the_csv(twins):
    for name, path in twins.items():
        assert colcrime.ols(path, F, cov="HAC", maxlags=4).to_dict() == \
            colcrime.ols(QUARTERLY, F, cov="HAC", maxlags=4).to_dict(), name
        a = colcrime.sarima(path, "log(london_robbery_q)", order=(1, 1, 1), seasonal=(0, 1, 1, 4))
        b = colcrime.sarima(QUARTERLY, "log(london_robbery_q)", order=(1, 1, 1), seasonal=(0, 1, 1, 4))
        assert a.to_dict() == b.to_dict(), name
        assert colcrime.adf(path, "cpi_q").to_dict() == colcrime.adf(QUARTERLY, "cpi_q").to_dict(), name


def test_read_parquet_equals_read_csv(twins):
    want = colcrime.read(QUARTERLY)
    for name, path in twins.items():
        got = colcrime.read(path)
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=name)


def test_binary_reads_parquet_as_its_csv_twin(twins, colcrime_bin):
    want = run_cli(colcrime_bin, "fit", "ols", "--data", str(QUARTERLY), "--formula", F)
    for name, path in twins.items():
        assert run_cli(colcrime_bin, "fit", "ols", "--data", str(path), "--formula", F) == want, name
