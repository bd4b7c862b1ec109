//! The scenario forecasts of the seasonal ARIMA kinds: scenario files and
//! workspace scenarios, the baseline in which each regressor follows its
//! own forecast, and forecasts from a ragged edge (regressors that end
//! before the series), with their tables and the briefing's sentence.

use serde_json::{Map, Value, json};

use super::{Sample, SarimaOptions, scenario_options};
use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::kinds::ModelData;
use crate::models::arima::{
    DriverModel, IntervalMethod, RaggedEdge, SarimaFit, ScenarioOptions, ScenarioResult,
    ScenarioUncertainty, driver_forecast_scenario, fit_drivers, forecast_scenarios,
};
use crate::models::scenario::{ExogPath, Scenario};
use crate::series::Period;

/// The periods after the last one any scenario file sets, counted from
/// the sample's last period.
pub(super) fn scenario_horizon(files: &[Scenario], end: Option<Period>) -> Option<usize> {
    let end = end?;
    files
        .iter()
        .filter_map(|s| s.periods().last())
        .filter_map(|p| {
            let p = p.to_freq(end.freq()).unwrap_or(*p);
            end.periods_until(&p).ok()
        })
        .max()
        .map(|m| m.max(0) as usize)
}

/// The scenarios of the CSV files (`scenario`), each name once.
pub(super) fn read_scenario_files(o: &SarimaOptions) -> Result<Vec<Scenario>> {
    let mut out: Vec<Scenario> = Vec::new();
    for f in &o.scenario {
        for sc in Scenario::read_csv(f)? {
            if out.iter().any(|t| t.name() == sc.name()) {
                return Err(Error::usage(format!(
                    "scenario \"{}\" is defined twice ({})",
                    sc.name(),
                    f.display()
                )));
            }
            out.push(sc);
        }
    }
    Ok(out)
}

/// The scenario forecasts (model scale): the baseline in which every
/// regressor follows its own forecast (when asked), each scenario, and the
/// drivers' models.
pub(super) struct Scenarios {
    pub(super) baseline: Option<ScenarioResult>,
    pub(super) results: Vec<ScenarioResult>,
    pub(super) drivers: Vec<DriverModel>,
    pub(super) opts: ScenarioOptions,
    /// At a ragged edge, the regressors' values filled between their last
    /// observation and the series' (the baseline's: their own forecasts).
    pub(super) gap_fill: Option<ExogPath>,
}

/// Scenario inputs: the regressors' history from the sample's start.
pub(super) struct History<'a> {
    index: &'a [Period],
    xcols: Vec<Vec<f64>>,
}

impl History<'_> {
    fn new<'a>(s: &Sample<'_>, data: &ModelData<'a>) -> Result<History<'a>> {
        let index = data
            .frame
            .index
            .as_deref()
            .ok_or_else(|| Error::usage("scenarios need dated data (a date column)"))?;
        let from = data.rows.start;
        Ok(History {
            index: index.get(from..).unwrap_or_default(),
            xcols: s
                .xcols
                .iter()
                .map(|c| c.get(from..).unwrap_or_default().to_vec())
                .collect(),
        })
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn scenarios(
    o: &SarimaOptions,
    data: &ModelData<'_>,
    s: &Sample<'_>,
    fit: &SarimaFit,
    files: Vec<Scenario>,
    periods: &[Period],
    baseline: bool,
    gap: usize,
) -> Result<Scenarios> {
    let opts = scenario_options(o)?;
    let hist = History::new(s, data)?;
    let long = periods.len() + hist.index.len();
    let drivers = if opts.uncertainty.drivers() || baseline || gap > 0 {
        fit_drivers(&s.exog, &hist.xcols, opts.driver_order)?
    } else {
        Vec::new()
    };
    let mut list = files;
    let named: Vec<(String, Vec<f64>)> = s
        .exog
        .iter()
        .cloned()
        .zip(hist.xcols.iter().cloned())
        .collect();
    for name in &o.scenarios {
        let def = data
            .scenarios
            .get(name)
            .ok_or_else(|| Error::usage(format!("scenario \"{name}\" is not declared")))?;
        if list.iter().any(|t| t.name() == name) {
            return Err(Error::usage(format!(
                "scenario \"{name}\" is defined twice"
            )));
        }
        list.push(Scenario::from_rules(
            name, &def.label, &def.rules, hist.index, &named, long,
        )?);
    }
    if gap > 0 {
        return ragged_scenarios(fit, &list, periods, &hist, drivers, opts, (gap, long));
    }
    let results = forecast_scenarios(
        fit,
        &list,
        periods,
        hist.index,
        &hist.xcols,
        &drivers,
        &opts,
    )?;
    let baseline = if baseline {
        let sc = driver_forecast_scenario(&drivers, hist.index, &hist.xcols, long)?;
        let with = ScenarioOptions {
            uncertainty: opts.uncertainty.with_drivers(),
            ..opts.clone()
        };
        forecast_scenarios(
            fit,
            &[sc],
            periods,
            hist.index,
            &hist.xcols,
            &drivers,
            &with,
        )?
        .into_iter()
        .next()
    } else {
        None
    };
    Ok(Scenarios {
        baseline,
        results,
        drivers,
        opts,
        gap_fill: None,
    })
}

/// The scenarios at a ragged edge (regressors ending `gap` periods before
/// the series): each regressor's missing values up to the series' last
/// period come from the scenario where it sets them, otherwise from the
/// regressor's own forecast (the baseline), and the forecast starts from
/// the series' last period ([`SarimaFit::ragged_forecast`]).
pub(super) fn ragged_scenarios(
    fit: &SarimaFit,
    list: &[Scenario],
    periods: &[Period],
    hist: &History<'_>,
    drivers: Vec<DriverModel>,
    opts: ScenarioOptions,
    (gap, long): (usize, usize),
) -> Result<Scenarios> {
    let names = &fit.spec.exog_names;
    let first = periods
        .first()
        .ok_or_else(|| Error::other("a ragged-edge forecast without periods"))?;
    let mut ext: Vec<Period> = (1..=gap).rev().map(|i| first.offset(-(i as i64))).collect();
    ext.extend_from_slice(periods);
    let base_sc = driver_forecast_scenario(&drivers, hist.index, &hist.xcols, long)?;
    let base = base_sc.exog_path(names, &ext, hist.index, &hist.xcols)?;
    let run = |path: &ExogPath, uncertainty: ScenarioUncertainty| -> Result<(Forecast, Forecast)> {
        let edge = RaggedEdge { path, gap };
        let given =
            fit.ragged_forecast(&edge, &[], false, &opts.levels, IntervalMethod::Analytic)?;
        let full = if uncertainty.drivers()
            || uncertainty.params()
            || opts.method != IntervalMethod::Analytic
        {
            let d: &[DriverModel] = if uncertainty.drivers() { &drivers } else { &[] };
            fit.ragged_forecast(&edge, d, uncertainty.params(), &opts.levels, opts.method)?
        } else {
            given.clone()
        };
        Ok((full, given))
    };
    let future = |p: &ExogPath| p.rows(gap..p.periods.len());
    let results = list
        .iter()
        .map(|sc| {
            let ctx = |e: Error| e.context(format!("scenario \"{}\"", sc.name()));
            // The scenario over the horizon (its own rules for what it
            // leaves open), and over the gap where it sets values.
            let ahead = sc
                .exog_path(names, periods, hist.index, &hist.xcols)
                .map_err(ctx)?;
            let mut path = base.clone();
            for (j, name) in names.iter().enumerate() {
                for (i, p) in ext.iter().enumerate() {
                    if i >= gap {
                        path.values[[i, j]] = ahead.values[[i - gap, j]];
                    } else if let Some(v) = sc.value(name, *p)
                        && path.steps_ahead[j][i] > 0
                    {
                        path.values[[i, j]] = v;
                    }
                }
            }
            let (forecast, given_path) = run(&path, opts.uncertainty).map_err(ctx)?;
            Ok(ScenarioResult {
                name: sc.name().to_string(),
                label: sc.label().to_string(),
                path: future(&path),
                forecast,
                given_path,
                method: opts.method,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let (forecast, given_path) = run(&base, opts.uncertainty.with_drivers())?;
    let baseline = ScenarioResult {
        name: base_sc.name().to_string(),
        label: base_sc.label().to_string(),
        path: future(&base),
        forecast,
        given_path,
        method: opts.method,
    };
    let fill = base.rows(0..gap);
    Ok(Scenarios {
        baseline: Some(baseline),
        results,
        drivers,
        opts,
        gap_fill: Some(fill),
    })
}

/// One scenario's forecast as a table: the regressor path, the mean, the
/// standard error and the bands.
pub(super) fn scenario_table(r: &ScenarioResult) -> String {
    let method = match r.method {
        IntervalMethod::Analytic => "analytic".to_string(),
        IntervalMethod::Simulation { draws, seed } => {
            format!("simulated, {draws} draws, seed {seed}")
        }
    };
    let covers = match (
        r.forecast.covers.regressor_paths,
        r.forecast.covers.parameter,
    ) {
        (true, true) => "with the regressors' own and the coefficients' uncertainty",
        (true, false) => "with the regressors' own uncertainty",
        (false, true) => "path taken as known, with the coefficients' uncertainty",
        (false, false) => "path taken as known",
    };
    let f = &r.forecast;
    let mut t = format!(
        "\nScenario \"{}\" ({method} intervals, {covers})\n{:<12}",
        r.label, "period"
    );
    for n in &r.path.names {
        t.push_str(&format!("{:>14}", n.chars().take(13).collect::<String>()));
    }
    t.push_str(&format!("{:>14}{:>14}", "mean", "se"));
    for b in &f.bands {
        let l = (b.level * 100.0).round();
        t.push_str(&format!(
            "{:>14}{:>14}",
            format!("lower {l}"),
            format!("upper {l}")
        ));
    }
    t.push('\n');
    for (i, p) in f.periods.iter().enumerate() {
        t.push_str(&format!("{:<12}", p.to_string()));
        for v in r.path.values.row(i) {
            t.push_str(&format!("{v:>14.6}"));
        }
        t.push_str(&format!("{:>14.6}{:>14.6}", f.point[i], f.se[i]));
        for b in &f.bands {
            t.push_str(&format!("{:>14.6}{:>14.6}", b.lower[i], b.upper[i]));
        }
        t.push('\n');
    }
    t
}

/// Writes the scenarios into the JSON (`forecast_basis`, `scenarios`,
/// `scenario_uncertainty`, `driver_models`) and the table; returns them on
/// the reported scale, the baseline first.
pub(super) fn report_scenarios(
    sc: &Scenarios,
    asked: bool,
    exp: bool,
    json: &mut Map<String, Value>,
    table: &mut String,
) -> Vec<ScenarioResult> {
    let scaled = |r: &ScenarioResult| if exp { r.exp(false) } else { r.clone() };
    let mut reported: Vec<ScenarioResult> = Vec::new();
    if let Some(b) = &sc.baseline {
        json.insert(
            "forecast_basis".into(),
            json!({
                "note": "the data hold no future regressor values: each regressor follows its own ARIMA forecast, and the intervals carry its uncertainty",
                "exog_path": b.path.to_json(),
            }),
        );
        reported.push(scaled(b));
    }
    let mut sj = Map::new();
    for r in sc.results.iter().map(scaled) {
        sj.insert(r.name.clone(), r.to_json());
        table.push_str(&scenario_table(&r));
        reported.push(r);
    }
    // (A model without scenarios has only the baseline: its regressors
    // follow their own forecasts past their last observation.)
    if asked {
        json.insert("scenarios".into(), Value::Object(sj));
        json.insert(
            "scenario_uncertainty".into(),
            sc.opts.uncertainty.as_str().into(),
        );
    }
    if !sc.drivers.is_empty() {
        let dj: Map<String, Value> = sc
            .drivers
            .iter()
            .map(|d| (d.name.clone(), d.to_json()))
            .collect();
        json.insert("driver_models".into(), Value::Object(dj));
    }
    reported
}

/// Where the series and each regressor end: their last observed period
/// in the data (a regressor may run past the series).
pub(super) fn series_ends(s: &Sample<'_>, data: &ModelData<'_>) -> Vec<(String, Period)> {
    let mut out: Vec<(String, Period)> = data
        .period(s.last)
        .map(|p| (s.expr.to_string(), p))
        .into_iter()
        .collect();
    for (name, col) in s.exog.iter().zip(&s.xcols) {
        let last = (s.first..col.len().min(data.frame.nrows()))
            .rev()
            .find(|&i| col[i].is_finite());
        if let Some(p) = last.and_then(|i| data.period(i)) {
            out.push((name.clone(), p));
        }
    }
    out
}

/// The ragged edge in a few lines: where each series ends, and the values
/// filled in between.
pub(super) fn ragged_table(expr: &str, ends: &[(String, Period)], fill: &ExogPath) -> String {
    let mut t = String::from("\nRagged edge: the series end at different periods\n");
    for (n, p) in ends {
        t.push_str(&format!("  {n:<30} {p}\n"));
    }
    t.push_str(&format!(
        "  The forecast starts after {}'s last period; the regressors' missing values up to it follow their own forecasts:\n",
        expr
    ));
    for (i, p) in fill.periods.iter().enumerate() {
        let vals: Vec<String> = fill
            .names
            .iter()
            .enumerate()
            .filter(|(j, _)| fill.steps_ahead[*j][i] > 0)
            .map(|(j, n)| format!("{n} = {:.4}", fill.values[[i, j]]))
            .collect();
        if !vals.is_empty() {
            t.push_str(&format!("  {p:<10} {}\n", vals.join(", ")));
        }
    }
    t
}

/// The briefing's sentence on a forecast from a ragged edge.
pub(super) fn ragged_section(
    expr: &str,
    fill: &ExogPath,
    forecast: Option<&Forecast>,
) -> crate::doc::Block {
    let filled: Vec<String> = fill
        .names
        .iter()
        .enumerate()
        .filter_map(|(j, n)| {
            let idx: Vec<usize> = (0..fill.periods.len())
                .filter(|&i| fill.steps_ahead[j][i] > 0)
                .collect();
            let (a, b) = (idx.first()?, idx.last()?);
            Some(format!(
                "`{n}` from {} to {}",
                fill.periods[*a], fill.periods[*b]
            ))
        })
        .collect();
    let start = forecast
        .and_then(|f| f.periods.first())
        .map(|p| format!(" The forecast starts in {p}, after the last period of `{expr}`."))
        .unwrap_or_default();
    crate::doc::Block::Para(format!(
        "**A forecast from a ragged edge**: the model is estimated where `{expr}` and its regressors are all observed, and the regressors' unpublished values ({}) are their own ARIMA forecasts (in each scenario, the scenario's path where it sets one); the intervals carry that uncertainty.{start}",
        filled.join("; ")
    ))
}
