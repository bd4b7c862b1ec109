"""forecast_many across 2 workers on Dask and Spark against statsforecast's
own Dask and Spark path (through fugue), on the same 5,000 series.

Series: 5,000 simulated quarterly crime counts (seasonal random walks with
drift, 48 quarters, seed 2026), as many wards' robbery series. Model: ETS
with additive error, trend and season (period 4), by maximum likelihood,
8 quarters ahead with 80% and 95% intervals: colcrime `ets --error add
--trend add --seasonal add --period 4`, statsforecast `AutoETS(model="AAA",
season_length=4, damped=False)` (with its default `damped=None` AutoETS
would fit the damped model too and keep the better by AICc: twice the work).

Each engine runs 2 workers with one thread each (RAYON_NUM_THREADS=1 for
colcrime, one statsforecast job per partition), on one 2-core machine.
Every timing is the best of `REPEATS` (1) runs after one warm-up run (the
warm-up compiles statsforecast's numba code in each worker; its time is
reported as `first_run_s`).

Run from the repository root with the Python package installed:
    python bench/python_forecast_many/bench.py [N_SERIES]
Writes bench/python_forecast_many/RESULTS.json (5,000 series) or
RESULTS_<N>.json, with the versions of every package timed, the CPU model
and the load average before and after (the machine is shared).
"""

from __future__ import annotations

import json
import os
import pathlib
import platform
import sys
import time

os.environ["RAYON_NUM_THREADS"] = "1"  # inherited by the workers

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import colcrime  # noqa: E402
from colcrime.distributed import forecast_many_dask, forecast_many_spark  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
N = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
T, H, REPEATS = 48, 8, 1
LEVEL = [80, 95]


def simulate(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(2026)
    dates = pd.period_range("2013Q1", periods=T, freq="Q").to_timestamp()
    season = np.array([4.0, -2.0, -5.0, 3.0])
    ids = np.repeat([f"W{i:05d}" for i in range(n)], T)
    base = rng.uniform(40, 400, n)[:, None]
    walk = np.cumsum(rng.normal(0.2, 2.0, (n, T)), axis=1)
    y = base + walk + np.tile(season, T // 4)[None, :] * rng.uniform(0.5, 2, n)[:, None]
    return pd.DataFrame({"unique_id": ids, "ds": np.tile(dates, n), "y": y.ravel()})


def timed(fn):
    first_start = time.perf_counter()
    out = fn()
    first = time.perf_counter() - first_start
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, first, best


def canonical(df: pd.DataFrame, id_col: str, date_col: str) -> pd.DataFrame:
    out = df.copy()
    out[date_col] = pd.to_datetime(out[date_col])
    return out.sort_values([id_col, date_col]).reset_index(drop=True)


def save(results: dict) -> None:
    """Writes what has been measured so far (a section at a time)."""
    results["load_average_now"] = list(os.getloadavg())
    name = "RESULTS.json" if N == 5000 else f"RESULTS_{N}.json"
    (HERE / name).write_text(json.dumps(results, indent=1) + "\n")


def versions() -> dict:
    from importlib.metadata import version

    out = {}
    for p in ("colcrime", "statsforecast", "fugue", "dask", "distributed", "pyspark", "numpy",
              "pandas", "pyarrow", "numba"):
        try:
            out[p] = version(p)
        except Exception:  # noqa: BLE001 - a package that is not installed
            out[p] = None
    return out


def cpu_model() -> str:
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main() -> None:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    df = simulate(N)
    ets = dict(model="ets", error="add", trend="add", seasonal="add", period=4, horizon=H,
               level=LEVEL, errors="ignore")
    results: dict = {"n_series": N, "length": T, "horizon": H, "repeats": REPEATS,
                     "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                     "cpu": cpu_model(), "python": platform.python_version(),
                     "versions": versions(), "load_average_at_start": list(os.getloadavg()),
                     "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}

    # One process (colcrime on 2 threads; statsforecast with 2 jobs), for reference.
    os.environ["RAYON_NUM_THREADS"] = "1"
    single, _, t_single = timed(lambda: colcrime.forecast_many(df, "unique_id", "ds", "y", **ets))
    results["colcrime_one_process_1_thread_s"] = t_single
    sf_local = StatsForecast(models=[AutoETS(model="AAA", season_length=4, damped=False)], freq="QS", n_jobs=2)
    sf_single, first, t = timed(lambda: sf_local.forecast(df=df, h=H, level=LEVEL))
    results["statsforecast_one_process_2_jobs_s"] = t
    results["statsforecast_one_process_first_run_s"] = first
    results["failed_series_colcrime"] = len(single.attrs["failed"])
    save(results)

    # Dask: a LocalCluster of 2 single-threaded worker processes.
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        ddf = dd.from_pandas(df, npartitions=8).persist()
        got, first, t = timed(lambda: forecast_many_dask(ddf, "unique_id", "ds", "y", **ets)
                              .compute())
        results["dask"] = {"colcrime_s": t, "colcrime_first_run_s": first}
        results["dask"]["colcrime_equals_one_process"] = bool(
            canonical(got, "unique_id", "ds").equals(canonical(single, "unique_id", "ds")))
        sf = StatsForecast(models=[AutoETS(model="AAA", season_length=4, damped=False)], freq="QS", n_jobs=1)
        sf_got, first, t = timed(lambda: sf.forecast(df=ddf, h=H, level=LEVEL).compute())
        results["dask"].update({"statsforecast_s": t, "statsforecast_first_run_s": first})
        results["dask"]["ratio"] = results["dask"]["statsforecast_s"] / results["dask"]["colcrime_s"]
    save(results)

    # Spark: local mode with 2 cores.
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("colcrime-bench")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.driver.memory", "2g")
             .config("spark.pyspark.python", sys.executable)
             .config("spark.executorEnv.RAYON_NUM_THREADS", "1").getOrCreate())
    try:
        sdf = spark.createDataFrame(df).cache()  # ds: timestamps, as statsforecast needs
        sdf.count()
        got, first, t = timed(lambda: forecast_many_spark(sdf, "unique_id", "ds", "y", **ets)
                              .toPandas())
        results["spark"] = {"colcrime_s": t, "colcrime_first_run_s": first}
        results["spark"]["colcrime_equals_one_process"] = bool(
            canonical(got, "unique_id", "ds").equals(canonical(single, "unique_id", "ds")))
        sf = StatsForecast(models=[AutoETS(model="AAA", season_length=4, damped=False)], freq="QS", n_jobs=1)
        _, first, t = timed(lambda: sf.forecast(df=sdf, h=H, level=LEVEL).toPandas())
        results["spark"].update({"statsforecast_s": t, "statsforecast_first_run_s": first})
        results["spark"]["ratio"] = results["spark"]["statsforecast_s"] / results["spark"]["colcrime_s"]
    finally:
        spark.stop()

    # How far apart the two tools' point forecasts are (different optimisers).
    a = canonical(single, "unique_id", "ds")
    b = sf_single.reset_index() if "unique_id" not in sf_single.columns else sf_single
    b = canonical(b, "unique_id", "ds")
    rel = np.abs(a["mean"].to_numpy() - b["AutoETS"].to_numpy()) / np.abs(b["AutoETS"].to_numpy())
    results["median_relative_difference_of_means"] = float(np.median(rel))
    save(results)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
