//! Forecast fan chart: the history as a line, the point forecast dashed,
//! the prediction intervals as shaded bands (widest and palest first), and
//! optional scenario paths.
//!
//! plotters has no fill-between, so each band is one polygon: along the
//! upper bounds forwards, then along the lower bounds backwards, starting
//! from the last observation so that the fan opens from the data.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, finite_range, period_x};
use super::{Chart, ChartFiles, LineSeries, describe_num, style};
use crate::error::{Error, Result};
use crate::forecast::{Band, Forecast, PointKind};

/// A forecast fan chart.
///
/// ```
/// use colcrime::charts::{Chart, FanChart, LineSeries};
/// use colcrime::forecast::Forecast;
/// use colcrime::series::Period;
/// let p = Period::quarter(2024, 1).unwrap();
/// let f = Forecast::gaussian(vec![p.offset(4), p.offset(5)], vec![3.0, 3.1], vec![0.5, 0.8], &[80.0, 95.0]).unwrap();
/// let c = FanChart {
///     title: "Inflation expected to stay near 3%".into(),
///     history: LineSeries::from_start("CPI", p, vec![4.0, 3.6, 3.2, 3.0]),
///     forecast: f,
///     ..Default::default()
/// };
/// let svg = c.to_svg().unwrap();
/// assert_eq!(svg.matches("<polygon").count(), 2);
/// // A scenario path with its 80% band, labelled directly.
/// use colcrime::forecast::Band;
/// let c = FanChart {
///     scenarios: vec![LineSeries::from_start("CPI stays at 4%", p.offset(3), vec![3.0, 3.5, 3.6])],
///     scenario_bands: vec![Some(Band { level: 0.8, lower: vec![3.0, 3.1, 3.0], upper: vec![3.0, 3.9, 4.2] })],
///     ..c
/// };
/// let svg = c.to_svg().unwrap();
/// assert!(svg.contains("CPI stays at 4%"));
/// assert!(c.description().contains("80% interval 3 to 4.2 at the end"), "{}", c.description());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FanChart {
    /// The finding.
    pub title: String,
    /// Measure, units, period and model.
    pub subtitle: String,
    /// The x-axis label (often empty).
    pub x_label: String,
    /// The y-axis label (units).
    pub y_label: String,
    /// Datasets and release dates.
    pub source: String,
    /// The observed series (its label is the direct label of the line).
    pub history: LineSeries,
    /// The forecast with its bands.
    pub forecast: Forecast,
    /// Alternative paths ("Scenario: prices 2 points higher"), drawn as
    /// thin lines with direct labels.
    pub scenarios: Vec<LineSeries>,
    /// Optional intervals of the scenarios (parallel to `scenarios`, over
    /// each scenario's periods), drawn as thin dashed lines in the
    /// scenario's colour.
    pub scenario_bands: Vec<Option<Band>>,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Default for FanChart {
    fn default() -> Self {
        FanChart {
            title: String::new(),
            subtitle: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            source: String::new(),
            history: LineSeries::default(),
            forecast: Forecast {
                periods: Vec::new(),
                point: Vec::new(),
                se: Vec::new(),
                bands: Vec::new(),
                point_kind: PointKind::Mean,
                covers: Default::default(),
            },
            scenarios: Vec::new(),
            scenario_bands: Vec::new(),
            size: (style::WIDTH, style::HEIGHT),
        }
    }
}

/// The tint of a band of `level`: wider bands are paler.
fn band_colour(level: f64, main: style::Colour) -> style::Colour {
    // 50% → 0.35, 80% → 0.55, 95% → 0.78.
    let t = if level >= 0.9 {
        0.78
    } else if level >= 0.7 {
        0.55
    } else {
        0.35
    };
    main.tint(t)
}

fn level_label(level: f64) -> String {
    let pct = level * 100.0;
    if (pct - pct.round()).abs() < 1e-9 {
        format!("{}% interval", pct.round() as i64)
    } else {
        format!("{pct}% interval")
    }
}

impl Chart for FanChart {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let f = &self.forecast;
        let mut d = String::from("Fan chart");
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        d.push_str(&format!(". History: {}.", self.history.describe()));
        if let (Some(p), Some(v)) = (f.periods.last(), f.point.last()) {
            d.push_str(&format!(
                " Forecast {} to {}: {} {} in {}",
                f.periods.first().map(|p| p.ons_label()).unwrap_or_default(),
                p.ons_label(),
                match f.point_kind {
                    PointKind::Mean => "mean",
                    PointKind::Median => "median",
                },
                describe_num(*v),
                p.ons_label()
            ));
            for b in f.bands.iter().rev() {
                if let (Some(lo), Some(hi)) = (b.lower.last(), b.upper.last()) {
                    d.push_str(&format!(
                        ", {} {} to {}",
                        level_label(b.level),
                        describe_num(*lo),
                        describe_num(*hi)
                    ));
                }
            }
            d.push('.');
        }
        for (i, s) in self.scenarios.iter().enumerate() {
            d.push_str(&format!(" Scenario: {}", s.describe()));
            if let Some(Some(b)) = self.scenario_bands.get(i)
                && let (Some(lo), Some(hi)) = (b.lower.last(), b.upper.last())
            {
                d.push_str(&format!(
                    ", {} {} to {} at the end",
                    level_label(b.level),
                    describe_num(*lo),
                    describe_num(*hi)
                ));
            }
            d.push('.');
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
        self.history.check()?;
        for s in &self.scenarios {
            s.check()?;
        }
        if self.scenario_bands.len() > self.scenarios.len() {
            return Err(Error::usage(format!(
                "{} scenario bands for {} scenarios",
                self.scenario_bands.len(),
                self.scenarios.len()
            )));
        }
        for (s, b) in self.scenarios.iter().zip(&self.scenario_bands) {
            if let Some(b) = b
                && (b.lower.len() != s.values.len() || b.upper.len() != s.values.len())
            {
                return Err(Error::usage(format!(
                    "scenario \"{}\" has {} values but its band {} lower and {} upper bounds",
                    s.label,
                    s.values.len(),
                    b.lower.len(),
                    b.upper.len()
                )));
            }
        }
        let f = &self.forecast;
        let h = f.periods.len();
        if f.point.len() != h {
            return Err(Error::usage(format!(
                "forecast has {h} periods but {} point forecasts",
                f.point.len()
            )));
        }
        if self.history.n_finite() == 0 && h == 0 {
            return Err(Error::not_enough_data(
                "fan chart (history and forecast)",
                1,
                0,
            ));
        }
        if let Some((p, v)) = f.periods.iter().zip(&f.point).find(|(_, v)| !v.is_finite()) {
            return Err(Error::domain(format!(
                "the point forecast for {p} is {v}: a fan chart needs finite forecasts"
            )));
        }
        for b in &f.bands {
            if b.lower.len() != h || b.upper.len() != h {
                return Err(Error::usage(format!(
                    "the {} band has {} lower and {} upper bounds for {h} periods",
                    level_label(b.level),
                    b.lower.len(),
                    b.upper.len()
                )));
            }
            let bad = f
                .periods
                .iter()
                .zip(b.lower.iter().zip(&b.upper))
                .find(|(_, (lo, hi))| lo.is_infinite() || hi.is_infinite());
            if let Some((p, _)) = bad {
                return Err(Error::domain(format!(
                    "the {} for {p} is infinite: the forecast variance has diverged",
                    level_label(b.level)
                )));
            }
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let f = &self.forecast;
        let top = canvas::header(area, &self.title, &self.subtitle)?;
        let bottom = canvas::footer(area, &self.source)?;
        let hx = self.history.xs();
        let fx: Vec<f64> = f.periods.iter().map(period_x).collect();
        let sxs: Vec<Vec<f64>> = self.scenarios.iter().map(LineSeries::xs).collect();
        let xr =
            finite_range(hx.iter().chain(&fx).chain(sxs.iter().flatten())).unwrap_or((0.0, 1.0));
        let yvals = self
            .history
            .values
            .iter()
            .chain(&f.point)
            .chain(f.bands.iter().flat_map(|b| b.lower.iter().chain(&b.upper)))
            .chain(self.scenarios.iter().flat_map(|s| s.values.iter()))
            .chain(
                self.scenario_bands
                    .iter()
                    .flatten()
                    .flat_map(|b| b.lower.iter().chain(&b.upper)),
            );
        let yr = finite_range(yvals).unwrap_or((0.0, 1.0));
        let (w, _) = area.dim_in_pixel();
        let ls = style::font(style::size::LABEL, true, style::TEXT);
        let mut names: Vec<String> = vec![self.history.label.clone(), "Forecast".into()];
        names.extend(f.bands.iter().map(|b| level_label(b.level)));
        names.extend(self.scenarios.iter().map(|s| s.label.clone()));
        let max_label = names
            .iter()
            .map(|n| canvas::text_width(area, n, &ls))
            .max()
            .unwrap_or(0);
        let reserve = (max_label + 20 + canvas::MARGIN / 2).min(w as i32 * 3 / 10);
        let l = canvas::time_layout(area, top, bottom, xr, yr, reserve, !self.x_label.is_empty());
        canvas::time_axes(area, &l, &self.y_label, &self.x_label)?;

        let main = style::PALETTE[0];
        let anchor = self.history.last_finite().map(|(p, v)| (period_x(&p), v));
        // Forecast origin: a vertical line and a "Forecast" note.
        if let Some(x0) = fx.first() {
            let xo = anchor.map(|a| a.0).unwrap_or(*x0);
            let px = l.sx.px(xo);
            canvas::dashed(
                area,
                vec![(px, l.rect.y0), (px, l.rect.y1)],
                style::BASELINE,
                1,
            )?;
            let st = canvas::anchored(
                style::font(style::size::SOURCE, false, style::TEXT_MUTED),
                HPos::Left,
                VPos::Top,
            );
            canvas::text(area, "Forecast", (px + 5, l.rect.y0 + 2), &st)?;
        }
        // Bands, widest first; a NaN bound splits the polygon.
        let mut labels = Vec::new();
        let mut bands: Vec<_> = f.bands.iter().collect();
        bands.sort_by(|a, b| b.level.total_cmp(&a.level));
        for b in &bands {
            let colour = band_colour(b.level, main);
            let mut upper: Vec<(i32, i32)> = Vec::new();
            let mut lower: Vec<(i32, i32)> = Vec::new();
            if let Some((ax, ay)) = anchor {
                upper.push((l.sx.px(ax), l.sy.px(ay)));
                lower.push((l.sx.px(ax), l.sy.px(ay)));
            }
            let flush = |upper: &mut Vec<(i32, i32)>, lower: &mut Vec<(i32, i32)>| -> Result<()> {
                if upper.len() >= 2 {
                    let mut poly = std::mem::take(upper);
                    poly.extend(lower.drain(..).rev());
                    canvas::polygon(area, poly, colour)?;
                }
                upper.clear();
                lower.clear();
                Ok(())
            };
            for ((x, lo), hi) in fx.iter().zip(&b.lower).zip(&b.upper) {
                if lo.is_finite() && hi.is_finite() {
                    upper.push((l.sx.px(*x), l.sy.px(*hi)));
                    lower.push((l.sx.px(*x), l.sy.px(*lo)));
                } else {
                    flush(&mut upper, &mut lower)?;
                }
            }
            flush(&mut upper, &mut lower)?;
            if let (Some(lo), Some(hi)) = (b.lower.last(), b.upper.last())
                && lo.is_finite()
                && hi.is_finite()
            {
                labels.push((level_label(b.level), l.sy.px(*hi), colour));
            }
        }
        // History.
        canvas::broken_line(
            area,
            &hx,
            &self.history.values,
            &l.sx,
            &l.sy,
            main,
            style::LINE_WIDTH,
        )?;
        // Point forecast, dashed, joined to the last observation.
        let mut pts: Vec<(i32, i32)> = Vec::new();
        if let Some((ax, ay)) = anchor {
            pts.push((l.sx.px(ax), l.sy.px(ay)));
        }
        pts.extend(
            fx.iter()
                .zip(&f.point)
                .map(|(x, y)| (l.sx.px(*x), l.sy.px(*y))),
        );
        canvas::dashed(area, pts.clone(), main, style::LINE_WIDTH)?;
        if pts.len() == 1 {
            canvas::dot(area, pts[0], style::LINE_WIDTH + 1, main)?;
        }
        if let Some((_, y)) = pts.last() {
            labels.push(("Forecast".into(), *y, main));
        }
        if f.periods.is_empty()
            && let Some((_, v)) = self.history.last_finite()
        {
            labels.push((self.history.label.clone(), l.sy.px(v), main));
        }
        // Scenarios.
        for (i, (s, x)) in self.scenarios.iter().zip(&sxs).enumerate() {
            let c = style::series_colour(i + 2);
            if let Some(Some(b)) = self.scenario_bands.get(i) {
                for edge in [&b.lower, &b.upper] {
                    let pts: Vec<(i32, i32)> = x
                        .iter()
                        .zip(edge)
                        .filter(|(_, v)| v.is_finite())
                        .map(|(x, v)| (l.sx.px(*x), l.sy.px(*v)))
                        .collect();
                    if pts.len() >= 2 {
                        canvas::dashed(area, pts, c.tint(0.35), 1)?;
                    }
                }
            }
            if let Some((_, y)) = canvas::broken_line(area, x, &s.values, &l.sx, &l.sy, c, 2)? {
                labels.push((s.label.clone(), y, c));
            }
        }
        // Band labels in a darker shade so they stay legible.
        let labels: Vec<_> = labels
            .into_iter()
            .map(|(t, y, c)| {
                if t.ends_with("interval") {
                    (t, y, style::TEXT_MUTED)
                } else {
                    (t, y, c)
                }
            })
            .collect();
        canvas::direct_labels(area, l.rect.x1 + 8, &labels, l.rect)?;
        // The history label at the start of the line, above it.
        if !f.periods.is_empty()
            && let Some((x, v)) = hx
                .iter()
                .zip(&self.history.values)
                .find(|(_, v)| v.is_finite())
        {
            let st = canvas::anchored(
                style::font(style::size::LABEL, true, main),
                HPos::Left,
                VPos::Bottom,
            );
            canvas::text(
                area,
                &self.history.label,
                (l.sx.px(*x) + 2, l.sy.px(*v) - 12),
                &st,
            )?;
        }
        Ok(())
    }
}

/// Renders a [`FanChart`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// Nothing to draw, lengths that differ, a non-finite point forecast or an
/// infinite band, or a file that cannot be written.
///
/// ```
/// use colcrime::charts::{render_fan, FanChart};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_fan(&FanChart::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_fan(chart: &FanChart, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}
