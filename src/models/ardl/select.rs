//! ARDL order selection by information criterion, as statsmodels'
//! `ardl_select_order` (non-global search).
//!
//! Every ARDL with `p = 0, …, P` lags of `y` and, for each regressor,
//! either no term or lags `0..=q` with `q = 0, …, Q_j`, is fitted on the
//! common sample that holds back `max(P, Q_j)` observations; the one with
//! the smallest criterion wins (the first in statsmodels' enumeration
//! order on ties). Criteria use statsmodels' `ARDLResults` definitions with
//! `σ² = ssr/n`, `llf = -n/2 (ln 2πσ² + 1)` and `m = k + 1` (the
//! coefficients plus the variance): `aic = -2 llf + 2m`,
//! `bic = -2 llf + m ln n`, `hqic = -2 llf + 2m ln ln n`. The chosen model
//! is then refitted on its own (longer) sample.

use serde_json::{Value, json};

use super::design::ardl_design;
use super::spec::{ArdlData, ArdlTrend};
use crate::error::{Error, Result};
use crate::json::num;
use crate::stats::linalg::{lstsq, residuals};

/// The criterion minimised by [`select_order`].
///
/// ```
/// use colcrime::models::ardl::Ic;
/// assert_eq!(Ic::parse("hqic").unwrap(), Ic::Hqic);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ic {
    /// Akaike.
    Aic,
    /// Schwarz (Bayes), statsmodels' default.
    Bic,
    /// Hannan–Quinn.
    Hqic,
}

impl Ic {
    /// Parses `aic`, `bic` or `hqic` (any case).
    ///
    /// # Errors
    /// Any other name.
    ///
    /// # Examples
    /// ```
    /// use colcrime::models::ardl::Ic;
    /// assert!(Ic::parse("fpe").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Ic> {
        match s.trim().to_ascii_lowercase().as_str() {
            "aic" => Ok(Ic::Aic),
            "bic" => Ok(Ic::Bic),
            "hqic" => Ok(Ic::Hqic),
            _ => Err(Error::usage(format!(
                "ic: expected aic, bic or hqic, found \"{s}\""
            ))),
        }
    }

    /// The statsmodels name.
    ///
    /// ```
    /// use colcrime::models::ardl::Ic;
    /// assert_eq!(Ic::Bic.name(), "bic");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Ic::Aic => "aic",
            Ic::Bic => "bic",
            Ic::Hqic => "hqic",
        }
    }

    /// The criterion for a Gaussian log-likelihood `llf` with `m` free
    /// parameters on `n` observations.
    ///
    /// ```
    /// use colcrime::models::ardl::Ic;
    /// assert_eq!(Ic::Aic.value(-10.0, 3, 50), 26.0);
    /// ```
    pub fn value(&self, llf: f64, m: usize, n: usize) -> f64 {
        let (m, n) = (m as f64, n as f64);
        match self {
            Ic::Aic => -2.0 * llf + 2.0 * m,
            Ic::Bic => -2.0 * llf + n.ln() * m,
            Ic::Hqic => -2.0 * llf + 2.0 * n.ln().ln() * m,
        }
    }
}

/// The outcome of [`select_order`].
///
/// ```
/// use colcrime::models::ardl::{select_order, ArdlData, ArdlTrend, Ic};
/// let x: Vec<f64> = (0..60).map(|t| ((t * 7) % 11) as f64).collect();
/// let mut y = vec![0.0; 60];
/// for t in 1..60 { y[t] = 0.6 * y[t - 1] + x[t] + ((t * 5) % 3) as f64; }
/// let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
/// let s = select_order(&d, 3, &[2], ArdlTrend::C, Ic::Bic).unwrap();
/// assert_eq!(s.nmodels, 4 * 4);
/// assert!(s.lags >= 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OrderSelection {
    /// The criterion.
    pub ic: Ic,
    /// Largest lag of `y` searched.
    pub maxlag: usize,
    /// Largest order of each regressor searched.
    pub maxorder: Vec<usize>,
    /// Chosen lags of `y`.
    pub lags: usize,
    /// Chosen order of each regressor (`None`: left out).
    pub xlags: Vec<Option<usize>>,
    /// The chosen model's criterion on the common sample.
    pub ic_value: f64,
    /// Observations of the common sample.
    pub nobs: usize,
    /// Models compared.
    pub nmodels: usize,
}

impl OrderSelection {
    /// JSON: `ic, maxlag, maxorder, lags, xlags, ic_value, nobs, nmodels`.
    ///
    /// ```
    /// use colcrime::models::ardl::{select_order, ArdlData, ArdlTrend, Ic};
    /// let x: Vec<f64> = (0..40).map(|t| ((t * 7) % 11) as f64).collect();
    /// let y: Vec<f64> = (0..40).map(|t| ((t * 5) % 13) as f64).collect();
    /// let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
    /// let j = select_order(&d, 1, &[1], ArdlTrend::C, Ic::Aic).unwrap().to_json();
    /// assert_eq!(j["ic"], "aic");
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "ic": self.ic.name(),
            "maxlag": self.maxlag,
            "maxorder": self.maxorder,
            "lags": self.lags,
            "xlags": self.xlags,
            "ic_value": num(self.ic_value),
            "nobs": self.nobs,
            "nmodels": self.nmodels,
        })
    }
}

/// Chooses the ARDL orders (see the module docs).
///
/// # Errors
/// Orders that do not match the regressors, a sample too short for the
/// largest model, or a singular design.
///
/// # Examples
/// ```
/// use colcrime::models::ardl::{select_order, ArdlData, ArdlTrend, Ic};
/// let d = ArdlData::new(vec![1.0, 2.0, 4.0, 3.0], vec![vec![0.0, 1.0, 0.0, 1.0]], "y", &["x".into()]).unwrap();
/// assert!(select_order(&d, 2, &[2], ArdlTrend::C, Ic::Aic).is_err());
/// ```
pub fn select_order(
    d: &ArdlData,
    maxlag: usize,
    maxorder: &[usize],
    trend: ArdlTrend,
    ic: Ic,
) -> Result<OrderSelection> {
    if maxorder.len() != d.x.len() {
        return Err(Error::usage(format!(
            "ardl order selection: {} largest orders for {} regressors",
            maxorder.len(),
            d.x.len()
        )));
    }
    let hold_back = maxorder.iter().copied().fold(maxlag, usize::max);
    // Each regressor's choice: 0 = left out, v = lags 0..v-1.
    let mut choice = vec![0usize; maxorder.len()];
    let mut best: Option<(f64, usize, Vec<usize>)> = None;
    let mut nmodels = 0;
    let mut nobs = 0;
    for p in 0..=maxlag {
        choice.iter_mut().for_each(|c| *c = 0);
        loop {
            let q: Vec<Option<usize>> = choice.iter().map(|&v| v.checked_sub(1)).collect();
            let des = ardl_design(d, p, &q, trend, hold_back)?;
            let n = des.y.len();
            let k = des.x.ncols();
            let ssr: f64 = if k == 0 {
                des.y.iter().map(|v| v * v).sum()
            } else {
                let (b, qr) =
                    lstsq(&des.x, &des.y).map_err(|e| e.context("ardl order selection"))?;
                qr.check_rank(&des.names)
                    .map_err(|e| e.context("ardl order selection"))?;
                residuals(&des.x, &des.y, &b).iter().map(|e| e * e).sum()
            };
            let sigma2 = ssr / n as f64;
            let llf = -(n as f64) * ((2.0 * std::f64::consts::PI * sigma2).ln() + 1.0) / 2.0;
            let val = ic.value(llf, k + 1, n);
            nmodels += 1;
            nobs = n;
            if best.as_ref().is_none_or(|(b, _, _)| val < *b) {
                best = Some((val, p, choice.clone()));
            }
            // Next combination, the last regressor fastest (itertools.product).
            let mut j = choice.len();
            let mut done = true;
            while j > 0 {
                j -= 1;
                if choice[j] < maxorder[j] + 1 {
                    choice[j] += 1;
                    choice.iter_mut().skip(j + 1).for_each(|c| *c = 0);
                    done = false;
                    break;
                }
            }
            if done {
                break;
            }
        }
    }
    let Some((ic_value, lags, ch)) = best else {
        return Err(Error::not_enough_data("ardl order selection", 1, 0));
    };
    Ok(OrderSelection {
        ic,
        maxlag,
        maxorder: maxorder.to_vec(),
        lags,
        xlags: ch.iter().map(|&v| v.checked_sub(1)).collect(),
        ic_value,
        nobs,
        nmodels,
    })
}
