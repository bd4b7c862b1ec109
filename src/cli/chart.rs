//! `colcrime chart RESULT.json [--out DIR]` (issue 6): renders a result
//! JSON written by the fit commands. The kind is detected from the keys:
//! a `forecast` object gives a fan chart, `params` + `bse` (+ `conf_int`)
//! a coefficient plot, `{"fits": {...}}` one fan chart per fit, a VAR
//! (`"model": "VAR"`) with `orth_irf` the impulse-response panels. A
//! result carrying residuals (`resid`) also gets a residual chart: the
//! four diagnostic panels for a regression (`params` + `bse` +
//! `fittedvalues`), the ACF and PACF otherwise (`STEM_residuals`,
//! `STEM_acf`).

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

/// Options of `chart`.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// A result JSON written by `colcrime fit` or `colcrime run`.
    result: PathBuf,
    /// Directory to write the charts into (default: the result's directory).
    #[arg(long)]
    out: Option<PathBuf>,
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
    let mut files: Vec<(String, ChartFiles)> = Vec::new();
    // `fit var` writes "model": "VAR"; a workspace run writes the model's
    // name as "model" and "kind": "var".
    let is_var = ["model", "kind"].iter().any(|k| {
        json.get(*k)
            .and_then(Value::as_str)
            .is_some_and(|m| m.eq_ignore_ascii_case("var"))
    });
    if is_var {
        if json.get("orth_irf").is_none() {
            return Err(wrong_kind(
                &a.result,
                "the VAR result has no `orth_irf`: fit it with --irf H",
            ));
        }
        let chart = irf_from_json(a, &json)?;
        files.push((
            "impulse_responses".into(),
            chart.render(&out_dir.join(format!("{stem}_irf")))?,
        ));
    } else if let Some(fits) = json.get("fits").and_then(Value::as_object) {
        for (name, fit) in fits {
            let Some(fc) = fit.get("forecast") else {
                continue;
            };
            let chart = fan_from_json(a, name, fc, frame.as_ref())?;
            let f = chart.render(&out_dir.join(format!("{stem}_{}", safe_name(name))))?;
            files.push((name.clone(), f));
        }
        if files.is_empty() {
            return Err(wrong_kind(&a.result, "the fits carry no `forecast`"));
        }
    } else if let Some(fc) = json.get("forecast").filter(|v| v.is_object()) {
        let name = a.series.clone().unwrap_or_else(|| stem.clone());
        let chart = fan_from_json(a, &name, fc, frame.as_ref())?;
        files.push((name, chart.render(&out_dir.join(&stem))?));
    } else if json.get("params").is_some() && json.get("bse").is_some() {
        let chart = forest_from_json(a, &json, &stem)?;
        files.push(("coefficients".into(), chart.render(&out_dir.join(&stem))?));
    } else if json.get("resid").is_none() {
        return Err(wrong_kind(
            &a.result,
            "expected a `forecast` object, `params` and `bse`, `fits`, a VAR with `orth_irf`, or `resid`",
        ));
    }
    if !is_var && let Some(r) = json.get("resid").or_else(|| json.get("residuals")) {
        let resid = numbers(Some(r), "resid")?;
        let title = a.title.clone();
        if json.get("fittedvalues").is_some() && json.get("bse").is_some() {
            let periods = sample_periods(&json, resid.len());
            let subtitle = match (periods.first(), periods.last()) {
                (Some(f), Some(l)) => format!("{} residuals, {f} to {l}", resid.len()),
                _ => format!("{} residuals in observation order", resid.len()),
            };
            let chart = ResidualChart {
                title: title.unwrap_or_else(|| format!("Residual diagnostics: {stem}")),
                subtitle,
                source: a.source.clone(),
                resid,
                periods,
                ..Default::default()
            };
            files.push((
                "residuals".into(),
                chart.render(&out_dir.join(format!("{stem}_residuals")))?,
            ));
        } else {
            let mut chart = AcfChart::from_values(
                &title.unwrap_or_else(|| format!("Autocorrelation of the residuals: {stem}")),
                &resid,
                0,
            )?;
            chart.subtitle = format!(
                "{} residuals; dashed lines at plus or minus 1.96 divided by the square root of n",
                chart.nobs
            );
            chart.source = a.source.clone();
            files.push((
                "acf".into(),
                chart.render(&out_dir.join(format!("{stem}_acf")))?,
            ));
        }
    }
    let list: Vec<Value> = files
        .iter()
        .map(|(n, f)| {
            serde_json::json!({"name": n, "png": f.png.display().to_string(), "svg": f.svg.display().to_string()})
        })
        .collect();
    let table = files
        .iter()
        .map(|(n, f)| format!("{n}: {} {}", f.png.display(), f.svg.display()))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Output::new(serde_json::json!({ "charts": list }), table))
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

fn fan_from_json(a: &ChartArgs, name: &str, fc: &Value, frame: Option<&Frame>) -> Result<FanChart> {
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
    let history = match frame {
        Some(f) => history_from_frame(f, a.series.as_deref().unwrap_or(name))?,
        None => LineSeries::new(name, Vec::new(), Vec::new()),
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

fn short(v: f64) -> String {
    let s = format!("{v:.3}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
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
