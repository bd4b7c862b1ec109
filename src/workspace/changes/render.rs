//! `changes.md`: the change report as a document, in words for the
//! reader.

use std::collections::BTreeMap;

use super::report::*;
use crate::doc::words::fmt_num;
use crate::doc::{Block, Doc};
use crate::kinds::RefitUse;
use crate::models::arima::RefitMode;

/// A number for the tables (`n/a` when not finite).
pub(super) fn f3(x: f64) -> String {
    fmt_num(x, 4)
}

/// Renders the changes as a document (`changes.md`).
pub(crate) fn to_doc(changes: &Changes, title: &str) -> Doc {
    let mut blocks = vec![Block::Para(format!(
        "Changes since the run in `{}`.",
        changes.previous_run_dir
    ))];
    match changes.refit_mode {
        Some(RefitMode::KeepParams) => blocks.push(Block::Para(
            "Re-fit without re-estimation (`--no-reestimate`): the seasonal ARIMA models keep their previous parameters and only their forecasts are updated from the new data (their backtests are carried over); the other models are estimated afresh.".into(),
        )),
        Some(RefitMode::Reestimate) => blocks.push(Block::Para(
            "Every model is re-estimated; the seasonal ARIMA models start their optimiser from the previous estimates (an automatic ARIMA searches its orders again), except those whose data and specification are unchanged since the previous run, whose estimates are carried over.".into(),
        )),
        None => {}
    }
    blocks.push(Block::Heading(1, "Data".into()));
    blocks.extend(data_blocks(&changes.data));
    blocks.push(Block::Heading(1, "Models".into()));
    for (name, c) in &changes.models {
        blocks.push(Block::Heading(2, format!("`{name}`")));
        match c {
            ModelChange::New => {
                blocks.push(Block::Para("New model: nothing to compare.".into()));
            }
            ModelChange::Compared(c) => blocks.extend(model_blocks(c)),
        }
    }
    Doc {
        title: format!("What changed: {title}"),
        blocks,
    }
}

/// The data part: points added and revised per series, and the first
/// revisions of each.
pub(super) fn data_blocks(data: &BTreeMap<String, SeriesChange>) -> Vec<Block> {
    let mut rows = Vec::new();
    let mut revisions = Vec::new();
    for (name, c) in data {
        let u = match c {
            SeriesChange::New => {
                rows.push(vec![
                    name.clone(),
                    "new series".into(),
                    String::new(),
                    String::new(),
                ]);
                continue;
            }
            SeriesChange::Updated(u) => u,
        };
        let range = match (u.added.first(), u.added.last()) {
            (Some(a), Some(b)) => format!("{} to {}", a.period, b.period),
            _ => String::new(),
        };
        rows.push(vec![
            name.clone(),
            u.added.len().to_string(),
            range,
            u.revised.len().to_string(),
        ]);
        for r in u.revised.iter().take(20) {
            revisions.push(vec![
                name.clone(),
                r.period.to_string(),
                f3(r.old),
                f3(r.new),
            ]);
        }
    }
    let mut blocks = Vec::new();
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
    blocks
}

/// One model's part: the re-fit, the parameters, the forecasts and the
/// previous forecasts against the outturns.
pub(super) fn model_blocks(c: &ModelComparison) -> Vec<Block> {
    let mut blocks = Vec::new();
    if c.refit.as_ref().map(|r| r.mode) == Some(RefitUse::Unchanged) {
        blocks.push(Block::Para(
            "Its data and specification are unchanged since the previous run: its estimates are carried over.".into(),
        ));
    }
    match &c.params {
        Some(ps) if !ps.is_empty() => blocks.push(Block::Table(
            vec![
                "Parameter".into(),
                "Before".into(),
                "After".into(),
                "Change in s.e. of before".into(),
            ],
            ps.iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        f3(p.before),
                        f3(p.after),
                        f3(p.change_in_se),
                    ]
                })
                .collect(),
        )),
        // Both fits succeeded but the model has no parameters to set side
        // by side (unit-root tests): say so rather than draw an empty table.
        Some(_) => blocks.push(Block::Para(
            "This model has no parameters to compare; its results for this run are in the briefing.".into(),
        )),
        None => blocks.push(Block::Para(format!(
            "Status before: {}; after: {}.",
            c.status_before.as_deref().unwrap_or("?"),
            c.status_after
        ))),
    }
    if let Some(sc) = &c.sample {
        let span = |s: &Option<[String; 2]>| {
            s.as_ref()
                .map_or_else(|| "none".to_string(), |[a, b]| format!("{a} to {b}"))
        };
        blocks.push(Block::Para(format!(
            "Estimation sample: {} before, {} now.",
            span(&sc.before),
            span(&sc.after)
        )));
    }
    if !c.series_ends.is_empty() {
        let moved: Vec<String> = c
            .series_ends
            .iter()
            .map(|e| {
                format!(
                    "`{}` {} → {}",
                    e.series,
                    e.before.as_deref().unwrap_or("(not used)"),
                    e.after.as_deref().unwrap_or("(not used)")
                )
            })
            .collect();
        blocks.push(Block::Para(format!(
            "Where its series end: {}.",
            moved.join("; ")
        )));
    }
    if let Some(fm) = c.forecast_moves.as_ref().filter(|a| !a.is_empty()) {
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
                        r.period.to_string(),
                        f3(r.before),
                        f3(r.after),
                        f3(r.change_pct),
                    ]
                })
                .collect(),
        ));
    }
    if let Some(fo) = c.forecast_vs_outturn.as_ref().filter(|a| !a.is_empty()) {
        blocks.extend(outturn_blocks(fo));
    }
    blocks
}

/// The previous forecasts against the outturns: coverage and mean absolute
/// error in words, then the table.
pub(super) fn outturn_blocks(fo: &[Outturn]) -> Vec<Block> {
    let count = |inside: fn(&Outturn) -> Option<bool>| {
        fo.iter().filter(|r| inside(r) == Some(true)).count()
    };
    let errs: Vec<f64> = fo
        .iter()
        .map(|r| r.error)
        .filter(|e| e.is_finite())
        .collect();
    let mae = errs.iter().map(|e| e.abs()).sum::<f64>() / errs.len().max(1) as f64;
    let yn = |v: Option<bool>| match v {
        Some(true) => "yes".to_string(),
        Some(false) => "no".to_string(),
        None => "n/a".to_string(),
    };
    vec![
        Block::Para(format!(
            "How the previous forecast compares with the data that has since arrived: \
             {} of {} outturns fell inside the 80% interval and {} inside the 95% \
             interval; mean absolute error {}.",
            count(|r| r.inside_80),
            fo.len(),
            count(|r| r.inside_95),
            fmt_num(mae, 3)
        )),
        Block::Table(
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
                        r.period.to_string(),
                        f3(r.forecast),
                        f3(r.actual),
                        f3(r.error),
                        f3(r.pct_error),
                        yn(r.inside_80),
                        yn(r.inside_95),
                    ]
                })
                .collect(),
        ),
    ]
}
