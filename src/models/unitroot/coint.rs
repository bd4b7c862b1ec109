//! The Engle-Granger (1987) two-step cointegration test with a constant,
//! as statsmodels' `coint(trend="c")`.
//!
//! Step 1 regresses `y_t = α + β' x_t + u_t` by least squares; step 2 runs
//! the augmented Dickey-Fuller regression without deterministic terms on
//! the residuals `û_t` (lag length by `autolag`, [`super::adf()`]). The
//! statistic is referred to MacKinnon's tables for `N` = the number of
//! variables (`y` and every `x`): the p-value from MacKinnon (1994) and the
//! critical values from MacKinnon (2010) at `T = n - 1` (Stata's
//! `egranger` convention, which statsmodels follows). If the first-step
//! fit is perfect (`R² ≥ 1 - 100 √ε`) the statistic is `-∞`.
//!
//! ```
//! use colcrime::models::unitroot::{coint, CointParams};
//! let mut x = vec![0.0f64; 100];
//! let mut s = 11u64;
//! let mut u = || { s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5 };
//! for t in 1..100 { x[t] = x[t - 1] + u(); }
//! let y: Vec<f64> = x.iter().map(|v| 1.0 + 2.0 * v + 0.3 * u()).collect();
//! let r = coint(&y, &[x], &CointParams::new()).unwrap();
//! assert!(r.pvalue < 0.01);
//! assert!((r.params[1] - 2.0).abs() < 0.1);
//! ```

use serde_json::{Value, json};

use super::adf::{AdfParams, AdfRegression, Autolag, adf};
use super::mackinnon::{CriticalValues, mackinnoncrit, mackinnonp};
use super::{from_columns, ls_fit};
use crate::error::{Error, Result};
use crate::json::{num, nums};

/// Options of [`coint`]: lag selection for the residual ADF regression
/// (default AIC) and its largest lag (default Schwert's rule).
///
/// ```
/// use colcrime::models::unitroot::{CointParams, Autolag};
/// let p = CointParams::new().autolag(Autolag::None).maxlag(2);
/// assert_eq!(p.get_maxlag(), Some(2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CointParams {
    autolag: Autolag,
    maxlag: Option<usize>,
}

impl Default for CointParams {
    fn default() -> Self {
        CointParams::new()
    }
}

impl CointParams {
    /// AIC lag selection with the default largest lag.
    ///
    /// ```
    /// use colcrime::models::unitroot::{CointParams, Autolag};
    /// assert_eq!(CointParams::new().get_autolag(), Autolag::Aic);
    /// ```
    pub fn new() -> Self {
        CointParams {
            autolag: Autolag::Aic,
            maxlag: None,
        }
    }

    /// Sets the lag selection rule.
    ///
    /// ```
    /// use colcrime::models::unitroot::{CointParams, Autolag};
    /// assert_eq!(CointParams::new().autolag(Autolag::Bic).get_autolag(), Autolag::Bic);
    /// ```
    pub fn autolag(mut self, a: Autolag) -> Self {
        self.autolag = a;
        self
    }

    /// Sets the largest lag.
    ///
    /// ```
    /// use colcrime::models::unitroot::CointParams;
    /// assert_eq!(CointParams::new().maxlag(3).get_maxlag(), Some(3));
    /// ```
    pub fn maxlag(mut self, m: usize) -> Self {
        self.maxlag = Some(m);
        self
    }

    /// Sets or clears the largest lag.
    ///
    /// ```
    /// use colcrime::models::unitroot::CointParams;
    /// assert_eq!(CointParams::new().maxlag_opt(None).get_maxlag(), None);
    /// ```
    pub fn maxlag_opt(mut self, m: Option<usize>) -> Self {
        self.maxlag = m;
        self
    }

    /// The lag selection rule.
    ///
    /// ```
    /// use colcrime::models::unitroot::{CointParams, Autolag};
    /// assert_eq!(CointParams::new().get_autolag(), Autolag::Aic);
    /// ```
    pub fn get_autolag(&self) -> Autolag {
        self.autolag
    }

    /// The largest lag, if set.
    ///
    /// ```
    /// use colcrime::models::unitroot::CointParams;
    /// assert_eq!(CointParams::new().get_maxlag(), None);
    /// ```
    pub fn get_maxlag(&self) -> Option<usize> {
        self.maxlag
    }
}

/// The result of [`coint`].
///
/// ```
/// use colcrime::models::unitroot::{coint, CointParams};
/// let x: Vec<f64> = (0..60).map(|t| (t as f64).sqrt() + ((t * 7 % 5) as f64)).collect();
/// let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| v + ((t * 3 % 4) as f64)).collect();
/// let r = coint(&y, &[x], &CointParams::new()).unwrap();
/// assert_eq!(r.param_names, vec!["const", "x1"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CointResult {
    /// ADF t-statistic of the first-step residuals.
    pub statistic: f64,
    /// MacKinnon (1994) p-value for `N` variables.
    pub pvalue: f64,
    /// MacKinnon (2010) critical values for `N` variables and `T = n - 1`.
    pub critical_values: CriticalValues,
    /// Lagged differences in the residual ADF regression.
    pub usedlag: usize,
    /// Observations in the residual ADF regression.
    pub adf_nobs: usize,
    /// Observations in the cointegrating regression.
    pub nobs: usize,
    /// The number of variables `N` (y and the x's).
    pub k_vars: usize,
    /// The cointegrating regression: constant, then one per `x`.
    pub params: Vec<f64>,
    /// Names of `params` (`const`, then `x1`, `x2`, ... unless renamed).
    pub param_names: Vec<String>,
    /// R² of the cointegrating regression.
    pub rsquared: f64,
}

impl CointResult {
    /// The contract's JSON: `statistic, pvalue, critical_values, usedlag,
    /// params` (plus `param_names, nobs, adf_nobs, k_vars, rsquared`).
    ///
    /// ```
    /// use colcrime::models::unitroot::{coint, CointParams};
    /// let x: Vec<f64> = (0..60).map(|t| (t as f64).sqrt() + ((t * 7 % 5) as f64)).collect();
    /// let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| v + ((t * 3 % 4) as f64)).collect();
    /// let j = coint(&y, &[x], &CointParams::new()).unwrap().to_json();
    /// assert_eq!(j["k_vars"], 2);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "statistic": num(self.statistic),
            "pvalue": num(self.pvalue),
            "critical_values": self.critical_values.to_json(),
            "usedlag": self.usedlag,
            "params": nums(&self.params),
            "param_names": self.param_names,
            "nobs": self.nobs,
            "adf_nobs": self.adf_nobs,
            "k_vars": self.k_vars,
            "rsquared": num(self.rsquared),
            "trend": "c",
        })
    }

    /// A printout of the test and the cointegrating regression.
    ///
    /// ```
    /// use colcrime::models::unitroot::{coint, CointParams};
    /// let x: Vec<f64> = (0..60).map(|t| (t as f64).sqrt() + ((t * 7 % 5) as f64)).collect();
    /// let y: Vec<f64> = x.iter().enumerate().map(|(t, v)| v + ((t * 3 % 4) as f64)).collect();
    /// assert!(coint(&y, &[x], &CointParams::new()).unwrap().summary().contains("Engle-Granger"));
    /// ```
    pub fn summary(&self) -> String {
        let mut s = String::from("Engle-Granger Cointegration Test (constant)\n");
        s.push_str(&format!(
            "Cointegrating regression: {} observations, R-squared {:.5}\n",
            self.nobs, self.rsquared
        ));
        for (n, p) in self.param_names.iter().zip(&self.params) {
            s.push_str(&format!("  {n:<20} {p:>14.6}\n"));
        }
        s.push_str(&format!("Test Statistic: {:.5}\n", self.statistic));
        s.push_str(&format!("P-value: {:.5}\n", self.pvalue));
        s.push_str(&format!(
            "Used Lag: {}    Nobs (ADF): {}    Variables (N): {}\n",
            self.usedlag, self.adf_nobs, self.k_vars
        ));
        s.push_str(&format!(
            "Critical Values: {{'1%': {:.5}, '5%': {:.5}, '10%': {:.5}}}\n",
            self.critical_values.one, self.critical_values.five, self.critical_values.ten
        ));
        s.push_str("H0: no cointegration; HA: the series are cointegrated\n");
        s
    }
}

/// The Engle-Granger test of no cointegration between `y` and the columns
/// `x` (see the module docs). `params` are named `x1, x2, …`; the CLI
/// renames them after the expressions.
///
/// # Errors
/// No `x` or more than five (MacKinnon's p-value tables stop at `N = 6`),
/// lengths that differ, missing values, too few observations, a singular
/// regression, or the residual ADF test's errors.
///
/// # Examples
/// ```
/// use colcrime::models::unitroot::{coint, CointParams};
/// assert!(coint(&[1.0, 2.0, 3.0], &[], &CointParams::new()).is_err());
/// ```
pub fn coint(y: &[f64], x: &[Vec<f64>], params: &CointParams) -> Result<CointResult> {
    let n = y.len();
    if x.is_empty() || x.len() > 5 {
        return Err(Error::usage(format!(
            "coint: expected 1 to 5 regressors x (MacKinnon's tables cover up to 6 variables), got {}",
            x.len()
        )));
    }
    if let Some(c) = x.iter().find(|c| c.len() != n) {
        return Err(Error::usage(format!(
            "coint: y has {n} observations but an x has {}",
            c.len()
        )));
    }
    let k_vars = x.len() + 1;
    super::check_series(y, "coint (y)", 2 * (k_vars + 1))?;
    for (j, c) in x.iter().enumerate() {
        super::check_series(c, &format!("coint (x{})", j + 1), 2)?;
    }
    let mut cols: Vec<Vec<f64>> = vec![vec![1.0; n]];
    cols.extend(x.iter().cloned());
    let fit = ls_fit(&from_columns(&cols, n), y, "coint cointegrating regression")?;
    let mean = y.iter().sum::<f64>() / n as f64;
    let tss: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
    let rsquared = 1.0 - fit.ssr / tss;
    let sqrteps = f64::EPSILON.sqrt();
    let (statistic, usedlag, adf_nobs) = if rsquared < 1.0 - 100.0 * sqrteps {
        let p = AdfParams::new()
            .regression(AdfRegression::N)
            .autolag(params.autolag)
            .maxlag_opt(params.maxlag);
        let r = adf(&fit.resid, &p).map_err(|e| e.context("coint residual ADF"))?;
        (r.statistic, r.usedlag, r.nobs)
    } else {
        // statsmodels: (almost) perfectly collinear, the test is not reliable.
        (f64::NEG_INFINITY, 0, n)
    };
    Ok(CointResult {
        statistic,
        pvalue: mackinnonp(statistic, AdfRegression::C, k_vars)?,
        critical_values: mackinnoncrit(k_vars, AdfRegression::C, Some((n - 1) as f64))?,
        usedlag,
        adf_nobs,
        nobs: n,
        k_vars,
        params: fit.params,
        param_names: std::iter::once("const".to_string())
            .chain((1..k_vars).map(|j| format!("x{j}")))
            .collect(),
        rsquared,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors() {
        let y: Vec<f64> = (0..30).map(|t| (t % 7) as f64).collect();
        assert!(coint(&y, &[y[..20].to_vec()], &CointParams::new()).is_err());
        let six = vec![y.clone(); 6];
        assert!(coint(&y, &six, &CointParams::new()).is_err());
    }

    #[test]
    fn perfect_fit_is_minus_infinity() {
        let x: Vec<f64> = (0..30).map(|t| (t * 7 % 11) as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| 2.0 * v + 1.0).collect();
        let r = coint(&y, &[x], &CointParams::new()).unwrap();
        assert_eq!(r.statistic, f64::NEG_INFINITY);
        assert_eq!(r.pvalue, 0.0);
    }

    #[test]
    fn autotraits() {
        fn ok<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        ok::<CointParams>();
        ok::<CointResult>();
    }
}
