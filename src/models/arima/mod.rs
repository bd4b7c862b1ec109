//! Seasonal ARIMA with exogenous regressors by exact Gaussian maximum
//! likelihood (the basis of R's `arima(method = "ML")`).
//!
//! The model is a regression with ARIMA errors:
//!
//! ```text
//! y_t = x_t' β + u_t,
//! (1 - B)^d (1 - B^s)^D u_t = c + η_t,
//! φ(B) Φ(B^s) η_t = θ(B) Θ(B^s) ε_t,   ε_t ~ N(0, σ²),
//! ```
//!
//! with `φ(B) = 1 - φ_1 B - …`, `θ(B) = 1 + θ_1 B + …` (the sign convention
//! of R and statsmodels) and `c` the optional *drift* (R forecast's
//! `include.drift`; with `d = D = 0` it is the mean). The series and the
//! regressors are differenced and the likelihood is that of the differenced
//! series, evaluated exactly by the Kalman filter of the ARMA state space
//! (Harvey 1989) started from the stationary covariance (Gardner, Harvey &
//! Phillips 1980), with σ² concentrated out. Missing values skip the update
//! step of the filter. Parameters are optimised by BFGS on a scale that
//! enforces stationarity and invertibility (Jones 1980; Monahan 1984);
//! standard errors come from the numerical Hessian of the log-likelihood
//! (observed information). Forecasts integrate the differencing exactly in
//! an augmented state.
//!
//! ```
//! use colcrime::models::arima::SarimaParams;
//! // An AR(1) with mean 0 and a few noisy values.
//! let y = [0.5, 0.9, 0.2, -0.4, -0.1, 0.6, 1.1, 0.4, -0.3, -0.8, -0.2, 0.3, 0.7, 0.1, -0.5];
//! let fit = SarimaParams::new((1, 0, 0)).fit(&y, None).unwrap();
//! assert_eq!(fit.param_names, vec!["ar.L1", "sigma2"]);
//! assert!(fit.params[0] > 0.0 && fit.params[0] < 1.0);
//! ```

pub mod auto;
mod driver;
mod kalman;
mod ragged;
mod refit;
mod scenario;
mod starts;
mod transform;

pub use ragged::RaggedEdge;
pub use refit::RefitMode;

use std::cell::RefCell;

use ndarray::Array2;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::json::{num, nums};
use crate::models::optim::{BfgsOptions, BfgsResult, minimize_bfgs};
use crate::series::Period;

pub use driver::{DriverModel, driver_forecast_scenario, fit_drivers};
use kalman::Filter;
pub use scenario::{
    BLOCK, IntervalMethod, ScenarioOptions, ScenarioResult, ScenarioUncertainty, forecast_scenarios,
};

/// Orders and options of a seasonal ARIMA; validated by [`SarimaParams::fit`].
///
/// ```
/// use colcrime::models::arima::SarimaParams;
/// let s = SarimaParams::new((0, 1, 1)).seasonal((0, 1, 1, 12));
/// assert_eq!(s.param_names(0), vec!["ma.L1", "ma.S.L12"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SarimaParams {
    /// (p, d, q).
    pub order: (usize, usize, usize),
    /// (P, D, Q, s); s = 0 when there is no seasonal part.
    pub seasonal_order: (usize, usize, usize, usize),
    /// A constant in the differenced equation (`drift`).
    pub drift: bool,
    /// Names of the exogenous columns (default `x1`, `x2`, …).
    pub exog_names: Vec<String>,
    /// Parameters at which to evaluate instead of optimising (same order as
    /// [`SarimaParams::param_names`], optionally ending with σ²).
    pub fixed_params: Option<Vec<f64>>,
    /// Most BFGS iterations.
    pub max_iter: usize,
    /// Starting values for the optimiser (a warm start, e.g. the estimates
    /// of an earlier fit): the parameters of [`SarimaParams::param_names`],
    /// optionally followed by σ² (ignored). An unusable start (wrong length,
    /// not stationary or invertible) falls back to the default starts.
    pub start_params: Option<Vec<f64>>,
}

impl SarimaParams {
    /// A non-seasonal ARIMA(p, d, q) without drift or regressors.
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((1, 1, 1));
    /// assert_eq!(s.order, (1, 1, 1));
    /// ```
    pub fn new(order: (usize, usize, usize)) -> SarimaParams {
        SarimaParams {
            order,
            seasonal_order: (0, 0, 0, 0),
            drift: false,
            exog_names: Vec::new(),
            fixed_params: None,
            max_iter: 200,
            start_params: None,
        }
    }

    /// Sets the seasonal order (P, D, Q, s).
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((0, 1, 1)).seasonal((0, 1, 1, 12));
    /// assert_eq!(s.seasonal_order.3, 12);
    /// ```
    pub fn seasonal(mut self, so: (usize, usize, usize, usize)) -> SarimaParams {
        self.seasonal_order = so;
        self
    }

    /// Includes a constant in the differenced equation.
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((1, 1, 0)).drift(true);
    /// assert_eq!(s.param_names(0)[0], "drift");
    /// ```
    pub fn drift(mut self, yes: bool) -> SarimaParams {
        self.drift = yes;
        self
    }

    /// Names the exogenous columns.
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((1, 0, 0)).exog_names(vec!["cpi".into()]);
    /// assert_eq!(s.param_names(1)[0], "cpi");
    /// ```
    pub fn exog_names(mut self, names: Vec<String>) -> SarimaParams {
        self.exog_names = names;
        self
    }

    /// Evaluates at these parameters instead of optimising.
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((1, 0, 0)).fixed_params(vec![0.5]);
    /// assert!(s.fixed_params.is_some());
    /// ```
    pub fn fixed_params(mut self, v: Vec<f64>) -> SarimaParams {
        self.fixed_params = Some(v);
        self
    }

    /// Starts the optimiser at these parameters (a warm start) instead of
    /// the default starting values; see [`SarimaParams::start_params`].
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [0.5, 0.9, 0.2, -0.4, -0.1, 0.6, 1.1, 0.4, -0.3, -0.8, -0.2, 0.3, 0.7, 0.1, -0.5];
    /// let cold = SarimaParams::new((1, 0, 0)).fit(&y, None).unwrap();
    /// let warm = SarimaParams::new((1, 0, 0)).start_params(cold.params.clone()).fit(&y, None).unwrap();
    /// assert!((warm.llf - cold.llf).abs() < 1e-8);
    /// assert!(warm.iterations <= 1);
    /// ```
    pub fn start_params(mut self, v: Vec<f64>) -> SarimaParams {
        self.start_params = Some(v);
        self
    }

    /// Parameter names (without `sigma2`) for `k` exogenous columns:
    /// `drift`, exog names, `ar.L1…`, `ma.L1…`, `ar.S.L12…`, `ma.S.L12…`.
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((2, 0, 1)).seasonal((1, 0, 0, 4));
    /// assert_eq!(s.param_names(0), vec!["ar.L1", "ar.L2", "ma.L1", "ar.S.L4"]);
    /// ```
    pub fn param_names(&self, k: usize) -> Vec<String> {
        let (p, _, q) = self.order;
        let (sp, _, sq, s) = self.seasonal_order;
        let mut names = Vec::new();
        if self.drift {
            names.push("drift".to_string());
        }
        for j in 0..k {
            names.push(
                self.exog_names
                    .get(j)
                    .cloned()
                    .unwrap_or_else(|| format!("x{}", j + 1)),
            );
        }
        names.extend((1..=p).map(|i| format!("ar.L{i}")));
        names.extend((1..=q).map(|i| format!("ma.L{i}")));
        names.extend((1..=sp).map(|i| format!("ar.S.L{}", i * s)));
        names.extend((1..=sq).map(|i| format!("ma.S.L{}", i * s)));
        names
    }

    /// Checks the orders against a series of `n` values and `k` regressors.
    ///
    /// # Errors
    /// A seasonal part with period 0 or 1, or a series too short for the
    /// orders (`NotEnoughData`).
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((0, 1, 1)).seasonal((0, 1, 1, 12));
    /// assert!(s.validate(20, 0).is_err());
    /// assert!(s.validate(60, 0).is_ok());
    /// ```
    pub fn validate(&self, n: usize, k: usize) -> Result<()> {
        let (p, d, q) = self.order;
        let (sp, sd, sq, s) = self.seasonal_order;
        if (sp + sd + sq) > 0 && s < 2 {
            return Err(Error::usage(format!(
                "seasonal period must be at least 2, got {s}"
            )));
        }
        if d > 3 || sd > 2 {
            return Err(Error::usage(format!(
                "differencing orders d = {d}, D = {sd} are too high (at most 3 and 2)"
            )));
        }
        let dd = d + sd * s;
        let npar = self.param_names(k).len() + 1;
        let lags = p + sp * s + q + sq * s;
        let needed = dd + npar.max(lags + 1) + 1;
        if n < needed {
            return Err(Error::not_enough_data(self.model_name(), needed, n));
        }
        if let Some(f) = &self.fixed_params {
            let m = npar - 1;
            if f.len() != m && f.len() != m + 1 {
                return Err(Error::usage(format!(
                    "--fixed-params needs {m} values ({}) or {} with sigma2, got {}",
                    self.param_names(k).join(", "),
                    m + 1,
                    f.len()
                )));
            }
            if f.len() == m + 1 && (f[m].is_nan() || f[m] <= 0.0) {
                return Err(Error::usage(format!(
                    "fixed sigma2 must be positive, got {}",
                    f[m]
                )));
            }
        }
        Ok(())
    }

    /// `SARIMAX(p, d, q)x(P, D, Q, s)`.
    fn model_name(&self) -> String {
        let (p, d, q) = self.order;
        let (sp, sd, sq, s) = self.seasonal_order;
        if s > 0 && sp + sd + sq > 0 {
            format!("SARIMAX({p}, {d}, {q})x({sp}, {sd}, {sq}, {s})")
        } else {
            format!("SARIMAX({p}, {d}, {q})")
        }
    }

    /// Fits the model to `y` (NaN = missing) with optional regressors
    /// (`n x k`).
    ///
    /// # Errors
    /// Invalid orders, a series too short, regressors of the wrong length,
    /// or (exit 1) an optimiser that did not converge, with the best point.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y: Vec<f64> = (0..40).map(|t| (t as f64 * 0.7).sin() + 0.05 * t as f64).collect();
    /// let fit = SarimaParams::new((1, 1, 0)).drift(true).fit(&y, None).unwrap();
    /// assert_eq!(fit.nobs, 39);
    /// assert!(fit.llf.is_finite());
    /// ```
    pub fn fit(&self, y: &[f64], exog: Option<&Array2<f64>>) -> Result<SarimaFit> {
        fit_sarima_series(y, exog, self)
    }
}

/// A fitted seasonal ARIMA.
///
/// ```
/// use colcrime::models::arima::SarimaParams;
/// let y: Vec<f64> = (0..30).map(|t| ((t * 7) % 5) as f64).collect();
/// let fit = SarimaParams::new((0, 0, 1)).drift(true).fit(&y, None).unwrap();
/// assert_eq!(fit.params.len(), fit.param_names.len());
/// assert!((fit.aic - (-2.0 * fit.llf + 2.0 * 3.0)).abs() < 1e-9);
/// ```
#[derive(Debug, Clone)]
pub struct SarimaFit {
    /// The specification.
    pub spec: SarimaParams,
    /// Parameter names, ending with `sigma2`.
    pub param_names: Vec<String>,
    /// Estimates (σ² last).
    pub params: Vec<f64>,
    /// Standard errors from the observed information,
    /// `sqrt(diag(cov_params))` (NaN where the variance is not positive).
    pub bse: Vec<f64>,
    /// Covariance of the estimates (σ² last, rows and columns in the order
    /// of `param_names`): the inverse of minus the numerical Hessian of the
    /// log-likelihood, statsmodels' `cov_params()` with `cov_type="approx"`
    /// (R's `var.coef` is its block without σ²). All NaN when the Hessian
    /// is not invertible.
    pub cov_params: Array2<f64>,
    /// Log-likelihood of the differenced series.
    pub llf: f64,
    /// Akaike's criterion, `-2 llf + 2 k` (k counts σ²).
    pub aic: f64,
    /// The small-sample AIC.
    pub aicc: f64,
    /// Schwarz's criterion.
    pub bic: f64,
    /// Innovation variance.
    pub sigma2: f64,
    /// Differenced observations used.
    pub nobs: usize,
    /// Whether the optimiser converged (true for fixed parameters).
    pub converged: bool,
    /// BFGS iterations.
    pub iterations: usize,
    /// Standardised one-step innovations of the differenced series.
    pub std_resid: Vec<f64>,
    state: FittedState,
}

#[derive(Debug, Clone)]
struct FittedState {
    phi: Vec<f64>,
    theta: Vec<f64>,
    /// a_{n+1|n}, P_{n+1|n} (unit σ²).
    a: Vec<f64>,
    p: Vec<f64>,
    drift: f64,
    beta: Vec<f64>,
    /// δ*: y_t = w_t + Σ δ*_j y_{t-j}.
    delta: Vec<f64>,
    /// The last len(δ*) values of u_t = y_t - x_t'β, oldest first.
    u_tail: Vec<f64>,
    /// One-step-ahead predictions of y (NaN for the first d + sD values and
    /// where y is missing).
    fitted: Vec<f64>,
    /// The data fitted (for the forecast's parameter sensitivities).
    y: Vec<f64>,
    exog: Option<Array2<f64>>,
}

/// Coefficients of (1 - B)^d (1 - B^s)^D, c[0] = 1.
fn diff_poly(d: usize, sd: usize, s: usize) -> Vec<f64> {
    let mut c = vec![1.0];
    let mul = |c: &Vec<f64>, lag: usize| -> Vec<f64> {
        let mut out = vec![0.0; c.len() + lag];
        for (i, v) in c.iter().enumerate() {
            out[i] += v;
            out[i + lag] -= v;
        }
        out
    };
    for _ in 0..d {
        c = mul(&c, 1);
    }
    for _ in 0..sd {
        c = mul(&c, s);
    }
    c
}

fn difference(x: &[f64], c: &[f64]) -> Vec<f64> {
    let dd = c.len() - 1;
    (dd..x.len())
        .map(|t| c.iter().enumerate().map(|(j, cj)| cj * x[t - j]).sum())
        .collect()
}

/// Expands (1 - Σ a_i B^i)(1 - Σ A_j B^{sj}) and returns the coefficients
/// φ_k of `1 - Σ φ_k B^k` (`sign = -1`), or of `1 + Σ` (`sign = +1`).
fn expand(ns: &[f64], se: &[f64], s: usize, sign: f64) -> Vec<f64> {
    let n = ns.len() + se.len() * s;
    let mut a = vec![0.0; ns.len() + 1];
    a[0] = 1.0;
    for (i, v) in ns.iter().enumerate() {
        a[i + 1] = sign * v;
    }
    let mut b = vec![0.0; se.len() * s + 1];
    b[0] = 1.0;
    for (j, v) in se.iter().enumerate() {
        b[(j + 1) * s] = sign * v;
    }
    let mut out = vec![0.0; n + 1];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out[1..].iter().map(|v| sign * v).collect()
}

/// Everything the likelihood needs, with reusable buffers.
struct Problem {
    w: Vec<f64>,
    /// Differenced regressors, row-major m x kx (drift column first).
    xd: Vec<f64>,
    kx: usize,
    p: usize,
    q: usize,
    sp: usize,
    s: usize,
    work: RefCell<(Filter, Vec<f64>)>,
}

struct Arma {
    phi: Vec<f64>,
    theta: Vec<f64>,
}

impl Problem {
    fn arma(&self, v: &[f64]) -> Arma {
        // v: [ar p][ma q][sar P][sma Q] in original coefficients.
        let (p, q, sp) = (self.p, self.q, self.sp);
        let ar = &v[..p];
        let ma = &v[p..p + q];
        let sar = &v[p + q..p + q + sp];
        let sma = &v[p + q + sp..];
        Arma {
            phi: expand(ar, sar, self.s, -1.0),
            theta: expand(ma, sma, self.s, 1.0),
        }
    }

    /// (ssq, sumlog, nobs) at regression coefficients `beta` and ARMA
    /// coefficients; `None` outside the stationary region.
    fn sums(
        &self,
        beta: &[f64],
        arma: &Arma,
        innov: Option<&mut Vec<f64>>,
        raw: Option<&mut Vec<f64>>,
    ) -> Option<kalman::FilterSums> {
        let mut guard = self.work.borrow_mut();
        let (filter, e) = &mut *guard;
        e.clear();
        for (t, wt) in self.w.iter().enumerate() {
            let row = &self.xd[t * self.kx..(t + 1) * self.kx];
            let xb: f64 = row.iter().zip(beta).map(|(a, b)| a * b).sum();
            e.push(wt - xb);
        }
        if !filter.init(&arma.phi, &arma.theta) {
            return None;
        }
        Some(filter.run_raw(e, innov, raw))
    }

    /// Concentrated log-likelihood.
    fn llf_conc(&self, beta: &[f64], arma: &Arma) -> f64 {
        match self.sums(beta, arma, None, None) {
            Some(s) if s.nobs > 0 => {
                let n = s.nobs as f64;
                let s2 = s.ssq / n;
                -0.5 * (n * ((2.0 * std::f64::consts::PI * s2).ln() + 1.0) + s.sumlog)
            }
            _ => f64::NAN,
        }
    }

    /// Log-likelihood with an explicit σ².
    fn llf_full(&self, beta: &[f64], arma: &Arma, sigma2: f64) -> f64 {
        if sigma2.is_nan() || sigma2 <= 0.0 {
            return f64::NAN;
        }
        match self.sums(beta, arma, None, None) {
            Some(s) => {
                let n = s.nobs as f64;
                -0.5 * (n * (2.0 * std::f64::consts::PI * sigma2).ln() + s.sumlog + s.ssq / sigma2)
            }
            None => f64::NAN,
        }
    }
}

/// Sample partial autocorrelations 1..=p of `x` (finite values only), as
/// starting values: each clamped to ±0.9 inside the recursion.
///
/// The autocorrelations are [`crate::stats::acf::acf`]'s (unadjusted); the
/// recursion is kept here rather than taken from
/// [`crate::stats::acf::pacf`], which reports statsmodels' PACF on the
/// *adjusted* autocovariances without clamping: the starts, and through
/// them every fitted SARIMA, would move.
fn pacf_start(x: &[f64], p: usize) -> Vec<f64> {
    let n = x.iter().filter(|v| v.is_finite()).count();
    if n < p + 2 || p == 0 {
        return vec![0.0; p];
    }
    let Ok(rho) = crate::stats::acf::acf(x, p) else {
        return vec![0.0; p];
    };
    // Durbin–Levinson.
    let mut phi = vec![0.0; p];
    let mut pacf = vec![0.0; p];
    for k in 0..p {
        let num = rho[k + 1] - (0..k).map(|j| phi[j] * rho[k - j]).sum::<f64>();
        let den = 1.0 - (0..k).map(|j| phi[j] * rho[j + 1]).sum::<f64>();
        let r = if den.abs() > 1e-12 {
            (num / den).clamp(-0.9, 0.9)
        } else {
            0.0
        };
        let prev = phi.clone();
        for j in 0..k {
            phi[j] = prev[j] - r * prev[k - 1 - j];
        }
        phi[k] = r;
        pacf[k] = r;
    }
    pacf
}

/// Fits a seasonal ARIMA to one series: the workhorse behind
/// [`SarimaParams::fit`], public for batch use.
///
/// # Errors
/// As [`SarimaParams::fit`].
///
/// ```
/// use colcrime::models::arima::{fit_sarima_series, SarimaParams};
/// let y: Vec<f64> = (0..50).map(|t| ((t * 13) % 7) as f64).collect();
/// let fit = fit_sarima_series(&y, None, &SarimaParams::new((1, 0, 0)).drift(true)).unwrap();
/// assert!((fit.params[0] - 3.0).abs() < 1.0);
/// ```
pub fn fit_sarima_series(
    y: &[f64],
    exog: Option<&Array2<f64>>,
    spec: &SarimaParams,
) -> Result<SarimaFit> {
    fit_inner(y, exog, spec, true)
}

/// [`fit_sarima_series`]; without the observed information when
/// `with_cov` is false (then `bse` and `cov_params` are NaN), for
/// evaluations at fixed parameters that need only the filtered state.
fn fit_inner(
    y: &[f64],
    exog: Option<&Array2<f64>>,
    spec: &SarimaParams,
    with_cov: bool,
) -> Result<SarimaFit> {
    let n = y.len();
    let k = exog.map_or(0, |x| x.ncols());
    if let Some(x) = exog
        && x.nrows() != n
    {
        return Err(Error::usage(format!(
            "exog has {} rows but the series has {n}",
            x.nrows()
        )));
    }
    spec.validate(n, k)?;
    let (p, d, q) = spec.order;
    let (sp, sd, sq, s) = spec.seasonal_order;
    let c = diff_poly(d, sd, s);
    let dd = c.len() - 1;
    let w = difference(y, &c);
    let m = w.len();
    let kx = k + usize::from(spec.drift);
    let mut xd = vec![0.0; m * kx];
    let mut xcols: Vec<Vec<f64>> = Vec::new();
    if let Some(x) = exog {
        for j in 0..k {
            let col: Vec<f64> = x.column(j).to_vec();
            xcols.push(difference(&col, &c));
        }
    }
    for t in 0..m {
        let mut j0 = 0;
        if spec.drift {
            xd[t * kx] = 1.0;
            j0 = 1;
        }
        for j in 0..k {
            xd[t * kx + j0 + j] = xcols[j][t];
        }
    }
    // Rows with a missing regressor count as missing observations.
    let mut w = w;
    for t in 0..m {
        if xd[t * kx..(t + 1) * kx].iter().any(|v| !v.is_finite()) {
            w[t] = f64::NAN;
            for v in &mut xd[t * kx..(t + 1) * kx] {
                *v = 0.0;
            }
        }
    }
    let nobs = w.iter().filter(|v| v.is_finite()).count();
    let narma = p + q + sp + sq;
    let npar = kx + narma;
    if nobs < npar + 2 {
        return Err(Error::not_enough_data(
            spec.model_name(),
            npar + 2 + dd,
            nobs + dd,
        ));
    }
    // OLS start and scale for the regression coefficients.
    let (b0, s0) = if kx > 0 {
        let rows: Vec<usize> = (0..m).filter(|&t| w[t].is_finite()).collect();
        let xs: Vec<f64> = rows
            .iter()
            .flat_map(|&t| xd[t * kx..(t + 1) * kx].iter().copied())
            .collect();
        let ys: Vec<f64> = rows.iter().map(|&t| w[t]).collect();
        match crate::stats::linalg::lstsq_unpivoted(&xs, &ys, rows.len(), kx) {
            Some((b, se)) => {
                let se = se
                    .into_iter()
                    .map(|v| if v > 0.0 && v.is_finite() { v } else { 1.0 })
                    .collect();
                (b, se)
            }
            None => {
                return Err(Error::singular(
                    "the differenced regressors are collinear (or constant)",
                ));
            }
        }
    } else {
        (Vec::new(), Vec::new())
    };
    let prob = Problem {
        w,
        xd,
        kx,
        p,
        q,
        sp,
        s,
        work: RefCell::new((
            Filter::new(&vec![0.0; p + sp * s], &vec![0.0; q + sq * s]),
            Vec::with_capacity(m),
        )),
    };
    // Maps an unconstrained vector to (beta, arma coefficients).
    let to_orig = |x: &[f64]| -> (Vec<f64>, Vec<f64>) {
        let beta: Vec<f64> = (0..kx).map(|j| b0[j] + s0[j] * x[j]).collect();
        let mut v = Vec::with_capacity(narma);
        v.extend(transform::constrain_ar(&x[kx..kx + p]));
        v.extend(transform::constrain_ma(&x[kx + p..kx + p + q]));
        v.extend(transform::constrain_ar(&x[kx + p + q..kx + p + q + sp]));
        v.extend(transform::constrain_ma(&x[kx + p + q + sp..]));
        (beta, v)
    };
    let nobs_f = nobs as f64;
    let (beta, coefs, sigma2_fixed, converged, iterations) = match &spec.fixed_params {
        Some(f) => {
            let beta = f[..kx].to_vec();
            let coefs = f[kx..npar].to_vec();
            (beta, coefs, f.get(npar).copied(), true, 0)
        }
        None => {
            let objective = |x: &[f64]| -> f64 {
                let (beta, v) = to_orig(x);
                -prob.llf_conc(&beta, &prob.arma(&v)) / nobs_f
            };
            let opts = BfgsOptions {
                max_iter: spec.max_iter,
                ..BfgsOptions::default()
            };
            // Unconstrained coordinates of original-scale parameters.
            let to_free = |v: &[f64]| -> Option<Vec<f64>> {
                if v.len() != npar && v.len() != npar + 1 {
                    return None;
                }
                let mut x = Vec::with_capacity(npar);
                x.extend((0..kx).map(|j| (v[j] - b0[j]) / s0[j]));
                let (ar, rest) = v[kx..npar].split_at(p);
                let (ma, rest) = rest.split_at(q);
                let (sar, sma) = rest.split_at(sp);
                x.extend(transform::unconstrain_ar(ar)?);
                x.extend(transform::unconstrain_ma(ma)?);
                x.extend(transform::unconstrain_ar(sar)?);
                x.extend(transform::unconstrain_ma(sma)?);
                x.iter().all(|v| v.is_finite()).then_some(x)
            };
            // A warm start (re-estimation from earlier estimates) is used
            // alone when it converges: it is the point of re-using them.
            let warm = spec
                .start_params
                .as_deref()
                .and_then(to_free)
                .map(|x0| minimize_bfgs(objective, &x0, &opts))
                .filter(|r| r.converged && r.fun.is_finite());
            let res = match warm {
                Some(r) => r,
                None => {
                    let resid: Vec<f64> = (0..m)
                        .map(|t| {
                            prob.w[t] - (0..kx).map(|j| prob.xd[t * kx + j] * b0[j]).sum::<f64>()
                        })
                        .collect();
                    let mut x0 = vec![0.0; npar];
                    let pac = pacf_start(&resid, p);
                    for i in 0..p {
                        x0[kx + i] = pac[i] / (1.0 - pac[i] * pac[i]).sqrt();
                    }
                    let mut res = minimize_bfgs(objective, &x0, &opts);
                    // Further starts (Hannan-Rissanen, statsmodels' CSS)
                    // when the likelihood may have several optima; each is
                    // tried only if it lies away from every optimum reached.
                    let orders = (p, q, sp, sq, s);
                    let mut optima = vec![res.x.clone()];
                    let extra = [
                        starts::second_start(&resid, orders),
                        starts::css_start(&resid, orders),
                    ];
                    for c in extra.into_iter().flatten() {
                        let mut v = b0.clone();
                        v.extend(c);
                        let Some(x1) = to_free(&v) else { continue };
                        if !optima.iter().all(|xo| starts::worth_trying(&x1, xo, kx)) {
                            continue;
                        }
                        let alt = minimize_bfgs(objective, &x1, &opts);
                        optima.push(alt.x.clone());
                        let usable = |r: &BfgsResult| r.converged && r.fun.is_finite();
                        if usable(&alt) && (!usable(&res) || alt.fun < res.fun) {
                            res = alt;
                        }
                    }
                    if !res.converged || !res.fun.is_finite() {
                        let alt = minimize_bfgs(objective, &vec![0.0; npar], &opts);
                        if alt.fun < res.fun || !res.fun.is_finite() {
                            res = alt;
                        }
                    }
                    res
                }
            };
            let (beta, coefs) = to_orig(&res.x);
            if !res.converged {
                let names = spec.param_names(k);
                let best: Vec<String> = names
                    .iter()
                    .zip(beta.iter().chain(coefs.iter()))
                    .map(|(n, v)| format!("{n} = {v}"))
                    .collect();
                return Err(Error::convergence(format!(
                    "{}: BFGS did not converge in {} iterations (largest gradient {:.3e}); best point: {} with log-likelihood {}",
                    spec.model_name(),
                    res.iterations,
                    res.grad_max,
                    best.join(", "),
                    -res.fun * nobs_f
                )));
            }
            (beta, coefs, None, true, res.iterations)
        }
    };
    let arma = prob.arma(&coefs);
    let mut innov = Vec::with_capacity(m);
    let mut raw = Vec::with_capacity(m);
    let sums = prob
        .sums(&beta, &arma, Some(&mut innov), Some(&mut raw))
        .ok_or_else(|| {
            Error::domain(format!(
                "{}: the AR parameters are not stationary",
                spec.model_name()
            ))
        })?;
    let (a, pmat) = {
        let guard = prob.work.borrow();
        (guard.0.a.clone(), guard.0.p.clone())
    };
    let sigma2 = sigma2_fixed.unwrap_or(sums.ssq / sums.nobs as f64);
    let llf = match sigma2_fixed {
        Some(s2) => prob.llf_full(&beta, &arma, s2),
        None => prob.llf_conc(&beta, &arma),
    };
    // Observed information in the original parameters (σ² explicit).
    let mut theta_all: Vec<f64> = beta.iter().chain(coefs.iter()).copied().collect();
    theta_all.push(sigma2);
    let full = |v: &[f64]| -> f64 { prob.llf_full(&v[..kx], &prob.arma(&v[kx..npar]), v[npar]) };
    let scales: Vec<f64> = (0..=npar)
        .map(|i| {
            if i < kx {
                s0[i].max(theta_all[i].abs())
            } else if i < npar {
                theta_all[i].abs().max(0.1)
            } else {
                sigma2.abs()
            }
        })
        .collect();
    let cov_params = if with_cov {
        hessian_cov(&full, &theta_all, &scales)
    } else {
        Array2::from_elem((npar + 1, npar + 1), f64::NAN)
    };
    let bse = (0..=npar)
        .map(|i| {
            let v = cov_params[[i, i]];
            if v > 0.0 { v.sqrt() } else { f64::NAN }
        })
        .collect();
    // u_t = y_t - x_t' β (original scale), last dd values.
    let beta_x = &beta[usize::from(spec.drift)..];
    let u_tail: Vec<f64> = (n - dd..n)
        .map(|t| {
            let xb: f64 = match exog {
                Some(x) => (0..k).map(|j| x[[t, j]] * beta_x[j]).sum(),
                None => 0.0,
            };
            y[t] - xb
        })
        .collect();
    let kk = (npar + 1) as f64;
    let nf = sums.nobs as f64;
    let aic = -2.0 * llf + 2.0 * kk;
    let aicc = if nf - kk - 1.0 > 0.0 {
        aic + 2.0 * kk * (kk + 1.0) / (nf - kk - 1.0)
    } else {
        f64::INFINITY
    };
    let bic = -2.0 * llf + kk * nf.ln();
    let mut names = spec.param_names(k);
    names.push("sigma2".into());
    Ok(SarimaFit {
        spec: spec.clone(),
        param_names: names,
        params: theta_all,
        bse,
        cov_params,
        llf,
        aic,
        aicc,
        bic,
        sigma2,
        nobs: sums.nobs,
        converged,
        iterations,
        std_resid: innov,
        state: FittedState {
            phi: arma.phi,
            theta: arma.theta,
            a,
            p: pmat,
            drift: if spec.drift { beta[0] } else { 0.0 },
            beta: beta_x.to_vec(),
            delta: c[1..].iter().map(|v| -v).collect(),
            u_tail,
            fitted: (0..n)
                .map(|t| if t < dd { f64::NAN } else { y[t] - raw[t - dd] })
                .collect(),
            y: y.to_vec(),
            exog: exog.cloned(),
        },
    })
}

/// The inverse of minus the numerical Hessian of `f` (central differences,
/// steps `1e-4 * scale`): the covariance from the observed information;
/// all NaN when it is not invertible.
fn hessian_cov<F: Fn(&[f64]) -> f64>(f: &F, x: &[f64], scale: &[f64]) -> Array2<f64> {
    let k = x.len();
    let h: Vec<f64> = scale.iter().map(|s| 1e-4 * s.max(1e-8)).collect();
    let mut xx = x.to_vec();
    let f0 = f(x);
    let mut hess = vec![0.0; k * k];
    for i in 0..k {
        xx[i] = x[i] + h[i];
        let fp = f(&xx);
        xx[i] = x[i] - h[i];
        let fm = f(&xx);
        xx[i] = x[i];
        hess[i * k + i] = (fp - 2.0 * f0 + fm) / (h[i] * h[i]);
        for j in 0..i {
            let mut g = |di: f64, dj: f64| {
                xx[i] = x[i] + di * h[i];
                xx[j] = x[j] + dj * h[j];
                let v = f(&xx);
                xx[i] = x[i];
                xx[j] = x[j];
                v
            };
            let v =
                (g(1.0, 1.0) - g(1.0, -1.0) - g(-1.0, 1.0) + g(-1.0, -1.0)) / (4.0 * h[i] * h[j]);
            hess[i * k + j] = v;
            hess[j * k + i] = v;
        }
    }
    let neg = Array2::from_shape_fn((k, k), |(i, j)| -hess[i * k + j]);
    match crate::stats::linalg::inverse(&neg) {
        Ok(cov) if cov.iter().all(|v| v.is_finite()) => {
            // Symmetrise (the inverse is symmetric up to rounding).
            Array2::from_shape_fn((k, k), |(i, j)| 0.5 * (cov[[i, j]] + cov[[j, i]]))
        }
        _ => Array2::from_elem((k, k), f64::NAN),
    }
}

impl SarimaFit {
    /// Forecasts `h` steps of the undifferenced series: means and standard
    /// errors (innovation uncertainty, parameters taken as known, as R's
    /// `predict.Arima`), with Gaussian bands at `levels`. `future_exog` holds
    /// the regressors for the `h` future periods; `periods` labels them.
    ///
    /// # Errors
    /// Missing or short future regressors, `periods.len() != h`, a level
    /// outside (0, 1), or a missing value among the last `d + sD` observations.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// use colcrime::series::Period;
    /// let y: Vec<f64> = (0..40).map(|t| t as f64 + ((t * 7) % 3) as f64).collect();
    /// let fit = SarimaParams::new((0, 1, 1)).drift(true).fit(&y, None).unwrap();
    /// let p0 = Period::year(2000);
    /// let f = fit.forecast(2, None, vec![p0, p0.succ()], &[95.0]).unwrap();
    /// assert!(f.se[1] > f.se[0]);
    /// ```
    pub fn forecast(
        &self,
        h: usize,
        future_exog: Option<&Array2<f64>>,
        periods: Vec<Period>,
        levels: &[f64],
    ) -> Result<Forecast> {
        let (mean, se) = self.forecast_mean_se(h, future_exog)?;
        Forecast::gaussian(periods, mean, se, levels)
    }

    /// The forecast means and standard errors (see [`SarimaFit::forecast`]).
    ///
    /// # Errors
    /// As [`SarimaFit::forecast`].
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// let (m, _se) = fit.forecast_mean_se(1, None).unwrap();
    /// assert!((m[0] - y.iter().sum::<f64>() / 12.0).abs() < 1e-4);
    /// ```
    pub fn forecast_mean_se(
        &self,
        h: usize,
        future_exog: Option<&Array2<f64>>,
    ) -> Result<(Vec<f64>, Vec<f64>)> {
        let st = &self.state;
        let k = st.beta.len();
        if k > 0 {
            match future_exog {
                Some(x) if x.ncols() == k && x.nrows() >= h => {
                    if let Some((i, _)) = x
                        .rows()
                        .into_iter()
                        .take(h)
                        .enumerate()
                        .find(|(_, r)| r.iter().any(|v| !v.is_finite()))
                    {
                        return Err(Error::usage(format!(
                            "future regressor values are missing at forecast step {}",
                            i + 1
                        )));
                    }
                }
                Some(x) => {
                    return Err(Error::usage(format!(
                        "forecasting {h} steps needs {h} future rows of {k} regressors, got {} rows of {}",
                        x.nrows(),
                        x.ncols()
                    )));
                }
                None => {
                    return Err(Error::usage(format!(
                        "forecasting needs future values of the {k} regressors"
                    )));
                }
            }
        }
        if st.u_tail.iter().any(|v| !v.is_finite()) {
            return Err(Error::domain(
                "a missing value among the last d + sD observations: the forecast origin is not observed",
            ));
        }
        let r = st.a.len();
        let dd = st.delta.len();
        let mut phi = vec![0.0; r];
        phi[..st.phi.len()].copy_from_slice(&st.phi);
        let mut rv = vec![0.0; r];
        rv[0] = 1.0;
        rv[1..=st.theta.len()].copy_from_slice(&st.theta);
        // Means.
        let mut a = st.a.clone();
        let mut hist = st.u_tail.clone();
        let mut mean = Vec::with_capacity(h);
        for step in 0..h {
            let eta = a[0];
            let lagged: f64 = (0..dd)
                .map(|j| st.delta[j] * hist[hist.len() - 1 - j])
                .sum();
            let u = st.drift + eta + lagged;
            hist.push(u);
            let xb: f64 = match future_exog {
                Some(x) if k > 0 => (0..k).map(|j| x[[step, j]] * st.beta[j]).sum(),
                _ => 0.0,
            };
            mean.push(u + xb);
            let a0 = a[0];
            for i in 0..r {
                let next = if i + 1 < r { a[i + 1] } else { 0.0 };
                a[i] = phi[i] * a0 + next;
            }
        }
        // Variances in the augmented state (α, e_{t-1}, …, e_{t-dd}).
        let mm = r + dd;
        let mut cmat = vec![0.0; mm * mm];
        for i in 0..r {
            for j in 0..r {
                cmat[i * mm + j] = st.p[i * r + j] * self.sigma2;
            }
        }
        let mut g = vec![0.0; mm];
        g[0] = 1.0;
        g[r..].copy_from_slice(&st.delta);
        let mut amat = vec![0.0; mm * mm];
        for i in 0..r {
            amat[i * mm] = phi[i];
            if i + 1 < r {
                amat[i * mm + i + 1] = 1.0;
            }
        }
        if dd > 0 {
            amat[r * mm..(r + 1) * mm].copy_from_slice(&g);
            for i in r + 1..mm {
                amat[i * mm + i - 1] = 1.0;
            }
        }
        let mut tmp = vec![0.0; mm * mm];
        let mut se = Vec::with_capacity(h);
        for _ in 0..h {
            let v: f64 = (0..mm)
                .map(|i| g[i] * (0..mm).map(|j| cmat[i * mm + j] * g[j]).sum::<f64>())
                .sum();
            se.push(v.max(0.0).sqrt());
            // C = A C A' + σ² B B'.
            for i in 0..mm {
                for j in 0..mm {
                    tmp[i * mm + j] = (0..mm).map(|l| amat[i * mm + l] * cmat[l * mm + j]).sum();
                }
            }
            for i in 0..mm {
                for j in 0..mm {
                    cmat[i * mm + j] = (0..mm).map(|l| tmp[i * mm + l] * amat[j * mm + l]).sum();
                }
            }
            for i in 0..r {
                for j in 0..r {
                    cmat[i * mm + j] += self.sigma2 * rv[i] * rv[j];
                }
            }
        }
        Ok((mean, se))
    }

    /// The contract's JSON (without `forecast`, which the caller adds):
    /// `param_names, params, bse, llf, aic, aicc, bic, sigma2, nobs,
    /// converged, iterations`, plus `model`, `order`, `seasonal_order` and
    /// `cov_params` (`{names, matrix}`, σ² last).
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// assert_eq!(fit.to_json()["param_names"][1], "sigma2");
    /// ```
    pub fn to_json(&self) -> Value {
        let (p, d, q) = self.spec.order;
        let (sp, sd, sq, s) = self.spec.seasonal_order;
        json!({
            "model": self.spec.model_name(),
            "order": [p, d, q],
            "seasonal_order": [sp, sd, sq, s],
            "param_names": self.param_names,
            "params": nums(&self.params),
            "bse": nums(&self.bse),
            "cov_params": {
                "names": self.param_names,
                "matrix": crate::json::matrix(&self.cov_params),
            },
            "llf": num(self.llf),
            "aic": num(self.aic),
            "aicc": num(self.aicc),
            "bic": num(self.bic),
            "sigma2": num(self.sigma2),
            "nobs": self.nobs,
            "converged": self.converged,
            "iterations": self.iterations,
        })
    }

    /// Two-sided p-values of the z statistics `params / bse` under the
    /// standard normal (statsmodels' `pvalues`; NaN where `bse` is).
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// // The mean, about 2.15 with a standard error near 0.12, is far from zero.
    /// assert!(fit.pvalues()[0] < 1e-6);
    /// ```
    pub fn pvalues(&self) -> Vec<f64> {
        use statrs::distribution::{ContinuousCDF, Normal};
        let normal = Normal::standard();
        self.params
            .iter()
            .zip(&self.bse)
            .map(|(b, se)| 2.0 * (1.0 - normal.cdf((b / se).abs())))
            .collect()
    }

    /// Normal 95% confidence intervals `params ± 1.96 bse` (statsmodels'
    /// `conf_int()`), one `[lower, upper]` per parameter.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// let ci = fit.conf_int();
    /// assert!((ci[0][1] - ci[0][0] - 2.0 * 1.959963984540054 * fit.bse[0]).abs() < 1e-12);
    /// ```
    pub fn conf_int(&self) -> Vec<[f64; 2]> {
        const Z975: f64 = 1.959963984540054;
        self.params
            .iter()
            .zip(&self.bse)
            .map(|(b, se)| [b - Z975 * se, b + Z975 * se])
            .collect()
    }

    /// A statsmodels-like summary table.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// assert!(fit.summary().contains("Log Likelihood"));
    /// ```
    pub fn summary(&self) -> String {
        self.summary_named("y")
    }

    /// [`SarimaFit::summary`] naming the dependent variable.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// assert!(fit.summary_named("robbery").contains("robbery"));
    /// ```
    pub fn summary_named(&self, dep: &str) -> String {
        let bar = "=".repeat(78);
        let thin = "-".repeat(78);
        let mut out = String::new();
        out.push_str(&format!("{:^78}\n", "SARIMAX Results"));
        out.push_str(&bar);
        out.push('\n');
        out.push_str(&format!(
            "{:<20}{:>18}   {:<20}{:>17}\n",
            "Dep. Variable:", dep, "No. Observations:", self.nobs
        ));
        out.push_str(&format!(
            "{:<20}{:>18}   {:<20}{:>17.3}\n",
            "Model:",
            self.spec.model_name(),
            "Log Likelihood",
            self.llf
        ));
        out.push_str(&format!(
            "{:<20}{:>18}   {:<20}{:>17.3}\n",
            "Converged:", self.converged, "AIC", self.aic
        ));
        out.push_str(&format!(
            "{:<20}{:>18}   {:<20}{:>17.3}\n",
            "Iterations:", self.iterations, "BIC", self.bic
        ));
        out.push_str(&format!(
            "{:<20}{:>18}   {:<20}{:>17.3}\n",
            "", "", "AICc", self.aicc
        ));
        out.push_str(&bar);
        out.push('\n');
        out.push_str(&format!(
            "{:<14}{:>10}{:>10}{:>10}{:>10}{:>12}{:>12}\n",
            "", "coef", "std err", "z", "P>|z|", "[0.025", "0.975]"
        ));
        out.push_str(&thin);
        out.push('\n');
        let (pvalues, conf_int) = (self.pvalues(), self.conf_int());
        for (i, name) in self.param_names.iter().enumerate() {
            let (b, se) = (self.params[i], self.bse[i]);
            out.push_str(&format!(
                "{:<14}{:>10.4}{:>10.3}{:>10.3}{:>10.3}{:>12.3}{:>12.3}\n",
                name,
                b,
                se,
                b / se,
                pvalues[i],
                conf_int[i][0],
                conf_int[i][1]
            ));
        }
        out.push_str(&bar);
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expand_airline() {
        let th = expand(&[0.5], &[0.25], 12, 1.0);
        assert_eq!(th.len(), 13);
        assert!(
            (th[0] - 0.5).abs() < 1e-15
                && (th[11] - 0.25).abs() < 1e-15
                && (th[12] - 0.125).abs() < 1e-15
        );
        let ph = expand(&[0.5], &[0.25], 4, -1.0);
        // (1 - .5B)(1 - .25B^4) = 1 - .5B - .25B^4 + .125B^5
        assert!(
            (ph[0] - 0.5).abs() < 1e-15
                && (ph[3] - 0.25).abs() < 1e-15
                && (ph[4] + 0.125).abs() < 1e-15
        );
    }

    #[test]
    fn ar1_p0_is_variance() {
        let mut f = Filter::new(&[0.6], &[]);
        assert!(f.init(&[0.6], &[]));
        assert!((f.p[0] - 1.0 / (1.0 - 0.36)).abs() < 1e-12);
    }

    #[test]
    fn p0_solves_lyapunov() {
        // ARMA(2,2): check P = T P T' + R R'.
        let phi = [0.5, -0.3];
        let theta = [0.4, 0.2];
        let mut f = Filter::new(&phi, &theta);
        assert!(f.init(&phi, &theta));
        let r = f.r;
        let t = |i: usize, j: usize| -> f64 {
            let mut v = if j == 0 { f.phi[i] } else { 0.0 };
            if j == i + 1 {
                v += 1.0;
            }
            v
        };
        for i in 0..r {
            for j in 0..r {
                let mut v = f.rvec[i] * f.rvec[j];
                for a in 0..r {
                    for b in 0..r {
                        v += t(i, a) * f.p[a * r + b] * t(j, b);
                    }
                }
                assert!((v - f.p[i * r + j]).abs() < 1e-12, "{i} {j}");
            }
        }
    }

    #[test]
    fn diff_poly_seasonal() {
        let c = diff_poly(1, 1, 4);
        assert_eq!(c, vec![1.0, -1.0, 0.0, 0.0, -1.0, 1.0]);
    }
}
