"""Each model against statsmodels on the same data, at the tolerances of
the Rust reference tests (tests/common/mod.rs)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import colcrime
from conftest import (REL_CLOSED, REL_CONVERGED, REL_ITER, REL_OPTIMUM, assert_close,
                      read_quarterly)

sm = pytest.importorskip("statsmodels.api")
smf = pytest.importorskip("statsmodels.formula.api")
from statsmodels.tsa import stattools  # noqa: E402


@pytest.fixture
def q() -> pd.DataFrame:
    df = read_quarterly()
    df["growth_robbery"] = 100 * (df["london_robbery_q"] / df["london_robbery_q"].shift(4) - 1)
    df["log_robbery"] = np.log(df["london_robbery_q"])
    df["log_theft"] = np.log(df["london_theft_q"])
    return df


pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::UserWarning")


def sample(df, cols):
    return df[cols].dropna()


@pytest.mark.parametrize("cov", ["nonrobust", "HC0", "HC1", "HC3", "HAC"])
def test_ols_matches_statsmodels(q, cov):
    cols = ["growth_robbery", "cpi_q", "real_pay_growth_q", "unemployment", "lockdown"]
    d = sample(q, cols)
    kw = {"maxlags": 4} if cov == "HAC" else {}
    ours = colcrime.ols(q, "growth_robbery ~ cpi_q + real_pay_growth_q + unemployment + lockdown",
                        cov=cov, **kw)
    ref = sm.OLS(d["growth_robbery"], sm.add_constant(d[cols[1:]])).fit(cov_type=cov, cov_kwds=kw or None)
    assert list(ours.params.index) == ["const", *cols[1:]]
    assert_close(ours.params, ref.params, REL_CLOSED, "params")
    assert_close(ours.bse, ref.bse, REL_CLOSED, "bse")
    assert_close(ours.pvalues, ref.pvalues, REL_CLOSED, "pvalues")
    assert_close(ours.conf_int(), ref.conf_int(), REL_CLOSED, "conf_int")
    for k in ("rsquared", "rsquared_adj", "llf", "aic", "bic", "ssr", "fvalue"):
        assert_close(getattr(ours, k), getattr(ref, k), REL_CLOSED, k)
    assert ours.nobs == ref.nobs


def test_glm_poisson_and_negbin_match_statsmodels(q):
    d = sample(q, ["london_robbery_q", "cpi_q", "unemployment", "lockdown", "london_pop_q"])
    f = "london_robbery_q ~ cpi_q + unemployment + lockdown"
    off = np.log(d["london_pop_q"])
    ours = colcrime.glm(q, f + " + offset(log(london_pop_q))", family="poisson")
    ref = smf.glm(f, d, family=sm.families.Poisson(), offset=off).fit(tol=1e-12)
    assert_close(ours.params.values, ref.params.values, REL_CONVERGED, "poisson params")
    assert_close(ours.bse.values, ref.bse.values, REL_CONVERGED, "poisson bse")
    assert_close(ours.deviance, ref.deviance, REL_CONVERGED, "deviance")
    assert_close(ours.llf, ref.llf, REL_CONVERGED, "llf")

    nb = colcrime.glm(q, f + " + offset(log(london_pop_q))", family="negbin")
    refnb = smf.negativebinomial(f, d, offset=off).fit(method="newton", maxiter=200, tol=1e-12,
                                                       disp=False)
    assert_close(nb.params.values, refnb.params.values[:-1], REL_ITER, "negbin params")
    assert_close(nb.alpha, refnb.params.values[-1], REL_ITER, "alpha")
    assert_close(nb.bse.values, refnb.bse.values[:-1], REL_ITER, "negbin bse")
    assert_close(nb.llf, refnb.llf, REL_ITER, "negbin llf")


def test_sarima_likelihood_and_optimum_match_statsmodels(q):
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    ours = colcrime.sarima(q, "log_robbery", order=(1, 1, 1), seasonal=(0, 1, 1, 4), horizon=4)
    y = q["log_robbery"].dropna()
    w = y.diff().diff(4).dropna()  # the likelihood of the differenced series
    m = SARIMAX(w.to_numpy(), order=(1, 0, 1), seasonal_order=(0, 0, 1, 4), trend="n")
    p = ours.params
    # statsmodels' exact likelihood at our estimates is our likelihood.
    assert_close(m.loglike(p.to_numpy()), ours.llf, REL_CLOSED, "llf at our params")
    assert ours.nobs == len(w)
    # Our optimum is at least as good as statsmodels' and at the same place.
    ref = m.fit(disp=False, maxiter=1000)
    assert ours.llf >= ref.llf - 1e-6
    assert np.max(np.abs(p.to_numpy()[:-1] - ref.params[:-1])) < 2e-3
    # Forecasts: statsmodels' on the levels of the differenced model.
    fc = ours.forecast()
    assert list(fc.columns) == ["mean", "se", "lower_80", "upper_80", "lower_95", "upper_95"]
    assert len(fc) == 4 and str(fc.index[0]) == "2025Q4"
    full = SARIMAX(y.to_numpy(), order=(1, 1, 1), seasonal_order=(0, 1, 1, 4), trend="n",
                   simple_differencing=False)
    res = full.filter(p.to_numpy())
    assert_close(fc["mean"], res.get_forecast(4).predicted_mean, 1e-6, "forecast mean")


def test_ets_likelihood_matches_statsmodels(q):
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    ours = colcrime.ets(q, "london_robbery_q", error="add", trend="add", seasonal="add", period=4)
    y = q["london_robbery_q"].dropna().to_numpy()
    m = ETSModel(y, error="add", trend="add", seasonal="add", seasonal_periods=4)
    assert m.param_names == ours.param_names
    assert_close(m.loglike(np.asarray(ours.param_values)), ours.llf, REL_CLOSED, "llf at our params")
    ref = m.fit(disp=False, maxiter=10000)
    assert ours.llf >= ref.llf - REL_OPTIMUM * abs(ref.llf)


def test_var_matches_statsmodels(q):
    from statsmodels.tsa.api import VAR

    d = q.loc[:"2019Q4", ["growth_robbery", "cpi_q", "unemployment"]].dropna()
    ours = colcrime.var(q, ["growth_robbery", "cpi_q", "unemployment"], lags=2,
                        train_end="2019 Q4")
    ref = VAR(d.to_numpy()).fit(2)
    assert_close(ours.params.to_numpy(), ref.params, REL_CLOSED, "params")
    assert_close(ours.bse.to_numpy(), ref.stderr, REL_CLOSED, "stderr")
    assert_close(ours.sigma_u.to_numpy(), ref.sigma_u, REL_CLOSED, "sigma_u")
    for k in ("llf", "aic", "bic", "hqic", "fpe"):
        assert_close(getattr(ours, k), getattr(ref, k), REL_CLOSED, k)


def test_unit_root_tests_match_statsmodels(q):
    x = q["cpi_q"].dropna().to_numpy()
    a = colcrime.adf(q, "cpi_q", regression="ct")
    stat, p, lag, nobs, crit, icbest = stattools.adfuller(x, regression="ct", autolag="AIC")
    assert (a.usedlag, a.nobs) == (lag, nobs)
    assert_close([a.statistic, a.pvalue, a.icbest], [stat, p, icbest], REL_CLOSED, "adf")
    assert_close([a.critical_values[k] for k in crit], list(crit.values()), REL_CLOSED, "crit")

    lr = q["log_robbery"].dropna().to_numpy()
    k = colcrime.kpss(q, "log(london_robbery_q)")
    ks, kp, klags, kcrit = stattools.kpss(lr, regression="c", nlags="auto")
    assert k.lags == klags
    assert_close([k.statistic, k.pvalue], [ks, kp], REL_CLOSED, "kpss")


def test_coint_and_granger_match_statsmodels(q):
    d = sample(q, ["log_theft", "cpi_q", "unemployment"])
    c = colcrime.coint(q, "log(london_theft_q)", ["cpi_q", "unemployment"])
    stat, p, crit = stattools.coint(d["log_theft"], d[["cpi_q", "unemployment"]], autolag="AIC")
    assert_close([c.statistic, c.pvalue], [stat, p], REL_CLOSED, "coint")
    assert_close([c.critical_values[k] for k in ("1%", "5%", "10%")], crit, REL_CLOSED, "crit")

    g = colcrime.granger(q, "growth_robbery", "cpi_q", 3)
    dd = sample(q, ["growth_robbery", "cpi_q"])
    ref = stattools.grangercausalitytests(dd.to_numpy(), maxlag=3)
    for lag in (1, 2, 3):
        for test in ("ssr_ftest", "ssr_chi2test", "lrtest", "params_ftest"):
            ours = g.lags[str(lag)][test]
            theirs = ref[lag][0][test]
            assert_close([ours["statistic"], ours["pvalue"]], [theirs[0], theirs[1]],
                         REL_CLOSED, f"granger {lag} {test}")
