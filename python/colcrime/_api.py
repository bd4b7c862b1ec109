"""The models, tests, readers and runs: each a thin call into Rust."""

from __future__ import annotations

import json
import os
import pathlib
import tempfile
import warnings
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _colcrime as _ext
from ._data import csv_text, date_strings, is_path, prepare, to_pandas
from .results import Results, VARResults, level_label, period_index

Data = Any


def _options(**kw: Any) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for k, v in kw.items():
        if v is None or v is False:
            continue
        if isinstance(v, (tuple, np.ndarray)):
            v = list(v)
        if isinstance(v, list):
            v = [x.item() if isinstance(x, np.generic) else x for x in v]
        elif isinstance(v, np.generic):
            v = v.item()
        out[k] = v
    return out


def fit(kind: str, data: Data, train_end: Optional[str] = None, **options: Any) -> Results:
    """Fits any model kind by the name of its ``colcrime fit`` subcommand
    (``ols``, ``glm``, ``ecm``, ``ardl``, ``sarima``, ``auto-arima``, ``ets``,
    ``holt-winters``, ``var``) with its options as keyword arguments
    (``--cov HAC`` is ``cov="HAC"``, a comma list a list).

    ``to_dict()`` of the result is the command's ``--format json`` output on
    the same data.
    """
    path, text = prepare(data)
    opts = _options(**options)
    js, table = _ext.fit(kind, json.dumps(opts), path=path, csv=text, train_end=train_end)

    def refit(h: int) -> Results:
        return fit(kind, data, train_end=train_end, **{**options, "horizon": h})

    cls = VARResults if kind == "var" else Results
    return cls.from_json(kind, js, table, refit)


def ols(data: Data, formula: str, cov: str = "nonrobust", groups: Union[str, Sequence[str], None] = None,
        maxlags: Optional[int] = None, hac_correction: bool = False, train_end: Optional[str] = None,
        **options: Any) -> Results:
    """Least squares (``colcrime fit ols``): ``params``, ``bse``, ``tvalues``,
    ``pvalues``, ``conf_int()``, ``rsquared``, ``fvalue``, ``llf``, ... with
    statsmodels' names and definitions; ``cov`` is ``nonrobust``, ``HC0`` to
    ``HC3``, ``HAC`` (with ``maxlags``) or ``cluster`` (with ``groups``).
    """
    return fit("ols", data, train_end, formula=formula, cov=cov, groups=groups, maxlags=maxlags,
               hac_correction=hac_correction, **options)


def glm(data: Data, formula: str, family: str = "poisson", exposure: Optional[str] = None,
        groups: Union[str, Sequence[str], None] = None, train_end: Optional[str] = None,
        **options: Any) -> Results:
    """A count GLM (``colcrime fit glm``): ``family`` is ``poisson``,
    ``quasipoisson`` or ``negbin`` (NB2, alpha by maximum likelihood)."""
    return fit("glm", data, train_end, formula=formula, family=family, exposure=exposure,
               groups=groups, **options)


def sarima(data: Data, series: str, order: Sequence[int] = (1, 1, 1),
           seasonal: Optional[Sequence[int]] = None, exog: Optional[Sequence[str]] = None,
           drift: bool = False, horizon: Optional[int] = None, level: Sequence[float] = (80, 95),
           train_end: Optional[str] = None, **options: Any) -> Results:
    """Seasonal ARIMA(X) by exact maximum likelihood (``colcrime fit sarima``):
    ``params`` (``ar.L1``, ``ma.L1``, ``ma.S.L4``, ``sigma2``), ``bse``,
    ``llf``, ``aic``, ``aicc``, ``bic`` and ``forecast(h)``."""
    return fit("sarima", data, train_end, series=series, order=order, seasonal=seasonal,
               exog=exog, drift=drift, horizon=horizon, level=level, **options)


def auto_arima(data: Data, series: str, period: Optional[int] = None,
               exog: Optional[Sequence[str]] = None, horizon: Optional[int] = None,
               level: Sequence[float] = (80, 95), train_end: Optional[str] = None,
               **options: Any) -> Results:
    """Automatic ARIMA order selection as R forecast's ``auto.arima``
    (``colcrime fit auto-arima``); ``models_tried`` lists the search."""
    return fit("auto-arima", data, train_end, series=series, period=period, exog=exog,
               horizon=horizon, level=level, **options)


def ets(data: Data, series: str, error: str = "add", trend: str = "none", seasonal: str = "none",
        period: Optional[int] = None, auto: bool = False, horizon: Optional[int] = None,
        level: Sequence[float] = (80, 95), train_end: Optional[str] = None,
        **options: Any) -> Results:
    """ETS state-space exponential smoothing by maximum likelihood
    (``colcrime fit ets``); ``params`` has statsmodels' ``ETSModel`` names."""
    return fit("ets", data, train_end, series=series, error=error, trend=trend,
               seasonal=seasonal, period=period, auto=auto, horizon=horizon, level=level,
               **options)


def var(data: Data, series: Sequence[str], lags: Optional[int] = None, trend: str = "c",
        select_maxlags: Optional[int] = None, irf: Optional[int] = None,
        horizon: Optional[int] = None, level: Sequence[float] = (80, 95),
        train_end: Optional[str] = None, **options: Any) -> VARResults:
    """A vector autoregression (``colcrime fit var``): ``params`` and
    ``bse`` as DataFrames (rows parameters, columns equations)."""
    if isinstance(series, str):
        series = [series]
    res = fit("var", data, train_end, series=list(series), lags=lags, trend=trend,
              select_maxlags=select_maxlags, irf=irf, horizon=horizon, level=level, **options)
    assert isinstance(res, VARResults)
    return res


def _run_cli(args: List[str], data: Data) -> Results:
    """Runs ``colcrime --format json test ... --data F`` in-process; a frame
    is written to a temporary CSV first."""
    if is_path(data):
        js, table, _ = _ext.cli(["colcrime", "--format", "json", *args, "--data", os.fspath(data)])
        return Results.from_json(args[1], js, table)
    with tempfile.TemporaryDirectory(prefix="colcrime-") as d:
        p = os.path.join(d, "data.csv")
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write(csv_text(to_pandas(data)))
        js, table, _ = _ext.cli(["colcrime", "--format", "json", *args, "--data", p])
    return Results.from_json(args[1], js, table)


def adf(data: Data, series: str, regression: str = "c", autolag: Optional[str] = "AIC",
        maxlag: Optional[int] = None, train_end: Optional[str] = None) -> Results:
    """Augmented Dickey-Fuller test as statsmodels' ``adfuller``
    (``colcrime test adf``): ``statistic``, ``pvalue``, ``usedlag``,
    ``nobs``, ``critical_values``, ``icbest``."""
    a = ["test", "adf", "--series", series, "--regression", regression,
         "--autolag", "none" if autolag is None else autolag]
    if maxlag is not None:
        a += ["--maxlag", str(maxlag)]
    if train_end is not None:
        a += ["--train-end", str(train_end)]
    return _run_cli(a, data)


def kpss(data: Data, series: str, regression: str = "c", nlags: Union[str, int] = "auto",
         train_end: Optional[str] = None) -> Results:
    """KPSS stationarity test as statsmodels' ``kpss`` (``colcrime test
    kpss``): ``statistic``, ``pvalue``, ``lags``, ``critical_values``."""
    a = ["test", "kpss", "--series", series, "--regression", regression, "--nlags", str(nlags)]
    if train_end is not None:
        a += ["--train-end", str(train_end)]
    return _run_cli(a, data)


def coint(data: Data, y: str, x: Union[str, Sequence[str]], autolag: Optional[str] = "AIC",
          maxlag: Optional[int] = None, train_end: Optional[str] = None) -> Results:
    """Engle-Granger cointegration test as statsmodels' ``coint``
    (``colcrime test coint``)."""
    xs = [x] if isinstance(x, str) else list(x)
    a = ["test", "coint", "--y", y, "--x", ",".join(xs), "--autolag",
         "none" if autolag is None else autolag]
    if maxlag is not None:
        a += ["--maxlag", str(maxlag)]
    if train_end is not None:
        a += ["--train-end", str(train_end)]
    return _run_cli(a, data)


def granger(data: Data, y: str, x: str, maxlag: int, train_end: Optional[str] = None) -> Results:
    """Granger causality tests as statsmodels' ``grangercausalitytests``
    (``colcrime test granger``): does ``x`` help predict ``y``? ``lags``
    holds, per lag, ``ssr_ftest``, ``ssr_chi2test``, ``lrtest`` and
    ``params_ftest``."""
    a = ["test", "granger", "--y", y, "--x", x, "--maxlag", str(maxlag)]
    if train_end is not None:
        a += ["--train-end", str(train_end)]
    return _run_cli(a, data)


_FREQ_ORDER = {"monthly": 0, "quarterly": 1, "annual": 2, "financial_year": 3}


def read(path: Union[str, os.PathLike], frequency: Optional[str] = None) -> pd.DataFrame:
    """Reads any file ``colcrime data inspect`` recognises (ONS time-series
    CSV and JSON, Met borough and ward files, police.uk street files, Nomis,
    xlsx, a plain CSV with a date column, and Parquet or Arrow IPC/Feather
    files, read as their CSV twins) into a DataFrame with a PeriodIndex, one
    column per series.

    A file with series of several frequencies (an ONS CSV has years,
    quarters and months) gives those of ``frequency`` (``monthly``,
    ``quarterly``, ``annual``, ``financial_year``), by default the most
    frequent. ``df.attrs`` holds the ``format``, and each series' ``titles``
    and ``units``.
    """
    fmt, series = _ext.read(os.fspath(path))
    freqs = sorted({s[3] for s in series}, key=lambda f: _FREQ_ORDER.get(f, 9))
    if not freqs:
        return pd.DataFrame()
    want = frequency or freqs[0]
    if want not in freqs:
        from .errors import ColcrimeError
        raise ColcrimeError(f"{os.fspath(path)}: no {want} series (found {', '.join(freqs)})",
                            kind="usage", file=os.fspath(path))
    cols = {}
    titles, units = {}, {}
    for name, title, unit, freq, periods, values in series:
        if freq != want:
            continue
        cols[name] = pd.Series(np.asarray(values, dtype=float), index=period_index(periods))
        titles[name], units[name] = title, unit
    df = pd.DataFrame(cols)
    df.index.name = "period"
    df.attrs.update({"format": fmt, "frequency": want, "titles": titles, "units": units})
    return df


def run(workspace: Union[str, os.PathLike, None] = None,
        output: Union[str, os.PathLike, None] = None) -> pathlib.Path:
    """Runs a workspace as ``colcrime run`` does and returns its run folder
    (``briefing.md``, ``results/*.json``, ``manifest.json``, ...). A model that
    fails is reported in the briefing and does not stop the others."""
    a = ["colcrime", "--format", "json", "run"]
    if workspace is not None:
        a.append(os.fspath(workspace))
    if output is not None:
        a += ["--output", os.fspath(output)]
    js, _, code = _ext.cli(a)
    d = json.loads(js)
    if code != 0:
        failed = [k for k, v in d.get("models", {}).items() if v.get("status") != "ok"]
        warnings.warn(f"colcrime run: models failed: {', '.join(failed)}", stacklevel=2)
    return pathlib.Path(d["run_dir"])


def forecast_many(frame: Data, id_col: str, date_col: str, value_col: str,
                  model: str = "auto-arima", horizon: int = 8, level: Sequence[float] = (80, 95),
                  errors: str = "warn", **options: Any) -> pd.DataFrame:
    """Fits ``model`` (a forecasting kind: ``sarima``, ``auto-arima``,
    ``ets``, ``holt-winters``) to every series of a long frame and returns
    their forecasts as a long frame: ``id_col``, ``date_col`` (the first day
    of each forecast period), ``mean``, ``se``, ``lower_L``/``upper_L`` per
    level. The series are fitted in parallel in Rust with the GIL released;
    rows of a series are taken in frame order.

    ``errors``: a series that cannot be fitted is skipped with a warning
    (``"warn"``), silently (``"ignore"``; the failures are in
    ``out.attrs["failed"]`` either way), or raises (``"raise"``).
    """
    kinds = _ext.kinds()
    if not kinds.get(model):
        from .errors import ColcrimeError
        raise ColcrimeError(
            f"forecast_many: {model} does not forecast a series; use one of "
            f"{', '.join(sorted(k for k, f in kinds.items() if f))}", kind="usage")
    pdf = to_pandas(frame)
    codes, uniques = pd.factorize(pdf[id_col], sort=False)
    if (codes < 0).any():
        raise ValueError(f"{id_col}: missing ids")
    dates = date_strings(pdf[date_col])
    values = pd.to_numeric(pdf[value_col], errors="raise").to_numpy(dtype=float)
    opts = _options(series="y", horizon=horizon, level=level, **options)
    c, periods, mean, se, _levels, lower, upper, failed = _ext.forecast_many(
        model, json.dumps(opts), codes.astype(np.uint32).tolist(), dates, values.tolist(),
        len(uniques))
    ids = np.asarray(uniques)[np.asarray(c, dtype=np.int64)] if c else np.asarray(uniques)[:0]
    pidx = period_index(periods)
    when = pidx.to_timestamp(how="start") if isinstance(pidx, pd.PeriodIndex) else pidx
    out = pd.DataFrame({id_col: ids, date_col: np.asarray(when),
                        "mean": np.asarray(mean, dtype=float), "se": np.asarray(se, dtype=float)})
    labels = [level_label(v) for v in level]
    for j, lab in enumerate(sorted(labels, key=float)):
        out[f"lower_{lab}"] = np.asarray(lower[j] if j < len(lower) else [], dtype=float)
        out[f"upper_{lab}"] = np.asarray(upper[j] if j < len(upper) else [], dtype=float)
    if len(out) == 0:
        out[date_col] = pd.to_datetime(out[date_col])
    fails = {uniques[k]: msg for k, msg in failed}
    out.attrs["failed"] = fails
    if fails:
        first = next(iter(fails.items()))
        if errors == "raise":
            from .errors import ColcrimeError
            raise ColcrimeError(f"{len(fails)} series could not be fitted; {first[0]}: {first[1]}")
        if errors == "warn":
            warnings.warn(f"forecast_many: {len(fails)} series could not be fitted "
                          f"(first: {first[0]}: {first[1]})", stacklevel=2)
    return out
