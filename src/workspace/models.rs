//! Fitting a workspace's models: each model gets the frame of every
//! workspace series at its frequency, restricted to its sample, and is
//! fitted through its kind ([`crate::kinds`]), exactly as the matching
//! `colcrime fit` command fits it.

use serde_json::Value;

use super::build::Loaded;
use super::spec::ModelSpec;
use crate::error::{Error, Result};
use crate::forecast::Forecast;
pub use crate::kinds::Prior;
use crate::kinds::{Coefficient, ModelData, Report, ScenarioDef};
use crate::models::arima::ScenarioResult;
use crate::series::{Frame, Frequency, Period, Series};

/// The outcome of fitting one workspace model.
#[derive(Debug, Clone)]
pub struct ModelOutcome {
    /// The model's name in the workspace.
    pub name: String,
    /// Its kind (`ols`, `sarima`, ...).
    pub kind: String,
    /// The result JSON as written (contract keys), or the error object.
    pub json: Value,
    /// The human summary table, or the error message.
    pub summary: String,
    /// The error, if the model failed.
    pub error: Option<String>,
    /// The kind's typed report, if the fit succeeded.
    pub report: Option<Report>,
    /// Workspace series the model uses (for provenance).
    pub uses: Vec<String>,
}

impl ModelOutcome {
    /// Whether the fit succeeded.
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// The forecast, for forecasting models, on the reported scale.
    pub fn forecast(&self) -> Option<&Forecast> {
        self.report.as_ref().and_then(|r| r.forecast.as_ref())
    }

    /// The history the forecast continues, on the reported scale.
    pub fn history(&self) -> Option<&Series> {
        self.report.as_ref().and_then(|r| r.history.as_ref())
    }

    /// Scenario forecasts on the reported scale; the first is the baseline
    /// when the drivers follow their own forecasts.
    pub fn scenarios(&self) -> &[ScenarioResult] {
        self.report.as_ref().map_or(&[], |r| r.scenarios.as_slice())
    }

    /// The coefficient table (empty for models without one, or failed).
    pub fn coefficients(&self) -> &[Coefficient] {
        self.report
            .as_ref()
            .map_or(&[], |r| r.coefficients.as_slice())
    }
}

/// The expressions of a model spec that name workspace series (formula,
/// series, regressors, variables), joined by spaces: what
/// [`series_used`] reads to find the series a model uses.
///
/// ```
/// use colcrime::workspace::models::model_text;
/// let t: toml::Table = toml::from_str(
///     "kind = \"sarima\"\nfrequency = \"quarterly\"\nseries = \"log(y)\"\nexog = [\"x\"]",
/// ).unwrap();
/// let spec = colcrime::workspace::ModelSpec::from_table("m", t)?;
/// assert_eq!(model_text(&spec).split_whitespace().collect::<Vec<_>>(), ["log(y)", "x"]);
/// # Ok::<(), colcrime::Error>(())
/// ```
pub fn model_text(spec: &ModelSpec) -> String {
    spec.options.expressions().join(" ")
}

/// Names of workspace series that appear as identifiers in `text`.
///
/// ```
/// use colcrime::workspace::models::series_used;
/// let names = vec!["cpi_q".to_string(), "cpi".to_string(), "robbery_q".to_string()];
/// assert_eq!(series_used("growth(robbery_q, 4) ~ cpi_q", &names), vec!["cpi_q", "robbery_q"]);
/// ```
pub fn series_used(text: &str, names: &[String]) -> Vec<String> {
    let idents: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut out: Vec<String> = names
        .iter()
        .filter(|n| idents.contains(&n.as_str()))
        .cloned()
        .collect();
    out.sort();
    out
}

/// Row range `[a, b)` of `frame` for a sample from `start` to `end`.
fn sample_rows(frame: &Frame, start: Option<&str>, end: Option<&str>) -> Result<(usize, usize)> {
    let idx = frame.index.as_deref().unwrap_or(&[]);
    let parse =
        |s: &str| Period::parse(s).ok_or_else(|| Error::usage(format!("\"{s}\" is not a period")));
    let freq = idx.first().map(Period::freq);
    let conv = |p: Period| -> Period {
        match freq {
            Some(f) if f != p.freq() => p
                .to_freq(f)
                .unwrap_or_else(|| Period::containing(p.first_day(), f)),
            _ => p,
        }
    };
    let a = match start {
        Some(s) => {
            let p = conv(parse(s)?);
            idx.iter().position(|q| *q >= p).unwrap_or(idx.len())
        }
        None => 0,
    };
    let b = match end {
        Some(s) => {
            let p = conv(parse(s)?);
            idx.iter().rposition(|q| *q <= p).map_or(0, |i| i + 1)
        }
        None => idx.len(),
    };
    if a >= b {
        return Err(Error::usage(format!(
            "the sample {} to {} contains no rows",
            start.unwrap_or("start"),
            end.unwrap_or("end")
        )));
    }
    Ok((a, b))
}

/// Fits one model; a failure is captured in the outcome, never propagated.
pub fn fit(loaded: &Loaded, name: &str, spec: &ModelSpec) -> ModelOutcome {
    fit_with(loaded, name, spec, None)
}

/// [`fit`] for a re-fit: kinds that can restore a previous fit (SARIMA,
/// automatic ARIMA) use `prior`; the others are fitted afresh.
pub fn fit_with(
    loaded: &Loaded,
    name: &str,
    spec: &ModelSpec,
    prior: Option<Prior>,
) -> ModelOutcome {
    let names: Vec<String> = loaded.series.keys().cloned().collect();
    let uses = series_used(&model_text(spec), &names);
    let result = fit_inner(loaded, spec, prior).map(|mut r| {
        if let Some(h) = r.history.as_mut()
            && let Some(src) = loaded.series.get(&h.name)
        {
            h.title = src.title.clone();
            h.unit = src.unit.clone();
            h.provenance = src.provenance.clone();
        }
        r
    });
    match result {
        Ok(report) => ModelOutcome {
            name: name.to_string(),
            kind: spec.kind.clone(),
            json: report.to_json(),
            summary: report.table.clone(),
            error: None,
            report: Some(report),
            uses,
        },
        Err(e) => ModelOutcome {
            name: name.to_string(),
            kind: spec.kind.clone(),
            json: e.to_json(),
            summary: e.to_string(),
            error: Some(e.to_string()),
            report: None,
            uses,
        },
    }
}

fn fit_inner(loaded: &Loaded, spec: &ModelSpec, prior: Option<Prior>) -> Result<Report> {
    let freq: Frequency = spec.frequency.parse()?;
    let frame = loaded.frame(freq)?;
    let (a, b) = sample_rows(&frame, spec.start.as_deref(), spec.end.as_deref())?;
    let mut data = ModelData::new(&frame, a..b)?;
    data.prior = prior;
    for (n, sc) in &loaded.spec.scenarios {
        data.scenarios.insert(
            n.clone(),
            ScenarioDef {
                label: sc.label.clone().unwrap_or_else(|| n.clone()),
                rules: sc.rules()?,
            },
        );
    }
    spec.options.fit(&data)
}
