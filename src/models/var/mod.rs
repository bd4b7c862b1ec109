//! Vector autoregressions estimated by least squares, with lag-order
//! selection, impulse responses, forecast error variance decompositions,
//! Granger causality within the system and forecasts, following the
//! definitions of statsmodels' `VAR` / `VARResults` (Lütkepohl 2005).
//!
//! The VAR(p) for `K` series `y_t` is
//!
//! ```text
//! y_t = c + A_1 y_{t-1} + ... + A_p y_{t-p} + u_t,   u_t ~ (0, Σ_u).
//! ```
//!
//! With `T` rows, the `n = T - p` equations share one regressor matrix
//! `Z` (`n × m`, `m = k_t + K p`, rows `[1, y_{t-1}ᵀ, ..., y_{t-p}ᵀ]`, the
//! constant only with `trend = c`). The coefficients `B = (Zᵀ Z)⁻¹ Zᵀ Y`
//! (`m × K`, one column per equation) come from **one** pivoted
//! Householder QR of `Z` ([`linalg`](crate::stats::linalg)) solved for all `K`
//! right-hand sides, never from the normal equations. With residuals `U`:
//!
//! * `Σ_u = UᵀU / (n - m)` (df-adjusted, `sigma_u`), `Σ̃_u = UᵀU / n`
//!   (`sigma_u_mle`);
//! * `Cov(vec B) = (ZᵀZ)⁻¹ ⊗ Σ_u`, so `stderr[i, e] = sqrt((ZᵀZ)⁻¹_ii Σ_u,ee)`;
//!   `t = B / stderr` with two-sided **normal** p-values, as statsmodels'
//!   `VARResults.pvalues`;
//! * `llf = -(nK/2) ln 2π - (n/2)(ln|Σ̃_u| + K)`;
//! * with `N = p K² + K k_t` free parameters: `aic = ln|Σ̃_u| + 2N/n`,
//!   `bic = ln|Σ̃_u| + N ln(n)/n`, `hqic = ln|Σ̃_u| + 2N ln(ln n)/n`,
//!   `fpe = ((n + m)/(n - m))^K |Σ̃_u|` (Lütkepohl §4.3);
//! * lag-order selection fits `p = p_min..=M` on the common sample that
//!   starts at row `M` (statsmodels `select_order`; `p_min` is 0 with a
//!   constant, 1 without) and takes the first minimiser of each criterion;
//! * MA representation `Φ_0 = I`, `Φ_i = Σ_{j=1}^{min(i,p)} Φ_{i-j} A_j`;
//!   impulse responses `Φ_i` and orthogonalised `Θ_i = Φ_i P`, `P` the lower
//!   Cholesky factor of `Σ_u` (Lütkepohl §2.3);
//! * forecast MSE `Σ(h) = Σ_{i<h} Φ_i Σ_u Φ_iᵀ`, intervals
//!   `ŷ_{T+h} ± z sqrt(diag Σ(h))` (Lütkepohl §3.5, parameter uncertainty
//!   not included, statsmodels' default `forecast_interval`);
//! * FEVD: share of variable `i`'s `h`-step error variance due to
//!   orthogonal shock `j`, `Σ_{l<h} Θ_l,ij² / Σ(h)_ii`;
//! * Granger causality (Wald, F form): `λ = (C b)ᵀ [C Cov(b) Cᵀ]⁻¹ (C b) / q`
//!   against `F(q, K (n - m))`, statsmodels' `test_causality(kind="f")`
//!   (Lütkepohl §3.6.1).
//!
//! Reference: H. Lütkepohl, *New Introduction to Multiple Time Series
//! Analysis*, Springer 2005.
//!
//! ```
//! use colcrime::models::var::{Trend, VarParams};
//! // y1 follows y2 with one period's delay; y2 is its own AR(1) plus noise.
//! let e = [0.3, -0.2, 0.5, 0.1, -0.4, 0.2, 0.0, 0.3, -0.1, 0.4, -0.3, 0.1, 0.2, -0.2, 0.05, 0.15];
//! let f = [0.1, 0.2, -0.3, 0.4, 0.0, -0.1, 0.3, -0.2, 0.25, 0.05, -0.15, 0.2, -0.05, 0.1, 0.3, -0.25];
//! let mut y = ndarray::Array2::<f64>::zeros((16, 2));
//! for t in 1..16 {
//!     y[[t, 0]] = 0.5 * y[[t - 1, 1]] + e[t];
//!     y[[t, 1]] = 0.6 * y[[t - 1, 1]] + f[t];
//! }
//! let fit = VarParams::new(1).trend(Trend::Constant).fit(&y, &["y1".into(), "y2".into()]).unwrap();
//! assert_eq!(fit.param_names, ["const", "L1.y1", "L1.y2"]);
//! assert_eq!(fit.nobs, 15);
//! let irf = fit.irf(4);
//! assert_eq!(irf.len(), 5);
//! assert_eq!(irf[0][[0, 0]], 1.0);
//! ```

mod estimate;
mod forecast;
mod irf;
mod select;

pub use estimate::{Causality, VarFit};
pub use forecast::VarForecast;
pub use select::{LagOrderSelection, SelectedOrders, select_order};

use ndarray::Array2;

use crate::error::{Error, Result};

/// The deterministic terms of each equation.
///
/// ```
/// use colcrime::models::var::Trend;
/// assert_eq!(Trend::parse("c").unwrap(), Trend::Constant);
/// assert_eq!(Trend::Constant.k_trend(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trend {
    /// An intercept in every equation (statsmodels `trend="c"`).
    #[default]
    Constant,
    /// No deterministic terms (`trend="n"`).
    None,
}

impl Trend {
    /// Reads `c` or `n`.
    ///
    /// # Errors
    /// Any other text.
    ///
    /// ```
    /// use colcrime::models::var::Trend;
    /// assert_eq!(Trend::parse("n").unwrap(), Trend::None);
    /// assert!(Trend::parse("ct").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Trend> {
        match s.trim() {
            "c" => Ok(Trend::Constant),
            "n" => Ok(Trend::None),
            other => Err(Error::usage(format!(
                "--trend: expected c (constant) or n (none), found \"{other}\""
            ))),
        }
    }

    /// The number of deterministic regressors (1 or 0).
    ///
    /// ```
    /// use colcrime::models::var::Trend;
    /// assert_eq!(Trend::None.k_trend(), 0);
    /// ```
    pub fn k_trend(self) -> usize {
        match self {
            Trend::Constant => 1,
            Trend::None => 0,
        }
    }

    /// The statsmodels code, `"c"` or `"n"`.
    ///
    /// ```
    /// use colcrime::models::var::Trend;
    /// assert_eq!(Trend::Constant.code(), "c");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Trend::Constant => "c",
            Trend::None => "n",
        }
    }
}

/// The hyper-parameters of a VAR: the lag order and the trend. Checked when
/// [`VarParams::fit`] runs ([`VarParams::validate`]).
///
/// ```
/// use colcrime::models::var::{Trend, VarParams};
/// let p = VarParams::new(2).trend(Trend::None);
/// assert_eq!(p.lags(), 2);
/// assert!(VarParams::new(0).trend(Trend::None).validate(100, 2).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VarParams {
    lags: usize,
    trend: Trend,
}

impl VarParams {
    /// A VAR(`lags`) with a constant.
    ///
    /// ```
    /// use colcrime::models::var::{Trend, VarParams};
    /// assert_eq!(VarParams::new(3).get_trend(), Trend::Constant);
    /// ```
    pub fn new(lags: usize) -> VarParams {
        VarParams {
            lags,
            trend: Trend::Constant,
        }
    }

    /// Sets the deterministic terms.
    ///
    /// ```
    /// use colcrime::models::var::{Trend, VarParams};
    /// assert_eq!(VarParams::new(1).trend(Trend::None).get_trend(), Trend::None);
    /// ```
    pub fn trend(mut self, trend: Trend) -> VarParams {
        self.trend = trend;
        self
    }

    /// The lag order.
    ///
    /// ```
    /// assert_eq!(colcrime::models::var::VarParams::new(4).lags(), 4);
    /// ```
    pub fn lags(&self) -> usize {
        self.lags
    }

    /// The trend.
    ///
    /// ```
    /// use colcrime::models::var::{Trend, VarParams};
    /// assert_eq!(VarParams::new(1).get_trend(), Trend::Constant);
    /// ```
    pub fn get_trend(&self) -> Trend {
        self.trend
    }

    /// Checks the specification against `rows` observations of `k` series:
    /// at least two series, some regressor, and at least one residual degree
    /// of freedom (`rows ≥ p + k_t + K p + 1`).
    ///
    /// # Errors
    /// [`Usage`](crate::error::ErrorKind::Usage) for fewer than two series or
    /// no regressors; [`NotEnoughData`](crate::error::ErrorKind::NotEnoughData)
    /// naming the rows needed and available.
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// // VAR(4) in 3 series with a constant: 4 presample rows + 13 coefficients + 1.
    /// let e = VarParams::new(4).validate(17, 3).unwrap_err();
    /// assert!(e.to_string().contains("18"));
    /// assert!(VarParams::new(4).validate(18, 3).is_ok());
    /// ```
    pub fn validate(&self, rows: usize, k: usize) -> Result<()> {
        if k < 2 {
            return Err(Error::usage(format!(
                "a VAR needs at least 2 series, found {k} (fit a univariate model with `fit sarima`)"
            )));
        }
        let kt = self.trend.k_trend();
        let m = kt + k * self.lags;
        if m == 0 {
            return Err(Error::usage(
                "a VAR with 0 lags and no constant has no coefficients to estimate",
            ));
        }
        let needed = self.lags + m + 1;
        if rows < needed {
            return Err(Error::not_enough_data(
                format!(
                    "VAR({p}) of {k} series{c} ({p} presample rows + {m} coefficients per equation + 1 residual degree of freedom)",
                    p = self.lags,
                    c = if kt > 0 { " with a constant" } else { "" },
                ),
                needed,
                rows,
            ));
        }
        Ok(())
    }

    /// Fits the VAR to `y` (`T × K`, one column per series, rows in time
    /// order) by least squares.
    ///
    /// # Errors
    /// As [`VarParams::validate`]; a non-finite value (named by series and
    /// row); a singular design (a constant series, or collinear lags: the
    /// columns are named); a singular residual covariance (a series that is
    /// an exact function of the lags).
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// assert_eq!(fit.df_resid, 3);
    /// assert!(fit.llf.is_finite());
    /// ```
    pub fn fit(&self, y: &Array2<f64>, names: &[String]) -> Result<VarFit> {
        estimate::fit(self, y, names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn check<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        check::<VarParams>();
        check::<Trend>();
        check::<VarFit>();
        check::<VarForecast>();
        check::<LagOrderSelection>();
        check::<Causality>();
    }
}
