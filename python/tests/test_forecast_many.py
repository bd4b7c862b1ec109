"""`forecast_many`: many series in one call, fitted in parallel in Rust;
the same on a Dask LocalCluster (2 workers) and on Spark in local mode."""

from __future__ import annotations

import os
import shutil
import sys

import numpy as np
import pandas as pd
import pytest

import colcrime


def long_frame(n_series: int, n_quarters: int = 40, seed: int = 7) -> pd.DataFrame:
    """Seasonal random walks with drift, one per `id`, quarterly from 2010."""
    rng = np.random.default_rng(seed)
    periods = pd.period_range("2010Q1", periods=n_quarters, freq="Q")
    season = np.tile([3.0, -1.0, -4.0, 2.0], n_quarters // 4 + 1)[:n_quarters]
    frames = []
    for i in range(n_series):
        level = 100 + 10 * i + np.cumsum(rng.normal(0.3, 1.0, n_quarters))
        frames.append(pd.DataFrame({"id": f"s{i:04d}", "date": periods.to_timestamp(),
                                    "y": level + season * (1 + i % 3)}))
    return pd.concat(frames, ignore_index=True)


MODELS = {
    "ets": dict(model="ets", error="add", trend="add", seasonal="add", period=4),
    "sarima": dict(model="sarima", order=(0, 1, 1), seasonal=(0, 1, 1, 4)),
}


def canonical(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    # (The date resolution differs between engines and pandas versions.)
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    return out.sort_values(["id", "date"]).reset_index(drop=True)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_each_series_equals_its_own_fit(name):
    df = long_frame(6)
    out = colcrime.forecast_many(df, "id", "date", "y", horizon=5, **MODELS[name])
    assert list(out.columns) == ["id", "date", "mean", "se", "lower_80", "upper_80",
                                 "lower_95", "upper_95"]
    assert len(out) == 6 * 5
    opts = dict(MODELS[name])
    kind = opts.pop("model")
    for sid, one in df.groupby("id", sort=False):
        alone = colcrime.fit(kind, one[["date", "y"]], series="y", horizon=5, level=[80, 95],
                             **opts).forecast()
        mine = out[out["id"] == sid]
        assert (mine["mean"].to_numpy() == alone["mean"].to_numpy()).all()
        assert (mine["upper_95"].to_numpy() == alone["upper_95"].to_numpy()).all()
        assert list(mine["date"]) == list(alone.index.to_timestamp())


def test_a_series_that_fails_is_reported_not_fatal():
    df = long_frame(3)
    short = pd.DataFrame({"id": "short", "date": pd.period_range("2020Q1", periods=3, freq="Q")
                          .to_timestamp(), "y": [1.0, 2.0, 3.0]})
    df = pd.concat([df, short], ignore_index=True)
    with pytest.warns(UserWarning, match="1 series could not be fitted"):
        out = colcrime.forecast_many(df, "id", "date", "y", horizon=4, **MODELS["ets"])
    assert set(out["id"]) == {"s0000", "s0001", "s0002"}
    assert "short" in out.attrs["failed"]
    with pytest.raises(colcrime.ColcrimeError, match="short"):
        colcrime.forecast_many(df, "id", "date", "y", horizon=4, errors="raise", **MODELS["ets"])
    with pytest.raises(colcrime.ColcrimeError, match="does not forecast"):
        colcrime.forecast_many(df, "id", "date", "y", model="ols", formula="y ~ 1")


def test_polars_input_gives_the_same_forecasts():
    pl = pytest.importorskip("polars")
    df = long_frame(4)
    a = colcrime.forecast_many(df, "id", "date", "y", horizon=3, **MODELS["ets"])
    b = colcrime.forecast_many(pl.from_pandas(df), "id", "date", "y", horizon=3, **MODELS["ets"])
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_dask_local_cluster_equals_one_process():
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("dask.distributed")
    from colcrime.distributed import forecast_many_dask

    df = long_frame(40)
    single = colcrime.forecast_many(df, "id", "date", "y", horizon=4, **MODELS["sarima"])
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        ddf = dd.from_pandas(df, npartitions=4)
        got = forecast_many_dask(ddf, "id", "date", "y", horizon=4, **MODELS["sarima"]).compute()
    pd.testing.assert_frame_equal(canonical(got), canonical(single), check_exact=True)


@pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("JAVA_HOME"),
                    reason="Spark needs Java")
def test_spark_local_mode_equals_one_process(monkeypatch):
    pyspark = pytest.importorskip("pyspark")
    # The Python workers must be this interpreter and see its packages (a
    # virtual environment's interpreter can be started through a symlink
    # that loses the environment): the JVM and its workers inherit these.
    site = [p for p in sys.path if p.endswith("site-packages")]
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(site + [os.environ.get("PYTHONPATH", "")]))
    from pyspark.sql import SparkSession

    from colcrime.distributed import forecast_many_spark

    df = long_frame(20)
    single = colcrime.forecast_many(df, "id", "date", "y", horizon=4, **MODELS["ets"])
    spark = (SparkSession.builder.master("local[2]").appName("colcrime-test")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.sql.session.timeZone", "UTC")
             # The Python workers must be this interpreter (where colcrime is installed).
             .config("spark.pyspark.python", sys.executable)
             .getOrCreate())
    try:
        sdf = spark.createDataFrame(df.assign(date=df["date"].dt.date))
        got = forecast_many_spark(sdf, "id", "date", "y", horizon=4, **MODELS["ets"]).toPandas()
    finally:
        spark.stop()
    pd.testing.assert_frame_equal(canonical(got), canonical(single), check_exact=True)
