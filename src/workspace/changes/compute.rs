//! The comparison: this run's series and models' typed reports against
//! the previous run read back ([`super::previous`]).

use std::collections::BTreeMap;
use std::path::Path;

use super::previous::*;
use super::report::*;
use crate::forecast::Forecast;
use crate::kinds::{Coefficient, FitStats};
use crate::series::{Period, Series};
use crate::workspace::build::Loaded;
use crate::workspace::models::ModelOutcome;

pub(super) fn differs(a: f64, b: f64) -> bool {
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
pub(super) fn series_update(old: &StoredSeries, s: &Series) -> Option<SeriesUpdate> {
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
pub(super) fn model_change(old: Option<&PreviousResult>, o: &ModelOutcome) -> ModelChange {
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
        let after = r.sample.map(|(a, b)| [a.to_string(), b.to_string()]);
        let before = old.sample.as_ref().and_then(StoredSample::span);
        if before != after {
            c.sample = Some(SampleChange { before, after });
        }
        let now: BTreeMap<String, String> = r
            .series_ends
            .iter()
            .map(|(n, p)| (n.clone(), p.to_string()))
            .collect();
        let mut names: Vec<&String> = now.keys().chain(old.series_ends.keys()).collect();
        names.sort();
        names.dedup();
        c.series_ends = names
            .into_iter()
            .filter(|n| now.get(*n) != old.series_ends.get(*n))
            .map(|n| EndChange {
                series: n.clone(),
                before: old.series_ends.get(n).cloned(),
                after: now.get(n).cloned(),
            })
            .collect();
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
pub(super) fn param_changes(before: &[Coefficient], after: &[Coefficient]) -> Vec<ParamChange> {
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
pub(super) fn forecast_changes(
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
