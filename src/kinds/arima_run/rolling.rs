//! The backtests of the seasonal ARIMA kinds: a rolling-origin
//! re-estimation, or a kept model's backtest carried over from its
//! previous result.

use ndarray::{Array2, s};
use serde_json::{Map, Value};

use super::{BACKTEST_LEVELS, Choice, Sample, SarimaOptions, back_exp, exog_future, levels};
use crate::error::Result;
use crate::kinds::ModelData;
use crate::models::arima::SarimaFit;
use crate::models::backtest::{
    BacktestParams, BacktestResult, ExogFuture, backtest as rolling, forecast_from_origin,
};
use crate::series::Period;

/// Rolling-origin evaluation: at each origin the model is re-estimated
/// (`choice`: the given orders from the default starting values, or a new
/// search) on the data up to it and forecasts `h` periods at `levels`, with
/// the regressors over the horizon as `future` says; scored on the reported
/// scale.
pub(super) fn run_backtest(
    choice: &Choice,
    s: &Sample<'_>,
    data: &ModelData<'_>,
    (origins, h, levels): (usize, usize, &[f64]),
    exp: bool,
    future: ExogFuture,
) -> Result<BacktestResult> {
    let y_rep: Vec<f64> = if exp {
        s.y.iter().map(|v| v.exp()).collect()
    } else {
        s.y.clone()
    };
    // The benchmark's seasonal lag: the model's period, else the data's.
    let season = match choice {
        Choice::Given(p) => p.seasonal_order.3,
        Choice::Search(a) => a.period,
    };
    let season = if season > 1 {
        season
    } else {
        data.season().unwrap_or(1)
    };
    let bp = BacktestParams::new(h, origins, season).levels(levels)?;
    let index: Vec<Period> = (s.first..=s.last).filter_map(|i| data.period(i)).collect();
    let fit_at = |t: &[f64], x: Option<&Array2<f64>>| -> Result<SarimaFit> {
        match choice {
            Choice::Given(p) => {
                let mut p = p.clone();
                p.start_params = None;
                p.fit(t, x)
            }
            Choice::Search(a) => Ok(a.fit(t, x)?.fit),
        }
    };
    let mut r = rolling(&y_rep, &bp, |train, hh| {
        let t: Vec<f64> = if exp {
            train.iter().map(|v| v.ln()).collect()
        } else {
            train.to_vec()
        };
        let fc = match &s.x {
            None => fit_at(&t, None)?.forecast(
                hh,
                None,
                data.future_periods(s.first + t.len() - 1, hh),
                levels,
            )?,
            Some(x) => {
                let xt = x.slice(s![..t.len(), ..]).to_owned();
                let f = fit_at(&t, Some(&xt))?;
                forecast_from_origin(&f, x, &s.exog, &index, t.len(), hh, future, levels)?
            }
        };
        Ok(if exp { fc.exp(false) } else { fc })
    })?;
    r.exog_future = s.x.is_some().then(|| future.as_str().to_string());
    r.name_origins(|t| data.period(s.first + t - 1).map(|p| p.to_string()));
    Ok(r)
}

/// `colcrime backtest sarima|auto-arima`: the rolling-origin evaluation of
/// the options' model (`sarima`: its orders re-estimated at each origin;
/// `auto-arima`: a new search at each origin), at its horizon and interval
/// levels, with the regressors over each horizon as `backtest_exog` says.
pub(crate) fn backtest(
    o: &SarimaOptions,
    kind: &str,
    choice: Choice,
    data: &ModelData<'_>,
    origins: usize,
) -> Result<BacktestResult> {
    let exp = back_exp(o)?;
    let s = Sample::new(o, kind, data)?;
    let h = o.horizon.unwrap_or_else(|| data.default_horizon());
    run_backtest(
        &choice,
        &s,
        data,
        (origins, h, &levels(o)),
        exp,
        exog_future(o)?,
    )
}

/// The backtest's overall scores in a few lines.
pub(super) fn backtest_table(r: &BacktestResult) -> String {
    let mut t = format!(
        "\nBacktest from {} origins (seasonal-naive lag {})\n",
        r.origins.len(),
        r.season
    );
    if let Some(a) = &r.overall {
        t.push_str(&format!(
            "  {} forecasts: MAE {:.4} (naive {:.4}, seasonal naive {:.4}), RMSE {:.4}, MASE {:.3}, 80% coverage {:.2}, 95% coverage {:.2}\n",
            a.n, a.mae, a.naive_mae, a.snaive_mae, a.rmse, a.mase, a.coverage_80, a.coverage_95
        ));
    }
    t
}

/// The backtest: run now (a re-estimation at every origin), or, for a
/// kept model, carried over from the previous result (noted in `refit`).
pub(super) fn backtest_of(
    o: &SarimaOptions,
    run: (&SarimaFit, &Sample<'_>, &ModelData<'_>),
    (h, exp, keep): (usize, bool, bool),
    refit: Option<&mut Map<String, Value>>,
) -> Result<Option<BacktestResult>> {
    let (fit, s, data) = run;
    if keep {
        if let (Some(info), Some(1..)) = (refit, o.backtest) {
            info.insert(
                "backtest".into(),
                "carried over from the previous result".into(),
            );
        }
        return Ok(data.prior.as_ref().and_then(|p| p.backtest.clone()));
    }
    match o.backtest {
        None | Some(0) => Ok(None),
        Some(origins) => run_backtest(
            &Choice::Given(fit.spec.clone()),
            s,
            data,
            (origins, h, &BACKTEST_LEVELS),
            exp,
            exog_future(o)?,
        )
        .map(Some),
    }
}
