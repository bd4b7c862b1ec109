//! The previous run read back through typed serde structs: its series
//! (`data/series.json`, [`StoredSeries`]) and each model's result
//! (`results/NAME.json`, [`PreviousResult`]).

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};

use crate::kinds::Coefficient;
use crate::series::{Period, Series};

/// One series of a run as stored in `data/series.json`: its frequency,
/// unit, periods (as `Period` displays them) and values (non-finite ones as
/// the contract's strings).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct StoredSeries {
    /// `monthly`, `quarterly`, ...
    pub(crate) frequency: String,
    /// The unit, as the source gives it.
    pub(crate) unit: String,
    /// The periods, e.g. `2024-02`, `2024 Q1`.
    pub(crate) periods: Vec<String>,
    /// The values, one per period.
    #[serde(with = "crate::json::nonfinite_vec")]
    pub(crate) values: Vec<f64>,
}

impl StoredSeries {
    /// The stored form of a series.
    pub(super) fn of(s: &Series) -> StoredSeries {
        StoredSeries {
            frequency: s.freq().name().to_string(),
            unit: s.unit.clone(),
            periods: s.periods().iter().map(ToString::to_string).collect(),
            values: s.values().to_vec(),
        }
    }

    /// (period, value) pairs; a period that does not parse is skipped.
    pub(super) fn points(&self) -> Vec<(Period, f64)> {
        self.periods
            .iter()
            .zip(&self.values)
            .filter_map(|(p, v)| Some((Period::parse(p)?, *v)))
            .collect()
    }
}

/// Every series of a run in its stored form (`data/series.json`).
pub(crate) fn series_json(series: &BTreeMap<String, Series>) -> BTreeMap<String, StoredSeries> {
    series
        .iter()
        .map(|(n, s)| (n.clone(), StoredSeries::of(s)))
        .collect()
}

/// Floats in the contract's form (non-finite ones as strings).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(transparent)]
pub(super) struct Floats(#[serde(with = "crate::json::nonfinite_vec")] pub(super) Vec<f64>);

/// A table of numbers in a previous result, whatever its shape.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum StoredTable {
    /// One value per parameter (regressions, SARIMA).
    Vector(Floats),
    /// Rows of values: a VAR's parameters (rows) by equation (columns), or
    /// confidence intervals `[lower, upper]`.
    Matrix(Vec<Floats>),
    /// Any other shape (the smoothing models' named parameters): nothing
    /// to compare.
    Other(IgnoredAny),
}

impl Default for StoredTable {
    fn default() -> StoredTable {
        StoredTable::Vector(Floats::default())
    }
}

impl StoredTable {
    /// The values of a vector; empty for other shapes.
    pub(super) fn vector(&self) -> &[f64] {
        match self {
            StoredTable::Vector(v) => &v.0,
            _ => &[],
        }
    }

    /// The rows of a matrix; empty for other shapes.
    pub(super) fn rows(&self) -> Vec<Vec<f64>> {
        match self {
            StoredTable::Matrix(m) => m.iter().map(|r| r.0.clone()).collect(),
            _ => Vec::new(),
        }
    }
}

/// A previous forecast as stored in a result (`forecast`): dates, means and
/// bands by level (`"80"`, `"95"`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct StoredForecast {
    /// ISO first days of the forecast periods.
    pub(super) dates: Vec<String>,
    /// Point forecasts.
    #[serde(with = "crate::json::nonfinite_vec")]
    pub(super) mean: Vec<f64>,
    /// Lower bounds by level.
    pub(super) lower: BTreeMap<String, Floats>,
    /// Upper bounds by level.
    pub(super) upper: BTreeMap<String, Floats>,
}

impl StoredForecast {
    /// Whether the outturn `a` at horizon `i` lies inside the band of
    /// `level`; `None` without that band.
    pub(super) fn inside(&self, level: &str, i: usize, a: f64) -> Option<bool> {
        let l = self.lower.get(level)?.0.get(i)?;
        let u = self.upper.get(level)?.0.get(i)?;
        Some(a >= *l && a <= *u)
    }
}

/// What the change report reads from a previous run's `results/NAME.json`.
/// Every key may be missing; numbers may be the contract's non-finite
/// strings; tables may be vectors or (VAR) matrices.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PreviousResult {
    /// `ok` or `failed`.
    pub(super) status: Option<String>,
    /// Parameter names (a VAR's regressors).
    pub(super) param_names: Vec<String>,
    /// A VAR's equation names.
    pub(super) names: Vec<String>,
    /// Estimates.
    pub(super) params: StoredTable,
    /// Standard errors.
    pub(super) bse: StoredTable,
    /// A VAR's standard errors.
    pub(super) stderr: StoredTable,
    /// 95% intervals, `[lower, upper]` per parameter.
    pub(super) conf_int: StoredTable,
    /// p-values.
    pub(super) pvalues: StoredTable,
    /// Observations used.
    #[serde(with = "crate::json::nonfinite_opt")]
    pub(super) nobs: Option<f64>,
    /// Log-likelihood.
    #[serde(with = "crate::json::nonfinite_opt")]
    pub(super) llf: Option<f64>,
    /// Akaike criterion.
    #[serde(with = "crate::json::nonfinite_opt")]
    pub(super) aic: Option<f64>,
    /// R².
    #[serde(with = "crate::json::nonfinite_opt")]
    pub(super) rsquared: Option<f64>,
    /// The forecast (a VAR's per-series forecasts read as an empty one).
    pub(super) forecast: Option<StoredForecast>,
    /// The estimation sample.
    #[serde(default)]
    pub(super) sample: Option<StoredSample>,
    /// Where each of its series ended (`series_ends`).
    #[serde(default)]
    pub(super) series_ends: BTreeMap<String, String>,
}

/// A stored estimation sample: `[first, last]`, or `{start, end}` (the
/// long-run kinds).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum StoredSample {
    /// `[first, last]`.
    Pair(Vec<String>),
    /// `{start, end, ...}`.
    Span {
        /// First period.
        start: Option<String>,
        /// Last period.
        end: Option<String>,
    },
}

impl StoredSample {
    /// First and last period, as written.
    pub(super) fn span(&self) -> Option<[String; 2]> {
        match self {
            StoredSample::Pair(v) => match v.as_slice() {
                [a, .., b] => Some([a.clone(), b.clone()]),
                _ => None,
            },
            StoredSample::Span { start, end } => Some([start.clone()?, end.clone()?]),
        }
    }
}

impl PreviousResult {
    /// The parameters, named as [`crate::kinds::Report::parameters`] names them: the
    /// coefficient table, or a VAR's `EQUATION: PARAM` rows.
    pub(super) fn parameters(&self) -> Vec<Coefficient> {
        if let StoredTable::Matrix(_) = self.params {
            return Coefficient::equations(
                &self.names,
                &self.param_names,
                &self.params.rows(),
                &self.stderr.rows(),
                &self.pvalues.rows(),
            );
        }
        let ci: Vec<[f64; 2]> = self
            .conf_int
            .rows()
            .iter()
            .map(|c| {
                let at = |k: usize| c.get(k).copied().unwrap_or(f64::NAN);
                [at(0), at(1)]
            })
            .collect();
        Coefficient::table(
            &self.param_names,
            self.params.vector(),
            self.bse.vector(),
            &ci,
            self.pvalues.vector(),
        )
    }

    /// Its observation count, when it is one.
    pub(super) fn nobs(&self) -> Option<u64> {
        self.nobs
            .filter(|n| n.is_finite() && *n >= 0.0 && n.fract() == 0.0)
            .map(|n| n as u64)
    }
}

/// Reads a JSON file of the previous run; `None` if it is missing or does
/// not have the expected shape.
pub(super) fn read_previous<T: DeserializeOwned>(p: &Path) -> Option<T> {
    let text = std::fs::read_to_string(p).ok()?;
    serde_json::from_str(&text).ok()
}
