//! Scatter plot of `y` against `x` with the least-squares line of the
//! simple regression `y = a + b x + e` and the 95 % confidence band of the
//! mean, `ŷ(x₀) ± t_{0.975, n−2} √(x₀ᵀ V x₀)` with `x₀ = (1, x₀)` and `V`
//! the (nonrobust) covariance of `(a, b)` — statsmodels'
//! `get_prediction(x₀).conf_int()` for the mean. The fit is the crate's OLS
//! ([`crate::models::ols::OlsParams::fit_xy`]).

use std::path::Path;

use ndarray::Array2;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::canvas::{self, Rect, finite_range};
use super::panel::{self, Panel};
use super::{Chart, ChartFiles, describe_num, style};
use crate::error::{Error, Result};
use crate::models::ols::OlsParams;

/// One point of a scatter plot; `label` (may be empty) is written next to
/// it.
///
/// ```
/// use colcrime::charts::ScatterPoint;
/// assert_eq!(ScatterPoint::new(1.0, 2.0, "2024 Q1").y, 2.0);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScatterPoint {
    /// Horizontal value.
    pub x: f64,
    /// Vertical value.
    pub y: f64,
    /// A direct label, or empty.
    pub label: String,
}

impl ScatterPoint {
    /// A point from its parts.
    ///
    /// ```
    /// # use colcrime::charts::ScatterPoint;
    /// assert_eq!(ScatterPoint::new(1.0, 2.0, "").x, 1.0);
    /// ```
    pub fn new(x: f64, y: f64, label: impl Into<String>) -> ScatterPoint {
        ScatterPoint {
            x,
            y,
            label: label.into(),
        }
    }
}

/// The fitted line of a [`ScatterChart`] with its band on a grid of x.
#[derive(Debug, Clone, PartialEq)]
pub struct LineFit {
    /// Intercept `a`.
    pub intercept: f64,
    /// Slope `b`.
    pub slope: f64,
    /// 95 % confidence interval of the slope.
    pub slope_ci: (f64, f64),
    /// R².
    pub rsquared: f64,
    /// Points used.
    pub nobs: usize,
    /// `(x, lower, fitted, upper)` on an even grid over the data's x range.
    pub band: Vec<(f64, f64, f64, f64)>,
}

/// A scatter plot with an optional regression line and band.
///
/// ```
/// use colcrime::charts::{Chart, ScatterChart, ScatterPoint};
/// let c = ScatterChart {
///     title: "Robbery grew faster when inflation was high".into(),
///     points: (0..10).map(|i| ScatterPoint::new(i as f64, 2.0 * i as f64 + (i % 3) as f64, "")).collect(),
///     ..Default::default()
/// };
/// let f = c.fit().unwrap().unwrap();
/// assert!((f.slope - 2.0).abs() < 0.2);
/// let svg = c.to_svg().unwrap();
/// assert_eq!(svg.matches("<circle").count(), 10);
/// assert_eq!(svg.matches("<polygon").count(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterChart {
    /// The finding.
    pub title: String,
    /// Measures, units, period.
    pub subtitle: String,
    /// The x-axis label (units).
    pub x_label: String,
    /// The y-axis label (units).
    pub y_label: String,
    /// Datasets and release dates.
    pub source: String,
    /// The points; any with a non-finite coordinate is left out.
    pub points: Vec<ScatterPoint>,
    /// Draw the least-squares line and its 95 % band (needs 3+ points).
    pub fit_line: bool,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Default for ScatterChart {
    fn default() -> Self {
        ScatterChart {
            title: String::new(),
            subtitle: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            source: String::new(),
            points: Vec::new(),
            fit_line: true,
            size: (style::WIDTH, style::HEIGHT),
        }
    }
}

impl ScatterChart {
    fn finite(&self) -> Vec<&ScatterPoint> {
        self.points
            .iter()
            .filter(|p| p.x.is_finite() && p.y.is_finite())
            .collect()
    }

    /// The least-squares line through the finite points with its band, or
    /// `None` when there is no line to draw (`fit_line` off, fewer than
    /// three points, or x constant).
    ///
    /// # Errors
    /// A failure of the OLS fit other than collinearity.
    ///
    /// ```
    /// # use colcrime::charts::{ScatterChart, ScatterPoint};
    /// let c = ScatterChart { points: vec![ScatterPoint::new(0.0, 1.0, ""), ScatterPoint::new(1.0, 3.0, ""), ScatterPoint::new(2.0, 5.0, "")], ..Default::default() };
    /// assert!((c.fit().unwrap().unwrap().slope - 2.0).abs() < 1e-12);
    /// ```
    pub fn fit(&self) -> Result<Option<LineFit>> {
        let pts = self.finite();
        if !self.fit_line || pts.len() < 3 {
            return Ok(None);
        }
        let (xlo, xhi) = finite_range(pts.iter().map(|p| &p.x)).unwrap_or((0.0, 0.0));
        if xhi <= xlo {
            return Ok(None);
        }
        let x = Array2::from_shape_fn((pts.len(), 2), |(i, j)| {
            if j == 0 {
                1.0
            } else {
                pts.get(i).map_or(f64::NAN, |p| p.x)
            }
        });
        let y: Vec<f64> = pts.iter().map(|p| p.y).collect();
        let r = OlsParams::new().fit_xy(&x, &y, vec!["const".into(), "x".into()])?;
        let (a, b) = (
            r.params.first().copied().unwrap_or(f64::NAN),
            r.params.get(1).copied().unwrap_or(f64::NAN),
        );
        let v = &r.cov_params;
        let g = |i: usize, j: usize| v.get((i, j)).copied().unwrap_or(f64::NAN);
        let (c00, c01, c11) = (g(0, 0), g(0, 1), g(1, 1));
        let t = StudentsT::new(0.0, 1.0, r.df_resid)
            .map(|d| d.inverse_cdf(0.975))
            .unwrap_or(f64::NAN);
        let n_grid = 60;
        let band = (0..=n_grid)
            .map(|i| {
                let x0 = xlo + (xhi - xlo) * i as f64 / n_grid as f64;
                let fit = a + b * x0;
                let se = (c00 + 2.0 * x0 * c01 + x0 * x0 * c11).max(0.0).sqrt();
                (x0, fit - t * se, fit, fit + t * se)
            })
            .collect();
        let ci = r.conf_int.get(1).copied().unwrap_or([f64::NAN, f64::NAN]);
        Ok(Some(LineFit {
            intercept: a,
            slope: b,
            slope_ci: (ci[0], ci[1]),
            rsquared: r.rsquared,
            nobs: r.nobs,
            band,
        }))
    }
}

impl Chart for ScatterChart {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let pts = self.finite();
        let name = |s: &str, d: &str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        let mut d = format!(
            "Scatter plot of {} points, {} (vertical) against {} (horizontal)",
            pts.len(),
            name(&self.y_label, "y"),
            name(&self.x_label, "x")
        );
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push('.');
        if let (Some(xr), Some(yr)) = (
            finite_range(pts.iter().map(|p| &p.x)),
            finite_range(pts.iter().map(|p| &p.y)),
        ) {
            d.push_str(&format!(
                " Horizontal values from {} to {}, vertical from {} to {}.",
                describe_num(xr.0),
                describe_num(xr.1),
                describe_num(yr.0),
                describe_num(yr.1)
            ));
        }
        if let Ok(Some(f)) = self.fit() {
            d.push_str(&format!(
                " Least-squares line: slope {} (95% interval {} to {}), R-squared {}, with a 95% confidence band for the mean.",
                describe_num(f.slope),
                describe_num(f.slope_ci.0),
                describe_num(f.slope_ci.1),
                describe_num(f.rsquared)
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
        if self.points.is_empty() {
            return Err(Error::not_enough_data("scatter plot (points)", 1, 0));
        }
        if self
            .points
            .iter()
            .any(|p| p.x.is_infinite() || p.y.is_infinite())
        {
            return Err(Error::domain("a scatter point is infinite"));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let top = canvas::header(area, &self.title, &self.subtitle)?;
        let bottom = canvas::footer(area, &self.source)?;
        let (w, _) = area.dim_in_pixel();
        let pts = self.finite();
        let fit = self.fit().ok().flatten();
        let mut ys: Vec<f64> = pts.iter().map(|p| p.y).collect();
        if let Some(f) = &fit {
            ys.extend(f.band.iter().flat_map(|b| [b.1, b.3]));
        }
        let xr = finite_range(pts.iter().map(|p| &p.x)).unwrap_or((0.0, 1.0));
        let yr = finite_range(&ys).unwrap_or((0.0, 1.0));
        let tick = style::size::TICK;
        let tw = Panel::ytick_width(area, yr, 5, tick);
        let xlab_h = if self.x_label.is_empty() {
            0
        } else {
            (style::size::LABEL * 1.3) as i32
        };
        let label_w = pts
            .iter()
            .map(|p| {
                canvas::text_width(
                    area,
                    &p.label,
                    &style::font(style::size::SOURCE, false, style::TEXT),
                )
            })
            .max()
            .unwrap_or(0);
        let plot = Rect {
            x0: canvas::MARGIN + tw + 10,
            y0: top + 30,
            x1: w as i32 - canvas::MARGIN - (label_w / 2).min(80),
            y1: bottom - 8 - (tick * 1.3) as i32 - xlab_h,
        };
        let p = Panel::new(plot, xr, yr, 6, 5, true);
        p.axes(area, true, true, tick)?;
        if !self.y_label.is_empty() {
            let ls = canvas::anchored(
                style::font(style::size::LABEL, false, style::TEXT),
                HPos::Left,
                VPos::Bottom,
            );
            canvas::text(area, &self.y_label, (canvas::MARGIN, plot.y0 - 10), &ls)?;
        }
        if !self.x_label.is_empty() {
            let ls = canvas::anchored(
                style::font(style::size::LABEL, false, style::TEXT),
                HPos::Center,
                VPos::Top,
            );
            canvas::text(
                area,
                &self.x_label,
                ((plot.x0 + plot.x1) / 2, plot.y1 + 8 + (tick * 1.3) as i32),
                &ls,
            )?;
        }
        if pts.is_empty() {
            return canvas::no_data(area, plot, style::size::LABEL);
        }
        let main = style::PALETTE[0];
        if let Some(f) = &fit {
            let mut poly: Vec<(i32, i32)> = f.band.iter().map(|b| p.pt(b.0, b.3)).collect();
            poly.extend(f.band.iter().rev().map(|b| p.pt(b.0, b.1)));
            canvas::polygon(area, poly, style::PALETTE[3].tint(0.75))?;
        }
        for pt in &pts {
            canvas::dot(area, p.pt(pt.x, pt.y), 5, main)?;
        }
        if let Some(f) = &fit {
            let line: Vec<(i32, i32)> = f.band.iter().map(|b| p.pt(b.0, b.2)).collect();
            canvas::polyline(area, line, style::PALETTE[3], style::LINE_WIDTH)?;
            if let Some(last) = f.band.last() {
                let st = canvas::anchored(
                    style::font(style::size::SOURCE, true, style::PALETTE[3]),
                    HPos::Right,
                    VPos::Bottom,
                );
                let (x, y) = p.pt(last.0, last.3);
                canvas::text(area, "Fitted line, 95% band", (x, y - 4), &st)?;
            }
        }
        for pt in pts.iter().filter(|p| !p.label.is_empty()) {
            let (x, y) = p.pt(pt.x, pt.y);
            panel::label(area, &pt.label, (x + 8, y), HPos::Left, VPos::Center)?;
        }
        Ok(())
    }
}

/// Renders a [`ScatterChart`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// No points, an infinite coordinate, or a file that cannot be written.
///
/// ```
/// use colcrime::charts::{render_scatter, ScatterChart};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_scatter(&ScatterChart::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_scatter(chart: &ScatterChart, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}
