//! Lag-order selection by information criteria on a common sample
//! (statsmodels `VAR.select_order`; Lütkepohl §4.3).

use ndarray::{Array2, s};
use serde_json::{Value, json};

use super::Trend;
use super::estimate::{estimate, info_criteria, logdet};
use crate::error::{Error, Result};
use crate::json::nums;

/// The lag order chosen by each criterion.
///
/// ```
/// use colcrime::models::var::SelectedOrders;
/// let s = SelectedOrders { aic: 2, bic: 1, hqic: 1, fpe: 2 };
/// assert_eq!(s.aic, 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectedOrders {
    /// Akaike.
    pub aic: usize,
    /// Schwarz.
    pub bic: usize,
    /// Hannan–Quinn.
    pub hqic: usize,
    /// Final prediction error.
    pub fpe: usize,
}

/// Information criteria for lag orders `min_lag..=maxlags`, all fitted on
/// the rows from `maxlags` on, and the order each selects.
///
/// ```
/// use colcrime::models::var::{Trend, select_order};
/// let y = ndarray::Array2::from_shape_fn((40, 2), |(t, j)| ((t * 7919 + j * 104729) % 1009) as f64 / 1009.0);
/// let sel = select_order(&y, 3, Trend::Constant).unwrap();
/// assert_eq!(sel.aic.len(), 4); // p = 0, 1, 2, 3
/// assert!(sel.selected.aic <= 3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LagOrderSelection {
    /// The largest order tried.
    pub maxlags: usize,
    /// The smallest order tried (0 with a constant, 1 without).
    pub min_lag: usize,
    /// AIC for each order from `min_lag`.
    pub aic: Vec<f64>,
    /// BIC for each order.
    pub bic: Vec<f64>,
    /// HQIC for each order.
    pub hqic: Vec<f64>,
    /// FPE for each order.
    pub fpe: Vec<f64>,
    /// The minimising orders (the first on ties).
    pub selected: SelectedOrders,
}

fn argmin(v: &[f64]) -> usize {
    let mut best = 0;
    let mut bv = f64::NAN;
    for (i, &x) in v.iter().enumerate() {
        if x < bv || (bv.is_nan() && !x.is_nan()) {
            best = i;
            bv = x;
        }
    }
    best
}

/// Fits VAR(`p`) for `p = p_min..=maxlags` to `y` (`T × K`), each on rows
/// `maxlags - p ..` so that all use the same `T - maxlags` equations, and
/// returns the criteria and each criterion's choice.
///
/// # Errors
/// Fewer than two series; `maxlags` above statsmodels' largest estimable
/// order `(T - K - k_t) / (1 + K)` (the message names both); a non-finite
/// value; a singular design or residual covariance at some order.
///
/// ```
/// use colcrime::models::var::{Trend, select_order};
/// let y = ndarray::Array2::from_shape_fn((20, 2), |(t, j)| ((t * (j + 2)) as f64).cos());
/// let e = select_order(&y, 8, Trend::Constant).unwrap_err();
/// assert!(e.to_string().contains("largest"), "{e}");
/// ```
pub fn select_order(y: &Array2<f64>, maxlags: usize, trend: Trend) -> Result<LagOrderSelection> {
    let (rows, k) = y.dim();
    if k < 2 {
        return Err(Error::usage(format!(
            "a VAR needs at least 2 series, found {k}"
        )));
    }
    if y.iter().any(|v| !v.is_finite()) {
        return Err(Error::domain(
            "VAR lag-order selection: the data have a missing or non-finite value",
        ));
    }
    let kt = trend.k_trend();
    let max_estimable = rows.saturating_sub(k + kt) / (1 + k);
    if maxlags > max_estimable {
        return Err(Error::usage(format!(
            "--select-maxlags {maxlags} is too large: with {rows} observations of {k} series the largest order that can be compared on a common sample is {max_estimable} ((T - K - {kt}) / (1 + K))"
        )));
    }
    let min_lag = if trend == Trend::None { 1 } else { 0 };
    if maxlags < min_lag {
        return Err(Error::usage(
            "--select-maxlags must be at least 1 without a constant",
        ));
    }
    let names: Vec<String> = (1..=k).map(|i| format!("y{i}")).collect();
    let mut crit: [Vec<f64>; 4] = Default::default();
    for p in min_lag..=maxlags {
        let sub = y.slice(s![maxlags - p.., ..]);
        let core = estimate(sub, p, trend, &names)
            .map_err(|e| e.context(format!("lag-order selection at p = {p}")))?;
        let mle = core.sse.mapv(|v| v / core.nobs as f64);
        let ld = logdet(&mle, "the residual covariance")
            .map_err(|e| e.context(format!("lag-order selection at p = {p}")))?;
        let ic = info_criteria(ld, core.nobs, k, p, kt);
        for (c, v) in crit.iter_mut().zip(ic) {
            c.push(v);
        }
    }
    let [aic, bic, hqic, fpe] = crit;
    let selected = SelectedOrders {
        aic: argmin(&aic) + min_lag,
        bic: argmin(&bic) + min_lag,
        hqic: argmin(&hqic) + min_lag,
        fpe: argmin(&fpe) + min_lag,
    };
    Ok(LagOrderSelection {
        maxlags,
        min_lag,
        aic,
        bic,
        hqic,
        fpe,
        selected,
    })
}

impl LagOrderSelection {
    /// `{aic, bic, hqic, fpe}` (the selected orders), plus `maxlags`,
    /// `lags` (the orders tried) and `values` (each criterion per order).
    ///
    /// ```
    /// use colcrime::models::var::{Trend, select_order};
    /// let y = ndarray::Array2::from_shape_fn((40, 2), |(t, j)| ((t * 7919 + j * 104729) % 1009) as f64 / 1009.0);
    /// let j = select_order(&y, 2, Trend::Constant).unwrap().to_json();
    /// assert_eq!(j["lags"].as_array().unwrap().len(), 3);
    /// assert!(j["aic"].as_u64().unwrap() <= 2);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "aic": self.selected.aic,
            "bic": self.selected.bic,
            "hqic": self.selected.hqic,
            "fpe": self.selected.fpe,
            "maxlags": self.maxlags,
            "lags": (self.min_lag..=self.maxlags).collect::<Vec<_>>(),
            "values": {
                "aic": nums(&self.aic),
                "bic": nums(&self.bic),
                "hqic": nums(&self.hqic),
                "fpe": nums(&self.fpe),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argmin_takes_first_minimum() {
        assert_eq!(argmin(&[3.0, 1.0, 1.0, 2.0]), 1);
        assert_eq!(argmin(&[f64::NAN, 1.0]), 1);
    }
}
