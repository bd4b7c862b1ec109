//! Residual diagnostics of a fitted model in four panels:
//!
//! 1. the residuals in time order with a zero line;
//! 2. their histogram on a density scale (Sturges' `⌈log₂ n⌉ + 1` bins)
//!    with the normal density `N(ē, s²)` drawn over it;
//! 3. their autocorrelations (see [`super::acf`]) with `±1.96/√n` bounds;
//! 4. a normal Q-Q plot: the standardised residuals `(e − ē)/s` sorted,
//!    against the normal quantiles `Φ⁻¹(i/(n+1))` (statsmodels'
//!    `ProbPlot` with `a = 0`), with the 45° line.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use statrs::distribution::{ContinuousCDF, Normal};

use super::acf::correlogram;
use super::canvas::{self, Area, Rect, finite_range, period_x};
use super::panel::{self, Panel};
use super::{Chart, ChartFiles, describe_num, style};
use crate::error::{Error, Result};
use crate::series::Period;
use crate::stats::acf::{acf, default_nlags};

/// Four residual diagnostic panels.
///
/// ```
/// use colcrime::charts::{Chart, ResidualChart};
/// let resid: Vec<f64> = (0..30).map(|i| ((i * 7) % 11) as f64 - 5.0).collect();
/// let c = ResidualChart { title: "Residuals look normal".into(), resid, ..Default::default() };
/// let svg = c.to_svg().unwrap();
/// assert!(svg.contains("\nNormal Q-Q plot\n"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ResidualChart {
    /// The finding.
    pub title: String,
    /// Model and sample.
    pub subtitle: String,
    /// Datasets and release dates.
    pub source: String,
    /// The residuals in time order (NaN is missing).
    pub resid: Vec<f64>,
    /// Their periods, or empty to number the observations.
    pub periods: Vec<Period>,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Default for ResidualChart {
    fn default() -> Self {
        ResidualChart {
            title: String::new(),
            subtitle: String::new(),
            source: String::new(),
            resid: Vec::new(),
            periods: Vec::new(),
            size: (style::WIDTH, 2 * style::HEIGHT),
        }
    }
}

/// Mean and standard deviation (n − 1) of the finite values.
fn moments(v: &[f64]) -> (f64, f64, usize) {
    let f: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    let n = f.len();
    if n == 0 {
        return (f64::NAN, f64::NAN, 0);
    }
    let m = f.iter().sum::<f64>() / n as f64;
    let s = if n > 1 {
        (f.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        f64::NAN
    };
    (m, s, n)
}

/// The normal Q-Q points `(Φ⁻¹(i/(n+1)), (e_(i) − ē)/s)`.
///
/// ```
/// let q = colcrime::charts::qq_points(&[1.0, 2.0, 3.0]);
/// assert!((q[1].0).abs() < 1e-12 && (q[1].1).abs() < 1e-12);
/// assert!((q[2].1 - 1.0).abs() < 1e-12);
/// ```
pub fn qq_points(resid: &[f64]) -> Vec<(f64, f64)> {
    let (m, s, n) = moments(resid);
    let mut v: Vec<f64> = resid.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let norm = Normal::standard();
    v.iter()
        .enumerate()
        .map(|(i, e)| {
            let p = (i + 1) as f64 / (n + 1) as f64;
            (norm.inverse_cdf(p), (e - m) / s)
        })
        .collect()
}

impl ResidualChart {
    fn cell_title<DB: DrawingBackend>(area: &Area<DB>, c: Rect, t: &str) -> Result<Rect> {
        panel::panel_title(area, t, (c.x0, c.y0), c.x1 - c.x0)?;
        Ok(Rect {
            y0: c.y0 + (style::size::PANEL * 1.7) as i32,
            ..c
        })
    }

    fn time_panel<DB: DrawingBackend>(&self, area: &Area<DB>, cell: Rect, tick: f64) -> Result<()> {
        let c = Self::cell_title(area, cell, "Residuals over time")?;
        let dated = self.periods.len() == self.resid.len() && !self.periods.is_empty();
        let xs: Vec<f64> = if dated {
            self.periods.iter().map(period_x).collect()
        } else {
            (1..=self.resid.len()).map(|i| i as f64).collect()
        };
        let mut yv = self.resid.clone();
        yv.push(0.0);
        let yr = finite_range(&yv).unwrap_or((-1.0, 1.0));
        let xr = finite_range(&xs).unwrap_or((0.0, 1.0));
        let tw = Panel::ytick_width(area, yr, 4, tick);
        let plot = Rect {
            x0: c.x0 + tw + 8,
            y0: c.y0,
            x1: c.x1,
            y1: c.y1 - (tick * 1.4) as i32,
        };
        if dated {
            // Calendar ticks.
            let p = Panel::new(plot, xr, yr, 5, 4, false);
            let p = Panel {
                xticks: Vec::new(),
                ..p
            };
            p.axes(area, true, false, tick)?;
            let max_labels = ((plot.x1 - plot.x0) / 60).max(2) as usize;
            canvas::x_time_axis(
                area,
                plot,
                &p.sx,
                &canvas::time_ticks(xr.0, xr.1, max_labels),
                "",
                tick,
            )?;
            return Self::resid_line(area, &p, &xs, &self.resid, plot);
        }
        let p = Panel::new(plot, xr, yr, 6, 4, false);
        p.axes(area, true, true, tick)?;
        Self::resid_line(area, &p, &xs, &self.resid, plot)
    }

    fn resid_line<DB: DrawingBackend>(
        area: &Area<DB>,
        p: &Panel,
        xs: &[f64],
        ys: &[f64],
        plot: Rect,
    ) -> Result<()> {
        if ys.iter().all(|v| !v.is_finite()) {
            return canvas::no_data(area, plot, style::size::PANEL_TICK + 1.0);
        }
        canvas::broken_line(
            area,
            xs,
            ys,
            &p.sx,
            &p.sy,
            style::PALETTE[0],
            style::PANEL_LINE_WIDTH,
        )?;
        Ok(())
    }

    fn histogram<DB: DrawingBackend>(&self, area: &Area<DB>, cell: Rect, tick: f64) -> Result<()> {
        let c = Self::cell_title(area, cell, "Histogram and normal density")?;
        let (m, s, n) = moments(&self.resid);
        let xr = finite_range(&self.resid).unwrap_or((-1.0, 1.0));
        let bins = ((n.max(1) as f64).log2().ceil() as usize + 1).max(1);
        let (lo, hi) = if xr.1 > xr.0 {
            xr
        } else {
            (xr.0 - 0.5, xr.0 + 0.5)
        };
        let width = (hi - lo) / bins as f64;
        let mut counts = vec![0usize; bins];
        for v in self.resid.iter().filter(|v| v.is_finite()) {
            let b = (((v - lo) / width).floor().max(0.0) as usize).min(bins - 1);
            if let Some(c) = counts.get_mut(b) {
                *c += 1;
            }
        }
        let dens: Vec<f64> = counts
            .iter()
            .map(|c| *c as f64 / (n.max(1) as f64 * width))
            .collect();
        let norm = if s.is_finite() && s > 0.0 {
            Normal::new(m, s).ok()
        } else {
            None
        };
        let (xlo, xhi) = match norm {
            Some(_) => (lo.min(m - 3.0 * s), hi.max(m + 3.0 * s)),
            None => (lo, hi),
        };
        let curve: Vec<(f64, f64)> = match &norm {
            Some(d) => (0..=80)
                .map(|i| {
                    let x = xlo + (xhi - xlo) * f64::from(i) / 80.0;
                    (x, statrs::distribution::Continuous::pdf(d, x))
                })
                .collect(),
            None => Vec::new(),
        };
        let ymax = dens
            .iter()
            .chain(curve.iter().map(|c| &c.1))
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let yr = (0.0, if ymax > 0.0 { ymax } else { 1.0 });
        let tw = Panel::ytick_width(area, yr, 4, tick);
        let plot = Rect {
            x0: c.x0 + tw + 8,
            y0: c.y0,
            x1: c.x1,
            y1: c.y1 - (tick * 1.4) as i32,
        };
        let p = Panel::new(plot, (xlo, xhi), yr, 6, 4, false);
        p.axes(area, true, true, tick)?;
        if n == 0 {
            return canvas::no_data(area, plot, tick);
        }
        for (i, d) in dens.iter().enumerate() {
            let a = lo + width * i as f64;
            let (x0, y0) = p.pt(a, *d);
            let (x1, y1) = p.pt(a + width, 0.0);
            canvas::rect(
                area,
                Rect {
                    x0: x0 + 1,
                    y0,
                    x1: (x1 - 1).max(x0 + 1),
                    y1,
                },
                style::PALETTE[0].tint(0.45),
            )?;
        }
        let pts: Vec<(i32, i32)> = curve.iter().map(|(x, y)| p.pt(*x, *y)).collect();
        canvas::polyline(area, pts, style::PALETTE[3], style::PANEL_LINE_WIDTH)
    }

    fn qq<DB: DrawingBackend>(&self, area: &Area<DB>, cell: Rect, tick: f64) -> Result<()> {
        let c = Self::cell_title(area, cell, "Normal Q-Q plot")?;
        let q = qq_points(&self.resid);
        let q: Vec<(f64, f64)> = q
            .into_iter()
            .filter(|(a, b)| a.is_finite() && b.is_finite())
            .collect();
        let all: Vec<f64> = q.iter().flat_map(|(a, b)| [*a, *b]).collect();
        let r = finite_range(&all).unwrap_or((-2.0, 2.0));
        let tw = Panel::ytick_width(area, r, 4, tick);
        let xlab = (style::size::SOURCE * 1.3) as i32;
        let plot = Rect {
            x0: c.x0 + tw + 8,
            y0: c.y0,
            x1: c.x1,
            y1: c.y1 - (tick * 1.4) as i32 - xlab,
        };
        let p = Panel::new(plot, r, r, 6, 4, true);
        p.axes(area, true, true, tick)?;
        panel::label(
            area,
            "Normal quantile (horizontal), standardised residual (vertical)",
            ((plot.x0 + plot.x1) / 2, plot.y1 + (tick * 1.4) as i32 + 2),
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Top,
        )?;
        if q.is_empty() {
            return canvas::no_data(area, plot, tick);
        }
        let lo = p.sx.lo.max(p.sy.lo);
        let hi = p.sx.hi.min(p.sy.hi);
        canvas::polyline(
            area,
            vec![p.pt(lo, lo), p.pt(hi, hi)],
            style::PALETTE[3],
            style::PANEL_LINE_WIDTH,
        )?;
        for (a, b) in &q {
            canvas::dot(area, p.pt(*a, *b), 3, style::PALETTE[0])?;
        }
        Ok(())
    }
}

impl Chart for ResidualChart {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let (m, s, n) = moments(&self.resid);
        let mut d = format!(
            "Residual diagnostics of {n} residuals in four panels: over time, histogram with normal density, autocorrelations, normal Q-Q plot"
        );
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push_str(&format!(
            ". Mean {}, standard deviation {}",
            describe_num(m),
            describe_num(s)
        ));
        if let Some((lo, hi)) = finite_range(&self.resid) {
            d.push_str(&format!(
                ", smallest {}, largest {}",
                describe_num(lo),
                describe_num(hi)
            ));
        }
        d.push('.');
        if n >= 3
            && let Ok(r) = acf(&self.resid, default_nlags(n).min(n - 1))
        {
            let b = 1.96 / (n as f64).sqrt();
            let out: Vec<String> = r
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(_, v)| v.abs() > b)
                .map(|(k, _)| k.to_string())
                .collect();
            if out.is_empty() {
                d.push_str(" No autocorrelation outside the bounds.");
            } else {
                d.push_str(&format!(
                    " Autocorrelation outside the bounds at lags {}.",
                    out.join(", ")
                ));
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
        if self.resid.is_empty() {
            return Err(Error::not_enough_data("residual chart (residuals)", 1, 0));
        }
        if !self.periods.is_empty() && self.periods.len() != self.resid.len() {
            return Err(Error::usage(format!(
                "the residual chart has {} periods but {} residuals",
                self.periods.len(),
                self.resid.len()
            )));
        }
        if self.resid.iter().any(|v| v.is_infinite()) {
            return Err(Error::domain("a residual is infinite"));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let top = canvas::header(area, &self.title, &self.subtitle)?;
        let bottom = canvas::footer(area, &self.source)?;
        let (w, _) = area.dim_in_pixel();
        let right = w as i32 - canvas::MARGIN;
        let mid_x = (canvas::MARGIN + right) / 2;
        let mid_y = (top + bottom) / 2;
        let gap = 16;
        let tick = style::size::PANEL_TICK + 1.0;
        let cells = [
            Rect {
                x0: canvas::MARGIN,
                y0: top,
                x1: mid_x - gap,
                y1: mid_y - gap / 2,
            },
            Rect {
                x0: mid_x + gap,
                y0: top,
                x1: right,
                y1: mid_y - gap / 2,
            },
            Rect {
                x0: canvas::MARGIN,
                y0: mid_y + gap / 2,
                x1: mid_x - gap,
                y1: bottom,
            },
            Rect {
                x0: mid_x + gap,
                y0: mid_y + gap / 2,
                x1: right,
                y1: bottom,
            },
        ];
        self.time_panel(area, cells[0], tick)?;
        self.histogram(area, cells[1], tick)?;
        let n = self.resid.iter().filter(|v| v.is_finite()).count();
        let r = if n >= 3 {
            acf(&self.resid, default_nlags(n).min(n - 1)).unwrap_or_default()
        } else {
            Vec::new()
        };
        let vals = if r.len() >= 2 { r } else { vec![1.0, f64::NAN] };
        let bound = if n > 0 {
            1.96 / (n as f64).sqrt()
        } else {
            f64::NAN
        };
        correlogram(
            area,
            cells[2],
            "Autocorrelation of residuals",
            &vals,
            bound,
            tick,
            "Lag",
        )?;
        self.qq(area, cells[3], tick)
    }
}

/// Renders a [`ResidualChart`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// No residuals, periods of another length, an infinite residual, or a
/// file that cannot be written.
///
/// ```
/// use colcrime::charts::{render_residuals, ResidualChart};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_residuals(&ResidualChart::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_residuals(chart: &ResidualChart, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}
