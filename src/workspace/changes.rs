//! What changed between two runs: data points added and revised, model
//! parameters before and after (the move measured in standard errors),
//! forecasts before and after, and how the previous forecasts compare with
//! the data that has since arrived.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use super::build::Loaded;
use super::models::ModelOutcome;
use crate::doc::{Block, Doc};
use crate::json::{as_f64, num};
use crate::kinds::Coefficient;
use crate::series::{Period, Series};

/// Serialises every series of a run (`data/series.json`).
pub(crate) fn series_json(series: &BTreeMap<String, Series>) -> Value {
    let m: serde_json::Map<String, Value> = series
        .iter()
        .map(|(n, s)| {
            (
                n.clone(),
                json!({
                    "frequency": s.freq().name(),
                    "unit": s.unit,
                    "periods": s.periods().iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                    "values": s.values().iter().map(|v| num(*v)).collect::<Vec<_>>(),
                }),
            )
        })
        .collect();
    Value::Object(m)
}

fn read_json(p: &Path) -> Option<Value> {
    std::fs::read_to_string(p)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
}

/// (period, value) pairs of one stored series.
fn stored_points(v: &Value) -> Vec<(Period, f64)> {
    let periods = v["periods"].as_array().cloned().unwrap_or_default();
    let values = v["values"].as_array().cloned().unwrap_or_default();
    periods
        .iter()
        .zip(values.iter())
        .filter_map(|(p, x)| Some((Period::parse(p.as_str()?)?, as_f64(x)?)))
        .collect()
}

/// The coefficient table of a previous run's result.
fn coef_rows(j: &Value) -> Vec<Coefficient> {
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
            Coefficient {
                name: n.clone(),
                estimate: p.get(i).copied().unwrap_or(f64::NAN),
                se: se.get(i).copied().unwrap_or(f64::NAN),
                ci,
                pvalue: pv.get(i).copied().unwrap_or(f64::NAN),
            }
        })
        .collect()
}

fn differs(a: f64, b: f64) -> bool {
    (a - b).abs() > 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Computes the changes from the run in `previous` to the current one.
pub(crate) fn compute(previous: &Path, loaded: &Loaded, outcomes: &[ModelOutcome]) -> Value {
    // Data.
    let old_series = read_json(&previous.join("data/series.json")).unwrap_or(Value::Null);
    let mut data = serde_json::Map::new();
    for (name, s) in &loaded.series {
        let Some(old) = old_series.get(name) else {
            data.insert(name.clone(), json!({"new_series": true}));
            continue;
        };
        let old_pts: BTreeMap<Period, f64> = stored_points(old).into_iter().collect();
        let mut added = Vec::new();
        let mut revised = Vec::new();
        for (p, v) in s.iter().filter(|(_, v)| v.is_finite()) {
            match old_pts.get(&p) {
                Some(o) if o.is_finite() => {
                    if differs(*o, v) {
                        revised.push(json!({"period": p.to_string(), "old": num(*o), "new": num(v), "change": num(v - o)}));
                    }
                }
                _ => added.push(json!({"period": p.to_string(), "value": num(v)})),
            }
        }
        let removed: Vec<String> = old_pts
            .iter()
            .filter(|(p, o)| o.is_finite() && !s.get(**p).is_some_and(f64::is_finite))
            .map(|(p, _)| p.to_string())
            .collect();
        if !added.is_empty() || !revised.is_empty() || !removed.is_empty() {
            data.insert(
                name.clone(),
                json!({"added": added, "revised": revised, "removed": removed}),
            );
        }
    }

    // Models and forecasts.
    let mut models = serde_json::Map::new();
    for o in outcomes {
        let old = read_json(&previous.join(format!("results/{}.json", o.name)));
        let Some(old) = old else {
            models.insert(o.name.clone(), json!({"new_model": true}));
            continue;
        };
        let old_ok = old["status"].as_str() == Some("ok");
        let mut entry = serde_json::Map::new();
        entry.insert("status_before".into(), json!(old["status"]));
        entry.insert(
            "status_after".into(),
            json!(if o.ok() { "ok" } else { "failed" }),
        );
        if let Some(r) = o.json.get("refit") {
            entry.insert("refit".into(), r.clone());
        }
        if old_ok && o.ok() {
            let before = coef_rows(&old);
            let after = o.coefficients().to_vec();
            let params: Vec<Value> = after
                .iter()
                .filter_map(|a| {
                    let b = before.iter().find(|b| b.name == a.name)?;
                    let z = if b.se > 0.0 {
                        (a.estimate - b.estimate) / b.se
                    } else {
                        f64::NAN
                    };
                    Some(json!({
                        "name": a.name, "before": num(b.estimate), "after": num(a.estimate),
                        "change": num(a.estimate - b.estimate), "change_in_se": num(z),
                        "bse_before": num(b.se), "bse_after": num(a.se),
                    }))
                })
                .collect();
            entry.insert("params".into(), Value::Array(params));
            for k in ["nobs", "llf", "aic", "rsquared"] {
                if old.get(k).is_some() || o.json.get(k).is_some() {
                    entry.insert(k.into(), json!({"before": old[k], "after": o.json[k]}));
                }
            }
        }
        // Forecasts before and after, by date.
        if let (Some(f), true) = (o.forecast(), old["forecast"].is_object()) {
            let of = &old["forecast"];
            let dates: Vec<String> = of["dates"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|d| d.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let mean: Vec<f64> = of["mean"]
                .as_array()
                .map(|a| a.iter().map(|v| as_f64(v).unwrap_or(f64::NAN)).collect())
                .unwrap_or_default();
            let band = |which: &str, lvl: &str| -> Vec<f64> {
                of[which][lvl]
                    .as_array()
                    .map(|a| a.iter().map(|v| as_f64(v).unwrap_or(f64::NAN)).collect())
                    .unwrap_or_default()
            };
            let (l80, u80, l95, u95) = (
                band("lower", "80"),
                band("upper", "80"),
                band("lower", "95"),
                band("upper", "95"),
            );
            let mut moved = Vec::new();
            let mut outturn = Vec::new();
            for (i, d) in dates.iter().enumerate() {
                let old_mean = mean.get(i).copied().unwrap_or(f64::NAN);
                if let Some(j) = f.periods.iter().position(|p| p.iso() == *d) {
                    moved.push(json!({
                        "date": d, "period": f.periods[j].to_string(), "before": num(old_mean), "after": num(f.point[j]),
                        "change_pct": num(100.0 * (f.point[j] / old_mean - 1.0)),
                    }));
                }
                let actual = o.history().and_then(|h| {
                    let p = h.periods().into_iter().find(|p| p.iso() == *d)?;
                    h.get(p).filter(|v| v.is_finite()).map(|v| (p, v))
                });
                if let Some((p, a)) = actual {
                    let inside = |l: &[f64], u: &[f64]| match (l.get(i), u.get(i)) {
                        (Some(l), Some(u)) => Value::Bool(a >= *l && a <= *u),
                        _ => Value::Null,
                    };
                    outturn.push(json!({
                        "date": d, "period": p.to_string(), "forecast": num(old_mean), "actual": num(a),
                        "error": num(a - old_mean), "pct_error": num(100.0 * (a / old_mean - 1.0)),
                        "inside_80": inside(&l80, &u80), "inside_95": inside(&l95, &u95),
                    }));
                }
            }
            entry.insert("forecast_moves".into(), Value::Array(moved));
            entry.insert("forecast_vs_outturn".into(), Value::Array(outturn));
        }
        models.insert(o.name.clone(), Value::Object(entry));
    }
    json!({
        "previous_run_dir": previous.display().to_string(),
        "data": data,
        "models": models,
    })
}

fn f3(v: &Value) -> String {
    as_f64(v).map_or("n/a".into(), |x| crate::doc::words::fmt_num(x, 4))
}

/// Renders the changes as a document (`changes.md`).
pub(crate) fn to_doc(changes: &Value, title: &str) -> Doc {
    let mut blocks = vec![Block::Para(format!(
        "Changes since the run in `{}`.",
        changes["previous_run_dir"].as_str().unwrap_or("?")
    ))];
    match changes["refit_mode"].as_str() {
        Some("keep_params") => blocks.push(Block::Para(
            "Re-fit without re-estimation (`--no-reestimate`): the seasonal ARIMA models keep their previous parameters and only their forecasts are updated from the new data (their backtests are carried over); the other models are estimated afresh.".into(),
        )),
        Some("reestimate") => blocks.push(Block::Para(
            "Every model is re-estimated; the seasonal ARIMA models start their optimiser from the previous estimates (an automatic ARIMA searches its orders again), except those whose data and specification are unchanged since the previous run, whose estimates are carried over.".into(),
        )),
        _ => {}
    }
    blocks.push(Block::Heading(1, "Data".into()));
    let mut rows = Vec::new();
    let mut revisions = Vec::new();
    if let Some(d) = changes["data"].as_object() {
        for (name, c) in d {
            if c["new_series"].as_bool() == Some(true) {
                rows.push(vec![
                    name.clone(),
                    "new series".into(),
                    String::new(),
                    String::new(),
                ]);
                continue;
            }
            let added = c["added"].as_array().map_or(0, Vec::len);
            let revised = c["revised"].as_array().cloned().unwrap_or_default();
            let range = c["added"]
                .as_array()
                .and_then(|a| {
                    Some(format!(
                        "{} to {}",
                        a.first()?["period"].as_str()?,
                        a.last()?["period"].as_str()?
                    ))
                })
                .unwrap_or_default();
            rows.push(vec![
                name.clone(),
                added.to_string(),
                range,
                revised.len().to_string(),
            ]);
            for r in revised.iter().take(20) {
                revisions.push(vec![
                    name.clone(),
                    r["period"].as_str().unwrap_or("").into(),
                    f3(&r["old"]),
                    f3(&r["new"]),
                ]);
            }
        }
    }
    if rows.is_empty() {
        blocks.push(Block::Para("No data point was added or revised.".into()));
    } else {
        blocks.push(Block::Table(
            vec![
                "Series".into(),
                "Points added".into(),
                "Periods added".into(),
                "Points revised".into(),
            ],
            rows,
        ));
    }
    if !revisions.is_empty() {
        blocks.push(Block::Heading(2, "Revised data points".into()));
        blocks.push(Block::Table(
            vec!["Series".into(), "Period".into(), "Old".into(), "New".into()],
            revisions,
        ));
    }
    blocks.push(Block::Heading(1, "Models".into()));
    if let Some(m) = changes["models"].as_object() {
        for (name, c) in m {
            blocks.push(Block::Heading(2, format!("`{name}`")));
            if c["new_model"].as_bool() == Some(true) {
                blocks.push(Block::Para("New model: nothing to compare.".into()));
                continue;
            }
            if c["refit"]["mode"].as_str() == Some("unchanged") {
                blocks.push(Block::Para(
                    "Its data and specification are unchanged since the previous run: its estimates are carried over.".into(),
                ));
            }
            if let Some(ps) = c["params"].as_array() {
                blocks.push(Block::Table(
                    vec![
                        "Parameter".into(),
                        "Before".into(),
                        "After".into(),
                        "Change in s.e. of before".into(),
                    ],
                    ps.iter()
                        .map(|p| {
                            vec![
                                p["name"].as_str().unwrap_or("").into(),
                                f3(&p["before"]),
                                f3(&p["after"]),
                                f3(&p["change_in_se"]),
                            ]
                        })
                        .collect(),
                ));
            } else {
                blocks.push(Block::Para(format!(
                    "Status before: {}; after: {}.",
                    c["status_before"].as_str().unwrap_or("?"),
                    c["status_after"].as_str().unwrap_or("?")
                )));
            }
            if let Some(fm) = c["forecast_moves"].as_array().filter(|a| !a.is_empty()) {
                blocks.push(Block::Table(
                    vec![
                        "Forecast for".into(),
                        "Before".into(),
                        "After".into(),
                        "Change %".into(),
                    ],
                    fm.iter()
                        .map(|r| {
                            vec![
                                r["period"].as_str().unwrap_or("").into(),
                                f3(&r["before"]),
                                f3(&r["after"]),
                                f3(&r["change_pct"]),
                            ]
                        })
                        .collect(),
                ));
            }
            if let Some(fo) = c["forecast_vs_outturn"]
                .as_array()
                .filter(|a| !a.is_empty())
            {
                let count = |key: &str| fo.iter().filter(|r| r[key] == Value::Bool(true)).count();
                let errs: Vec<f64> = fo.iter().filter_map(|r| r["error"].as_f64()).collect();
                let mae = errs.iter().map(|e| e.abs()).sum::<f64>() / errs.len().max(1) as f64;
                blocks.push(Block::Para(format!(
                    "How the previous forecast compares with the data that has since arrived: \
                     {} of {} outturns fell inside the 80% interval and {} inside the 95% \
                     interval; mean absolute error {}.",
                    count("inside_80"),
                    fo.len(),
                    count("inside_95"),
                    crate::doc::words::fmt_num(mae, 3)
                )));
                let yn = |v: &Value| match v.as_bool() {
                    Some(true) => "yes".to_string(),
                    Some(false) => "no".to_string(),
                    None => "n/a".to_string(),
                };
                blocks.push(Block::Table(
                    vec![
                        "Period".into(),
                        "Forecast".into(),
                        "Outturn".into(),
                        "Error".into(),
                        "Error %".into(),
                        "In 80%".into(),
                        "In 95%".into(),
                    ],
                    fo.iter()
                        .map(|r| {
                            vec![
                                r["period"].as_str().unwrap_or("").into(),
                                f3(&r["forecast"]),
                                f3(&r["actual"]),
                                f3(&r["error"]),
                                f3(&r["pct_error"]),
                                yn(&r["inside_80"]),
                                yn(&r["inside_95"]),
                            ]
                        })
                        .collect(),
                ));
            }
        }
    }
    Doc {
        title: format!("What changed: {title}"),
        blocks,
    }
}

/// Draws, for up to three series the update touched (revised ones first,
/// then extended ones), the previous run's values against this run's over
/// their last three years, the previous release dashed where it differs
/// ([`crate::charts::RevisionChart`]). Each chart is written to
/// `charts/revision_NAME.{png,svg}` under `run_dir`; returns the stems
/// (relative to `run_dir`) and titles of the charts drawn.
pub(crate) fn revision_charts(
    previous: &Path,
    loaded: &Loaded,
    changes: &Value,
    run_dir: &Path,
) -> Vec<(String, String)> {
    use crate::charts::{Chart, LineSeries, RevisionChart};
    let old_series = read_json(&previous.join("data/series.json")).unwrap_or(Value::Null);
    let Some(data) = changes["data"].as_object() else {
        return Vec::new();
    };
    let count = |v: &Value, k: &str| v[k].as_array().map_or(0, |a| a.len());
    let mut touched: Vec<(&String, usize, usize)> = data
        .iter()
        .map(|(n, v)| (n, count(v, "revised"), count(v, "added")))
        .filter(|(_, r, a)| r + a > 0)
        .collect();
    // Revised first; among equals, the series with the fewest steps from
    // its source (shortest name is a fair proxy: `cpi` before `cpi_q`).
    touched.sort_by_key(|(n, r, _)| (usize::from(*r == 0), n.len()));
    let mut out = Vec::new();
    for (name, revised, _) in touched.into_iter().take(3) {
        let (Some(s), Some(old)) = (loaded.series.get(name), old_series.get(name)) else {
            continue;
        };
        let new_pts: Vec<(Period, f64)> = s.iter().filter(|(_, v)| v.is_finite()).collect();
        let Some(&(last, _)) = new_pts.last() else {
            continue;
        };
        let from = last.offset(-(3 * i64::from(last.freq().periods_per_year()) - 1));
        let keep = |p: &Period| *p >= from;
        let old_pts: Vec<(Period, f64)> = stored_points(old)
            .into_iter()
            .filter(|(p, v)| keep(p) && v.is_finite())
            .collect();
        let new_pts: Vec<(Period, f64)> = new_pts.into_iter().filter(|(p, _)| keep(p)).collect();
        let label = if s.title.is_empty() {
            name.clone()
        } else {
            s.title.clone()
        };
        let title = if revised > 0 {
            format!("{label}: {revised} earlier values revised")
        } else {
            format!("{label}: the new release extends the series")
        };
        let chart = RevisionChart {
            title: title.clone(),
            subtitle: if s.unit.is_empty() {
                "Previous release against this release".into()
            } else {
                format!("{}, previous release against this release", s.unit)
            },
            previous: LineSeries::new(
                "Previous release",
                old_pts.iter().map(|(p, _)| *p).collect(),
                old_pts.iter().map(|(_, v)| *v).collect(),
            ),
            new: LineSeries::new(
                "This release",
                new_pts.iter().map(|(p, _)| *p).collect(),
                new_pts.iter().map(|(_, v)| *v).collect(),
            ),
            ..Default::default()
        };
        let stem = format!("charts/revision_{name}");
        if chart.render(&run_dir.join(&stem)).is_ok() {
            out.push((stem, title));
        }
    }
    out
}
