"""Data in: a pandas or polars DataFrame, a dict of arrays, or a file path.

A frame crosses into Rust as the CSV text ``--data`` would read (floats
written by ``repr``, which reads back to the same float; missing values as
empty cells; the period index as a ``date`` column), so the library's CSV
reader applies the command line's missing-value and period rules to it.
"""

from __future__ import annotations

import os
from typing import Any, Optional, Tuple

import numpy as np
import pandas as pd


def is_path(data: Any) -> bool:
    """Whether ``data`` names a file."""
    return isinstance(data, (str, os.PathLike))


def to_pandas(data: Any) -> pd.DataFrame:
    """A pandas DataFrame from a pandas or polars frame or a dict of arrays.

    >>> to_pandas({"y": [1.0, 2.0]}).shape
    (2, 1)
    """
    if isinstance(data, pd.DataFrame):
        return data
    mod = type(data).__module__
    if mod.startswith("polars"):
        return data.to_pandas()
    if isinstance(data, dict):
        return pd.DataFrame({k: np.asarray(v) for k, v in data.items()})
    raise TypeError(
        f"expected a pandas or polars DataFrame, a dict of arrays or a path, got {type(data).__name__}"
    )


def _period_strings(p: pd.PeriodIndex) -> list:
    code = p.freqstr.upper()
    if code.startswith("M"):
        fmt = "%Y-%m"
    elif code.startswith("Q"):
        fmt = "%Y Q%q"
    elif code.startswith(("A", "Y")):
        fmt = "%Y"
    else:
        return list(p.to_timestamp(how="start").strftime("%Y-%m-%d"))
    return [("" if s is None or s == "NaT" else s) for s in p.strftime(fmt)]


def date_strings(values: Any) -> list:
    """Period labels the library reads: ``2024-03``, ``2024 Q1``, ``2024``,
    or the ISO date of a timestamp (its frequency inferred as the CSV reader
    infers it); strings pass through.

    >>> date_strings(pd.period_range("2024Q4", periods=2, freq="Q"))
    ['2024 Q4', '2025 Q1']
    >>> date_strings(pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01"])))
    ['2024-01-01', '2024-02-01']
    """
    if isinstance(values, pd.PeriodIndex):
        return _period_strings(values)
    s = pd.Series(values) if not isinstance(values, pd.Series) else values
    if isinstance(s.dtype, pd.PeriodDtype):
        return _period_strings(pd.PeriodIndex(s))
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return list(s.dt.strftime("%Y-%m-%d").fillna(""))
    if s.dtype == object and len(s) and all(
        hasattr(v, "isoformat") for v in s.head(5) if v is not None
    ):
        return list(pd.to_datetime(s).dt.strftime("%Y-%m-%d").fillna(""))
    return ["" if v is None else str(v) for v in s]


def csv_text(df: pd.DataFrame) -> str:
    """The frame as CSV text with its period index as a ``date`` column.

    >>> df = pd.DataFrame({"y": [1.5, np.nan]}, index=pd.period_range("2024-01", periods=2, freq="M"))
    >>> csv_text(df)
    'date,y\\n2024-01,1.5\\n2024-02,\\n'
    """
    out = df.copy(deep=False)
    cols = {}
    idx = out.index
    has_date = any(str(c) == "date" for c in out.columns)
    if not has_date and isinstance(idx, (pd.PeriodIndex, pd.DatetimeIndex)):
        cols["date"] = date_strings(idx if isinstance(idx, pd.PeriodIndex) else pd.Series(idx))
    for c in out.columns:
        col = out[c]
        if isinstance(col.dtype, pd.PeriodDtype) or pd.api.types.is_datetime64_any_dtype(col.dtype):
            cols[str(c)] = date_strings(col)
        elif pd.api.types.is_bool_dtype(col.dtype):
            cols[str(c)] = col.astype(float)
        else:
            cols[str(c)] = col
    frame = pd.DataFrame({k: (v.to_numpy() if isinstance(v, pd.Series) else v) for k, v in cols.items()})
    return frame.to_csv(index=False, lineterminator="\n", na_rep="")


def prepare(data: Any) -> Tuple[Optional[str], Optional[str]]:
    """``(path, None)`` for a file, ``(None, csv_text)`` for a frame."""
    if is_path(data):
        return os.fspath(data), None
    return None, csv_text(to_pandas(data))
