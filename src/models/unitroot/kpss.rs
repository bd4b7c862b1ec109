//! The KPSS test of (level or trend) stationarity, as statsmodels' `kpss`.
//!
//! With `e_t` the residuals of `y` on a constant (`c`: `e_t = y_t - ȳ`) or
//! on a constant and `t = 1, …, n` (`ct`), `S_t = Σ_{s≤t} e_s` and the
//! Bartlett long-run variance
//!
//! ```text
//! s²(l) = (1/n) [Σ e_t² + 2 Σ_{i=1}^{l} (1 - i/(l+1)) Σ_t e_t e_{t-i}],
//! η = Σ S_t² / (n² s²(l)).
//! ```
//!
//! The p-value interpolates linearly in KPSS's (1992, table 1) critical
//! values and is clipped to [0.01, 0.10]. The bandwidth `l` is
//!
//! - `auto` (Hobijn, Franses & Ooms 1998): with `m = ⌊n^{2/9}⌋`,
//!   `ŝ₀ = Σe²/n + Σ_{i=1}^{m} 2γ̂_i`, `ŝ₁ = Σ_{i=1}^{m} 2 i γ̂_i` (`γ̂_i = Σ e_t e_{t-i} / n`),
//!   `l = ⌊1.1447 ((ŝ₁/ŝ₀)²)^{1/3} n^{1/3}⌋`, at most `n - 1`;
//! - `legacy`: `min(⌈12 (n/100)^{1/4}⌉, n - 1)`;
//! - a fixed number below `n`.
//!
//! ```
//! use colcrime::models::unitroot::{kpss, KpssLags, KpssRegression};
//! let y: Vec<f64> = (0..100).map(|t| (t * 7919 % 17) as f64).collect();
//! let r = kpss(&y, KpssRegression::C, KpssLags::Fixed(4)).unwrap();
//! assert_eq!(r.lags, 4);
//! assert!(r.statistic > 0.0);
//! ```

use serde_json::{Map, Value, json};

use super::{check_series, from_columns, ls_fit, schwert_maxlag};
use crate::error::{Error, Result};
use crate::json::num;

/// The KPSS null: level (`C`) or trend (`Ct`) stationarity.
///
/// ```
/// use colcrime::models::unitroot::KpssRegression;
/// assert_eq!(KpssRegression::parse("ct").unwrap(), KpssRegression::Ct);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpssRegression {
    /// Stationary around a constant.
    C,
    /// Stationary around a linear trend.
    Ct,
}

impl KpssRegression {
    /// Parses `c` or `ct`.
    ///
    /// # Errors
    /// Any other name.
    ///
    /// # Examples
    /// ```
    /// use colcrime::models::unitroot::KpssRegression;
    /// assert!(KpssRegression::parse("n").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<KpssRegression> {
        match s.trim().to_ascii_lowercase().as_str() {
            "c" => Ok(KpssRegression::C),
            "ct" => Ok(KpssRegression::Ct),
            _ => Err(Error::usage(format!(
                "kpss regression: expected c or ct, found \"{s}\""
            ))),
        }
    }

    /// `c` or `ct`.
    ///
    /// ```
    /// use colcrime::models::unitroot::KpssRegression;
    /// assert_eq!(KpssRegression::C.name(), "c");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            KpssRegression::C => "c",
            KpssRegression::Ct => "ct",
        }
    }

    /// KPSS (1992) table 1 critical values at 10 %, 5 %, 2.5 %, 1 %.
    ///
    /// ```
    /// use colcrime::models::unitroot::KpssRegression;
    /// assert_eq!(KpssRegression::C.critical_values()[1], 0.463);
    /// ```
    pub fn critical_values(&self) -> [f64; 4] {
        match self {
            KpssRegression::C => [0.347, 0.463, 0.574, 0.739],
            KpssRegression::Ct => [0.119, 0.146, 0.176, 0.216],
        }
    }
}

/// The bandwidth of the long-run variance.
///
/// ```
/// use colcrime::models::unitroot::KpssLags;
/// assert_eq!(KpssLags::parse("auto").unwrap(), KpssLags::Auto);
/// assert_eq!(KpssLags::parse("3").unwrap(), KpssLags::Fixed(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpssLags {
    /// Hobijn, Franses & Ooms (1998) data-dependent bandwidth.
    Auto,
    /// `⌈12 (n/100)^{1/4}⌉`.
    Legacy,
    /// A given number of lags.
    Fixed(usize),
}

impl KpssLags {
    /// Parses `auto`, `legacy` or a non-negative integer.
    ///
    /// # Errors
    /// Anything else.
    ///
    /// # Examples
    /// ```
    /// use colcrime::models::unitroot::KpssLags;
    /// assert!(KpssLags::parse("-1").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<KpssLags> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(KpssLags::Auto),
            "legacy" => Ok(KpssLags::Legacy),
            t => t.parse::<usize>().map(KpssLags::Fixed).map_err(|_| {
                Error::usage(format!(
                    "nlags: expected auto, legacy or a non-negative integer, found \"{s}\""
                ))
            }),
        }
    }
}

/// The result of [`kpss`] (statsmodels names).
///
/// ```
/// use colcrime::models::unitroot::{kpss, KpssLags, KpssRegression};
/// let y: Vec<f64> = (0..50).map(|t| t as f64).collect();
/// let r = kpss(&y, KpssRegression::C, KpssLags::Legacy).unwrap();
/// assert_eq!(r.lags, 11);
/// assert!(r.pvalue < 0.05); // a trend is not level stationary
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct KpssResult {
    /// The KPSS η statistic.
    pub statistic: f64,
    /// Interpolated p-value, clipped to [0.01, 0.10].
    pub pvalue: f64,
    /// Bandwidth used.
    pub lags: usize,
    /// Critical values at 10 %, 5 %, 2.5 %, 1 %.
    pub critical_values: [f64; 4],
    /// Observations.
    pub nobs: usize,
    /// Level or trend stationarity.
    pub regression: KpssRegression,
}

impl KpssResult {
    /// The contract's JSON: `statistic, pvalue, lags, critical_values
    /// {"10%","5%","2.5%","1%"}` (plus `nobs, regression`).
    ///
    /// ```
    /// use colcrime::models::unitroot::{kpss, KpssLags, KpssRegression};
    /// let y: Vec<f64> = (0..50).map(|t| (t % 5) as f64).collect();
    /// let j = kpss(&y, KpssRegression::C, KpssLags::Fixed(2)).unwrap().to_json();
    /// assert_eq!(j["critical_values"]["2.5%"], 0.574);
    /// ```
    pub fn to_json(&self) -> Value {
        let mut cv = Map::new();
        for (k, v) in ["10%", "5%", "2.5%", "1%"].iter().zip(self.critical_values) {
            cv.insert((*k).into(), num(v));
        }
        json!({
            "statistic": num(self.statistic),
            "pvalue": num(self.pvalue),
            "lags": self.lags,
            "critical_values": Value::Object(cv),
            "nobs": self.nobs,
            "regression": self.regression.name(),
        })
    }

    /// A printout laid out like statsmodels' `kpss` store.
    ///
    /// ```
    /// use colcrime::models::unitroot::{kpss, KpssLags, KpssRegression};
    /// let y: Vec<f64> = (0..50).map(|t| (t % 5) as f64).collect();
    /// let s = kpss(&y, KpssRegression::C, KpssLags::Auto).unwrap().summary();
    /// assert!(s.contains("KPSS Statistic"));
    /// ```
    pub fn summary(&self) -> String {
        let kind = match self.regression {
            KpssRegression::C => "level",
            KpssRegression::Ct => "trend",
        };
        let c = self.critical_values;
        let mut s = String::from("KPSS Stationarity Test Results\n");
        s.push_str(&format!("Regression: {}\n", self.regression.name()));
        s.push_str(&format!("KPSS Statistic: {:.5}\n", self.statistic));
        s.push_str(&format!("P-value: {:.5}", self.pvalue));
        if self.pvalue <= 0.01 {
            s.push_str("  (the actual p-value is smaller)");
        } else if self.pvalue >= 0.10 {
            s.push_str("  (the actual p-value is greater)");
        }
        s.push('\n');
        s.push_str(&format!("Lags: {}\n", self.lags));
        s.push_str(&format!("Nobs: {}\n", self.nobs));
        s.push_str(&format!(
            "Critical Values: {{'10%': {}, '5%': {}, '2.5%': {}, '1%': {}}}\n",
            c[0], c[1], c[2], c[3]
        ));
        s.push_str(&format!(
            "H0: the series is {kind} stationary; HA: it is not {kind} stationary\n"
        ));
        s
    }
}

/// `Σ_t e_t e_{t-i}`.
fn autocov_sum(e: &[f64], i: usize) -> f64 {
    e.iter().skip(i).zip(e).map(|(a, b)| a * b).sum()
}

/// Hobijn et al. (1998) bandwidth (statsmodels `_kpss_autolag`).
fn hobijn_lags(e: &[f64]) -> usize {
    let n = e.len() as f64;
    let covlags = n.powf(2.0 / 9.0) as usize;
    let mut s0 = e.iter().map(|v| v * v).sum::<f64>() / n;
    let mut s1 = 0.0;
    for i in 1..=covlags {
        let p = autocov_sum(e, i) / (n / 2.0);
        s0 += p;
        s1 += i as f64 * p;
    }
    let s_hat = s1 / s0;
    let pwr = 1.0 / 3.0;
    let gamma = 1.1447 * (s_hat * s_hat).powf(pwr);
    let l = gamma * n.powf(pwr);
    if l.is_finite() && l > 0.0 {
        l as usize
    } else {
        0
    }
}

/// Bartlett long-run variance (statsmodels `_sigma_est_kpss`).
fn long_run_variance(e: &[f64], lags: usize) -> f64 {
    let n = e.len();
    let mut s = e.iter().map(|v| v * v).sum::<f64>();
    for i in 1..=lags {
        s += 2.0 * autocov_sum(e, i) * (1.0 - (i as f64 / (lags as f64 + 1.0)));
    }
    s / n as f64
}

/// `np.interp(x, xp, fp)` for increasing `xp`, clamped at the ends.
fn interp(x: f64, xp: &[f64], fp: &[f64]) -> f64 {
    match (xp.first(), xp.last(), fp.first(), fp.last()) {
        (Some(&x0), Some(&xn), Some(&f0), Some(&fn_)) => {
            if x.is_nan() {
                return f64::NAN;
            }
            if x <= x0 {
                return f0;
            }
            if x >= xn {
                return fn_;
            }
            for j in 1..xp.len() {
                if x < xp[j] {
                    let slope = (fp[j] - fp[j - 1]) / (xp[j] - xp[j - 1]);
                    return slope * (x - xp[j - 1]) + fp[j - 1];
                }
            }
            fn_
        }
        _ => f64::NAN,
    }
}

/// The KPSS test of the null that `y` is level (`C`) or trend (`Ct`)
/// stationary (statsmodels `kpss`; see the module docs).
///
/// # Errors
/// Missing or non-finite values, fewer than 3 observations, a constant
/// (or, for `Ct`, exactly linear) series, or a fixed lag `≥ n`.
///
/// # Examples
/// ```
/// use colcrime::models::unitroot::{kpss, KpssLags, KpssRegression};
/// let y: Vec<f64> = (0..80).map(|t| ((t * 31 % 7) as f64) + 0.1 * t as f64).collect();
/// let r = kpss(&y, KpssRegression::Ct, KpssLags::Auto).unwrap();
/// assert!(r.pvalue >= 0.01 && r.pvalue <= 0.10);
/// assert!(kpss(&y, KpssRegression::C, KpssLags::Fixed(80)).is_err());
/// ```
pub fn kpss(y: &[f64], regression: KpssRegression, lags: KpssLags) -> Result<KpssResult> {
    check_series(y, "kpss", 3)?;
    let n = y.len();
    let e: Vec<f64> = match regression {
        KpssRegression::C => {
            let mean = y.iter().sum::<f64>() / n as f64;
            y.iter().map(|v| v - mean).collect()
        }
        KpssRegression::Ct => {
            let cols = vec![vec![1.0; n], (1..=n).map(|t| t as f64).collect()];
            let e = ls_fit(&from_columns(&cols, n), y, "kpss trend regression")?.resid;
            let mean = y.iter().sum::<f64>() / n as f64;
            let tss: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
            let ssr: f64 = e.iter().map(|v| v * v).sum();
            if ssr <= tss * 1e-24 {
                return Err(Error::domain(
                    "kpss: the series is an exact linear trend; the trend-stationarity test is undefined",
                ));
            }
            e
        }
    };
    let nlags = match lags {
        KpssLags::Auto => hobijn_lags(&e).min(n - 1),
        KpssLags::Legacy => schwert_maxlag(n).min(n - 1),
        KpssLags::Fixed(l) if l >= n => {
            return Err(Error::usage(format!(
                "kpss: lags ({l}) must be less than the number of observations ({n})"
            )));
        }
        KpssLags::Fixed(l) => l,
    };
    let mut cum = 0.0;
    let mut eta = 0.0;
    for v in &e {
        cum += v;
        eta += cum * cum;
    }
    eta /= (n as f64).powi(2);
    let s_hat = long_run_variance(&e, nlags);
    if s_hat.is_nan() || s_hat <= 0.0 {
        return Err(Error::domain(format!(
            "kpss: the long-run variance with {nlags} lags is {s_hat}, not positive \
             (the residuals from the {} regression vanish or the bandwidth is too wide)",
            regression.name()
        )));
    }
    let statistic = eta / s_hat;
    let crit = regression.critical_values();
    let pvalue = interp(statistic, &crit, &[0.10, 0.05, 0.025, 0.01]);
    Ok(KpssResult {
        statistic,
        pvalue,
        lags: nlags,
        critical_values: crit,
        nobs: n,
        regression,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interp_matches_numpy() {
        let xp = [0.347, 0.463, 0.574, 0.739];
        let fp = [0.10, 0.05, 0.025, 0.01];
        assert_eq!(interp(0.1, &xp, &fp), 0.10);
        assert_eq!(interp(1.0, &xp, &fp), 0.01);
        assert!((interp(0.463, &xp, &fp) - 0.05).abs() < 1e-15);
        let mid = interp(0.405, &xp, &fp);
        assert!((mid - 0.075).abs() < 1e-12);
    }

    #[test]
    fn long_run_variance_hand() {
        // e = [1, -1, 1, -1]: Σe² = 4, Σ e_t e_{t-1} = -3; l = 1 → (4 + 2(-3)(1/2))/4.
        let e = [1.0, -1.0, 1.0, -1.0];
        assert!((long_run_variance(&e, 1) - 0.25).abs() < 1e-15);
    }

    #[test]
    fn errors() {
        assert!(kpss(&[1.0, 1.0, 1.0, 1.0], KpssRegression::C, KpssLags::Auto).is_err());
        assert!(kpss(&[1.0, 2.0], KpssRegression::C, KpssLags::Auto).is_err());
        let line: Vec<f64> = (0..20).map(|t| 2.0 * t as f64 + 1.0).collect();
        assert!(kpss(&line, KpssRegression::Ct, KpssLags::Fixed(1)).is_err());
    }

    #[test]
    fn autotraits() {
        fn ok<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        ok::<KpssResult>();
        ok::<KpssLags>();
        ok::<KpssRegression>();
    }
}
