//! Small multiples of distributions: one panel per group (e.g. a London
//! borough) showing every member (its wards) as a dot along one axis, with
//! the group's median as a dark line and its value beside the panel's
//! name. Dots that would overlap are stacked into lanes above and below
//! the axis, so every member stays visible. The axis is shared by every
//! panel, linear or logarithmic ([`PanelScale::Log`]; values at or below
//! zero then sit at the left edge as open rings), or each panel's own
//! ([`PanelScale::Free`]).

use std::path::Path;

use plotters::coord::Shift;
use plotters::element::Circle;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, Rect, Scale, finite_range, format_tick, nice_ticks};
use super::multiples::{fit_name, short_value};
use super::{Chart, ChartFiles, PanelScale, describe_num, style};
use crate::error::{Error, Result};
use crate::stats::quantile::quantile_sorted;

/// One panel: a name and the values of its members.
///
/// ```
/// use colcrime::charts::StripPanel;
/// let p = StripPanel::new("Camden", vec![3.0, 1.0, 2.0]);
/// assert_eq!(p.median(), 2.0);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StripPanel {
    /// The panel title (abbreviated to fit; in full in the description).
    pub label: String,
    /// One value per member (finite).
    pub values: Vec<f64>,
}

impl StripPanel {
    /// A panel.
    ///
    /// ```
    /// # use colcrime::charts::StripPanel;
    /// assert_eq!(StripPanel::new("a", vec![]).label, "a");
    /// ```
    pub fn new(label: impl Into<String>, values: Vec<f64>) -> StripPanel {
        StripPanel {
            label: label.into(),
            values,
        }
    }

    /// The median of the values (`NaN` when there are none).
    ///
    /// ```
    /// # use colcrime::charts::StripPanel;
    /// assert_eq!(StripPanel::new("a", vec![4.0, 1.0, 2.0, 3.0]).median(), 2.5);
    /// assert!(StripPanel::new("a", vec![]).median().is_nan());
    /// ```
    pub fn median(&self) -> f64 {
        let mut v = self.values.clone();
        v.sort_by(f64::total_cmp);
        quantile_sorted(&v, 0.5)
    }
}

/// A grid of strip plots, one per group.
///
/// ```
/// use colcrime::charts::{Chart, PanelScale, StripMultiples, StripPanel};
/// let c = StripMultiples {
///     title: "Westminster's typical ward has the most robbery".into(),
///     panels: vec![
///         StripPanel::new("Westminster", vec![1.5, 5.9, 112.0]),
///         StripPanel::new("Sutton", vec![0.0, 0.3, 1.1, 6.7]),
///     ],
///     scale: PanelScale::Log,
///     ..Default::default()
/// };
/// let svg = c.to_svg().unwrap();
/// assert!(svg.contains("\nWestminster\n"));
/// assert!(c.description().contains("Sutton: 4 members, median 0.7"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StripMultiples {
    /// The finding.
    pub title: String,
    /// Measure, units, period and what a dot is.
    pub subtitle: String,
    /// The axis label (units), above the grid.
    pub x_label: String,
    /// Datasets and release dates.
    pub source: String,
    /// The panels, in the order drawn (e.g. by median, highest first).
    pub panels: Vec<StripPanel>,
    /// What a dot is, for the key ("ward").
    pub member: String,
    /// Shared (linear), logarithmic or each panel's own axis.
    pub scale: PanelScale,
    /// Columns of the grid; 0 chooses 4.
    pub cols: usize,
    /// Width and height in pixels (default 960 × 1080, a double page).
    pub size: (u32, u32),
}

impl Default for StripMultiples {
    fn default() -> Self {
        StripMultiples {
            title: String::new(),
            subtitle: String::new(),
            x_label: String::new(),
            source: String::new(),
            panels: Vec::new(),
            member: "member".into(),
            scale: PanelScale::Shared,
            cols: 0,
            size: (style::WIDTH, 2 * style::HEIGHT),
        }
    }
}

impl StripMultiples {
    /// The grid shape (columns, rows).
    ///
    /// ```
    /// # use colcrime::charts::{StripMultiples, StripPanel};
    /// let c = StripMultiples { panels: vec![StripPanel::default(); 32], ..Default::default() };
    /// assert_eq!(c.grid(), (4, 8));
    /// ```
    pub fn grid(&self) -> (usize, usize) {
        let n = self.panels.len().max(1);
        let cols = if self.cols > 0 { self.cols } else { 4 }.min(n);
        (cols, n.div_ceil(cols))
    }
}

/// The axis of a panel: its bounds and ticks (in axis units: log10 of the
/// value on a log scale) and the step for formatting. A log axis runs
/// between 1, 2 or 5 times powers of ten around the data, with ticks at
/// the powers of ten inside.
fn axis((lo, hi): (f64, f64), log: bool) -> (f64, f64, Vec<f64>, f64) {
    if !log {
        let (t, step) = nice_ticks(lo.min(0.0), hi, 4);
        let (a, b) = (
            t.first().copied().unwrap_or(lo),
            t.last().copied().unwrap_or(hi),
        );
        return (a, b, t, step);
    }
    let steps = |k: i32| [1.0f64, 2.0, 5.0].map(|m| (m * 10f64.powi(k)).log10());
    let below = (lo.floor() as i32..=lo.ceil() as i32)
        .flat_map(steps)
        .filter(|v| *v <= lo + 1e-12)
        .fold(lo.floor(), f64::max);
    let above = (hi.floor() as i32..=hi.ceil() as i32)
        .flat_map(steps)
        .filter(|v| *v >= hi - 1e-12)
        .fold(hi.ceil(), f64::min);
    let above = if above > below { above } else { below + 1.0 };
    let mut ticks: Vec<f64> = (below.ceil() as i32..=above.floor() as i32)
        .map(f64::from)
        .collect();
    if ticks.len() < 2 {
        // Less than a decade: label the ends too.
        ticks.insert(0, below);
        ticks.push(above);
        ticks.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    }
    (below, above, ticks, 1.0)
}

/// Lanes for dots along an axis so that no two in a lane are closer than
/// `gap` pixels: each dot (in order of x) takes the first lane free, lanes
/// alternating above and below the axis (0, +1, −1, +2, …).
fn lanes(xs: &[i32], gap: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by_key(|&i| xs[i]);
    let mut last: Vec<i32> = Vec::new();
    let mut out = vec![0; xs.len()];
    for i in order {
        let k = match last.iter().position(|l| xs[i] - l >= gap) {
            Some(k) => k,
            None => {
                last.push(i32::MIN / 2);
                last.len() - 1
            }
        };
        last[k] = xs[i];
        let k = k as i32;
        out[i] = if k % 2 == 1 { (k + 1) / 2 } else { -(k / 2) };
    }
    out
}

impl Chart for StripMultiples {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let scale = match self.scale {
            PanelScale::Shared => "on one shared scale",
            PanelScale::Free => "each on its own scale",
            PanelScale::Log => "on one logarithmic scale",
        };
        let mut d = format!(
            "Small multiples: {} panels {scale}, each {} a dot and the panel's median a dark line",
            self.panels.len(),
            self.member
        );
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push_str(". ");
        d.push_str(
            &self
                .panels
                .iter()
                .map(|p| {
                    let lo = p.values.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = p.values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    format!(
                        "{}: {} {}{}, median {}, from {} to {}",
                        p.label,
                        p.values.len(),
                        self.member,
                        if p.values.len() == 1 { "" } else { "s" },
                        describe_num(p.median()),
                        describe_num(lo),
                        describe_num(hi)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        );
        d.push('.');
        if self.scale == PanelScale::Log {
            let zeros: usize = self
                .panels
                .iter()
                .map(|p| p.values.iter().filter(|v| **v <= 0.0).count())
                .sum();
            if zeros > 0 {
                d.push_str(&if zeros == 1 {
                    " 1 value at or below zero is drawn as an open ring at the left edge."
                        .to_string()
                } else {
                    format!(
                        " {zeros} values at or below zero are drawn as open rings at the left edge."
                    )
                });
            }
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
        if self.panels.is_empty() {
            return Err(Error::not_enough_data("strip multiples (panels)", 1, 0));
        }
        for p in &self.panels {
            if p.values.iter().any(|v| !v.is_finite()) {
                return Err(Error::domain(format!(
                    "the strip panel \"{}\" has a value that is not finite",
                    p.label
                )));
            }
        }
        let positive = self.panels.iter().flat_map(|p| &p.values).any(|v| *v > 0.0);
        let any = self.panels.iter().any(|p| !p.values.is_empty());
        if !any || (self.scale == PanelScale::Log && !positive) {
            return Err(Error::not_enough_data(
                "strip multiples (values that can be drawn)",
                1,
                0,
            ));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let top = canvas::header(area, &self.title, &self.subtitle)?;
        let bottom = canvas::footer(area, &self.source)?;
        let (w, _) = area.dim_in_pixel();
        let log = self.scale == PanelScale::Log;
        let tf = |v: f64| if log { v.log10() } else { v };
        let positive: Vec<f64> = self
            .panels
            .iter()
            .flat_map(|p| &p.values)
            .copied()
            .filter(|v| !log || *v > 0.0)
            .map(tf)
            .collect();
        let all = finite_range(&positive).unwrap_or((0.0, 1.0));
        let shared = axis(all, log);
        let panel_axes: Vec<(f64, f64, Vec<f64>, f64)> = self
            .panels
            .iter()
            .map(|p| match self.scale {
                PanelScale::Free => {
                    finite_range(&p.values).map_or_else(|| shared.clone(), |r| axis(r, false))
                }
                _ => shared.clone(),
            })
            .collect();
        let tick_font = style::font(style::size::PANEL_TICK, false, style::TEXT_MUTED);
        let tick_text = |t: f64, step: f64| {
            if log {
                format_tick(10f64.powf(t), if t < 0.0 { 10f64.powf(t) } else { 1.0 })
            } else {
                format_tick(t, step)
            }
        };
        // The axis label and the key under the header.
        let mut y = top;
        let ls = canvas::anchored(
            style::font(style::size::LABEL, false, style::TEXT),
            HPos::Left,
            VPos::Top,
        );
        let mut key_x = canvas::MARGIN;
        if !self.x_label.is_empty() {
            canvas::text(area, &self.x_label, (canvas::MARGIN, y), &ls)?;
            key_x += canvas::text_width(area, &self.x_label, &ls) + 30;
        }
        let ks = canvas::anchored(
            style::font(style::size::SOURCE, false, style::TEXT_MUTED),
            HPos::Left,
            VPos::Center,
        );
        let ky = y + (style::size::LABEL * 0.45) as i32;
        canvas::dot(area, (key_x + 4, ky), 3, style::PALETTE[0])?;
        let k1 = format!("one {}", self.member);
        canvas::text(area, &k1, (key_x + 12, ky), &ks)?;
        let mx = key_x + 12 + canvas::text_width(area, &k1, &ks) + 20;
        canvas::polyline(area, vec![(mx, ky - 7), (mx, ky + 7)], style::TEXT, 2)?;
        canvas::text(area, "median", (mx + 8, ky), &ks)?;
        y += (style::size::LABEL * 1.5) as i32;

        let (cols, rows) = self.grid();
        let gap_x = 16;
        let gap_y = 6;
        let left = canvas::MARGIN;
        let cell_w = (w as i32 - canvas::MARGIN - left - gap_x * (cols as i32 - 1)) / cols as i32;
        let title_h = (style::size::PANEL * 1.45) as i32;
        let xtick_h = (style::size::PANEL_TICK * 1.5) as i32;
        let cell_h = (bottom - y - gap_y * (rows as i32 - 1)) / rows.max(1) as i32;
        let n = self.panels.len();
        let name_font = style::font(style::size::PANEL, true, style::TEXT);
        let value_font = style::font(style::size::PANEL, true, style::PALETTE[0]);
        let xtick_font = canvas::anchored(tick_font.clone(), HPos::Center, VPos::Top);
        let r_dot = 3;
        for (i, p) in self.panels.iter().enumerate() {
            let (c, r) = (i % cols, i / cols);
            let cx = left + c as i32 * (cell_w + gap_x);
            let cy = y + r as i32 * (cell_h + gap_y);
            let bottom_of_col = i + cols >= n;
            let labelled = bottom_of_col || self.scale == PanelScale::Free;
            let strip_bottom = if labelled || rows > 1 {
                cy + cell_h - xtick_h
            } else {
                cy + cell_h
            };
            let plot = Rect {
                x0: cx + 6,
                y0: cy + title_h,
                x1: cx + cell_w - 6,
                y1: strip_bottom,
            };
            let median = p.median();
            let value = if median.is_finite() {
                short_value(median)
            } else {
                String::new()
            };
            let value_w = canvas::text_width(area, &value, &value_font);
            let name = fit_name(area, &p.label, &name_font, cell_w - value_w - 8);
            canvas::text(
                area,
                &name,
                (cx, cy),
                &canvas::anchored(name_font.clone(), HPos::Left, VPos::Top),
            )?;
            if !value.is_empty() {
                canvas::text(
                    area,
                    &value,
                    (cx + cell_w, cy),
                    &canvas::anchored(value_font.clone(), HPos::Right, VPos::Top),
                )?;
            }
            let (lo, hi, ticks, step) =
                panel_axes.get(i).cloned().unwrap_or_else(|| shared.clone());
            let sx = Scale::new(lo, hi, plot.x0, plot.x1);
            for t in &ticks {
                let px = sx.px(*t);
                canvas::polyline(area, vec![(px, plot.y0), (px, plot.y1)], style::GRID, 1)?;
            }
            let mid = (plot.y0 + plot.y1) / 2;
            canvas::polyline(
                area,
                vec![(plot.x0, plot.y1), (plot.x1, plot.y1)],
                style::BASELINE,
                1,
            )?;
            if labelled {
                // Tick labels, thinned until neighbours keep a gap.
                let boxes: Vec<(i32, i32, i32, String)> = ticks
                    .iter()
                    .map(|t| {
                        let s = tick_text(*t, step);
                        let px = sx.px(*t);
                        let half = canvas::text_width(area, &s, &xtick_font) / 2;
                        (px, px - half, px + half, s)
                    })
                    .filter(|(_, a, b, _)| *a >= cx - gap_x / 2 && *b <= cx + cell_w + gap_x / 2)
                    .collect();
                let mut every = 1;
                while every < boxes.len()
                    && !boxes
                        .iter()
                        .step_by(every)
                        .collect::<Vec<_>>()
                        .windows(2)
                        .all(|w| w[1].1 - w[0].2 >= 6)
                {
                    every += 1;
                }
                for (px, _, _, s) in boxes.iter().step_by(every) {
                    canvas::text(area, s, (*px, plot.y1 + 3), &xtick_font)?;
                }
            }
            if p.values.is_empty() {
                canvas::no_data(area, plot, style::size::PANEL_TICK + 1.0)?;
                continue;
            }
            let xs: Vec<i32> = p
                .values
                .iter()
                .map(|v| {
                    if log && *v <= 0.0 {
                        plot.x0
                    } else {
                        sx.px(tf(*v))
                    }
                })
                .collect();
            let lane = lanes(&xs, 2 * r_dot as i32 + 1);
            let lane_h = 2 * r_dot as i32 + 1;
            let half_room = ((plot.y1 - plot.y0) / 2 - r_dot as i32 - 1).max(0);
            for ((v, x), k) in p.values.iter().zip(&xs).zip(&lane) {
                let dy = (k * lane_h).clamp(-half_room, half_room);
                let at = (*x, mid - dy);
                if log && *v <= 0.0 {
                    area.draw(&Circle::new(
                        at,
                        r_dot,
                        style::PALETTE[0].rgb().stroke_width(1),
                    ))
                    .map_err(canvas::draw_err)?;
                } else {
                    canvas::dot(area, at, r_dot, style::PALETTE[0].tint(0.15))?;
                }
            }
            if median.is_finite() && (!log || median > 0.0) {
                let px = sx.px(tf(median));
                canvas::polyline(
                    area,
                    vec![(px, plot.y0 + 2), (px, plot.y1 - 2)],
                    style::TEXT,
                    2,
                )?;
            }
        }
        Ok(())
    }
}

/// Renders [`StripMultiples`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// No panels, a value that is not finite, nothing that can be drawn, or a
/// file that cannot be written.
///
/// ```
/// use colcrime::charts::{render_strips, StripMultiples};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_strips(&StripMultiples::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_strips(chart: &StripMultiples, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_keep_dots_apart() {
        let xs = [10, 11, 12, 30, 13];
        let l = lanes(&xs, 7);
        // The four close dots take four lanes; the far one the first.
        assert_eq!(l, vec![0, 1, -1, 0, 2]);
    }

    #[test]
    fn log_axis_ends_at_one_two_or_five() {
        // 0.25 to 112: from 0.2 to 200, ticks at 1, 10 and 100.
        let (lo, hi, t, _) = axis((0.25f64.log10(), 112f64.log10()), true);
        assert!((lo - 0.2f64.log10()).abs() < 1e-12);
        assert!((hi - 200f64.log10()).abs() < 1e-12);
        assert_eq!(t, vec![0.0, 1.0, 2.0]);
    }

    #[test]
    fn non_finite_values_are_an_error() {
        let c = StripMultiples {
            panels: vec![StripPanel::new("a", vec![f64::NAN])],
            ..Default::default()
        };
        assert!(c.to_svg().is_err());
        let c = StripMultiples {
            panels: vec![StripPanel::new("a", vec![0.0])],
            scale: PanelScale::Log,
            ..Default::default()
        };
        assert!(c.to_svg().is_err());
    }
}
