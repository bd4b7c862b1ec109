//! The typed change report: [`Changes`] and its parts, written as
//! `changes.json` with serde.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::kinds::RefitInfo;
use crate::models::arima::RefitMode;
use crate::series::Period;

/// Writes `{"KEY": true}`.
pub(super) fn flag<S: Serializer>(s: S, key: &str) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry(key, &true)?;
    m.end()
}

/// The change report of a re-fit (`changes.json`, `changes.md`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Changes {
    /// The run compared against.
    pub(crate) previous_run_dir: String,
    /// Each series of this run: new, or what was added, revised and
    /// removed (series without any change are left out).
    pub(crate) data: BTreeMap<String, SeriesChange>,
    /// Each model of this run, compared with its previous result.
    pub(crate) models: BTreeMap<String, ModelChange>,
    /// How the re-fit treated the time-series models' previous estimates.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_mode"
    )]
    pub(crate) refit_mode: Option<RefitMode>,
}

/// `reestimate` or `keep_params`.
pub(super) fn serialize_mode<S: Serializer>(
    m: &Option<RefitMode>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => s.serialize_str(crate::workspace::run::refit_mode_name(*m)),
        None => s.serialize_none(),
    }
}

/// What happened to one series.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SeriesChange {
    /// Not in the previous run: `{"new_series": true}`.
    New,
    /// Points added, revised or removed.
    Updated(SeriesUpdate),
}

impl Serialize for SeriesChange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SeriesChange::New => flag(s, "new_series"),
            SeriesChange::Updated(u) => u.serialize(s),
        }
    }
}

/// The points of a series that changed since the previous run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct SeriesUpdate {
    /// Points with a value now and none before.
    pub(crate) added: Vec<AddedPoint>,
    /// Points whose value changed.
    pub(crate) revised: Vec<RevisedPoint>,
    /// Periods with a value before and none now.
    pub(crate) removed: Vec<Period>,
}

/// A data point that is new in this run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct AddedPoint {
    /// Its period.
    pub(crate) period: Period,
    /// Its value.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) value: f64,
}

/// A data point whose value was revised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct RevisedPoint {
    /// Its period.
    pub(crate) period: Period,
    /// The previous value.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) old: f64,
    /// This run's value.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) new: f64,
    /// `new - old`.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) change: f64,
}

/// What happened to one model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ModelChange {
    /// No previous result: `{"new_model": true}`.
    New,
    /// Compared with its previous result.
    Compared(Box<ModelComparison>),
}

impl Serialize for ModelChange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ModelChange::New => flag(s, "new_model"),
            ModelChange::Compared(c) => c.serialize(s),
        }
    }
}

/// A model's result before and after.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct ModelComparison {
    /// The previous status (`ok`, `failed`), if recorded.
    pub(crate) status_before: Option<String>,
    /// This run's status: `ok` or `failed`.
    pub(crate) status_after: String,
    /// How the re-fit used the previous result (models that restore one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) refit: Option<RefitInfo>,
    /// Parameters in both fits, when both succeeded (empty for models
    /// without parameters, such as unit-root tests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) params: Option<Vec<ParamChange>>,
    /// The estimation sample, when it moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sample: Option<SampleChange>,
    /// The series whose last period moved (new data, or a ragged edge
    /// closing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) series_ends: Vec<EndChange>,
    /// Observations used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) nobs: Option<CountChange>,
    /// Log-likelihood.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) llf: Option<StatChange>,
    /// Akaike criterion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) aic: Option<StatChange>,
    /// R².
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) rsquared: Option<StatChange>,
    /// Forecasts of the same periods, before and after (with
    /// `forecast_vs_outturn`, when both runs forecast).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) forecast_moves: Option<Vec<ForecastMove>>,
    /// The previous forecasts against the data that has since arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) forecast_vs_outturn: Option<Vec<Outturn>>,
}

/// One parameter before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ParamChange {
    /// Its name (`EQUATION: PARAM` for a VAR).
    pub(crate) name: String,
    /// The previous estimate.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) before: f64,
    /// This run's estimate.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) after: f64,
    /// `after - before`.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) change: f64,
    /// The change in previous standard errors (NaN without one).
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) change_in_se: f64,
    /// The previous standard error.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) bse_before: f64,
    /// This run's standard error.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) bse_after: f64,
}

/// An estimation sample before and after (`[first, last]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct SampleChange {
    /// Previous run.
    pub(crate) before: Option<[String; 2]>,
    /// This run.
    pub(crate) after: Option<[String; 2]>,
}

/// Where one series of a model ended, before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct EndChange {
    /// The series.
    pub(crate) series: String,
    /// Its last period in the previous run.
    pub(crate) before: Option<String>,
    /// Its last period in this run.
    pub(crate) after: Option<String>,
}

/// A count before and after (`null` where a run has none).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct CountChange {
    /// Previous run.
    pub(crate) before: Option<u64>,
    /// This run.
    pub(crate) after: Option<u64>,
}

/// A statistic before and after (`null` where a run has none).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct StatChange {
    /// Previous run.
    #[serde(with = "crate::json::nonfinite_opt")]
    pub(crate) before: Option<f64>,
    /// This run.
    #[serde(with = "crate::json::nonfinite_opt")]
    pub(crate) after: Option<f64>,
}

impl StatChange {
    /// The pair, if either run has the statistic.
    pub(super) fn of(before: Option<f64>, after: Option<f64>) -> Option<StatChange> {
        (before.is_some() || after.is_some()).then_some(StatChange { before, after })
    }
}

/// The forecast of one period, before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ForecastMove {
    /// ISO first day of the period.
    pub(crate) date: String,
    /// The period.
    pub(crate) period: Period,
    /// The previous forecast.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) before: f64,
    /// This run's forecast.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) after: f64,
    /// `100 (after / before - 1)`.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) change_pct: f64,
}

/// A previous forecast against its outturn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Outturn {
    /// ISO first day of the period.
    pub(crate) date: String,
    /// The period.
    pub(crate) period: Period,
    /// The previous forecast.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) forecast: f64,
    /// The value that has since arrived.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) actual: f64,
    /// `actual - forecast`.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) error: f64,
    /// `100 (actual / forecast - 1)`.
    #[serde(with = "crate::json::nonfinite")]
    pub(crate) pct_error: f64,
    /// Inside the previous 80% interval (`null` without one).
    pub(crate) inside_80: Option<bool>,
    /// Inside the previous 95% interval (`null` without one).
    pub(crate) inside_95: Option<bool>,
}
