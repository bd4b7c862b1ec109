"""Result objects with statsmodels' names over the command line's JSON.

Every result keeps the JSON ``colcrime fit KIND --format json`` (or
``colcrime test ...``) prints on the same data: ``to_dict()`` returns it and
every key is also an attribute (``res.rsquared``, ``res.llf``). Coefficient
tables are pandas Series indexed by parameter name, as statsmodels gives
them; ``summary()`` is the command's table.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Callable, Dict, List, Optional

import numpy as np
import pandas as pd


def period_index(labels: List[str]) -> pd.Index:
    """A PeriodIndex from the library's labels (``2024-03``, ``2024 Q1``,
    ``2024``); other labels (financial years) stay strings.

    >>> period_index(["2024 Q4", "2025 Q1"]).freqstr
    'Q-DEC'
    """
    if not labels:
        return pd.PeriodIndex([], freq="M")
    first = labels[0]
    try:
        if " Q" in first:
            return pd.PeriodIndex([s.replace(" ", "") for s in labels], freq="Q")
        if len(first) == 7 and first[4] == "-":
            return pd.PeriodIndex(labels, freq="M")
        if len(first) == 4 and first.isdigit():
            return pd.PeriodIndex(labels, freq="Y")
    except (ValueError, TypeError):
        pass
    return pd.Index(labels)


def level_label(level: Any) -> str:
    """``80`` for 0.8 or 80, ``97.5`` for 0.975.

    >>> level_label(0.8), level_label("95"), level_label(0.975)
    ('80', '95', '97.5')
    """
    v = float(level)
    if v < 1.0:
        v *= 100.0
    v = round(v, 10)
    return str(int(v)) if v == int(v) else repr(v)


def forecast_frame(fc: Dict[str, Any]) -> pd.DataFrame:
    """A forecast object (``{periods, mean, se, lower: {"80": ...}, upper}``)
    as a DataFrame indexed by period: ``mean``, ``se``, then ``lower_80``,
    ``upper_80``, ... for each level."""
    labels = fc.get("periods") or fc.get("dates") or []
    cols: Dict[str, Any] = {"mean": fc.get("mean", []), "se": fc.get("se", [])}
    lower, upper = fc.get("lower", {}) or {}, fc.get("upper", {}) or {}
    for lv in lower:
        cols[f"lower_{level_label(lv)}"] = lower[lv]
        cols[f"upper_{level_label(lv)}"] = upper.get(lv, [])
    n = len(labels)
    cols = {k: np.asarray(_num(v)[:n], dtype=float) for k, v in cols.items()}
    df = pd.DataFrame(cols, index=period_index(list(labels)))
    df.index.name = "period"
    return df


def _num(v: Any) -> Any:
    """The JSON's non-finite strings as floats."""
    if isinstance(v, list):
        return [_num(x) for x in v]
    if isinstance(v, str) and v in ("NaN", "Infinity", "-Infinity"):
        return float(v.replace("Infinity", "inf"))
    if v is None:
        return float("nan")
    return v


class Results:
    """A fitted model or test: the command's JSON with statsmodels' names.

    ``to_dict()`` is the JSON ``colcrime`` prints with ``--format json``;
    ``summary()`` its table; any JSON key is an attribute.
    """

    def __init__(self, kind: str, data: Dict[str, Any], table: str,
                 refit: Optional[Callable[[int], "Results"]] = None) -> None:
        self.kind = kind
        self._d = data
        self._table = table
        self._refit = refit

    @classmethod
    def from_json(cls, kind: str, text: str, table: str, refit=None) -> "Results":
        """A result from the library's JSON text."""
        return cls(kind, json.loads(text), table, refit)

    def to_dict(self) -> Dict[str, Any]:
        """The command line's JSON object (a deep copy)."""
        return copy.deepcopy(self._d)

    def summary(self) -> str:
        """The command's table, laid out like statsmodels' summary."""
        return self._table

    def __getattr__(self, name: str) -> Any:
        d = self.__dict__.get("_d")
        if d is not None and name in d:
            v = d[name]
            return _num(v) if isinstance(v, (list, str)) or v is None else v
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(self._d))

    def __repr__(self) -> str:
        return f"<colcrime {self.kind} result: {', '.join(list(self._d)[:8])}, ...>"

    def _named(self, key: str) -> pd.Series:
        names = self._d.get("param_names")
        vals = self._d.get(key)
        if names is None or vals is None:
            raise AttributeError(f"{self.kind} result has no {key}")
        return pd.Series(np.asarray(_num(vals), dtype=float), index=list(names), name=key)

    @property
    def params(self) -> Any:
        """Estimates as a Series indexed by parameter name."""
        p = self._d.get("params")
        if isinstance(p, dict):
            return pd.Series(_flat(p), name="params", dtype=float)
        return self._named("params")

    @property
    def bse(self) -> pd.Series:
        """Standard errors, indexed as ``params``."""
        return self._named("bse")

    @property
    def tvalues(self) -> pd.Series:
        """t (or z) statistics, indexed as ``params``."""
        return self._named("tvalues")

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values, indexed as ``params``."""
        return self._named("pvalues")

    def conf_int(self) -> pd.DataFrame:
        """The 95% confidence intervals: columns 0 (lower) and 1 (upper)."""
        ci = self._d.get("conf_int")
        if ci is None:
            raise AttributeError(f"{self.kind} result has no conf_int")
        return pd.DataFrame(np.asarray(_num(ci), dtype=float), index=self._d["param_names"])

    @property
    def resid(self) -> Any:
        """Residuals (indexed by period where the result gives them)."""
        r = self._d.get("resid")
        if r is None:
            raise AttributeError(f"{self.kind} result has no resid")
        labels = self._d.get("resid_periods")
        vals = np.asarray(_num(r), dtype=float)
        return pd.Series(vals, index=period_index(labels)) if labels else pd.Series(vals)

    def forecast(self, h: Optional[int] = None) -> pd.DataFrame:
        """The forecast as a DataFrame indexed by period: ``mean``, ``se``
        and ``lower_L``/``upper_L`` for each interval level ``L``.

        With ``h`` other than the fitted horizon the model is fitted again
        with ``horizon=h`` (the same estimates: the fit is deterministic).
        """
        fc = self._d.get("forecast")
        if fc is None:
            raise AttributeError(f"{self.kind} does not forecast")
        if "mean" not in fc:  # a VAR: one forecast per variable
            return pd.concat({k: forecast_frame(v) for k, v in fc.items()}, axis=1)
        n = len(fc.get("mean", []))
        if h is not None and h != n:
            if self._refit is None:
                raise ValueError(f"this result was fitted with horizon {n}")
            return self._refit(h).forecast()
        return forecast_frame(fc)


def _flat(p: Dict[str, Any]) -> Dict[str, float]:
    out: Dict[str, float] = {}
    for k, v in p.items():
        if isinstance(v, list):
            for i, x in enumerate(v):
                out[f"{k}.{i}"] = _num(x)
        else:
            out[k] = _num(v)
    return out


class VARResults(Results):
    """A VAR: ``params``, ``bse``, ``tvalues``, ``pvalues`` are DataFrames
    (rows ``const``, ``L1.x``, ...; one column per equation), as in
    statsmodels' ``VARResults``."""

    def _matrix(self, key: str) -> pd.DataFrame:
        return pd.DataFrame(np.asarray(_num(self._d[key]), dtype=float),
                            index=self._d["param_names"], columns=self._d["names"])

    @property
    def params(self) -> pd.DataFrame:  # type: ignore[override]
        """Coefficients: rows are parameters, columns equations."""
        return self._matrix("params")

    @property
    def bse(self) -> pd.DataFrame:  # type: ignore[override]
        """Standard errors (statsmodels' ``stderr``)."""
        return self._matrix("stderr")

    @property
    def tvalues(self) -> pd.DataFrame:  # type: ignore[override]
        """t statistics."""
        return self._matrix("tvalues")

    @property
    def pvalues(self) -> pd.DataFrame:  # type: ignore[override]
        """p-values."""
        return self._matrix("pvalues")

    @property
    def sigma_u(self) -> pd.DataFrame:
        """The residual covariance (degrees-of-freedom adjusted)."""
        names = self._d["names"]
        return pd.DataFrame(np.asarray(self._d["sigma_u"], dtype=float), index=names, columns=names)
