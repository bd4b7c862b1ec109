//! What an automatic ARIMA search records in its result (`models_tried`,
//! `seasonal_strength`, `kpss_statistics`), read back with serde by a
//! re-fit that keeps the chosen model's estimates, and written again into
//! the kept result.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One model an automatic search fitted: its orders, constant and AICc (a
/// result's `models_tried` entry).
///
/// ```
/// use colcrime::kinds::TriedModel;
/// let m: TriedModel = serde_json::from_str(
///     r#"{"order": [0, 1, 1], "seasonal_order": [0, 1, 1, 4], "drift": false, "aicc": "Infinity"}"#,
/// ).unwrap();
/// assert_eq!(m.order, (0, 1, 1));
/// assert!(m.aicc.is_infinite() && !m.approximate);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TriedModel {
    /// `(p, d, q)`.
    pub order: (usize, usize, usize),
    /// `(P, D, Q, s)`.
    pub seasonal_order: (usize, usize, usize, usize),
    /// A constant (mean or drift) included.
    pub drift: bool,
    /// AICc; infinite when the fit failed or was rejected.
    #[serde(with = "crate::json::nonfinite")]
    pub aicc: f64,
    /// Whether `aicc` is the approximate (CSS) criterion of the search's
    /// approximate stage (absent in results written before it existed).
    #[serde(default)]
    pub approximate: bool,
}

/// KPSS statistics in the contract's form (non-finite ones as strings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
struct Statistics(#[serde(with = "crate::json::nonfinite_vec")] Vec<f64>);

/// The record of an automatic ARIMA search, as its result holds it; every
/// part is optional (a SARIMA's result has none).
///
/// ```
/// use colcrime::kinds::SearchRecord;
/// let r: SearchRecord = serde_json::from_str(
///     r#"{"seasonal_strength": 0.8, "kpss_statistics": [1.2, "NaN"], "params": [1.0]}"#,
/// ).unwrap();
/// assert_eq!(r.seasonal_strength, Some(0.8));
/// assert!(r.kpss_statistics().unwrap()[1].is_nan());
/// let m = r.to_json_map();
/// assert_eq!(m.keys().collect::<Vec<_>>(), ["seasonal_strength", "kpss_statistics"]);
/// assert_eq!(m["kpss_statistics"][1], "NaN");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchRecord {
    /// Every model fitted, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub models_tried: Option<Vec<TriedModel>>,
    /// STL seasonal strength of the series.
    #[serde(
        default,
        with = "crate::json::nonfinite_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub seasonal_strength: Option<f64>,
    /// KPSS statistics of the differencing steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kpss_statistics: Option<Statistics>,
}

impl SearchRecord {
    /// The KPSS statistics of the differencing steps (d = 0, 1, ...).
    ///
    /// ```
    /// use colcrime::kinds::SearchRecord;
    /// assert!(SearchRecord::default().kpss_statistics().is_none());
    /// ```
    pub fn kpss_statistics(&self) -> Option<&[f64]> {
        self.kpss_statistics.as_ref().map(|s| s.0.as_slice())
    }

    /// The record's keys as a result writes them (only those present).
    ///
    /// ```
    /// use colcrime::kinds::SearchRecord;
    /// assert!(SearchRecord::default().to_json_map().is_empty());
    /// ```
    pub fn to_json_map(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        }
    }
}
