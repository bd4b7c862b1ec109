//! Time-series line chart: several series on one axis, direct labels at
//! the line ends, optionally indexed to a base period (the way to compare
//! series in different units: never a second y axis).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::canvas::{self, finite_range, period_x};
use super::{Chart, ChartFiles, describe_num, style};
use crate::error::{Error, Result};
use crate::series::Period;

/// One line: a label (used as its direct label), periods and values (NaN
/// for missing).
///
/// ```
/// use colcrime::charts::LineSeries;
/// use colcrime::series::Period;
/// let s = LineSeries::new("CPI", vec![Period::year(2024)], vec![2.5]);
/// assert_eq!(s.label, "CPI");
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineSeries {
    /// The direct label at the end of the line (short: "CPI", "Robbery").
    pub label: String,
    /// One period per value.
    pub periods: Vec<Period>,
    /// The values; NaN is missing and breaks the line.
    pub values: Vec<f64>,
}

impl LineSeries {
    /// A series from its parts.
    ///
    /// ```
    /// # use colcrime::charts::LineSeries;
    /// # use colcrime::series::Period;
    /// assert_eq!(LineSeries::new("x", vec![], vec![]).values.len(), 0);
    /// ```
    pub fn new(label: impl Into<String>, periods: Vec<Period>, values: Vec<f64>) -> LineSeries {
        LineSeries {
            label: label.into(),
            periods,
            values,
        }
    }

    /// A series of consecutive periods starting at `start`.
    ///
    /// ```
    /// # use colcrime::charts::LineSeries;
    /// # use colcrime::series::Period;
    /// let s = LineSeries::from_start("x", Period::quarter(2024, 4).unwrap(), vec![1.0, 2.0]);
    /// assert_eq!(s.periods[1].to_string(), "2025 Q1");
    /// ```
    pub fn from_start(label: impl Into<String>, start: Period, values: Vec<f64>) -> LineSeries {
        let periods = (0..values.len()).map(|i| start.offset(i as i64)).collect();
        LineSeries::new(label, periods, values)
    }

    /// Checks that periods and values have the same length.
    ///
    /// # Errors
    /// The lengths differ.
    ///
    /// ```
    /// # use colcrime::charts::LineSeries;
    /// # use colcrime::series::Period;
    /// assert!(LineSeries::new("x", vec![Period::year(2024)], vec![]).check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        if self.periods.len() != self.values.len() {
            return Err(Error::usage(format!(
                "chart series \"{}\" has {} periods but {} values",
                self.label,
                self.periods.len(),
                self.values.len()
            )));
        }
        Ok(())
    }

    /// The number of finite values.
    ///
    /// ```
    /// # use colcrime::charts::LineSeries;
    /// # use colcrime::series::Period;
    /// let s = LineSeries::from_start("x", Period::year(2020), vec![1.0, f64::NAN]);
    /// assert_eq!(s.n_finite(), 1);
    /// ```
    pub fn n_finite(&self) -> usize {
        self.values.iter().filter(|v| v.is_finite()).count()
    }

    /// The last finite value and its period.
    pub(crate) fn last_finite(&self) -> Option<(Period, f64)> {
        self.periods
            .iter()
            .zip(&self.values)
            .rev()
            .find(|(_, v)| v.is_finite())
            .map(|(p, v)| (*p, *v))
    }

    /// The x positions (fractional years).
    pub(crate) fn xs(&self) -> Vec<f64> {
        self.periods.iter().map(period_x).collect()
    }

    /// A one-sentence description: label, span, latest value.
    pub(crate) fn describe(&self) -> String {
        let first = self
            .periods
            .iter()
            .zip(&self.values)
            .find(|(_, v)| v.is_finite())
            .map(|(p, _)| p.ons_label());
        match (first, self.last_finite()) {
            (Some(f), Some((lp, lv))) => format!(
                "{} from {} to {}, latest value {} in {}",
                self.label,
                f,
                lp.ons_label(),
                describe_num(lv),
                lp.ons_label()
            ),
            _ => format!("{}: no data", self.label),
        }
    }
}

/// A time-series line chart.
///
/// ```
/// use colcrime::charts::{Chart, LineChart, LineSeries};
/// use colcrime::series::Period;
/// let p = Period::year(2020);
/// let c = LineChart {
///     title: "Both rose".into(),
///     series: vec![
///         LineSeries::from_start("Prices", p, vec![100.0, 110.0, 120.0]),
///         LineSeries::from_start("Pay", p, vec![500.0, 520.0, 560.0]),
///     ],
///     index_base: Some(p),
///     ..Default::default()
/// };
/// let svg = c.to_svg().unwrap();
/// assert!(svg.contains("\nPrices\n</text>") && svg.contains("\nPay\n</text>"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// The finding, e.g. "Robbery rose as inflation peaked".
    pub title: String,
    /// Measure, units, geography and period.
    pub subtitle: String,
    /// The x-axis label (often empty for a time axis: the subtitle names
    /// the period).
    pub x_label: String,
    /// The y-axis label (units), drawn above the axis.
    pub y_label: String,
    /// Datasets and release dates.
    pub source: String,
    /// The lines (at most six for a readable chart).
    pub series: Vec<LineSeries>,
    /// If set, every series is divided by its value in this period and
    /// multiplied by 100, and the y label defaults to "Index (base = 100)".
    pub index_base: Option<Period>,
    /// Include zero on the y axis.
    pub y_zero: bool,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Default for LineChart {
    fn default() -> Self {
        LineChart {
            title: String::new(),
            subtitle: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            source: String::new(),
            series: Vec::new(),
            index_base: None,
            y_zero: false,
            size: (style::WIDTH, style::HEIGHT),
        }
    }
}

impl LineChart {
    /// The series as plotted (indexed if `index_base` is set).
    ///
    /// # Errors
    /// A series with no finite value in the base period.
    ///
    /// ```
    /// # use colcrime::charts::{LineChart, LineSeries};
    /// # use colcrime::series::Period;
    /// let c = LineChart {
    ///     series: vec![LineSeries::from_start("x", Period::year(2020), vec![50.0, 75.0])],
    ///     index_base: Some(Period::year(2020)),
    ///     ..Default::default()
    /// };
    /// assert_eq!(c.plotted().unwrap()[0].values, vec![100.0, 150.0]);
    /// ```
    pub fn plotted(&self) -> Result<Vec<LineSeries>> {
        let Some(base) = self.index_base else {
            return Ok(self.series.clone());
        };
        self.series
            .iter()
            .map(|s| {
                let b = s
                    .periods
                    .iter()
                    .zip(&s.values)
                    .find(|(p, _)| **p == base)
                    .map(|(_, v)| *v);
                match b {
                    Some(b) if b.is_finite() && b != 0.0 => Ok(LineSeries {
                        label: s.label.clone(),
                        periods: s.periods.clone(),
                        values: s.values.iter().map(|v| v / b * 100.0).collect(),
                    }),
                    _ => Err(Error::usage(format!(
                        "cannot index series \"{}\" to {}: it has no non-zero value there",
                        s.label, base
                    ))),
                }
            })
            .collect()
    }
}

impl Chart for LineChart {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> String {
        let series = self.plotted().unwrap_or_else(|_| self.series.clone());
        let mut d = format!("Line chart with {} series", series.len());
        if !self.subtitle.is_empty() {
            d.push_str(&format!(" ({})", self.subtitle));
        }
        if let Some(b) = self.index_base {
            d.push_str(&format!(", indexed to {} = 100", b.ons_label()));
        }
        d.push_str(". ");
        d.push_str(
            &series
                .iter()
                .map(LineSeries::describe)
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
        if self.series.is_empty() {
            return Err(Error::not_enough_data("line chart (series)", 1, 0));
        }
        for s in &self.series {
            s.check()?;
        }
        let finite: usize = self.series.iter().map(LineSeries::n_finite).sum();
        if finite == 0 {
            return Err(Error::not_enough_data("line chart (finite values)", 1, 0));
        }
        self.plotted().map(|_| ())
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let series = self.plotted()?;
        let top = canvas::header(area, &self.title, &self.subtitle)?;
        let bottom = canvas::footer(area, &self.source)?;
        let xs: Vec<Vec<f64>> = series.iter().map(LineSeries::xs).collect();
        let xr = finite_range(xs.iter().flatten()).unwrap_or((0.0, 1.0));
        let (mut ylo, mut yhi) =
            finite_range(series.iter().flat_map(|s| s.values.iter())).unwrap_or((0.0, 1.0));
        if self.y_zero {
            ylo = ylo.min(0.0);
            yhi = yhi.max(0.0);
        }
        let (w, _) = area.dim_in_pixel();
        let ls = style::font(style::size::LABEL, true, style::TEXT);
        let max_label = series
            .iter()
            .map(|s| canvas::text_width(area, &s.label, &ls))
            .max()
            .unwrap_or(0);
        let reserve = (max_label + 20 + canvas::MARGIN / 2).min(w as i32 * 3 / 10);
        let l = canvas::time_layout(
            area,
            top,
            bottom,
            xr,
            (ylo, yhi),
            reserve,
            !self.x_label.is_empty(),
        );
        let y_label = if self.y_label.is_empty() && self.index_base.is_some() {
            "Index (base = 100)".to_string()
        } else {
            self.y_label.clone()
        };
        canvas::time_axes(area, &l, &y_label, &self.x_label)?;
        let mut labels = Vec::new();
        for (i, (s, x)) in series.iter().zip(&xs).enumerate() {
            let c = style::series_colour(i);
            let last = canvas::broken_line(area, x, &s.values, &l.sx, &l.sy, c, style::LINE_WIDTH)?;
            if let Some((_, y)) = last {
                labels.push((s.label.clone(), y, c));
            }
        }
        canvas::direct_labels(area, l.rect.x1 + 8, &labels, l.rect)?;
        Ok(())
    }
}

/// Renders a [`LineChart`] to `STEM.png` and `STEM.svg`.
///
/// # Errors
/// No series, nothing finite, lengths that differ, a base period without
/// a value, or a file that cannot be written.
///
/// ```
/// use colcrime::charts::{render_line, LineChart};
/// let dir = tempfile::tempdir().unwrap();
/// assert!(render_line(&LineChart::default(), &dir.path().join("x")).is_err());
/// ```
pub fn render_line(chart: &LineChart, stem: &Path) -> Result<ChartFiles> {
    chart.render(stem)
}
