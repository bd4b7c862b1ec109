//! Exponential smoothing: ETS state-space models by maximum likelihood
//! ([`EtsParams`], [`EtsFit`]), Holt-Winters by least squares
//! ([`HoltWintersParams`], [`HoltWintersFit`]) and automatic ETS selection by
//! AICc ([`select_ets`]).
//!
//! # The ETS models
//!
//! Innovations state-space models of Hyndman, Koehler, Ord & Snyder (2008),
//! *Forecasting with Exponential Smoothing: the State Space Approach*
//! (Springer), and Hyndman, Koehler, Snyder & Grose (2002), "A state space
//! framework for automatic forecasting using exponential smoothing methods",
//! *IJF* 18(3). With level `l`, trend `b` (damping `phi`, `phi = 1` without
//! damping), seasonal `s` of period `m`, and one-step forecast
//! `mu_t = (l_{t-1} + phi b_{t-1}) (+ or x) s_{t-m}`, the states are updated
//! in error-correction form (identical for additive and multiplicative
//! errors), as statsmodels' `ETSModel` writes them:
//!
//! ```text
//! l_t = alpha (y_t (- or /) s_{t-m}) + (1 - alpha) (l_{t-1} + phi b_{t-1})
//! b_t = beta* (l_t - l_{t-1}) + (1 - beta*) phi b_{t-1},      beta  = alpha beta*
//! s_t = gamma* (y_t (- or /) l_t) + (1 - gamma*) s_{t-m},     gamma = (1 - alpha) gamma*
//! ```
//!
//! The error is `e_t = y_t - mu_t` (additive) or `(y_t - mu_t) / mu_t`
//! (multiplicative). The scale is concentrated out, giving the
//! log-likelihood (Ord, Koehler & Snyder 1997, JASA 92)
//!
//! ```text
//! llf = -n/2 (log(2 pi mean(e^2)) + 1) - [multiplicative error] sum log|mu_t|
//! ```
//!
//! maximised over `alpha, beta*, gamma*, phi` within the usual bounds
//! (`1e-4 < alpha, beta*, gamma* < 1 - 1e-4`, `0.8 < phi < 0.98`) and over the
//! initial states `l_{-1}, b_{-1}, s_{-1}, ..., s_{-m+1}` (`s_{-m}` is fixed
//! at 0 or 1 so that the seasonal and level are identified). `aic`, `aicc`,
//! `bic` count `k + 1` parameters, where `k` counts every smoothing parameter
//! and every initial state including `s_{-m}`, exactly as statsmodels does.
//!
//! # Holt-Winters
//!
//! The same recursions with Holt's trend form
//! (`b_t = beta (l_t - l_{t-1}) + (1 - beta) phi b_{t-1}`) and
//! `s_t = gamma (y_t - l_{t-1} - phi b_{t-1}) + (1 - gamma) s_{t-m}`, fitted by
//! minimising the sum of squared one-step errors as statsmodels'
//! `ExponentialSmoothing(...).fit()` does (bounds `0 <= alpha <= 1`,
//! `0 <= beta <= alpha`, `0 <= gamma <= 1 - alpha`, `0.8 <= phi <= 0.995`).
//!
//! ```
//! use colcrime::models::ets::{EtsParams, ErrorType, TrendType};
//! let y: Vec<f64> = (0..40).map(|t| 10.0 + 0.5 * t as f64 + ((t * 7) % 5) as f64 * 0.3).collect();
//! let fit = EtsParams::new(ErrorType::Add).trend(TrendType::Add).fit(&y).unwrap();
//! assert!(fit.llf.is_finite());
//! let f = fit.forecast(4, &[80.0, 95.0]).unwrap();
//! assert!((f.point[1] - f.point[0] - 0.5).abs() < 0.2);
//! ```

mod bounded;
mod fitted;
mod holtwinters;
mod objective;
mod select;
mod statespace;

pub use bounded::{BoxResult, minimize_box};
pub use fitted::{EtsFit, IntervalMethod};
pub use holtwinters::{HoltWintersFit, HoltWintersParams};
pub use select::{SelectedEts, select_ets, selection_aicc};
pub use statespace::EtsParams;

use crate::error::{Error, Result};

/// The error term of an ETS model.
///
/// ```
/// use colcrime::models::ets::ErrorType;
/// assert_eq!(ErrorType::parse("mul").unwrap(), ErrorType::Mul);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorType {
    /// Additive errors.
    Add,
    /// Multiplicative (relative) errors.
    Mul,
}

/// The trend of an exponential smoothing model.
///
/// ```
/// use colcrime::models::ets::TrendType;
/// assert_eq!(TrendType::parse("add_damped").unwrap(), TrendType::AddDamped);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrendType {
    /// No trend.
    None,
    /// Additive (linear) trend.
    Add,
    /// Additive damped trend.
    AddDamped,
}

/// The seasonal component of an exponential smoothing model.
///
/// ```
/// use colcrime::models::ets::SeasonalType;
/// assert_eq!(SeasonalType::parse("none").unwrap(), SeasonalType::None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeasonalType {
    /// No seasonality.
    None,
    /// Additive seasonality.
    Add,
    /// Multiplicative seasonality.
    Mul,
}

impl ErrorType {
    /// Reads `add` / `mul` (also `additive`, `multiplicative`, `A`, `M`).
    ///
    /// # Errors
    /// Any other word (usage error).
    ///
    /// ```
    /// # use colcrime::models::ets::ErrorType;
    /// assert!(ErrorType::parse("x").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<ErrorType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "add" | "additive" | "a" => Ok(ErrorType::Add),
            "mul" | "multiplicative" | "m" => Ok(ErrorType::Mul),
            o => Err(Error::usage(format!(
                "--error: expected add or mul, found \"{o}\""
            ))),
        }
    }

    /// The letter used in model names (`A`, `M`).
    ///
    /// ```
    /// # use colcrime::models::ets::ErrorType;
    /// assert_eq!(ErrorType::Mul.letter(), "M");
    /// ```
    pub fn letter(self) -> &'static str {
        match self {
            ErrorType::Add => "A",
            ErrorType::Mul => "M",
        }
    }

    /// The word used in JSON (`add`, `mul`).
    ///
    /// ```
    /// # use colcrime::models::ets::ErrorType;
    /// assert_eq!(ErrorType::Add.word(), "add");
    /// ```
    pub fn word(self) -> &'static str {
        match self {
            ErrorType::Add => "add",
            ErrorType::Mul => "mul",
        }
    }
}

impl TrendType {
    /// Reads `none` / `add` / `add_damped` (also `damped`, `Ad`, `N`, `A`).
    ///
    /// # Errors
    /// Any other word (usage error).
    ///
    /// ```
    /// # use colcrime::models::ets::TrendType;
    /// assert_eq!(TrendType::parse("Ad").unwrap(), TrendType::AddDamped);
    /// ```
    pub fn parse(s: &str) -> Result<TrendType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" | "n" => Ok(TrendType::None),
            "add" | "additive" | "a" => Ok(TrendType::Add),
            "add_damped" | "damped" | "ad" | "add-damped" => Ok(TrendType::AddDamped),
            o => Err(Error::usage(format!(
                "--trend: expected none, add or add_damped, found \"{o}\""
            ))),
        }
    }

    /// Whether the model has a trend.
    ///
    /// ```
    /// # use colcrime::models::ets::TrendType;
    /// assert!(!TrendType::None.has_trend());
    /// ```
    pub fn has_trend(self) -> bool {
        !matches!(self, TrendType::None)
    }

    /// Whether the trend is damped.
    ///
    /// ```
    /// # use colcrime::models::ets::TrendType;
    /// assert!(TrendType::AddDamped.damped());
    /// ```
    pub fn damped(self) -> bool {
        matches!(self, TrendType::AddDamped)
    }

    /// The letters used in model names (`N`, `A`, `Ad`).
    ///
    /// ```
    /// # use colcrime::models::ets::TrendType;
    /// assert_eq!(TrendType::AddDamped.letter(), "Ad");
    /// ```
    pub fn letter(self) -> &'static str {
        match self {
            TrendType::None => "N",
            TrendType::Add => "A",
            TrendType::AddDamped => "Ad",
        }
    }

    /// The word used in JSON (`none`, `add`, `add_damped`).
    ///
    /// ```
    /// # use colcrime::models::ets::TrendType;
    /// assert_eq!(TrendType::AddDamped.word(), "add_damped");
    /// ```
    pub fn word(self) -> &'static str {
        match self {
            TrendType::None => "none",
            TrendType::Add => "add",
            TrendType::AddDamped => "add_damped",
        }
    }
}

impl SeasonalType {
    /// Reads `none` / `add` / `mul`.
    ///
    /// # Errors
    /// Any other word (usage error).
    ///
    /// ```
    /// # use colcrime::models::ets::SeasonalType;
    /// assert_eq!(SeasonalType::parse("multiplicative").unwrap(), SeasonalType::Mul);
    /// ```
    pub fn parse(s: &str) -> Result<SeasonalType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" | "n" => Ok(SeasonalType::None),
            "add" | "additive" | "a" => Ok(SeasonalType::Add),
            "mul" | "multiplicative" | "m" => Ok(SeasonalType::Mul),
            o => Err(Error::usage(format!(
                "--seasonal: expected none, add or mul, found \"{o}\""
            ))),
        }
    }

    /// Whether the model is seasonal.
    ///
    /// ```
    /// # use colcrime::models::ets::SeasonalType;
    /// assert!(SeasonalType::Mul.is_seasonal());
    /// ```
    pub fn is_seasonal(self) -> bool {
        !matches!(self, SeasonalType::None)
    }

    /// The letter used in model names (`N`, `A`, `M`).
    ///
    /// ```
    /// # use colcrime::models::ets::SeasonalType;
    /// assert_eq!(SeasonalType::Add.letter(), "A");
    /// ```
    pub fn letter(self) -> &'static str {
        match self {
            SeasonalType::None => "N",
            SeasonalType::Add => "A",
            SeasonalType::Mul => "M",
        }
    }

    /// The word used in JSON (`none`, `add`, `mul`).
    ///
    /// ```
    /// # use colcrime::models::ets::SeasonalType;
    /// assert_eq!(SeasonalType::Mul.word(), "mul");
    /// ```
    pub fn word(self) -> &'static str {
        match self {
            SeasonalType::None => "none",
            SeasonalType::Add => "add",
            SeasonalType::Mul => "mul",
        }
    }
}

/// Checks a series for exponential smoothing: finite values, enough of them,
/// positive when a multiplicative component is asked for, not constant.
pub(crate) fn check_series(
    y: &[f64],
    model: &str,
    positive: bool,
    seasonal: bool,
    m: usize,
    nparams: usize,
) -> Result<()> {
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(Error::usage(format!(
            "{model}: observation {} is missing or not finite; exponential smoothing needs a gap-free series",
            i + 1
        )));
    }
    if seasonal && y.len() < 2 * m {
        return Err(Error::not_enough_data(
            format!("{model} (two full seasons of period {m})"),
            2 * m,
            y.len(),
        ));
    }
    let needed = (nparams + 2).max(3);
    if y.len() < needed {
        return Err(Error::not_enough_data(
            format!("{model} ({nparams} parameters)"),
            needed,
            y.len(),
        ));
    }
    if positive && let Some((i, v)) = y.iter().enumerate().find(|(_, v)| **v <= 0.0) {
        return Err(Error::domain(format!(
            "{model}: multiplicative components need strictly positive data, but observation {} is {v}",
            i + 1
        )));
    }
    let first = y.first().copied().unwrap_or(0.0);
    if y.iter().all(|&v| v == first) {
        return Err(Error::usage(format!(
            "{model}: the series is constant ({first}); there is nothing to smooth and the likelihood is unbounded"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn check<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        check::<ErrorType>();
        check::<TrendType>();
        check::<SeasonalType>();
        check::<EtsParams>();
        check::<EtsFit>();
        check::<HoltWintersParams>();
        check::<HoltWintersFit>();
    }
}
