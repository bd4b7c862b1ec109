//! Concentration (Lorenz) curves: the cumulative share of offences against
//! the cumulative share of places, from the place with most offences down,
//! one line per offence, with the line of equal shares dashed and a marker
//! at a chosen share of places (the busiest 10%). The further a curve
//! bows above the diagonal, the more concentrated the offence.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, Rect, Scale, YAxis};
use super::{Chart, describe_num, style};
use crate::error::{Error, Result};

/// One curve: points (share of places, share of offences), both in [0, 1],
/// starting at (0, 0) and rising to (1, 1).
///
/// ```
/// use colcrime::charts::LorenzCurve;
/// let c = LorenzCurve::new("Robbery", vec![(0.0, 0.0), (0.5, 0.8), (1.0, 1.0)]);
/// assert_eq!(c.share_at(0.5), Some(0.8));
/// assert!((c.share_at(0.25).unwrap() - 0.4).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LorenzCurve {
    /// The label at the curve's end ("Robbery").
    pub label: String,
    /// Points, x ascending.
    pub points: Vec<(f64, f64)>,
}

impl LorenzCurve {
    /// A curve.
    ///
    /// ```
    /// # use colcrime::charts::LorenzCurve;
    /// assert_eq!(LorenzCurve::new("a", vec![]).label, "a");
    /// ```
    pub fn new(label: impl Into<String>, points: Vec<(f64, f64)>) -> LorenzCurve {
        LorenzCurve {
            label: label.into(),
            points,
        }
    }

    /// The share of offences at share `x` of places (linear between points).
    ///
    /// ```
    /// # use colcrime::charts::LorenzCurve;
    /// assert_eq!(LorenzCurve::new("a", vec![(0.0, 0.0), (1.0, 1.0)]).share_at(2.0), None);
    /// ```
    pub fn share_at(&self, x: f64) -> Option<f64> {
        self.points.windows(2).find_map(|w| {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            (x >= x0 && x <= x1 && x1 > x0).then(|| y0 + (y1 - y0) * (x - x0) / (x1 - x0))
        })
    }
}

/// A chart of concentration curves.
///
/// ```
/// use colcrime::charts::{Chart, LorenzChart, LorenzCurve};
/// let c = LorenzChart {
///     title: "A tenth of wards record a third of robbery".into(),
///     curves: vec![LorenzCurve::new("Robbery", vec![(0.0, 0.0), (0.1, 0.34), (1.0, 1.0)])],
///     ..Default::default()
/// };
/// let svg = c.to_svg().unwrap();
/// assert!(svg.contains("Robbery"));
/// assert!(c.description().contains("34%"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LorenzChart {
    /// The finding.
    pub title: String,
    /// What is plotted, the period and the places.
    pub subtitle: String,
    /// The horizontal axis label ("Share of wards, busiest first").
    pub x_label: String,
    /// The vertical axis label ("Share of offences").
    pub y_label: String,
    /// Datasets and release dates.
    pub source: String,
    /// The curves.
    pub curves: Vec<LorenzCurve>,
    /// The share of places marked with a vertical line (0.1), if any.
    pub marker: Option<f64>,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Default for LorenzChart {
    fn default() -> Self {
        LorenzChart {
            title: String::new(),
            subtitle: String::new(),
            x_label: "Share of places, busiest first (%)".into(),
            y_label: "Share of offences (%)".into(),
            source: String::new(),
            curves: Vec::new(),
            marker: Some(0.1),
            size: (style::WIDTH, style::HEIGHT),
        }
    }
}

impl Chart for LorenzChart {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let at = self.marker.unwrap_or(0.1);
        let mut d = format!(
            "Concentration curves of {} offence type{}",
            self.curves.len(),
            if self.curves.len() == 1 { "" } else { "s" }
        );
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push_str(&format!(
            ". The busiest {}% of places account for: ",
            describe_num(at * 100.0)
        ));
        d.push_str(
            &self
                .curves
                .iter()
                .map(|c| {
                    format!(
                        "{} {}%",
                        c.label,
                        c.share_at(at)
                            .map_or("missing".into(), |s| describe_num(s * 100.0))
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
        if self.curves.is_empty() {
            return Err(Error::not_enough_data("concentration chart (curves)", 1, 0));
        }
        for c in &self.curves {
            if c.points.len() < 2 {
                return Err(Error::not_enough_data(
                    format!("concentration curve \"{}\" (points)", c.label),
                    2,
                    c.points.len(),
                ));
            }
            if c.points.iter().any(|(x, y)| {
                !x.is_finite()
                    || !y.is_finite()
                    || !(0.0..=1.0).contains(x)
                    || !(0.0..=1.0).contains(y)
            }) {
                return Err(Error::domain(format!(
                    "the concentration curve \"{}\" has a point outside [0, 1]",
                    c.label
                )));
            }
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let top = canvas::header(area, &self.title, &self.subtitle)?;
        let bottom = canvas::footer(area, &self.source)?;
        let (w, _) = area.dim_in_pixel();
        let tick_w = 40;
        let x_lab_h = if self.x_label.is_empty() {
            0
        } else {
            (style::size::LABEL * 1.3) as i32
        };
        // A square plot on the left; labels of the curves to its right.
        let y0 = top + (style::size::LABEL * 1.4) as i32;
        let y1 = bottom - 8 - (style::size::TICK * 1.3) as i32 - x_lab_h;
        let side = (y1 - y0).max(40);
        let x0 = canvas::MARGIN + tick_w + 8;
        // Wider than tall, leaving room on the right for the labels.
        let plot = Rect {
            x0,
            y0,
            x1: (x0 + side * 3 / 2).min(w as i32 - canvas::MARGIN - 260),
            y1,
        };
        let sx = Scale::new(0.0, 1.0, plot.x0, plot.x1);
        let sy = Scale::new(0.0, 1.0, plot.y1, plot.y0);
        let ticks = [0.0, 0.25, 0.5, 0.75, 1.0];
        let pct_ticks: Vec<f64> = ticks.iter().map(|t| t * 100.0).collect();
        let sy_pct = Scale::new(0.0, 100.0, plot.y1, plot.y0);
        canvas::y_axis(
            area,
            plot,
            &sy_pct,
            &YAxis {
                ticks: &pct_ticks,
                step: 25.0,
                label: &self.y_label,
                tick_size: style::size::TICK,
            },
        )?;
        let ts = canvas::anchored(
            style::font(style::size::TICK, false, style::TEXT_MUTED),
            HPos::Center,
            VPos::Top,
        );
        for t in ticks {
            let px = sx.px(t);
            canvas::polyline(
                area,
                vec![(px, plot.y1), (px, plot.y1 + 5)],
                style::BASELINE,
                1,
            )?;
            canvas::text(area, &format!("{:.0}", t * 100.0), (px, plot.y1 + 8), &ts)?;
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
        // Equal shares, dashed.
        canvas::dashed(
            area,
            vec![(sx.px(0.0), sy.px(0.0)), (sx.px(1.0), sy.px(1.0))],
            style::BASELINE,
            1,
        )?;
        if let Some(m) = self.marker {
            canvas::dashed(
                area,
                vec![(sx.px(m), plot.y0), (sx.px(m), plot.y1)],
                style::GRID,
                1,
            )?;
            let ms = canvas::anchored(
                style::font(style::size::TICK, false, style::TEXT_MUTED),
                HPos::Left,
                VPos::Top,
            );
            canvas::text(
                area,
                &format!("busiest {}%", describe_num(m * 100.0)),
                (sx.px(m) + 4, plot.y1 - 24),
                &ms,
            )?;
        }
        let mut ends = Vec::new();
        for (i, c) in self.curves.iter().enumerate() {
            let colour = style::series_colour(i);
            let pts: Vec<(i32, i32)> = c
                .points
                .iter()
                .map(|(x, y)| (sx.px(*x), sy.px(*y)))
                .collect();
            canvas::polyline(area, pts, colour, style::LINE_WIDTH)?;
            if let Some(m) = self.marker
                && let Some(s) = c.share_at(m)
            {
                canvas::dot(area, (sx.px(m), sy.px(s)), 4, colour)?;
                ends.push((i, sy.px(s), format!("{}: {:.0}%", c.label, s * 100.0)));
                continue;
            }
            ends.push((i, plot.y0, c.label.clone()));
        }
        // Labels to the right of the plot, in the order of their heights,
        // spread so they do not overlap.
        ends.sort_by_key(|e| e.1);
        let ys: Vec<i32> = ends.iter().map(|e| e.1).collect();
        let spread =
            canvas::spread_labels(&ys, (style::size::LABEL * 1.2) as i32, plot.y0, plot.y1);
        for ((i, _, label), y) in ends.iter().zip(spread) {
            let st = canvas::anchored(
                style::font(style::size::LABEL, true, style::series_colour(*i)),
                HPos::Left,
                VPos::Center,
            );
            canvas::text(area, label, (plot.x1 + 12, y), &st)?;
        }
        Ok(())
    }
}

/// Renders a [`LorenzChart`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// No curves, a curve with fewer than two points or a point outside
/// [0, 1], or a file that cannot be written.
///
/// ```
/// use colcrime::charts::{render_lorenz, LorenzChart};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_lorenz(&LorenzChart::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_lorenz(chart: &LorenzChart, stem: &std::path::Path) -> Result<super::ChartFiles> {
    chart.render(stem)
}
