//! Ranked horizontal bar chart (e.g. the change in the robbery rate per
//! borough): categories down the left, largest at the top, values at the
//! bar ends, a zero line, and highlighted bars in a second colour.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, Rect, Scale, format_tick, nice_ticks};
use super::{Chart, ChartFiles, describe_num, style};
use crate::error::{Error, Result};

/// One bar.
///
/// ```
/// use colcrime::charts::Bar;
/// assert!(Bar::new("Camden", 3.5).highlighted().highlight);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bar {
    /// The category ("Camden").
    pub label: String,
    /// The value; NaN is shown as "no data" at the bottom.
    pub value: f64,
    /// Draw in the highlight colour (e.g. the borough under discussion).
    pub highlight: bool,
}

impl Bar {
    /// A plain bar.
    ///
    /// ```
    /// # use colcrime::charts::Bar;
    /// assert_eq!(Bar::new("A", 1.0).value, 1.0);
    /// ```
    pub fn new(label: impl Into<String>, value: f64) -> Bar {
        Bar {
            label: label.into(),
            value,
            highlight: false,
        }
    }

    /// The same bar, highlighted.
    ///
    /// ```
    /// # use colcrime::charts::Bar;
    /// assert!(!Bar::new("A", 1.0).highlight);
    /// ```
    pub fn highlighted(mut self) -> Bar {
        self.highlight = true;
        self
    }
}

/// A ranked horizontal bar chart. The height grows with the number of
/// bars (at least 22 px a bar) so that 33 boroughs stay legible.
///
/// ```
/// use colcrime::charts::{Bar, BarChart, Chart};
/// let c = BarChart {
///     title: "Robbery rose most in Westminster".into(),
///     x_label: "Change in offences per 1,000 residents".into(),
///     bars: vec![Bar::new("Camden", 1.5), Bar::new("Westminster", 4.0), Bar::new("Sutton", -0.5)],
///     ..Default::default()
/// };
/// let svg = c.to_svg().unwrap();
/// // Ranked: Westminster is drawn first (at the top).
/// assert!(svg.find("\nWestminster\n").unwrap() < svg.find("\nCamden\n").unwrap());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// The finding.
    pub title: String,
    /// Measure, units and period.
    pub subtitle: String,
    /// The value-axis label (units), below the axis.
    pub x_label: String,
    /// Datasets and release dates.
    pub source: String,
    /// The bars, in any order.
    pub bars: Vec<Bar>,
    /// Sort largest first (the default); otherwise keep the given order.
    pub sort: bool,
    /// Decimals of the value labels.
    pub decimals: usize,
    /// Width and minimum height in pixels.
    pub size: (u32, u32),
}

impl Default for BarChart {
    fn default() -> Self {
        BarChart {
            title: String::new(),
            subtitle: String::new(),
            x_label: String::new(),
            source: String::new(),
            bars: Vec::new(),
            sort: true,
            decimals: 1,
            size: (style::WIDTH, style::HEIGHT),
        }
    }
}

impl BarChart {
    /// The bars in drawing order (top first): sorted descending if `sort`,
    /// missing values last.
    ///
    /// ```
    /// # use colcrime::charts::{Bar, BarChart};
    /// let c = BarChart { bars: vec![Bar::new("a", 1.0), Bar::new("b", f64::NAN), Bar::new("c", 2.0)], ..Default::default() };
    /// let order: Vec<_> = c.ordered().iter().map(|b| b.label.clone()).collect();
    /// assert_eq!(order, ["c", "a", "b"]);
    /// ```
    pub fn ordered(&self) -> Vec<Bar> {
        let mut bars = self.bars.clone();
        if self.sort {
            bars.sort_by(|a, b| match (a.value.is_finite(), b.value.is_finite()) {
                (true, true) => b.value.total_cmp(&a.value),
                (true, false) => std::cmp::Ordering::Less,
                (false, true) => std::cmp::Ordering::Greater,
                (false, false) => std::cmp::Ordering::Equal,
            });
        }
        bars
    }
}

impl Chart for BarChart {
    fn size(&self) -> (u32, u32) {
        let n = self.bars.len() as u32;
        (self.size.0, self.size.1.max(170 + 22 * n))
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let bars = self.ordered();
        let mut d = format!("Bar chart of {} categories", bars.len());
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push_str(", largest first: ");
        d.push_str(
            &bars
                .iter()
                .map(|b| format!("{} {}", b.label, describe_num(b.value)))
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
        if self.bars.is_empty() {
            return Err(Error::not_enough_data("bar chart (bars)", 1, 0));
        }
        if let Some(b) = self.bars.iter().find(|b| b.value.is_infinite()) {
            return Err(Error::domain(format!(
                "the bar \"{}\" is infinite",
                b.label
            )));
        }
        if self.bars.iter().all(|b| !b.value.is_finite()) {
            return Err(Error::not_enough_data("bar chart (finite values)", 1, 0));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let bars = self.ordered();
        let top = canvas::header(area, &self.title, &self.subtitle)?;
        let bottom = canvas::footer(area, &self.source)?;
        let (w, _) = area.dim_in_pixel();
        let ls = style::font(style::size::TICK, false, style::TEXT);
        let label_w = bars
            .iter()
            .map(|b| canvas::text_width(area, &b.label, &ls))
            .max()
            .unwrap_or(0)
            .min(w as i32 * 35 / 100);
        let lo = bars
            .iter()
            .map(|b| b.value)
            .filter(|v| v.is_finite())
            .fold(0.0, f64::min);
        let hi = bars
            .iter()
            .map(|b| b.value)
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let (ticks, step) = nice_ticks(lo, hi, 5);
        let vs = style::font(style::size::TICK, false, style::TEXT);
        let value_w = bars
            .iter()
            .map(|b| canvas::text_width(area, &fmt_value(b.value, self.decimals), &vs))
            .max()
            .unwrap_or(30);
        let x_lab_h = if self.x_label.is_empty() {
            0
        } else {
            (style::size::LABEL * 1.3) as i32
        };
        let lo_room = if lo < 0.0 { value_w + 8 } else { 0 };
        let plot = Rect {
            x0: canvas::MARGIN + label_w + 12 + lo_room,
            y0: top + 4,
            x1: w as i32 - canvas::MARGIN - value_w - 8,
            y1: bottom - 8 - (style::size::TICK * 1.3) as i32 - x_lab_h,
        };
        let sx = Scale::new(
            ticks.first().copied().unwrap_or(lo).min(lo),
            ticks.last().copied().unwrap_or(hi).max(hi),
            plot.x0,
            plot.x1,
        );
        // Value axis at the bottom: ticks and labels, no gridlines (the bars
        // carry their values).
        let ts = canvas::anchored(
            style::font(style::size::TICK, false, style::TEXT_MUTED),
            HPos::Center,
            VPos::Top,
        );
        canvas::polyline(
            area,
            vec![(plot.x0, plot.y1), (plot.x1, plot.y1)],
            style::GRID,
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
            canvas::text(area, &format_tick(*t, step), (px, plot.y1 + 8), &ts)?;
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
        let n = bars.len().max(1) as f64;
        let row = f64::from(plot.height()) / n;
        let thick = (row * 0.72).max(2.0);
        let zero = sx.px(0.0);
        let lab = canvas::anchored(ls.clone(), HPos::Right, VPos::Center);
        for (i, b) in bars.iter().enumerate() {
            let yc = plot.y0 + (row * (i as f64 + 0.5)).round() as i32;
            let half = (thick / 2.0).round() as i32;
            canvas::text(area, &b.label, (canvas::MARGIN + label_w, yc), &lab)?;
            if !b.value.is_finite() {
                let st = canvas::anchored(
                    style::font(style::size::TICK, false, style::TEXT_MUTED),
                    HPos::Left,
                    VPos::Center,
                );
                canvas::text(area, "no data", (zero + 6, yc), &st)?;
                continue;
            }
            let colour = if b.highlight {
                style::PALETTE[3]
            } else {
                style::PALETTE[0]
            };
            let v = sx.px(b.value);
            let r = Rect {
                x0: zero.min(v),
                y0: yc - half,
                x1: zero.max(v),
                y1: yc + half,
            };
            canvas::rect(area, r, colour)?;
            let (h, x) = if b.value >= 0.0 {
                (HPos::Left, v + 6)
            } else {
                (HPos::Right, v - 6)
            };
            let st = canvas::anchored(
                style::font(style::size::TICK, b.highlight, style::TEXT),
                h,
                VPos::Center,
            );
            canvas::text(area, &fmt_value(b.value, self.decimals), (x, yc), &st)?;
        }
        canvas::polyline(
            area,
            vec![(zero, plot.y0), (zero, plot.y1)],
            style::BASELINE,
            1,
        )?;
        Ok(())
    }
}

/// A value label with thousands separators.
fn fmt_value(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "no data".into();
    }
    let step = 10f64.powi(-(decimals.min(6) as i32));
    format_tick(v, step)
}

/// Renders a [`BarChart`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// No bars, no finite value, an infinite value, or a file that cannot be
/// written.
///
/// ```
/// use colcrime::charts::{render_bar, Bar, BarChart};
/// let dir = tempfile::tempdir().unwrap();
/// let c = BarChart { bars: vec![Bar::new("A", f64::NAN)], ..Default::default() };
/// assert!(render_bar(&c, &dir.path().join("x")).is_err());
/// ```
pub fn render_bar(chart: &BarChart, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}
