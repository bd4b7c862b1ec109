//! Charts of the revisions: each revised series before and after.

use std::collections::BTreeMap;
use std::path::Path;

use super::previous::*;
use super::report::*;
use crate::series::Period;
use crate::workspace::OutputDir;
use crate::workspace::build::Loaded;

/// Draws, for up to three series the update touched (revised ones first,
/// then extended ones), the previous run's values against this run's over
/// their last three years, the previous release dashed where it differs
/// ([`crate::charts::RevisionChart`]). Each chart is written to
/// `charts/revision_NAME.{png,svg}` under `run_dir`; returns the stems
/// (relative to `run_dir`) and titles of the charts drawn.
pub(crate) fn revision_charts(
    previous: &Path,
    loaded: &Loaded,
    changes: &Changes,
    run_dir: &Path,
) -> Vec<(String, String)> {
    use crate::charts::{Chart, LineSeries, RevisionChart};
    let old_series: BTreeMap<String, StoredSeries> =
        read_previous(&previous.join("data/series.json")).unwrap_or_default();
    let mut touched: Vec<(&String, usize)> = changes
        .data
        .iter()
        .filter_map(|(n, c)| match c {
            SeriesChange::Updated(u) if !u.revised.is_empty() || !u.added.is_empty() => {
                Some((n, u.revised.len()))
            }
            _ => None,
        })
        .collect();
    // Revised first; among equals, the series with the fewest steps from
    // its source (shortest name is a fair proxy: `cpi` before `cpi_q`).
    touched.sort_by_key(|(n, r)| (usize::from(*r == 0), n.len()));
    let mut out = Vec::new();
    for (name, revised) in touched.into_iter().take(3) {
        let (Some(s), Some(old)) = (loaded.series.get(name), old_series.get(name)) else {
            continue;
        };
        let new_pts: Vec<(Period, f64)> = s.iter().filter(|(_, v)| v.is_finite()).collect();
        let Some(&(last, _)) = new_pts.last() else {
            continue;
        };
        let from = last.offset(-(3 * i64::from(last.freq().periods_per_year()) - 1));
        let keep = |p: &Period| *p >= from;
        let old_pts: Vec<(Period, f64)> = old
            .points()
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
        let Ok(path) = OutputDir::new(run_dir).path(&stem) else {
            continue;
        };
        if chart.render(&path).is_ok() {
            out.push((stem, title));
        }
    }
    out
}
