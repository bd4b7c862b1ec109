//! Forecasts from a ragged edge: a regression with ARIMA errors whose
//! regressors end before the response (CPI published to January, crime
//! to March).
//!
//! The model `y_t = x_t'β + u_t` is estimated where both are observed
//! (rows whose regressors are missing count as missing observations, so
//! the likelihood is that of the common span). To forecast from the
//! response's last observation `T`, the regressors' missing values over
//! the gap `T_x + 1 ..= T` are filled (`x̂_t`: a scenario's path where it
//! gives one, otherwise the regressor's own ARIMA forecast), and the
//! Kalman filter is run again at the estimates over `y_1..T` with the
//! filled regressors, so that the forecast origin is `T` and the state
//! uses every observation of `y`. The forecast then proceeds as a scenario
//! forecast ([`SarimaFit::scenario_forecast_with`]).
//!
//! A driver error `e_t = x_t - x̂_t` in the gap enters the filtered state
//! through `u_t = y_t - x_t'β`. The filtered mean is linear in the data, so
//! with `w_{j,t} = ∂ŷ_{T+j} / ∂y_t` the forecast error is
//!
//! ```text
//! y_{T+j} - ŷ_{T+j} = (u_{T+j} - û_{T+j|T}) + Σ_k β_k (e_{k,T+j} - Σ_t w_{j,t} e_{k,t}),
//! ```
//!
//! whose variance adds `β_k² c' C_k c` for each driver, with `C_k` the
//! joint covariance of driver `k`'s forecast errors at the steps involved
//! and `c` the contrast above. The weights are computed exactly, one filter
//! run per gap row. Given the path (no driver models) the forecast is
//! statsmodels' `SARIMAX(...).filter(params).get_forecast(exog=path)` on
//! the filled data (`tests/ragged_edge.rs`, `tests/reference/ragged/`).
//!
//! ```
//! use colcrime::models::arima::{DriverModel, IntervalMethod, RaggedEdge, SarimaParams};
//! use colcrime::models::scenario::ExogPath;
//! use colcrime::series::Period;
//! // x ends two periods before y.
//! let x: Vec<f64> = (0..40).map(|t| ((t * 7) % 5) as f64 + 0.1 * t as f64).collect();
//! let y: Vec<f64> = (0..40).map(|t| 2.0 * x[t] + ((t * 3) % 4) as f64 * 0.2).collect();
//! let mut xs = x.clone();
//! xs[38] = f64::NAN;
//! xs[39] = f64::NAN;
//! let xm = ndarray::Array2::from_shape_vec((40, 1), xs).unwrap();
//! let fit = SarimaParams::new((1, 0, 0)).drift(true).exog_names(vec!["x".into()])
//!     .fit(&y, Some(&xm)).unwrap();
//! let periods: Vec<Period> = (0..5).map(|t| Period::year(2038 + t)).collect();
//! let path = ExogPath {
//!     names: vec!["x".into()],
//!     periods,
//!     values: ndarray::Array2::from_elem((5, 1), 4.0),
//!     steps_ahead: vec![vec![1, 2, 3, 4, 5]],
//! };
//! let edge = RaggedEdge { path: &path, gap: 2 };
//! let given = fit.ragged_forecast(&edge, &[], false, &[95.0], IntervalMethod::Analytic).unwrap();
//! assert_eq!(given.periods[0], Period::year(2040));
//! let d = DriverModel::fit("x", &x[..38], Some((1, 0, 0))).unwrap();
//! let wide = fit.ragged_forecast(&edge, &[d], false, &[95.0], IntervalMethod::Analytic).unwrap();
//! assert_eq!(given.point, wide.point);
//! assert!(wide.se[0] > given.se[0]);
//! ```

use ndarray::Array2;

use super::{DriverModel, IntervalMethod, SarimaFit};
use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::models::scenario::ExogPath;

/// A ragged edge: the regressors' values over the last `gap` rows of the
/// fitted sample (where some regressor is missing) and then the horizon.
///
/// ```
/// use colcrime::models::arima::RaggedEdge;
/// use colcrime::models::scenario::ExogPath;
/// use colcrime::series::Period;
/// let p = vec![Period::year(2000), Period::year(2001), Period::year(2002)];
/// let path = ExogPath { names: vec!["x".into()], periods: p, values: ndarray::Array2::zeros((3, 1)), steps_ahead: vec![vec![1, 2, 3]] };
/// assert_eq!(RaggedEdge { path: &path, gap: 1 }.horizon(), 2);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RaggedEdge<'a> {
    /// The regressors over the gap and then the horizon: observed values
    /// where there are any, otherwise the fill (a scenario's path or the
    /// regressors' own forecasts), with each value's distance beyond its
    /// regressor's last observation.
    pub path: &'a ExogPath,
    /// The rows at the end of the fitted sample whose missing regressors
    /// `path` fills.
    pub gap: usize,
}

impl RaggedEdge<'_> {
    /// The forecast steps: the path's periods after the gap.
    ///
    /// ```
    /// use colcrime::models::arima::RaggedEdge;
    /// use colcrime::models::scenario::ExogPath;
    /// let path = ExogPath { names: vec!["x".into()], periods: vec![], values: ndarray::Array2::zeros((0, 1)), steps_ahead: vec![vec![]] };
    /// assert_eq!(RaggedEdge { path: &path, gap: 0 }.horizon(), 0);
    /// ```
    pub fn horizon(&self) -> usize {
        self.path.periods.len().saturating_sub(self.gap)
    }

    /// The regressors `x` (the fitted sample's) with the gap filled.
    fn filled(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        let (n, k) = x.dim();
        if self.path.values.ncols() != k {
            return Err(Error::other(format!(
                "ragged edge: the path has {} regressors and the model {k}",
                self.path.values.ncols()
            )));
        }
        if self.gap > n || self.gap > self.path.periods.len() {
            return Err(Error::other(format!(
                "ragged edge: a gap of {} rows in {n} observations and {} path periods",
                self.gap,
                self.path.periods.len()
            )));
        }
        let mut xf = x.clone();
        for t in 0..self.gap {
            let r = n - self.gap + t;
            for j in 0..k {
                if !xf[[r, j]].is_finite() {
                    xf[[r, j]] = self.path.values[[t, j]];
                }
            }
        }
        Ok(xf)
    }
}

impl SarimaFit {
    /// Forecasts from the response's last observation when regressors end
    /// before it (the method is in the docs of
    /// `src/models/arima/ragged.rs`): the filter re-run at these estimates
    /// over the fitted data with the gap filled, then the scenario forecast
    /// along the rest of the path; with `drivers` (one per regressor) the
    /// intervals carry each filled value's uncertainty, in the gap and
    /// over the horizon; with `params`, the estimates' too. With a gap of
    /// 0 it is [`SarimaFit::scenario_forecast_with`].
    ///
    /// # Errors
    /// A model without regressors, a path of the wrong width or too
    /// short, an empty horizon, or as
    /// [`SarimaFit::scenario_forecast_with`].
    ///
    /// ```
    /// use colcrime::models::arima::{IntervalMethod, RaggedEdge, SarimaParams};
    /// use colcrime::models::scenario::ExogPath;
    /// let y: Vec<f64> = (0..30).map(|t| ((t * 5) % 7) as f64).collect();
    /// let x = ndarray::Array2::from_shape_fn((30, 1), |(t, _)| (t % 3) as f64);
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).exog_names(vec!["x".into()]).fit(&y, Some(&x)).unwrap();
    /// let path = ExogPath { names: vec!["x".into()], periods: vec![], values: ndarray::Array2::zeros((0, 1)), steps_ahead: vec![vec![]] };
    /// let edge = RaggedEdge { path: &path, gap: 0 };
    /// assert!(fit.ragged_forecast(&edge, &[], false, &[95.0], IntervalMethod::Analytic).is_err());
    /// ```
    pub fn ragged_forecast(
        &self,
        edge: &RaggedEdge<'_>,
        drivers: &[DriverModel],
        params: bool,
        levels: &[f64],
        method: IntervalMethod,
    ) -> Result<Forecast> {
        let h = edge.horizon();
        if h == 0 {
            return Err(Error::usage(
                "a forecast from a ragged edge needs at least one period after the response's last observation",
            ));
        }
        let Some(x) = self.state.exog.as_ref() else {
            return Err(Error::usage(
                "a ragged edge is where regressors end before the series, and the model has none",
            ));
        };
        if edge.gap == 0 {
            return self.scenario_forecast_with(edge.path, drivers, params, levels, method);
        }
        let y = self.state.y.clone();
        let xf = edge.filled(x)?;
        let base = self.refilter(&y, &xf)?;
        let future = edge.path.rows(edge.gap..edge.path.periods.len());
        let gap = GapTerms {
            steps: edge.path.rows(0..edge.gap).steps_ahead,
            weights: base.gap_weights(&y, &xf, edge.gap, &future.values)?,
        };
        base.forecast_along(&future, Some(&gap), drivers, params, levels, method)
    }

    /// This model at its estimates over new data: the filtered state,
    /// residuals and likelihood of `y` and `x`; the estimates, standard
    /// errors and covariance are this fit's.
    fn refilter(&self, y: &[f64], x: &Array2<f64>) -> Result<SarimaFit> {
        let mut spec = self.spec.clone();
        spec.fixed_params = Some(self.params.clone());
        spec.start_params = None;
        let mut out = super::fit_inner(y, Some(x), &spec, false)?;
        out.spec = self.spec.clone();
        out.bse = self.bse.clone();
        out.cov_params = self.cov_params.clone();
        Ok(out)
    }

    /// `h x gap`: how much each forecast mean moves per unit of each of the
    /// last `gap` observations of `y` (zero where `y` is missing). The
    /// filter at fixed parameters is linear in the data, so one unit step
    /// per row gives the derivative exactly.
    fn gap_weights(
        &self,
        y: &[f64],
        x: &Array2<f64>,
        gap: usize,
        future: &Array2<f64>,
    ) -> Result<Array2<f64>> {
        let h = future.nrows();
        let n = y.len();
        let (m0, _) = self.forecast_mean_se(h, Some(future))?;
        let mut w = Array2::zeros((h, gap));
        let mut yy = y.to_vec();
        for t in 0..gap {
            let r = n - gap + t;
            if !y[r].is_finite() {
                continue;
            }
            yy[r] = y[r] + 1.0;
            let (m1, _) = self.refilter(&yy, x)?.forecast_mean_se(h, Some(future))?;
            yy[r] = y[r];
            for i in 0..h {
                w[[i, t]] = m1[i] - m0[i];
            }
        }
        Ok(w)
    }
}

/// How filled regressor values in a ragged edge enter a forecast: the
/// filtered state rests on `y_t - x̂_t'β` over the gap, so a driver error
/// `e_t = x_t - x̂_t` there moves the forecast by `β w_{j,t} e_t`, with
/// `w_{j,t} = ∂ŷ_{T+j} / ∂y_t` (the filter is linear in the data).
#[derive(Debug, Clone)]
pub(super) struct GapTerms {
    /// For each regressor, each gap row's distance beyond its last
    /// observation (0 where observed).
    pub(super) steps: Vec<Vec<usize>>,
    /// `h x g`: the forecast's weight on each gap row's observation.
    pub(super) weights: Array2<f64>,
}

impl GapTerms {
    /// The largest step driver `j` takes over the gap and `horizon`.
    pub(super) fn max_steps(&self, j: usize, horizon: &[usize]) -> usize {
        self.steps[j]
            .iter()
            .chain(horizon)
            .copied()
            .max()
            .unwrap_or(0)
    }

    /// The coefficients `c` (over driver steps `1..=mm`) of the error of
    /// forecast step `i` due to driver `j`: `e_{m} - Σ_t w_{i,t} e_{m_t}`,
    /// with `m` the step's own distance beyond the driver's observation.
    pub(super) fn contrast(&self, j: usize, i: usize, m: usize, mm: usize) -> Vec<f64> {
        let mut c = vec![0.0; mm];
        if m > 0 {
            c[m - 1] += 1.0;
        }
        for (t, &mt) in self.steps[j].iter().enumerate() {
            if mt > 0 {
                c[mt - 1] -= self.weights[[i, t]];
            }
        }
        c
    }
}

/// `c' C c` for a row-major square `C`.
pub(super) fn quadratic(c: &[f64], cov: &[f64]) -> f64 {
    let m = c.len();
    (0..m)
        .map(|a| c[a] * (0..m).map(|b| cov[a * m + b] * c[b]).sum::<f64>())
        .sum()
}
