//! What changed between two runs: data points added and revised, model
//! parameters before and after (the move measured in standard errors),
//! forecasts before and after, and how the previous forecasts compare with
//! the data that has since arrived.
//!
//! The previous run is read back through typed serde structs
//! ([`StoredSeries`] from `data/series.json`, [`PreviousResult`] from each
//! `results/NAME.json`); the current run's side comes from the models'
//! typed [`Report`](crate::kinds::Report)s. The comparison is a typed [`Changes`], which is written
//! as `changes.json` with serde and rendered as `changes.md` by [`to_doc`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::build::Loaded;
use super::models::ModelOutcome;
use crate::doc::words::fmt_num;
use crate::doc::{Block, Doc};
use crate::forecast::Forecast;
use crate::kinds::{Coefficient, FitStats, RefitInfo, RefitUse};
use crate::models::arima::RefitMode;
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
    fn of(s: &Series) -> StoredSeries {
        StoredSeries {
            frequency: s.freq().name().to_string(),
            unit: s.unit.clone(),
            periods: s.periods().iter().map(ToString::to_string).collect(),
            values: s.values().to_vec(),
        }
    }

    /// (period, value) pairs; a period that does not parse is skipped.
    fn points(&self) -> Vec<(Period, f64)> {
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
struct Floats(#[serde(with = "crate::json::nonfinite_vec")] Vec<f64>);

/// A table of numbers in a previous result, whatever its shape.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum StoredTable {
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
    fn vector(&self) -> &[f64] {
        match self {
            StoredTable::Vector(v) => &v.0,
            _ => &[],
        }
    }

    /// The rows of a matrix; empty for other shapes.
    fn rows(&self) -> Vec<Vec<f64>> {
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
struct StoredForecast {
    /// ISO first days of the forecast periods.
    dates: Vec<String>,
    /// Point forecasts.
    #[serde(with = "crate::json::nonfinite_vec")]
    mean: Vec<f64>,
    /// Lower bounds by level.
    lower: BTreeMap<String, Floats>,
    /// Upper bounds by level.
    upper: BTreeMap<String, Floats>,
}

impl StoredForecast {
    /// Whether the outturn `a` at horizon `i` lies inside the band of
    /// `level`; `None` without that band.
    fn inside(&self, level: &str, i: usize, a: f64) -> Option<bool> {
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
    status: Option<String>,
    /// Parameter names (a VAR's regressors).
    param_names: Vec<String>,
    /// A VAR's equation names.
    names: Vec<String>,
    /// Estimates.
    params: StoredTable,
    /// Standard errors.
    bse: StoredTable,
    /// A VAR's standard errors.
    stderr: StoredTable,
    /// 95% intervals, `[lower, upper]` per parameter.
    conf_int: StoredTable,
    /// p-values.
    pvalues: StoredTable,
    /// Observations used.
    #[serde(with = "crate::json::nonfinite_opt")]
    nobs: Option<f64>,
    /// Log-likelihood.
    #[serde(with = "crate::json::nonfinite_opt")]
    llf: Option<f64>,
    /// Akaike criterion.
    #[serde(with = "crate::json::nonfinite_opt")]
    aic: Option<f64>,
    /// R².
    #[serde(with = "crate::json::nonfinite_opt")]
    rsquared: Option<f64>,
    /// The forecast (a VAR's per-series forecasts read as an empty one).
    forecast: Option<StoredForecast>,
}

impl PreviousResult {
    /// The parameters, named as [`crate::kinds::Report::parameters`] names them: the
    /// coefficient table, or a VAR's `EQUATION: PARAM` rows.
    fn parameters(&self) -> Vec<Coefficient> {
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
    fn nobs(&self) -> Option<u64> {
        self.nobs
            .filter(|n| n.is_finite() && *n >= 0.0 && n.fract() == 0.0)
            .map(|n| n as u64)
    }
}

/// Reads a JSON file of the previous run; `None` if it is missing or does
/// not have the expected shape.
fn read_previous<T: DeserializeOwned>(p: &Path) -> Option<T> {
    let text = std::fs::read_to_string(p).ok()?;
    serde_json::from_str(&text).ok()
}

/// Writes `{"KEY": true}`.
fn flag<S: Serializer>(s: S, key: &str) -> Result<S::Ok, S::Error> {
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
fn serialize_mode<S: Serializer>(m: &Option<RefitMode>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => s.serialize_str(super::run::refit_mode_name(*m)),
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
    fn of(before: Option<f64>, after: Option<f64>) -> Option<StatChange> {
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

fn differs(a: f64, b: f64) -> bool {
    (a - b).abs() > 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Computes the changes from the run in `previous` to the current one
/// (`refit_mode` is left for the caller to set).
pub(crate) fn compute(previous: &Path, loaded: &Loaded, outcomes: &[ModelOutcome]) -> Changes {
    let old_series: BTreeMap<String, StoredSeries> =
        read_previous(&previous.join("data/series.json")).unwrap_or_default();
    let data = loaded
        .series
        .iter()
        .filter_map(|(name, s)| {
            let change = match old_series.get(name) {
                None => SeriesChange::New,
                Some(old) => SeriesChange::Updated(series_update(old, s)?),
            };
            Some((name.clone(), change))
        })
        .collect();
    let models = outcomes
        .iter()
        .map(|o| {
            let old: Option<PreviousResult> =
                read_previous(&previous.join(format!("results/{}.json", o.name)));
            (o.name.clone(), model_change(old.as_ref(), o))
        })
        .collect();
    Changes {
        previous_run_dir: previous.display().to_string(),
        data,
        models,
        refit_mode: None,
    }
}

/// The points of `s` added, revised or removed since `old`; `None` if
/// nothing changed.
fn series_update(old: &StoredSeries, s: &Series) -> Option<SeriesUpdate> {
    let old_pts: BTreeMap<Period, f64> = old.points().into_iter().collect();
    let mut u = SeriesUpdate::default();
    for (p, v) in s.iter().filter(|(_, v)| v.is_finite()) {
        match old_pts.get(&p) {
            Some(&o) if o.is_finite() => {
                if differs(o, v) {
                    u.revised.push(RevisedPoint {
                        period: p,
                        old: o,
                        new: v,
                        change: v - o,
                    });
                }
            }
            _ => u.added.push(AddedPoint {
                period: p,
                value: v,
            }),
        }
    }
    u.removed = old_pts
        .iter()
        .filter(|(p, o)| o.is_finite() && !s.get(**p).is_some_and(f64::is_finite))
        .map(|(p, _)| *p)
        .collect();
    (!u.added.is_empty() || !u.revised.is_empty() || !u.removed.is_empty()).then_some(u)
}

/// One model's result in this run against its previous result.
fn model_change(old: Option<&PreviousResult>, o: &ModelOutcome) -> ModelChange {
    let Some(old) = old else {
        return ModelChange::New;
    };
    let report = o.report.as_ref();
    let mut c = ModelComparison {
        status_before: old.status.clone(),
        status_after: if o.ok() { "ok" } else { "failed" }.into(),
        refit: report.and_then(|r| r.refit.clone()),
        ..ModelComparison::default()
    };
    if let (Some("ok"), Some(r)) = (old.status.as_deref(), report) {
        c.params = Some(param_changes(&old.parameters(), &r.parameters()));
        let FitStats {
            nobs,
            llf,
            aic,
            rsquared,
        } = r.fit_stats;
        let nobs = nobs.map(|n| n as u64);
        c.nobs = (old.nobs.is_some() || nobs.is_some()).then_some(CountChange {
            before: old.nobs(),
            after: nobs,
        });
        c.llf = StatChange::of(old.llf, llf);
        c.aic = StatChange::of(old.aic, aic);
        c.rsquared = StatChange::of(old.rsquared, rsquared);
    }
    if let (Some(f), Some(of)) = (o.forecast(), old.forecast.as_ref()) {
        let (moves, outturns) = forecast_changes(of, f, o.history());
        c.forecast_moves = Some(moves);
        c.forecast_vs_outturn = Some(outturns);
    }
    ModelChange::Compared(Box::new(c))
}

/// The parameters of `after` that `before` also has, before and after.
fn param_changes(before: &[Coefficient], after: &[Coefficient]) -> Vec<ParamChange> {
    after
        .iter()
        .filter_map(|a| {
            let b = before.iter().find(|b| b.name == a.name)?;
            let z = if b.se > 0.0 {
                (a.estimate - b.estimate) / b.se
            } else {
                f64::NAN
            };
            Some(ParamChange {
                name: a.name.clone(),
                before: b.estimate,
                after: a.estimate,
                change: a.estimate - b.estimate,
                change_in_se: z,
                bse_before: b.se,
                bse_after: a.se,
            })
        })
        .collect()
}

/// The previous forecast `old` against this run's `f` (same periods) and
/// against the outturns in this run's `history`.
fn forecast_changes(
    old: &StoredForecast,
    f: &Forecast,
    history: Option<&Series>,
) -> (Vec<ForecastMove>, Vec<Outturn>) {
    let mut moves = Vec::new();
    let mut outturns = Vec::new();
    for (i, d) in old.dates.iter().enumerate() {
        let before = old.mean.get(i).copied().unwrap_or(f64::NAN);
        let now = f.periods.iter().zip(&f.point).find(|(p, _)| p.iso() == *d);
        if let Some((p, &after)) = now {
            moves.push(ForecastMove {
                date: d.clone(),
                period: *p,
                before,
                after,
                change_pct: 100.0 * (after / before - 1.0),
            });
        }
        let actual = history.and_then(|h| {
            let p = h.periods().into_iter().find(|p| p.iso() == *d)?;
            h.get(p).filter(|v| v.is_finite()).map(|v| (p, v))
        });
        if let Some((p, a)) = actual {
            outturns.push(Outturn {
                date: d.clone(),
                period: p,
                forecast: before,
                actual: a,
                error: a - before,
                pct_error: 100.0 * (a / before - 1.0),
                inside_80: old.inside("80", i, a),
                inside_95: old.inside("95", i, a),
            });
        }
    }
    (moves, outturns)
}

/// A number for the tables (`n/a` when not finite).
fn f3(x: f64) -> String {
    fmt_num(x, 4)
}

/// Renders the changes as a document (`changes.md`).
pub(crate) fn to_doc(changes: &Changes, title: &str) -> Doc {
    let mut blocks = vec![Block::Para(format!(
        "Changes since the run in `{}`.",
        changes.previous_run_dir
    ))];
    match changes.refit_mode {
        Some(RefitMode::KeepParams) => blocks.push(Block::Para(
            "Re-fit without re-estimation (`--no-reestimate`): the seasonal ARIMA models keep their previous parameters and only their forecasts are updated from the new data (their backtests are carried over); the other models are estimated afresh.".into(),
        )),
        Some(RefitMode::Reestimate) => blocks.push(Block::Para(
            "Every model is re-estimated; the seasonal ARIMA models start their optimiser from the previous estimates (an automatic ARIMA searches its orders again), except those whose data and specification are unchanged since the previous run, whose estimates are carried over.".into(),
        )),
        None => {}
    }
    blocks.push(Block::Heading(1, "Data".into()));
    blocks.extend(data_blocks(&changes.data));
    blocks.push(Block::Heading(1, "Models".into()));
    for (name, c) in &changes.models {
        blocks.push(Block::Heading(2, format!("`{name}`")));
        match c {
            ModelChange::New => {
                blocks.push(Block::Para("New model: nothing to compare.".into()));
            }
            ModelChange::Compared(c) => blocks.extend(model_blocks(c)),
        }
    }
    Doc {
        title: format!("What changed: {title}"),
        blocks,
    }
}

/// The data part: points added and revised per series, and the first
/// revisions of each.
fn data_blocks(data: &BTreeMap<String, SeriesChange>) -> Vec<Block> {
    let mut rows = Vec::new();
    let mut revisions = Vec::new();
    for (name, c) in data {
        let u = match c {
            SeriesChange::New => {
                rows.push(vec![
                    name.clone(),
                    "new series".into(),
                    String::new(),
                    String::new(),
                ]);
                continue;
            }
            SeriesChange::Updated(u) => u,
        };
        let range = match (u.added.first(), u.added.last()) {
            (Some(a), Some(b)) => format!("{} to {}", a.period, b.period),
            _ => String::new(),
        };
        rows.push(vec![
            name.clone(),
            u.added.len().to_string(),
            range,
            u.revised.len().to_string(),
        ]);
        for r in u.revised.iter().take(20) {
            revisions.push(vec![
                name.clone(),
                r.period.to_string(),
                f3(r.old),
                f3(r.new),
            ]);
        }
    }
    let mut blocks = Vec::new();
    if rows.is_empty() {
        blocks.push(Block::Para("No data point was added or revised.".into()));
    } else {
        blocks.push(Block::Table(
            vec![
                "Series".into(),
                "Points added".into(),
                "Periods added".into(),
                "Points revised".into(),
            ],
            rows,
        ));
    }
    if !revisions.is_empty() {
        blocks.push(Block::Heading(2, "Revised data points".into()));
        blocks.push(Block::Table(
            vec!["Series".into(), "Period".into(), "Old".into(), "New".into()],
            revisions,
        ));
    }
    blocks
}

/// One model's part: the re-fit, the parameters, the forecasts and the
/// previous forecasts against the outturns.
fn model_blocks(c: &ModelComparison) -> Vec<Block> {
    let mut blocks = Vec::new();
    if c.refit.as_ref().map(|r| r.mode) == Some(RefitUse::Unchanged) {
        blocks.push(Block::Para(
            "Its data and specification are unchanged since the previous run: its estimates are carried over.".into(),
        ));
    }
    match &c.params {
        Some(ps) if !ps.is_empty() => blocks.push(Block::Table(
            vec![
                "Parameter".into(),
                "Before".into(),
                "After".into(),
                "Change in s.e. of before".into(),
            ],
            ps.iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        f3(p.before),
                        f3(p.after),
                        f3(p.change_in_se),
                    ]
                })
                .collect(),
        )),
        // Both fits succeeded but the model has no parameters to set side
        // by side (unit-root tests): say so rather than draw an empty table.
        Some(_) => blocks.push(Block::Para(
            "This model has no parameters to compare; its results for this run are in the briefing.".into(),
        )),
        None => blocks.push(Block::Para(format!(
            "Status before: {}; after: {}.",
            c.status_before.as_deref().unwrap_or("?"),
            c.status_after
        ))),
    }
    if let Some(fm) = c.forecast_moves.as_ref().filter(|a| !a.is_empty()) {
        blocks.push(Block::Table(
            vec![
                "Forecast for".into(),
                "Before".into(),
                "After".into(),
                "Change %".into(),
            ],
            fm.iter()
                .map(|r| {
                    vec![
                        r.period.to_string(),
                        f3(r.before),
                        f3(r.after),
                        f3(r.change_pct),
                    ]
                })
                .collect(),
        ));
    }
    if let Some(fo) = c.forecast_vs_outturn.as_ref().filter(|a| !a.is_empty()) {
        blocks.extend(outturn_blocks(fo));
    }
    blocks
}

/// The previous forecasts against the outturns: coverage and mean absolute
/// error in words, then the table.
fn outturn_blocks(fo: &[Outturn]) -> Vec<Block> {
    let count = |inside: fn(&Outturn) -> Option<bool>| {
        fo.iter().filter(|r| inside(r) == Some(true)).count()
    };
    let errs: Vec<f64> = fo
        .iter()
        .map(|r| r.error)
        .filter(|e| e.is_finite())
        .collect();
    let mae = errs.iter().map(|e| e.abs()).sum::<f64>() / errs.len().max(1) as f64;
    let yn = |v: Option<bool>| match v {
        Some(true) => "yes".to_string(),
        Some(false) => "no".to_string(),
        None => "n/a".to_string(),
    };
    vec![
        Block::Para(format!(
            "How the previous forecast compares with the data that has since arrived: \
             {} of {} outturns fell inside the 80% interval and {} inside the 95% \
             interval; mean absolute error {}.",
            count(|r| r.inside_80),
            fo.len(),
            count(|r| r.inside_95),
            fmt_num(mae, 3)
        )),
        Block::Table(
            vec![
                "Period".into(),
                "Forecast".into(),
                "Outturn".into(),
                "Error".into(),
                "Error %".into(),
                "In 80%".into(),
                "In 95%".into(),
            ],
            fo.iter()
                .map(|r| {
                    vec![
                        r.period.to_string(),
                        f3(r.forecast),
                        f3(r.actual),
                        f3(r.error),
                        f3(r.pct_error),
                        yn(r.inside_80),
                        yn(r.inside_95),
                    ]
                })
                .collect(),
        ),
    ]
}

/// Draws, for up to three series the update touched (revised ones first,
/// then extended ones), the previous run's values against this run's over
/// their last three years, the previous release dashed where it differs
/// ([`crate::charts::RevisionChart`]). Each chart is written to
/// `charts/revision_NAME.{png,svg}` under `run_dir`; returns the stems
/// (relative to `run_dir`) and titles of the charts drawn.
pub(crate) fn revision_charts(
    previous: &Path,
    loaded: &Loaded,
    changes: &Changes,
    run_dir: &Path,
) -> Vec<(String, String)> {
    use crate::charts::{Chart, LineSeries, RevisionChart};
    let old_series: BTreeMap<String, StoredSeries> =
        read_previous(&previous.join("data/series.json")).unwrap_or_default();
    let mut touched: Vec<(&String, usize)> = changes
        .data
        .iter()
        .filter_map(|(n, c)| match c {
            SeriesChange::Updated(u) if !u.revised.is_empty() || !u.added.is_empty() => {
                Some((n, u.revised.len()))
            }
            _ => None,
        })
        .collect();
    // Revised first; among equals, the series with the fewest steps from
    // its source (shortest name is a fair proxy: `cpi` before `cpi_q`).
    touched.sort_by_key(|(n, r)| (usize::from(*r == 0), n.len()));
    let mut out = Vec::new();
    for (name, revised) in touched.into_iter().take(3) {
        let (Some(s), Some(old)) = (loaded.series.get(name), old_series.get(name)) else {
            continue;
        };
        let new_pts: Vec<(Period, f64)> = s.iter().filter(|(_, v)| v.is_finite()).collect();
        let Some(&(last, _)) = new_pts.last() else {
            continue;
        };
        let from = last.offset(-(3 * i64::from(last.freq().periods_per_year()) - 1));
        let keep = |p: &Period| *p >= from;
        let old_pts: Vec<(Period, f64)> = old
            .points()
            .into_iter()
            .filter(|(p, v)| keep(p) && v.is_finite())
            .collect();
        let new_pts: Vec<(Period, f64)> = new_pts.into_iter().filter(|(p, _)| keep(p)).collect();
        let label = if s.title.is_empty() {
            name.clone()
        } else {
            s.title.clone()
        };
        let title = if revised > 0 {
            format!("{label}: {revised} earlier values revised")
        } else {
            format!("{label}: the new release extends the series")
        };
        let chart = RevisionChart {
            title: title.clone(),
            subtitle: if s.unit.is_empty() {
                "Previous release against this release".into()
            } else {
                format!("{}, previous release against this release", s.unit)
            },
            previous: LineSeries::new(
                "Previous release",
                old_pts.iter().map(|(p, _)| *p).collect(),
                old_pts.iter().map(|(_, v)| *v).collect(),
            ),
            new: LineSeries::new(
                "This release",
                new_pts.iter().map(|(p, _)| *p).collect(),
                new_pts.iter().map(|(_, v)| *v).collect(),
            ),
            ..Default::default()
        };
        let stem = format!("charts/revision_{name}");
        let Ok(path) = super::OutputDir::new(run_dir).path(&stem) else {
            continue;
        };
        if chart.render(&path).is_ok() {
            out.push((stem, title));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::Kind;
    use serde_json::json;

    fn month(m: u32) -> Period {
        Period::month(2024, m).unwrap()
    }

    /// The keys, shapes and order of `changes.json` as the untyped writer
    /// produced them, non-finite numbers as strings and missing values as
    /// `null`.
    #[test]
    fn changes_serialise_to_the_same_keys_and_shapes() {
        let compared = ModelComparison {
            status_before: Some("ok".into()),
            status_after: "ok".into(),
            refit: Some(RefitInfo {
                mode: RefitUse::KeepParams,
                previous_result: "runs/1/results/cpi_forecast.json".into(),
                note: None,
                warm_start: Some(false),
                backtest: None,
            }),
            params: Some(vec![ParamChange {
                name: "ar.L1".into(),
                before: 0.5,
                after: 0.75,
                change: 0.25,
                change_in_se: f64::INFINITY,
                bse_before: 0.0,
                bse_after: 0.1,
            }]),
            nobs: Some(CountChange {
                before: Some(120),
                after: Some(145),
            }),
            llf: StatChange::of(Some(f64::NAN), Some(-10.5)),
            aic: None,
            rsquared: StatChange::of(Some(0.5), None),
            forecast_moves: Some(vec![ForecastMove {
                date: "2024-03-01".into(),
                period: month(3),
                before: 2.0,
                after: 2.5,
                change_pct: 25.0,
            }]),
            forecast_vs_outturn: Some(vec![Outturn {
                date: "2024-02-01".into(),
                period: month(2),
                forecast: 2.0,
                actual: 3.0,
                error: 1.0,
                pct_error: 50.0,
                inside_80: Some(false),
                inside_95: None,
            }]),
        };
        let changes = Changes {
            previous_run_dir: "out/runs/1".into(),
            data: BTreeMap::from([
                (
                    "cpi".to_string(),
                    SeriesChange::Updated(SeriesUpdate {
                        added: vec![AddedPoint {
                            period: month(2),
                            value: 3.4,
                        }],
                        revised: vec![RevisedPoint {
                            period: month(1),
                            old: 4.0,
                            new: 4.1,
                            change: 0.1,
                        }],
                        removed: vec![month(3)],
                    }),
                ),
                ("pay".to_string(), SeriesChange::New),
            ]),
            models: BTreeMap::from([
                (
                    "cpi_forecast".to_string(),
                    ModelChange::Compared(Box::new(compared)),
                ),
                ("new_one".to_string(), ModelChange::New),
                (
                    "robbery_ols".to_string(),
                    ModelChange::Compared(Box::new(ModelComparison {
                        status_before: None,
                        status_after: "failed".into(),
                        ..ModelComparison::default()
                    })),
                ),
            ]),
            refit_mode: Some(RefitMode::KeepParams),
        };
        let expected = json!({
            "previous_run_dir": "out/runs/1",
            "data": {
                "cpi": {
                    "added": [{"period": "2024-02", "value": 3.4}],
                    "revised": [{"period": "2024-01", "old": 4.0, "new": 4.1, "change": 0.1}],
                    "removed": ["2024-03"],
                },
                "pay": {"new_series": true},
            },
            "models": {
                "cpi_forecast": {
                    "status_before": "ok",
                    "status_after": "ok",
                    "refit": {
                        "mode": "keep_params",
                        "previous_result": "runs/1/results/cpi_forecast.json",
                        "warm_start": false,
                    },
                    "params": [{
                        "name": "ar.L1", "before": 0.5, "after": 0.75, "change": 0.25,
                        "change_in_se": "Infinity", "bse_before": 0.0, "bse_after": 0.1,
                    }],
                    "nobs": {"before": 120, "after": 145},
                    "llf": {"before": "NaN", "after": -10.5},
                    "rsquared": {"before": 0.5, "after": null},
                    "forecast_moves": [{
                        "date": "2024-03-01", "period": "2024-03", "before": 2.0,
                        "after": 2.5, "change_pct": 25.0,
                    }],
                    "forecast_vs_outturn": [{
                        "date": "2024-02-01", "period": "2024-02", "forecast": 2.0,
                        "actual": 3.0, "error": 1.0, "pct_error": 50.0,
                        "inside_80": false, "inside_95": null,
                    }],
                },
                "new_one": {"new_model": true},
                "robbery_ols": {"status_before": null, "status_after": "failed"},
            },
            "refit_mode": "keep_params",
        });
        // Same text: same keys, values and order.
        assert_eq!(
            serde_json::to_string(&changes).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
        // A plain run (no mode) leaves `refit_mode` out.
        let plain = Changes {
            refit_mode: None,
            ..changes
        };
        let text = serde_json::to_string(&plain).unwrap();
        assert!(!text.contains("refit_mode"), "{text}");
    }

    #[test]
    fn stored_series_round_trip_with_non_finite_values() {
        let s = Series::new("cpi", month(1), vec![1.5, f64::NAN, 2.0]);
        let stored = series_json(&BTreeMap::from([("cpi".to_string(), s)]));
        let text = serde_json::to_string(&stored).unwrap();
        assert!(
            text.contains(r#""periods":["2024-01","2024-02","2024-03"],"values":[1.5,"NaN",2.0]"#),
            "{text}"
        );
        let back: BTreeMap<String, StoredSeries> = serde_json::from_str(&text).unwrap();
        let pts = back["cpi"].points();
        assert_eq!(pts.len(), 3);
        assert_eq!(pts[2], (month(3), 2.0));
        assert!(pts[1].1.is_nan());
    }

    #[test]
    fn a_previous_result_reads_nan_strings_and_missing_keys() {
        let text = r#"{
            "status": "ok", "model": "ols",
            "param_names": ["const", "x", "z"],
            "params": [1.0, "NaN", 3.0],
            "bse": [0.5, "Infinity"],
            "conf_int": [[0.0, 2.0], ["NaN", 1.0]],
            "nobs": 40, "llf": "NaN", "rsquared": null,
            "forecast": {"dates": ["2024-01-01", "2024-02-01"], "mean": [1.0, "NaN"],
                         "lower": {"80": [0.5, "-Infinity"]}, "upper": {"80": [1.5, 2.0]}}
        }"#;
        let r: PreviousResult = serde_json::from_str(text).unwrap();
        let p = r.parameters();
        assert_eq!(p.len(), 3);
        assert_eq!((p[0].estimate, p[0].se, p[0].ci), (1.0, 0.5, (0.0, 2.0)));
        assert!(p[1].estimate.is_nan() && p[1].se.is_infinite() && p[1].ci.0.is_nan());
        // Keys missing for a parameter are NaN.
        assert!(p[2].se.is_nan() && p[2].pvalue.is_nan() && p[2].ci.1.is_nan());
        assert_eq!(r.nobs(), Some(40));
        assert!(r.llf.is_some_and(f64::is_nan));
        assert!(r.aic.is_none() && r.rsquared.is_none());
        let f = r.forecast.unwrap();
        assert!(f.mean[1].is_nan());
        assert_eq!(f.inside("80", 0, 1.2), Some(true));
        assert_eq!(f.inside("80", 1, -5.0), Some(true));
        assert_eq!(f.inside("95", 0, 1.2), None);

        // A failed model, an empty object, a smoothing model's named
        // parameters and a VAR's per-series forecasts all read.
        let failed: PreviousResult =
            serde_json::from_str(r#"{"status": "failed", "error": {"kind": "usage"}}"#).unwrap();
        assert_eq!(failed.status.as_deref(), Some("failed"));
        assert!(failed.parameters().is_empty() && failed.forecast.is_none());
        let empty: PreviousResult = serde_json::from_str("{}").unwrap();
        assert!(empty.status.is_none() && empty.nobs().is_none());
        let ets: PreviousResult = serde_json::from_str(
            r#"{"status": "ok", "params": {"smoothing_level": 0.3, "initial_seasons": null}, "forecast": null}"#,
        )
        .unwrap();
        assert!(ets.parameters().is_empty() && ets.forecast.is_none());
        let var: PreviousResult = serde_json::from_str(
            r#"{"status": "ok", "names": ["a", "b"], "param_names": ["const", "L1.a"],
                "params": [[1.0, 2.0], [0.5, "NaN"]], "stderr": [[0.1, 0.2], [0.05, 0.05]],
                "pvalues": [[0.01, 0.02], [0.03, 0.04]],
                "forecast": {"a": {"dates": ["2024-01-01"]}, "b": {"dates": []}}}"#,
        )
        .unwrap();
        let p = var.parameters();
        assert_eq!(p.len(), 4);
        assert_eq!(
            (p[1].name.as_str(), p[1].estimate, p[1].se),
            ("a: L1.a", 0.5, 0.05)
        );
        assert!(p[3].name == "b: L1.a" && p[3].estimate.is_nan());
        assert!(var.forecast.is_some_and(|f| f.dates.is_empty()));
    }

    /// A VAR fitted on the first `rows` rows of two related series.
    fn var_outcome(rows: usize) -> ModelOutcome {
        let mut csv = String::from("date,a,b\n");
        let (mut a, mut b) = (1.0f64, 2.0f64);
        for t in 0..60u32 {
            let e = |s: f64| ((f64::from(t) * 12.9898 + s).sin() * 43_758.545_3).fract() - 0.5;
            (a, b) = (0.5 * a + 0.2 * b + e(0.0), 0.3 * a + 0.4 * b + e(7.0));
            csv.push_str(&format!("{}-{:02},{a},{b}\n", 2019 + t / 12, t % 12 + 1));
        }
        let frame = crate::series::Frame::from_csv_str("d.csv", &csv).unwrap();
        let data = crate::kinds::ModelData::new(&frame, 0..rows).unwrap();
        let opts: crate::kinds::var::VarOptions =
            toml::from_str("series = [\"a\", \"b\"]\nlags = 1\nhorizon = 0").unwrap();
        let report = opts.fit(&data).unwrap();
        ModelOutcome {
            name: "crime_var".into(),
            kind: "var".into(),
            json: report.to_json(),
            summary: report.table.clone(),
            error: None,
            report: Some(report),
            uses: Vec::new(),
        }
    }

    /// Issue 15: a VAR's parameters are compared equation by equation, not
    /// shown as n/a; a model without parameters gets a line, not an empty
    /// table.
    #[test]
    fn a_var_change_renders_its_parameters_without_na() {
        let before = var_outcome(48);
        let mut stored = before.report.as_ref().unwrap().json.clone();
        stored.insert("status".into(), "ok".into());
        let text = serde_json::to_string(&stored).unwrap();
        let old: PreviousResult = serde_json::from_str(&text).unwrap();
        let after = var_outcome(60);
        let change = model_change(Some(&old), &after);
        let ModelChange::Compared(c) = &change else {
            panic!("expected a comparison, got {change:?}");
        };
        let params = c.params.as_ref().unwrap();
        // 2 equations x (const, L1.a, L1.b).
        assert_eq!(params.len(), 6);
        assert_eq!(params[4].name, "b: L1.a");
        assert!(params.iter().all(|p| p.before.is_finite()
            && p.after.is_finite()
            && p.change_in_se.is_finite()
            && p.before != p.after));
        let n = |c: Option<CountChange>| c.and_then(|c| Some((c.before?, c.after?)));
        assert_eq!(n(c.nobs), Some((47, 59)));
        assert!(c.llf.is_some() && c.aic.is_some() && c.rsquared.is_none());

        let changes = Changes {
            previous_run_dir: "runs/1".into(),
            data: BTreeMap::new(),
            models: BTreeMap::from([
                ("crime_var".to_string(), change),
                (
                    "stationarity".to_string(),
                    ModelChange::Compared(Box::new(ModelComparison {
                        status_before: Some("ok".into()),
                        status_after: "ok".into(),
                        params: Some(Vec::new()),
                        ..ModelComparison::default()
                    })),
                ),
            ]),
            refit_mode: Some(RefitMode::Reestimate),
        };
        let md = to_doc(&changes, "test").to_markdown();
        assert!(!md.contains("n/a"), "{md}");
        assert!(
            md.contains("| a: const |") && md.contains("| b: L1.b |"),
            "{md}"
        );
        let stationarity = md.split("`stationarity`").nth(1).unwrap();
        assert!(stationarity.contains("no parameters to compare"), "{md}");
        assert!(!stationarity.contains("| Parameter"), "{md}");
        assert!(md.contains("Every model is re-estimated"), "{md}");
    }
}
