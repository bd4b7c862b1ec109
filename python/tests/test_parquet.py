"""Parquet and Arrow IPC files from pandas (pyarrow) and polars read
identically to their CSV twins: in every model, in `read`, and in the
binary's `--data`; and `data export --out FILE.parquet` writes a file that
pandas/pyarrow, polars and colcrime read with the CSV export's periods and
values."""

from __future__ import annotations

import csv
import io
import math
import subprocess

import pandas as pd
import pytest

import colcrime
from conftest import QUARTERLY, REPO, read_quarterly, run_cli

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


@pytest.fixture
def arrow_twins(tmp_path):
    """The quarterly CSV as Arrow IPC: pandas `to_feather` (LZ4, timestamps),
    pandas with a quarterly period column (pyarrow's `pandas.period` type,
    Zstandard), polars `write_ipc` (Date, uncompressed) and
    `write_ipc_stream`."""
    df = read_quarterly()
    flat = df.reset_index(drop=True)
    flat.insert(0, "date", df.index.to_timestamp())
    paths = {"pandas_feather": tmp_path / "q.feather", "pandas_period": tmp_path / "q_period.arrow"}
    flat.to_feather(paths["pandas_feather"])
    periods = flat.assign(date=df.index)
    periods.to_feather(paths["pandas_period"], compression="zstd")
    pl = pytest.importorskip("polars")
    frame = pl.from_pandas(flat).with_columns(pl.col("date").cast(pl.Date))
    paths["polars"] = tmp_path / "q_polars.arrow"
    frame.write_ipc(paths["polars"])
    paths["polars_stream"] = tmp_path / "q_polars.arrows"
    frame.write_ipc_stream(paths["polars_stream"])
    return paths


def test_read_arrow_equals_read_csv(arrow_twins):
    want = colcrime.read(QUARTERLY)
    for name, path in arrow_twins.items():
        got = colcrime.read(path)
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=name)


def test_models_and_binary_on_arrow_equal_the_csv(arrow_twins, colcrime_bin):
    want = colcrime.ols(QUARTERLY, F, cov="HAC", maxlags=4).to_dict()
    cli = run_cli(colcrime_bin, "fit", "ols", "--data", str(QUARTERLY), "--formula", F)
    for name, path in arrow_twins.items():
        assert colcrime.ols(path, F, cov="HAC", maxlags=4).to_dict() == want, name
        assert run_cli(colcrime_bin, "fit", "ols", "--data", str(path), "--formula", F) == cli, name


def _csv_export(binary, series):
    """`colcrime data export --series SERIES` (the contract's stdout CSV) as
    ISO dates and columns of floats (NaN where a cell is empty), parsed with
    Python's correctly rounded `float`."""
    p = subprocess.run([str(binary), "data", "export", "--series", series],
                       capture_output=True, text=True, cwd=REPO)
    assert p.returncode == 0, p.stderr
    rows = list(csv.reader(io.StringIO(p.stdout)))
    header, body = rows[0], rows[1:]
    cols = {h: [float(r[k]) if r[k] else math.nan for r in body] for k, h in enumerate(header) if k}
    return [r[0] for r in body], cols


def _same(a, b):
    return len(a) == len(b) and all(
        (math.isnan(x) and math.isnan(y)) or x == y for x, y in zip(a, b))


def test_export_parquet_reads_back_in_pandas_pyarrow_polars_and_colcrime(tmp_path, colcrime_bin):
    series = "london_robbery_q,cpi_q,real_pay_growth_q"
    out = tmp_path / "q.parquet"
    info = run_cli(colcrime_bin, "data", "export", "--series", series, "--out", str(out))
    assert info["file_format"] == "parquet" and info["rows"] > 100
    dates, cols = _csv_export(colcrime_bin, series)
    assert any(math.isnan(v) for v in cols["london_robbery_q"]), "missing values to carry"

    # pandas through pyarrow: dates as datetime.date, missing as NaN.
    df = pd.read_parquet(out)
    assert list(df.columns) == ["date", *series.split(",")]
    assert [d.isoformat() for d in df["date"]] == dates
    for name, values in cols.items():
        assert _same(df[name].tolist(), values), name

    # pyarrow itself: the schema and nulls (not NaN) for missing values.
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(out)
    assert str(table.schema.field("date").type) == "date32[day]"
    assert table.schema.metadata[b"colcrime.frequency"] == b"quarterly"
    for name, values in cols.items():
        got = table.column(name).to_pylist()
        assert [v is None for v in got] == [math.isnan(v) for v in values], name
        assert _same([math.nan if v is None else v for v in got], values), name

    # polars: Date column, nulls.
    pl = pytest.importorskip("polars")
    frame = pl.read_parquet(out)
    assert frame.schema["date"] == pl.Date
    assert [d.isoformat() for d in frame["date"].to_list()] == dates
    for name, values in cols.items():
        got = frame[name].to_list()
        assert _same([math.nan if v is None else v for v in got], values), name

    # colcrime: the Parquet file reads as the CSV file of the same export.
    csv_out = tmp_path / "q.csv"
    run_cli(colcrime_bin, "data", "export", "--series", series, "--out", str(csv_out))
    got, want = colcrime.read(out), colcrime.read(csv_out)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert isinstance(got.index, pd.PeriodIndex) and got.index.freqstr.startswith("Q")
    assert got.index[0] == pd.Period("1989Q1", freq="Q")
