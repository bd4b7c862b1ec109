//! Automatic ETS model selection by AICc (Hyndman et al. 2002, section 4;
//! Hyndman & Khandakar 2008, JSS 27(3)).
//!
//! Every admissible combination of error (additive, multiplicative), trend
//! (none, additive, additive damped) and season (none, additive,
//! multiplicative; only when a period of at least 2 is given) is fitted by
//! maximum likelihood, in parallel; the model with the smallest AICc wins.
//! As in Hyndman et al. (2008, section 7.4) the numerically unstable
//! combinations of additive errors with multiplicative seasonality are left
//! out, and multiplicative errors or seasons are tried only for strictly
//! positive data; seasonal models need two full seasons.
//!
//! The criterion counts the free parameters as R's `ets` does: of the `m`
//! initial seasonal states only `m - 1` are free (adding a constant to
//! every additive state and subtracting it from the level, or scaling the
//! multiplicative states and the level inversely, leaves every forecast
//! unchanged). Each fit's own `aicc` counts all `m`, as statsmodels'
//! `ETSModel` does, so a seasonal candidate's selection AICc
//! ([`selection_aicc`]) is below its fit's `aicc` by a little over 2.

use rayon::prelude::*;
use serde_json::{Value, json};

use super::{ErrorType, EtsFit, EtsParams, SeasonalType, TrendType};
use crate::error::{Error, Result};
use crate::json::num;

/// The AICc the selection ranks by: `fit.aicc` with one parameter fewer for
/// a seasonal model (its `m` initial states have `m - 1` degrees of
/// freedom; see the module documentation), as R's `ets` counts.
///
/// ```
/// use colcrime::models::ets::{selection_aicc, EtsParams, ErrorType, SeasonalType};
/// let y: Vec<f64> = (0..48).map(|t| 100.0 + 10.0 * ((t % 4) as f64 - 1.5).abs() + t as f64).collect();
/// let seasonal = EtsParams::new(ErrorType::Add).seasonal(SeasonalType::Add, 4).fit(&y).unwrap();
/// assert!(selection_aicc(&seasonal) < seasonal.aicc);
/// let plain = EtsParams::new(ErrorType::Add).fit(&y).unwrap();
/// assert_eq!(selection_aicc(&plain), plain.aicc);
/// ```
pub fn selection_aicc(fit: &EtsFit) -> f64 {
    if !fit.spec.seasonal.is_seasonal() {
        return fit.aicc;
    }
    let n = fit.nobs as f64;
    let k = fit.df_model as f64 - 1.0;
    let dof = n - k - 1.0;
    if dof > 0.0 {
        -2.0 * fit.llf + 2.0 * k * n / dof
    } else {
        f64::INFINITY
    }
}

/// The outcome of [`select_ets`]: the chosen fit and every candidate's
/// selection AICc ([`selection_aicc`]).
///
/// ```
/// use colcrime::models::ets::select_ets;
/// let y: Vec<f64> = (0..40).map(|t| 10.0 + 0.3 * t as f64 + ((t * 5) % 7) as f64 * 0.2).collect();
/// let s = select_ets(&y, None).unwrap();
/// assert!(s.candidates.len() >= 6);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SelectedEts {
    /// The model with the smallest selection AICc.
    pub best: EtsFit,
    /// Every candidate: short name and selection AICc ([`selection_aicc`])
    /// or the error that stopped it.
    pub candidates: Vec<(String, std::result::Result<f64, String>)>,
}

impl SelectedEts {
    /// The candidates as JSON: `{"AAN": aicc, "MNM": {"error": ...}, ...}`.
    ///
    /// ```
    /// use colcrime::models::ets::select_ets;
    /// let y: Vec<f64> = (0..30).map(|t| 5.0 + (t % 4) as f64).collect();
    /// let s = select_ets(&y, None).unwrap();
    /// assert!(s.candidates_json().get("ANN").is_some());
    /// ```
    pub fn candidates_json(&self) -> Value {
        let mut map = serde_json::Map::new();
        for (n, r) in &self.candidates {
            map.insert(
                n.clone(),
                match r {
                    Ok(v) => num(*v),
                    Err(e) => json!({ "error": e }),
                },
            );
        }
        Value::Object(map)
    }
}

/// Fits every admissible ETS model to `y` (seasonal ones with `period`, if
/// given and at least 2) and returns the one with the smallest selection
/// AICc ([`selection_aicc`]).
///
/// # Errors
/// No candidate could be fitted (the first candidate's error is returned:
/// e.g. a constant or too short series).
///
/// ```
/// use colcrime::models::ets::select_ets;
/// let y: Vec<f64> = (0..48).map(|t| 100.0 + 10.0 * ((t % 12) as f64 - 5.5).abs()).collect();
/// let s = select_ets(&y, Some(12)).unwrap();
/// assert!(s.best.short_name().ends_with('A') || s.best.short_name().ends_with('M'));
/// ```
pub fn select_ets(y: &[f64], period: Option<usize>) -> Result<SelectedEts> {
    let positive = y.iter().all(|v| *v > 0.0);
    let mut specs = Vec::new();
    let errors: &[ErrorType] = if positive {
        &[ErrorType::Add, ErrorType::Mul]
    } else {
        &[ErrorType::Add]
    };
    let mut seasons = vec![(SeasonalType::None, 1)];
    if let Some(m) = period.filter(|&m| m >= 2 && y.len() >= 2 * m) {
        seasons.push((SeasonalType::Add, m));
        if positive {
            seasons.push((SeasonalType::Mul, m));
        }
    }
    for &e in errors {
        for t in [TrendType::None, TrendType::Add, TrendType::AddDamped] {
            for &(s, m) in &seasons {
                if e == ErrorType::Add && s == SeasonalType::Mul {
                    continue;
                }
                specs.push(EtsParams::new(e).trend(t).seasonal(s, m));
            }
        }
    }
    let fits: Vec<(String, Result<EtsFit>)> = specs
        .par_iter()
        .map(|p| (p.short_name(), p.fit(y)))
        .collect();
    let mut best: Option<EtsFit> = None;
    let mut first_err: Option<Error> = None;
    let mut candidates = Vec::new();
    for (name, r) in fits {
        match r {
            Ok(f) => {
                let a = selection_aicc(&f);
                candidates.push((name, Ok(a)));
                if a.is_finite() && best.as_ref().is_none_or(|b| a < selection_aicc(b)) {
                    best = Some(f);
                }
            }
            Err(e) => {
                candidates.push((name, Err(e.to_string())));
                if first_err.is_none() {
                    first_err = Some(e);
                }
            }
        }
    }
    match best {
        Some(best) => Ok(SelectedEts { best, candidates }),
        None => Err(first_err.unwrap_or_else(|| Error::other("ETS selection: no candidate model"))),
    }
}
