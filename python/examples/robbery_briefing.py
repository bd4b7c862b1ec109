"""The briefing's robbery regression and robbery forecast, from Python.

Reproduces two models of the default workspace (`notebooks-data/workspace.toml`)
on its own series, written by `colcrime data export` into
`python/tests/data/london_quarterly.csv`:

- `robbery_ols`: annual growth in London robbery on CPI inflation, real
  earnings growth, unemployment and the Covid-19 restrictions dummy, from
  2010 Q1, with Newey-West (HAC, 4 lags) standard errors;
- `robbery_forecast`: seasonal ARIMA(1,1,1)(0,1,1)4 of log robbery from
  2008 Q1, eight quarters ahead, as medians of the offence counts.

Run from the repository root: `python python/examples/robbery_briefing.py`.
"""

import json
import pathlib

import pandas as pd

import colcrime

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parent / "tests" / "data" / "london_quarterly.csv"


def main() -> dict:
    # Floats read back exactly (pandas 3 does so by default).
    exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
    df = pd.read_csv(DATA, parse_dates=["date"], **exact).set_index("date")
    df.index = df.index.to_period("Q")

    # The workspace's `start = "2010 Q1"`: the four quarters before it are kept
    # so that growth(., 4) is defined from 2010 Q1.
    ols = colcrime.ols(
        df.loc["2009Q1":],
        "growth(london_robbery_q, 4) ~ cpi_q + real_pay_growth_q + unemployment + lockdown",
        cov="HAC",
        maxlags=4,
    )
    print(ols.summary())
    print(pd.DataFrame({"coef": ols.params, "se": ols.bse, "p": ols.pvalues}).round(3))

    sarima = colcrime.sarima(
        df.loc["2008Q1":],
        "log(london_robbery_q)",
        order=(1, 1, 1),
        seasonal=(0, 1, 1, 4),
        horizon=8,
        back_transform="exp",
    )
    fc = sarima.forecast()
    print(fc.round(0))
    return {
        "robbery_ols": {"params": ols.params.to_dict(), "nobs": ols.nobs, "sample": ols.sample},
        "robbery_forecast": {"params": sarima.params.to_dict(), "mean": fc["mean"].tolist(),
                             "upper_95": fc["upper_95"].tolist()},
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
