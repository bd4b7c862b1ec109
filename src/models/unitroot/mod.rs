//! Unit-root, stationarity and cointegration tests: augmented Dickey-Fuller
//! ([`adf()`]), Phillips-Perron ([`phillips_perron`]), KPSS ([`kpss()`]),
//! Engle-Granger ([`coint()`]) and Zivot-Andrews ([`zivot_andrews`]), with MacKinnon's response-surface p-values
//! and critical values ([`mackinnon`]). Each matches statsmodels'
//! `adfuller`, `kpss` and `coint` (and `arch`'s `PhillipsPerron`) number
//! for number.
//!
//! The ADF regression (Said & Dickey 1984) is
//!
//! ```text
//! Δy_t = γ y_{t-1} + Σ_{j=1}^{p} φ_j Δy_{t-j} + d_t + ε_t,
//! ```
//!
//! with deterministic terms `d_t` none (`n`), a constant (`c`), a constant
//! and trend (`ct`) or a quadratic trend (`ctt`); the statistic is the
//! t-ratio of `γ`, whose null distribution is tabulated by MacKinnon (1994,
//! 2010). KPSS (Kwiatkowski, Phillips, Schmidt & Shin 1992) tests the
//! opposite null of (trend) stationarity with `η = Σ S_t² / (n² s²(l))`,
//! `S_t` the partial sums of the residuals from the deterministic terms and
//! `s²(l)` a Bartlett-weighted long-run variance.
//!
//! - Said, S. E. & Dickey, D. A. (1984), *Biometrika* 71(3), 599–607.
//! - MacKinnon, J. G. (1994), *JBES* 12(2), 167–176.
//! - MacKinnon, J. G. (2010), Queen's Economics Department WP 1227.
//! - Kwiatkowski, D. et al. (1992), *J. Econometrics* 54, 159–178.
//! - Hobijn, B., Franses, P. H. & Ooms, M. (1998), Econometric Institute
//!   Report 9802/A (automatic KPSS bandwidth).
//! - Engle, R. F. & Granger, C. W. J. (1987), *Econometrica* 55(2), 251–276.
//!
//! ```
//! use colcrime::models::unitroot::{adf, AdfParams, AdfRegression, Autolag};
//! // A stationary AR(1) with coefficient 0.5 rejects the unit root.
//! let mut y = vec![0.0; 200];
//! let mut s = 7u64;
//! for t in 1..200 {
//!     s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
//!     let e = ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5;
//!     y[t] = 0.5 * y[t - 1] + e;
//! }
//! let p = AdfParams::new().regression(AdfRegression::C).autolag(Autolag::Aic);
//! let r = adf(&y, &p).unwrap();
//! assert!(r.pvalue < 0.01);
//! ```

use ndarray::Array2;

use crate::error::{Error, Result};
use crate::stats::linalg::lstsq;

pub mod adf;
pub mod coint;
pub mod kpss;
pub mod mackinnon;
pub mod pp;
pub mod za;

pub use adf::{AdfParams, AdfRegression, AdfResult, Autolag, adf};
pub use coint::{CointParams, CointResult, coint};
pub use kpss::{KpssLags, KpssRegression, KpssResult, kpss};
pub use mackinnon::{CriticalValues, mackinnoncrit, mackinnonp};
pub use pp::{PpResult, phillips_perron};
pub use za::{ZaParams, ZaRegression, ZaResult, zivot_andrews};

/// A least-squares fit with the quantities the tests need (statsmodels
/// `OLS` definitions: `llf = -n/2 (ln 2π + ln(ssr/n) + 1)`,
/// `aic = -2 llf + 2k`, `bic = -2 llf + k ln n`).
#[derive(Debug, Clone)]
pub(crate) struct LsFit {
    pub(crate) params: Vec<f64>,
    pub(crate) bse: Vec<f64>,
    pub(crate) resid: Vec<f64>,
    pub(crate) ssr: f64,
    pub(crate) nobs: usize,
    pub(crate) k: usize,
    /// `(XᵀX)⁻¹`.
    pub(crate) xtx_inv: Array2<f64>,
}

impl LsFit {
    pub(crate) fn llf(&self) -> f64 {
        let n = self.nobs as f64;
        -n / 2.0 * ((2.0 * std::f64::consts::PI).ln() + (self.ssr / n).ln() + 1.0)
    }
    pub(crate) fn aic(&self) -> f64 {
        -2.0 * self.llf() + 2.0 * self.k as f64
    }
    pub(crate) fn bic(&self) -> f64 {
        -2.0 * self.llf() + (self.nobs as f64).ln() * self.k as f64
    }
    pub(crate) fn df_resid(&self) -> f64 {
        self.nobs as f64 - self.k as f64
    }
    pub(crate) fn tvalue(&self, j: usize) -> f64 {
        match (self.params.get(j), self.bse.get(j)) {
            (Some(b), Some(s)) => b / s,
            _ => f64::NAN,
        }
    }
}

/// Least squares by pivoted QR (never the normal equations).
pub(crate) fn ls_fit(x: &Array2<f64>, y: &[f64], what: &str) -> Result<LsFit> {
    let (n, k) = x.dim();
    if n <= k {
        return Err(Error::not_enough_data(what, k + 1, n));
    }
    let (params, qr) = lstsq(x, y).map_err(|e| e.context(what))?;
    let xtx_inv = qr.xtx_inv().map_err(|e| e.context(what))?;
    let resid: Vec<f64> = crate::stats::linalg::residuals(x, y, &params);
    let ssr: f64 = resid.iter().map(|r| r * r).sum();
    let s2 = ssr / (n - k) as f64;
    let bse = (0..k).map(|j| (s2 * xtx_inv[[j, j]]).sqrt()).collect();
    Ok(LsFit {
        params,
        bse,
        resid,
        ssr,
        nobs: n,
        k,
        xtx_inv,
    })
}

/// Builds an `n × k` matrix from columns.
pub(crate) fn from_columns(cols: &[Vec<f64>], n: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, cols.len()), |(i, j)| {
        cols.get(j)
            .and_then(|c| c.get(i))
            .copied()
            .unwrap_or(f64::NAN)
    })
}

/// Checks a series for the tests: finite, long enough, not constant.
pub(crate) fn check_series(y: &[f64], what: &str, needed: usize) -> Result<()> {
    if y.len() < needed {
        return Err(Error::not_enough_data(what, needed, y.len()));
    }
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(Error::domain(format!(
            "{what}: observation {} is missing or not finite",
            i + 1
        )));
    }
    let (lo, hi) = y
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if lo == hi {
        return Err(Error::domain(format!(
            "{what}: the series is constant ({lo}); the test is undefined"
        )));
    }
    Ok(())
}

/// `ceil(12 (n/100)^(1/4))`, Schwert's (1989) rule used by statsmodels.
pub(crate) fn schwert_maxlag(n: usize) -> usize {
    (12.0 * (n as f64 / 100.0).powf(0.25)).ceil() as usize
}
