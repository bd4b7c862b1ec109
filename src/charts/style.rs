//! The house style of every colcrime chart, after the UK Government
//! Analysis Function's *Data visualisation: charts* guidance and the ONS
//! style guide:
//!
//! - the **title states the finding** ("Robbery fell faster than prices
//!   rose"), the **subtitle** gives the measure, units and period;
//! - axes are labelled; the y-axis label sits horizontally above the axis
//!   (no rotated text);
//! - lines carry **direct labels** at their ends instead of a legend;
//! - the **categorical palette** is the Analysis Function's colour-blind-safe
//!   one ([`PALETTE`]), in its fixed order;
//! - **light horizontal gridlines only**, no chart border, a darker zero line;
//! - a **source line** at the bottom names the datasets and release dates;
//! - one page-friendly size: 960 × 540 px PNG with a matching SVG
//!   ([`WIDTH`], [`HEIGHT`]).
//!
//! The typeface is Liberation Sans (SIL Open Font License 1.1, metric
//! compatible with Arial, the typeface the guidance recommends). It is
//! bundled in `assets/fonts/` and compiled in, so charts render the same on
//! a machine with no fonts installed. [`ensure_fonts`] registers it with
//! plotters once.
//!
//! ```
//! use colcrime::charts::style;
//! assert_eq!(style::PALETTE[0].hex(), "#12436D");
//! assert!(style::ensure_fonts().is_ok());
//! ```

use std::sync::OnceLock;

use plotters::style::{FontFamily, FontStyle, IntoFont, RGBColor, TextStyle};

use crate::error::{Error, Result};

/// Width of a full-page chart in pixels.
pub const WIDTH: u32 = 960;
/// Height of a full-page chart in pixels.
pub const HEIGHT: u32 = 540;

/// The font family name under which the bundled font is registered. It is
/// also the SVG `font-family`, so a browser falls back to Arial and then to
/// any sans-serif face.
pub const FONT_FAMILY: &str = "Liberation Sans, Arial, sans-serif";

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// The bundled TrueType file, regular or bold (to embed a subset of it in
/// an SVG, see [`crate::charts::subset_font`]).
///
/// ```
/// assert_eq!(&colcrime::charts::style::font_bytes(true)[..4], &[0, 1, 0, 0]);
/// ```
pub fn font_bytes(bold: bool) -> &'static [u8] {
    if bold { BOLD } else { REGULAR }
}

/// An sRGB colour of the house palette.
///
/// ```
/// use colcrime::charts::style::Colour;
/// assert_eq!(Colour(0x12, 0x43, 0x6D).hex(), "#12436D");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    /// The colour as `#RRGGBB` (upper case, as plotters writes SVG colours).
    ///
    /// ```
    /// use colcrime::charts::style::TEXT;
    /// assert_eq!(TEXT.hex(), "#0B0C0C");
    /// ```
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// The plotters colour.
    ///
    /// ```
    /// use colcrime::charts::style::PALETTE;
    /// assert_eq!(PALETTE[1].rgb().1, 0xA1);
    /// ```
    pub fn rgb(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    /// This colour mixed with white: `t = 0` is the colour, `t = 1` white.
    /// Used for the fan chart's bands, which must stay opaque so that the
    /// PNG and SVG look the same.
    ///
    /// ```
    /// use colcrime::charts::style::Colour;
    /// assert_eq!(Colour(0, 100, 200).tint(0.5), Colour(128, 178, 228));
    /// ```
    pub fn tint(self, t: f64) -> Colour {
        let t = t.clamp(0.0, 1.0);
        let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * t).round() as u8;
        Colour(mix(self.0), mix(self.1), mix(self.2))
    }
}

/// The Analysis Function categorical palette, in order: dark blue,
/// turquoise, dark pink, orange, dark grey, light purple. Use at most six
/// categories; beyond that use small multiples.
///
/// ```
/// use colcrime::charts::style::PALETTE;
/// assert_eq!(PALETTE.len(), 6);
/// assert_eq!(PALETTE[3].hex(), "#F46A25");
/// ```
pub const PALETTE: [Colour; 6] = [
    Colour(0x12, 0x43, 0x6D),
    Colour(0x28, 0xA1, 0x97),
    Colour(0x80, 0x16, 0x50),
    Colour(0xF4, 0x6A, 0x25),
    Colour(0x3D, 0x3D, 0x3D),
    Colour(0xA2, 0x85, 0xD1),
];

/// Main text colour (GOV.UK black).
pub const TEXT: Colour = Colour(0x0B, 0x0C, 0x0C);
/// Secondary text colour: subtitle, tick labels, source line.
pub const TEXT_MUTED: Colour = Colour(0x50, 0x5A, 0x5F);
/// Gridline colour (light grey).
pub const GRID: Colour = Colour(0xD9, 0xD9, 0xD9);
/// The zero line and axis baseline.
pub const BASELINE: Colour = Colour(0x70, 0x70, 0x70);
/// Page background.
pub const BACKGROUND: Colour = Colour(0xFF, 0xFF, 0xFF);
/// Shading for a forecast period or a highlighted region.
pub const SHADE: Colour = Colour(0xF3, 0xF2, 0xF1);

/// Line width of data series, in pixels.
pub const LINE_WIDTH: u32 = 3;
/// Line width in small multiples.
pub const PANEL_LINE_WIDTH: u32 = 2;

/// Font sizes in plotters units (plotters writes `size / 1.24` as the SVG
/// font size in pixels).
pub mod size {
    /// Title: the finding.
    pub const TITLE: f64 = 29.0;
    /// Subtitle: measure, units, period.
    pub const SUBTITLE: f64 = 21.0;
    /// Axis labels and direct labels.
    pub const LABEL: f64 = 19.0;
    /// Tick labels.
    pub const TICK: f64 = 17.5;
    /// Source line and notes.
    pub const SOURCE: f64 = 15.5;
    /// Panel titles in small multiples.
    pub const PANEL: f64 = 14.5;
    /// Tick labels in small multiples.
    pub const PANEL_TICK: f64 = 12.5;
}

/// The bundled faces, parsed once, for measuring and rasterising text.
static FACES: OnceLock<Option<(ab_glyph::FontRef<'static>, ab_glyph::FontRef<'static>)>> =
    OnceLock::new();

/// The bundled regular or bold face.
pub(crate) fn face(bold: bool) -> Option<&'static ab_glyph::FontRef<'static>> {
    let faces = FACES.get_or_init(|| {
        let r = ab_glyph::FontRef::try_from_slice(REGULAR).ok()?;
        let b = ab_glyph::FontRef::try_from_slice(BOLD).ok()?;
        Some((r, b))
    });
    faces.as_ref().map(|(r, b)| if bold { b } else { r })
}

static FONTS: OnceLock<std::result::Result<(), String>> = OnceLock::new();

/// Registers the bundled font with plotters, once per process. Every
/// render function calls it; calling it again is free.
///
/// # Errors
/// The bundled font could not be parsed (a corrupted build).
///
/// ```
/// assert!(colcrime::charts::style::ensure_fonts().is_ok());
/// assert!(colcrime::charts::style::ensure_fonts().is_ok());
/// ```
pub fn ensure_fonts() -> Result<()> {
    let r = FONTS.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, REGULAR)
            .map_err(|_| "the bundled regular font is invalid".to_string())?;
        plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, BOLD)
            .map_err(|_| "the bundled bold font is invalid".to_string())?;
        Ok(())
    });
    r.clone().map_err(Error::other)
}

/// A text style in the house font.
///
/// ```
/// use colcrime::charts::style::{font, TEXT};
/// let s = font(16.0, false, TEXT);
/// assert_eq!(s.font.get_size(), 16.0);
/// ```
pub fn font(size: f64, bold: bool, colour: Colour) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    (FontFamily::Name(FONT_FAMILY), size, style)
        .into_font()
        .color(&colour.rgb())
}

/// The colour of the `i`-th series (cycling through [`PALETTE`]).
///
/// ```
/// use colcrime::charts::style::{series_colour, PALETTE};
/// assert_eq!(series_colour(7), PALETTE[1]);
/// ```
pub fn series_colour(i: usize) -> Colour {
    PALETTE[i % PALETTE.len()]
}
