//! Rolling-origin evaluation ("backtesting") of a forecasting model: how well
//! would it have forecast before?
//!
//! For each of the last `origins` forecast origins `t` (the model sees
//! `y[..t]`), the model is re-fitted and forecasts `h = 1..=horizon` steps;
//! each forecast that has an outturn `y[t + h - 1]` is scored. Errors are
//! compared with two benchmarks made at the same origins: the naive forecast
//! (the last value) and the seasonal-naive forecast (the value one season
//! earlier). Reported per horizon and overall:
//!
//! * MAE `mean |e|` and RMSE `sqrt(mean e²)`;
//! * MASE (Hyndman & Koehler 2006, "Another look at measures of forecast
//!   accuracy", IJF 22(4)): `|e|` scaled by the in-sample mean absolute
//!   seasonal-naive error of the training data at that origin (lag 1 for
//!   non-seasonal data), so below 1 beats the benchmark in-sample;
//! * interval coverage: the share of outturns inside the 80% and 95%
//!   prediction intervals (a well-calibrated model covers about 80% and 95%).
//!
//! ```
//! use colcrime::models::backtest::{BacktestParams, backtest};
//! use colcrime::forecast::Forecast;
//! use colcrime::series::Period;
//! // A "model" that forecasts the last value with a unit standard error.
//! let y: Vec<f64> = (0..30).map(|t| (t % 4) as f64).collect();
//! let r = backtest(&y, &BacktestParams::new(2, 8, 4), |train, h| {
//!     let last = *train.last().unwrap();
//!     let p = vec![Period::year(2000); h];
//!     Forecast::gaussian(p, vec![last; h], vec![1.0; h], &[80.0, 95.0])
//! })
//! .unwrap();
//! assert_eq!(r.horizons.len(), 2);
//! // It is the naive forecast, so its MAE equals the naive benchmark's.
//! assert!((r.horizons[0].mae - r.horizons[0].naive_mae).abs() < 1e-12);
//! ```

use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::json::num;

/// Settings of a rolling-origin evaluation.
///
/// ```
/// use colcrime::models::backtest::BacktestParams;
/// assert!(BacktestParams::new(4, 0, 4).validate(40).is_err());
/// assert!(BacktestParams::new(4, 8, 4).validate(40).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestParams {
    horizon: usize,
    origins: usize,
    season: usize,
    min_train: usize,
}

impl BacktestParams {
    /// `horizon` steps ahead from each of the last `origins` origins; the
    /// seasonal-naive benchmark and the MASE scale use lag `season` (1 for
    /// non-seasonal data).
    ///
    /// ```
    /// # use colcrime::models::backtest::BacktestParams;
    /// let p = BacktestParams::new(4, 12, 4);
    /// assert_eq!(p.horizon(), 4);
    /// ```
    pub fn new(horizon: usize, origins: usize, season: usize) -> Self {
        BacktestParams {
            horizon,
            origins,
            season: season.max(1),
            min_train: 2 * season.max(1) + 8,
        }
    }

    /// The forecast horizon.
    ///
    /// ```
    /// # use colcrime::models::backtest::BacktestParams;
    /// assert_eq!(BacktestParams::new(2, 5, 1).horizon(), 2);
    /// ```
    pub fn horizon(&self) -> usize {
        self.horizon
    }

    /// Checks the settings against a series of `n` observations.
    ///
    /// # Errors
    /// A zero horizon or number of origins, or too short a series: the
    /// earliest origin must leave at least `2 season + 8` training points.
    ///
    /// ```
    /// # use colcrime::models::backtest::BacktestParams;
    /// assert!(BacktestParams::new(1, 30, 4).validate(20).is_err());
    /// ```
    pub fn validate(&self, n: usize) -> Result<()> {
        if self.horizon == 0 || self.origins == 0 {
            return Err(Error::usage(
                "backtest: the horizon and the number of origins must be at least 1",
            ));
        }
        let needed = self.min_train + self.origins;
        if n < needed {
            return Err(Error::not_enough_data(
                format!(
                    "backtest from {} origins (at least {} training points at the first)",
                    self.origins, self.min_train
                ),
                needed,
                n,
            ));
        }
        Ok(())
    }
}

/// Accuracy at one horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct HorizonAccuracy {
    /// Steps ahead.
    pub h: usize,
    /// Forecasts scored (origins with an outturn at this horizon).
    pub n: usize,
    /// Mean absolute error.
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute scaled error.
    pub mase: f64,
    /// Mean absolute percentage error (NaN if an outturn is zero).
    pub mape: f64,
    /// Share of outturns inside the 80% interval.
    pub coverage_80: f64,
    /// Share of outturns inside the 95% interval.
    pub coverage_95: f64,
    /// MAE of the naive forecast.
    pub naive_mae: f64,
    /// MAE of the seasonal-naive forecast.
    pub snaive_mae: f64,
}

/// The result of [`backtest`].
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestResult {
    /// Training sizes at the origins (the model saw `y[..t]`).
    pub origins: Vec<usize>,
    /// Seasonal lag of the benchmark.
    pub season: usize,
    /// Accuracy at each horizon `1..=H`.
    pub horizons: Vec<HorizonAccuracy>,
}

impl BacktestResult {
    /// JSON: `origins`, `season`, and `by_horizon` with `h, n, mae, rmse,
    /// mase, mape, coverage_80, coverage_95, naive_mae, snaive_mae`.
    ///
    /// ```
    /// use colcrime::models::backtest::{BacktestResult, HorizonAccuracy};
    /// let r = BacktestResult { origins: vec![20], season: 1, horizons: vec![] };
    /// assert_eq!(r.to_json()["origins"][0], 20);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "origins": self.origins,
            "season": self.season,
            "by_horizon": self.horizons.iter().map(|a| json!({
                "h": a.h, "n": a.n, "mae": num(a.mae), "rmse": num(a.rmse),
                "mase": num(a.mase), "mape": num(a.mape),
                "coverage_80": num(a.coverage_80), "coverage_95": num(a.coverage_95),
                "naive_mae": num(a.naive_mae), "snaive_mae": num(a.snaive_mae),
            })).collect::<Vec<_>>(),
        })
    }
}

/// Rolling-origin evaluation of `fit_forecast`, which fits the model to a
/// training prefix and returns an `h`-step [`Forecast`] with 80% and 95%
/// bands on the scale of `y` (back-transformed if the model works on logs).
///
/// # Errors
/// Invalid settings (see [`BacktestParams::validate`]), a missing value in
/// `y`, or the first error of a fit (with the origin named).
///
/// ```
/// use colcrime::models::arima::SarimaParams;
/// use colcrime::models::backtest::{BacktestParams, backtest};
/// use colcrime::series::Period;
/// let y: Vec<f64> = (0..60).map(|t| 10.0 + 0.1 * t as f64 + ((t * 7) % 5) as f64 * 0.3).collect();
/// let r = backtest(&y, &BacktestParams::new(1, 10, 1), |train, h| {
///     let fit = SarimaParams::new((0, 1, 1)).fit(train, None)?;
///     fit.forecast(h, None, vec![Period::year(2000); h], &[80.0, 95.0])
/// })
/// .unwrap();
/// assert_eq!(r.horizons[0].n, 10);
/// ```
pub fn backtest<F>(y: &[f64], params: &BacktestParams, fit_forecast: F) -> Result<BacktestResult>
where
    F: Fn(&[f64], usize) -> Result<Forecast> + Sync,
{
    use rayon::prelude::*;
    let n = y.len();
    params.validate(n)?;
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(Error::usage(format!(
            "backtest: observation {} is missing; the series must be complete",
            i + 1
        )));
    }
    let (hmax, m) = (params.horizon, params.season);
    // The last `origins` origins whose first forecast has an outturn.
    let origins: Vec<usize> = (n - params.origins..n).collect();
    let runs: Vec<Result<Forecast>> = origins
        .par_iter()
        .map(|&t| {
            fit_forecast(&y[..t], hmax).map_err(|e| e.context(format!("backtest origin {t}")))
        })
        .collect();
    // Per-horizon accumulators.
    #[derive(Default, Clone)]
    struct Acc {
        n: usize,
        abs: f64,
        sq: f64,
        scaled: f64,
        pct: f64,
        in80: usize,
        in95: usize,
        naive: f64,
        snaive: f64,
    }
    let mut acc = vec![Acc::default(); hmax];
    for (&t, run) in origins.iter().zip(runs) {
        let fc = run?;
        let train = &y[..t];
        // In-sample MAE of the seasonal-naive forecast: the MASE scale.
        let lag = if t > m { m } else { 1 };
        let scale = train
            .windows(lag + 1)
            .map(|w| (w[lag] - w[0]).abs())
            .sum::<f64>()
            / (t - lag) as f64;
        let b80 = fc.band(0.8);
        let b95 = fc.band(0.95);
        for (h, a) in acc.iter_mut().enumerate() {
            let Some(&actual) = y.get(t + h) else { break };
            let Some(&point) = fc.point.get(h) else { break };
            let e = actual - point;
            a.n += 1;
            a.abs += e.abs();
            a.sq += e * e;
            a.scaled += e.abs() / scale;
            a.pct += (e / actual).abs() * 100.0;
            let inside = |b: Option<&crate::forecast::Band>| {
                b.and_then(|b| Some((*b.lower.get(h)?, *b.upper.get(h)?)))
                    .is_some_and(|(l, u)| actual >= l && actual <= u)
            };
            a.in80 += usize::from(inside(b80));
            a.in95 += usize::from(inside(b95));
            a.naive += (actual - train[t - 1]).abs();
            // Seasonal naive: the same season in the last observed year,
            // index t + h - m (floor(h / m) + 1).
            let back = m * (h / m + 1);
            let snaive = if back <= t + h {
                train.get(t + h - back).copied().unwrap_or(train[t - 1])
            } else {
                train[t - 1]
            };
            a.snaive += (actual - snaive).abs();
        }
    }
    let horizons = acc
        .iter()
        .enumerate()
        .filter(|(_, a)| a.n > 0)
        .map(|(h, a)| {
            let k = a.n as f64;
            HorizonAccuracy {
                h: h + 1,
                n: a.n,
                mae: a.abs / k,
                rmse: (a.sq / k).sqrt(),
                mase: a.scaled / k,
                mape: a.pct / k,
                coverage_80: a.in80 as f64 / k,
                coverage_95: a.in95 as f64 / k,
                naive_mae: a.naive / k,
                snaive_mae: a.snaive / k,
            }
        })
        .collect();
    Ok(BacktestResult {
        origins,
        season: m,
        horizons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::Period;

    fn constant_model(train: &[f64], h: usize) -> Result<Forecast> {
        let last = train[train.len() - 1];
        Forecast::gaussian(
            vec![Period::year(2000); h],
            vec![last; h],
            vec![1.0; h],
            &[80.0, 95.0],
        )
    }

    #[test]
    fn hand_computed_scores() {
        // y = 0, 1, 2, ..., 29: the naive forecast misses by h at horizon h.
        let y: Vec<f64> = (0..30).map(|t| t as f64).collect();
        let r = backtest(&y, &BacktestParams::new(3, 5, 1), constant_model).unwrap();
        assert_eq!(r.origins, vec![25, 26, 27, 28, 29]);
        // Horizon h: the last h - 1 origins have no outturn yet.
        assert_eq!(r.horizons[0].n, 5);
        assert_eq!(r.horizons[1].n, 4);
        assert!((r.horizons[0].mae - 1.0).abs() < 1e-12);
        assert!((r.horizons[1].rmse - 2.0).abs() < 1e-12);
        // The in-sample naive MAE is 1, so MASE equals MAE.
        assert!((r.horizons[2].mase - 3.0).abs() < 1e-12);
        // Errors of 1 lie inside ±1.28 (80%); errors of 2 do not.
        assert_eq!(r.horizons[0].coverage_80, 1.0);
        assert_eq!(r.horizons[1].coverage_80, 0.0);
        assert_eq!(r.horizons[1].coverage_95, 0.0);
        assert_eq!(r.horizons[2].n, 3);
    }

    #[test]
    fn seasonal_naive_is_perfect_on_a_pure_season() {
        let y: Vec<f64> = (0..40).map(|t| [1.0, 5.0, 3.0, 8.0][t % 4]).collect();
        let r = backtest(&y, &BacktestParams::new(6, 6, 4), constant_model).unwrap();
        for a in &r.horizons {
            assert!(a.snaive_mae.abs() < 1e-12, "h = {}", a.h);
        }
    }

    #[test]
    fn bad_settings_and_gaps_are_errors() {
        let y: Vec<f64> = (0..30).map(|t| t as f64).collect();
        assert!(backtest(&y, &BacktestParams::new(1, 25, 4), constant_model).is_err());
        let mut g = y.clone();
        g[10] = f64::NAN;
        let e = backtest(&g, &BacktestParams::new(1, 5, 1), constant_model).unwrap_err();
        assert!(e.to_string().contains("observation 11"));
    }
}
