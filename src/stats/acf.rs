//! Sample autocorrelation (ACF) and partial autocorrelation (PACF).
//!
//! With `x̄` the mean of the `n` observations,
//!
//! - ACF (statsmodels `acf`, `adjusted=False`):
//!   `ρ_k = c_k / c_0`, `c_k = (1/n) Σ_{t=1}^{n-k} (x_t − x̄)(x_{t+k} − x̄)`;
//! - PACF (statsmodels `pacf`, default method `"ywadjusted"`): `φ_kk`, the
//!   last coefficient of the order-`k` Yule–Walker equations built on the
//!   *adjusted* autocovariances `r_k = (1/(n−k)) Σ (x_t − x̄)(x_{t+k} − x̄)`,
//!   solved for every order at once by the Durbin–Levinson recursion
//!   (Durbin 1960; Brockwell & Davis, *Time Series: Theory and Methods*,
//!   §5.2):
//!   `φ_kk = (r_k − Σ_{j<k} φ_{k−1,j} r_{k−j}) / v_{k−1}`,
//!   `φ_kj = φ_{k−1,j} − φ_kk φ_{k−1,k−j}`, `v_k = v_{k−1}(1 − φ_kk²)`.
//!
//! The correlogram of [`crate::charts::AcfChart`], the residual checks and
//! the SARIMA starting values read these estimators.
//!
//! ```
//! let r = colcrime::stats::acf::acf(&[1.0, 2.0, 3.0, 4.0], 1).unwrap();
//! assert!((r[1] - 0.25).abs() < 1e-12);
//! ```

use crate::error::{Error, Result};

/// The finite values of `x`, demeaned, or an error if fewer than
/// `needed`.
fn demeaned(x: &[f64], needed: usize, what: &str) -> Result<Vec<f64>> {
    let v: Vec<f64> = x.iter().copied().filter(|v| v.is_finite()).collect();
    if v.len() < needed {
        return Err(Error::not_enough_data(what.to_string(), needed, v.len()));
    }
    let m = v.iter().sum::<f64>() / v.len() as f64;
    Ok(v.into_iter().map(|a| a - m).collect())
}

fn autocov(d: &[f64], k: usize, adjusted: bool) -> f64 {
    let n = d.len();
    let s: f64 = d.iter().zip(d.iter().skip(k)).map(|(a, b)| a * b).sum();
    if adjusted {
        s / (n - k) as f64
    } else {
        s / n as f64
    }
}

/// The default number of lags: `min(⌊10 log10 n⌋, n/2 − 1)` (statsmodels'
/// default, capped so that the PACF exists).
///
/// ```
/// assert_eq!(colcrime::stats::acf::default_nlags(40), 16);
/// assert_eq!(colcrime::stats::acf::default_nlags(100), 20);
/// ```
pub fn default_nlags(n: usize) -> usize {
    let d = if n > 0 {
        (10.0 * (n as f64).log10()).floor() as usize
    } else {
        0
    };
    d.min((n / 2).saturating_sub(1)).max(1)
}

/// Sample autocorrelations `ρ_0 = 1, ρ_1, …, ρ_nlags` (statsmodels
/// `acf(x, nlags, adjusted=False)`); non-finite values are dropped first.
///
/// # Errors
/// Fewer than `nlags + 1` finite values, or a constant series.
///
/// ```
/// let r = colcrime::stats::acf::acf(&[1.0, 2.0, 3.0, 4.0], 1).unwrap();
/// assert!((r[1] - 0.25).abs() < 1e-12);
/// ```
pub fn acf(x: &[f64], nlags: usize) -> Result<Vec<f64>> {
    let d = demeaned(x, nlags + 1, "autocorrelation (observations)")?;
    let c0 = autocov(&d, 0, false);
    if c0 <= 0.0 || !c0.is_finite() {
        return Err(Error::domain(
            "the series is constant: its autocorrelations are undefined",
        ));
    }
    Ok((0..=nlags).map(|k| autocov(&d, k, false) / c0).collect())
}

/// Sample partial autocorrelations `1, φ_11, …, φ_{nlags,nlags}` by
/// Yule–Walker on adjusted autocovariances (statsmodels `pacf(x, nlags)`,
/// method `"ywadjusted"`); non-finite values are dropped first.
///
/// # Errors
/// `nlags ≥ n/2` (statsmodels' limit), a constant series, or a singular
/// recursion.
///
/// ```
/// let p = colcrime::stats::acf::pacf(&[1.0, 3.0, 2.0, 5.0, 4.0, 6.0], 2).unwrap();
/// assert_eq!(p[0], 1.0);
/// assert!((p[1] - 0.12).abs() < 1e-12);
/// ```
pub fn pacf(x: &[f64], nlags: usize) -> Result<Vec<f64>> {
    let n = x.iter().filter(|v| v.is_finite()).count();
    if nlags >= n / 2 {
        return Err(Error::not_enough_data(
            format!(
                "partial autocorrelation to lag {nlags} (observations, at least 2 x (lags + 1))"
            ),
            2 * (nlags + 1),
            n,
        ));
    }
    let d = demeaned(x, 2 * (nlags + 1), "partial autocorrelation (observations)")?;
    let r: Vec<f64> = (0..=nlags).map(|k| autocov(&d, k, true)).collect();
    let r0 = r.first().copied().unwrap_or(0.0);
    if r0 <= 0.0 || !r0.is_finite() {
        return Err(Error::domain(
            "the series is constant: its partial autocorrelations are undefined",
        ));
    }
    let mut out = vec![1.0];
    let mut phi: Vec<f64> = Vec::new();
    let mut v = r0;
    for k in 1..=nlags {
        let num = r[k] - (1..k).map(|j| phi[j - 1] * r[k - j]).sum::<f64>();
        if v.abs() < f64::EPSILON * r0 {
            return Err(Error::domain(format!(
                "the Yule-Walker recursion is singular at lag {k}"
            )));
        }
        let pkk = num / v;
        let prev = phi.clone();
        for j in 1..k {
            phi[j - 1] = prev[j - 1] - pkk * prev[k - j - 1];
        }
        phi.push(pkk);
        v *= 1.0 - pkk * pkk;
        out.push(pkk);
    }
    Ok(out)
}
