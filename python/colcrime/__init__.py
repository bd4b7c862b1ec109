"""colcrime from Python: the UK cost of living and crime, with the models
of statsmodels and R fitted in Rust.

A thin layer over the colcrime library's model kinds. Every function takes a
pandas or polars DataFrame (a PeriodIndex, a DatetimeIndex or a ``date``
column is the time index), a dict of NumPy arrays, or the path of a file
``--data`` reads, and returns a result whose ``to_dict()`` is the JSON of the
matching ``colcrime`` command on the same data.

>>> import colcrime, pandas as pd
>>> df = pd.DataFrame({"y": [1.0, 2.0, 2.9, 4.2], "x": [1.0, 2.0, 3.0, 4.0]})
>>> float(round(colcrime.ols(df, "y ~ x").params["x"], 12))
1.05
"""

from ._api import (adf, auto_arima, coint, ets, fit, forecast_many, glm, granger, kpss, ols,
                   read, run, sarima, var)
from ._colcrime import __version__
from .errors import ColcrimeError
from .results import Results, VARResults

__all__ = [
    "ColcrimeError", "Results", "VARResults", "__version__", "adf", "auto_arima", "coint",
    "ets", "fit", "forecast_many", "glm", "granger", "kpss", "ols", "read", "run", "sarima",
    "var",
]
