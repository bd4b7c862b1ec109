//! What the exponential-smoothing kinds (`ets`, `holt-winters`) share: the
//! series' sample, the seasonal period, and the forecast table and keys.

use super::{FitStats, Kind, ModelData, Report};
use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::models::backtest::{BacktestParams, BacktestResult, backtest as rolling};
use crate::models::ets::SeasonalType;
use crate::series::Series;

/// The series' sample values (missing values dropped at the ends) with the
/// rows of its first and last values.
pub(crate) fn sample(data: &ModelData<'_>, expr: &str) -> Result<(Vec<f64>, usize, usize)> {
    let y = data.eval(expr)?;
    let (first, last) = data
        .observed(&y)
        .ok_or_else(|| Error::not_enough_data(format!("exponential smoothing ({expr})"), 3, 0))?;
    Ok((y[first..=last].to_vec(), first, last))
}

/// The seasonal period: given, else from the data's frequency; 1 without a
/// seasonal component.
pub(crate) fn period(
    seasonal: SeasonalType,
    given: Option<usize>,
    data: &ModelData<'_>,
) -> Result<usize> {
    if !seasonal.is_seasonal() {
        return Ok(given.unwrap_or(1));
    }
    given.or_else(|| data.season()).ok_or_else(|| {
        Error::usage(
            "a seasonal model needs period = M (--period M): the data have no monthly or quarterly index to infer it from",
        )
    })
}

/// Adds the forecast (table and `forecast` key), `series`, `sample` and the
/// history to a report.
pub(crate) fn finish(
    mut report: Report,
    f: Option<Forecast>,
    data: &ModelData<'_>,
    expr: &str,
    y: &[f64],
    (first, last): (usize, usize),
) -> Report {
    if let Some(f) = &f {
        report.table.push_str(&forecast_table(expr, f));
    }
    report = report
        .with(
            "forecast",
            f.as_ref()
                .map_or(serde_json::Value::Null, Forecast::to_json),
        )
        .with("series", expr);
    if let (Some(a), Some(b)) = (data.period(first), data.period(last)) {
        report = report.with("sample", serde_json::json!([a.to_string(), b.to_string()]));
        report.sample = Some((a, b));
        report.history = Some(Series::new(expr, a, y.to_vec()));
    }
    report.forecast = f;
    report
}

/// The fit statistics of a smoothing model (no R²).
pub(crate) fn fit_stats(nobs: usize, llf: f64, aic: f64) -> FitStats {
    FitStats {
        nobs: Some(nobs),
        llf: Some(llf),
        aic: Some(aic),
        rsquared: None,
    }
}

/// The forecast as a table: period, mean, se.
pub(crate) fn forecast_table(expr: &str, f: &Forecast) -> String {
    let mut t = format!(
        "\nForecast of {expr}\n{:<12}{:>14}{:>14}\n",
        "period", "mean", "se"
    );
    for ((p, m), s) in f.periods.iter().zip(&f.point).zip(&f.se) {
        t.push_str(&format!("{:<12}{:>14.6}{:>14.6}\n", p.to_string(), m, s));
    }
    t
}

/// One-step errors by period, from the sample's first row.
pub(crate) fn residuals(
    data: &ModelData<'_>,
    expr: &str,
    first: usize,
    resid: &[f64],
) -> Option<Series> {
    data.period(first)
        .map(|p| Series::new(expr, p, resid.to_vec()))
}

/// Rolling-origin evaluation of a smoothing kind: at each origin the kind's
/// model (`at_origin(h)`: its options forecasting `h` periods) is fitted
/// again on the data up to the origin, its forecast scored at its interval
/// levels (default 80 and 95%); the benchmark's seasonal lag is the kind's
/// period, else the data's.
pub(crate) fn backtest<K: Kind>(
    expr: &str,
    data: &ModelData<'_>,
    (origins, horizon, period): (usize, Option<usize>, Option<usize>),
    level: Option<&super::List<f64>>,
    at_origin: impl Fn(usize) -> K + Sync,
) -> Result<BacktestResult> {
    let levels = level.map_or_else(|| vec![80.0, 95.0], |l| l.0.clone());
    let levels = levels.as_slice();
    let season = period.or_else(|| data.season()).unwrap_or(1);
    let (y, first, _) = sample(data, expr)?;
    let h = horizon.unwrap_or_else(|| data.default_horizon());
    let bp = BacktestParams::new(h, origins, season).levels(levels)?;
    let mut r = rolling(&y, &bp, |train, hh| {
        let mut d = ModelData::new(data.frame, data.rows.start..first + train.len())?;
        d.table_only = true;
        at_origin(hh)
            .fit(&d)?
            .forecast
            .ok_or_else(|| Error::other(format!("{}: no forecast at the origin", K::NAME)))
    })?;
    r.name_origins(|t| data.period(first + t - 1).map(|p| p.to_string()));
    Ok(r)
}
