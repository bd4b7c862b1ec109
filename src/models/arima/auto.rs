//! Automatic ARIMA order selection (Hyndman & Khandakar 2008).
//!
//! The procedure of R forecast's `auto.arima` as described in
//! [Hyndman & Khandakar (2008)], *Automatic time series forecasting: the
//! forecast package for R*, Journal of Statistical Software 27(3):
//!
//! 1. **Seasonal differencing D** (when the period `m > 1`): the seasonal
//!    strength of an STL decomposition (Cleveland, Cleveland, McRae &
//!    Terpenning 1990; `s.window = 11`, no robustness iterations, as
//!    `forecast::mstl` with one period),
//!    `F_S = max(0, 1 - Var(R_t) / Var(S_t + R_t))`; `D = 1` when
//!    `F_S > 0.64` (Wang, Smith & Hyndman 2006). This is the current
//!    `forecast::nsdiffs` default (`test = "seas"`); the OCSB test of the
//!    paper is not used. Series with fewer than two full periods get `D = 0`.
//! 2. **Differencing d**: repeated KPSS tests (Kwiatkowski et al. 1992,
//!    level stationarity, `⌊3√n / 13⌋` Bartlett lags) on the seasonally
//!    differenced series (on the residuals of the regression on the
//!    regressors with `--exog`): difference while the KPSS p-value is below
//!    `α = 0.05`, up to `d = 2`.
//! 3. **Stepwise search** over `p, q, P, Q` (and a constant when
//!    `d + D ≤ 1`: the mean if `d + D = 0`, the drift otherwise) minimising
//!    the AICc
//!
//!    ```text
//!    AICc = -2 log L + 2k + 2k(k + 1) / (n* - k - 1),
//!    ```
//!
//!    `k` counting σ² and `n*` the number of differenced observations (the
//!    definition of R forecast). Starting models `(2,d,2)(1,D,1)`,
//!    `(0,d,0)(0,D,0)`, `(1,d,0)(1,D,0)`, `(0,d,1)(0,D,1)` with a constant
//!    when allowed, then `(0,d,0)(0,D,0)` without. From the current best
//!    model the neighbours are tried in this order: `P ± 1`, `Q ± 1`,
//!    `(P, Q) ± (1, 1)` in the four sign combinations, the same for `p, q`,
//!    and toggling the constant. The search has an approximate stage
//!    (conditional sums of squares, where R approximates: more than 150
//!    observations or a period above 12) and an exact stage that always
//!    runs; the lowest exact AICc of both is chosen, after the best three
//!    candidates are refitted from every start. The stages, their passes
//!    and the rule are documented in [`super::search`].
//!    At most 94 models per pass.
//!    Orders are bounded by `max_p, max_q ≤ 5`, `max_P, max_Q ≤ 2` and by a
//!    third of the sample (`⌊n/3⌋`, `⌊n/(3m)⌋` for seasonal orders);
//!    `max_order = 5` bounds `p + q + P + Q` in the exhaustive search (as
//!    in R, the stepwise search is not bounded by it).
//!
//! Exact fits are the exact-likelihood SARIMA of [`super::SarimaParams`]. A model
//! whose fit fails, or whose AR or MA polynomial has a root of modulus below
//! 1.01 (close to non-stationary or non-invertible), gets `AICc = ∞`.
//!
//! [Hyndman & Khandakar (2008)]: https://doi.org/10.18637/jss.v027.i03
//!
//! ```
//! use colcrime::models::arima::auto::AutoArimaParams;
//! // A random walk with drift: one difference and a drift.
//! let mut y = vec![0.0];
//! let mut s = 7u64;
//! for _ in 0..80 {
//!     s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
//!     let u = (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
//!     y.push(y.last().unwrap() + 0.5 + u);
//! }
//! let fit = AutoArimaParams::new(1).fit(&y, None).unwrap();
//! assert_eq!(fit.fit.spec.order.1, 1);
//! assert!(fit.models_tried.len() >= 4);
//! ```

use ndarray::Array2;
use serde_json::{Value, json};

use super::search::{self, Approximation};
use super::{SarimaFit, SarimaParams};
use crate::error::{Error, Result};
use crate::json::num;
use crate::models::unitroot::{KpssLags, KpssRegression, kpss};
// STL moved to `crate::stats::stl`; re-exported at its old path.
pub use crate::stats::stl::{Stl, stl};

/// Seasonal-strength threshold above which `D = 1` (Wang, Smith & Hyndman
/// 2006; R forecast `nsdiffs(test = "seas")`).
pub const SEASONAL_STRENGTH_THRESHOLD: f64 = 0.64;

/// Options of the automatic order selection; defaults as R forecast.
///
/// ```
/// use colcrime::models::arima::auto::AutoArimaParams;
/// let a = AutoArimaParams::new(12);
/// assert_eq!((a.max_p, a.max_sp, a.max_order), (5, 2, 5));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AutoArimaParams {
    /// Seasonal period m (1 = non-seasonal).
    pub period: usize,
    /// Largest p.
    pub max_p: usize,
    /// Largest q.
    pub max_q: usize,
    /// Largest seasonal P.
    pub max_sp: usize,
    /// Largest seasonal Q.
    pub max_sq: usize,
    /// Largest p + q + P + Q in the exhaustive search.
    pub max_order: usize,
    /// Largest d.
    pub max_d: usize,
    /// Largest D.
    pub max_sd: usize,
    /// Fixed d (otherwise KPSS).
    pub d: Option<usize>,
    /// Fixed D (otherwise the seasonal-strength rule).
    pub sd: Option<usize>,
    /// Stepwise search (otherwise every model within the bounds).
    pub stepwise: bool,
    /// Whether a constant (mean or drift) may be included when d + D ≤ 1.
    pub allow_constant: bool,
    /// Significance level of the KPSS tests.
    pub alpha: f64,
    /// Most models fitted by the stepwise search.
    pub max_models: usize,
    /// Whether an approximate (CSS) stage runs before the exact search
    /// (default: R's rule, more than 150 observations or a period above
    /// 12; see [`super::search`]).
    pub approximation: Approximation,
    /// Names of the exogenous columns.
    pub exog_names: Vec<String>,
    /// A warm start for one candidate (a re-fit: the model chosen last
    /// time and its estimates): when the search fits a model with these
    /// orders it starts the optimiser from `params` (see
    /// [`SarimaParams::start_params`]). The search itself is unchanged.
    pub warm_start: Option<SarimaParams>,
}

impl AutoArimaParams {
    /// Defaults of R forecast's `auto.arima` for period `m`.
    ///
    /// ```
    /// let a = colcrime::models::arima::auto::AutoArimaParams::new(4);
    /// assert!(a.stepwise && a.period == 4);
    /// ```
    pub fn new(period: usize) -> AutoArimaParams {
        AutoArimaParams {
            period: period.max(1),
            max_p: 5,
            max_q: 5,
            max_sp: 2,
            max_sq: 2,
            max_order: 5,
            max_d: 2,
            max_sd: 1,
            d: None,
            sd: None,
            stepwise: true,
            allow_constant: true,
            alpha: 0.05,
            max_models: 94,
            approximation: Approximation::Auto,
            exog_names: Vec::new(),
            warm_start: None,
        }
    }

    /// Chooses the orders and fits the best model to `y` (NaN = missing),
    /// with optional regressors (`n x k`).
    ///
    /// # Errors
    /// Bad options, a series too short or constant, or no model that could
    /// be fitted.
    ///
    /// ```
    /// use colcrime::models::arima::auto::AutoArimaParams;
    /// let y: Vec<f64> = (0..60).map(|t| 5.0 + ((t * 37) % 11) as f64 / 10.0).collect();
    /// let fit = AutoArimaParams::new(1).fit(&y, None).unwrap();
    /// assert_eq!(fit.fit.spec.order.1, 0);
    /// ```
    pub fn fit(&self, y: &[f64], exog: Option<&Array2<f64>>) -> Result<AutoArimaFit> {
        auto_arima(y, exog, self)
    }

    fn validate(&self, y: &[f64], exog: Option<&Array2<f64>>) -> Result<()> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(Error::usage(format!(
                "the KPSS significance level must lie in (0, 1), got {}",
                self.alpha
            )));
        }
        if self.max_d > 2 || self.max_sd > 1 {
            return Err(Error::usage(format!(
                "max d = {}, max D = {}: at most 2 and 1",
                self.max_d, self.max_sd
            )));
        }
        if self.d.is_some_and(|d| d > 3) || self.sd.is_some_and(|d| d > 2) {
            return Err(Error::usage(format!(
                "fixed d = {:?}, D = {:?}: at most 3 and 2",
                self.d, self.sd
            )));
        }
        if self.sd.is_some_and(|d| d > 0) && self.period < 2 {
            return Err(Error::usage(
                "seasonal differencing needs a seasonal period of at least 2 (--period)",
            ));
        }
        if let Some(x) = exog
            && x.nrows() != y.len()
        {
            return Err(Error::usage(format!(
                "exog has {} rows but the series has {}",
                x.nrows(),
                y.len()
            )));
        }
        Ok(())
    }
}

/// One candidate model of the search and its AICc (∞ if rejected).
///
/// ```
/// use colcrime::models::arima::auto::ModelTried;
/// let m = ModelTried { order: (0, 1, 1), seasonal_order: (0, 1, 1, 12), drift: false, aicc: -483.2, approximate: false };
/// assert_eq!(m.to_json()["order"][2], 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ModelTried {
    /// (p, d, q).
    pub order: (usize, usize, usize),
    /// (P, D, Q, m).
    pub seasonal_order: (usize, usize, usize, usize),
    /// Constant (mean or drift) included.
    pub drift: bool,
    /// AICc, `f64::INFINITY` when the fit failed or was rejected.
    pub aicc: f64,
    /// Whether `aicc` is the approximate (CSS) criterion of the search's
    /// approximate stage rather than the exact one (see
    /// [`super::search`]).
    pub approximate: bool,
}

impl ModelTried {
    /// `{order, seasonal_order, drift, aicc, approximate}`.
    ///
    /// ```
    /// use colcrime::models::arima::auto::ModelTried;
    /// let m = ModelTried { order: (1, 0, 0), seasonal_order: (0, 0, 0, 0), drift: true, aicc: f64::INFINITY, approximate: true };
    /// assert_eq!(m.to_json()["aicc"], "Infinity");
    /// ```
    pub fn to_json(&self) -> Value {
        let (p, d, q) = self.order;
        let (sp, sd, sq, s) = self.seasonal_order;
        json!({
            "order": [p, d, q],
            "seasonal_order": [sp, sd, sq, s],
            "drift": self.drift,
            "aicc": num(self.aicc),
            "approximate": self.approximate,
        })
    }
}

/// The chosen model and how it was chosen.
///
/// ```
/// use colcrime::models::arima::auto::AutoArimaParams;
/// let y: Vec<f64> = (0..50).map(|t| ((t * 13) % 7) as f64).collect();
/// let a = AutoArimaParams::new(1).fit(&y, None).unwrap();
/// let best = a.models_tried.iter().map(|m| m.aicc).fold(f64::INFINITY, f64::min);
/// assert!((a.fit.aicc - best).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct AutoArimaFit {
    /// The selected model, fitted.
    pub fit: SarimaFit,
    /// The differencing chosen.
    pub d: usize,
    /// The seasonal differencing chosen.
    pub sd: usize,
    /// STL seasonal strength of the series (None when m = 1 or too short).
    pub seasonal_strength: Option<f64>,
    /// KPSS statistics of the differencing steps (d = 0, 1, …).
    pub kpss_statistics: Vec<f64>,
    /// Every model fitted, in order.
    pub models_tried: Vec<ModelTried>,
}

impl AutoArimaFit {
    /// The `fit sarima` JSON plus `models_tried`, `seasonal_strength` and
    /// `kpss_statistics` (without `forecast`, which the caller adds).
    ///
    /// ```
    /// use colcrime::models::arima::auto::AutoArimaParams;
    /// let y: Vec<f64> = (0..50).map(|t| ((t * 13) % 7) as f64).collect();
    /// let a = AutoArimaParams::new(1).fit(&y, None).unwrap();
    /// assert!(a.to_json()["models_tried"].as_array().unwrap().len() >= 4);
    /// ```
    pub fn to_json(&self) -> Value {
        let mut v = self.fit.to_json();
        if let Value::Object(map) = &mut v {
            map.insert(
                "models_tried".into(),
                Value::Array(self.models_tried.iter().map(ModelTried::to_json).collect()),
            );
            map.insert(
                "seasonal_strength".into(),
                self.seasonal_strength.map_or(Value::Null, num),
            );
            map.insert(
                "kpss_statistics".into(),
                Value::Array(self.kpss_statistics.iter().map(|v| num(*v)).collect()),
            );
        }
        v
    }
}

/// The AICc of R forecast: `-2 llf + 2k + 2k(k+1)/(n - k - 1)`, `k`
/// counting every estimated parameter including σ², `n` the number of
/// differenced observations; ∞ when `n ≤ k + 1`.
///
/// ```
/// // R: Arima(log(AirPassengers), c(0,1,1), c(0,1,1)): loglik 244.6995, 131 obs, 3 parameters.
/// let a = colcrime::models::arima::auto::aicc(244.699530596618, 3, 131);
/// assert!((a - (-483.21013)).abs() < 1e-4);
/// ```
pub fn aicc(llf: f64, k: usize, n: usize) -> f64 {
    let (kf, nf) = (k as f64, n as f64);
    if nf - kf - 1.0 > 0.0 {
        -2.0 * llf + 2.0 * kf + 2.0 * kf * (kf + 1.0) / (nf - kf - 1.0)
    } else {
        f64::INFINITY
    }
}

// ---------------------------------------------------------------- KPSS

fn is_constant(x: &[f64]) -> bool {
    x.first()
        .is_none_or(|a| x.iter().all(|v| (v - a).abs() <= 1e-12 * a.abs().max(1.0)))
}

fn diff_lag(x: &[f64], lag: usize) -> Vec<f64> {
    (lag..x.len()).map(|t| x[t] - x[t - lag]).collect()
}

/// Number of differences by repeated KPSS tests ([`kpss()`], level, `⌊3√n/13⌋` lags) at level `alpha` (R
/// forecast `ndiffs(test = "kpss")`); also returns the statistics. Missing
/// values are dropped first.
///
/// ```
/// use colcrime::models::arima::auto::ndiffs;
/// let y: Vec<f64> = (0..100).map(|t| t as f64 + ((t * 7) % 5) as f64).collect();
/// assert_eq!(ndiffs(&y, 0.05, 2).0, 1);
/// ```
pub fn ndiffs(y: &[f64], alpha: f64, max_d: usize) -> (usize, Vec<f64>) {
    let mut x: Vec<f64> = y.iter().copied().filter(|v| v.is_finite()).collect();
    let mut stats = Vec::new();
    let mut d = 0;
    loop {
        if x.len() < 3 || is_constant(&x) {
            return (d, stats);
        }
        let lags = (3.0 * (x.len() as f64).sqrt() / 13.0).floor() as usize;
        // A test that cannot be computed stops the differencing, as R does.
        let Ok(r) = kpss(&x, KpssRegression::C, KpssLags::Fixed(lags)) else {
            return (d, stats);
        };
        stats.push(r.statistic);
        if !r.statistic.is_finite() || r.pvalue >= alpha || d >= max_d {
            return (d, stats);
        }
        d += 1;
        x = diff_lag(&x, 1);
    }
}

// ---------------------------------------------------------------- STL

fn variance(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0)
}

/// STL seasonal strength `max(0, min(1, 1 - Var(R) / Var(S + R)))` with
/// `s.window = 11` (R forecast `mstl` with one period). Interior missing
/// values are interpolated linearly; `None` when m < 2 or the series has
/// fewer than two full periods.
///
/// ```
/// use colcrime::models::arima::auto::seasonal_strength;
/// let y: Vec<f64> = (0..60).map(|t| [1.0, 3.0, 2.0, 0.0][t % 4] + 0.01 * ((t * 7) % 3) as f64).collect();
/// assert!(seasonal_strength(&y, 4).unwrap() > 0.9);
/// ```
pub fn seasonal_strength(y: &[f64], m: usize) -> Option<f64> {
    let x = interpolate(y)?;
    let d = stl(&x, m, 11)?;
    let sr: Vec<f64> = d
        .seasonal
        .iter()
        .zip(&d.remainder)
        .map(|(a, b)| a + b)
        .collect();
    let vsr = variance(&sr);
    if vsr.is_nan() || vsr <= 0.0 {
        return Some(0.0);
    }
    Some((1.0 - variance(&d.remainder) / vsr).clamp(0.0, 1.0))
}

/// Trims leading/trailing missing values and fills interior ones linearly.
#[allow(clippy::needless_range_loop)]
fn interpolate(y: &[f64]) -> Option<Vec<f64>> {
    let first = y.iter().position(|v| v.is_finite())?;
    let last = y.iter().rposition(|v| v.is_finite())?;
    let mut x = y[first..=last].to_vec();
    let mut prev = 0;
    for i in 1..x.len() {
        if x[i].is_finite() {
            if i > prev + 1 {
                let (a, b) = (x[prev], x[i]);
                for j in prev + 1..i {
                    x[j] = a + (b - a) * (j - prev) as f64 / (i - prev) as f64;
                }
            }
            prev = i;
        }
    }
    Some(x)
}

/// Number of seasonal differences by the seasonal-strength rule (R forecast
/// `nsdiffs(test = "seas")`), with the strength of the undifferenced series.
///
/// ```
/// use colcrime::models::arima::auto::nsdiffs;
/// let y: Vec<f64> = (0..60).map(|t| [1.0, 3.0, 2.0, 0.0][t % 4] + 0.01 * ((t * 7) % 3) as f64).collect();
/// assert_eq!(nsdiffs(&y, 4, 1).0, 1);
/// ```
pub fn nsdiffs(y: &[f64], m: usize, max_sd: usize) -> (usize, Option<f64>) {
    if m < 2 {
        return (0, None);
    }
    let fin: Vec<f64> = y.iter().copied().filter(|v| v.is_finite()).collect();
    if is_constant(&fin) {
        return (0, None);
    }
    let first = seasonal_strength(y, m);
    let mut sd = 0;
    let mut strength = first;
    let mut x = y.to_vec();
    while sd < max_sd && strength.is_some_and(|s| s > SEASONAL_STRENGTH_THRESHOLD) {
        sd += 1;
        x = diff_lag(&x, m);
        strength = seasonal_strength(&x, m);
    }
    (sd, first)
}

fn auto_arima(
    y: &[f64],
    exog: Option<&Array2<f64>>,
    opts: &AutoArimaParams,
) -> Result<AutoArimaFit> {
    opts.validate(y, exog)?;
    let fin: Vec<f64> = y.iter().copied().filter(|v| v.is_finite()).collect();
    let n = fin.len();
    if n < 6 {
        return Err(Error::not_enough_data("auto-arima", 6, n));
    }
    if is_constant(&fin) {
        return Err(Error::domain(format!(
            "auto-arima: the series is constant ({})",
            fin[0]
        )));
    }
    let mut m = opts.period.max(1);
    if m > 1 && n <= 2 * m {
        // Fewer than two full periods: no seasonal part can be identified.
        m = 1;
    }
    // Tests run on the regression residuals when there are regressors.
    let base: Vec<f64> = match exog {
        Some(x) if x.ncols() > 0 => regression_residuals(y, x)?,
        _ => y.to_vec(),
    };
    let (sd, strength) = match opts.sd {
        Some(v) => (v, None),
        None => nsdiffs(&base, m, opts.max_sd),
    };
    let dx = if sd > 0 && m > 1 {
        let mut x = base.clone();
        for _ in 0..sd {
            x = diff_lag(&x, m);
        }
        x
    } else {
        base.clone()
    };
    let (d, kpss_statistics) = match opts.d {
        Some(v) => (v, Vec::new()),
        None => ndiffs(&dx, opts.alpha, opts.max_d),
    };
    let constant = opts.allow_constant && d + sd <= 1;
    let outcome = search::run(&search::Setup {
        y,
        exog,
        opts,
        d,
        sd,
        m,
        n,
        constant,
    });
    let tried = outcome.tried;
    match outcome.best {
        Some(fit) => Ok(AutoArimaFit {
            fit,
            d,
            sd,
            seasonal_strength: strength,
            kpss_statistics,
            models_tried: tried,
        }),
        None => Err(Error::convergence(format!(
            "auto-arima: none of the {} models tried (d = {d}, D = {sd}) could be fitted",
            tried.len()
        ))),
    }
}

/// Residuals of the least-squares regression of `y` on a constant and the
/// columns of `x` (rows with a missing value are NaN).
fn regression_residuals(y: &[f64], x: &Array2<f64>) -> Result<Vec<f64>> {
    let k = x.ncols();
    let rows: Vec<usize> = (0..y.len())
        .filter(|&t| y[t].is_finite() && x.row(t).iter().all(|v| v.is_finite()))
        .collect();
    if rows.len() <= k + 1 {
        return Err(Error::not_enough_data(
            "auto-arima regression",
            k + 2,
            rows.len(),
        ));
    }
    let xm = Array2::from_shape_fn((rows.len(), k + 1), |(i, j)| {
        if j == 0 { 1.0 } else { x[[rows[i], j - 1]] }
    });
    let ys: Vec<f64> = rows.iter().map(|&t| y[t]).collect();
    let (b, _) = crate::stats::linalg::lstsq(&xm, &ys)?;
    let mut out = vec![f64::NAN; y.len()];
    for &t in &rows {
        let xb: f64 = b[0] + (0..k).map(|j| x[[t, j]] * b[j + 1]).sum::<f64>();
        out[t] = y[t] - xb;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aicc_formula() {
        // k = 3, n = 131: penalty 6 + 24/127.
        assert!((aicc(0.0, 3, 131) - (6.0 + 24.0 / 127.0)).abs() < 1e-13);
        assert!(aicc(0.0, 5, 6).is_infinite());
    }
}
