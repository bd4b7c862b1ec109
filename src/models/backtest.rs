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
//! Models with regressors (a regression with ARIMA errors) need the
//! regressors' values over each horizon ([`ExogFuture`],
//! [`forecast_from_origin`]): either their **realised** values, which
//! scores forecasts *conditional on the drivers* (the usual evaluation of
//! such a model, and flattering: the drivers' own uncertainty is left
//! out), or each regressor's own **ARIMA forecast made at the origin**
//! from its history up to then, a fair real-time evaluation whose
//! intervals also carry the drivers' uncertainty (the scenario method of
//! [`crate::models::arima`]).
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

use std::str::FromStr;

use ndarray::{Array2, s};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::models::arima::{DriverModel, IntervalMethod, RaggedEdge, SarimaFit};
use crate::models::scenario::ExogPath;
use crate::series::Period;

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
    levels: Vec<f64>,
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
            levels: vec![0.8, 0.95],
        }
    }

    /// The interval levels whose coverage is scored (default 80% and 95%;
    /// given as fractions or percentages). The forecasts must carry bands
    /// at these levels.
    ///
    /// # Errors
    /// A level outside (0, 100).
    ///
    /// ```
    /// # use colcrime::models::backtest::BacktestParams;
    /// let p = BacktestParams::new(4, 12, 4).levels(&[50.0, 90.0]).unwrap();
    /// assert_eq!(p.level_list(), &[0.5, 0.9]);
    /// ```
    pub fn levels(mut self, levels: &[f64]) -> Result<Self> {
        self.levels = crate::forecast::normalise_levels(levels)?;
        Ok(self)
    }

    /// The interval levels scored, as fractions.
    ///
    /// ```
    /// # use colcrime::models::backtest::BacktestParams;
    /// assert_eq!(BacktestParams::new(1, 5, 1).level_list(), &[0.8, 0.95]);
    /// ```
    pub fn level_list(&self) -> &[f64] {
        &self.levels
    }

    /// The smallest training sample at the first origin (`2 season + 8`).
    ///
    /// ```
    /// # use colcrime::models::backtest::BacktestParams;
    /// assert_eq!(BacktestParams::new(1, 5, 12).min_train(), 32);
    /// ```
    pub fn min_train(&self) -> usize {
        self.min_train
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

/// Accuracy at one horizon (or over all horizons, `h = 0`). Its serde
/// form is the JSON of [`HorizonAccuracy::to_json`] (non-finite numbers
/// as the contract's strings), so a result written by one run is read
/// back by the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HorizonAccuracy {
    /// Steps ahead (0 for all horizons pooled).
    pub h: usize,
    /// Forecasts scored (origins with an outturn at this horizon).
    pub n: usize,
    /// Mean absolute error.
    #[serde(with = "crate::json::nonfinite")]
    pub mae: f64,
    /// Root mean squared error.
    #[serde(with = "crate::json::nonfinite")]
    pub rmse: f64,
    /// Mean absolute scaled error.
    #[serde(with = "crate::json::nonfinite")]
    pub mase: f64,
    /// Mean absolute percentage error (NaN if an outturn is zero).
    #[serde(with = "crate::json::nonfinite")]
    pub mape: f64,
    /// Share of outturns inside the 80% interval.
    #[serde(with = "crate::json::nonfinite")]
    pub coverage_80: f64,
    /// Share of outturns inside the 95% interval.
    #[serde(with = "crate::json::nonfinite")]
    pub coverage_95: f64,
    /// Coverage at each scored level: `(level, share inside)`; in JSON an
    /// object keyed by the level in percent (`{"80": share}`).
    #[serde(with = "coverage_map")]
    pub coverage: Vec<(f64, f64)>,
    /// MAE of the naive forecast.
    #[serde(with = "crate::json::nonfinite")]
    pub naive_mae: f64,
    /// MAE of the seasonal-naive forecast.
    #[serde(with = "crate::json::nonfinite")]
    pub snaive_mae: f64,
    /// RMSE of the naive forecast.
    #[serde(with = "crate::json::nonfinite")]
    pub naive_rmse: f64,
    /// RMSE of the seasonal-naive forecast.
    #[serde(with = "crate::json::nonfinite")]
    pub snaive_rmse: f64,
    /// MAE of the equal-weight combination of the model's point forecast
    /// and the naive forecast (their average), the simplest forecast
    /// combination (Bates & Granger 1969); NaN in results written before
    /// it was scored.
    #[serde(with = "crate::json::nonfinite", default = "not_scored")]
    pub combo_mae: f64,
}

/// The value of a score a result was written without.
fn not_scored() -> f64 {
    f64::NAN
}

/// The result of [`backtest`]; its serde form is the JSON of
/// [`BacktestResult::to_json`].
///
/// ```
/// use colcrime::models::backtest::BacktestResult;
/// let r = BacktestResult { origins: vec![20, 21], season: 4, horizons: vec![], overall: None, origin_periods: vec![],
///     exog_future: Some("realised".into()) };
/// let back: BacktestResult = serde_json::from_value(r.to_json()).unwrap();
/// assert_eq!(back, r);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestResult {
    /// Training sizes at the origins (the model saw `y[..t]`).
    pub origins: Vec<usize>,
    /// Seasonal lag of the benchmark.
    pub season: usize,
    /// Accuracy at each horizon `1..=H`.
    #[serde(rename = "by_horizon")]
    pub horizons: Vec<HorizonAccuracy>,
    /// All scored forecasts pooled (`h = 0`); `None` if none was scored.
    pub overall: Option<HorizonAccuracy>,
    /// For a model with regressors, where their values over each horizon
    /// came from (`realised` or `arima`, see [`ExogFuture`]); set by the
    /// caller, `None` from [`backtest`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exog_future: Option<String>,
    /// The last period each origin's fit saw (`"2023-03"`), parallel to
    /// `origins`; set by the caller, empty from [`backtest`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origin_periods: Vec<String>,
}

impl BacktestResult {
    /// JSON: `origins`, `season`, `by_horizon` (one object per horizon),
    /// `overall` (all horizons pooled) and `exog_future` when set, each with `h, n, mae, rmse,
    /// mase, mape, coverage_80, coverage_95, naive_mae, snaive_mae,
    /// naive_rmse, snaive_rmse` and `coverage` (`{"80": share, ...}` for
    /// every level scored).
    ///
    /// ```
    /// use colcrime::models::backtest::BacktestResult;
    /// let r = BacktestResult { origins: vec![20], season: 1, horizons: vec![], overall: None,
    ///     exog_future: None, origin_periods: vec![] };
    /// assert_eq!(r.to_json()["origins"][0], 20);
    /// assert!(r.to_json().get("exog_future").is_none());
    /// ```
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Names each origin by the last period its fit saw: `period(t)` for a
    /// training size `t` (`None` leaves the origins unnamed).
    ///
    /// ```
    /// use colcrime::models::backtest::BacktestResult;
    /// let mut r = BacktestResult { origins: vec![20], season: 1, horizons: vec![], overall: None,
    ///     exog_future: None, origin_periods: vec![] };
    /// r.name_origins(|t| Some(format!("row {t}")));
    /// assert_eq!(r.origin_periods, ["row 20"]);
    /// ```
    pub fn name_origins(&mut self, period: impl Fn(usize) -> Option<String>) {
        self.origin_periods = self
            .origins
            .iter()
            .map(|&t| period(t))
            .collect::<Option<_>>()
            .unwrap_or_default();
    }
}

impl HorizonAccuracy {
    /// The JSON object of one row (see [`BacktestResult::to_json`]).
    ///
    /// ```
    /// use colcrime::models::backtest::HorizonAccuracy;
    /// let a = HorizonAccuracy { h: 1, n: 2, mae: 1.0, rmse: 1.0, mase: 0.5, mape: 3.0,
    ///     coverage_80: 1.0, coverage_95: 1.0, naive_mae: 2.0, snaive_mae: 2.5,
    ///     naive_rmse: 2.0, snaive_rmse: 3.0, combo_mae: 1.5, coverage: vec![(0.8, 1.0), (0.95, 1.0)] };
    /// assert_eq!(a.to_json()["coverage"]["80"], 1.0);
    /// ```
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Serde of the coverage shares as `{"80": share, ...}` (levels in
/// percent, non-finite shares as the contract's strings).
mod coverage_map {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};
    use serde_json::{Map, Value};

    pub(super) fn serialize<S: Serializer>(v: &[(f64, f64)], s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(
            v.iter()
                .map(|(l, c)| (super::level_key(*l), crate::json::num(*c))),
        )
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<(f64, f64)>, D::Error> {
        Map::<String, Value>::deserialize(d)?
            .iter()
            .map(|(k, v)| {
                let pct: f64 = k.parse().map_err(|_| {
                    D::Error::custom(format!("expected a level in percent, found \"{k}\""))
                })?;
                let share = crate::json::as_f64(v)
                    .ok_or_else(|| D::Error::custom(format!("expected a number, found {v}")))?;
                Ok((pct / 100.0, share))
            })
            .collect()
    }
}

/// `"80"` for 0.8, `"99.5"` for 0.995.
fn level_key(level: f64) -> String {
    let pct = level * 100.0;
    if (pct - pct.round()).abs() < 1e-9 {
        format!("{}", pct.round() as i64)
    } else {
        format!("{pct}")
    }
}

/// Where a backtest of a model with regressors takes their values over
/// the horizon (see the [module docs](self)).
///
/// ```
/// use colcrime::models::backtest::ExogFuture;
/// assert_eq!("realised".parse::<ExogFuture>().unwrap(), ExogFuture::Realised);
/// assert_eq!("arima".parse::<ExogFuture>().unwrap().as_str(), "arima");
/// assert!("guess".parse::<ExogFuture>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExogFuture {
    /// The values that were later observed (conditional forecasts).
    #[default]
    Realised,
    /// Each regressor's own ARIMA forecast from its history up to the
    /// origin (the given `(p, d, q)`, or chosen automatically), with its
    /// uncertainty carried into the intervals.
    Arima {
        /// The drivers' order; `None` for the automatic choice.
        order: Option<(usize, usize, usize)>,
    },
}

impl ExogFuture {
    /// `realised` or `arima`: the label in the output.
    ///
    /// ```
    /// use colcrime::models::backtest::ExogFuture;
    /// assert_eq!(ExogFuture::Realised.as_str(), "realised");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            ExogFuture::Realised => "realised",
            ExogFuture::Arima { .. } => "arima",
        }
    }
}

impl FromStr for ExogFuture {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "realised" | "realized" | "observed" => Ok(ExogFuture::Realised),
            "arima" => Ok(ExogFuture::Arima { order: None }),
            o => Err(Error::usage(format!(
                "regressor future \"{o}\": expected realised or arima"
            ))),
        }
    }
}

/// The forecast from origin `t` (the model was fitted to rows `..t`) of a
/// regression with ARIMA errors, `h` steps or as many as `x` has rows
/// after `t`, with the regressors over the horizon taken as `future`
/// says. `x` holds every row of the regressors (`n x k`, columns named by
/// `names`); `index`, if not empty, labels the rows for error messages.
///
/// With [`ExogFuture::Realised`] the forecast is
/// [`SarimaFit::forecast`] with rows `t..t + h` of `x`. With
/// [`ExogFuture::Arima`] each regressor's ARIMA is fitted to its values
/// in rows `..t` ([`DriverModel::fit`]); its mean forecast from its last
/// observation is the path, and the intervals carry its forecast-error
/// variance ([`SarimaFit::scenario_forecast`]).
///
/// # Errors
/// A regressor missing at the origin, or (realised) over the horizon,
/// named with its period; a driver model that cannot be fitted; or as
/// [`SarimaFit::forecast`].
///
/// ```
/// use colcrime::models::arima::SarimaParams;
/// use colcrime::models::backtest::{ExogFuture, forecast_from_origin};
/// let x: Vec<f64> = (0..40).map(|t| ((t * 7) % 5) as f64 + 0.1 * t as f64).collect();
/// let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| 2.0 * v + ((t * 3) % 4) as f64 * 0.2).collect();
/// let xm = ndarray::Array2::from_shape_vec((40, 1), x.clone()).unwrap();
/// let fit = SarimaParams::new((0, 0, 0)).drift(true).exog_names(vec!["x".into()])
///     .fit(&y[..36], Some(&xm.slice(ndarray::s![..36, ..]).to_owned())).unwrap();
/// let f = forecast_from_origin(&fit, &xm, &["x".into()], &[], 36, 4, ExogFuture::Realised, &[80.0, 95.0]).unwrap();
/// // Realised regressors: the mean is drift + β x.
/// assert!((f.point[0] - (fit.params[0] + fit.params[1] * x[36])).abs() < 1e-9);
/// let g = forecast_from_origin(&fit, &xm, &["x".into()], &[], 36, 4,
///     ExogFuture::Arima { order: Some((0, 1, 0)) }, &[80.0, 95.0]).unwrap();
/// assert!(g.se[0] > f.se[0]);
/// ```
#[allow(clippy::too_many_arguments)]
pub fn forecast_from_origin(
    fit: &SarimaFit,
    x: &Array2<f64>,
    names: &[String],
    index: &[Period],
    t: usize,
    h: usize,
    future: ExogFuture,
    levels: &[f64],
) -> Result<Forecast> {
    let (n, k) = x.dim();
    if names.len() != k {
        return Err(Error::usage(format!(
            "{} regressor names for {k} regressor columns",
            names.len()
        )));
    }
    if t == 0 || t > n {
        return Err(Error::usage(format!(
            "forecast origin {t} outside the {n} rows of the regressors"
        )));
    }
    let row = |r: usize| {
        index
            .get(r)
            .map_or_else(|| format!("row {}", r + 1), |p| p.to_string())
    };
    let periods = |m: usize| vec![Period::year(2000); m];
    match future {
        ExogFuture::Realised => {
            // The model's forecast starts from the regressors at the origin.
            for (j, name) in names.iter().enumerate() {
                if !x[[t - 1, j]].is_finite() {
                    return Err(Error::usage(format!(
                        "regressor \"{name}\" has no value for {} (a forecast origin): realised-regressor backtests need the regressors observed at each origin (or the regressors' own forecasts: --backtest-exog arima)",
                        row(t - 1)
                    )));
                }
            }
            let steps = h.min(n - t);
            for i in 0..steps {
                if let Some(j) = (0..k).find(|&j| !x[[t + i, j]].is_finite()) {
                    return Err(Error::usage(format!(
                        "regressor \"{}\" has no value for {} ({} step{} after the origin {}): realised-regressor backtests need the regressors observed over the horizon (use fewer origins or a shorter horizon, or the regressors' own forecasts: --backtest-exog arima)",
                        names[j],
                        row(t + i),
                        i + 1,
                        if i == 0 { "" } else { "s" },
                        row(t - 1)
                    )));
                }
            }
            let fx = x.slice(s![t..t + steps, ..]).to_owned();
            fit.forecast(steps, Some(&fx), periods(steps), levels)
        }
        ExogFuture::Arima { order } => {
            // Each regressor's last observation at or before the origin: a
            // regressor published later than the series (a ragged edge)
            // is filled from its own forecast up to the origin too.
            let lasts: Vec<usize> =
                names
                    .iter()
                    .enumerate()
                    .map(|(j, name)| {
                        (0..t).rev().find(|&r| x[[r, j]].is_finite()).ok_or_else(|| {
                        Error::usage(format!(
                            "regressor \"{name}\" has no value up to {} (a forecast origin)",
                            row(t - 1)
                        ))
                    })
                    })
                    .collect::<Result<_>>()?;
            let gap = t - 1 - lasts.iter().copied().min().unwrap_or(t - 1);
            let m = gap + h;
            let mut drivers = Vec::with_capacity(k);
            let mut values = Array2::zeros((m, k));
            let mut steps_ahead = Vec::with_capacity(k);
            for (j, name) in names.iter().enumerate() {
                let hist = x.slice(s![..t, j]).to_vec();
                let d = DriverModel::fit(name, &hist, order)?;
                let ahead = t - 1 + h - lasts[j];
                let (mean, _) = d.fit.forecast_mean_se(ahead, None)?;
                let mut steps = Vec::with_capacity(m);
                for i in 0..m {
                    let r = t - gap + i;
                    if r <= lasts[j] {
                        values[[i, j]] = x[[r, j]];
                        steps.push(0);
                    } else {
                        values[[i, j]] = mean[r - lasts[j] - 1];
                        steps.push(r - lasts[j]);
                    }
                }
                steps_ahead.push(steps);
                drivers.push(d);
            }
            let path = ExogPath {
                names: names.to_vec(),
                periods: periods(m),
                values,
                steps_ahead,
            };
            fit.ragged_forecast(
                &RaggedEdge { path: &path, gap },
                &drivers,
                false,
                levels,
                IntervalMethod::Analytic,
            )
        }
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
    let task = crate::progress::task(origins.len() as u64, "backtest origins");
    let runs: Vec<Result<Forecast>> = origins
        .par_iter()
        .map(|&t| {
            let run =
                fit_forecast(&y[..t], hmax).map_err(|e| e.context(format!("backtest origin {t}")));
            task.advance();
            run
        })
        .collect();
    drop(task);
    // Per-horizon accumulators.
    #[derive(Default, Clone)]
    struct Acc {
        n: usize,
        abs: f64,
        sq: f64,
        scaled: f64,
        pct: f64,
        inside: Vec<usize>,
        naive: f64,
        snaive: f64,
        naive_sq: f64,
        snaive_sq: f64,
        combo: f64,
    }
    let nl = params.levels.len();
    let mut acc = vec![
        Acc {
            inside: vec![0; nl],
            ..Acc::default()
        };
        hmax
    ];
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
        let bands: Vec<Option<&crate::forecast::Band>> =
            params.levels.iter().map(|&l| fc.band(l)).collect();
        if let Some(i) = bands.iter().position(Option::is_none) {
            return Err(Error::other(format!(
                "backtest origin {t}: the forecast has no {}% interval",
                params.levels[i] * 100.0
            )));
        }
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
            for (k, b) in bands.iter().enumerate() {
                a.inside[k] += usize::from(inside(*b));
            }
            let en = actual - train[t - 1];
            a.combo += (actual - 0.5 * (point + train[t - 1])).abs();
            a.naive += en.abs();
            a.naive_sq += en * en;
            // Seasonal naive: the same season in the last observed year,
            // index t + h - m (floor(h / m) + 1).
            let back = m * (h / m + 1);
            let snaive = if back <= t + h {
                train.get(t + h - back).copied().unwrap_or(train[t - 1])
            } else {
                train[t - 1]
            };
            a.snaive += (actual - snaive).abs();
            a.snaive_sq += (actual - snaive) * (actual - snaive);
        }
    }
    let levels = &params.levels;
    let summarise = |h: usize, a: &Acc| -> HorizonAccuracy {
        let k = a.n as f64;
        let coverage: Vec<(f64, f64)> = levels
            .iter()
            .zip(&a.inside)
            .map(|(l, c)| (*l, *c as f64 / k))
            .collect();
        let at = |l: f64| {
            coverage
                .iter()
                .find(|(x, _)| (x - l).abs() < 1e-9)
                .map_or(f64::NAN, |(_, c)| *c)
        };
        HorizonAccuracy {
            h,
            n: a.n,
            mae: a.abs / k,
            rmse: (a.sq / k).sqrt(),
            mase: a.scaled / k,
            mape: a.pct / k,
            coverage_80: at(0.8),
            coverage_95: at(0.95),
            naive_mae: a.naive / k,
            snaive_mae: a.snaive / k,
            naive_rmse: (a.naive_sq / k).sqrt(),
            snaive_rmse: (a.snaive_sq / k).sqrt(),
            combo_mae: a.combo / k,
            coverage,
        }
    };
    let horizons = acc
        .iter()
        .enumerate()
        .filter(|(_, a)| a.n > 0)
        .map(|(h, a)| summarise(h + 1, a))
        .collect();
    let mut pooled = Acc {
        inside: vec![0; nl],
        ..Acc::default()
    };
    for a in &acc {
        pooled.n += a.n;
        pooled.abs += a.abs;
        pooled.sq += a.sq;
        pooled.scaled += a.scaled;
        pooled.pct += a.pct;
        pooled.naive += a.naive;
        pooled.snaive += a.snaive;
        pooled.naive_sq += a.naive_sq;
        pooled.snaive_sq += a.snaive_sq;
        pooled.combo += a.combo;
        for (p, c) in pooled.inside.iter_mut().zip(&a.inside) {
            *p += c;
        }
    }
    let overall = (pooled.n > 0).then(|| summarise(0, &pooled));
    Ok(BacktestResult {
        origins,
        season: m,
        horizons,
        overall,
        exog_future: None,
        origin_periods: Vec::new(),
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
        // The model is the naive forecast here: their average is too.
        assert!((r.horizons[1].combo_mae - 2.0).abs() < 1e-12);
        // A perfect model halves the naive error in the combination.
        let perfect = backtest(&y, &BacktestParams::new(3, 5, 1), |train, h| {
            let t = train.len() as f64;
            Forecast::gaussian(
                vec![Period::year(2000); h],
                (0..h).map(|i| t + i as f64).collect(),
                vec![1.0; h],
                &[80.0, 95.0],
            )
        })
        .unwrap();
        assert!(perfect.horizons[2].mae.abs() < 1e-12);
        assert!((perfect.horizons[2].combo_mae - 1.5).abs() < 1e-12);
        // The in-sample naive MAE is 1, so MASE equals MAE.
        assert!((r.horizons[2].mase - 3.0).abs() < 1e-12);
        // Errors of 1 lie inside ±1.28 (80%); errors of 2 do not.
        assert_eq!(r.horizons[0].coverage_80, 1.0);
        assert_eq!(r.horizons[1].coverage_80, 0.0);
        assert_eq!(r.horizons[1].coverage_95, 0.0);
        assert_eq!(r.horizons[2].n, 3);
    }

    #[test]
    fn pooled_scores_and_other_levels() {
        // Same line: errors 1 (5 times), 2 (4 times), 3 (3 times).
        let y: Vec<f64> = (0..30).map(|t| t as f64).collect();
        let p = BacktestParams::new(3, 5, 1).levels(&[50.0, 99.0]).unwrap();
        let r = backtest(&y, &p, |train, h| {
            let last = train[train.len() - 1];
            Forecast::gaussian(
                vec![Period::year(2000); h],
                vec![last; h],
                vec![1.0; h],
                &[50.0, 99.0],
            )
        })
        .unwrap();
        let o = r.overall.as_ref().unwrap();
        assert_eq!(o.n, 12);
        assert!((o.mae - 22.0 / 12.0).abs() < 1e-12);
        // 5 errors of 1, 4 of 2, 3 of 3: squares sum to 5 + 16 + 27 = 48.
        assert!((o.rmse - (48.0f64 / 12.0).sqrt()).abs() < 1e-12);
        // ±0.674 (50%) holds no error; ±2.576 (99%) holds errors 1 and 2.
        assert_eq!(o.coverage, vec![(0.5, 0.0), (0.99, 9.0 / 12.0)]);
        assert!(o.coverage_80.is_nan());
        assert_eq!(r.horizons[1].naive_rmse, 2.0);
        // Asking for a level the forecasts do not carry is an error.
        let e = backtest(&y, &p, constant_model).unwrap_err();
        assert!(e.to_string().contains("no 50% interval"), "{e}");
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
