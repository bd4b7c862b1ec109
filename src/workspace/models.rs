//! Fitting a workspace's models: each model gets the frame of every
//! workspace series at its frequency, restricted to its sample, and returns
//! the same JSON as the matching `colcrime fit` command.

use serde_json::Value;

use super::build::Loaded;
use super::spec::ModelSpec;
use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::json::as_f64;
use crate::series::{Frame, Frequency, Period, Series};

/// The outcome of fitting one workspace model.
#[derive(Debug, Clone)]
pub struct ModelOutcome {
    /// The model's name in the workspace.
    pub name: String,
    /// Its kind (`ols`, `sarima`, ...).
    pub kind: String,
    /// The result JSON (contract keys), or the error object if it failed.
    pub json: Value,
    /// The human summary table, or the error message.
    pub summary: String,
    /// The error, if the model failed.
    pub error: Option<String>,
    /// The forecast, for forecasting models, on the reported scale.
    pub forecast: Option<Forecast>,
    /// The history the forecast continues, on the reported scale.
    pub history: Option<Series>,
    /// Workspace series the model uses (for provenance).
    pub uses: Vec<String>,
}

impl ModelOutcome {
    /// Whether the fit succeeded.
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }
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
    let names: Vec<String> = loaded.series.keys().cloned().collect();
    let text = [
        spec.formula.clone().unwrap_or_default(),
        spec.series.clone().unwrap_or_default(),
        spec.exog.join(" "),
    ]
    .join(" ");
    let uses = series_used(&text, &names);
    let result = fit_inner(loaded, spec);
    match result {
        Ok((json, summary, forecast, history)) => ModelOutcome {
            name: name.to_string(),
            kind: spec.kind.clone(),
            json,
            summary,
            error: None,
            forecast,
            history,
            uses,
        },
        Err(e) => ModelOutcome {
            name: name.to_string(),
            kind: spec.kind.clone(),
            json: e.to_json(),
            summary: e.to_string(),
            error: Some(e.to_string()),
            forecast: None,
            history: None,
            uses,
        },
    }
}

type Fitted = (Value, String, Option<Forecast>, Option<Series>);

fn fit_inner(loaded: &Loaded, spec: &ModelSpec) -> Result<Fitted> {
    let freq: Frequency = spec.frequency.parse()?;
    let frame = loaded.frame(freq)?;
    let (a, b) = sample_rows(&frame, spec.start.as_deref(), spec.end.as_deref())?;
    match spec.kind.as_str() {
        "ols" => fit_ols(&frame, spec, a, b),
        "glm" => fit_glm(&frame, spec, a, b),
        "sarima" | "auto-arima" => fit_arima(&frame, spec, a, b),
        k => Err(Error::usage(format!("unknown model kind {k}"))),
    }
}

fn fit_ols(_frame: &Frame, _spec: &ModelSpec, _a: usize, _b: usize) -> Result<Fitted> {
    Err(Error::other("ols is not yet wired into workspaces"))
}

fn fit_glm(_frame: &Frame, _spec: &ModelSpec, _a: usize, _b: usize) -> Result<Fitted> {
    Err(Error::other("glm is not yet wired into workspaces"))
}

fn fit_arima(_frame: &Frame, _spec: &ModelSpec, _a: usize, _b: usize) -> Result<Fitted> {
    Err(Error::other("sarima is not yet wired into workspaces"))
}

/// One coefficient row read back from a result JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct CoefRow {
    /// Parameter name.
    pub name: String,
    /// Estimate.
    pub estimate: f64,
    /// Standard error.
    pub se: f64,
    /// 95% interval.
    pub ci: (f64, f64),
    /// p-value.
    pub pvalue: f64,
}

/// Reads the coefficient table from contract JSON (`param_names`,
/// `params`, `bse`, `conf_int`, `pvalues`).
///
/// ```
/// use colcrime::workspace::models::coef_rows;
/// let j = serde_json::json!({"param_names": ["const"], "params": [1.0], "bse": [0.5],
///     "conf_int": [[0.0, 2.0]], "pvalues": [0.04]});
/// assert_eq!(coef_rows(&j)[0].ci, (0.0, 2.0));
/// ```
pub fn coef_rows(j: &Value) -> Vec<CoefRow> {
    let arr = |k: &str| -> Vec<f64> {
        j[k].as_array()
            .map(|a| a.iter().map(|v| as_f64(v).unwrap_or(f64::NAN)).collect())
            .unwrap_or_default()
    };
    let names: Vec<String> = j["param_names"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    let (p, se, pv) = (arr("params"), arr("bse"), arr("pvalues"));
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let ci = j["conf_int"][i]
                .as_array()
                .map(|c| {
                    (
                        c.first().and_then(as_f64).unwrap_or(f64::NAN),
                        c.get(1).and_then(as_f64).unwrap_or(f64::NAN),
                    )
                })
                .unwrap_or((f64::NAN, f64::NAN));
            CoefRow {
                name: n.clone(),
                estimate: p.get(i).copied().unwrap_or(f64::NAN),
                se: se.get(i).copied().unwrap_or(f64::NAN),
                ci,
                pvalue: pv.get(i).copied().unwrap_or(f64::NAN),
            }
        })
        .collect()
}
