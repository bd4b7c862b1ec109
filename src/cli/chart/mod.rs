//! `colcrime chart RESULT.json [--out DIR] [--kind KIND,...]` (issue 6):
//! renders a result JSON written by the fit commands or a workspace run.
//!
//! The result is read with serde into a typed [`ResultFile`]. Its kind
//! (`kind`, written by `colcrime fit` and workspace runs; for older
//! results the model named in `model`: `SARIMAX(...)`, `ETS(...)`,
//! `Holt-Winters`, `VAR`, ...) says which charts it draws
//! ([`Kind::CHARTS`](crate::kinds::Kind::CHARTS)); a result of no known
//! kind draws what it holds. The charts drawn by default:
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

use serde_json::json;

use super::output::Output;
use crate::charts::{
    AcfChart, Chart, ChartFiles, Coefficient, FanChart, ForestChart, IrfChart, LineSeries,
    ResidualChart,
};
use crate::error::{Error, Location, Result};
use crate::forecast::{Band, Forecast, IntervalCoverage, PointKind, normal_quantile};
use crate::kinds::{ChartUse as ChartKind, ResultCharts, charts_of, charts_of_model};
use crate::series::{Frame, Frequency, Period};

mod result;

use result::{Lenient, Num, Numbers, PathFile, ResultFile, texts};

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

/// The charts of a result: those of its kind (`kind`, else the model
/// named in `model`), or [`ResultCharts::ANY`].
fn charts_for(r: &ResultFile) -> ResultCharts {
    r.kind()
        .and_then(charts_of)
        .or_else(|| r.model().and_then(charts_of_model))
        .unwrap_or(ResultCharts::ANY)
}

/// Everything one result (or one fit of a batch) is drawn with.
struct Target<'a> {
    result: &'a ResultFile,
    /// What its kind draws.
    charts: ResultCharts,
    /// The fit's name (batch) or the file stem.
    name: String,
    /// The file stem the charts are written under.
    stem: PathBuf,
    /// Whether this is one fit of a batch (names and stems get the kind).
    in_batch: bool,
}

/// Whether the result has a coefficient list with standard errors.
fn has_coefficients(r: &ResultFile) -> bool {
    r.params.as_ref().is_some() && r.bse.is_some()
}

/// The charts a result gives without `--kind`: its kind's, each when the
/// result holds what it needs (a coefficient plot only without a fan
/// chart; residual diagnostics of a regression, which has fitted values
/// and standard errors, else the ACF of the residuals).
fn default_kinds(t: &Target<'_>) -> Vec<ChartKind> {
    let r = t.result;
    let mut k: Vec<ChartKind> = Vec::new();
    for c in t.charts.default {
        let give = match c {
            ChartKind::Fan => r.forecast().is_some(),
            ChartKind::Coef => !k.contains(&ChartKind::Fan) && has_coefficients(r),
            ChartKind::Residuals => {
                r.resid().is_some()
                    && (t.charts != ResultCharts::ANY
                        || (r.fittedvalues.is_some() && r.bse.is_some()))
            }
            ChartKind::Acf => r.resid().is_some() && !k.contains(&ChartKind::Residuals),
            ChartKind::Irf => true,
        };
        if give {
            k.push(*c);
        }
    }
    k
}

pub(crate) fn run(a: &ChartArgs) -> Result<Output> {
    let text = std::fs::read_to_string(&a.result).map_err(|e| Error::io(&a.result, e))?;
    let parse_error = |e: serde_json::Error| {
        Error::parse(
            Location::new(&a.result)
                .line(e.line() as u64)
                .column_index(e.column() as u64),
            "a JSON result written by colcrime",
            e.to_string(),
        )
    };
    // The syntax first (a line and column), then the shape.
    serde_json::from_str::<serde::de::IgnoredAny>(&text).map_err(parse_error)?;
    if !text.trim_start().starts_with('{') {
        return Err(wrong_kind(&a.result, "the JSON is not an object"));
    }
    let result: ResultFile = serde_json::from_str(&text).map_err(parse_error)?;
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
    if let Some(fits) = result.fits.as_ref().and_then(Lenient::ok) {
        for (name, fit) in &fits.0 {
            // A fit that failed is `{"error": {...}}` in the batch.
            let Some(fit) = fit.ok().filter(|f| f.error.is_none()) else {
                continue;
            };
            let t = Target {
                result: fit,
                charts: charts_for(fit),
                name: name.clone(),
                stem: out_dir.join(format!("{stem}_{}", safe_name(name))),
                in_batch: true,
            };
            let want = if kinds.is_empty() {
                // Batches default to one fan chart per fit.
                if fit.forecast().is_some() {
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
        let t = Target {
            result: &result,
            charts: charts_for(&result),
            name: a.series.clone().unwrap_or_else(|| stem.clone()),
            stem: out_dir.join(&stem),
            in_batch: false,
        };
        let want = if kinds.is_empty() {
            default_kinds(&t)
        } else {
            kinds
        };
        if want.is_empty() {
            return Err(wrong_kind(
                &a.result,
                "expected a `forecast` object, `params` and `bse`, `fits`, a VAR with `orth_irf`, or `resid`",
            ));
        }
        for k in want {
            files.push(draw(a, &t, k, frame.as_ref())?);
        }
    }
    let list: Vec<serde_json::Value> = files
        .iter()
        .map(|(n, k, f)| {
            json!({"name": n, "kind": k.name(), "png": f.png.display().to_string(), "svg": f.svg.display().to_string()})
        })
        .collect();
    let table = files
        .iter()
        .map(|(n, _, f)| format!("{n}: {} {}", f.png.display(), f.svg.display()))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Output::new(json!({ "charts": list }), table))
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
    let r = t.result;
    let label = |default: &str| -> String {
        if t.in_batch {
            format!("{}: {default}", t.name)
        } else {
            default.to_string()
        }
    };
    let var = t.charts.default.contains(&ChartKind::Irf);
    match kind {
        ChartKind::Irf => {
            let Some(irf) = &r.orth_irf else {
                return Err(wrong_kind(
                    &a.result,
                    if var {
                        "the VAR result has no `orth_irf`: fit it with --irf H"
                    } else {
                        "--kind irf needs a VAR result with `orth_irf`"
                    },
                ));
            };
            let chart = irf_chart(a, r, irf)?;
            let name = label("impulse_responses");
            Ok((name, kind, chart.render(&suffixed(&t.stem, "irf"))?))
        }
        ChartKind::Fan => {
            let Some(fc) = r.forecast() else {
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
            let history = r
                .history
                .as_ref()
                .or(fc.history.as_deref())
                .map(|h| {
                    h.ok()
                        .ok_or_else(|| Error::usage("the result's `history` is not an object"))
                })
                .transpose()?;
            let chart = fan_chart(a, &t.name, fc, frame, history)?;
            Ok((t.name.clone(), kind, chart.render(&t.stem)?))
        }
        ChartKind::Coef => {
            if let Some(why) = t.charts.no_coefficients {
                return Err(wrong_kind(&a.result, &format!("--kind coef: {why}")));
            }
            if !has_coefficients(r) {
                return Err(wrong_kind(
                    &a.result,
                    "--kind coef needs `params` and `bse`",
                ));
            }
            let stem_name = t
                .stem
                .file_name()
                .map_or_else(|| t.name.clone(), |s| s.to_string_lossy().into_owned());
            let chart = forest_chart(a, r, &stem_name)?;
            let path = if t.in_batch {
                suffixed(&t.stem, "coef")
            } else {
                t.stem.clone()
            };
            Ok((label("coefficients"), kind, chart.render(&path)?))
        }
        ChartKind::Residuals | ChartKind::Acf => {
            let (resid, periods) = residuals_of(a, t)?;
            let n = resid.iter().filter(|v| v.is_finite()).count();
            let what = t.charts.residuals;
            let span = match (periods.first(), periods.last()) {
                (Some(f), Some(l)) => format!(", {} to {}", f.ons_label(), l.ons_label()),
                _ => " in observation order".to_string(),
            };
            let model = r
                .model()
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
/// for a kind whose residuals end at the sample's end (SARIMA, whose
/// differencing drops the first `d + D s` observations), when they end at
/// the sample's last period. `null` entries are missing values.
///
/// # Errors
/// No residual array (the result's kind cannot give one), an empty array,
/// a non-number, an infinite residual, or no finite residual at all.
fn residuals_of(a: &ChartArgs, t: &Target<'_>) -> Result<(Vec<f64>, Vec<Period>)> {
    let Some(arr) = t.result.resid().and_then(Lenient::ok) else {
        let model = t.result.model().unwrap_or("regression");
        let why = t.charts.no_residuals.replace("{model}", model);
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
            Num::Null => Ok(f64::NAN),
            _ => x.value().ok_or_else(|| {
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
    let periods = resid_periods(t, resid.len());
    Ok((resid, periods))
}

/// The periods of `n` residuals; see [`residuals_of`].
fn resid_periods(t: &Target<'_>, n: usize) -> Vec<Period> {
    let r = t.result;
    let parsed: Option<Vec<Period>> = texts(r.resid_periods.as_ref())
        .and_then(|ps| ps.iter().map(|p| Period::parse(p)).collect());
    if let Some(p) = parsed.filter(|p| p.len() == n) {
        return p;
    }
    let Some((first, last)) = sample_ends(r) else {
        return Vec::new();
    };
    let span = first
        .periods_until(&last)
        .ok()
        .and_then(|k| usize::try_from(k + 1).ok());
    match span {
        // The sample spans exactly the residuals.
        Some(k) if k == n => (0..n).map(|i| first.offset(i as i64)).collect(),
        // Residuals that end at the sample's last period.
        Some(k) if k >= n && t.charts.residuals_at_end => {
            let start = last.offset(1 - n as i64);
            (0..n).map(|i| start.offset(i as i64)).collect()
        }
        _ => Vec::new(),
    }
}

/// The first and last period of a result's `sample` (`["2010 Q1",
/// "2025 Q3"]`).
fn sample_ends(r: &ResultFile) -> Option<(Period, Period)> {
    match texts(r.sample.as_ref())?.as_slice() {
        [a, b] => Some((Period::parse(a)?, Period::parse(b)?)),
        _ => None,
    }
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

/// The numbers of a list named `what`.
///
/// # Errors
/// No list, or an entry that is not a number.
fn numbers(v: Option<&Numbers>, what: &str) -> Result<Vec<f64>> {
    let arr = v
        .and_then(Lenient::ok)
        .ok_or_else(|| Error::usage(format!("the result JSON has no array `{what}`")))?;
    arr.iter()
        .enumerate()
        .map(|(i, x)| {
            x.value()
                .ok_or_else(|| Error::usage(format!("`{what}`[{i}] is not a number: {x}")))
        })
        .collect()
}

/// The periods of a forecast or history: `periods` labels if present,
/// else `dates` with the frequency inferred from their spacing.
fn path_periods(p: &PathFile, what: &str) -> Result<Vec<Period>> {
    let parsed: Option<Vec<Period>> =
        texts(p.periods.as_ref()).and_then(|ps| ps.iter().map(|p| Period::parse(p)).collect());
    if let Some(p) = parsed {
        return Ok(p);
    }
    let dates = texts(p.dates.as_ref())
        .ok_or_else(|| Error::usage(format!("the {what} has no `dates`")))?;
    let months: Vec<Period> = dates
        .iter()
        .map(|d| {
            Period::parse(d)
                .ok_or_else(|| Error::usage(format!("{what} date \"{d}\" is not a date")))
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

fn fan_chart(
    a: &ChartArgs,
    name: &str,
    fc: &PathFile,
    frame: Option<&Frame>,
    history: Option<&PathFile>,
) -> Result<FanChart> {
    let periods = path_periods(fc, "forecast")?;
    let point = numbers(fc.mean.as_ref(), "forecast.mean")?;
    let se = fc
        .se
        .as_ref()
        .map(|v| numbers(Some(v), "forecast.se"))
        .transpose()?
        .unwrap_or_else(|| vec![f64::NAN; point.len()]);
    let mut bands = Vec::new();
    if let (Some(lo), Some(hi)) = (
        fc.lower.as_ref().and_then(Lenient::ok),
        fc.upper.as_ref().and_then(Lenient::ok),
    ) {
        for (k, lv) in &lo.0 {
            let Ok(level) = k.parse::<f64>() else {
                continue;
            };
            let Some((_, uv)) = hi.0.iter().find(|(u, _)| u == k) else {
                continue;
            };
            bands.push(Band {
                level: level / 100.0,
                lower: numbers(Some(lv), &format!("forecast.lower.{k}"))?,
                upper: numbers(Some(uv), &format!("forecast.upper.{k}"))?,
            });
        }
    }
    bands.sort_by(|x, y| x.level.total_cmp(&y.level));
    let point_kind = match fc
        .point_kind
        .as_ref()
        .and_then(Lenient::ok)
        .map(String::as_str)
    {
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
        (None, Some(h)) => history_of(name, h)?,
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
fn history_of(name: &str, h: &PathFile) -> Result<LineSeries> {
    let periods = path_periods(h, "history")
        .map_err(|e| Error::usage(format!("the result's `history`: {e}")))?;
    let values = numbers(h.values.as_ref().or(h.mean.as_ref()), "history.values")?;
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

fn forest_chart(a: &ChartArgs, r: &ResultFile, stem: &str) -> Result<ForestChart> {
    let params = numbers(r.params.as_ref(), "params").map_err(|_| {
        wrong_kind(
            &a.result,
            "`params` is not an array of numbers (charts of VAR or ETS parameters are not supported)",
        )
    })?;
    let bse = numbers(r.bse.as_ref(), "bse")?;
    let names: Vec<String> = match r.param_names.as_ref().and_then(Lenient::ok) {
        Some(n) => n
            .iter()
            .map(|v| v.ok().cloned().unwrap_or_else(|| "?".into()))
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
    let ci: Option<Vec<(f64, f64)>> = r.conf_int.as_ref().and_then(Lenient::ok).map(|rows| {
        rows.iter()
            .map(|row| {
                let at = |i: usize| {
                    row.ok()
                        .and_then(|v| v.get(i))
                        .and_then(Num::value)
                        .unwrap_or(f64::NAN)
                };
                (at(0), at(1))
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
    let nobs = r.nobs.as_ref().and_then(Num::value);
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
type Cube = Lenient<Vec<Lenient<Vec<Numbers>>>>;

/// The numbers of a [`Cube`] named `what`.
fn cube(v: &Cube, what: &str) -> Result<Vec<Vec<Vec<f64>>>> {
    let arr = v
        .ok()
        .ok_or_else(|| Error::usage(format!("the result JSON has no array `{what}`")))?;
    arr.iter()
        .enumerate()
        .map(|(h, m)| {
            m.ok()
                .ok_or_else(|| Error::usage(format!("`{what}`[{h}] is not a matrix")))?
                .iter()
                .enumerate()
                .map(|(i, row)| numbers(Some(row), &format!("{what}[{h}][{i}]")))
                .collect()
        })
        .collect()
}

fn irf_chart(a: &ChartArgs, r: &ResultFile, irf: &Cube) -> Result<IrfChart> {
    let irf = cube(irf, "orth_irf")?;
    let stderr = match r.orth_irf_stderr.as_ref() {
        Some(v @ Lenient::Ok(_)) => cube(v, "orth_irf_stderr")?,
        _ => Vec::new(),
    };
    let names: Vec<String> = r
        .names
        .as_ref()
        .or(r.series.as_ref())
        .and_then(Lenient::ok)
        .map(|n| {
            n.iter()
                .map(|v| v.ok().cloned().unwrap_or_else(|| "?".into()))
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
