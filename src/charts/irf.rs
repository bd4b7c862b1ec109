//! Impulse-response panels of a VAR: a grid with one row per response and
//! one column per shock. Each panel draws the orthogonalised response
//! `Θ_h[i, j]` (the effect on variable `i`, `h` periods later, of a
//! one-standard-deviation Cholesky shock to variable `j`) for
//! `h = 0, …, H`, a shaded band `Θ_h[i, j] ± z · se_h[i, j]` (one polygon:
//! upper bounds forwards, lower bounds backwards; `z = 1.96` by default)
//! and a zero line. Panels of a row share their y scale, so responses of
//! one variable compare across shocks; all panels share the x scale.
//!
//! The input is what `colcrime fit var --irf H` writes: `names`,
//! `orth_irf` and `orth_irf_stderr`, each `[h][response][shock]`.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, Rect, finite_range};
use super::panel::{self, Panel};
use super::{Chart, ChartFiles, describe_num, style};
use crate::error::{Error, Result};

/// A grid of impulse responses with their bands.
///
/// ```
/// use colcrime::charts::{Chart, IrfChart};
/// // Two variables, horizons 0..=2: irf[h][response][shock].
/// let irf = vec![
///     vec![vec![1.0, 0.0], vec![0.5, 0.8]],
///     vec![vec![0.6, 0.1], vec![0.3, 0.5]],
///     vec![vec![0.3, 0.1], vec![0.1, 0.2]],
/// ];
/// let se = vec![vec![vec![0.1; 2]; 2]; 3];
/// let c = IrfChart {
///     title: "Robbery responds little to inflation".into(),
///     names: vec!["robbery".into(), "cpi".into()],
///     irf,
///     stderr: se,
///     ..Default::default()
/// };
/// let svg = c.to_svg().unwrap();
/// assert_eq!(svg.matches("<polygon").count(), 4);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct IrfChart {
    /// The finding.
    pub title: String,
    /// Units and identification, e.g. "percentage points, orthogonalised
    /// (Cholesky) shock of one standard deviation".
    pub subtitle: String,
    /// The x-axis label.
    pub x_label: String,
    /// Datasets and release dates.
    pub source: String,
    /// Variable names in the VAR's (Cholesky) order.
    pub names: Vec<String>,
    /// Display labels of the variables (default: `names`).
    pub labels: Vec<String>,
    /// Responses `[h][response][shock]`, `h = 0..=H`.
    pub irf: Vec<Vec<Vec<f64>>>,
    /// Standard errors of the same shape, or empty for no bands.
    pub stderr: Vec<Vec<Vec<f64>>>,
    /// Indices of the responses drawn (rows); empty for all.
    pub responses: Vec<usize>,
    /// Indices of the shocks drawn (columns); empty for all.
    pub shocks: Vec<usize>,
    /// The band half-width in standard errors.
    pub z: f64,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Default for IrfChart {
    fn default() -> Self {
        IrfChart {
            title: String::new(),
            subtitle: String::new(),
            x_label: "Periods after the shock".into(),
            source: String::new(),
            names: Vec::new(),
            labels: Vec::new(),
            irf: Vec::new(),
            stderr: Vec::new(),
            responses: Vec::new(),
            shocks: Vec::new(),
            z: 1.96,
            size: (style::WIDTH, style::HEIGHT),
        }
    }
}

impl IrfChart {
    /// The rows (responses) drawn.
    ///
    /// ```
    /// # use colcrime::charts::IrfChart;
    /// let c = IrfChart { names: vec!["a".into(), "b".into()], ..Default::default() };
    /// assert_eq!(c.rows(), vec![0, 1]);
    /// ```
    pub fn rows(&self) -> Vec<usize> {
        if self.responses.is_empty() {
            (0..self.names.len()).collect()
        } else {
            self.responses.clone()
        }
    }

    /// The columns (shocks) drawn.
    ///
    /// ```
    /// # use colcrime::charts::IrfChart;
    /// let c = IrfChart { names: vec!["a".into(), "b".into()], shocks: vec![1], ..Default::default() };
    /// assert_eq!(c.cols(), vec![1]);
    /// ```
    pub fn cols(&self) -> Vec<usize> {
        if self.shocks.is_empty() {
            (0..self.names.len()).collect()
        } else {
            self.shocks.clone()
        }
    }

    /// The display label of variable `i`.
    fn label(&self, i: usize) -> String {
        self.labels
            .get(i)
            .or_else(|| self.names.get(i))
            .cloned()
            .unwrap_or_default()
    }

    /// The response path of `(response, shock)` over the horizons.
    fn path(&self, r: usize, s: usize) -> Vec<f64> {
        self.irf
            .iter()
            .map(|m| {
                m.get(r)
                    .and_then(|row| row.get(s))
                    .copied()
                    .unwrap_or(f64::NAN)
            })
            .collect()
    }

    /// The standard errors of `(response, shock)`, NaN if absent.
    fn se_path(&self, r: usize, s: usize) -> Vec<f64> {
        (0..self.irf.len())
            .map(|h| {
                self.stderr
                    .get(h)
                    .and_then(|m| m.get(r))
                    .and_then(|row| row.get(s))
                    .copied()
                    .unwrap_or(f64::NAN)
            })
            .collect()
    }
}

impl Chart for IrfChart {
    fn size(&self) -> (u32, u32) {
        // At least 120 px per row of panels.
        let rows = self.rows().len() as u32;
        (self.size.0, self.size.1.max(200 + 120 * rows))
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let rows = self.rows();
        let cols = self.cols();
        let hmax = self.irf.len().saturating_sub(1);
        let mut d = format!(
            "Impulse responses: {} panels, horizons 0 to {hmax}",
            rows.len() * cols.len()
        );
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push_str(&format!(
            ", with bands of plus or minus {} standard errors.",
            describe_num(self.z)
        ));
        for &r in &rows {
            for &s in &cols {
                let p = self.path(r, s);
                let se = self.se_path(r, s);
                d.push_str(&format!(
                    " Response of {} to a shock to {}: ",
                    self.label(r),
                    self.label(s)
                ));
                let peak = p
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.is_finite())
                    .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()));
                match peak {
                    None => d.push_str("no data."),
                    Some((h, v)) => {
                        let first = p.first().copied().unwrap_or(f64::NAN);
                        let last = p.last().copied().unwrap_or(f64::NAN);
                        let band = |h: usize| {
                            let (v, s) = (
                                p.get(h).copied().unwrap_or(f64::NAN),
                                se.get(h).copied().unwrap_or(f64::NAN),
                            );
                            if s.is_finite() {
                                format!(
                                    " (band {} to {})",
                                    describe_num(v - self.z * s),
                                    describe_num(v + self.z * s)
                                )
                            } else {
                                String::new()
                            }
                        };
                        d.push_str(&format!(
                            "{} on impact, largest {} after {h} periods{}, {} after {hmax}.",
                            describe_num(first),
                            describe_num(*v),
                            band(h),
                            describe_num(last)
                        ));
                    }
                }
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
        let k = self.names.len();
        if k == 0 {
            return Err(Error::not_enough_data(
                "impulse-response chart (variables)",
                1,
                0,
            ));
        }
        if self.irf.is_empty() {
            return Err(Error::not_enough_data(
                "impulse-response chart (horizons)",
                1,
                0,
            ));
        }
        let shape_ok = |a: &Vec<Vec<Vec<f64>>>| {
            a.iter()
                .all(|m| m.len() == k && m.iter().all(|row| row.len() == k))
        };
        if !shape_ok(&self.irf) {
            return Err(Error::usage(format!(
                "every impulse-response matrix must be {k} x {k} (one row and column per variable)"
            )));
        }
        if !self.stderr.is_empty()
            && (self.stderr.len() != self.irf.len() || !shape_ok(&self.stderr))
        {
            return Err(Error::usage(format!(
                "the standard errors must have the shape of the responses: {} matrices {k} x {k}",
                self.irf.len()
            )));
        }
        if let Some(bad) = self.responses.iter().chain(&self.shocks).find(|i| **i >= k) {
            return Err(Error::usage(format!(
                "impulse-response panel index {bad} is out of range: the VAR has {k} variables"
            )));
        }
        if !(self.z.is_finite() && self.z >= 0.0) {
            return Err(Error::usage(format!(
                "band width z = {} must be finite and non-negative",
                self.z
            )));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let top = canvas::header(area, &self.title, &self.subtitle)?;
        let bottom = canvas::footer(area, &self.source)?;
        let (w, _) = area.dim_in_pixel();
        let rows = self.rows();
        let cols = self.cols();
        let hmax = self.irf.len().saturating_sub(1) as f64;
        let xs: Vec<f64> = (0..self.irf.len()).map(|h| h as f64).collect();
        let tick = style::size::PANEL_TICK + 1.0;
        // Row ranges (shared y scale within a row), including bands.
        let row_ranges: Vec<(f64, f64)> = rows
            .iter()
            .map(|&r| {
                let mut v: Vec<f64> = vec![0.0];
                for &s in &cols {
                    let p = self.path(r, s);
                    let se = self.se_path(r, s);
                    for (m, e) in p.iter().zip(&se) {
                        v.push(*m);
                        if e.is_finite() {
                            v.push(m - self.z * e);
                            v.push(m + self.z * e);
                        }
                    }
                }
                finite_range(&v).unwrap_or((-1.0, 1.0))
            })
            .collect();
        let tick_w = row_ranges
            .iter()
            .map(|yr| Panel::ytick_width(area, *yr, 3, tick))
            .max()
            .unwrap_or(20);
        let left = canvas::MARGIN + tick_w + 8;
        let gap_x = 20;
        let ncol = cols.len().max(1) as i32;
        let nrow = rows.len().max(1) as i32;
        let cell_w = (w as i32 - canvas::MARGIN - left - gap_x * (ncol - 1)) / ncol;
        let title_h = (style::size::PANEL * 1.6) as i32;
        let xtick_h = (tick * 1.4) as i32;
        let xlab_h = if self.x_label.is_empty() {
            0
        } else {
            (style::size::SOURCE * 1.4) as i32
        };
        let gap_y = 8;
        let grid_bottom = bottom - xlab_h;
        // With several shock columns, each column is headed by its shock
        // and each panel titled by its response; a single column titles
        // each panel "Response of R to S".
        let headed = cols.len() > 1;
        let top = if headed {
            let hs = canvas::anchored(
                style::font(style::size::SOURCE, false, style::TEXT_MUTED),
                HPos::Left,
                VPos::Top,
            );
            for (ci, &s) in cols.iter().enumerate() {
                let cx = left + ci as i32 * (cell_w + gap_x);
                let t = panel::fit_text(area, &format!("Shock to {}", self.label(s)), &hs, cell_w);
                canvas::text(area, &t, (cx, top), &hs)?;
            }
            top + (style::size::SOURCE * 1.5) as i32
        } else {
            top
        };
        let cell_h = (grid_bottom - top - gap_y * (nrow - 1)) / nrow;
        let main = style::PALETTE[0];
        let band = main.tint(0.75);
        for (ri, (&r, yr)) in rows.iter().zip(&row_ranges).enumerate() {
            for (ci, &s) in cols.iter().enumerate() {
                let cx = left + ci as i32 * (cell_w + gap_x);
                let cy = top + ri as i32 * (cell_h + gap_y);
                let last_row = ri + 1 == rows.len();
                let plot = Rect {
                    x0: cx,
                    y0: cy + title_h,
                    x1: cx + cell_w,
                    y1: cy + cell_h - xtick_h,
                };
                let title = if headed {
                    self.label(r)
                } else {
                    format!("Response of {} to {}", self.label(r), self.label(s))
                };
                panel::panel_title(area, &title, (cx, cy), cell_w)?;
                let p = Panel::new(plot, (0.0, hmax.max(1.0)), *yr, 5, 3, false);
                p.axes(area, ci == 0, last_row, tick)?;
                let path = self.path(r, s);
                if path.iter().all(|v| !v.is_finite()) {
                    canvas::no_data(area, plot, tick)?;
                    continue;
                }
                // Band polygons, split at missing values.
                let se = self.se_path(r, s);
                let mut upper: Vec<(i32, i32)> = Vec::new();
                let mut lower: Vec<(i32, i32)> = Vec::new();
                let flush = |u: &mut Vec<(i32, i32)>, l: &mut Vec<(i32, i32)>| -> Result<()> {
                    if u.len() >= 2 {
                        let mut poly = std::mem::take(u);
                        poly.extend(l.drain(..).rev());
                        canvas::polygon(area, poly, band)?;
                    }
                    u.clear();
                    l.clear();
                    Ok(())
                };
                for ((x, m), e) in xs.iter().zip(&path).zip(&se) {
                    if m.is_finite() && e.is_finite() {
                        upper.push(p.pt(*x, m + self.z * e));
                        lower.push(p.pt(*x, m - self.z * e));
                    } else {
                        flush(&mut upper, &mut lower)?;
                    }
                }
                flush(&mut upper, &mut lower)?;
                // The zero line on top of the band.
                let y0 = p.sy.px(0.0);
                canvas::polyline(area, vec![(plot.x0, y0), (plot.x1, y0)], style::BASELINE, 1)?;
                canvas::broken_line(
                    area,
                    &xs,
                    &path,
                    &p.sx,
                    &p.sy,
                    main,
                    style::PANEL_LINE_WIDTH,
                )?;
            }
        }
        if !self.x_label.is_empty() {
            panel::label(
                area,
                &self.x_label,
                ((left + w as i32 - canvas::MARGIN) / 2, grid_bottom + 2),
                HPos::Center,
                VPos::Top,
            )?;
        }
        Ok(())
    }
}

/// Renders an [`IrfChart`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// No variables or horizons, matrices of the wrong shape, a panel index
/// out of range, or a file that cannot be written.
///
/// ```
/// use colcrime::charts::{render_irf, IrfChart};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_irf(&IrfChart::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_irf(chart: &IrfChart, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}
