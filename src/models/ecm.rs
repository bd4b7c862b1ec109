//! Engle-Granger two-step error-correction model (Engle & Granger 1987).
//!
//! Step 1, the long-run (cointegrating) regression by OLS with a constant:
//! `y_t = a + b'x_t + u_t`. Step 2, the short-run regression on
//! `t = P+1, …, n-1` (0-based):
//!
//! `Δy_t = c + α û_{t-1} + γ'Δx_t + Σ_{i=1..P} (φ_i Δy_{t-i} + δ_i'Δx_{t-i}) + ε_t`
//!
//! where `α` (the *adjustment* or error-correction coefficient, expected
//! negative) is the share of last period's disequilibrium corrected each
//! period. Step 2 is an ordinary [`ols`](super::ols) fit and takes any of its
//! covariances (e.g. Newey-West HAC). Whether `y` and `x` are cointegrated at
//! all is reported by the Engle-Granger test
//! ([`coint`](fn@super::unitroot::coint), MacKinnon p-values). The standard
//! errors of step 2 treat `û` as data, which is justified asymptotically
//! because `b̂` is super-consistent.
//!
//! Parameter names of step 2: `const`, `ect.L1`, `D.x`, then for each lag
//! `i`: `Li.D.y`, `Li.D.x` (with the expressions' texts for `y` and `x`).
//!
//! ```
//! use colcrime::models::ecm::{EcmParams, fit_ecm};
//! // Hash noise: a random walk x and y = 1 + 2x + stationary noise.
//! let e = |t: usize, s: f64| ((t as f64 * 12.9898 + s).sin() * 43758.5453).fract() - 0.5;
//! let x: Vec<f64> = (0..60).scan(0.0, |a, t| { *a += e(t, 0.0); Some(*a) }).collect();
//! let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| 1.0 + 2.0 * v + 0.1 * e(t, 7.0)).collect();
//! let r = fit_ecm(&y, &[x], "y", &["x".to_string()], &EcmParams::new()).unwrap();
//! assert!((r.long_run.params[1] - 2.0).abs() < 0.05);
//! assert!(r.adjustment < 0.0);
//! ```

use serde_json::{Value, json};

use super::ols::{CovType, OlsParams, OlsResult};
use super::unitroot::{CointParams, CointResult, coint};
use crate::error::{Error, Result};
use crate::json::num;

/// Settings of an error-correction fit.
///
/// ```
/// use colcrime::models::ecm::EcmParams;
/// use colcrime::models::ols::CovType;
/// let p = EcmParams::new().lags(2).cov_type(CovType::HC1);
/// assert_eq!(p.get_lags(), 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EcmParams {
    lags: usize,
    cov: CovType,
}

impl Default for EcmParams {
    fn default() -> Self {
        EcmParams::new()
    }
}

impl EcmParams {
    /// No lagged differences, nonrobust covariance.
    ///
    /// ```
    /// # use colcrime::models::ecm::EcmParams;
    /// assert_eq!(EcmParams::new().get_lags(), 0);
    /// ```
    pub fn new() -> Self {
        EcmParams {
            lags: 0,
            cov: CovType::NonRobust,
        }
    }

    /// Lags `P` of `Δy` and `Δx` in the short-run regression.
    ///
    /// ```
    /// # use colcrime::models::ecm::EcmParams;
    /// assert_eq!(EcmParams::new().lags(3).get_lags(), 3);
    /// ```
    pub fn lags(mut self, p: usize) -> Self {
        self.lags = p;
        self
    }

    /// The number of lags.
    ///
    /// ```
    /// # use colcrime::models::ecm::EcmParams;
    /// assert_eq!(EcmParams::default().get_lags(), 0);
    /// ```
    pub fn get_lags(&self) -> usize {
        self.lags
    }

    /// Covariance of the short-run regression (cluster is not allowed).
    ///
    /// ```
    /// # use colcrime::models::ecm::EcmParams;
    /// # use colcrime::models::ols::CovType;
    /// let p = EcmParams::new().cov_type(CovType::Hac { maxlags: Some(4), correction: false });
    /// assert_eq!(p.get_lags(), 0);
    /// ```
    pub fn cov_type(mut self, c: CovType) -> Self {
        self.cov = c;
        self
    }
}

/// A fitted error-correction model.
///
/// ```
/// use colcrime::models::ecm::{EcmParams, fit_ecm};
/// let e = |t: usize, s: f64| ((t as f64 * 12.9898 + s).sin() * 43758.5453).fract() - 0.5;
/// let x: Vec<f64> = (0..50).scan(0.0, |a, t| { *a += e(t, 0.0); Some(*a) }).collect();
/// let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| 0.5 * v + 0.1 * e(t, 3.0)).collect();
/// let r = fit_ecm(&y, &[x], "y", &["x".to_string()], &EcmParams::new().lags(1)).unwrap();
/// assert_eq!(r.short_run.param_names[1], "ect.L1");
/// assert_eq!(r.short_run.nobs, 48);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EcmResult {
    /// Step 1: `y` on a constant and `x`.
    pub long_run: OlsResult,
    /// Step 2: `Δy` on the lagged long-run residual and differences.
    pub short_run: OlsResult,
    /// The coefficient `α` of `ect.L1`.
    pub adjustment: f64,
    /// The Engle-Granger cointegration test of `y` on `x` (`None` when
    /// its ADF regression cannot be computed, e.g. on an exact fit).
    pub coint: Option<CointResult>,
    /// Lags `P`.
    pub lags: usize,
}

impl EcmResult {
    /// `{model: "ecm", long_run, short_run, adjustment, adjustment_bse,
    /// adjustment_pvalue, half_life, coint, lags}`; `long_run` and
    /// `short_run` are `fit ols` objects.
    ///
    /// ```
    /// use colcrime::models::ecm::{EcmParams, fit_ecm};
    /// let e = |t: usize, s: f64| ((t as f64 * 12.9898 + s).sin() * 43758.5453).fract() - 0.5;
    /// let x: Vec<f64> = (0..50).scan(0.0, |a, t| { *a += e(t, 0.0); Some(*a) }).collect();
    /// let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| 0.5 * v + 0.1 * e(t, 3.0)).collect();
    /// let j = fit_ecm(&y, &[x], "y", &["x".to_string()], &EcmParams::new()).unwrap().to_json();
    /// assert_eq!(j["short_run"]["param_names"][1], "ect.L1");
    /// assert!(j["coint"]["pvalue"].is_number());
    /// ```
    pub fn to_json(&self) -> Value {
        let a_bse = self.short_run.bse.get(1).copied().unwrap_or(f64::NAN);
        let a_p = self.short_run.pvalues.get(1).copied().unwrap_or(f64::NAN);
        // Periods for half of a disequilibrium to decay: ln(0.5)/ln(1+α).
        let half_life = if self.adjustment < 0.0 && self.adjustment > -1.0 {
            0.5f64.ln() / (1.0 + self.adjustment).ln()
        } else {
            f64::NAN
        };
        let mut lr = self.long_run.to_json();
        if let Some(o) = lr.as_object_mut() {
            o.insert("model".into(), json!("ols"));
        }
        json!({
            "model": "ecm",
            "lags": self.lags,
            "long_run": lr,
            "short_run": self.short_run.to_json(),
            "adjustment": num(self.adjustment),
            "adjustment_bse": num(a_bse),
            "adjustment_pvalue": num(a_p),
            "half_life": num(half_life),
            "coint": self.coint.as_ref().map_or(Value::Null, CointResult::to_json),
        })
    }

    /// Both regressions' summaries and the cointegration test.
    ///
    /// ```
    /// use colcrime::models::ecm::{EcmParams, fit_ecm};
    /// let e = |t: usize, s: f64| ((t as f64 * 12.9898 + s).sin() * 43758.5453).fract() - 0.5;
    /// let x: Vec<f64> = (0..50).scan(0.0, |a, t| { *a += e(t, 0.0); Some(*a) }).collect();
    /// let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| 0.5 * v + 0.1 * e(t, 3.0)).collect();
    /// let s = fit_ecm(&y, &[x], "y", &["x".to_string()], &EcmParams::new()).unwrap().summary();
    /// assert!(s.contains("Adjustment"));
    /// ```
    pub fn summary(&self) -> String {
        format!(
            "Engle-Granger error-correction model\n\nLong run (cointegrating regression):\n{}\nShort run:\n{}\nAdjustment (ect.L1): {:.6}\nEngle-Granger cointegration test: {}\n",
            self.long_run.summary(),
            self.short_run.summary(),
            self.adjustment,
            self.coint.as_ref().map_or_else(
                || "not available".to_string(),
                |c| format!(
                    "statistic {:.4}, p-value {:.4} (lag {})",
                    c.statistic, c.pvalue, c.usedlag
                )
            )
        )
    }
}

/// Fits the two-step error-correction model of `y` on the columns `x`
/// (named `y_name`, `x_names`), which must have no missing values.
///
/// # Errors
/// No regressor or more than five, mismatched lengths, missing values,
/// a cluster covariance, too few observations for the lags, or a singular
/// regression.
///
/// ```
/// use colcrime::models::ecm::{EcmParams, fit_ecm};
/// let e = fit_ecm(&[1.0, 2.0, 3.0], &[vec![1.0, 2.0, 4.0]], "y", &["x".into()], &EcmParams::new().lags(4));
/// assert!(e.is_err());
/// ```
pub fn fit_ecm(
    y: &[f64],
    x: &[Vec<f64>],
    y_name: &str,
    x_names: &[String],
    params: &EcmParams,
) -> Result<EcmResult> {
    let n = y.len();
    if x.is_empty() || x.len() != x_names.len() {
        return Err(Error::usage(format!(
            "ecm: {} regressors and {} names (need at least one)",
            x.len(),
            x_names.len()
        )));
    }
    if let Some(c) = x.iter().find(|c| c.len() != n) {
        return Err(Error::usage(format!(
            "ecm: y has {n} observations but an x has {}",
            c.len()
        )));
    }
    if y.iter().chain(x.iter().flatten()).any(|v| !v.is_finite()) {
        return Err(Error::domain(
            "ecm: y and x must have no missing or non-finite values in the sample",
        ));
    }
    if matches!(params.cov, CovType::Cluster { .. }) {
        return Err(Error::usage("ecm: cluster covariance is not available"));
    }
    let p = params.lags;
    let k = x.len();
    let k_short = 2 + k * (p + 1) + p;
    // Short-run rows t = p+1 .. n-1 must outnumber its parameters.
    let needed = p + 2 + k_short;
    if n < needed {
        return Err(Error::not_enough_data(
            format!("ecm with {p} lags and {k} regressors"),
            needed,
            n,
        ));
    }
    let xl =
        ndarray::Array2::from_shape_fn((n, k + 1), |(t, j)| if j == 0 { 1.0 } else { x[j - 1][t] });
    let mut names = vec!["const".to_string()];
    names.extend(x_names.iter().cloned());
    let mut long_run = OlsParams::new().fit_xy(&xl, y, names)?;
    long_run.response = y_name.to_string();
    let u = long_run.resid.clone();

    let dy: Vec<f64> = (0..n)
        .map(|t| if t == 0 { f64::NAN } else { y[t] - y[t - 1] })
        .collect();
    let dx: Vec<Vec<f64>> = x
        .iter()
        .map(|c| {
            (0..n)
                .map(|t| if t == 0 { f64::NAN } else { c[t] - c[t - 1] })
                .collect()
        })
        .collect();
    let rows: Vec<usize> = (p + 1..n).collect();
    let mut cols: Vec<Vec<f64>> = Vec::with_capacity(k_short);
    let mut snames: Vec<String> = Vec::with_capacity(k_short);
    cols.push(vec![1.0; rows.len()]);
    snames.push("const".into());
    cols.push(rows.iter().map(|&t| u[t - 1]).collect());
    snames.push("ect.L1".into());
    for (c, nm) in dx.iter().zip(x_names) {
        cols.push(rows.iter().map(|&t| c[t]).collect());
        snames.push(format!("D.{nm}"));
    }
    for i in 1..=p {
        cols.push(rows.iter().map(|&t| dy[t - i]).collect());
        snames.push(format!("L{i}.D.{y_name}"));
        for (c, nm) in dx.iter().zip(x_names) {
            cols.push(rows.iter().map(|&t| c[t - i]).collect());
            snames.push(format!("L{i}.D.{nm}"));
        }
    }
    let xs = ndarray::Array2::from_shape_fn((rows.len(), cols.len()), |(r, j)| cols[j][r]);
    let ys: Vec<f64> = rows.iter().map(|&t| dy[t]).collect();
    let mut short_run = OlsParams::new()
        .cov_type(params.cov)
        .fit_xy(&xs, &ys, snames)?;
    short_run.response = format!("D.{y_name}");
    short_run.rows = rows;
    let adjustment = short_run.params.get(1).copied().unwrap_or(f64::NAN);
    let coint = coint(y, x, &CointParams::new()).ok();
    Ok(EcmResult {
        long_run,
        short_run,
        adjustment,
        coint,
        lags: p,
    })
}
