"""``forecast_many`` across a cluster, on Dask or Spark.

Each worker calls :func:`colcrime.forecast_many` on whole series: the frame
is first partitioned by the id column (Dask: a shuffle on it; Spark:
``groupBy(id).applyInPandas``), so every series is fitted once, on one
worker, from the same rows in the same order as in one process; the fits
are deterministic, so the results equal the single-process run exactly
(row order aside: sort by id and date to compare).
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from ._api import forecast_many
from .results import level_label


def _columns(id_col: str, date_col: str, level: Sequence[float]) -> list:
    cols = [id_col, date_col, "mean", "se"]
    for lab in sorted((level_label(v) for v in level), key=float):
        cols += [f"lower_{lab}", f"upper_{lab}"]
    return cols


def forecast_many_dask(ddf: Any, id_col: str, date_col: str, value_col: str,
                       model: str = "auto-arima", horizon: int = 8,
                       level: Sequence[float] = (80, 95), **options: Any) -> Any:
    """A lazy Dask DataFrame of the forecasts of every series of ``ddf`` (a
    Dask DataFrame in the long layout of :func:`colcrime.forecast_many`):
    shuffled on ``id_col`` so each series lies in one partition, then
    ``forecast_many`` on each partition. Call ``.compute()`` on it.

    Rows of a series keep their order only if ``ddf``'s partitions are in
    date order within each series (as a frame read in order is).
    """
    errors = options.pop("errors", "warn")
    meta = forecast_many(ddf._meta, id_col, date_col, value_col, model=model, horizon=horizon,
                         level=level, errors="ignore", **options)
    shuffled = ddf.shuffle(on=id_col)

    def part(pdf: pd.DataFrame) -> pd.DataFrame:
        pdf = pdf.sort_values([id_col, date_col], kind="stable")
        return forecast_many(pdf, id_col, date_col, value_col, model=model, horizon=horizon,
                             level=level, errors=errors, **options)

    return shuffled.map_partitions(part, meta=meta)


def forecast_many_spark(sdf: Any, id_col: str, date_col: str, value_col: str,
                        model: str = "auto-arima", horizon: int = 8,
                        level: Sequence[float] = (80, 95), **options: Any) -> Any:
    """A Spark DataFrame of the forecasts of every series of ``sdf`` (a Spark
    DataFrame in the long layout of :func:`colcrime.forecast_many`): the
    series are put in buckets by the hash of ``id_col`` (as many as
    ``spark.sql.shuffle.partitions``) and ``groupBy(bucket).applyInPandas``
    fits each bucket's series with one ``forecast_many`` call on the
    executor that holds it. A series is never split across buckets, so the
    result equals the one-process run; one call per bucket rather than per
    series keeps Spark's per-group cost (a pandas frame through Arrow each
    way) off every series.

    The forecast date is a Spark ``date`` (the first day of the period);
    ``id_col`` keeps its type. The executors' Python must have colcrime
    installed (``spark.pyspark.python``, or ``PYSPARK_PYTHON``).
    """
    from pyspark.sql import types as T

    errors = options.pop("errors", "warn")
    id_type = sdf.schema[id_col].dataType
    fields = [T.StructField(id_col, id_type), T.StructField(date_col, T.DateType())]
    fields += [T.StructField(c, T.DoubleType()) for c in _columns(id_col, date_col, level)[2:]]
    schema = T.StructType(fields)

    from pyspark.sql import functions as F

    bucket = "__colcrime_bucket"
    n = int(sdf.sparkSession.conf.get("spark.sql.shuffle.partitions", "200"))
    keyed = sdf.withColumn(bucket, F.pmod(F.hash(F.col(id_col)), F.lit(max(n, 1))))

    def group(pdf: pd.DataFrame) -> pd.DataFrame:
        pdf = pdf.drop(columns=bucket).sort_values([id_col, date_col], kind="stable")
        out = forecast_many(pdf, id_col, date_col, value_col, model=model, horizon=horizon,
                            level=level, errors=errors, **options)
        out[date_col] = pd.to_datetime(out[date_col]).dt.date
        return out[[f.name for f in fields]]

    return keyed.groupBy(bucket).applyInPandas(group, schema=schema)
