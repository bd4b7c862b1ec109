//! Briefing charts drawn with plotters in one house style ([`style`]).
//!
//! Every chart type is a plain data struct (periods, numbers and a
//! [`Forecast`](crate::forecast::Forecast), never a model) with a render
//! function that writes `STEM.png` (960 × 540 px by default) and a matching
//! `STEM.svg`, each atomically (a temporary file in the same directory,
//! then a rename). The SVG carries `<title>` and `<desc>` for screen
//! readers, and all text (title, axis labels, direct labels) as `<text>`
//! in its own typeface: the glyphs it uses are embedded as `@font-face`
//! data ([`embed_font`]), so a browser lays the text out with the metrics
//! the chart was measured with, on any machine.
//!
//! | Chart | Struct | Render |
//! |---|---|---|
//! | time-series lines, optionally indexed | [`LineChart`] | [`render_line`] |
//! | forecast fan (80 % and 95 % bands) | [`FanChart`] | [`render_fan`] |
//! | small multiples (one panel per borough) | [`SmallMultiples`] | [`render_small_multiples`] |
//! | ranked horizontal bars | [`BarChart`] | [`render_bar`] |
//! | coefficients with confidence intervals | [`ForestChart`] | [`render_forest`] |
//! | VAR impulse responses with ±1.96 s.e. bands | [`IrfChart`] | [`render_irf`] |
//! | ACF and PACF with ±1.96/√n bounds | [`AcfChart`] | [`render_acf`] |
//! | scatter with fitted line and 95 % band | [`ScatterChart`] | [`render_scatter`] |
//! | residual diagnostics (time, histogram, ACF, Q-Q) | [`ResidualChart`] | [`render_residuals`] |
//! | data revision: previous release dashed where it differs | [`RevisionChart`] | [`render_revision`] |
//! | distributions in small multiples (wards by borough) | [`StripMultiples`] | [`render_strips`] |
//!
//! Missing values (NaN) break lines; they are never drawn as zero. Bad
//! input (no series, nothing finite, mismatched lengths, infinite
//! forecasts) is an [`Error`], never a panic.
//!
//! ```
//! use colcrime::charts::{render_line, LineChart, LineSeries};
//! use colcrime::series::Period;
//! let p0 = Period::month(2024, 1).unwrap();
//! let chart = LineChart {
//!     title: "Inflation fell through 2024".into(),
//!     subtitle: "CPI annual rate, %, UK, January to June 2024".into(),
//!     y_label: "%".into(),
//!     source: "ONS, Consumer price inflation (MM23), 25 March 2026".into(),
//!     series: vec![LineSeries::new("CPI", (0..6).map(|i| p0.offset(i)).collect(), vec![4.0, 3.4, 3.2, 2.3, 2.0, 2.0])],
//!     ..Default::default()
//! };
//! let dir = tempfile::tempdir().unwrap();
//! let files = render_line(&chart, &dir.path().join("cpi")).unwrap();
//! let svg = std::fs::read_to_string(&files.svg).unwrap();
//! assert!(svg.contains("<title id=\"chart-title\">Inflation fell through 2024</title>"));
//! assert!(files.png.exists());
//! ```

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};

use crate::error::{Error, Result};

mod acf;
mod bar;
mod canvas;
mod embed;
mod fan;
mod font_subset;
mod forest;
mod irf;
mod line;
mod lorenz;
mod multiples;
mod panel;
mod residuals;
mod revision;
mod scatter;
mod strips;
pub mod style;

pub use crate::stats::acf::{acf, default_nlags, pacf};
pub use acf::{AcfChart, render_acf};
pub use bar::{Bar, BarChart, render_bar};
pub use embed::embed_font;
pub use fan::{FanChart, render_fan};
pub use font_subset::subset_font;
pub use forest::{Coefficient, ForestChart, render_forest};
pub use irf::{IrfChart, render_irf};
pub use line::{LineChart, LineSeries, render_line};
pub use lorenz::{LorenzChart, LorenzCurve, render_lorenz};
pub use multiples::{PanelScale, SmallMultiples, render_small_multiples};
pub use residuals::{ResidualChart, qq_points, render_residuals};
pub use revision::{RevisionChart, render_revision, revised_stretches};
pub use scatter::{LineFit, ScatterChart, ScatterPoint, render_scatter};
pub use strips::{StripMultiples, StripPanel, render_strips};

/// The two files a render wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFiles {
    /// `STEM.png`.
    pub png: PathBuf,
    /// `STEM.svg`.
    pub svg: PathBuf,
}

/// A chart that can be drawn on any plotters backend. The chart types of
/// this module implement it; [`Chart::render`] and [`Chart::to_svg`] are
/// the entry points.
pub trait Chart {
    /// The size in pixels (width, height).
    fn size(&self) -> (u32, u32);
    /// The title (the finding), also the SVG `<title>`.
    fn title(&self) -> &str;
    /// A plain-language description for the SVG `<desc>`: what is plotted,
    /// the period covered and the latest values.
    fn description(&self) -> String;
    /// Checks the data: lengths agree and something is finite.
    ///
    /// # Errors
    /// Whatever makes the chart impossible to draw.
    fn validate(&self) -> Result<()>;
    /// Draws on a plotters drawing area of [`Chart::size`].
    ///
    /// # Errors
    /// A drawing error from the backend.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()>;

    /// The chart as an accessible SVG document.
    ///
    /// # Errors
    /// Invalid data ([`Chart::validate`]) or a drawing error.
    ///
    /// ```
    /// use colcrime::charts::{Bar, BarChart, Chart};
    /// let c = BarChart { title: "A leads".into(), bars: vec![Bar::new("A", 2.0), Bar::new("B", 1.0)], ..Default::default() };
    /// let svg = c.to_svg().unwrap();
    /// assert!(svg.contains("<desc id=\"chart-desc\">"));
    /// ```
    fn to_svg(&self) -> Result<String> {
        self.validate()?;
        style::ensure_fonts()?;
        let mut buf = String::new();
        {
            let area = SVGBackend::with_string(&mut buf, self.size()).into_drawing_area();
            area.fill(&style::BACKGROUND.rgb())
                .map_err(canvas::draw_err)?;
            self.draw(&area)?;
            area.present().map_err(canvas::draw_err)?;
        }
        embed_font(&accessible_svg(&buf, self.title(), &self.description()))
    }

    /// Writes `STEM.png` and `STEM.svg` (creating the directory if needed),
    /// each atomically.
    ///
    /// # Errors
    /// Invalid data, a drawing error, or a file that cannot be written.
    ///
    /// ```
    /// use colcrime::charts::{Bar, BarChart, Chart};
    /// let c = BarChart { title: "A leads".into(), bars: vec![Bar::new("A", 2.0)], ..Default::default() };
    /// let dir = tempfile::tempdir().unwrap();
    /// let f = c.render(&dir.path().join("bars")).unwrap();
    /// assert!(f.png.ends_with("bars.png") && f.svg.exists());
    /// ```
    fn render(&self, stem: &Path) -> Result<ChartFiles> {
        let svg = self.to_svg()?;
        let files = ChartFiles {
            png: with_suffix(stem, ".png"),
            svg: with_suffix(stem, ".svg"),
        };
        let dir = match stem.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        // PNG: draw into a temporary file with a .png name (the encoder
        // picks the format from the extension), then rename.
        let tmp = crate::workspace::atomic::temp_file_in(&dir, ".colcrime-chart-", ".png")?;
        {
            let _raster = canvas::raster_mode();
            let area = BitMapBackend::new(tmp.path(), self.size()).into_drawing_area();
            area.fill(&style::BACKGROUND.rgb())
                .map_err(canvas::draw_err)?;
            self.draw(&area)?;
            area.present().map_err(canvas::draw_err)?;
        }
        tmp.persist(&files.png)
            .map_err(|e| Error::io(&files.png, e.error))?;
        write_atomic(&files.svg, svg.as_bytes())?;
        Ok(files)
    }
}

/// `stem` with a suffix appended (not replacing any dot in the stem).
fn with_suffix(stem: &Path, suffix: &str) -> PathBuf {
    let mut s: OsString = stem.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Writes a file atomically (a temporary file in the same directory, then
/// a rename), with the umask's ordinary mode: the workspace's writer.
///
/// # Errors
/// The directory cannot be written.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::workspace::write_atomic(path, bytes)
}

/// Escapes text for XML content and attributes.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Adds `role="img"`, `aria-labelledby`, `<title>` and `<desc>` to the SVG
/// plotters wrote.
///
/// ```
/// let svg = colcrime::charts::accessible_svg("<svg width=\"1\">\n</svg>", "T & U", "D");
/// assert!(svg.starts_with("<svg width=\"1\" role=\"img\""));
/// assert!(svg.contains("<title id=\"chart-title\">T &amp; U</title>"));
/// ```
pub fn accessible_svg(svg: &str, title: &str, desc: &str) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg.to_string();
    };
    let Some(end) = svg
        .get(start..)
        .and_then(|s| s.find('>'))
        .map(|e| start + e)
    else {
        return svg.to_string();
    };
    let (head, tail) = svg.split_at(end);
    let (head, close) = match head.strip_suffix('/') {
        Some(h) => (h, "/"),
        None => (head, ""),
    };
    format!(
        "{head} role=\"img\" aria-labelledby=\"chart-title chart-desc\"{close}>\n<title id=\"chart-title\">{}</title>\n<desc id=\"chart-desc\">{}</desc>{}",
        xml_escape(title),
        xml_escape(desc),
        tail.get(1..).unwrap_or("")
    )
}

/// A number for a description: up to 3 significant decimals, no noise.
fn describe_num(v: f64) -> String {
    if !v.is_finite() {
        return "missing".into();
    }
    let a = v.abs();
    let s = if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    // A small negative value rounds to zero, not "-0".
    if s == "-0" { "0".into() } else { s }
}

#[cfg(test)]
mod describe_tests {
    use super::describe_num;

    #[test]
    fn numbers_in_alt_text_are_rounded_readably() {
        assert_eq!(describe_num(-0.001), "0");
        assert_eq!(describe_num(-0.25), "-0.25");
        assert_eq!(describe_num(12.34), "12.3");
        assert_eq!(describe_num(f64::NAN), "missing");
    }
}
