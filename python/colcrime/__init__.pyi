"""Type stubs of the colcrime Python package."""

import os
import pathlib
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from .errors import ColcrimeError as ColcrimeError

__version__: str

Data = Union[pd.DataFrame, Mapping[str, np.ndarray], str, os.PathLike, Any]

class Results:
    kind: str
    def to_dict(self) -> Dict[str, Any]: ...
    def summary(self) -> str: ...
    @property
    def params(self) -> pd.Series: ...
    @property
    def bse(self) -> pd.Series: ...
    @property
    def tvalues(self) -> pd.Series: ...
    @property
    def pvalues(self) -> pd.Series: ...
    @property
    def resid(self) -> pd.Series: ...
    def conf_int(self) -> pd.DataFrame: ...
    def forecast(self, h: Optional[int] = ...) -> pd.DataFrame: ...
    def __getattr__(self, name: str) -> Any: ...

class VARResults(Results):
    @property
    def params(self) -> pd.DataFrame: ...  # type: ignore[override]
    @property
    def bse(self) -> pd.DataFrame: ...  # type: ignore[override]
    @property
    def tvalues(self) -> pd.DataFrame: ...  # type: ignore[override]
    @property
    def pvalues(self) -> pd.DataFrame: ...  # type: ignore[override]
    @property
    def sigma_u(self) -> pd.DataFrame: ...

def fit(kind: str, data: Data, train_end: Optional[str] = ..., **options: Any) -> Results: ...
def ols(data: Data, formula: str, cov: str = ..., groups: Union[str, Sequence[str], None] = ...,
        maxlags: Optional[int] = ..., hac_correction: bool = ..., train_end: Optional[str] = ...,
        **options: Any) -> Results: ...
def glm(data: Data, formula: str, family: str = ..., exposure: Optional[str] = ...,
        groups: Union[str, Sequence[str], None] = ..., train_end: Optional[str] = ...,
        **options: Any) -> Results: ...
def sarima(data: Data, series: str, order: Sequence[int] = ...,
           seasonal: Optional[Sequence[int]] = ..., exog: Optional[Sequence[str]] = ...,
           drift: bool = ..., horizon: Optional[int] = ..., level: Sequence[float] = ...,
           train_end: Optional[str] = ..., **options: Any) -> Results: ...
def auto_arima(data: Data, series: str, period: Optional[int] = ...,
               exog: Optional[Sequence[str]] = ..., horizon: Optional[int] = ...,
               level: Sequence[float] = ..., train_end: Optional[str] = ...,
               **options: Any) -> Results: ...
def ets(data: Data, series: str, error: str = ..., trend: str = ..., seasonal: str = ...,
        period: Optional[int] = ..., auto: bool = ..., horizon: Optional[int] = ...,
        level: Sequence[float] = ..., train_end: Optional[str] = ...,
        **options: Any) -> Results: ...
def var(data: Data, series: Sequence[str], lags: Optional[int] = ..., trend: str = ...,
        select_maxlags: Optional[int] = ..., irf: Optional[int] = ...,
        horizon: Optional[int] = ..., level: Sequence[float] = ...,
        train_end: Optional[str] = ..., **options: Any) -> VARResults: ...
def adf(data: Data, series: str, regression: str = ..., autolag: Optional[str] = ...,
        maxlag: Optional[int] = ..., train_end: Optional[str] = ...) -> Results: ...
def kpss(data: Data, series: str, regression: str = ..., nlags: Union[str, int] = ...,
         train_end: Optional[str] = ...) -> Results: ...
def coint(data: Data, y: str, x: Union[str, Sequence[str]], autolag: Optional[str] = ...,
          maxlag: Optional[int] = ..., train_end: Optional[str] = ...) -> Results: ...
def granger(data: Data, y: str, x: str, maxlag: int,
            train_end: Optional[str] = ...) -> Results: ...
def read(path: Union[str, os.PathLike], frequency: Optional[str] = ...) -> pd.DataFrame: ...
def run(workspace: Union[str, os.PathLike, None] = ...,
        output: Union[str, os.PathLike, None] = ...) -> pathlib.Path: ...
def forecast_many(frame: Any, id_col: str, date_col: str, value_col: str, model: str = ...,
                  horizon: int = ..., level: Sequence[float] = ..., errors: str = ...,
                  **options: Any) -> pd.DataFrame: ...

__all__: List[str]
