//! Coefficient (forest) plot: one row per parameter, the estimate as a dot
//! and its confidence interval as a horizontal line, a dashed reference
//! line at zero, and the numbers written at the right.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, Rect, Scale, finite_range, format_tick, nice_ticks};
use super::{Chart, ChartFiles, describe_num, style};
use crate::error::{Error, Result};

/// One estimated coefficient with its interval.
///
/// ```
/// use colcrime::charts::Coefficient;
/// let c = Coefficient::new("cpi", 0.5, 0.1, 0.9);
/// assert_eq!(c.upper, 0.9);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coefficient {
    /// The parameter name ("const", "log(cpi)").
    pub name: String,
    /// The estimate.
    pub estimate: f64,
    /// Lower end of the interval.
    pub lower: f64,
    /// Upper end of the interval.
    pub upper: f64,
}

impl Coefficient {
    /// A coefficient from its parts.
    ///
    /// ```
    /// # use colcrime::charts::Coefficient;
    /// assert_eq!(Coefficient::new("x", 1.0, 0.0, 2.0).name, "x");
    /// ```
    pub fn new(name: impl Into<String>, estimate: f64, lower: f64, upper: f64) -> Coefficient {
        Coefficient {
            name: name.into(),
            estimate,
            lower,
            upper,
        }
    }
}

/// A coefficient plot with confidence intervals.
///
/// ```
/// use colcrime::charts::{Chart, Coefficient, ForestChart};
/// let c = ForestChart {
///     title: "Higher inflation goes with more robbery".into(),
///     coefficients: vec![Coefficient::new("cpi", 0.5, 0.1, 0.9), Coefficient::new("unemployment", -0.2, -0.6, 0.2)],
///     ..Default::default()
/// };
/// let svg = c.to_svg().unwrap();
/// assert!(svg.contains("\nunemployment\n</text>"));
/// assert_eq!(svg.matches("<circle").count(), 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ForestChart {
    /// The finding.
    pub title: String,
    /// Model, dependent variable, sample.
    pub subtitle: String,
    /// The value-axis label, e.g. "Coefficient (95% confidence interval)".
    pub x_label: String,
    /// Datasets and release dates.
    pub source: String,
    /// The rows, drawn top to bottom in this order.
    pub coefficients: Vec<Coefficient>,
    /// Where to draw the dashed reference line (0 for "no effect", 1 for
    /// rate ratios).
    pub reference: f64,
    /// Width and minimum height in pixels.
    pub size: (u32, u32),
}

impl Default for ForestChart {
    fn default() -> Self {
        ForestChart {
            title: String::new(),
            subtitle: String::new(),
            x_label: "Estimate and 95% confidence interval".into(),
            source: String::new(),
            coefficients: Vec::new(),
            reference: 0.0,
            size: (style::WIDTH, style::HEIGHT),
        }
    }
}

impl Chart for ForestChart {
    fn size(&self) -> (u32, u32) {
        let n = self.coefficients.len() as u32;
        (self.size.0, self.size.1.max(170 + 30 * n))
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let mut d = format!("Coefficient plot of {} estimates", self.coefficients.len());
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push_str(": ");
        d.push_str(
            &self
                .coefficients
                .iter()
                .map(|c| {
                    format!(
                        "{} {} (interval {} to {})",
                        c.name,
                        describe_num(c.estimate),
                        describe_num(c.lower),
                        describe_num(c.upper)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        );
        d.push('.');
        if !self.source.is_empty() {
            d.push_str(&format!(
                " Source: {}.",
                self.source.trim_start_matches("Source: ")
            ));
        }
        d
    }

    fn validate(&self) -> Result<()> {
        if self.coefficients.is_empty() {
            return Err(Error::not_enough_data(
                "coefficient plot (coefficients)",
                1,
                0,
            ));
        }
        if let Some(c) = self
            .coefficients
            .iter()
            .find(|c| c.estimate.is_infinite() || c.lower.is_infinite() || c.upper.is_infinite())
        {
            return Err(Error::domain(format!(
                "the coefficient \"{}\" or its interval is infinite",
                c.name
            )));
        }
        if self.coefficients.iter().all(|c| !c.estimate.is_finite()) {
            return Err(Error::not_enough_data(
                "coefficient plot (finite estimates)",
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
        let ls = style::font(style::size::TICK, false, style::TEXT);
        let label_w = self
            .coefficients
            .iter()
            .map(|c| canvas::text_width(area, &c.name, &ls))
            .max()
            .unwrap_or(0)
            .min(w as i32 * 3 / 10);
        let numbers: Vec<String> = self
            .coefficients
            .iter()
            .map(|c| {
                if c.lower.is_finite() && c.upper.is_finite() {
                    format!("{} ({} to {})", sig(c.estimate), sig(c.lower), sig(c.upper))
                } else {
                    sig(c.estimate)
                }
            })
            .collect();
        let num_w = numbers
            .iter()
            .map(|n| canvas::text_width(area, n, &ls))
            .max()
            .unwrap_or(0);
        let vals = self
            .coefficients
            .iter()
            .flat_map(|c| [c.estimate, c.lower, c.upper])
            .chain([self.reference])
            .collect::<Vec<_>>();
        let (lo, hi) = finite_range(&vals).unwrap_or((-1.0, 1.0));
        let (ticks, step) = nice_ticks(lo, hi, 5);
        let x_lab_h = if self.x_label.is_empty() {
            0
        } else {
            (style::size::LABEL * 1.3) as i32
        };
        let plot = Rect {
            x0: canvas::MARGIN + label_w + 16,
            y0: top + 8,
            x1: w as i32 - canvas::MARGIN - num_w - 16,
            y1: bottom - 8 - (style::size::TICK * 1.3) as i32 - x_lab_h,
        };
        let sx = Scale::new(
            ticks.first().copied().unwrap_or(lo),
            ticks.last().copied().unwrap_or(hi),
            plot.x0,
            plot.x1,
        );
        let tick_st = canvas::anchored(
            style::font(style::size::TICK, false, style::TEXT_MUTED),
            HPos::Center,
            VPos::Top,
        );
        canvas::polyline(
            area,
            vec![(plot.x0, plot.y1), (plot.x1, plot.y1)],
            style::BASELINE,
            1,
        )?;
        for t in &ticks {
            let px = sx.px(*t);
            canvas::polyline(
                area,
                vec![(px, plot.y1), (px, plot.y1 + 5)],
                style::BASELINE,
                1,
            )?;
            canvas::text(area, &format_tick(*t, step), (px, plot.y1 + 8), &tick_st)?;
        }
        if !self.x_label.is_empty() {
            let xs = canvas::anchored(
                style::font(style::size::LABEL, false, style::TEXT),
                HPos::Center,
                VPos::Top,
            );
            canvas::text(
                area,
                &self.x_label,
                (
                    (plot.x0 + plot.x1) / 2,
                    plot.y1 + 8 + (style::size::TICK * 1.3) as i32,
                ),
                &xs,
            )?;
        }
        let rx = sx.px(self.reference);
        canvas::dashed(area, vec![(rx, plot.y0), (rx, plot.y1)], style::BASELINE, 1)?;
        let n = self.coefficients.len().max(1) as f64;
        let row = f64::from(plot.y1 - plot.y0) / n;
        let name_st = canvas::anchored(ls.clone(), HPos::Right, VPos::Center);
        let num_st = canvas::anchored(ls, HPos::Left, VPos::Center);
        for (i, (c, num)) in self.coefficients.iter().zip(&numbers).enumerate() {
            let y = plot.y0 + (row * (i as f64 + 0.5)).round() as i32;
            canvas::text(area, &c.name, (canvas::MARGIN + label_w, y), &name_st)?;
            if !c.estimate.is_finite() {
                canvas::text(area, "not estimated", (plot.x0 + 4, y), &num_st)?;
                continue;
            }
            if c.lower.is_finite() && c.upper.is_finite() {
                canvas::polyline(
                    area,
                    vec![(sx.px(c.lower), y), (sx.px(c.upper), y)],
                    style::PALETTE[0],
                    style::LINE_WIDTH,
                )?;
            }
            canvas::dot(area, (sx.px(c.estimate), y), 6, style::PALETTE[0])?;
            canvas::text(area, num, (plot.x1 + 16, y), &num_st)?;
        }
        Ok(())
    }
}

/// Four significant digits, for coefficient labels.
fn sig(v: f64) -> String {
    if !v.is_finite() {
        return "NaN".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 8) as usize;
    format!("{v:.digits$}")
}

/// Renders a [`ForestChart`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// No coefficients, none finite, an infinite value, or a file that cannot
/// be written.
///
/// ```
/// use colcrime::charts::{render_forest, ForestChart};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_forest(&ForestChart::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_forest(chart: &ForestChart, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}
