//! The unrestricted error-correction model (UECM) of an ARDL, as
//! statsmodels' `UECM`:
//!
//! ```text
//! Δy_t = d_t + λ₀ y_{t-1} + Σ_j λ_j x_{j,t-1}
//!        + Σ_{i=1}^{p-1} φ_i Δy_{t-i} + Σ_j Σ_{m=0}^{q_j-1} β_{j,m} Δx_{j,t-m} + ε_t,
//! ```
//!
//! a linear reparameterisation of the ARDL(p, q) on the same sample, so
//! its residuals are the ARDL's. It needs `p ≥ 1` and every `q_j ≥ 1`.

use serde_json::{Value, json};

use super::design::uecm_design;
use super::spec::{ArdlData, ArdlTrend};
use crate::error::{Error, Result};
use crate::json::{num, nums};
use crate::models::ols::{OlsParams, OlsResult};
use crate::stats::student_t::t_two_sided;

/// A fitted UECM.
///
/// ```
/// use colcrime::models::ardl::{ArdlData, ArdlTrend, fit_uecm};
/// let x: Vec<f64> = (0..40).map(|t| ((t * 7) % 11) as f64).collect();
/// let y: Vec<f64> = (0..40).map(|t| ((t * 5) % 13) as f64 + 0.5 * x[t]).collect();
/// let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
/// let u = fit_uecm(&d, 2, &[1], ArdlTrend::C).unwrap();
/// assert_eq!(u.ols.param_names, ["const", "y.L1", "x.L1", "D.y.L1", "D.x.L0"]);
/// ```
#[derive(Debug, Clone)]
pub struct UecmResult {
    /// The least-squares fit (`param_names`, `params`, `bse`, ...).
    pub ols: OlsResult,
    /// Deterministic columns (before the levels).
    pub ndet: usize,
    /// Level columns (`y.L1` and one per regressor).
    pub nlevels: usize,
    /// Observations held back.
    pub hold_back: usize,
    /// Deterministic terms.
    pub trend: ArdlTrend,
}

impl UecmResult {
    /// JSON with statsmodels names: `endog_name, param_names, params, bse,
    /// tvalues, pvalues, conf_int, nobs, df_resid, ssr, llf, sigma2`.
    ///
    /// ```
    /// use colcrime::models::ardl::{ArdlData, ArdlTrend, fit_uecm};
    /// let x: Vec<f64> = (0..40).map(|t| ((t * 7) % 11) as f64).collect();
    /// let y: Vec<f64> = (0..40).map(|t| ((t * 5) % 13) as f64).collect();
    /// let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
    /// let j = fit_uecm(&d, 1, &[1], ArdlTrend::C).unwrap().to_json();
    /// assert_eq!(j["endog_name"], "D.y");
    /// ```
    pub fn to_json(&self) -> Value {
        let o = &self.ols;
        let ci: Vec<Value> = o.conf_int.iter().map(|c| nums(c)).collect();
        json!({
            "endog_name": o.response,
            "param_names": o.param_names,
            "params": nums(&o.params),
            "bse": nums(&o.bse),
            "tvalues": nums(&o.tvalues),
            "pvalues": nums(&o.pvalues),
            "conf_int": ci,
            "nobs": o.nobs,
            "df_model": o.params.len(),
            "df_resid": num(o.df_resid),
            "ssr": num(o.ssr),
            "llf": num(o.llf),
            "sigma2": num(o.ssr / o.nobs as f64),
            "hold_back": self.hold_back,
        })
    }
}

/// Fits the UECM of an ARDL(p, q) by least squares (pivoted QR).
///
/// # Errors
/// `p = 0` or some `q_j = 0` (no error-correction form), a sample too
/// short for the lags, or a singular design.
///
/// # Examples
/// ```
/// use colcrime::models::ardl::{ArdlData, ArdlTrend, fit_uecm};
/// let x: Vec<f64> = (0..30).map(|t| ((t * 7) % 11) as f64).collect();
/// let y: Vec<f64> = (0..30).map(|t| ((t * 5) % 13) as f64).collect();
/// let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
/// assert!(fit_uecm(&d, 1, &[0], ArdlTrend::C).is_err());
/// ```
pub fn fit_uecm(d: &ArdlData, p: usize, q: &[usize], trend: ArdlTrend) -> Result<UecmResult> {
    if p == 0 || q.contains(&0) {
        return Err(Error::usage(format!(
            "uecm: the error-correction form needs at least one lag of `{}` and of every \
             regressor (found lags {p}, xlags {q:?})",
            d.y_name
        )));
    }
    let des = uecm_design(d, p, q, trend)?;
    let mut ols = OlsParams::new()
        .fit_xy(&des.x, &des.y, des.names)
        .map_err(|e| e.context("uecm"))?;
    ols.response = format!("D.{}", d.y_name);
    ols.pvalues = ols
        .tvalues
        .iter()
        .map(|&t| t_two_sided(t, ols.df_resid))
        .collect();
    Ok(UecmResult {
        ols,
        ndet: trend.ndet(),
        nlevels: 1 + q.len(),
        hold_back: des.hold_back,
        trend,
    })
}
