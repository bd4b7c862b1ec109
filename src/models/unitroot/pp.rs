//! The Phillips-Perron (1988) unit-root test, as `arch`'s
//! `PhillipsPerron` (test type "tau").
//!
//! Regress `y_t = ρ y_{t-1} + d_t + u_t` on `t = 2, …, n` (`nobs = n - 1`,
//! `k` coefficients), with `s² = Σu²/(nobs - k)`, `γ₀ = Σu²/nobs`, `σ` the
//! OLS standard error of `ρ̂` and the Newey-West long-run variance
//! `λ² = γ₀ + 2 Σ_{j=1}^{l} (1 - j/(l+1)) γ_j`, `γ_j = Σ u_t u_{t-j} / nobs`.
//! The statistics are
//!
//! ```text
//! Z_τ = √(γ₀/λ²) (ρ̂ - 1)/σ - ½ (λ² - γ₀)/λ · nobs σ / s
//! Z_α = nobs (ρ̂ - 1) - ½ (nobs² σ² / s²) (λ² - γ₀)
//! ```
//!
//! `Z_τ` has the Dickey-Fuller τ distribution: the p-value and critical
//! values are MacKinnon's, as for [`super::adf()`]. The default bandwidth is
//! `l = ⌈12 (n/100)^{1/4}⌉`.
//!
//! Phillips, P. C. B. & Perron, P. (1988), "Testing for a unit root in time
//! series regression", *Biometrika* 75(2), 335–346.
//!
//! ```
//! use colcrime::models::unitroot::{phillips_perron, AdfRegression};
//! let y: Vec<f64> = (0..100).map(|t| ((t * 7919 % 17) as f64)).collect();
//! let r = phillips_perron(&y, AdfRegression::C, None).unwrap();
//! assert_eq!((r.lags, r.nobs), (12, 99));
//! assert!(r.pvalue < 0.01);
//! ```

use serde_json::{Value, json};

use super::adf::AdfRegression;
use super::mackinnon::{CriticalValues, mackinnoncrit, mackinnonp};
use super::{check_series, from_columns, ls_fit, schwert_maxlag};
use crate::error::{Error, Result};
use crate::json::num;

/// The result of [`phillips_perron`].
///
/// ```
/// use colcrime::models::unitroot::{phillips_perron, AdfRegression};
/// let y: Vec<f64> = (0..60).map(|t| ((t * 31 % 11) as f64)).collect();
/// let r = phillips_perron(&y, AdfRegression::N, Some(3)).unwrap();
/// assert_eq!(r.to_json()["lags"], 3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PpResult {
    /// `Z_τ`.
    pub statistic: f64,
    /// MacKinnon (1994) p-value of `Z_τ`.
    pub pvalue: f64,
    /// Newey-West bandwidth.
    pub lags: usize,
    /// Observations in the regression (`n - 1`).
    pub nobs: usize,
    /// MacKinnon (2010) critical values for `nobs`.
    pub critical_values: CriticalValues,
    /// `Z_α` (normalised bias form; no p-value here).
    pub statistic_rho: f64,
    /// Deterministic terms.
    pub regression: AdfRegression,
}

impl PpResult {
    /// `{statistic, pvalue, lags, nobs, critical_values, statistic_rho, regression}`.
    ///
    /// ```
    /// use colcrime::models::unitroot::{phillips_perron, AdfRegression};
    /// let y: Vec<f64> = (0..60).map(|t| ((t * 31 % 11) as f64)).collect();
    /// let j = phillips_perron(&y, AdfRegression::C, None).unwrap().to_json();
    /// assert_eq!(j["nobs"], 59);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "statistic": num(self.statistic),
            "pvalue": num(self.pvalue),
            "lags": self.lags,
            "nobs": self.nobs,
            "critical_values": self.critical_values.to_json(),
            "statistic_rho": num(self.statistic_rho),
            "regression": self.regression.name(),
        })
    }

    /// A printout laid out like `arch`'s summary.
    ///
    /// ```
    /// use colcrime::models::unitroot::{phillips_perron, AdfRegression};
    /// let y: Vec<f64> = (0..60).map(|t| ((t * 31 % 11) as f64)).collect();
    /// assert!(phillips_perron(&y, AdfRegression::C, None).unwrap().summary().contains("Phillips-Perron"));
    /// ```
    pub fn summary(&self) -> String {
        let c = &self.critical_values;
        format!(
            "     Phillips-Perron Test (Z-tau)    \n\
             =====================================\n\
             Test Statistic{:>23.3}\n\
             P-value{:>30.3}\n\
             Lags{:>33}\n\
             -------------------------------------\n\
             Trend: {}    Nobs: {}    Z-alpha: {:.3}\n\
             Critical Values: {:.2} (1%), {:.2} (5%), {:.2} (10%)\n\
             Null Hypothesis: The process contains a unit root.\n\
             Alternative Hypothesis: The process is weakly stationary.\n",
            self.statistic,
            self.pvalue,
            self.lags,
            self.regression.name(),
            self.nobs,
            self.statistic_rho,
            c.one,
            c.five,
            c.ten
        )
    }
}

/// The Phillips-Perron test of a unit root in `y` with deterministic
/// terms `n`, `c` or `ct` and Newey-West bandwidth `lags` (default
/// `⌈12 (n/100)^{1/4}⌉`); see the module docs.
///
/// # Errors
/// Missing values, a constant series, regression `ctt`, fewer than
/// `3 + terms` observations, more lags than residuals, or a singular
/// regression.
///
/// # Examples
/// ```
/// use colcrime::models::unitroot::{phillips_perron, AdfRegression};
/// assert!(phillips_perron(&[1.0, 2.0, 1.5], AdfRegression::Ct, None).is_err());
/// ```
pub fn phillips_perron(
    y: &[f64],
    regression: AdfRegression,
    lags: Option<usize>,
) -> Result<PpResult> {
    if regression == AdfRegression::Ctt {
        return Err(Error::usage(
            "phillips-perron: regression must be n, c or ct",
        ));
    }
    let kd = regression.nterms();
    check_series(y, "phillips-perron", (3 + kd).max(lags.unwrap_or(0)))?;
    let n = y.len();
    let l = lags.unwrap_or_else(|| schwert_maxlag(n));
    let nobs = n - 1;
    if nobs < l {
        return Err(Error::usage(format!(
            "phillips-perron: {l} lags exceed the {nobs} residuals of the regression"
        )));
    }
    let mut cols = vec![y[..nobs].to_vec()];
    cols.extend(regression.columns(nobs));
    let fit = ls_fit(
        &from_columns(&cols, nobs),
        &y[1..],
        "phillips-perron regression",
    )?;
    let u = &fit.resid;
    let nf = nobs as f64;
    let k = fit.k as f64;
    // Newey-West with Bartlett weights, no demeaning.
    let gamma = |j: usize| u.iter().skip(j).zip(u).map(|(a, b)| a * b).sum::<f64>() / nf;
    let mut lam2 = gamma(0);
    for j in 1..=l {
        lam2 += 2.0 * (1.0 - j as f64 / (l as f64 + 1.0)) * gamma(j);
    }
    let lam = lam2.sqrt();
    let s2 = u.iter().map(|v| v * v).sum::<f64>() / (nf - k);
    let s = s2.sqrt();
    let gamma0 = s2 * (nf - k) / nf;
    let sigma = fit.bse.first().copied().unwrap_or(f64::NAN);
    let rho = fit.params.first().copied().unwrap_or(f64::NAN);
    if sigma.is_nan() || sigma <= 0.0 || lam2.is_nan() || lam2 <= 0.0 {
        return Err(Error::domain(format!(
            "phillips-perron: the coefficient variance ({sigma}) or the long-run variance \
             ({lam2}) is not positive"
        )));
    }
    let tau = (gamma0 / lam2).sqrt() * ((rho - 1.0) / sigma)
        - 0.5 * ((lam2 - gamma0) / lam) * (nf * sigma / s);
    let zrho = nf * (rho - 1.0) - 0.5 * (nf.powi(2) * sigma.powi(2) / s2) * (lam2 - gamma0);
    Ok(PpResult {
        statistic: tau,
        pvalue: mackinnonp(tau, regression, 1)?,
        lags: l,
        nobs,
        critical_values: mackinnoncrit(1, regression, Some(nf))?,
        statistic_rho: zrho,
        regression,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors() {
        let y: Vec<f64> = (0..20).map(|t| (t * 7 % 5) as f64).collect();
        assert!(phillips_perron(&y, AdfRegression::Ctt, None).is_err());
        assert!(phillips_perron(&y, AdfRegression::C, Some(25)).is_err());
        assert!(phillips_perron(&[3.0; 20], AdfRegression::C, None).is_err());
    }

    #[test]
    fn autotraits() {
        fn ok<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        ok::<PpResult>();
    }
}
