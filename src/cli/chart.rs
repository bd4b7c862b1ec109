//! `colcrime chart RESULT.json [--out DIR] [--kind KIND,...]` (issue 6):
//! renders a result JSON written by the fit commands or a workspace run.
//!
//! The model is read from the result's `kind` (a workspace run: `ols`,
//! `sarima`, `auto-arima`, `var`, ...) or `model` (`fit`: `ols`,
//! `SARIMAX(...)`, `ETS(...)`, `Holt-Winters`, `VAR`, ...); a result with
//! neither is recognised by its keys. The charts drawn by default:
//!
//! | result | default charts | also with `--kind` |
//! |---|---|---|
//! | VAR with `orth_irf` | `irf`: impulse-response panels (`STEM_irf`) | |
//! | forecast (SARIMA, auto-ARIMA, ETS) | `fan` (`STEM`) and, with `resid`, `acf`: ACF and PACF of the residuals (`STEM_acf`) | `residuals`, `coef` (SARIMA) |
//! | regression (`params` + `bse`) | `coef`: coefficient plot (`STEM`) and, with `resid` and `fittedvalues`, `residuals`: the four diagnostic panels (`STEM_residuals`) | `acf` |
//! | batch (`{"fits": {...}}`) | one `fan` per fit (`STEM_NAME`) | any of the above per fit (`STEM_NAME_KIND`) |
//!
//! SARIMA residuals are R's `residuals(arima)` of the differenced series
//! (`fit sarima` writes them with `resid_periods`; a workspace result
//! places them at the end of its `sample`). A chart the result cannot
//! give, an empty, all-missing or infinite `resid`, or infinite forecasts
//! are errors (exit 2), never a panic.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::output::Output;
use crate::charts::{
    AcfChart, Chart, ChartFiles, Coefficient, FanChart, ForestChart, IrfChart, LineSeries,
    ResidualChart,
};
use crate::error::{Error, Location, Result};
use crate::forecast::{Band, Forecast, IntervalCoverage, PointKind, normal_quantile};
use crate::json::as_f64;
use crate::series::{Frame, Frequency, Period};

/// A chart `colcrime chart` can draw from a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ChartKind {
    /// Forecast fan chart (history, point forecast, 80% and 95% bands).
    Fan,
    /// Coefficient (forest) plot with 95% confidence intervals.
    Coef,
    /// Residual diagnostics: over time, histogram, ACF, normal Q-Q.
    Residuals,
    /// ACF and PACF of the residuals with ±1.96/√n bounds.
    Acf,
    /// VAR impulse-response panels.
    Irf,
}

impl ChartKind {
    fn name(self) -> &'static str {
        match self {
            ChartKind::Fan => "fan",
            ChartKind::Coef => "coef",
            ChartKind::Residuals => "residuals",
            ChartKind::Acf => "acf",
            ChartKind::Irf => "irf",
        }
    }
}

/// Options of `chart`.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// A result JSON written by `colcrime fit` or `colcrime run`.
    result: PathBuf,
    /// Directory to write the charts into (default: the result's directory).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The charts to draw, comma separated (default: the result's usual
    /// charts: fan (+ acf) for forecasts, coef + residuals for regressions,
    /// irf for VARs).
    #[arg(long, value_name = "KIND,...", value_delimiter = ',')]
    kind: Vec<ChartKind>,
    /// A CSV with the observed series, drawn as the history of fan charts.
    #[arg(long)]
    data: Option<PathBuf>,
    /// The column of `--data` holding the history (default: the fit's name,
    /// or the only numeric column).
    #[arg(long)]
    series: Option<String>,
    /// Chart title (default: a summary of the forecast or estimates).
    #[arg(long)]
    title: Option<String>,
    /// Source line naming the datasets and release dates.
    #[arg(long, default_value = "")]
    source: String,
}

/// The model family of a result, from its `kind` (workspace) or `model`
/// (`fit`) field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Var,
    Sarima,
    Ets,
    Ols,
    /// GLM, ECM, ARDL: coefficients, no residual series of their own.
    Regression,
    /// Neither field names a model colcrime knows: decided by the keys.
    Unknown,
}

fn family_of(json: &Value) -> Family {
    let by_name = |s: &str| -> Family {
        let l = s.to_ascii_lowercase();
        match l.as_str() {
            "var" => Family::Var,
            "sarima" | "auto-arima" | "auto_arima" | "arima" => Family::Sarima,
            "ets" | "holt-winters" | "holt_winters" => Family::Ets,
            "ols" => Family::Ols,
            "glm" | "ecm" | "ardl" => Family::Regression,
            _ if l.starts_with("sarimax(") || l.starts_with("arima(") => Family::Sarima,
            _ if l.starts_with("ets(") => Family::Ets,
            _ => Family::Unknown,
        }
    };
    // A workspace run writes the model's own name as "model" and its kind
    // as "kind"; `fit` writes the model as "model".
    let kind = json.get("kind").and_then(Value::as_str).map(by_name);
    match kind {
        Some(f) if f != Family::Unknown => f,
        _ => json
            .get("model")
            .and_then(Value::as_str)
            .map_or(Family::Unknown, by_name),
    }
}

/// Everything one result (or one fit of a batch) is drawn with.
struct Target<'a> {
    json: &'a Value,
    /// The fit's name (batch) or the file stem.
    name: String,
    /// The file stem the charts are written under.
    stem: PathBuf,
    /// Whether this is one fit of a batch (names and stems get the kind).
    in_batch: bool,
}

/// The charts a result gives without `--kind` (the behaviour before
/// `--kind` existed).
fn default_kinds(json: &Value, family: Family) -> Vec<ChartKind> {
    if family == Family::Var {
        return vec![ChartKind::Irf];
    }
    let mut k = Vec::new();
    if json.get("forecast").is_some_and(Value::is_object) {
        k.push(ChartKind::Fan);
    } else if json.get("params").is_some() && json.get("bse").is_some() {
        k.push(ChartKind::Coef);
    }
    if json
        .get("resid")
        .or_else(|| json.get("residuals"))
        .is_some()
    {
        let regression = match family {
            Family::Ols => true,
            Family::Sarima | Family::Ets => false,
            _ => json.get("fittedvalues").is_some() && json.get("bse").is_some(),
        };
        k.push(if regression {
            ChartKind::Residuals
        } else {
            ChartKind::Acf
        });
    }
    k
}

pub(crate) fn run(a: &ChartArgs) -> Result<Output> {
    let text = std::fs::read_to_string(&a.result).map_err(|e| Error::io(&a.result, e))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| {
        Error::parse(
            Location::new(&a.result)
                .line(e.line() as u64)
                .column_index(e.column() as u64),
            "a JSON result written by colcrime",
            e.to_string(),
        )
    })?;
    if !json.is_object() {
        return Err(wrong_kind(&a.result, "the JSON is not an object"));
    }
    let out_dir = match &a.out {
        Some(d) => d.clone(),
        None => a
            .result
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    let stem = a
        .result
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chart".into());
    let frame = match &a.data {
        Some(p) => Some(Frame::read_csv(p)?),
        None => None,
    };
    let mut kinds: Vec<ChartKind> = Vec::new();
    for k in &a.kind {
        if !kinds.contains(k) {
            kinds.push(*k);
        }
    }
    let mut files: Vec<(String, ChartKind, ChartFiles)> = Vec::new();
    if let Some(fits) = json.get("fits").and_then(Value::as_object) {
        for (name, fit) in fits {
            // A fit that failed is `{"error": {...}}` in the batch.
            if fit.get("error").is_some() || !fit.is_object() {
                continue;
            }
            let t = Target {
                json: fit,
                name: name.clone(),
                stem: out_dir.join(format!("{stem}_{}", safe_name(name))),
                in_batch: true,
            };
            let want = if kinds.is_empty() {
                // Batches default to one fan chart per fit.
                if fit.get("forecast").is_some_and(Value::is_object) {
                    vec![ChartKind::Fan]
                } else {
                    Vec::new()
                }
            } else {
                kinds.clone()
            };
            for k in want {
                files.push(draw(a, &t, k, frame.as_ref())?);
            }
        }
        if files.is_empty() {
            return Err(wrong_kind(&a.result, "the fits carry no `forecast`"));
        }
    } else {
        let family = family_of(&json);
        let want = if kinds.is_empty() {
            default_kinds(&json, family)
        } else {
            kinds
        };
        if want.is_empty() {
            return Err(wrong_kind(
                &a.result,
                "expected a `forecast` object, `params` and `bse`, `fits`, a VAR with `orth_irf`, or `resid`",
            ));
        }
        let t = Target {
            json: &json,
            name: a.series.clone().unwrap_or_else(|| stem.clone()),
            stem: out_dir.join(&stem),
            in_batch: false,
        };
        for k in want {
            files.push(draw(a, &t, k, frame.as_ref())?);
        }
    }
    let list: Vec<Value> = files
        .iter()
        .map(|(n, k, f)| {
            serde_json::json!({"name": n, "kind": k.name(), "png": f.png.display().to_string(), "svg": f.svg.display().to_string()})
        })
        .collect();
    let table = files
        .iter()
        .map(|(n, _, f)| format!("{n}: {} {}", f.png.display(), f.svg.display()))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Output::new(serde_json::json!({ "charts": list }), table))
}

/// `stem` with `_suffix` appended.
fn suffixed(stem: &Path, suffix: &str) -> PathBuf {
    let mut s = stem.as_os_str().to_owned();
    s.push(format!("_{suffix}"));
    PathBuf::from(s)
}

/// Draws one chart of one result: its name in the output, its kind and
/// the files written.
fn draw(
    a: &ChartArgs,
    t: &Target<'_>,
    kind: ChartKind,
    frame: Option<&Frame>,
) -> Result<(String, ChartKind, ChartFiles)> {
    let family = family_of(t.json);
    let label = |default: &str| -> String {
        if t.in_batch {
            format!("{}: {default}", t.name)
        } else {
            default.to_string()
        }
    };
    match kind {
        ChartKind::Irf => {
            if family != Family::Var && t.json.get("orth_irf").is_none() {
                return Err(wrong_kind(
                    &a.result,
                    "--kind irf needs a VAR result with `orth_irf`",
                ));
            }
            if t.json.get("orth_irf").is_none() {
                return Err(wrong_kind(
                    &a.result,
                    "the VAR result has no `orth_irf`: fit it with --irf H",
                ));
            }
            let chart = irf_from_json(a, t.json)?;
            let name = label("impulse_responses");
            Ok((name, kind, chart.render(&suffixed(&t.stem, "irf"))?))
        }
        ChartKind::Fan => {
            let Some(fc) = t.json.get("forecast").filter(|v| v.is_object()) else {
                return Err(wrong_kind(
                    &a.result,
                    &format!(
                        "--kind fan needs a `forecast` object{}",
                        if t.in_batch {
                            format!(" (fit \"{}\" has none)", t.name)
                        } else {
                            " (fit with --horizon H > 0)".to_string()
                        }
                    ),
                ));
            };
            let history = t.json.get("history").or_else(|| fc.get("history"));
            let chart = fan_from_json(a, &t.name, fc, frame, history)?;
            Ok((t.name.clone(), kind, chart.render(&t.stem)?))
        }
        ChartKind::Coef => {
            if family == Family::Var {
                return Err(wrong_kind(
                    &a.result,
                    "--kind coef: charts of VAR coefficient matrices are not supported (use irf)",
                ));
            }
            if t.json.get("params").is_none() || t.json.get("bse").is_none() {
                return Err(wrong_kind(
                    &a.result,
                    "--kind coef needs `params` and `bse`",
                ));
            }
            let stem_name = t
                .stem
                .file_name()
                .map_or_else(|| t.name.clone(), |s| s.to_string_lossy().into_owned());
            let chart = forest_from_json(a, t.json, &stem_name)?;
            let path = if t.in_batch {
                suffixed(&t.stem, "coef")
            } else {
                t.stem.clone()
            };
            Ok((label("coefficients"), kind, chart.render(&path)?))
        }
        ChartKind::Residuals | ChartKind::Acf => {
            let (resid, periods) = residuals_of(a, t, family)?;
            let n = resid.iter().filter(|v| v.is_finite()).count();
            let what = match family {
                Family::Sarima => "one-step residuals of the differenced series",
                Family::Ets => "one-step residuals",
                _ => "residuals",
            };
            let span = match (periods.first(), periods.last()) {
                (Some(f), Some(l)) => format!(", {} to {}", f.ons_label(), l.ons_label()),
                _ => " in observation order".to_string(),
            };
            let model = t
                .json
                .get("model")
                .and_then(Value::as_str)
                .filter(|m| *m != t.name)
                .map(|m| format!("{m}: "))
                .unwrap_or_default();
            if kind == ChartKind::Residuals {
                let chart = ResidualChart {
                    title: a
                        .title
                        .clone()
                        .unwrap_or_else(|| format!("Residual diagnostics: {}", t.name)),
                    subtitle: format!("{model}{n} {what}{span}"),
                    source: a.source.clone(),
                    resid,
                    periods,
                    ..Default::default()
                };
                Ok((
                    label("residuals"),
                    kind,
                    chart.render(&suffixed(&t.stem, "residuals"))?,
                ))
            } else {
                let mut chart = AcfChart::from_values(
                    &a.title
                        .clone()
                        .unwrap_or_else(|| format!("Autocorrelation of the residuals: {}", t.name)),
                    &resid,
                    0,
                )?;
                chart.subtitle = format!(
                    "{model}{} {what}{span}; dashed lines at plus or minus 1.96 divided by the square root of n",
                    chart.nobs
                );
                chart.source = a.source.clone();
                Ok((label("acf"), kind, chart.render(&suffixed(&t.stem, "acf"))?))
            }
        }
    }
}

/// A result's residuals (`resid`, or `residuals`) and the periods they
/// belong to (empty when unknown: observations are then numbered).
///
/// Periods come from `resid_periods` (`fit sarima`, `fit auto-arima`), or
/// from the result's `sample` when it spans exactly as many periods, or,
/// for a SARIMA model (whose differencing drops the first `d + D s`
/// observations), when the residuals end at the sample's last period.
/// `null` entries are missing values.
///
/// # Errors
/// No residual array (the result's kind cannot give one), an empty array,
/// a non-number, an infinite residual, or no finite residual at all.
fn residuals_of(a: &ChartArgs, t: &Target<'_>, family: Family) -> Result<(Vec<f64>, Vec<Period>)> {
    let Some(arr) = t
        .json
        .get("resid")
        .or_else(|| t.json.get("residuals"))
        .and_then(Value::as_array)
    else {
        let why = match family {
            Family::Var => "a VAR result carries no residual series".to_string(),
            Family::Regression => format!(
                "a {} result carries no `resid`",
                t.json
                    .get("model")
                    .and_then(Value::as_str)
                    .unwrap_or("regression")
            ),
            Family::Sarima => "the SARIMA result has no `resid` (written by `fit sarima`, `fit auto-arima` and `colcrime run`; re-fit to add it)".to_string(),
            _ => "the result has no `resid` array".to_string(),
        };
        return Err(wrong_kind(
            &a.result,
            &format!("residual charts need residuals: {why}"),
        ));
    };
    let within = if t.in_batch {
        format!(" of fit \"{}\"", t.name)
    } else {
        String::new()
    };
    let resid: Vec<f64> = arr
        .iter()
        .enumerate()
        .map(|(i, x)| match x {
            Value::Null => Ok(f64::NAN),
            _ => as_f64(x).ok_or_else(|| {
                Error::format(
                    Location::new(&a.result),
                    format!("`resid`[{i}]{within} is not a number: {x}"),
                )
            }),
        })
        .collect::<Result<_>>()?;
    if resid.is_empty() {
        return Err(Error::not_enough_data(
            format!("residual chart (`resid`{within} is empty)"),
            1,
            0,
        ));
    }
    if let Some(i) = resid.iter().position(|v| v.is_infinite()) {
        return Err(Error::domain(format!(
            "`resid`[{i}]{within} is infinite: the model's residuals cannot be charted"
        )));
    }
    let n = resid.iter().filter(|v| v.is_finite()).count();
    if n == 0 {
        return Err(Error::not_enough_data(
            format!(
                "residual chart (`resid`{within} has {} values, all missing)",
                resid.len()
            ),
            1,
            0,
        ));
    }
    let periods = resid_periods(t.json, resid.len(), family);
    Ok((resid, periods))
}

/// The periods of `n` residuals; see [`residuals_of`].
fn resid_periods(json: &Value, n: usize, family: Family) -> Vec<Period> {
    if let Some(ps) = json.get("resid_periods").and_then(Value::as_array) {
        let parsed: Option<Vec<Period>> = ps
            .iter()
            .map(|p| p.as_str().and_then(Period::parse))
            .collect();
        if let Some(p) = parsed.filter(|p| p.len() == n) {
            return p;
        }
    }
    let contiguous = sample_periods(json, n);
    if !contiguous.is_empty() || family != Family::Sarima {
        return contiguous;
    }
    let Some([_, b]) = json
        .get("sample")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    else {
        return Vec::new();
    };
    let span = sample_span(json);
    match (b.as_str().and_then(Period::parse), span) {
        (Some(last), Some(k)) if k >= n => {
            let start = last.offset(1 - n as i64);
            (0..n).map(|i| start.offset(i as i64)).collect()
        }
        _ => Vec::new(),
    }
}

/// The number of periods `sample` spans, both ends included.
fn sample_span(json: &Value) -> Option<usize> {
    let [a, b] = json.get("sample")?.as_array()?.as_slice() else {
        return None;
    };
    let a = Period::parse(a.as_str()?)?;
    let b = Period::parse(b.as_str()?)?;
    let k = a.periods_until(&b).ok()?;
    usize::try_from(k + 1).ok()
}

fn wrong_kind(path: &Path, why: &str) -> Error {
    Error::format(
        Location::new(path),
        format!("not a result JSON colcrime can chart: {why}"),
    )
}

/// A file-name-safe version of a fit name.
fn safe_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn numbers(v: Option<&Value>, what: &str) -> Result<Vec<f64>> {
    let arr = v
        .and_then(Value::as_array)
        .ok_or_else(|| Error::usage(format!("the result JSON has no array `{what}`")))?;
    arr.iter()
        .enumerate()
        .map(|(i, x)| {
            as_f64(x).ok_or_else(|| Error::usage(format!("`{what}`[{i}] is not a number: {x}")))
        })
        .collect()
}

/// The forecast periods: `periods` labels if present, else `dates` with
/// the frequency inferred from their spacing.
fn forecast_periods(fc: &Value) -> Result<Vec<Period>> {
    if let Some(ps) = fc.get("periods").and_then(Value::as_array) {
        let parsed: Option<Vec<Period>> = ps
            .iter()
            .map(|p| p.as_str().and_then(Period::parse))
            .collect();
        if let Some(p) = parsed {
            return Ok(p);
        }
    }
    let dates = fc
        .get("dates")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::usage("the forecast has no `dates`"))?;
    let months: Vec<Period> = dates
        .iter()
        .map(|d| {
            d.as_str()
                .and_then(Period::parse)
                .ok_or_else(|| Error::usage(format!("forecast date {d} is not a date")))
        })
        .collect::<Result<_>>()?;
    let step = match months.as_slice() {
        [a, b, ..] => a.periods_until(b)?,
        _ => 1,
    };
    let freq = match step {
        3 => Frequency::Quarterly,
        12 => Frequency::Annual,
        _ => Frequency::Monthly,
    };
    Ok(months
        .iter()
        .map(|p| p.to_freq(freq).unwrap_or(*p))
        .collect())
}

fn fan_from_json(
    a: &ChartArgs,
    name: &str,
    fc: &Value,
    frame: Option<&Frame>,
    history: Option<&Value>,
) -> Result<FanChart> {
    let periods = forecast_periods(fc)?;
    let point = numbers(fc.get("mean"), "forecast.mean")?;
    let se = fc
        .get("se")
        .map(|v| numbers(Some(v), "forecast.se"))
        .transpose()?
        .unwrap_or_else(|| vec![f64::NAN; point.len()]);
    let mut bands = Vec::new();
    if let (Some(lo), Some(hi)) = (
        fc.get("lower").and_then(Value::as_object),
        fc.get("upper").and_then(Value::as_object),
    ) {
        for (k, lv) in lo {
            let Ok(level) = k.parse::<f64>() else {
                continue;
            };
            let Some(uv) = hi.get(k) else { continue };
            bands.push(Band {
                level: level / 100.0,
                lower: numbers(Some(lv), &format!("forecast.lower.{k}"))?,
                upper: numbers(Some(uv), &format!("forecast.upper.{k}"))?,
            });
        }
    }
    bands.sort_by(|x, y| x.level.total_cmp(&y.level));
    let point_kind = match fc.get("point_kind").and_then(Value::as_str) {
        Some("median") => PointKind::Median,
        _ => PointKind::Mean,
    };
    let forecast = Forecast {
        periods,
        point,
        se,
        bands,
        point_kind,
        covers: IntervalCoverage::default(),
    };
    // The observed series: `--data` when given, else the result's own
    // `history` (`{"dates"|"periods": [...], "values": [...]}`).
    let history = match (frame, history) {
        (Some(f), _) => history_from_frame(f, a.series.as_deref().unwrap_or(name))?,
        (None, Some(h)) => history_from_json(name, h)?,
        (None, None) => LineSeries::new(name, Vec::new(), Vec::new()),
    };
    let title = a
        .title
        .clone()
        .unwrap_or_else(|| fan_title(name, &forecast));
    let freq = forecast
        .periods
        .first()
        .map(|p| p.freq().name())
        .unwrap_or("");
    Ok(FanChart {
        title,
        subtitle: format!(
            "{name}: {freq} forecast{}, with {} prediction intervals",
            match (forecast.periods.first(), forecast.periods.last()) {
                (Some(f), Some(l)) => format!(" {f} to {l}"),
                _ => String::new(),
            },
            forecast
                .bands
                .iter()
                .map(|b| format!("{}%", (b.level * 100.0).round()))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
        y_label: String::new(),
        source: a.source.clone(),
        history,
        forecast,
        ..Default::default()
    })
}

fn fan_title(name: &str, f: &Forecast) -> String {
    let (Some(p), Some(m)) = (f.periods.last(), f.point.last()) else {
        return format!("Forecast of {name}");
    };
    match f
        .bands
        .last()
        .and_then(|b| Some((b.lower.last()?, b.upper.last()?)))
    {
        Some((lo, hi)) => format!(
            "{name} is forecast at {} in {p} ({}% interval {} to {})",
            short(*m),
            (f.bands.last().map(|b| b.level).unwrap_or(0.95) * 100.0).round(),
            short(*lo),
            short(*hi)
        ),
        None => format!("{name} is forecast at {} in {p}", short(*m)),
    }
}

/// A number for a title: three significant figures, thousands separated
/// (`8,452`, `3.47`, `0.0123`).
fn short(v: f64) -> String {
    crate::doc::words::fmt_num(v, 3)
}

/// The `history` a result carries: `{"dates" or "periods": [...],
/// "values" (or "mean"): [...]}`.
fn history_from_json(name: &str, h: &Value) -> Result<LineSeries> {
    let periods =
        forecast_periods(h).map_err(|e| Error::usage(format!("the result's `history`: {e}")))?;
    let values = numbers(h.get("values").or_else(|| h.get("mean")), "history.values")?;
    if values.len() != periods.len() {
        return Err(Error::usage(format!(
            "the result's `history` has {} dates but {} values",
            periods.len(),
            values.len()
        )));
    }
    Ok(LineSeries::new(name, periods, values))
}

fn history_from_frame(f: &Frame, col: &str) -> Result<LineSeries> {
    let values = f.column(col)?.to_vec();
    let periods = f
        .index
        .clone()
        .ok_or_else(|| Error::usage("the --data file has no date column for the history"))?;
    Ok(LineSeries::new(col, periods, values))
}

fn forest_from_json(a: &ChartArgs, json: &Value, stem: &str) -> Result<ForestChart> {
    let params = numbers(json.get("params"), "params").map_err(|_| {
        wrong_kind(
            &a.result,
            "`params` is not an array of numbers (charts of VAR or ETS parameters are not supported)",
        )
    })?;
    let bse = numbers(json.get("bse"), "bse")?;
    let names: Vec<String> = match json.get("param_names").and_then(Value::as_array) {
        Some(n) => n
            .iter()
            .map(|v| v.as_str().unwrap_or("?").to_string())
            .collect(),
        None => (0..params.len()).map(|i| format!("x{i}")).collect(),
    };
    if names.len() != params.len() || bse.len() != params.len() {
        return Err(Error::usage(format!(
            "the result has {} parameter names, {} params and {} bse",
            names.len(),
            params.len(),
            bse.len()
        )));
    }
    let ci: Option<Vec<(f64, f64)>> = json.get("conf_int").and_then(Value::as_array).map(|rows| {
        rows.iter()
            .map(|r| {
                let lo = r.get(0).and_then(as_f64).unwrap_or(f64::NAN);
                let hi = r.get(1).and_then(as_f64).unwrap_or(f64::NAN);
                (lo, hi)
            })
            .collect()
    });
    let z = normal_quantile(0.95);
    let coefficients = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let est = params.get(i).copied().unwrap_or(f64::NAN);
            let s = bse.get(i).copied().unwrap_or(f64::NAN);
            let (lo, hi) = ci
                .as_ref()
                .and_then(|c| c.get(i).copied())
                .unwrap_or((est - z * s, est + z * s));
            Coefficient::new(n.clone(), est, lo, hi)
        })
        .collect();
    let nobs = json.get("nobs").and_then(as_f64);
    Ok(ForestChart {
        title: a
            .title
            .clone()
            .unwrap_or_else(|| format!("Estimated coefficients: {stem}")),
        subtitle: match nobs {
            Some(n) => format!("Estimates with 95% confidence intervals, {n} observations"),
            None => "Estimates with 95% confidence intervals".into(),
        },
        source: a.source.clone(),
        coefficients,
        ..Default::default()
    })
}

/// A `[h][row][col]` array of numbers.
fn cube(v: Option<&Value>, what: &str) -> Result<Vec<Vec<Vec<f64>>>> {
    let arr = v
        .and_then(Value::as_array)
        .ok_or_else(|| Error::usage(format!("the result JSON has no array `{what}`")))?;
    arr.iter()
        .enumerate()
        .map(|(h, m)| {
            m.as_array()
                .ok_or_else(|| Error::usage(format!("`{what}`[{h}] is not a matrix")))?
                .iter()
                .enumerate()
                .map(|(i, row)| numbers(Some(row), &format!("{what}[{h}][{i}]")))
                .collect()
        })
        .collect()
}

fn irf_from_json(a: &ChartArgs, json: &Value) -> Result<IrfChart> {
    let irf = cube(json.get("orth_irf"), "orth_irf")?;
    let stderr = match json.get("orth_irf_stderr") {
        Some(v) if v.is_array() => cube(Some(v), "orth_irf_stderr")?,
        _ => Vec::new(),
    };
    let names: Vec<String> = json
        .get("names")
        .or_else(|| json.get("series"))
        .and_then(Value::as_array)
        .map(|n| {
            n.iter()
                .map(|v| v.as_str().unwrap_or("?").to_string())
                .collect()
        })
        .unwrap_or_else(|| {
            (0..irf.first().map_or(0, Vec::len))
                .map(|i| format!("y{i}"))
                .collect()
        });
    Ok(IrfChart {
        title: a
            .title
            .clone()
            .unwrap_or_else(|| "Responses to orthogonalised shocks in the VAR".into()),
        subtitle: "Orthogonalised (Cholesky) shocks of one standard deviation, with bands of plus or minus 1.96 standard errors".into(),
        source: a.source.clone(),
        names,
        irf,
        stderr,
        ..Default::default()
    })
}

/// The periods of a result's `sample` (`["2010 Q1", "2025 Q3"]`) when it
/// spans exactly `n` periods; empty otherwise (observations are then
/// numbered).
fn sample_periods(json: &Value, n: usize) -> Vec<Period> {
    let Some([a, b]) = json
        .get("sample")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    else {
        return Vec::new();
    };
    let (Some(a), Some(b)) = (
        a.as_str().and_then(Period::parse),
        b.as_str().and_then(Period::parse),
    ) else {
        return Vec::new();
    };
    match a.periods_until(&b) {
        Ok(k) if k >= 0 && (k as usize) + 1 == n => (0..n).map(|i| a.offset(i as i64)).collect(),
        _ => Vec::new(),
    }
}
