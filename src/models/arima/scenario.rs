//! Scenario forecasts of a regression with ARIMA errors: the forecast of
//! `y` given a user's path for each regressor, with intervals that either
//! take the path as known or also carry the regressors' own uncertainty.
//!
//! The model (see [the module](super)) is `y_t = x_t'β + u_t` with `u_t` a
//! seasonal ARIMA. For a scenario path `s_{T+j}` of the regressors:
//!
//! * **given the path** ([`ScenarioUncertainty::None`]): the exact
//!   conditional forecast `ŷ_{T+j} = s_{T+j}'β + û_{T+j|T}` with variance
//!   `V_u(j) = Var(u_{T+j} | y_{1..T})` from the Kalman filter (the
//!   statsmodels `get_forecast(exog=path)` point forecast and interval);
//! * **with driver uncertainty** ([`ScenarioUncertainty::Driver`]): the
//!   regressors are random, `x_{T+j} = s_{T+j} + e_{T+j}`, where the
//!   deviations `e` have the forecast-error distribution of each driver's
//!   own ARIMA ([`DriverModel`], fitted to the driver's history) at the
//!   number of periods `m_k(j)` the value lies beyond driver `k`'s last
//!   observation (0 for observed values). The scenario path is the centre;
//!   the driver's model supplies only the spread around it. Because the
//!   regressors enter the *level* of `y` (they are not filtered by the
//!   ARIMA error polynomial), a deviation in `x_{T+j}` moves only
//!   `y_{T+j}`:
//!
//!   ```text
//!   y_{T+j} - ŷ_{T+j} = (u_{T+j} - û_{T+j|T}) + Σ_k β_k e_{k,T+j}
//!   Var(y_{T+j}) = V_u(j) + Σ_k β_k² V_k(m_k(j)),
//!   ```
//!
//!   with `V_k(m)` the `m`-step forecast-error variance of driver `k`'s
//!   ARIMA (`V_k(0) = 0`). This assumes, as the regression with ARIMA
//!   errors itself does, that the regressors are exogenous (independent of
//!   `u`), and that the drivers' forecast errors are independent of each
//!   other (each has its own univariate model).
//!
//! * **with parameter uncertainty** ([`ScenarioUncertainty::Params`], or
//!   [`ScenarioUncertainty::All`] with the drivers' too): the estimated
//!   coefficients `θ̂` (regression coefficients, the CPI effect among them,
//!   and the ARMA coefficients) are random too, `θ̂ ~ N(θ, Σ)` with `Σ` the
//!   covariance from the observed information ([`SarimaFit::cov_params`]).
//!   By the first-order delta method the forecast mean `ŷ_{T+j}(θ̂)` adds
//!
//!   ```text
//!   Var_θ(j) = J_j Σ J_j',   J_j = ∂ŷ_{T+j} / ∂θ at θ̂,
//!   ```
//!
//!   to the variance (the parameter error is independent of the future
//!   innovations and of the drivers' errors). `J` is computed by central
//!   differences, re-running the Kalman filter over the fitted data at each
//!   shifted parameter ([`SarimaFit::forecast_jacobian`]); σ² does not
//!   move the mean and its uncertainty enters only at second order. With
//!   `Σ = 0` the intervals are exactly those without it. Checked against
//!   forecasts at parameters drawn from `N(θ̂, Σ)` in `tests/scenario.rs`.
//!
//! Intervals are Gaussian, `ŷ ± z sqrt(Var)` ([`IntervalMethod::Analytic`],
//! the default), or quantiles of a seeded Monte Carlo joint simulation
//! ([`IntervalMethod::Simulation`]): each draw simulates the ARIMA error
//! path of `y` (initial state from `N(a_{T+1|T}, σ² P_{T+1|T})`, then new
//! innovations, integrated through the differencing) and, independently,
//! a forecast-error path of each driver from its own ARIMA, and adds
//! `β' e` to the level. Draws are split into blocks of [`BLOCK`] with one
//! random stream per block, so the result does not depend on the number of
//! threads. With no driver uncertainty (every value observed, or drivers
//! of zero variance) the analytic `Driver` forecast equals the `None`
//! forecast exactly.
//!
//! ```
//! use colcrime::models::arima::{DriverModel, IntervalMethod, SarimaParams};
//! use colcrime::models::scenario::Scenario;
//! use colcrime::series::Period;
//! // y = 2 x + AR(1) noise; x is a random walk.
//! let e = [0.3, -0.2, 0.5, 0.1, -0.4, 0.2, 0.0, 0.3, -0.1, 0.4, -0.3, 0.1, 0.2, -0.2, 0.05, 0.15, -0.35, 0.25, 0.1, -0.05];
//! let mut x = vec![0.0; 20];
//! let mut u = vec![0.0; 20];
//! for t in 1..20 {
//!     x[t] = x[t - 1] + e[(t * 7) % 20];
//!     u[t] = 0.5 * u[t - 1] + e[t];
//! }
//! let y: Vec<f64> = (0..20).map(|t| 2.0 * x[t] + u[t]).collect();
//! let ix: Vec<Period> = (0..20).map(|t| Period::year(2000 + t)).collect();
//! let xm = ndarray::Array2::from_shape_vec((20, 1), x.clone()).unwrap();
//! let fit = SarimaParams::new((1, 0, 0)).exog_names(vec!["x".into()]).fit(&y, Some(&xm)).unwrap();
//! let window: Vec<Period> = (1..=3).map(|j| Period::year(2019 + j)).collect();
//! let s = Scenario::new("flat", window.clone(), vec![("x".into(), vec![1.0; 3])]).unwrap();
//! let path = s.exog_path(&["x".into()], &window, &ix, &[x.clone()]).unwrap();
//! let given = fit.scenario_forecast(&path, &[], &[95.0], IntervalMethod::Analytic).unwrap();
//! let driver = DriverModel::fit("x", &x, Some((0, 1, 0))).unwrap();
//! let wide = fit.scenario_forecast(&path, &[driver], &[95.0], IntervalMethod::Analytic).unwrap();
//! assert_eq!(given.point, wide.point);
//! assert!(wide.se[2] > given.se[2]);
//! assert!(wide.covers.regressor_paths && !given.covers.regressor_paths);
//! ```

use std::str::FromStr;

use ndarray::Array2;
use rayon::prelude::*;
use serde_json::{Value, json};

use super::SarimaFit;
use super::driver::{DriverModel, ErrorSim};
use super::ragged::{GapTerms, quadratic};
use crate::error::{Error, Result};
use crate::forecast::{Band, Forecast, IntervalCoverage, PointKind, normalise_levels};
use crate::models::scenario::ExogPath;
use crate::series::Period;
use crate::stats::linalg::cholesky_semidefinite;
use crate::stats::quantile::quantile_sorted;
use crate::stats::rng::{Flavour, Rng};

/// Draws per random stream in [`IntervalMethod::Simulation`].
pub const BLOCK: usize = 250;

/// The first stream number of the parameter draws (block `b` uses
/// `PARAM_STREAMS + b`), apart from the innovation streams `0, 1, …`.
const PARAM_STREAMS: u64 = 1 << 40;

/// Which uncertainty a scenario forecast's intervals carry (the
/// innovations' always).
///
/// ```
/// use colcrime::models::arima::ScenarioUncertainty;
/// assert_eq!("driver".parse::<ScenarioUncertainty>().unwrap(), ScenarioUncertainty::Driver);
/// let all: ScenarioUncertainty = "all".parse().unwrap();
/// assert!(all.drivers() && all.params());
/// assert_eq!(all.as_str(), "all");
/// assert!("both".parse::<ScenarioUncertainty>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScenarioUncertainty {
    /// The path is taken as known: innovation uncertainty only.
    #[default]
    None,
    /// Also the drivers' own forecast uncertainty around the path.
    Driver,
    /// Also the uncertainty of the estimated coefficients (first-order
    /// delta method; see [`SarimaFit::forecast_param_variance`]).
    Params,
    /// Both the drivers' and the coefficients' uncertainty.
    All,
}

impl ScenarioUncertainty {
    /// Whether the drivers' own uncertainty is carried.
    ///
    /// ```
    /// use colcrime::models::arima::ScenarioUncertainty;
    /// assert!(!ScenarioUncertainty::Params.drivers());
    /// ```
    pub fn drivers(self) -> bool {
        matches!(self, ScenarioUncertainty::Driver | ScenarioUncertainty::All)
    }

    /// Whether the coefficients' uncertainty is carried.
    ///
    /// ```
    /// use colcrime::models::arima::ScenarioUncertainty;
    /// assert!(ScenarioUncertainty::Params.params());
    /// ```
    pub fn params(self) -> bool {
        matches!(self, ScenarioUncertainty::Params | ScenarioUncertainty::All)
    }

    /// The same with the drivers' uncertainty added (`none` → `driver`,
    /// `params` → `all`): for forecasts in which the regressors follow
    /// their own forecasts.
    ///
    /// ```
    /// use colcrime::models::arima::ScenarioUncertainty;
    /// assert_eq!(ScenarioUncertainty::Params.with_drivers(), ScenarioUncertainty::All);
    /// ```
    pub fn with_drivers(self) -> ScenarioUncertainty {
        if self.params() {
            ScenarioUncertainty::All
        } else {
            ScenarioUncertainty::Driver
        }
    }

    /// `none`, `driver`, `params` or `all`.
    ///
    /// ```
    /// use colcrime::models::arima::ScenarioUncertainty;
    /// assert_eq!(ScenarioUncertainty::None.as_str(), "none");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ScenarioUncertainty::None => "none",
            ScenarioUncertainty::Driver => "driver",
            ScenarioUncertainty::Params => "params",
            ScenarioUncertainty::All => "all",
        }
    }
}

impl FromStr for ScenarioUncertainty {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(ScenarioUncertainty::None),
            "driver" | "drivers" => Ok(ScenarioUncertainty::Driver),
            "params" | "parameters" => Ok(ScenarioUncertainty::Params),
            "all" => Ok(ScenarioUncertainty::All),
            o => Err(Error::usage(format!(
                "scenario uncertainty \"{o}\": expected none, driver, params or all"
            ))),
        }
    }
}

/// How intervals are computed.
///
/// ```
/// use colcrime::models::arima::IntervalMethod;
/// let m = IntervalMethod::simulation(2000, 42).unwrap();
/// assert_eq!(m.to_json()["draws"], 2000);
/// assert!(IntervalMethod::simulation(10, 1).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IntervalMethod {
    /// Gaussian intervals from the exact variance.
    #[default]
    Analytic,
    /// Quantiles of a seeded joint simulation.
    Simulation {
        /// Number of simulated paths.
        draws: usize,
        /// Seed of the random streams.
        seed: u64,
    },
}

impl IntervalMethod {
    /// A simulation with `draws` paths (at least 100) from `seed`.
    ///
    /// # Errors
    /// Fewer than 100 draws.
    ///
    /// ```
    /// use colcrime::models::arima::IntervalMethod;
    /// assert!(IntervalMethod::simulation(100, 7).is_ok());
    /// ```
    pub fn simulation(draws: usize, seed: u64) -> Result<IntervalMethod> {
        if draws < 100 {
            return Err(Error::usage(format!(
                "--draws {draws}: a simulation needs at least 100 draws"
            )));
        }
        Ok(IntervalMethod::Simulation { draws, seed })
    }

    /// `{"method": "analytic"}` or `{"method": "simulation", "draws", "seed"}`.
    ///
    /// ```
    /// use colcrime::models::arima::IntervalMethod;
    /// assert_eq!(IntervalMethod::Analytic.to_json()["method"], "analytic");
    /// ```
    pub fn to_json(&self) -> Value {
        match self {
            IntervalMethod::Analytic => json!({"method": "analytic"}),
            IntervalMethod::Simulation { draws, seed } => {
                json!({"method": "simulation", "draws": draws, "seed": seed})
            }
        }
    }
}

impl SarimaFit {
    /// The regression coefficients of the exogenous regressors (without
    /// drift), in the order of [`SarimaParams::exog_names`].
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// assert!(fit.exog_params().is_empty());
    /// ```
    pub fn exog_params(&self) -> &[f64] {
        &self.state.beta
    }

    /// The forecast means with the mean parameters (all but σ²) set to
    /// `theta`: the Kalman filter re-run over the fitted data.
    fn mean_at(&self, theta: &[f64], h: usize, fx: Option<&Array2<f64>>) -> Result<Vec<f64>> {
        let mut spec = self.spec.clone();
        spec.fixed_params = Some(theta.to_vec());
        spec.start_params = None;
        let f = super::fit_inner(&self.state.y, self.state.exog.as_ref(), &spec, false)?;
        Ok(f.forecast_mean_se(h, fx)?.0)
    }

    /// The covariance of the mean parameters (`cov_params` without σ²).
    fn mean_param_cov(&self) -> Result<Array2<f64>> {
        let m = self.params.len().saturating_sub(1);
        let sig = self.cov_params.slice(ndarray::s![..m, ..m]).to_owned();
        if sig.iter().any(|v| !v.is_finite()) {
            return Err(Error::domain(
                "parameter uncertainty needs the covariance of the estimates, which is not available (the observed information is singular)",
            ));
        }
        Ok(sig)
    }

    /// The sensitivities `J[j, i] = ∂ŷ_{T+j} / ∂θ_i` of the `h` forecast
    /// means to the mean parameters `θ` (`params` without σ², which does
    /// not move the mean), with regressors `future_exog` over the horizon.
    /// Central differences with step `10⁻³ × bse_i` (the scale on which the
    /// estimate is uncertain; `10⁻⁴ max(|θ_i|, 0.1)` without a standard
    /// error), each evaluation re-running the Kalman filter over the
    /// fitted data at the shifted parameters; a step that leaves the
    /// stationary region is quartered (up to five times). The means are
    /// linear in the regression coefficients, so their columns are exact.
    ///
    /// # Errors
    /// As [`SarimaFit::forecast_mean_se`], or a parameter so close to the
    /// edge of the stationary region that no step stays inside.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// // The forecast is the mean: ∂ŷ/∂μ = 1.
    /// let j = fit.forecast_jacobian(2, None).unwrap();
    /// assert!((j[[1, 0]] - 1.0).abs() < 1e-9);
    /// ```
    pub fn forecast_jacobian(
        &self,
        h: usize,
        future_exog: Option<&Array2<f64>>,
    ) -> Result<Array2<f64>> {
        let m = self.params.len().saturating_sub(1);
        let theta = &self.params[..m];
        let mut jac = Array2::zeros((h, m));
        let mut x = theta.to_vec();
        for i in 0..m {
            let se = self.bse.get(i).copied().unwrap_or(f64::NAN);
            let mut step = if se.is_finite() && se > 0.0 {
                1e-3 * se
            } else {
                1e-4 * theta[i].abs().max(0.1)
            };
            let mut last_err = None;
            let mut done = false;
            for _ in 0..6 {
                x[i] = theta[i] + step;
                let plus = self.mean_at(&x, h, future_exog);
                x[i] = theta[i] - step;
                let minus = self.mean_at(&x, h, future_exog);
                x[i] = theta[i];
                match (plus, minus) {
                    (Ok(p), Ok(q)) => {
                        for t in 0..h {
                            jac[[t, i]] = (p[t] - q[t]) / (2.0 * step);
                        }
                        done = true;
                        break;
                    }
                    (Err(e), _) | (_, Err(e)) => last_err = Some(e),
                }
                step /= 4.0;
            }
            if !done {
                let why = last_err.map_or_else(String::new, |e| format!(": {e}"));
                return Err(Error::domain(format!(
                    "the forecast's sensitivity to {} could not be evaluated (the estimate lies at the edge of the stationary or invertible region){why}",
                    self.param_names
                        .get(i)
                        .map_or("a parameter", String::as_str)
                )));
            }
        }
        Ok(jac)
    }

    /// The first-order (delta-method) variance of each forecast mean due
    /// to the estimation of the coefficients: `diag(J Σ J')`, with `J` of
    /// [`SarimaFit::forecast_jacobian`] and `Σ` the covariance of the mean
    /// parameters (`cov_params` without σ²; σ² does not move the mean, and
    /// its own uncertainty enters the interval only at second order). It
    /// is added to the innovation variance: the parameter error is
    /// independent of future innovations. Zero when `Σ = 0`; a `Σ` that is
    /// not positive semi-definite (a Hessian away from an optimum) could
    /// make it negative, and it is then set to 0.
    ///
    /// # Errors
    /// A covariance that is not available (NaN), or as
    /// [`SarimaFit::forecast_jacobian`].
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// // The forecast is the estimated mean: its variance is Var(μ̂).
    /// let v = fit.forecast_param_variance(1, None).unwrap();
    /// assert!((v[0] - fit.cov_params[[0, 0]]).abs() < 1e-12);
    /// ```
    pub fn forecast_param_variance(
        &self,
        h: usize,
        future_exog: Option<&Array2<f64>>,
    ) -> Result<Vec<f64>> {
        let sig = self.mean_param_cov()?;
        if sig.iter().all(|v| *v == 0.0) {
            return Ok(vec![0.0; h]);
        }
        let jac = self.forecast_jacobian(h, future_exog)?;
        let m = sig.nrows();
        Ok((0..h)
            .map(|t| {
                let mut v = 0.0;
                for a in 0..m {
                    for b in 0..m {
                        v += jac[[t, a]] * sig[[a, b]] * jac[[t, b]];
                    }
                }
                v.max(0.0)
            })
            .collect())
    }

    /// Forecasts along a scenario's regressor `path` (the method is set out
    /// in the docs of `src/models/arima/scenario.rs`): given the path when `drivers` is empty,
    /// otherwise also carrying each driver's own uncertainty (`drivers`
    /// holds one model per regressor, in the path's order).
    ///
    /// # Errors
    /// A path of the wrong width, drivers that do not match the
    /// regressors, a level outside (0, 1), or a forecast origin that is
    /// not observed.
    ///
    /// ```
    /// use colcrime::models::arima::{IntervalMethod, SarimaParams};
    /// use colcrime::models::scenario::Scenario;
    /// use colcrime::series::Period;
    /// let x: Vec<f64> = (0..24).map(|t| ((t * 5) % 7) as f64).collect();
    /// let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| 0.5 * v + ((t * 3) % 4) as f64).collect();
    /// let xm = ndarray::Array2::from_shape_vec((24, 1), x.clone()).unwrap();
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).exog_names(vec!["x".into()]).fit(&y, Some(&xm)).unwrap();
    /// let w = vec![Period::year(2024)];
    /// let s = Scenario::new("s", w.clone(), vec![("x".into(), vec![10.0])]).unwrap();
    /// let path = s.exog_path(&["x".into()], &w, &[], &[vec![]]).unwrap();
    /// let f = fit.scenario_forecast(&path, &[], &[80.0], IntervalMethod::Analytic).unwrap();
    /// assert!((f.point[0] - (fit.params[0] + 10.0 * fit.params[1])).abs() < 1e-9);
    /// ```
    pub fn scenario_forecast(
        &self,
        path: &ExogPath,
        drivers: &[DriverModel],
        levels: &[f64],
        method: IntervalMethod,
    ) -> Result<Forecast> {
        self.scenario_forecast_with(path, drivers, false, levels, method)
    }

    /// [`SarimaFit::scenario_forecast`], also carrying the uncertainty of
    /// the estimated coefficients when `params` is true: the variance
    /// `J Σ J'` of [`SarimaFit::forecast_param_variance`] is added to each
    /// step's (analytic intervals), or each simulated path gets `J δ` with
    /// one draw `δ ~ N(0, Σ)` per path, common to all its steps (simulated
    /// intervals; from random streams of their own, so that with `Σ = 0`
    /// the draws equal those without parameter uncertainty).
    ///
    /// # Errors
    /// As [`SarimaFit::scenario_forecast`], and (with `params`) as
    /// [`SarimaFit::forecast_param_variance`].
    ///
    /// ```
    /// use colcrime::models::arima::{IntervalMethod, SarimaParams};
    /// use colcrime::models::scenario::Scenario;
    /// use colcrime::series::Period;
    /// let x: Vec<f64> = (0..40).map(|t| ((t * 5) % 7) as f64).collect();
    /// let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| 0.5 * v + ((t * 3) % 4) as f64).collect();
    /// let xm = ndarray::Array2::from_shape_vec((40, 1), x.clone()).unwrap();
    /// let fit = SarimaParams::new((1, 0, 0)).drift(true).exog_names(vec!["x".into()]).fit(&y, Some(&xm)).unwrap();
    /// let w = vec![Period::year(2024)];
    /// let s = Scenario::new("s", w.clone(), vec![("x".into(), vec![10.0])]).unwrap();
    /// let path = s.exog_path(&["x".into()], &w, &[], &[vec![]]).unwrap();
    /// let known = fit.scenario_forecast(&path, &[], &[95.0], IntervalMethod::Analytic).unwrap();
    /// let f = fit.scenario_forecast_with(&path, &[], true, &[95.0], IntervalMethod::Analytic).unwrap();
    /// assert_eq!(f.point, known.point);
    /// assert!(f.se[0] > known.se[0] && f.covers.parameter);
    /// ```
    pub fn scenario_forecast_with(
        &self,
        path: &ExogPath,
        drivers: &[DriverModel],
        params: bool,
        levels: &[f64],
        method: IntervalMethod,
    ) -> Result<Forecast> {
        self.forecast_along(path, None, drivers, params, levels, method)
    }

    /// [`SarimaFit::scenario_forecast_with`], where the filtered state may
    /// rest on filled regressor values (`gap`: a ragged edge, see
    /// [`SarimaFit::ragged_forecast`]) whose driver errors also move the
    /// forecast through the filter.
    pub(super) fn forecast_along(
        &self,
        path: &ExogPath,
        gap: Option<&GapTerms>,
        drivers: &[DriverModel],
        params: bool,
        levels: &[f64],
        method: IntervalMethod,
    ) -> Result<Forecast> {
        let h = path.periods.len();
        let k = self.state.beta.len();
        if path.values.ncols() != k || path.names.len() != k {
            return Err(Error::usage(format!(
                "the scenario gives {} regressors but the model has {k}",
                path.values.ncols()
            )));
        }
        if !drivers.is_empty() {
            for (d, n) in drivers.iter().zip(&path.names) {
                if &d.name != n {
                    return Err(Error::usage(format!(
                        "driver models ({}) do not match the regressors ({})",
                        drivers
                            .iter()
                            .map(|d| d.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        path.names.join(", ")
                    )));
                }
            }
            if drivers.len() != k {
                return Err(Error::usage(format!(
                    "{} driver models for {k} regressors",
                    drivers.len()
                )));
            }
        }
        let levels = normalise_levels(levels)?;
        let (mean, se_u) = self.forecast_mean_se(h, Some(&path.values))?;
        let beta = &self.state.beta;
        // Driver variances V_k(m), m = 1..=max steps.
        let var_k: Vec<Vec<f64>> = drivers
            .iter()
            .enumerate()
            .map(|(j, d)| {
                let m = path.steps_ahead[j].iter().copied().max().unwrap_or(0);
                if m == 0 {
                    Ok(Vec::new())
                } else {
                    d.error_variances(m)
                }
            })
            .collect::<Result<_>>()?;
        // Drivers whose filled values in the gap moved the filtered state:
        // the joint covariance of their errors over every step they take.
        let gap_cov: Vec<Option<(usize, Vec<f64>)>> = drivers
            .iter()
            .enumerate()
            .map(|(j, d)| match gap {
                Some(g) if g.steps[j].iter().any(|&m| m > 0) => {
                    let m = g.max_steps(j, &path.steps_ahead[j]);
                    Ok(Some((m, ErrorSim::new(&d.fit)?.covariance(m))))
                }
                _ => Ok(None),
            })
            .collect::<Result<_>>()?;
        let covers = IntervalCoverage {
            innovation: true,
            parameter: params,
            regressor_paths: !drivers.is_empty(),
        };
        match method {
            IntervalMethod::Analytic => {
                let var_p = if params {
                    self.forecast_param_variance(h, Some(&path.values))?
                } else {
                    vec![0.0; h]
                };
                let se: Vec<f64> = (0..h)
                    .map(|i| {
                        let mut v = se_u[i] * se_u[i] + var_p[i];
                        for (j, vk) in var_k.iter().enumerate() {
                            let m = path.steps_ahead[j][i];
                            if let (Some((mm, cov)), Some(g)) = (&gap_cov[j], gap) {
                                let c = g.contrast(j, i, m, *mm);
                                v += beta[j] * beta[j] * quadratic(&c, cov);
                            } else if m > 0 {
                                v += beta[j] * beta[j] * vk[m - 1];
                            }
                        }
                        v.sqrt()
                    })
                    .collect();
                let mut f = Forecast::gaussian(path.periods.clone(), mean, se, &levels)?;
                f.covers = covers;
                Ok(f)
            }
            IntervalMethod::Simulation { draws, seed } => {
                // Parameter deviations: J (h x m) and a factor of Σ.
                let (jac, lsig) = if params {
                    let sig = self.mean_param_cov()?;
                    (
                        self.forecast_jacobian(h, Some(&path.values))?,
                        cholesky_semidefinite(&sig)?.iter().copied().collect(),
                    )
                } else {
                    (ndarray::Array2::zeros((h, 0)), Vec::new())
                };
                let m = jac.ncols();
                let ysim = ErrorSim::new(self)?;
                let dsims: Vec<(usize, ErrorSim)> = drivers
                    .iter()
                    .enumerate()
                    .map(|(j, d)| {
                        let m = match (&gap_cov[j], gap) {
                            (Some(_), Some(g)) => g.max_steps(j, &path.steps_ahead[j]),
                            _ => path.steps_ahead[j].iter().copied().max().unwrap_or(0),
                        };
                        Ok((m, ErrorSim::new(&d.fit)?))
                    })
                    .collect::<Result<_>>()?;
                let nblocks = draws.div_ceil(BLOCK);
                let blocks: Vec<Vec<f64>> = (0..nblocks)
                    .into_par_iter()
                    .map(|b| {
                        let n = BLOCK.min(draws - b * BLOCK);
                        let mut rng = Rng::new(seed, b as u64, Flavour::PlusPlusBoxMuller);
                        let mut out = vec![0.0; n * h];
                        let (mut z, mut lags) = (Vec::new(), Vec::new());
                        let mut prng =
                            Rng::new(seed, PARAM_STREAMS + b as u64, Flavour::PlusPlusBoxMuller);
                        let mut dbuf: Vec<Vec<f64>> =
                            dsims.iter().map(|(m, _)| vec![0.0; *m]).collect();
                        let mut delta = vec![0.0; m];
                        for d in 0..n {
                            let row = &mut out[d * h..(d + 1) * h];
                            ysim.draw(&mut rng, row, &mut z, &mut lags);
                            if m > 0 {
                                let zp: Vec<f64> = (0..m).map(|_| prng.normal()).collect();
                                for (i, dl) in delta.iter_mut().enumerate() {
                                    *dl = (0..=i).map(|k| lsig[i * m + k] * zp[k]).sum();
                                }
                                for (i, r) in row.iter_mut().enumerate() {
                                    *r += (0..m).map(|k| jac[[i, k]] * delta[k]).sum::<f64>();
                                }
                            }
                            for (j, (_, sim)) in dsims.iter().enumerate() {
                                if dbuf[j].is_empty() {
                                    continue;
                                }
                                sim.draw(&mut rng, &mut dbuf[j], &mut z, &mut lags);
                                for (i, r) in row.iter_mut().enumerate() {
                                    let m = path.steps_ahead[j][i];
                                    if let (Some((mm, _)), Some(g)) = (&gap_cov[j], gap) {
                                        let c = g.contrast(j, i, m, *mm);
                                        *r += beta[j]
                                            * c.iter()
                                                .zip(&dbuf[j])
                                                .map(|(a, e)| a * e)
                                                .sum::<f64>();
                                    } else if m > 0 {
                                        *r += beta[j] * dbuf[j][m - 1];
                                    }
                                }
                            }
                            for (r, m) in row.iter_mut().zip(&mean) {
                                *r += m;
                            }
                        }
                        out
                    })
                    .collect();
                let all: Vec<f64> = blocks.into_iter().flatten().collect();
                let mut se = Vec::with_capacity(h);
                let mut bands: Vec<Band> = levels
                    .iter()
                    .map(|&level| Band {
                        level,
                        lower: Vec::with_capacity(h),
                        upper: Vec::with_capacity(h),
                    })
                    .collect();
                let nd = draws as f64;
                for i in 0..h {
                    let mut col: Vec<f64> = (0..draws).map(|d| all[d * h + i]).collect();
                    let m = col.iter().sum::<f64>() / nd;
                    let v = col.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (nd - 1.0);
                    se.push(v.sqrt());
                    col.sort_by(|a, b| a.total_cmp(b));
                    for b in &mut bands {
                        b.lower.push(quantile_sorted(&col, (1.0 - b.level) / 2.0));
                        b.upper.push(quantile_sorted(&col, (1.0 + b.level) / 2.0));
                    }
                }
                Ok(Forecast {
                    periods: path.periods.clone(),
                    point: mean,
                    se,
                    bands,
                    point_kind: PointKind::Mean,
                    covers,
                })
            }
        }
    }
}

/// Options of [`forecast_scenarios`].
///
/// ```
/// use colcrime::models::arima::{ScenarioOptions, ScenarioUncertainty};
/// let o = ScenarioOptions::default();
/// assert_eq!(o.uncertainty, ScenarioUncertainty::None);
/// assert_eq!(o.levels, vec![80.0, 95.0]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioOptions {
    /// What the intervals carry.
    pub uncertainty: ScenarioUncertainty,
    /// Analytic or simulated intervals.
    pub method: IntervalMethod,
    /// The drivers' ARIMA order (default: chosen automatically).
    pub driver_order: Option<(usize, usize, usize)>,
    /// Interval levels (percent or fractions).
    pub levels: Vec<f64>,
}

impl Default for ScenarioOptions {
    fn default() -> Self {
        ScenarioOptions {
            uncertainty: ScenarioUncertainty::None,
            method: IntervalMethod::Analytic,
            driver_order: None,
            levels: vec![80.0, 95.0],
        }
    }
}

/// One scenario's forecasts.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// The scenario's name.
    pub name: String,
    /// Its label.
    pub label: String,
    /// The regressor values used.
    pub path: ExogPath,
    /// The forecast with the requested uncertainty.
    pub forecast: Forecast,
    /// The forecast given the path exactly (innovation uncertainty only).
    pub given_path: Forecast,
    /// How the intervals were computed.
    pub method: IntervalMethod,
}

impl ScenarioResult {
    /// `{label, forecast, forecast_given_path, exog_path, covers, intervals}`.
    ///
    /// # Examples
    /// See [`forecast_scenarios`].
    pub fn to_json(&self) -> Value {
        let c = self.forecast.covers;
        json!({
            "label": self.label,
            "forecast": self.forecast.to_json(),
            "forecast_given_path": self.given_path.to_json(),
            "exog_path": self.path.to_json(),
            "covers": {
                "innovation": c.innovation,
                "parameter": c.parameter,
                "regressor_paths": c.regressor_paths,
            },
            "intervals": self.method.to_json(),
        })
    }

    /// Transforms both forecasts of a logged series back (see
    /// [`Forecast::exp`]); the regressor path is unchanged.
    ///
    /// # Examples
    /// See [`forecast_scenarios`].
    pub fn exp(&self, mean: bool) -> ScenarioResult {
        ScenarioResult {
            forecast: self.forecast.exp(mean),
            given_path: self.given_path.exp(mean),
            ..self.clone()
        }
    }
}

/// Forecasts `y` over `periods` under each scenario: the regressor path
/// ([`Scenario::exog_path`](crate::models::scenario::Scenario::exog_path),
/// observed values filling what a scenario leaves open), the forecast
/// given the path and, with [`ScenarioUncertainty::Driver`], the forecast
/// that also carries the drivers' uncertainty (`drivers`, one per
/// regressor; see [`fit_drivers`]).
///
/// # Errors
/// A scenario that leaves a regressor without a value (naming the series
/// and the first missing period), missing driver models for
/// [`ScenarioUncertainty::Driver`], or as [`SarimaFit::scenario_forecast`].
///
/// ```
/// use colcrime::models::arima::{forecast_scenarios, fit_drivers, ScenarioOptions, ScenarioUncertainty, SarimaParams};
/// use colcrime::models::scenario::Scenario;
/// use colcrime::series::Period;
/// let x: Vec<f64> = (0..30).map(|t| ((t * 7) % 5) as f64).collect();
/// let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| 0.5 * v + ((t * 3) % 4) as f64).collect();
/// let ix: Vec<Period> = (0..30).map(|t| Period::year(1990 + t)).collect();
/// let xm = ndarray::Array2::from_shape_vec((30, 1), x.clone()).unwrap();
/// let fit = SarimaParams::new((1, 0, 0)).drift(true).exog_names(vec!["x".into()]).fit(&y, Some(&xm)).unwrap();
/// let w: Vec<Period> = (1..=2).map(|j| Period::year(2019 + j)).collect();
/// let s = Scenario::new("high", w.clone(), vec![("x".into(), vec![6.0, 6.0])]).unwrap();
/// let drivers = fit_drivers(&["x".into()], &[x.clone()], Some((1, 0, 0))).unwrap();
/// let opts = ScenarioOptions { uncertainty: ScenarioUncertainty::Driver, ..Default::default() };
/// let r = forecast_scenarios(&fit, &[s], &w, &ix, &[x], &drivers, &opts).unwrap();
/// assert!(r[0].forecast.se[0] > r[0].given_path.se[0]);
/// assert_eq!(r[0].to_json()["exog_path"]["x"][1], 6.0);
/// assert!(r[0].exp(false).forecast.point[0] > 0.0);
/// ```
pub fn forecast_scenarios(
    fit: &SarimaFit,
    scenarios: &[crate::models::scenario::Scenario],
    periods: &[Period],
    index: &[Period],
    history: &[Vec<f64>],
    drivers: &[DriverModel],
    opts: &ScenarioOptions,
) -> Result<Vec<ScenarioResult>> {
    let names = &fit.spec.exog_names;
    let k = fit.state.beta.len();
    if k == 0 {
        return Err(Error::usage(
            "scenarios set future values of regressors, and the model has none (add --exog)",
        ));
    }
    if names.len() != k {
        return Err(Error::other(format!(
            "the model names {} regressors but has {k} coefficients",
            names.len()
        )));
    }
    let use_drivers = opts.uncertainty.drivers();
    let use_params = opts.uncertainty.params();
    if use_drivers && drivers.len() != k {
        return Err(Error::usage(format!(
            "driver uncertainty needs a model for each of the {k} regressors, got {}",
            drivers.len()
        )));
    }
    scenarios
        .iter()
        .map(|s| {
            let path = s.exog_path(names, periods, index, history)?;
            let given_path = fit
                .scenario_forecast(&path, &[], &opts.levels, IntervalMethod::Analytic)
                .map_err(|e| e.context(format!("scenario \"{}\"", s.name())))?;
            let forecast = if use_drivers || use_params || opts.method != IntervalMethod::Analytic {
                let d: &[DriverModel] = if use_drivers { drivers } else { &[] };
                fit.scenario_forecast_with(&path, d, use_params, &opts.levels, opts.method)
                    .map_err(|e| e.context(format!("scenario \"{}\"", s.name())))?
            } else {
                given_path.clone()
            };
            Ok(ScenarioResult {
                name: s.name().to_string(),
                label: s.label().to_string(),
                path,
                forecast,
                given_path,
                method: opts.method,
            })
        })
        .collect()
}
