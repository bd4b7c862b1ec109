//! Drawing a workspace's charts into a run folder: each `[charts.NAME]`
//! becomes a chart struct of [`crate::charts`], fed from the workspace's
//! series, model outcomes and borough datasets.

use std::collections::BTreeMap;
use std::path::Path;

mod fan;

use super::build::Loaded;
use super::models::{ModelOutcome, series_used};
use super::spec::ChartSpec;
use crate::charts::{
    self, AcfChart, Bar, BarChart, Chart, Coefficient, ForestChart, IrfChart, LineChart,
    LineSeries, ResidualChart, ScatterChart, ScatterPoint, SmallMultiples,
};
use crate::error::{Error, Result};
use crate::formula::eval_expr;
use crate::kinds::Detail;
use crate::series::{Frequency, Period, Series};
use crate::sources::Dataset;
use crate::transforms::{self, Aggregation};

/// One chart written (PNG and SVG).
#[derive(Debug, Clone)]
pub struct RenderedChart {
    /// The chart's name in the workspace.
    pub name: String,
    /// Path without extension relative to the run folder (`charts/NAME`).
    pub stem: String,
    /// Alternative text.
    pub alt: String,
    /// Caption shown under the chart: empty, as the chart itself carries
    /// its title and source line (so the page shows each source once).
    pub caption: String,
    /// The SVG text (inlined in the HTML briefing).
    pub svg: Option<String>,
}

/// Every chart of a run, and those that could not be drawn.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Charts written.
    pub charts: Vec<RenderedChart>,
    /// Charts that failed: (name, message).
    pub errors: Vec<(String, String)>,
}

/// "Source: ..." naming the workspace sources behind some series, with
/// their release dates.
fn source_line(loaded: &Loaded, series: &[&Series]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (name, ds) in &loaded.datasets {
        let files: Vec<&str> = ds
            .series
            .iter()
            .flat_map(|s| s.provenance.iter().map(|p| p.file.as_str()))
            .collect();
        let used = series.iter().any(|s| {
            s.provenance
                .iter()
                .any(|p| files.contains(&p.file.as_str()))
        });
        if !used {
            continue;
        }
        let title = loaded
            .spec
            .sources
            .get(name)
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| name.clone());
        let mut releases: Vec<String> = series
            .iter()
            .flat_map(|s| s.provenance.iter())
            .filter(|p| files.contains(&p.file.as_str()))
            .filter_map(|p| p.release.clone())
            .collect();
        releases.sort();
        releases.dedup();
        match releases.last() {
            Some(r) => parts.push(format!("{title} (released {r})")),
            None => parts.push(title),
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("Source: {}", parts.join("; "))
    }
}

fn first_common(series: &[&Series]) -> Option<Period> {
    series
        .iter()
        .filter_map(|s| s.observed_span().map(|(a, _)| a))
        .max()
}

fn line_series(s: &Series, from: Option<Period>) -> LineSeries {
    let s = match (from, s.observed_span()) {
        (Some(f), Some((_, b))) if f.freq() == s.freq() => s.slice(f, b),
        _ => s.trimmed(),
    };
    LineSeries::new(s.title.clone(), s.periods(), s.values().to_vec())
}

fn start_period(spec: &ChartSpec, freq: Frequency) -> Result<Option<Period>> {
    match &spec.start {
        None => Ok(None),
        Some(s) => {
            let p = Period::parse(s)
                .ok_or_else(|| Error::usage(format!("start = \"{s}\" is not a period")))?;
            Ok(Some(Period::containing(p.first_day(), freq)))
        }
    }
}

fn line_chart(loaded: &Loaded, spec: &ChartSpec) -> Result<LineChart> {
    let list: Vec<&Series> = spec
        .series
        .iter()
        .map(|n| {
            loaded
                .series
                .get(n)
                .ok_or_else(|| Error::not_found("series", n, Vec::new()))
        })
        .collect::<Result<_>>()?;
    let freq = list
        .first()
        .map(|s| s.freq())
        .ok_or_else(|| Error::usage("a line chart needs series"))?;
    let from = match start_period(spec, freq)? {
        Some(p) => Some(p),
        None => first_common(&list),
    };
    let mut series = Vec::new();
    for s in &list {
        let s2 = match &spec.index_base {
            Some(b) => {
                let p = Period::parse(b)
                    .ok_or_else(|| Error::usage(format!("index_base = \"{b}\" is not a period")))?;
                let a = Period::containing(p.first_day(), s.freq());
                let z = Period::containing(p.last_day(), s.freq());
                let mut r = transforms::rebase(s, a, z)?;
                r.title = s.title.clone();
                r
            }
            None => (*s).clone(),
        };
        series.push(line_series(&s2, from));
    }
    let fill = |t: &str| line_title(t, &series, spec.index_base.is_some());
    Ok(LineChart {
        title: fill(spec.title.as_deref().unwrap_or_default()),
        subtitle: fill(spec.subtitle.as_deref().unwrap_or_default()),
        y_label: spec.y_label.clone().unwrap_or_default(),
        source: source_line(loaded, &list),
        series,
        ..Default::default()
    })
}

/// Fills a line chart's title from its series, so that new data cannot
/// leave a stale finding. For series `N` (1 for the first): `{latest:N}`
/// (its last value, rounded), `{peak:N}` and `{peak_period:N}` (its
/// highest value and when), `{low:N}` and `{low_period:N}`, `{vs_base:N}`
/// (for an indexed chart: "18% below" or "2% above" the base), and
/// `{last_period}` (the last period of the first series).
fn line_title(t: &str, series: &[LineSeries], indexed: bool) -> String {
    if !t.contains('{') {
        return t.to_string();
    }
    let mut out = t.to_string();
    for (k, s) in series.iter().enumerate() {
        let n = k + 1;
        let points: Vec<(Period, f64)> = s
            .periods
            .iter()
            .zip(&s.values)
            .filter(|(_, v)| v.is_finite())
            .map(|(p, v)| (*p, *v))
            .collect();
        let Some(&(_, latest)) = points.last() else {
            continue;
        };
        let peak = points
            .iter()
            .copied()
            .fold(None, |a: Option<(Period, f64)>, p| match a {
                Some(b) if b.1 >= p.1 => Some(b),
                _ => Some(p),
            });
        let low = points
            .iter()
            .copied()
            .fold(None, |a: Option<(Period, f64)>, p| match a {
                Some(b) if b.1 <= p.1 => Some(b),
                _ => Some(p),
            });
        let vs_base = if indexed {
            let d = latest - 100.0;
            if d.abs() < 0.5 {
                "level with".to_string()
            } else {
                format!(
                    "{}% {}",
                    about(d.abs()),
                    if d < 0.0 { "below" } else { "above" }
                )
            }
        } else {
            String::new()
        };
        out = out
            .replace(&format!("{{latest:{n}}}"), &about(latest))
            .replace(&format!("{{vs_base:{n}}}"), &vs_base);
        if let Some((p, v)) = peak {
            out = out
                .replace(&format!("{{peak:{n}}}"), &about(v))
                .replace(&format!("{{peak_period:{n}}}"), &Period::words(&p));
        }
        if let Some((p, v)) = low {
            out = out
                .replace(&format!("{{low:{n}}}"), &about(v))
                .replace(&format!("{{low_period:{n}}}"), &Period::words(&p));
        }
    }
    let last = series
        .first()
        .and_then(|s| {
            s.periods
                .iter()
                .zip(&s.values)
                .rev()
                .find(|(_, v)| v.is_finite())
                .map(|(p, _)| Period::words(p))
        })
        .unwrap_or_default();
    out.replace("{last_period}", &last)
}

fn outcome<'a>(outcomes: &'a [ModelOutcome], spec: &ChartSpec) -> Result<&'a ModelOutcome> {
    let m = spec.model.as_deref().unwrap_or("");
    let o = outcomes.iter().find(|o| o.name == m).ok_or_else(|| {
        Error::not_found(
            "model",
            m,
            outcomes.iter().map(|o| o.name.clone()).collect(),
        )
    })?;
    if let Some(e) = &o.error {
        return Err(Error::other(format!("model {m} failed: {e}")));
    }
    Ok(o)
}

/// A number rounded for a title: two significant figures below 1,000
/// ("3.5", "850"), three above ("8,450").
fn about(x: f64) -> String {
    use crate::doc::words::fmt_num;
    if !x.is_finite() {
        return fmt_num(x, 2);
    }
    if x.abs() >= 1000.0 {
        let mag = 10f64.powi(x.abs().log10().floor() as i32 - 2);
        fmt_num((x / mag).round() * mag, 3)
    } else {
        fmt_num(x, 2)
    }
}

/// Normalises a borough name for matching across publishers.
fn norm(name: &str) -> String {
    name.to_ascii_lowercase()
        .replace('&', "and")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Quarterly rates per 100,000 a year for every borough of `category`.
fn borough_rates(met: &Dataset, pop: &Dataset, category: &str) -> Result<Vec<(String, Series)>> {
    let pops: BTreeMap<String, &Series> = pop
        .series
        .iter()
        .filter_map(|s| s.name.strip_prefix("population:").map(|b| (norm(b), s)))
        .collect();
    let prefix = format!("{category}:");
    let mut out = Vec::new();
    for s in &met.series {
        let Some(b) = s.name.strip_prefix(&prefix) else {
            continue;
        };
        if b == "London" {
            continue;
        }
        let Some(p) = pops.get(&norm(b)) else {
            continue;
        };
        let q = transforms::aggregate(s, Frequency::Quarterly, Aggregation::Sum)?;
        let r = transforms::per_capita(&q, p, 1e5)?;
        let r = r.with_values(r.start(), r.values().iter().map(|v| v * 4.0).collect());
        out.push((b.to_string(), r));
    }
    if out.is_empty() {
        return Err(Error::usage(format!(
            "no borough series \"{category}:BOROUGH\" with a matching population was found"
        )));
    }
    Ok(out)
}

fn datasets<'a>(
    loaded: &'a Loaded,
    spec: &ChartSpec,
) -> Result<(&'a Dataset, &'a Dataset, String)> {
    let get = |n: &Option<String>, what: &str| -> Result<&'a Dataset> {
        let n = n
            .as_deref()
            .ok_or_else(|| Error::usage(format!("the chart needs {what} = \"SOURCE\"")))?;
        loaded
            .datasets
            .get(n)
            .ok_or_else(|| Error::not_found("source", n, Vec::new()))
    };
    let cat = spec
        .category
        .clone()
        .ok_or_else(|| Error::usage("the chart needs category = \"...\""))?;
    Ok((
        get(&spec.source, "source")?,
        get(&spec.population, "population")?,
        cat,
    ))
}

fn small_multiples(loaded: &Loaded, spec: &ChartSpec) -> Result<SmallMultiples> {
    let (met, pop, cat) = datasets(loaded, spec)?;
    let rates = borough_rates(met, pop, &cat)?;
    let from = start_period(spec, Frequency::Quarterly)?;
    let panels: Vec<LineSeries> = rates
        .iter()
        .map(|(b, s)| {
            let mut l = line_series(s, from);
            l.label = b.clone();
            l
        })
        .collect();
    let london = met
        .series
        .iter()
        .find(|s| s.name == format!("{cat}:London"));
    let london_pop = pop.series.iter().find(|s| s.name == "population:London");
    let reference = match (london, london_pop) {
        (Some(l), Some(p)) => {
            let q = transforms::aggregate(l, Frequency::Quarterly, Aggregation::Sum)?;
            let r = transforms::per_capita(&q, p, 1e5)?;
            let r = r.with_values(r.start(), r.values().iter().map(|v| v * 4.0).collect());
            let mut ls = line_series(&r, from);
            ls.label = "London".into();
            Some(ls)
        }
        _ => None,
    };
    let used: Vec<&Series> = rates.iter().map(|(_, s)| s).take(1).collect();
    // Order the panels by the quantity the title talks about: the rate
    // over the latest four quarters, highest first.
    let mut panels: Vec<LineSeries> = panels;
    let recent = |l: &LineSeries| -> f64 {
        let v: Vec<f64> = l
            .values
            .iter()
            .rev()
            .filter(|v| v.is_finite())
            .take(4)
            .copied()
            .collect();
        if v.is_empty() {
            f64::NEG_INFINITY
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    panels.sort_by(|a, b| recent(b).total_cmp(&recent(a)));
    let london = reference.as_ref().map(recent).filter(|v| v.is_finite());
    let fill = |t: &str| multiples_title(t, &panels, london, recent);
    let y_scale = charts::PanelScale::choose(&panels);
    let headline = panels.iter().map(recent).collect();
    Ok(SmallMultiples {
        title: fill(spec.title.as_deref().unwrap_or_default()),
        subtitle: fill(spec.subtitle.as_deref().unwrap_or_default()),
        y_label: spec
            .y_label
            .clone()
            .unwrap_or_else(|| "Per 100,000 a year".into()),
        source: source_line(loaded, &used),
        panels,
        reference,
        y_scale,
        headline,
        ..Default::default()
    })
}

/// Fills a small-multiples title from the data, so that a re-run cannot
/// leave a stale finding: `{top}` (the panel highest on the latest four
/// quarters), `{top_rate}`, `{ratio}` (its rate over the reference line's,
/// e.g. London's), `{above}` (panels above the reference), `{n}` (panels)
/// and `{scale}` ("each panel on its own scale" or "one scale").
fn multiples_title(
    t: &str,
    panels: &[LineSeries],
    reference: Option<f64>,
    recent: impl Fn(&LineSeries) -> f64,
) -> String {
    let top = panels.first();
    let top_rate = top.map(&recent).unwrap_or(f64::NAN);
    let ratio = reference.map_or(f64::NAN, |r| top_rate / r);
    let above = reference.map_or(0, |r| panels.iter().filter(|p| recent(p) > r).count());
    let scale = if charts::PanelScale::choose(panels) == charts::PanelScale::Free {
        "each panel on its own scale"
    } else {
        "one scale for all panels"
    };
    t.replace("{top}", top.map_or("", |p| p.label.as_str()))
        .replace("{top_rate}", &crate::doc::words::fmt_num(top_rate, 3))
        .replace("{ratio}", &crate::doc::words::fmt_num(ratio, 2))
        .replace("{above}", &above.to_string())
        .replace("{n}", &panels.len().to_string())
        .replace("{scale}", scale)
}

fn bar_chart(loaded: &Loaded, spec: &ChartSpec) -> Result<BarChart> {
    let (met, pop, cat) = datasets(loaded, spec)?;
    let [a, b] = spec.compare.as_slice() else {
        return Err(Error::usage(
            "a bar chart needs compare = [\"FROM\", \"TO\"] (two years)",
        ));
    };
    let year = |s: &str| -> Result<Period> {
        Period::parse(s)
            .filter(|p| p.freq() == Frequency::Annual)
            .ok_or_else(|| Error::usage(format!("compare: \"{s}\" is not a year")))
    };
    let (ya, yb) = (year(a)?, year(b)?);
    let rates = borough_rates(met, pop, &cat)?;
    let mut bars = Vec::new();
    for (name, r) in &rates {
        let annual = transforms::aggregate(r, Frequency::Annual, Aggregation::Mean)?;
        let (va, vb) = (
            annual.get(ya).unwrap_or(f64::NAN),
            annual.get(yb).unwrap_or(f64::NAN),
        );
        if va.is_finite() && vb.is_finite() && va > 0.0 {
            bars.push(Bar::new(name.clone(), 100.0 * (vb / va - 1.0)));
        }
    }
    let used: Vec<&Series> = rates.iter().map(|(_, s)| s).take(1).collect();
    // Titles state the finding; `{fell}`, `{rose}` and `{n}` are filled from
    // the data so the finding stays true after a re-fit.
    let fell = bars.iter().filter(|b| b.value < 0.0).count();
    let rose = bars.iter().filter(|b| b.value > 0.0).count();
    let fill = |t: &str| {
        t.replace("{fell}", &fell.to_string())
            .replace("{rose}", &rose.to_string())
            .replace("{n}", &bars.len().to_string())
    };
    Ok(BarChart {
        title: fill(spec.title.as_deref().unwrap_or_default()),
        subtitle: fill(spec.subtitle.as_deref().unwrap_or_default()),
        x_label: spec
            .y_label
            .clone()
            .unwrap_or_else(|| format!("% change in rate, {ya} to {yb}")),
        source: source_line(loaded, &used),
        bars,
        sort: true,
        ..Default::default()
    })
}

/// What rendering one chart produced.
struct Drawn {
    alt: String,
    svg_path: std::path::PathBuf,
}

fn draw<C: Chart>(c: &C, render: impl Fn(&C) -> Result<charts::ChartFiles>) -> Result<Drawn> {
    let files = render(c)?;
    Ok(Drawn {
        alt: c.description(),
        svg_path: files.svg,
    })
}

fn forest_chart(
    loaded: &Loaded,
    outcomes: &[ModelOutcome],
    spec: &ChartSpec,
) -> Result<ForestChart> {
    let o = outcome(outcomes, spec)?;
    let coefficients: Vec<Coefficient> = o
        .coefficients()
        .to_vec()
        .into_iter()
        .filter(|r| r.name != "const")
        .map(|r| Coefficient::new(r.name, r.estimate, r.ci.0, r.ci.1))
        .collect();
    let used: Vec<&Series> = o.uses.iter().filter_map(|n| loaded.series.get(n)).collect();
    // `{clear}`: coefficients whose 95% interval excludes zero; `{n}`: all.
    let clear = coefficients
        .iter()
        .filter(|c| c.lower > 0.0 || c.upper < 0.0)
        .count();
    let fill = |t: &str| {
        t.replace("{clear}", &clear.to_string())
            .replace("{n}", &coefficients.len().to_string())
    };
    Ok(ForestChart {
        title: fill(spec.title.as_deref().unwrap_or_default()),
        subtitle: fill(spec.subtitle.as_deref().unwrap_or_default()),
        x_label: spec
            .y_label
            .clone()
            .unwrap_or_else(|| "Coefficient (95% interval)".into()),
        source: source_line(loaded, &used),
        coefficients,
        ..Default::default()
    })
}

/// A readable label for a model variable: the title of the one series an
/// expression uses ("Robbery, London"), with "annual growth" for
/// `growth(x, 4)` / `growth(x, 12)`; otherwise the expression itself.
fn variable_label(loaded: &Loaded, expr: &str) -> String {
    let names: Vec<String> = loaded.series.keys().cloned().collect();
    let used = series_used(expr, &names);
    let [one] = used.as_slice() else {
        return expr.to_string();
    };
    let Some(s) = loaded.series.get(one) else {
        return expr.to_string();
    };
    let title = if s.title.is_empty() {
        one.clone()
    } else {
        s.title.clone()
    };
    let e = expr.replace(' ', "");
    if e == *one {
        title
    } else if e.starts_with("growth(") && (e.ends_with(",4)") || e.ends_with(",12)")) {
        format!("{title}, annual growth")
    } else if e.starts_with("growth(") {
        format!("{title}, growth")
    } else if e.starts_with("log(") {
        format!("{title}, log")
    } else {
        expr.to_string()
    }
}

/// The index of a VAR variable named by its expression or by the one
/// series it uses.
fn var_index(names: &[String], want: &str) -> Result<usize> {
    let norm = |s: &str| s.replace(' ', "");
    if let Some(i) = names.iter().position(|n| norm(n) == norm(want)) {
        return Ok(i);
    }
    let hits: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| series_used(n, &[want.to_string()]).len() == 1)
        .map(|(i, _)| i)
        .collect();
    match hits.as_slice() {
        [i] => Ok(*i),
        _ => Err(Error::not_found("VAR variable", want, names.to_vec())),
    }
}

fn irf_chart(loaded: &Loaded, outcomes: &[ModelOutcome], spec: &ChartSpec) -> Result<IrfChart> {
    let o = outcome(outcomes, spec)?;
    let (names, irf, stderr) = match o.report.as_ref().map(|r| &r.detail) {
        Some(Detail::Var {
            fit,
            orth_irf,
            orth_irf_stderr,
        }) => {
            if orth_irf.is_empty() {
                return Err(Error::usage(format!(
                    "model {} has no impulse responses: give it irf = H",
                    o.name
                )));
            }
            let cube = |m: &[ndarray::Array2<f64>]| -> Vec<Vec<Vec<f64>>> {
                m.iter()
                    .map(|a| a.rows().into_iter().map(|r| r.to_vec()).collect())
                    .collect()
            };
            (fit.names.clone(), cube(orth_irf), cube(orth_irf_stderr))
        }
        _ => {
            return Err(Error::usage(format!(
                "model {} ({}) is not a var model: impulse responses need one",
                o.name, o.kind
            )));
        }
    };
    let responses = spec
        .responses
        .iter()
        .map(|r| var_index(&names, r))
        .collect::<Result<Vec<_>>>()?;
    let shocks = spec
        .shocks
        .iter()
        .map(|r| var_index(&names, r))
        .collect::<Result<Vec<_>>>()?;
    let labels = names.iter().map(|n| variable_label(loaded, n)).collect();
    let used: Vec<&Series> = o.uses.iter().filter_map(|n| loaded.series.get(n)).collect();
    let freq = used.first().map(|s| s.freq());
    let x_label = spec.x_label.clone().unwrap_or_else(|| match freq {
        Some(Frequency::Quarterly) => "Quarters after the shock".into(),
        Some(Frequency::Monthly) => "Months after the shock".into(),
        Some(Frequency::Annual) | Some(Frequency::FinancialYear) => "Years after the shock".into(),
        None => "Periods after the shock".into(),
    });
    // `{clear}`: drawn responses whose ±1.96 s.e. band excludes zero at
    // some horizon; `{pairs}`: responses drawn; `{clear_text}`: "None of
    // the 2" or "1 of the 2".
    let pairs: Vec<(usize, usize)> = responses
        .iter()
        .flat_map(|r| shocks.iter().map(move |s| (*r, *s)))
        .collect();
    let clear = pairs
        .iter()
        .filter(|(r, s)| {
            irf.iter().zip(&stderr).any(|(m, e)| {
                let v = m
                    .get(*r)
                    .and_then(|row| row.get(*s))
                    .copied()
                    .unwrap_or(0.0);
                let se = e
                    .get(*r)
                    .and_then(|row| row.get(*s))
                    .copied()
                    .unwrap_or(f64::NAN);
                se.is_finite() && (v - 1.96 * se > 0.0 || v + 1.96 * se < 0.0)
            })
        })
        .count();
    let clear_text = if clear == 0 {
        format!("None of the {}", pairs.len())
    } else {
        format!("{clear} of the {}", pairs.len())
    };
    let fill = |t: &str| {
        t.replace("{clear}", &clear.to_string())
            .replace("{pairs}", &pairs.len().to_string())
            .replace("{clear_text}", &clear_text)
    };
    Ok(IrfChart {
        title: fill(spec.title.as_deref().unwrap_or_default()),
        subtitle: fill(spec.subtitle.as_deref().unwrap_or_default()),
        x_label,
        source: source_line(loaded, &used),
        names,
        labels,
        irf,
        stderr,
        responses,
        shocks,
        ..Default::default()
    })
}

fn scatter_chart(loaded: &Loaded, spec: &ChartSpec) -> Result<ScatterChart> {
    let (Some(xe), Some(ye)) = (&spec.x, &spec.y) else {
        return Err(Error::usage(
            "a scatter chart needs x = \"SERIES\" and y = \"SERIES\" (series or expressions)",
        ));
    };
    let names: Vec<String> = loaded.series.keys().cloned().collect();
    let used_names = series_used(&format!("{xe} {ye}"), &names);
    let used: Vec<&Series> = used_names
        .iter()
        .filter_map(|n| loaded.series.get(n))
        .collect();
    let freq = used.first().map(|s| s.freq()).ok_or_else(|| {
        Error::usage(format!(
            "scatter: x = \"{xe}\" and y = \"{ye}\" use no workspace series"
        ))
    })?;
    if let Some(s) = used.iter().find(|s| s.freq() != freq) {
        return Err(Error::usage(format!(
            "scatter: series {} is {} but {} is {}: x and y must have one frequency",
            s.name,
            s.freq(),
            used.first().map(|u| u.name.as_str()).unwrap_or(""),
            freq
        )));
    }
    let frame = loaded.frame(freq)?;
    let xs = eval_expr(&frame, xe)?;
    let ys = eval_expr(&frame, ye)?;
    let periods = frame.index.clone().unwrap_or_default();
    let from = start_period(spec, freq)?;
    let points = xs
        .iter()
        .zip(&ys)
        .enumerate()
        .filter(|(i, _)| match (from, periods.get(*i)) {
            (Some(f), Some(p)) => *p >= f,
            _ => true,
        })
        .filter(|(_, (x, y))| x.is_finite() && y.is_finite())
        .map(|(_, (x, y))| ScatterPoint::new(*x, *y, ""))
        .collect();
    let mut chart = ScatterChart {
        points,
        ..Default::default()
    };
    let fit = chart.fit().ok().flatten();
    let fill = |t: &str| scatter_title(t, fit.as_ref());
    chart.title = fill(spec.title.as_deref().unwrap_or_default());
    chart.subtitle = fill(spec.subtitle.as_deref().unwrap_or_default());
    Ok(ScatterChart {
        title: chart.title,
        subtitle: chart.subtitle,
        x_label: spec
            .x_label
            .clone()
            .unwrap_or_else(|| variable_label(loaded, xe)),
        y_label: spec
            .y_label
            .clone()
            .unwrap_or_else(|| variable_label(loaded, ye)),
        source: source_line(loaded, &used),
        points: chart.points,
        ..Default::default()
    })
}

/// Fills a scatter chart's title from its least-squares line: `{slope}`,
/// `{r2}` (R-squared, two decimals), `{n}` (points), `{direction}`
/// ("higher" or "lower": y with higher x), `{strength}` ("the link is
/// loose" below R-squared 0.3, "the link is moderate" below 0.6, else
/// "the link is close") and `{clear}` ("clearly" when the slope's 95%
/// interval excludes zero, else "not clearly").
fn scatter_title(t: &str, fit: Option<&charts::LineFit>) -> String {
    let Some(f) = fit else {
        return t.to_string();
    };
    let strength = if f.rsquared < 0.3 {
        "the link is loose"
    } else if f.rsquared < 0.6 {
        "the link is moderate"
    } else {
        "the link is close"
    };
    let clear = if f.slope_ci.0 > 0.0 || f.slope_ci.1 < 0.0 {
        "clearly"
    } else {
        "not clearly"
    };
    t.replace("{slope}", &crate::doc::words::fmt_num(f.slope, 2))
        .replace("{r2}", &format!("{:.2}", f.rsquared))
        .replace("{n}", &f.nobs.to_string())
        .replace(
            "{direction}",
            if f.slope >= 0.0 { "higher" } else { "lower" },
        )
        .replace("{strength}", strength)
        .replace("{clear}", clear)
}

/// A model's residuals with their periods (empty when some are missing,
/// e.g. rows an OLS dropped inside its sample) and a short description of
/// the sample.
fn model_residuals(o: &ModelOutcome) -> Result<(Vec<f64>, Vec<Period>, String)> {
    let r = o
        .report
        .as_ref()
        .and_then(|r| r.residuals.as_ref())
        .ok_or_else(|| {
            Error::usage(format!(
                "model {} ({}) has no residuals: residual charts need an ols, sarima, auto-arima or ets model",
                o.name, o.kind
            ))
        })?;
    let resid: Vec<f64> = r.values().iter().copied().filter(|v| !v.is_nan()).collect();
    let n = resid.len();
    let periods = if n == r.values().len() {
        r.periods()
    } else {
        Vec::new()
    };
    let about = match (periods.first(), periods.last()) {
        (Some(a), Some(b)) => format!("{n} residuals, {} to {}", a.ons_label(), b.ons_label()),
        _ => format!("{n} residuals"),
    };
    Ok((resid, periods, about))
}

fn acf_chart(loaded: &Loaded, outcomes: &[ModelOutcome], spec: &ChartSpec) -> Result<AcfChart> {
    let nlags = spec.nlags.unwrap_or(0);
    let (values, what, used): (Vec<f64>, String, Vec<&Series>) = match (&spec.model, &spec.variable)
    {
        (Some(_), _) => {
            let o = outcome(outcomes, spec)?;
            let (resid, _, about) = model_residuals(o)?;
            let used = o.uses.iter().filter_map(|n| loaded.series.get(n)).collect();
            (
                resid,
                format!("Residuals of model {}, {about}", o.name),
                used,
            )
        }
        (None, Some(expr)) => {
            let names: Vec<String> = loaded.series.keys().cloned().collect();
            let used: Vec<&Series> = series_used(expr, &names)
                .iter()
                .filter_map(|n| loaded.series.get(n))
                .collect();
            let freq = used.first().map(|s| s.freq()).ok_or_else(|| {
                Error::usage(format!(
                    "acf: variable = \"{expr}\" uses no workspace series"
                ))
            })?;
            let frame = loaded.frame(freq)?;
            let xs = eval_expr(&frame, expr)?;
            let periods = frame.index.clone().unwrap_or_default();
            let from = start_period(spec, freq)?;
            let kept: Vec<(Period, f64)> = periods
                .iter()
                .zip(&xs)
                .filter(|(p, _)| from.is_none_or(|f| **p >= f))
                .map(|(p, v)| (*p, *v))
                .collect();
            // The observed span: leading and trailing gaps are not data.
            let first = kept.iter().position(|(_, v)| v.is_finite());
            let last = kept.iter().rposition(|(_, v)| v.is_finite());
            let (vals, span) = match (first, last) {
                (Some(a), Some(b)) => (
                    kept[a..=b].iter().map(|(_, v)| *v).collect::<Vec<f64>>(),
                    format!(", {} to {}", kept[a].0.ons_label(), kept[b].0.ons_label()),
                ),
                _ => (Vec::new(), String::new()),
            };
            (
                vals,
                format!("{}{span}", variable_label(loaded, expr)),
                used,
            )
        }
        (None, None) => {
            return Err(Error::usage(
                "an acf chart needs model = \"MODEL\" or variable = \"SERIES\"",
            ));
        }
    };
    let mut c = AcfChart::from_values("", &values, nlags)?;
    c.title = autocorrelation_title(spec.title.as_deref().unwrap_or_default(), &c);
    c.subtitle = spec.subtitle.clone().unwrap_or(what);
    c.source = source_line(loaded, &used);
    Ok(c)
}

/// Fills a title's placeholders from the autocorrelations it describes, so
/// that a re-fit cannot leave a stale finding in the title: `{lag1}` (the
/// lag-1 autocorrelation, two decimals), `{outside}` (lags whose
/// autocorrelation lies outside the ±1.96/√n white-noise bounds) and
/// `{nlags}` (lags drawn).
fn autocorrelation_title(title: &str, a: &AcfChart) -> String {
    let bound = 1.96 / (a.nobs.max(1) as f64).sqrt();
    let lags = a.acf.len().saturating_sub(1);
    let outside = a.acf.iter().skip(1).filter(|r| r.abs() > bound).count();
    let lag1 = a
        .acf
        .get(1)
        .map_or_else(|| "n/a".to_string(), |r| format!("{r:.2}"));
    title
        .replace("{lag1}", &lag1)
        .replace("{outside}", &outside.to_string())
        .replace("{nlags}", &lags.to_string())
}

fn residual_chart(
    loaded: &Loaded,
    outcomes: &[ModelOutcome],
    spec: &ChartSpec,
) -> Result<ResidualChart> {
    let o = outcome(outcomes, spec)?;
    let (resid, periods, about) = model_residuals(o)?;
    let used: Vec<&Series> = o.uses.iter().filter_map(|n| loaded.series.get(n)).collect();
    let finite: Vec<f64> = resid.iter().copied().filter(|v| v.is_finite()).collect();
    let title = spec.title.clone().unwrap_or_default();
    let title = match AcfChart::from_values("", &finite, 0) {
        Ok(a) => autocorrelation_title(&title, &a),
        Err(_) => title,
    };
    Ok(ResidualChart {
        title,
        subtitle: spec
            .subtitle
            .clone()
            .unwrap_or_else(|| format!("Model {}, {about}", o.name)),
        source: source_line(loaded, &used),
        resid,
        periods,
        ..Default::default()
    })
}

fn render_one(
    loaded: &Loaded,
    outcomes: &[ModelOutcome],
    spec: &ChartSpec,
    stem: &Path,
) -> Result<Drawn> {
    match spec.kind.as_str() {
        "line" => {
            let c = line_chart(loaded, spec)?;
            draw(&c, |c| charts::render_line(c, stem))
        }
        "fan" => {
            let c = fan::fan_chart(loaded, outcomes, spec)?;
            draw(&c, |c| charts::render_fan(c, stem))
        }
        "small_multiples" => {
            let c = small_multiples(loaded, spec)?;
            draw(&c, |c| charts::render_small_multiples(c, stem))
        }
        "bar" => {
            let c = bar_chart(loaded, spec)?;
            draw(&c, |c| charts::render_bar(c, stem))
        }
        "coef" => {
            let c = forest_chart(loaded, outcomes, spec)?;
            draw(&c, |c| charts::render_forest(c, stem))
        }
        "irf" => {
            let c = irf_chart(loaded, outcomes, spec)?;
            draw(&c, |c| charts::render_irf(c, stem))
        }
        "scatter" => {
            let c = scatter_chart(loaded, spec)?;
            draw(&c, |c| charts::render_scatter(c, stem))
        }
        "acf" => {
            let c = acf_chart(loaded, outcomes, spec)?;
            draw(&c, |c| charts::render_acf(c, stem))
        }
        "residuals" => {
            let c = residual_chart(loaded, outcomes, spec)?;
            draw(&c, |c| charts::render_residuals(c, stem))
        }
        k => Err(Error::usage(format!("unknown chart kind {k}"))),
    }
}

/// Draws every chart the workspace declares into `run_dir/charts/`; a
/// chart that cannot be drawn is listed in [`Rendered::errors`].
pub fn render_all(loaded: &Loaded, outcomes: &[ModelOutcome], run_dir: &Path) -> Rendered {
    let mut r = Rendered::default();
    let out = super::OutputDir::new(run_dir);
    for (name, spec) in &loaded.spec.charts {
        // Through the output folder's gate: a chart name never leaves it.
        let drawn = out
            .path(format!("charts/{name}"))
            .and_then(|stem| render_one(loaded, outcomes, spec, &stem));
        let drawn = drawn.and_then(|d| {
            let svg =
                std::fs::read_to_string(&d.svg_path).map_err(|e| Error::io(&d.svg_path, e))?;
            Ok((d, svg))
        });
        match drawn {
            Ok((d, svg)) => r.charts.push(RenderedChart {
                name: name.clone(),
                stem: format!("charts/{name}"),
                alt: d.alt,
                caption: String::new(),
                svg: Some(svg),
            }),
            Err(e) => r.errors.push((name.clone(), e.to_string())),
        }
    }
    r
}
