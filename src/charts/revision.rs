//! Data-revision chart for a re-fit: a series as this release publishes it
//! (solid) against the previous release (dashed), drawn only where the two
//! differ.
//!
//! Where the previous and the new value of a period are equal the dashed
//! line would sit on the solid one and hide it, so the previous release
//! is drawn only over its *revised stretches*: the runs of periods whose
//! value changed (or was withdrawn), each widened by one unchanged period
//! on either side so that the dashed line visibly leaves and rejoins the
//! new one. A marker shows where the previous release ended, which is
//! all there is to see when a release only extends a series. Both lines
//! carry direct labels.

use std::ops::Range;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, finite_range, period_x};
use super::line::LineSeries;
use super::{Chart, ChartFiles, describe_num, style};
use crate::error::{Error, Result};

/// The colour of the new release (the first of the palette).
const NEW: style::Colour = style::PALETTE[0];
/// The colour of the previous release (the palette's orange, which
/// contrasts with the dark blue for colour-blind readers too).
const OLD: style::Colour = style::PALETTE[3];

/// Whether two published values are the same figure (relative 1e-9, so
/// that a value that went through a CSV round trip still matches).
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The stretches of `previous` to draw: index ranges into
/// `previous.values` covering every period whose value differs from
/// `new` (or that `new` no longer has), each widened by one period on
/// either side, overlapping ranges merged. Missing previous values are
/// never revisions.
///
/// ```
/// use colcrime::charts::{LineSeries, revised_stretches};
/// use colcrime::series::Period;
/// let p = Period::year(2015);
/// let old = LineSeries::from_start("old", p, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);
/// let new = LineSeries::from_start("new", p, vec![1.0, 2.0, 3.5, 4.0, 5.0, 6.0, 7.0, 8.0]);
/// assert_eq!(revised_stretches(&old, &new), vec![1..4]);
/// let unrevised = LineSeries::from_start("new", p, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
/// assert!(revised_stretches(&old, &unrevised).is_empty());
/// ```
pub fn revised_stretches(previous: &LineSeries, new: &LineSeries) -> Vec<Range<usize>> {
    let n = previous.values.len().min(previous.periods.len());
    let changed: Vec<bool> = (0..n)
        .map(|i| {
            let v = previous.values[i];
            if !v.is_finite() {
                return false;
            }
            let p = previous.periods[i];
            let now = new
                .periods
                .iter()
                .zip(&new.values)
                .find(|(q, _)| **q == p)
                .map(|(_, w)| *w);
            !matches!(now, Some(w) if w.is_finite() && same(v, w))
        })
        .collect();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < n {
        if !changed[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && changed[i] {
            i += 1;
        }
        let r = start.saturating_sub(1)..(i + 1).min(n);
        match out.last_mut() {
            Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// A series' previous release against its new one.
///
/// ```
/// use colcrime::charts::{Chart, LineSeries, RevisionChart};
/// use colcrime::series::Period;
/// let p = Period::quarter(2024, 1).unwrap();
/// let c = RevisionChart {
///     title: "CPI: one earlier value revised".into(),
///     previous: LineSeries::from_start("Previous release", p, vec![2.0, 2.2, 2.4]),
///     new: LineSeries::from_start("This release", p, vec![2.0, 2.3, 2.4, 2.6]),
///     ..Default::default()
/// };
/// let svg = c.to_svg().unwrap();
/// assert!(svg.contains("\nPrevious release\n</text>") && svg.contains("\nThis release\n</text>"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionChart {
    /// The finding ("3 earlier values revised").
    pub title: String,
    /// Measure and units.
    pub subtitle: String,
    /// The y-axis label.
    pub y_label: String,
    /// Datasets and release dates.
    pub source: String,
    /// The previous release (its label is its direct label).
    pub previous: LineSeries,
    /// The new release.
    pub new: LineSeries,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Default for RevisionChart {
    fn default() -> Self {
        RevisionChart {
            title: String::new(),
            subtitle: String::new(),
            y_label: String::new(),
            source: String::new(),
            previous: LineSeries::default(),
            new: LineSeries::default(),
            size: (style::WIDTH, style::HEIGHT),
        }
    }
}

impl RevisionChart {
    /// The periods whose value was revised: (period label, previous, new);
    /// a withdrawn value has new = NaN.
    fn revisions(&self) -> Vec<(String, f64, f64)> {
        self.previous
            .periods
            .iter()
            .zip(&self.previous.values)
            .filter(|(_, v)| v.is_finite())
            .filter_map(|(p, v)| {
                let w = self
                    .new
                    .periods
                    .iter()
                    .zip(&self.new.values)
                    .find(|(q, _)| *q == p)
                    .map_or(f64::NAN, |(_, w)| *w);
                (!(w.is_finite() && same(*v, w))).then(|| (p.ons_label(), *v, w))
            })
            .collect()
    }
}

impl Chart for RevisionChart {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let mut d = "Line chart of a data revision".to_string();
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push_str(&format!(
            ". {} (solid line); {} (dashed line, drawn only where it differs).",
            self.new.describe(),
            self.previous.describe()
        ));
        let rev = self.revisions();
        if rev.is_empty() {
            d.push_str(" No earlier value was revised.");
        } else {
            let shown: Vec<String> = rev
                .iter()
                .take(6)
                .map(|(p, a, b)| format!("{p} from {} to {}", describe_num(*a), describe_num(*b)))
                .collect();
            d.push_str(&format!(
                " {} value{} revised: {}{}.",
                rev.len(),
                if rev.len() == 1 { "" } else { "s" },
                shown.join(", "),
                if rev.len() > 6 { ", ..." } else { "" }
            ));
        }
        if !self.source.is_empty() {
            d.push_str(&format!(
                " Source: {}.",
                self.source.trim_start_matches("Source: ")
            ));
        }
        d
    }

    fn validate(&self) -> Result<()> {
        self.previous.check()?;
        self.new.check()?;
        if self.new.n_finite() + self.previous.n_finite() == 0 {
            return Err(Error::not_enough_data(
                "revision chart (finite values)",
                1,
                0,
            ));
        }
        if self
            .new
            .values
            .iter()
            .chain(&self.previous.values)
            .any(|v| v.is_infinite())
        {
            return Err(Error::domain("a value of the revision chart is infinite"));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let top = canvas::header(area, &self.title, &self.subtitle)?;
        let bottom = canvas::footer(area, &self.source)?;
        let (old, new) = (&self.previous, &self.new);
        let (ox, nx) = (old.xs(), new.xs());
        let xr = finite_range(ox.iter().chain(&nx)).unwrap_or((0.0, 1.0));
        let yr = finite_range(old.values.iter().chain(&new.values)).unwrap_or((0.0, 1.0));
        let (w, _) = area.dim_in_pixel();
        let ls = style::font(style::size::LABEL, true, style::TEXT);
        let max_label = [&old.label, &new.label]
            .iter()
            .map(|s| canvas::text_width(area, s, &ls))
            .max()
            .unwrap_or(0);
        let reserve = (max_label + 20 + canvas::MARGIN / 2).min(w as i32 * 3 / 10);
        let l = canvas::time_layout(area, top, bottom, xr, yr, reserve, false);
        canvas::time_axes(area, &l, &self.y_label, "")?;
        let mut labels = Vec::new();
        let last_new =
            canvas::broken_line(area, &nx, &new.values, &l.sx, &l.sy, NEW, style::LINE_WIDTH)?;
        if let Some((_, y)) = last_new {
            labels.push((new.label.clone(), y, NEW));
        }
        for r in revised_stretches(old, new) {
            let pts: Vec<(i32, i32)> = ox[r.clone()]
                .iter()
                .zip(&old.values[r])
                .filter(|(x, v)| x.is_finite() && v.is_finite())
                .map(|(x, v)| (l.sx.px(*x), l.sy.px(*v)))
                .collect();
            match pts.as_slice() {
                [one] => canvas::dot(area, *one, style::LINE_WIDTH + 1, OLD)?,
                _ => canvas::dashed(area, pts, OLD, style::LINE_WIDTH)?,
            }
        }
        if let Some((p, v)) = old.last_finite() {
            // Where the previous release ended: a ring on the line. Its
            // label goes with the others at the right if it ended with the
            // new one, otherwise just above the ring.
            let at = (l.sx.px(period_x(&p)), l.sy.px(v));
            canvas::dot(area, at, style::LINE_WIDTH + 3, OLD)?;
            canvas::dot(area, at, style::LINE_WIDTH, style::BACKGROUND)?;
            if let Some((nx_end, ny_end)) = last_new.filter(|(x, _)| *x > at.0 + 4) {
                // Above the line: up-left of the ring where the new line
                // rises after it, up-right where it falls or stays flat
                // (kept clear of the labels at the right).
                let ow = canvas::text_width(area, &old.label, &ls);
                let (h, x) = if ny_end < at.1 {
                    (HPos::Right, (at.0 - 8).max(l.rect.x0 + ow))
                } else {
                    (HPos::Left, (at.0 + 8).min(nx_end - ow - 8))
                };
                let st =
                    canvas::anchored(style::font(style::size::LABEL, true, OLD), h, VPos::Bottom);
                canvas::text(area, &old.label, (x, at.1 - 8), &st)?;
            } else {
                labels.push((old.label.clone(), at.1, OLD));
            }
        }
        canvas::direct_labels(area, l.rect.x1 + 8, &labels, l.rect)?;
        Ok(())
    }
}

/// Renders a [`RevisionChart`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// Lengths that differ, nothing finite, an infinite value, or a file that
/// cannot be written.
///
/// ```
/// use colcrime::charts::{render_revision, RevisionChart};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_revision(&RevisionChart::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_revision(chart: &RevisionChart, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}
