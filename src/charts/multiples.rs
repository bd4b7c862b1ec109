//! Small multiples: one small panel per category (e.g. the 33 London
//! boroughs) on shared scales, in a grid with short panel titles, an
//! optional grey reference line (e.g. the London average) in every panel.

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
            size: (style::WIDTH, 2 * style::HEIGHT),
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
        let mut d = format!(
            "Small multiples: {} panels on shared scales",
            self.panels.len()
        );
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
        let all = self.panels.iter().chain(&self.reference);
        let xs: Vec<Vec<f64>> = self.panels.iter().map(LineSeries::xs).collect();
        let rx = self
            .reference
            .as_ref()
            .map(LineSeries::xs)
            .unwrap_or_default();
        let xr = finite_range(xs.iter().flatten().chain(&rx)).unwrap_or((0.0, 1.0));
        let yr = finite_range(all.flat_map(|s| s.values.iter())).unwrap_or((0.0, 1.0));
        let (yticks, ystep) = nice_ticks(yr.0, yr.1, 3);
        let tick_font = style::font(style::size::PANEL_TICK, false, style::TEXT_MUTED);
        let tick_w = yticks
            .iter()
            .map(|t| canvas::text_width(area, &format_tick(*t, ystep), &tick_font))
            .max()
            .unwrap_or(20);
        // Key and y label under the header.
        let mut y = top;
        if !self.y_label.is_empty() {
            let ls = canvas::anchored(
                style::font(style::size::LABEL, false, style::TEXT),
                HPos::Left,
                VPos::Top,
            );
            canvas::text(area, &self.y_label, (canvas::MARGIN, y), &ls)?;
        }
        if let Some(r) = &self.reference {
            let ks = canvas::anchored(
                style::font(style::size::SOURCE, false, style::TEXT_MUTED),
                HPos::Left,
                VPos::Center,
            );
            let ky = y + (style::size::LABEL * 0.5) as i32;
            let kx = w as i32 / 2;
            canvas::polyline(
                area,
                vec![(kx, ky), (kx + 24, ky)],
                style::PALETTE[0],
                style::PANEL_LINE_WIDTH,
            )?;
            canvas::text(area, &self.panel_key, (kx + 30, ky), &ks)?;
            let kx2 = kx + 30 + canvas::text_width(area, &self.panel_key, &ks) + 24;
            let ref_colour = reference_colour();
            canvas::polyline(
                area,
                vec![(kx2, ky), (kx2 + 24, ky)],
                ref_colour,
                style::PANEL_LINE_WIDTH,
            )?;
            canvas::text(area, &r.label, (kx2 + 30, ky), &ks)?;
        }
        if !self.y_label.is_empty() || self.reference.is_some() {
            y += (style::size::LABEL * 1.4) as i32;
        }
        let (cols, rows) = self.grid();
        let left = canvas::MARGIN + tick_w + 6;
        let gap_x = 14;
        let cell_w = (w as i32 - canvas::MARGIN - left - gap_x * (cols as i32 - 1)) / cols as i32;
        let title_h = (style::size::PANEL * 1.4) as i32;
        let xtick_h = (style::size::PANEL_TICK * 1.5) as i32;
        let gap_y = 6;
        let cell_h = (bottom - y - gap_y * (rows as i32 - 1)) / rows.max(1) as i32;
        let n = self.panels.len();
        let title_font = canvas::anchored(
            style::font(style::size::PANEL, true, style::TEXT),
            HPos::Left,
            VPos::Top,
        );
        let ytick_font = canvas::anchored(tick_font.clone(), HPos::Right, VPos::Center);
        let xtick_font = canvas::anchored(tick_font, HPos::Center, VPos::Top);
        for (i, (s, x)) in self.panels.iter().zip(&xs).enumerate() {
            let (c, r) = (i % cols, i / cols);
            let cx = left + c as i32 * (cell_w + gap_x);
            let cy = y + r as i32 * (cell_h + gap_y);
            // Bottom panel of its column: no panel below it.
            let bottom_of_col = i + cols >= n;
            let plot = Rect {
                x0: cx,
                y0: cy + title_h,
                x1: cx + cell_w,
                y1: cy + cell_h - xtick_h,
            };
            canvas::text(area, &s.label, (cx, cy), &title_font)?;
            let sx = Scale::new(xr.0, xr.1, plot.x0, plot.x1);
            let lo = yticks.first().copied().unwrap_or(yr.0);
            let hi = yticks.last().copied().unwrap_or(yr.1);
            let sy = Scale::new(lo, hi, plot.y1, plot.y0);
            for t in &yticks {
                let py = sy.px(*t);
                let colour = if t.abs() < ystep * 1e-9 {
                    style::BASELINE
                } else {
                    style::GRID
                };
                canvas::polyline(area, vec![(plot.x0, py), (plot.x1, py)], colour, 1)?;
                if c == 0 {
                    canvas::text(
                        area,
                        &format_tick(*t, ystep),
                        (plot.x0 - 4, py),
                        &ytick_font,
                    )?;
                }
            }
            if bottom_of_col {
                let max_labels = (cell_w / 35).max(2) as usize;
                for (tx, tl) in time_ticks(xr.0, xr.1, max_labels) {
                    let px = sx.px(tx);
                    canvas::polyline(
                        area,
                        vec![(px, plot.y1), (px, plot.y1 + 3)],
                        style::BASELINE,
                        1,
                    )?;
                    canvas::text(area, &tl, (px, plot.y1 + 4), &xtick_font)?;
                }
            }
            if let Some(rs) = &self.reference {
                canvas::broken_line(area, &rx, &rs.values, &sx, &sy, reference_colour(), 1)?;
            }
            if s.n_finite() == 0 {
                canvas::no_data(area, plot, style::size::PANEL_TICK + 1.0)?;
                continue;
            }
            canvas::broken_line(
                area,
                x,
                &s.values,
                &sx,
                &sy,
                style::PALETTE[0],
                style::PANEL_LINE_WIDTH,
            )?;
        }
        Ok(())
    }
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
