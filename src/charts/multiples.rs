//! Small multiples: one small panel per category (e.g. the 32 London
//! boroughs) in a grid, each titled with its name (abbreviated to fit; the
//! full name is in the description) and its latest value as a direct
//! label, with an optional grey reference line (e.g. London as a whole) in
//! every panel. The y scales are shared, free (each panel's own, so a
//! borough far above the rest does not flatten the others) or logarithmic
//! ([`PanelScale`]); time tick labels thin out so that they never touch.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, Rect, Scale, finite_range, format_tick, nice_ticks, time_ticks};
use super::{Chart, ChartFiles, LineSeries, style};
use crate::error::{Error, Result};

/// A grid of small line charts on shared scales.
///
/// ```
/// use colcrime::charts::{Chart, LineSeries, SmallMultiples};
/// use colcrime::series::Period;
/// let p = Period::year(2020);
/// let c = SmallMultiples {
///     title: "Robbery rose in most boroughs".into(),
///     panels: vec![
///         LineSeries::from_start("Camden", p, vec![1.0, 2.0, 3.0]),
///         LineSeries::from_start("Sutton", p, vec![f64::NAN, f64::NAN, f64::NAN]),
///     ],
///     ..Default::default()
/// };
/// let svg = c.to_svg().unwrap();
/// assert!(svg.contains("\nCamden\n") && svg.contains("\nNo data\n"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SmallMultiples {
    /// The finding.
    pub title: String,
    /// Measure, units and period.
    pub subtitle: String,
    /// The shared y-axis label (units), above the grid.
    pub y_label: String,
    /// Datasets and release dates.
    pub source: String,
    /// One panel each; the label is the panel title (keep it short).
    pub panels: Vec<LineSeries>,
    /// A line drawn in grey behind every panel (e.g. "London average").
    pub reference: Option<LineSeries>,
    /// What a panel's own line is, for the key shown with a reference
    /// line (default "Each panel"; e.g. "Borough").
    pub panel_key: String,
    /// Columns of the grid; 0 chooses about as many columns as rows.
    pub cols: usize,
    /// The y scales of the panels: shared, each panel's own, or log.
    pub y_scale: PanelScale,
    /// The number beside each panel's name, in panel order (e.g. the rate
    /// over the latest year, by which the panels are ordered); when empty
    /// (or non-finite) a panel shows its latest value.
    pub headline: Vec<f64>,
    /// Width and height in pixels (default 960 × 1080, a double page).
    pub size: (u32, u32),
}

impl Default for SmallMultiples {
    fn default() -> Self {
        SmallMultiples {
            title: String::new(),
            subtitle: String::new(),
            y_label: String::new(),
            source: String::new(),
            panels: Vec::new(),
            reference: None,
            panel_key: "Each panel".into(),
            cols: 0,
            y_scale: PanelScale::Shared,
            headline: Vec::new(),
            size: (style::WIDTH, 2 * style::HEIGHT),
        }
    }
}

/// How the panels of [`SmallMultiples`] scale their y axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PanelScale {
    /// One scale for every panel: levels compare across panels.
    #[default]
    Shared,
    /// Each panel's own scale (its values and the reference line): every
    /// panel's changes are visible, whatever its level.
    Free,
    /// One logarithmic scale: proportional changes compare across panels
    /// of very different levels (values at or below zero are not drawn).
    Log,
}

impl PanelScale {
    /// The scale that shows every panel: [`PanelScale::Free`] when the
    /// largest panel's peak is over three times the median panel's (one
    /// shared scale would flatten most panels), else shared.
    ///
    /// ```
    /// use colcrime::charts::{LineSeries, PanelScale};
    /// use colcrime::series::Period;
    /// let p = Period::year(2020);
    /// let panels: Vec<LineSeries> = [1.0, 1.2, 0.9, 10.0]
    ///     .iter()
    ///     .map(|v| LineSeries::from_start("x", p, vec![*v, *v]))
    ///     .collect();
    /// assert_eq!(PanelScale::choose(&panels), PanelScale::Free);
    /// assert_eq!(PanelScale::choose(&panels[..3]), PanelScale::Shared);
    /// ```
    pub fn choose(panels: &[LineSeries]) -> PanelScale {
        let mut peaks: Vec<f64> = panels
            .iter()
            .filter_map(|p| finite_range(p.values.iter()).map(|r| r.1.abs()))
            .collect();
        peaks.sort_by(f64::total_cmp);
        let (Some(max), Some(mid)) = (peaks.last(), peaks.get(peaks.len() / 2)) else {
            return PanelScale::Shared;
        };
        if *mid > 0.0 && max / mid > 3.0 {
            PanelScale::Free
        } else {
            PanelScale::Shared
        }
    }
}

impl SmallMultiples {
    /// The grid shape (columns, rows).
    ///
    /// ```
    /// # use colcrime::charts::{LineSeries, SmallMultiples};
    /// let c = SmallMultiples { panels: vec![LineSeries::default(); 33], ..Default::default() };
    /// assert_eq!(c.grid(), (6, 6));
    /// ```
    pub fn grid(&self) -> (usize, usize) {
        let n = self.panels.len().max(1);
        let cols = if self.cols > 0 {
            self.cols
        } else {
            ((n as f64).sqrt().ceil() as usize).max(1)
        };
        (cols, n.div_ceil(cols))
    }
}

impl Chart for SmallMultiples {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let scales = match self.y_scale {
            PanelScale::Shared => "on one shared scale",
            PanelScale::Free => "each on its own vertical scale",
            PanelScale::Log => "on one logarithmic scale",
        };
        let mut d = format!("Small multiples: {} panels {scales}", self.panels.len());
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push_str(". ");
        d.push_str(
            &self
                .panels
                .iter()
                .map(LineSeries::describe)
                .collect::<Vec<_>>()
                .join("; "),
        );
        d.push('.');
        if let Some(r) = &self.reference {
            d.push_str(&format!(" Grey line in each panel: {}.", r.describe()));
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
            return Err(Error::not_enough_data("small multiples (panels)", 1, 0));
        }
        for s in self.panels.iter().chain(&self.reference) {
            s.check()?;
        }
        if self.panels.iter().all(|p| p.n_finite() == 0) {
            return Err(Error::not_enough_data(
                "small multiples (finite values)",
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
        let xs: Vec<Vec<f64>> = self.panels.iter().map(LineSeries::xs).collect();
        let rx = self
            .reference
            .as_ref()
            .map(LineSeries::xs)
            .unwrap_or_default();
        let xr = finite_range(xs.iter().flatten().chain(&rx)).unwrap_or((0.0, 1.0));
        let log = self.y_scale == PanelScale::Log;
        let tf = |v: f64| {
            if log {
                if v > 0.0 { v.log10() } else { f64::NAN }
            } else {
                v
            }
        };
        let values: Vec<Vec<f64>> = self
            .panels
            .iter()
            .map(|p| p.values.iter().map(|v| tf(*v)).collect())
            .collect();
        let ref_values: Vec<f64> = self
            .reference
            .as_ref()
            .map(|r| r.values.iter().map(|v| tf(*v)).collect())
            .unwrap_or_default();
        // The y ticks of each panel: one set for all (shared, log) or
        // each panel's own (free, which also covers the reference line).
        let all_range =
            finite_range(values.iter().flatten().chain(&ref_values)).unwrap_or((0.0, 1.0));
        let shared = axis_ticks(all_range, log);
        let panel_ticks: Vec<(Vec<f64>, f64)> = values
            .iter()
            .map(|v| match self.y_scale {
                PanelScale::Free => {
                    let r = finite_range(v.iter().chain(&ref_values)).unwrap_or(all_range);
                    axis_ticks((r.0.min(0.0), r.1), false)
                }
                _ => shared.clone(),
            })
            .collect();
        let tick_font = style::font(style::size::PANEL_TICK, false, style::TEXT_MUTED);
        let tick_text = |t: f64, step: f64| {
            if log {
                format_tick(10f64.powf(t), if t < 1.0 { 0.1 } else { 1.0 })
            } else {
                format_tick(t, step)
            }
        };
        let tick_w = panel_ticks
            .iter()
            .flat_map(|(ts, step)| ts.iter().map(move |t| (*t, *step)))
            .map(|(t, step)| canvas::text_width(area, &tick_text(t, step), &tick_font))
            .max()
            .unwrap_or(20);
        // The y label, and a direct key for the reference line, under the
        // header.
        let mut y = top;
        let ls = canvas::anchored(
            style::font(style::size::LABEL, false, style::TEXT),
            HPos::Left,
            VPos::Top,
        );
        let mut key_x = canvas::MARGIN;
        if !self.y_label.is_empty() {
            canvas::text(area, &self.y_label, (canvas::MARGIN, y), &ls)?;
            key_x += canvas::text_width(area, &self.y_label, &ls) + 30;
        }
        if let Some(r) = &self.reference {
            let ks = canvas::anchored(
                style::font(style::size::SOURCE, false, style::TEXT_MUTED),
                HPos::Left,
                VPos::Center,
            );
            let ky = y + (style::size::LABEL * 0.45) as i32;
            canvas::polyline(
                area,
                vec![(key_x, ky), (key_x + 24, ky)],
                reference_colour(),
                style::PANEL_LINE_WIDTH,
            )?;
            let key = format!("Grey line: {}", r.label);
            canvas::text(area, &key, (key_x + 30, ky), &ks)?;
        }
        if !self.y_label.is_empty() || self.reference.is_some() {
            y += (style::size::LABEL * 1.5) as i32;
        }
        let (cols, rows) = self.grid();
        let gutter = tick_w + 5;
        let gap_x = 12;
        let left = canvas::MARGIN;
        let cell_w = (w as i32 - canvas::MARGIN - left - gap_x * (cols as i32 - 1)) / cols as i32;
        let title_h = (style::size::PANEL * 1.55) as i32;
        let xtick_h = (style::size::PANEL_TICK * 1.5) as i32;
        let gap_y = 8;
        let cell_h = (bottom - y - gap_y * (rows as i32 - 1)) / rows.max(1) as i32;
        let n = self.panels.len();
        let name_font = style::font(style::size::PANEL, true, style::TEXT);
        let value_font = style::font(style::size::PANEL, true, style::PALETTE[0]);
        let ytick_font = canvas::anchored(tick_font.clone(), HPos::Right, VPos::Center);
        for (i, (s, x)) in self.panels.iter().zip(&xs).enumerate() {
            let (c, r) = (i % cols, i / cols);
            let cx = left + c as i32 * (cell_w + gap_x);
            let cy = y + r as i32 * (cell_h + gap_y);
            // Bottom panel of its column: no panel below it.
            let bottom_of_col = i + cols >= n;
            let plot = Rect {
                x0: cx + gutter,
                y0: cy + title_h,
                x1: cx + cell_w,
                y1: cy + cell_h - xtick_h,
            };
            // The panel title: the name (abbreviated to fit) and, at the
            // right, the latest value in the line's colour.
            let latest = self
                .headline
                .get(i)
                .copied()
                .filter(|v| v.is_finite())
                .or_else(|| s.values.iter().rev().find(|v| v.is_finite()).copied());
            let value = latest.map(short_value).unwrap_or_default();
            let value_w = canvas::text_width(area, &value, &value_font);
            let name = fit_name(area, &s.label, &name_font, cell_w - value_w - 8);
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
            let sx = Scale::new(xr.0, xr.1, plot.x0, plot.x1);
            let (yticks, ystep) = panel_ticks
                .get(i)
                .cloned()
                .unwrap_or_else(|| shared.clone());
            let lo = yticks.first().copied().unwrap_or(all_range.0);
            let hi = yticks.last().copied().unwrap_or(all_range.1);
            let sy = Scale::new(lo, hi, plot.y1, plot.y0);
            let label_every = self.y_scale == PanelScale::Free || c == 0;
            for t in &yticks {
                let py = sy.px(*t);
                let colour = if !log && t.abs() < ystep * 1e-9 {
                    style::BASELINE
                } else {
                    style::GRID
                };
                canvas::polyline(area, vec![(plot.x0, py), (plot.x1, py)], colour, 1)?;
                if label_every {
                    canvas::text(area, &tick_text(*t, ystep), (plot.x0 - 4, py), &ytick_font)?;
                }
            }
            if bottom_of_col {
                x_ticks(area, &sx, plot, (cx, cx + cell_w), xr, &tick_font)?;
            }
            if self.reference.is_some() {
                canvas::broken_line(area, &rx, &ref_values, &sx, &sy, reference_colour(), 1)?;
            }
            if s.n_finite() == 0 {
                canvas::no_data(area, plot, style::size::PANEL_TICK + 1.0)?;
                continue;
            }
            let v = values.get(i).cloned().unwrap_or_default();
            canvas::broken_line(
                area,
                x,
                &v,
                &sx,
                &sy,
                style::PALETTE[0],
                style::PANEL_LINE_WIDTH,
            )?;
        }
        Ok(())
    }
}

/// Y ticks for a range: nice linear ticks (3 or so), or on a log10 scale
/// the powers of ten and their doubles and fives inside the range.
fn axis_ticks((lo, hi): (f64, f64), log: bool) -> (Vec<f64>, f64) {
    if !log {
        return nice_ticks(lo, hi, 3);
    }
    let mut ticks = Vec::new();
    let (a, b) = (lo.floor() as i32, hi.ceil() as i32);
    for k in a..=b {
        for m in [1.0f64, 2.0, 5.0] {
            let t = (m * 10f64.powi(k)).log10();
            if t >= lo - 1e-9 && t <= hi + 1e-9 {
                ticks.push(t);
            }
        }
    }
    if ticks.len() < 2 {
        ticks = vec![lo, hi];
    }
    // At most four labels.
    while ticks.len() > 4 {
        ticks = ticks.iter().step_by(2).copied().collect();
    }
    (ticks, 1.0)
}

/// A short value for a panel title: three significant figures.
pub(crate) fn short_value(v: f64) -> String {
    let a = v.abs();
    let step = if a >= 100.0 {
        1.0
    } else if a >= 10.0 {
        0.1
    } else {
        0.01
    };
    format_tick((v / step).round() * step, step)
}

/// A name that fits `width` pixels: as it is, with "and" as "&", or cut
/// with an ellipsis (the full name is in the chart's description).
pub(crate) fn fit_name<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    name: &str,
    font: &plotters::style::TextStyle<'static>,
    width: i32,
) -> String {
    if canvas::text_width(area, name, font) <= width {
        return name.to_string();
    }
    let short = name.replace(" and ", " & ");
    if canvas::text_width(area, &short, font) <= width {
        return short;
    }
    let chars: Vec<char> = short.chars().collect();
    for k in (1..chars.len()).rev() {
        let cand: String = chars[..k].iter().collect::<String>().trim_end().to_string() + "…";
        if canvas::text_width(area, &cand, font) <= width {
            return cand;
        }
    }
    String::new()
}

/// Time ticks under a panel, thinned so that labels never touch and stay
/// inside the panel's cell `(left, right)`.
fn x_ticks<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sx: &Scale,
    plot: Rect,
    (left, right): (i32, i32),
    xr: (f64, f64),
    tick_font: &plotters::style::TextStyle<'static>,
) -> Result<()> {
    let font = canvas::anchored(tick_font.clone(), HPos::Center, VPos::Top);
    let gap = 6;
    for max_labels in (2..=8).rev() {
        let ticks = time_ticks(xr.0, xr.1, max_labels);
        let boxes: Vec<(i32, i32, i32, String)> = ticks
            .into_iter()
            .map(|(tx, tl)| {
                let px = sx.px(tx);
                let half = canvas::text_width(area, &tl, &font) / 2;
                (px, px - half, px + half, tl)
            })
            .filter(|(_, a, b, _)| *a >= left && *b <= right)
            .collect();
        let fits = boxes.windows(2).all(|w| w[1].1 - w[0].2 >= gap);
        if fits || max_labels == 2 {
            for (px, _, _, tl) in boxes.iter().filter(|_| fits) {
                canvas::polyline(
                    area,
                    vec![(*px, plot.y1), (*px, plot.y1 + 3)],
                    style::BASELINE,
                    1,
                )?;
                canvas::text(area, tl, (*px, plot.y1 + 4), &font)?;
            }
            return Ok(());
        }
    }
    Ok(())
}

/// The grey of reference lines: visible but behind the data.
fn reference_colour() -> style::Colour {
    style::Colour(0xA0, 0xA0, 0xA0)
}

/// Renders [`SmallMultiples`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// No panels, nothing finite in any panel, lengths that differ, or a file
/// that cannot be written.
///
/// ```
/// use colcrime::charts::{render_small_multiples, SmallMultiples};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_small_multiples(&SmallMultiples::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_small_multiples(chart: &SmallMultiples, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}
