//! The fan chart of a forecasting model: its history, its forecast with
//! intervals, its scenarios, and what its backtest says (the forecast that
//! did best one step ahead is drawn and headlined; see the `skill` module
//! of the workspace).

use super::{about, line_series, outcome, source_line};
use crate::charts::{FanChart, LineSeries};
use crate::error::{Error, Result};
use crate::series::{Period, Series};
use crate::workspace::build::Loaded;
use crate::workspace::models::ModelOutcome;
use crate::workspace::spec::ChartSpec;

/// The fan chart `spec` asks for, from its model's outcome.
pub(super) fn fan_chart(
    loaded: &Loaded,
    outcomes: &[ModelOutcome],
    spec: &ChartSpec,
) -> Result<FanChart> {
    let o = outcome(outcomes, spec)?;
    let f = o
        .forecast()
        .cloned()
        .ok_or_else(|| Error::usage(format!("model {} has no forecast", o.name)))?;
    let h = o
        .history()
        .cloned()
        .ok_or_else(|| Error::usage(format!("model {} has no history", o.name)))?;
    let h = h.trimmed();
    let keep = spec.history.unwrap_or(40);
    let from = h.end().map(|e| e.offset(1 - keep as i64).max(h.start()));
    let used: Vec<&Series> = o.uses.iter().filter_map(|n| loaded.series.get(n)).collect();
    // Named scenarios as labelled lines from the last observation (the
    // baseline, if any, is the fan itself).
    let mut scenarios = Vec::new();
    let mut scenario_bands = Vec::new();
    // The last observation, where added lines start.
    let anchor = h
        .observed_span()
        .and_then(|(_, e)| h.get(e).map(|v| (e, v)));
    if spec.scenarios != Some(false) {
        for r in o.scenarios().iter().filter(|r| r.name != "driver_forecast") {
            let fc = &r.forecast;
            let mut periods = Vec::new();
            let mut values = Vec::new();
            if let Some((e, v)) = anchor {
                periods.push(e);
                values.push(v);
            }
            periods.extend(fc.periods.iter().copied());
            values.extend(fc.point.iter().copied());
            let band = spec.scenario_band.and_then(|lv| fc.band(lv)).map(|b| {
                let pad = |x: &[f64]| -> Vec<f64> {
                    anchor
                        .map(|(_, v)| v)
                        .into_iter()
                        .chain(x.iter().copied())
                        .collect()
                };
                crate::forecast::Band {
                    level: b.level,
                    lower: pad(&b.lower),
                    upper: pad(&b.upper),
                }
            });
            scenarios.push(LineSeries::new(r.label.clone(), periods, values));
            scenario_bands.push(band);
        }
    }
    let gap = scenario_gap(&scenarios);
    // A backtested forecast says how good it was; where a benchmark or the
    // combination did better one step ahead, that forecast is drawn too,
    // from the last observation, and it is the headline: the title's and
    // subtitle's figures are its (the intervals stay the model's).
    let skill = crate::workspace::skill::Skill::of(o);
    let mut headline = f.clone();
    let mut extra = None;
    if let Some(skill) = &skill {
        let best = skill.best().0;
        if let (Some(path), Some((e, v))) = (
            crate::workspace::skill::benchmark_path(best, &h, &f),
            anchor,
        ) {
            headline.point.clone_from(&path);
            let periods = std::iter::once(e)
                .chain(f.periods.iter().copied())
                .collect();
            let values = std::iter::once(v).chain(path).collect();
            extra = Some(LineSeries::new(best.label(), periods, values));
        }
    }
    let fill = |t: &str| fan_title(t, &h, &headline).replace("{scenario_gap}", &gap);
    let mut subtitle = fill(spec.subtitle.as_deref().unwrap_or_default());
    if let Some(skill) = &skill {
        let t = subtitle.trim_end();
        subtitle = match t.chars().last() {
            None => String::new(),
            Some('.') => format!("{t} "),
            Some(_) => format!("{t}. "),
        };
        subtitle.push_str(&skill.subtitle(crate::workspace::skill::step_word(&h)));
        let quotes_figures = [spec.title.as_deref(), spec.subtitle.as_deref()]
            .into_iter()
            .flatten()
            .any(|t| {
                ["{end}", "{change}", "{direction}"]
                    .iter()
                    .any(|k| t.contains(k))
            });
        if extra.is_some() && quotes_figures {
            subtitle.push_str("; the figures above are that forecast's, the intervals the model's");
        }
    }
    if let Some(line) = extra {
        scenarios.push(line);
        scenario_bands.push(None);
    }
    Ok(FanChart {
        title: fill(spec.title.as_deref().unwrap_or_default()),
        subtitle,
        y_label: spec.y_label.clone().unwrap_or_default(),
        source: source_line(loaded, &used),
        history: line_series(&h, from),
        forecast: f,
        scenarios,
        scenario_bands,
        ..Default::default()
    })
}

/// Fills a forecast chart's title from the forecast, so that a re-fit
/// cannot leave a stale finding: `{end}` (the point forecast at the
/// horizon, three significant figures), `{last}` (the horizon's period),
/// `{lo95}` and `{hi95}` (its 95% interval), `{observed}` (the last
/// observed value), `{observed_period}`, `{change}` (the percentage change
/// from it, signed) and `{direction}` ("rise", "fall" or "stay about
/// level": within 2% either way).
fn fan_title(t: &str, h: &Series, f: &crate::forecast::Forecast) -> String {
    use crate::doc::words::{fmt_num, pct};
    let end = f.point.last().copied().unwrap_or(f64::NAN);
    let last = f.periods.last().map(Period::words).unwrap_or_default();
    let (lo, hi) = f
        .band(0.95)
        .and_then(|b| Some((*b.lower.last()?, *b.upper.last()?)))
        .unwrap_or((f64::NAN, f64::NAN));
    let obs = h
        .observed_span()
        .map(|(_, e)| (e, h.get(e).unwrap_or(f64::NAN)));
    let (obs_p, obs_v) = obs.map_or((String::new(), f64::NAN), |(p, v)| (Period::words(&p), v));
    let change = 100.0 * (end / obs_v - 1.0);
    let direction = if !change.is_finite() || change.abs() < 2.0 {
        "stay about level"
    } else if change > 0.0 {
        "rise"
    } else {
        "fall"
    };
    t.replace("{end}", &about(end))
        .replace("{last}", &last)
        .replace("{lo95}", &fmt_num(lo, 3))
        .replace("{hi95}", &fmt_num(hi, 3))
        .replace("{observed}", &fmt_num(obs_v, 3))
        .replace("{observed_period}", &obs_p)
        .replace("{change}", &pct(change))
        .replace("{direction}", direction)
}

/// How far apart the scenario lines end: the highest over the lowest
/// final value as a percentage ("3%"), or "n/a" without two scenarios.
fn scenario_gap(scenarios: &[LineSeries]) -> String {
    let ends: Vec<f64> = scenarios
        .iter()
        .filter_map(|s| s.values.last().copied())
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    let lo = ends.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ends.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if ends.len() >= 2 {
        format!("{}%", about(100.0 * (hi / lo - 1.0)))
    } else {
        "n/a".into()
    }
}
