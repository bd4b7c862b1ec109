//! The augmented Dickey-Fuller test, as statsmodels' `adfuller`.
//!
//! With `Δy_t = y_{t+1} - y_t` and `p` lagged differences the regression on
//! the rows `t = p, …, n-2` (so `nobs = n - 1 - p`) is
//!
//! ```text
//! Δy_t = γ y_t + Σ_{j=1}^{p} φ_j Δy_{t-j} + d_t + ε_t
//! ```
//!
//! and the statistic is `γ̂ / se(γ̂)`. When the lag length is chosen
//! (`autolag`), every candidate `p = 0, …, maxlag` is fitted on the same
//! rows (those of `p = maxlag`) so the criteria compare; the chosen `p` is
//! then refitted on its own, longer sample. `maxlag` defaults to
//! `min(⌈12 (n/100)^{1/4}⌉, ⌊n/2⌋ - k_d - 1)` (Schwert 1989), `k_d` the
//! number of deterministic terms. The "t-stat" rule starts at `maxlag` and
//! drops lags until the last one has `|t| ≥ 1.6448536269514722`.
//!
//! ```
//! use colcrime::models::unitroot::{adf, AdfParams, AdfRegression, Autolag};
//! let y: Vec<f64> = (0..50).map(|t| ((t * 37 % 11) as f64) - 5.0).collect();
//! let p = AdfParams::new().regression(AdfRegression::N).autolag(Autolag::None).maxlag(0);
//! let r = adf(&y, &p).unwrap();
//! assert_eq!((r.usedlag, r.nobs), (0, 49));
//! ```

use serde_json::{Value, json};

use super::mackinnon::{CriticalValues, mackinnoncrit, mackinnonp};
use super::{LsFit, check_series, from_columns, ls_fit, schwert_maxlag};
use crate::error::{Error, Result};
use crate::json::num;

/// Deterministic terms of a Dickey-Fuller regression.
///
/// ```
/// use colcrime::models::unitroot::AdfRegression;
/// assert_eq!(AdfRegression::parse("ct").unwrap().nterms(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdfRegression {
    /// No constant.
    N,
    /// A constant.
    C,
    /// A constant and a linear trend.
    Ct,
    /// A constant, a linear and a quadratic trend.
    Ctt,
}

impl AdfRegression {
    /// Parses `n` (or `nc`), `c`, `ct`, `ctt`.
    ///
    /// # Errors
    /// Any other name.
    ///
    /// # Examples
    /// ```
    /// use colcrime::models::unitroot::AdfRegression;
    /// assert_eq!(AdfRegression::parse("C").unwrap(), AdfRegression::C);
    /// assert!(AdfRegression::parse("x").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<AdfRegression> {
        match s.trim().to_ascii_lowercase().as_str() {
            "n" | "nc" => Ok(AdfRegression::N),
            "c" => Ok(AdfRegression::C),
            "ct" => Ok(AdfRegression::Ct),
            "ctt" => Ok(AdfRegression::Ctt),
            _ => Err(Error::usage(format!(
                "regression: expected n, c, ct or ctt, found \"{s}\""
            ))),
        }
    }

    /// The statsmodels name (`n`, `c`, `ct`, `ctt`).
    ///
    /// ```
    /// use colcrime::models::unitroot::AdfRegression;
    /// assert_eq!(AdfRegression::Ctt.name(), "ctt");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            AdfRegression::N => "n",
            AdfRegression::C => "c",
            AdfRegression::Ct => "ct",
            AdfRegression::Ctt => "ctt",
        }
    }

    /// The number of deterministic terms (0 to 3).
    ///
    /// ```
    /// use colcrime::models::unitroot::AdfRegression;
    /// assert_eq!(AdfRegression::C.nterms(), 1);
    /// ```
    pub fn nterms(&self) -> usize {
        match self {
            AdfRegression::N => 0,
            AdfRegression::C => 1,
            AdfRegression::Ct => 2,
            AdfRegression::Ctt => 3,
        }
    }

    /// The deterministic columns for `nobs` rows: constant, `t`, `t²`
    /// with `t = 1, …, nobs` (statsmodels `add_trend`).
    pub(crate) fn columns(&self, nobs: usize) -> Vec<Vec<f64>> {
        let k = self.nterms();
        let mut out = Vec::with_capacity(k);
        if k >= 1 {
            out.push(vec![1.0; nobs]);
        }
        if k >= 2 {
            out.push((1..=nobs).map(|t| t as f64).collect());
        }
        if k >= 3 {
            out.push((1..=nobs).map(|t| (t as f64).powi(2)).collect());
        }
        out
    }
}

/// How the number of lagged differences is chosen.
///
/// ```
/// use colcrime::models::unitroot::Autolag;
/// assert_eq!(Autolag::parse("t-stat").unwrap(), Autolag::TStat);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Autolag {
    /// Minimum Akaike criterion.
    Aic,
    /// Minimum Schwarz (Bayes) criterion.
    Bic,
    /// General-to-specific: the largest lag whose t-ratio is significant at 10 %.
    TStat,
    /// Use `maxlag` lags.
    None,
}

impl Autolag {
    /// Parses `AIC`, `BIC`, `t-stat` or `none` (any case).
    ///
    /// # Errors
    /// Any other name.
    ///
    /// # Examples
    /// ```
    /// use colcrime::models::unitroot::Autolag;
    /// assert_eq!(Autolag::parse("aic").unwrap(), Autolag::Aic);
    /// assert!(Autolag::parse("hqic").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Autolag> {
        match s.trim().to_ascii_lowercase().as_str() {
            "aic" => Ok(Autolag::Aic),
            "bic" => Ok(Autolag::Bic),
            "t-stat" | "tstat" => Ok(Autolag::TStat),
            "none" => Ok(Autolag::None),
            _ => Err(Error::usage(format!(
                "autolag: expected AIC, BIC, t-stat or none, found \"{s}\""
            ))),
        }
    }

    /// The statsmodels name (`AIC`, `BIC`, `t-stat`, `none`).
    ///
    /// ```
    /// use colcrime::models::unitroot::Autolag;
    /// assert_eq!(Autolag::Bic.name(), "BIC");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Autolag::Aic => "AIC",
            Autolag::Bic => "BIC",
            Autolag::TStat => "t-stat",
            Autolag::None => "none",
        }
    }
}

/// Options of [`adf`]: deterministic terms (default `c`), lag selection
/// (default AIC) and the largest lag (default Schwert's rule).
///
/// ```
/// use colcrime::models::unitroot::{AdfParams, AdfRegression};
/// let p = AdfParams::new().regression(AdfRegression::Ct).maxlag(4);
/// assert_eq!(p.get_maxlag(), Some(4));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdfParams {
    regression: AdfRegression,
    autolag: Autolag,
    maxlag: Option<usize>,
}

impl Default for AdfParams {
    fn default() -> Self {
        AdfParams::new()
    }
}

impl AdfParams {
    /// Constant, AIC, default `maxlag` (statsmodels' defaults).
    ///
    /// ```
    /// use colcrime::models::unitroot::{AdfParams, Autolag};
    /// assert_eq!(AdfParams::new().get_autolag(), Autolag::Aic);
    /// ```
    pub fn new() -> Self {
        AdfParams {
            regression: AdfRegression::C,
            autolag: Autolag::Aic,
            maxlag: None,
        }
    }

    /// Sets the deterministic terms.
    ///
    /// ```
    /// use colcrime::models::unitroot::{AdfParams, AdfRegression};
    /// assert_eq!(AdfParams::new().regression(AdfRegression::N).get_regression(), AdfRegression::N);
    /// ```
    pub fn regression(mut self, r: AdfRegression) -> Self {
        self.regression = r;
        self
    }

    /// Sets the lag selection rule.
    ///
    /// ```
    /// use colcrime::models::unitroot::{AdfParams, Autolag};
    /// assert_eq!(AdfParams::new().autolag(Autolag::Bic).get_autolag(), Autolag::Bic);
    /// ```
    pub fn autolag(mut self, a: Autolag) -> Self {
        self.autolag = a;
        self
    }

    /// Sets the largest lag (the lag used when `autolag` is `None`).
    ///
    /// ```
    /// use colcrime::models::unitroot::AdfParams;
    /// assert_eq!(AdfParams::new().maxlag(2).get_maxlag(), Some(2));
    /// ```
    pub fn maxlag(mut self, m: usize) -> Self {
        self.maxlag = Some(m);
        self
    }

    /// Sets or clears the largest lag.
    ///
    /// ```
    /// use colcrime::models::unitroot::AdfParams;
    /// assert_eq!(AdfParams::new().maxlag_opt(None).get_maxlag(), None);
    /// ```
    pub fn maxlag_opt(mut self, m: Option<usize>) -> Self {
        self.maxlag = m;
        self
    }

    /// The deterministic terms.
    ///
    /// ```
    /// use colcrime::models::unitroot::{AdfParams, AdfRegression};
    /// assert_eq!(AdfParams::new().get_regression(), AdfRegression::C);
    /// ```
    pub fn get_regression(&self) -> AdfRegression {
        self.regression
    }

    /// The lag selection rule.
    ///
    /// ```
    /// use colcrime::models::unitroot::{AdfParams, Autolag};
    /// assert_eq!(AdfParams::new().get_autolag(), Autolag::Aic);
    /// ```
    pub fn get_autolag(&self) -> Autolag {
        self.autolag
    }

    /// The largest lag, if set.
    ///
    /// ```
    /// use colcrime::models::unitroot::AdfParams;
    /// assert_eq!(AdfParams::new().get_maxlag(), None);
    /// ```
    pub fn get_maxlag(&self) -> Option<usize> {
        self.maxlag
    }

    /// The largest lag for a series of `n` observations, checked as
    /// statsmodels does.
    ///
    /// # Errors
    /// The series is too short for the deterministic terms, or `maxlag`
    /// exceeds `⌊n/2⌋ - k_d - 1`.
    ///
    /// # Examples
    /// ```
    /// use colcrime::models::unitroot::AdfParams;
    /// assert_eq!(AdfParams::new().resolve_maxlag(100).unwrap(), 12);
    /// assert!(AdfParams::new().maxlag(10).resolve_maxlag(20).is_err());
    /// ```
    pub fn resolve_maxlag(&self, n: usize) -> Result<usize> {
        let kd = self.regression.nterms();
        let limit = (n / 2).checked_sub(kd + 1);
        match (self.maxlag, limit) {
            (_, None) => Err(Error::not_enough_data(
                format!("adf (regression {})", self.regression.name()),
                2 * (kd + 1),
                n,
            )),
            (None, Some(lim)) => Ok(schwert_maxlag(n).min(lim)),
            (Some(m), Some(lim)) if m > lim => Err(Error::usage(format!(
                "adf: maxlag {m} is too large for {n} observations with regression {}: \
                 at most {lim} (n/2 - 1 - number of deterministic terms)",
                self.regression.name()
            ))),
            (Some(m), Some(_)) => Ok(m),
        }
    }
}

/// The result of [`adf`] (statsmodels `adfuller` names).
///
/// ```
/// use colcrime::models::unitroot::{adf, AdfParams, Autolag};
/// let y: Vec<f64> = (0..60).map(|t| (t * 7919 % 13) as f64).collect();
/// let r = adf(&y, &AdfParams::new().autolag(Autolag::None).maxlag(1)).unwrap();
/// assert_eq!(r.nobs, 58);
/// assert!(r.critical_values.one < r.critical_values.five);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AdfResult {
    /// The t-ratio of the lagged level.
    pub statistic: f64,
    /// MacKinnon (1994) approximate p-value.
    pub pvalue: f64,
    /// Lagged differences in the final regression.
    pub usedlag: usize,
    /// Observations in the final regression.
    pub nobs: usize,
    /// MacKinnon (2010) critical values for `nobs`.
    pub critical_values: CriticalValues,
    /// The best information criterion (or `|t|` for "t-stat"); `None`
    /// without lag selection.
    pub icbest: Option<f64>,
    /// The largest lag considered.
    pub maxlag: usize,
    /// Deterministic terms.
    pub regression: AdfRegression,
    /// Lag selection rule.
    pub autolag: Autolag,
}

impl AdfResult {
    /// The contract's JSON: `statistic, pvalue, usedlag, nobs,
    /// critical_values, icbest` (plus `maxlag, regression, autolag`).
    ///
    /// ```
    /// use colcrime::models::unitroot::{adf, AdfParams};
    /// let y: Vec<f64> = (0..60).map(|t| (t * 7919 % 13) as f64).collect();
    /// let j = adf(&y, &AdfParams::new()).unwrap().to_json();
    /// assert_eq!(j["regression"], "c");
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "statistic": num(self.statistic),
            "pvalue": num(self.pvalue),
            "usedlag": self.usedlag,
            "nobs": self.nobs,
            "critical_values": self.critical_values.to_json(),
            "icbest": self.icbest.map_or(Value::Null, num),
            "maxlag": self.maxlag,
            "regression": self.regression.name(),
            "autolag": self.autolag.name(),
        })
    }

    /// A printout laid out like statsmodels' `ResultsStore` summary.
    ///
    /// ```
    /// use colcrime::models::unitroot::{adf, AdfParams};
    /// let y: Vec<f64> = (0..60).map(|t| (t * 7919 % 13) as f64).collect();
    /// assert!(adf(&y, &AdfParams::new()).unwrap().summary().contains("ADF Statistic"));
    /// ```
    pub fn summary(&self) -> String {
        let mut s = String::from("Augmented Dickey-Fuller Test Results\n");
        s.push_str(&format!(
            "Regression: {}    Autolag: {}    Max lag: {}\n",
            self.regression.name(),
            self.autolag.name(),
            self.maxlag
        ));
        s.push_str(&format!("ADF Statistic: {:.5}\n", self.statistic));
        s.push_str(&format!("P-value: {:.5}\n", self.pvalue));
        s.push_str(&format!("Used Lag: {}\n", self.usedlag));
        s.push_str(&format!("Nobs: {}\n", self.nobs));
        s.push_str(&format!(
            "Critical Values: {{'1%': {:.5}, '5%': {:.5}, '10%': {:.5}}}\n",
            self.critical_values.one, self.critical_values.five, self.critical_values.ten
        ));
        if let Some(ic) = self.icbest {
            s.push_str(&format!("IC best: {ic:.5}\n"));
        }
        s.push_str("H0: the series has a unit root; HA: it is stationary\n");
        s
    }
}

/// The regression of `Δy` on the lagged level, `lags` lagged differences
/// and the deterministic terms, on the rows of lag `sample_lag`
/// (`sample_lag ≥ lags`). Columns: deterministic terms first when
/// `prepend`, else last; the level comes before the lags.
fn design(
    y: &[f64],
    dy: &[f64],
    lags: usize,
    sample_lag: usize,
    reg: AdfRegression,
    prepend: bool,
) -> (ndarray::Array2<f64>, Vec<f64>) {
    let rows = sample_lag..dy.len();
    let nobs = rows.len();
    let mut cols: Vec<Vec<f64>> = Vec::with_capacity(lags + 4);
    cols.push(rows.clone().map(|i| y[i]).collect());
    for j in 1..=lags {
        cols.push(rows.clone().map(|i| dy[i - j]).collect());
    }
    let det = reg.columns(nobs);
    if prepend {
        cols.splice(0..0, det);
    } else {
        cols.extend(det);
    }
    let resp = dy[sample_lag..].to_vec();
    (from_columns(&cols, nobs), resp)
}

/// The augmented Dickey-Fuller test of a unit root in `y` (statsmodels
/// `adfuller`; see the module docs).
///
/// # Errors
/// Missing or non-finite values, a constant series, a series too short for
/// the deterministic terms, `maxlag` too large, or a singular regression.
///
/// # Examples
/// ```
/// use colcrime::models::unitroot::{adf, AdfParams, AdfRegression, Autolag};
/// // A random walk: the unit root is not rejected.
/// let mut y = vec![0.0f64; 120];
/// let mut s = 3u64;
/// for t in 1..120 {
///     s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
///     y[t] = y[t - 1] + ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5;
/// }
/// let r = adf(&y, &AdfParams::new().regression(AdfRegression::Ct)).unwrap();
/// assert!(r.pvalue > 0.05);
/// assert!(adf(&[1.0; 30], &AdfParams::new()).is_err());
/// ```
pub fn adf(y: &[f64], params: &AdfParams) -> Result<AdfResult> {
    let reg = params.regression;
    check_series(y, "adf", 2)?;
    let n = y.len();
    let maxlag = params.resolve_maxlag(n)?;
    let dy: Vec<f64> = y.windows(2).map(|w| w[1] - w[0]).collect();
    let what = "adf regression";
    let (usedlag, icbest) = match params.autolag {
        Autolag::None => (maxlag, None),
        rule => {
            let mut fits: Vec<LsFit> = Vec::with_capacity(maxlag + 1);
            for lags in 0..=maxlag {
                let (x, r) = design(y, &dy, lags, maxlag, reg, true);
                fits.push(ls_fit(&x, &r, what)?);
            }
            select_lag(&fits, rule)
        }
    };
    let (x, r) = design(y, &dy, usedlag, usedlag, reg, false);
    let fit = ls_fit(&x, &r, what)?;
    let statistic = fit.tvalue(0);
    let nobs = fit.nobs;
    Ok(AdfResult {
        statistic,
        pvalue: mackinnonp(statistic, reg, 1)?,
        usedlag,
        nobs,
        critical_values: mackinnoncrit(1, reg, Some(nobs as f64))?,
        icbest,
        maxlag,
        regression: reg,
        autolag: params.autolag,
    })
}

/// statsmodels `_autolag`: fits[i] has `i` lagged differences.
fn select_lag(fits: &[LsFit], rule: Autolag) -> (usize, Option<f64>) {
    match rule {
        Autolag::Aic | Autolag::Bic => {
            let mut best: Option<(f64, usize)> = None;
            for (lag, f) in fits.iter().enumerate() {
                let ic = if rule == Autolag::Aic {
                    f.aic()
                } else {
                    f.bic()
                };
                // Ties (and NaN) keep the smaller lag, as Python's min of tuples.
                if best.is_none_or(|(b, _)| ic < b) {
                    best = Some((ic, lag));
                }
            }
            match best {
                Some((ic, lag)) => (lag, Some(ic)),
                None => (0, None),
            }
        }
        _ => {
            // 1.6448536269514722 = Φ⁻¹(0.95), as statsmodels hard-codes it.
            let stop = 1.6448536269514722;
            let mut best = (fits.len().saturating_sub(1), 0.0);
            for (lag, f) in fits.iter().enumerate().rev() {
                let t = f.tvalue(f.k - 1).abs();
                best = (lag, t);
                if t >= stop {
                    break;
                }
            }
            (best.0, Some(best.1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn design_shapes() {
        let y = [1.0, 3.0, 2.0, 5.0, 4.0, 6.0];
        let dy: Vec<f64> = y.windows(2).map(|w| w[1] - w[0]).collect();
        let (x, r) = design(&y, &dy, 1, 2, AdfRegression::Ct, false);
        // rows i = 2, 3, 4: level y[i], lag dy[i-1], const, trend.
        assert_eq!(x.dim(), (3, 4));
        assert_eq!(r, vec![3.0, -1.0, 2.0]);
        assert_eq!(x[[0, 0]], 2.0);
        assert_eq!(x[[0, 1]], -1.0);
        assert_eq!(x[[2, 3]], 3.0);
    }

    #[test]
    fn short_and_constant() {
        let p = AdfParams::new().regression(AdfRegression::Ct);
        assert!(adf(&[1.0, 2.0, 4.0, 3.0, 5.0], &p).is_err());
        assert!(adf(&[2.0; 40], &AdfParams::new()).is_err());
        assert!(adf(&[1.0, f64::NAN, 3.0, 4.0], &AdfParams::new()).is_err());
    }

    #[test]
    fn autotraits() {
        fn ok<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        ok::<AdfParams>();
        ok::<AdfResult>();
        ok::<AdfRegression>();
        ok::<Autolag>();
    }
}
