//! A chart of a series' autocorrelation (ACF) and partial autocorrelation
//! (PACF) with significance bounds. The estimators live in
//! [`crate::stats::acf`].
//!
//! The chart marks `±1.96/√n`, the approximate 95 % bounds for a white
//! noise series.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, Area, Rect};
use super::panel::{self, Panel};
use super::{Chart, ChartFiles, describe_num, style};
use crate::error::{Error, Result};
use crate::stats::acf::{acf, default_nlags, pacf};

/// The ACF and PACF of a series as two panels of spikes at lags
/// `1..=nlags`, with dashed `±1.96/√n` bounds.
///
/// ```
/// use colcrime::charts::{AcfChart, Chart};
/// let x: Vec<f64> = (0..40).map(|i| ((i * 7) % 11) as f64).collect();
/// let c = AcfChart::from_values("Residuals look like noise", &x, 0).unwrap();
/// assert_eq!(c.acf.len(), 17);
/// let svg = c.to_svg().unwrap();
/// assert!(svg.contains("\nPartial autocorrelation\n"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AcfChart {
    /// The finding.
    pub title: String,
    /// What series, which sample.
    pub subtitle: String,
    /// Datasets and release dates.
    pub source: String,
    /// `ρ_0..ρ_L` (lag 0 is not drawn).
    pub acf: Vec<f64>,
    /// `1, φ_11..φ_LL`; empty to draw the ACF alone.
    pub pacf: Vec<f64>,
    /// The number of observations (for the bounds).
    pub nobs: usize,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Default for AcfChart {
    fn default() -> Self {
        AcfChart {
            title: String::new(),
            subtitle: String::new(),
            source: String::new(),
            acf: Vec::new(),
            pacf: Vec::new(),
            nobs: 0,
            size: (style::WIDTH, style::HEIGHT),
        }
    }
}

impl AcfChart {
    /// The chart of a series' ACF and PACF to `nlags` (0 for
    /// [`default_nlags`]). A series too short for the PACF gets the ACF
    /// alone.
    ///
    /// # Errors
    /// Fewer than two finite values, or a constant series.
    ///
    /// ```
    /// # use colcrime::charts::AcfChart;
    /// let c = AcfChart::from_values("t", &[1.0, 3.0, 2.0, 5.0, 4.0, 6.0], 2).unwrap();
    /// assert_eq!((c.acf.len(), c.pacf.len(), c.nobs), (3, 3, 6));
    /// ```
    pub fn from_values(title: &str, x: &[f64], nlags: usize) -> Result<AcfChart> {
        let n = x.iter().filter(|v| v.is_finite()).count();
        if n < 2 {
            return Err(Error::not_enough_data(
                "autocorrelation chart (observations)",
                2,
                n,
            ));
        }
        let nlags = if nlags == 0 { default_nlags(n) } else { nlags };
        let nlags = nlags.min(n - 1);
        let acf_v = acf(x, nlags)?;
        let pacf_v = pacf(x, nlags).unwrap_or_default();
        Ok(AcfChart {
            title: title.to_string(),
            acf: acf_v,
            pacf: pacf_v,
            nobs: n,
            ..Default::default()
        })
    }

    /// The bound `1.96/√n`.
    ///
    /// ```
    /// # use colcrime::charts::AcfChart;
    /// let c = AcfChart { nobs: 100, ..Default::default() };
    /// assert!((c.bound() - 0.196).abs() < 1e-12);
    /// ```
    pub fn bound(&self) -> f64 {
        if self.nobs == 0 {
            f64::NAN
        } else {
            1.96 / (self.nobs as f64).sqrt()
        }
    }
}

/// Lags (from 1) whose value is outside `±bound`.
fn outside(v: &[f64], bound: f64) -> Vec<usize> {
    v.iter()
        .enumerate()
        .skip(1)
        .filter(|(_, r)| r.is_finite() && r.abs() > bound)
        .map(|(k, _)| k)
        .collect()
}

/// Draws one correlogram panel in `cell`: title, spikes, bounds.
#[allow(clippy::too_many_arguments)]
pub(crate) fn correlogram<DB: DrawingBackend>(
    area: &Area<DB>,
    cell: Rect,
    title: &str,
    vals: &[f64],
    bound: f64,
    tick: f64,
    xlabel: &str,
) -> Result<()> {
    panel::panel_title(area, title, (cell.x0, cell.y0), cell.x1 - cell.x0)?;
    let lags = vals.len().saturating_sub(1);
    let mut yv: Vec<f64> = vals.iter().skip(1).copied().collect();
    yv.extend([bound, -bound, 0.0]);
    let (lo, hi) = canvas::finite_range(&yv).unwrap_or((-1.0, 1.0));
    let tw = Panel::ytick_width(area, (lo, hi), 4, tick);
    let xlab_h = if xlabel.is_empty() {
        0
    } else {
        (style::size::SOURCE * 1.3) as i32
    };
    let plot = Rect {
        x0: cell.x0 + tw + 8,
        y0: cell.y0 + (style::size::PANEL * 1.7) as i32,
        x1: cell.x1,
        y1: cell.y1 - (tick * 1.4) as i32 - xlab_h,
    };
    let p = Panel::new(plot, (0.0, lags as f64 + 1.0), (lo, hi), 8, 4, false);
    p.axes(area, true, true, tick)?;
    if !xlabel.is_empty() {
        panel::label(
            area,
            xlabel,
            ((plot.x0 + plot.x1) / 2, plot.y1 + (tick * 1.4) as i32 + 2),
            HPos::Center,
            VPos::Top,
        )?;
    }
    if vals.iter().skip(1).all(|v| !v.is_finite()) {
        return canvas::no_data(area, plot, tick);
    }
    if bound.is_finite() {
        for b in [bound, -bound] {
            let y = p.sy.px(b);
            canvas::dashed(area, vec![(plot.x0, y), (plot.x1, y)], style::PALETTE[3], 2)?;
        }
    }
    let y0 = p.sy.px(0.0);
    let half = ((plot.x1 - plot.x0) / (lags as i32 + 2) / 5).clamp(1, 6);
    for (k, v) in vals.iter().enumerate().skip(1) {
        if !v.is_finite() {
            continue;
        }
        let x = p.sx.px(k as f64);
        let y = p.sy.px(*v);
        canvas::rect(
            area,
            Rect {
                x0: x - half,
                y0: y.min(y0),
                x1: x + half,
                y1: y.max(y0),
            },
            style::PALETTE[0],
        )?;
    }
    Ok(())
}

impl Chart for AcfChart {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let b = self.bound();
        let mut d = format!(
            "Correlogram of {} observations, lags 1 to {}",
            self.nobs,
            self.acf.len().saturating_sub(1)
        );
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push_str(&format!(
            ", with bounds of plus or minus {}.",
            describe_num(b)
        ));
        let say = |name: &str, v: &[f64]| {
            let o = outside(v, b);
            let first = v.get(1).copied().unwrap_or(f64::NAN);
            if o.is_empty() {
                format!(
                    " {name}: lag 1 {}; no lag outside the bounds.",
                    describe_num(first)
                )
            } else {
                format!(
                    " {name}: lag 1 {}; outside the bounds at lag{} {}.",
                    describe_num(first),
                    if o.len() > 1 { "s" } else { "" },
                    o.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        };
        d.push_str(&say("Autocorrelation", &self.acf));
        if !self.pacf.is_empty() {
            d.push_str(&say("Partial autocorrelation", &self.pacf));
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
        if self.acf.len() < 2 {
            return Err(Error::not_enough_data(
                "autocorrelation chart (lags)",
                1,
                self.acf.len().saturating_sub(1),
            ));
        }
        if self.acf.iter().chain(&self.pacf).any(|v| v.is_infinite()) {
            return Err(Error::domain("an autocorrelation is infinite"));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let top = canvas::header(area, &self.title, &self.subtitle)?;
        let bottom = canvas::footer(area, &self.source)?;
        let (w, _) = area.dim_in_pixel();
        let right = w as i32 - canvas::MARGIN;
        let tick = style::size::PANEL_TICK + 1.0;
        let b = self.bound();
        if self.pacf.is_empty() {
            let cell = Rect {
                x0: canvas::MARGIN,
                y0: top,
                x1: right,
                y1: bottom,
            };
            return correlogram(area, cell, "Autocorrelation", &self.acf, b, tick, "Lag");
        }
        let mid = (canvas::MARGIN + right) / 2;
        let left = Rect {
            x0: canvas::MARGIN,
            y0: top,
            x1: mid - 14,
            y1: bottom,
        };
        let rightc = Rect {
            x0: mid + 14,
            y0: top,
            x1: right,
            y1: bottom,
        };
        correlogram(area, left, "Autocorrelation", &self.acf, b, tick, "Lag")?;
        correlogram(
            area,
            rightc,
            "Partial autocorrelation",
            &self.pacf,
            b,
            tick,
            "Lag",
        )
    }
}

/// Renders an [`AcfChart`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// No lags, an infinite value, or a file that cannot be written.
///
/// ```
/// use colcrime::charts::{render_acf, AcfChart};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_acf(&AcfChart::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_acf(chart: &AcfChart, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}
