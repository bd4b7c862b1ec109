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

use rayon::prelude::*;
use serde_json::{Value, json};

use super::{ErrorType, EtsFit, EtsParams, SeasonalType, TrendType};
use crate::error::{Error, Result};
use crate::json::num;

/// The outcome of [`select_ets`]: the chosen fit and every candidate's AICc.
///
/// ```
/// use colcrime::models::ets::select_ets;
/// let y: Vec<f64> = (0..40).map(|t| 10.0 + 0.3 * t as f64 + ((t * 5) % 7) as f64 * 0.2).collect();
/// let s = select_ets(&y, None).unwrap();
/// assert!(s.candidates.len() >= 6);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SelectedEts {
    /// The model with the smallest AICc.
    pub best: EtsFit,
    /// Every candidate: short name and AICc (or the error that stopped it).
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
/// given and at least 2) and returns the one with the smallest AICc.
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
                candidates.push((name, Ok(f.aicc)));
                if f.aicc.is_finite() && best.as_ref().is_none_or(|b| f.aicc < b.aicc) {
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
