//! `[review]`: the evidence table of a workspace. Every crime series is set
//! against every cost-of-living driver in five model families, each fitted
//! through its model kind (as `colcrime fit` would fit it), on the whole
//! sample and on the quarters before the pandemic:
//!
//! - `ols_growth_hac`: annual growth of the crime count on the driver and the
//!   controls, least squares with Newey-West (HAC, 4 lags) errors;
//! - `nb2_count`: the quarterly count by negative binomial (NB2) regression
//!   on the driver, the controls, a linear trend and quarter dummies, with
//!   the population as exposure;
//! - `ardl_bounds`: the long-run coefficient of an ARDL(4, 1) of the log
//!   count on the driver (delta-method standard error);
//! - `granger_var`: the crime equation of a bivariate VAR(2) in the crime's
//!   annual growth and the driver (with the controls as exogenous
//!   regressors), by least squares as a VAR is estimated; the estimate is
//!   the sum of the driver's two lag coefficients, the cumulative
//!   short-run association, read off a reparametrised equation (the
//!   driver's first lag and its lagged change) so that its interval and p
//!   come from the fit's own covariance;
//! - `borough_panel_fe`: annual growth of each borough's count on the driver
//!   and the controls with borough fixed effects and borough-clustered
//!   errors (time fixed effects would absorb a London-wide driver).
//!
//! ```toml
//! [review]
//! start = "2011 Q2"
//! pre_covid_end = "2019 Q4"
//! exposure = "london_pop_q"
//! controls = ["lockdown"]
//! panel_source = "met"
//! crimes.robbery = { series = "london_robbery_q", category = "robbery" }
//! drivers.cpi_inflation = "cpi_q"
//! ```

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Deserialize;

use super::build::Loaded;
use crate::error::{Error, Result};
use crate::evidence::replication::Replication;
use crate::evidence::table::{Evidence, Row, SubEstimate};
use crate::kinds::{Detail, KindOptions, ModelData, Report};
use crate::series::{Frame, Frequency, Period, Series};
use crate::transforms::{Aggregation, aggregate, growth};

/// One crime series of the review.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewCrime {
    /// The workspace's quarterly London count series.
    pub series: String,
    /// Its category in the borough source (`robbery`, `shoplifting`, ...),
    /// for the borough panel.
    #[serde(default)]
    pub category: Option<String>,
    /// Its definition in words, for the briefing's definitions.
    #[serde(default)]
    pub definition: Option<String>,
}

/// `[review]`: which series the evidence table relates, and how.
///
/// ```
/// use colcrime::workspace::WorkspaceSpec;
/// let w = WorkspaceSpec::from_toml_str("w.toml", "[review]\nstart = \"2011 Q2\"\npre_covid_end = \"2019 Q4\"\nexposure = \"pop\"\ncrimes.robbery = { series = \"rob\" }\ndrivers.cpi_inflation = \"cpi\"\n").unwrap();
/// assert_eq!(w.review.unwrap().crimes["robbery"].series, "rob");
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSpec {
    /// First quarter of the estimation samples.
    pub start: String,
    /// Last quarter of the pre-Covid subsample.
    pub pre_covid_end: String,
    /// The population series, the count model's exposure.
    pub exposure: String,
    /// Regressors in every model but the ARDL (a Covid-19 dummy).
    #[serde(default)]
    pub controls: Vec<String>,
    /// The source of borough counts (Met borough files) for the panel.
    #[serde(default)]
    pub panel_source: Option<String>,
    /// Crime ids and their series.
    pub crimes: BTreeMap<String, ReviewCrime>,
    /// Driver ids and their quarterly series.
    pub drivers: BTreeMap<String, String>,
    /// A published study to replicate: the folder (relative to the
    /// workspace) of elliottkte/uk-crime-analysis' processed files.
    #[serde(default)]
    pub replication: Option<String>,
}

/// The order the contract lists crimes and drivers in; others follow by name.
const CRIME_ORDER: &[&str] = &[
    "robbery",
    "personal_robbery",
    "business_robbery",
    "theft_from_person",
    "shoplifting",
    "other_theft",
    "bicycle_theft",
    "vehicle_offences",
    "burglary",
    "violence_with_injury",
];
const DRIVER_ORDER: &[&str] = &[
    "cpi_inflation",
    "food_inflation",
    "real_earnings_growth",
    "unemployment",
];

fn ordered<'a, V>(m: &'a BTreeMap<String, V>, order: &[&str]) -> Vec<(&'a String, &'a V)> {
    let mut v: Vec<(&String, &V)> = m.iter().collect();
    v.sort_by_key(|(k, _)| {
        (
            order.iter().position(|o| o == k).unwrap_or(order.len()),
            (*k).clone(),
        )
    });
    v
}

/// The model families, with what their estimate measures.
const FAMILIES: &[(&str, &str)] = &[
    (
        "ols_growth_hac",
        "annual % growth of the quarterly London count regressed on the driver and a Covid-19 restrictions dummy, least squares with Newey-West (HAC, 4 lags) standard errors; the estimate is the change in crime growth (percentage points) per percentage point of the driver",
    ),
    (
        "nb2_count",
        "negative binomial (NB2) regression of the quarterly London count on the driver, the Covid-19 dummy, a linear trend and quarter dummies, with the population as exposure; the estimate is the change in the log rate per percentage point (x 100: roughly % change in the rate)",
    ),
    (
        "ardl_bounds",
        "ARDL(4, 1) of the log quarterly London count on the driver with a constant; the estimate is the long-run change in the log count per percentage point (delta-method interval)",
    ),
    (
        "granger_var",
        "the crime equation of a VAR(2) in the annual % growth of the quarterly London count and the driver, with the Covid-19 dummy as an exogenous regressor, by least squares; the estimate is the sum of the driver's two lag coefficients (the change in crime growth, percentage points, over the two quarters after a one-point rise in the driver), its interval and p from the equation's covariance",
    ),
    (
        "borough_panel_fe",
        "annual % growth of each borough's quarterly count on the driver and the Covid-19 dummy with borough fixed effects and standard errors clustered by borough (a London-wide driver varies only over time, so time fixed effects would absorb it)",
    ),
];

/// The quarterly frame of the review: every quarterly series, plus a
/// linear trend and the quarter of the year.
fn review_frame(loaded: &Loaded) -> Result<Frame> {
    let mut f = loaded.frame(Frequency::Quarterly)?;
    let idx: Vec<Period> = f.index.clone().unwrap_or_default();
    f.insert("review_trend", (0..idx.len()).map(|i| i as f64).collect())?;
    f.insert(
        "review_quarter",
        idx.iter().map(|p| f64::from(p.sub_year())).collect(),
    )?;
    Ok(f)
}

/// Fits a kind given as TOML text on `rows` of `frame`.
fn fit_kind(
    kind: &str,
    table: &str,
    frame: &Frame,
    rows: std::ops::Range<usize>,
) -> Result<Report> {
    let t: toml::Table = toml::from_str(table).map_err(|e| Error::usage(e.to_string()))?;
    let k = KindOptions::from_table(kind, t)?;
    let mut d = ModelData::new(frame, rows)?;
    d.table_only = true;
    k.fit(&d)
}

/// The driver's coefficient of a report: estimate, interval, p, n, sample.
fn coefficient(r: &Report, name: &str) -> Result<(f64, [f64; 2], f64, usize)> {
    let n = r.fit_stats.nobs.unwrap_or(0);
    if let Detail::Ardl(a) = &r.detail {
        let lr = &a.long_run;
        let i = lr
            .param_names
            .iter()
            .position(|p| p == name)
            .ok_or_else(|| Error::other(format!("no long-run coefficient of {name}")))?;
        let (b, s) = (lr.params[i], lr.bse[i]);
        let z = 1.959_963_984_540_054;
        return finite((b, [b - z * s, b + z * s], lr.pvalues[i], n));
    }
    let c = r
        .coefficients
        .iter()
        .find(|c| c.name == name)
        .ok_or_else(|| Error::other(format!("no coefficient of {name}")))?;
    finite((c.estimate, [c.ci.0, c.ci.1], c.pvalue, n))
}

fn finite(v: (f64, [f64; 2], f64, usize)) -> Result<(f64, [f64; 2], f64, usize)> {
    if v.0.is_finite() && v.1[0].is_finite() && v.1[1].is_finite() && v.2.is_finite() {
        Ok(v)
    } else {
        Err(Error::other("the estimate or its interval is not finite"))
    }
}

/// The first and last period a fit used, as text.
fn sample_of(r: &Report, fallback: [String; 2]) -> [String; 2] {
    r.sample
        .map(|(a, b)| [a.to_string(), b.to_string()])
        .unwrap_or(fallback)
}

/// Each borough's annual growth of its quarterly count of `category`, from
/// the borough source (computed once per crime, shared by every driver and
/// sample of the panel).
fn borough_growth(loaded: &Loaded, source: &str, category: &str) -> Result<Vec<Series>> {
    let ds = loaded.datasets.get(source).ok_or_else(|| {
        Error::not_found("source", source, loaded.datasets.keys().cloned().collect())
    })?;
    let prefix = format!("{category}:");
    let out: Vec<Series> = ds
        .series
        .iter()
        .filter(|s| s.name.starts_with(&prefix) && !s.name.ends_with(":London"))
        .map(|s| aggregate(s, Frequency::Quarterly, Aggregation::Sum).map(|q| growth(&q, 4)))
        .collect::<Result<_>>()?;
    if out.is_empty() {
        return Err(Error::usage(format!(
            "[review] panel: the source \"{source}\" has no borough series of \"{category}\""
        )));
    }
    Ok(out)
}

/// The borough panel of one crime: each borough's growth series stacked,
/// with the driver and controls by quarter, on quarters `from..=to`.
fn panel_frame(
    boroughs: &[Series],
    quarterly: &Frame,
    columns: &[&str],
    (from, to): (Period, Period),
) -> Result<Frame> {
    let row_of: std::collections::HashMap<Period, usize> = quarterly
        .index
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, p)| (*p, i))
        .collect();
    let cols: Vec<&[f64]> = columns
        .iter()
        .map(|c| quarterly.column(c))
        .collect::<Result<_>>()?;
    let mut y = Vec::new();
    let mut xs: Vec<Vec<f64>> = vec![Vec::new(); columns.len()];
    let mut code = Vec::new();
    for (b, g) in boroughs.iter().enumerate() {
        for (p, v) in g.iter() {
            if p < from || p > to || !v.is_finite() {
                continue;
            }
            let Some(&row) = row_of.get(&p) else {
                continue;
            };
            y.push(v);
            for (x, c) in xs.iter_mut().zip(&cols) {
                x.push(c[row]);
            }
            code.push(b as f64);
        }
    }
    let mut named = vec![("growth".to_string(), y)];
    named.extend(columns.iter().map(|c| c.to_string()).zip(xs));
    named.push(("borough".into(), code));
    Frame::new(None, named)
}

/// The driver's coefficient on one sample: estimate, 95% interval, p, n and
/// the sample's first and last period.
type Estimate = (f64, [f64; 2], f64, usize, [String; 2]);

/// One estimate (whole sample and pre-Covid) of one crime, driver and
/// family.
struct Job<'a> {
    crime: &'a str,
    c: &'a ReviewCrime,
    driver: &'a str,
    d: &'a str,
    family: &'static str,
}

/// Runs the review: every crime, driver and family, in parallel.
///
/// # Errors
/// A start or pre-Covid quarter outside the data, a series the review names
/// that the workspace lacks. A model that fails for one crime and driver is
/// listed in the table's `failed`, not an error.
pub fn run(loaded: &Loaded, spec: &ReviewSpec) -> Result<Evidence> {
    let frame = review_frame(loaded)?;
    for name in spec
        .crimes
        .values()
        .map(|c| c.series.as_str())
        .chain(spec.drivers.values().map(String::as_str))
        .chain(spec.controls.iter().map(String::as_str))
        .chain([spec.exposure.as_str()])
    {
        frame
            .column(name)
            .map_err(|e| e.context("[review]".to_string()))?;
    }
    let start = frame.row_of(&spec.start)?;
    let pre_end = frame.row_of(&spec.pre_covid_end)? + 1;
    let end = frame.nrows();
    let idx = frame.index.clone().unwrap_or_default();
    let (Some(&p_start), Some(&p_pre), Some(&p_end)) =
        (idx.get(start), idx.get(pre_end - 1), idx.last())
    else {
        return Err(Error::usage(
            "[review]: the workspace has no quarterly series",
        ));
    };
    let mut jobs = Vec::new();
    for (crime, c) in ordered(&spec.crimes, CRIME_ORDER) {
        for (driver, d) in ordered(&spec.drivers, DRIVER_ORDER) {
            for (family, _) in FAMILIES {
                if *family == "borough_panel_fe"
                    && (spec.panel_source.is_none() || c.category.is_none())
                {
                    continue;
                }
                jobs.push(Job {
                    crime,
                    c,
                    driver,
                    d,
                    family,
                });
            }
        }
    }
    // Each crime's borough growth series, read once for all its panels.
    let panels: BTreeMap<&str, std::result::Result<Vec<Series>, String>> = spec
        .crimes
        .iter()
        .filter_map(|(id, c)| {
            let (src, cat) = (spec.panel_source.as_ref()?, c.category.as_ref()?);
            Some((
                id.as_str(),
                borough_growth(loaded, src, cat).map_err(|e| e.to_string()),
            ))
        })
        .collect();
    // A control that does not vary over a sample (the Covid-19 dummy before
    // 2020) is left out of that sample's models.
    let varying = |rows: &std::ops::Range<usize>| -> Vec<String> {
        spec.controls
            .iter()
            .filter(|c| {
                frame.column(c).is_ok_and(|v| {
                    let obs: Vec<f64> = v[rows.clone()]
                        .iter()
                        .copied()
                        .filter(|x| x.is_finite())
                        .collect();
                    obs.iter().any(|x| Some(x) != obs.first())
                })
            })
            .cloned()
            .collect()
    };
    let fit_one = |j: &Job<'_>, rows: std::ops::Range<usize>, to: Period| -> Result<Estimate> {
        let s = &j.c.series;
        let d = j.d;
        let controls = varying(&rows);
        let plus_controls: String = controls.iter().map(|c| format!(" + {c}")).collect();
        let fallback = [p_start.to_string(), to.to_string()];
        let r = match j.family {
            "ols_growth_hac" => fit_kind(
                "ols",
                &format!(
                    "formula = \"growth({s}, 4) ~ {d}{plus_controls}\"\ncov = \"HAC\"\nmaxlags = 4\nno_diagnostics = true"
                ),
                &frame,
                rows,
            )?,
            "nb2_count" => fit_kind(
                "glm",
                &format!(
                    "formula = \"{s} ~ {d}{plus_controls} + review_trend + C(review_quarter) + offset(log({}))\"\nfamily = \"negbin\"",
                    spec.exposure
                ),
                &frame,
                rows,
            )?,
            "granger_var" => {
                // b1 x(t-1) + b2 x(t-2) = (b1 + b2) x(t-1) - b2 (x(t-1) - x(t-2)):
                // the coefficient of lag(d, 1) is the sum of the two.
                let y = format!("growth({s}, 4)");
                let r = fit_kind(
                    "ols",
                    &format!(
                        "formula = \"{y} ~ lag({y}, 1) + lag({y}, 2) + lag({d}, 1) + lag(diff({d}), 1){plus_controls}\"\nno_diagnostics = true"
                    ),
                    &frame,
                    rows,
                )?;
                let (b, ci, p, n) = coefficient(&r, &format!("lag({d}, 1)"))?;
                return Ok((b, ci, p, n, sample_of(&r, fallback)));
            }
            "ardl_bounds" => fit_kind(
                "ardl",
                &format!("y = \"log({s})\"\nx = [\"{d}\"]\nlags = 4\nxlags = [1]\ntrend = \"c\""),
                &frame,
                rows,
            )?,
            _ => {
                let boroughs = match panels.get(j.crime) {
                    Some(Ok(b)) => b,
                    Some(Err(e)) => return Err(Error::other(e.clone())),
                    None => return Err(Error::other("no borough panel")),
                };
                let mut cols = vec![d];
                cols.extend(controls.iter().map(String::as_str));
                let pf = panel_frame(boroughs, &frame, &cols, (p_start, to))?;
                let n = pf.nrows();
                let r = fit_kind(
                    "ols",
                    &format!(
                        "formula = \"growth ~ {d}{plus_controls} + C(borough)\"\ncov = \"cluster\"\ngroups = [\"borough\"]\nno_diagnostics = true"
                    ),
                    &pf,
                    0..n,
                )?;
                let (b, ci, p, n) = coefficient(&r, d)?;
                return Ok((b, ci, p, n, fallback));
            }
        };
        let (b, ci, p, n) = coefficient(&r, d)?;
        Ok((b, ci, p, n, sample_of(&r, fallback)))
    };
    let results: Vec<(usize, Result<Row>)> = jobs
        .par_iter()
        .enumerate()
        .map(|(i, j)| {
            let whole = fit_one(j, start..end, p_end).map(|(b, ci, p, n, sample)| {
                let mut row = Row::new(j.crime, j.driver, j.family, b, ci, p, n, sample);
                if let Ok((b, ci, p, _, sample)) = fit_one(j, start..pre_end, p_pre) {
                    row.subsamples.pre_covid = Some(SubEstimate {
                        estimate: b,
                        ci95: ci,
                        p,
                        sample,
                    });
                }
                row.measures = FAMILIES
                    .iter()
                    .find(|(f, _)| f == &j.family)
                    .map(|(_, m)| m.to_string())
                    .unwrap_or_default();
                row
            });
            (i, whole)
        })
        .collect();
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    for (i, r) in results {
        let j = &jobs[i];
        match r {
            Ok(row) => rows.push(row),
            Err(e) => failed.push([
                j.crime.to_string(),
                j.driver.to_string(),
                j.family.to_string(),
                e.to_string(),
            ]),
        }
    }
    let mut e = Evidence::new(rows);
    e.failed = failed;
    e.models = FAMILIES
        .iter()
        .filter(|(f, _)| *f != "borough_panel_fe" || spec.panel_source.is_some())
        .map(|(f, m)| (f.to_string(), m.to_string()))
        .collect();
    Ok(e)
}

/// The replication of the published study the review names, against the
/// panel source's monthly London counts; `None` when it names none.
///
/// # Errors
/// A missing or malformed file of the study.
pub fn replicate(loaded: &Loaded, spec: &ReviewSpec) -> Result<Option<Replication>> {
    let Some(dir) = &spec.replication else {
        return Ok(None);
    };
    let mut met = BTreeMap::new();
    if let Some(ds) = spec
        .panel_source
        .as_ref()
        .and_then(|s| loaded.datasets.get(s))
    {
        for c in [
            "shoplifting",
            "theft_from_person",
            "other_theft",
            "bicycle_theft",
            "burglary",
            "robbery",
            "vehicle_offences",
        ] {
            if let Ok(s) = ds.select(&format!("{c}:London"), Some(Frequency::Monthly)) {
                met.insert(c.to_string(), s.clone());
            }
        }
    }
    crate::evidence::replication::replicate(&loaded.dir.join(dir), &met).map(Some)
}
