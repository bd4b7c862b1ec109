//! Drawing primitives shared by the chart types: linear scales, "nice"
//! ticks, time ticks, the title block, the source line and axes, all in
//! pixel coordinates on a plotters drawing area (bitmap or SVG alike).
//!
//! The chart types draw their own axes rather than use plotters'
//! `ChartBuilder` so that the house style (horizontal gridlines only, the
//! y-axis label above the axis, direct labels, left-aligned titles) is
//! exact and identical in PNG and SVG.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::coord::Shift;
use plotters::element::{Circle, DashedPathElement, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, RGBAColor, ShapeStyle, TextStyle};

use super::style::{self, Colour};
use crate::error::{Error, Result};
use crate::series::{Frequency, Period};

/// The drawing area type every chart draws on.
pub(crate) type Area<DB> = DrawingArea<DB, Shift>;

/// Converts a plotters drawing error into the crate's error.
pub(crate) fn draw_err<E: std::fmt::Debug>(e: E) -> Error {
    Error::other(format!("drawing the chart failed: {e:?}"))
}

/// Outer margin of a page in pixels.
pub(crate) const MARGIN: i32 = 24;

/// A rectangle in pixels (x0, y0) top-left to (x1, y1) bottom-right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub(crate) x0: i32,
    pub(crate) y0: i32,
    pub(crate) x1: i32,
    pub(crate) y1: i32,
}

impl Rect {
    pub(crate) fn height(&self) -> i32 {
        self.y1 - self.y0
    }
}

/// A linear map from data `[lo, hi]` to pixels `[p0, p1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) p0: f64,
    pub(crate) p1: f64,
}

impl Scale {
    pub(crate) fn new(lo: f64, hi: f64, p0: i32, p1: i32) -> Scale {
        let (lo, hi) = if hi > lo {
            (lo, hi)
        } else {
            (lo - 0.5, lo + 0.5)
        };
        Scale {
            lo,
            hi,
            p0: f64::from(p0),
            p1: f64::from(p1),
        }
    }
    pub(crate) fn px(&self, v: f64) -> i32 {
        let t = (v - self.lo) / (self.hi - self.lo);
        let p = self.p0 + t * (self.p1 - self.p0);
        // Keep far-off values drawable (plotters works in i32).
        p.clamp(-1.0e6, 1.0e6).round() as i32
    }
}

/// The x position of a period in fractional years (the start of the
/// period): 2024 Q2 is 2024.25; a financial year starts in April.
pub(crate) fn period_x(p: &Period) -> f64 {
    let y = f64::from(p.year_number());
    match p.freq() {
        Frequency::Monthly => y + f64::from(p.sub_year() - 1) / 12.0,
        Frequency::Quarterly => y + f64::from(p.sub_year() - 1) / 4.0,
        Frequency::Annual => y,
        Frequency::FinancialYear => y + 0.25,
    }
}

/// The finite range of some values, or `None` if none is finite.
pub(crate) fn finite_range<'a>(vals: impl IntoIterator<Item = &'a f64>) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for &v in vals {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    (lo <= hi).then_some((lo, hi))
}

/// "Nice" axis ticks covering `[lo, hi]`: steps of 1, 2 or 5 times a
/// power of ten, the smallest step giving at most `target + 2` intervals.
/// Returns the ticks (first ≤ lo, last ≥ hi) and the step.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else if lo == 0.0 {
        (-1.0, 1.0)
    } else {
        (lo - lo.abs() * 0.1, hi + hi.abs() * 0.1)
    };
    let max_intervals = (target.max(2) + 2) as f64;
    let raw = (hi - lo) / max_intervals;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = 10.0 * mag;
    for m in [1.0, 2.0, 5.0, 10.0, 20.0] {
        let s = m * mag;
        if (hi / s).ceil() - (lo / s).floor() <= max_intervals {
            step = s;
            break;
        }
    }
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    let n = ((last - first) as usize).min(50);
    let ticks = (0..=n).map(|i| (first + i as f64) * step).collect();
    (ticks, step)
}

/// Formats a tick value with as many decimals as the step needs and
/// thousands separators: `2,500`, `0.25`, `-1.5`.
pub(crate) fn format_tick(v: f64, step: f64) -> String {
    let decimals = if step <= 0.0 || !step.is_finite() {
        0
    } else {
        (0..=6usize)
            .find(|d| {
                let scaled = step * 10f64.powi(*d as i32);
                (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
            })
            .unwrap_or(6)
    };
    let v = if v.abs() < step.abs() * 1e-9 { 0.0 } else { v };
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), format!(".{f}")),
        None => (s.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{grouped}{frac}")
}

const MONTH_ABBR: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Time-axis ticks between fractional years `lo` and `hi`: whole years
/// (every 1, 2, 5, 10 or 20 years) over long spans, quarters or months over
/// short ones; at most `max_labels`.
pub(crate) fn time_ticks(lo: f64, hi: f64, max_labels: usize) -> Vec<(f64, String)> {
    let span = (hi - lo).max(0.0);
    let max_labels = max_labels.max(2);
    if span >= 3.0 {
        let step = [1, 2, 5, 10, 20, 50, 100]
            .into_iter()
            .find(|s| span / f64::from(*s) <= max_labels as f64)
            .unwrap_or(100);
        let first = (lo.ceil() as i64).div_euclid(i64::from(step)) * i64::from(step);
        let mut out = Vec::new();
        let mut y = first;
        while (y as f64) <= hi + 1e-9 {
            if (y as f64) >= lo - 1e-9 {
                out.push((y as f64, y.to_string()));
            }
            y += i64::from(step);
        }
        return out;
    }
    let months = [1, 3, 6, 12]
        .into_iter()
        .find(|m| span * 12.0 / f64::from(*m) < max_labels as f64)
        .unwrap_or(12);
    let start = (lo * 12.0).ceil() as i64;
    let mut out = Vec::new();
    let mut m = start;
    while (m as f64) / 12.0 <= hi + 1e-9 {
        if m.rem_euclid(i64::from(months)) == 0 {
            let year = m.div_euclid(12);
            let mi = m.rem_euclid(12) as usize;
            let name = MONTH_ABBR.get(mi).copied().unwrap_or("");
            out.push((m as f64 / 12.0, format!("{name} {year}")));
        }
        m += 1;
    }
    out
}

/// A text anchor: horizontal and vertical position of the anchor point.
pub(crate) fn anchored(s: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    s.pos(Pos::new(h, v))
}

thread_local! {
    /// True while a chart is drawn on a bitmap: text is then rasterised
    /// here (see [`text`]).
    static RASTER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Switches text to rasterising mode until the guard is dropped.
pub(crate) struct RasterGuard(());

impl Drop for RasterGuard {
    fn drop(&mut self) {
        RASTER.with(|r| r.set(false));
    }
}

/// Enters rasterising mode for the current thread.
pub(crate) fn raster_mode() -> RasterGuard {
    RASTER.with(|r| r.set(true));
    RasterGuard(())
}

/// The em size in pixels of a plotters font size (plotters writes
/// `size / 1.24` as the SVG font size).
fn em(st: &TextStyle<'static>) -> f32 {
    (st.font.get_size() / 1.24) as f32
}

fn is_bold(st: &TextStyle<'static>) -> bool {
    matches!(st.font.get_style(), FontStyle::Bold)
}

/// The glyph scale giving an em of `em` pixels.
fn px_scale(font: &FontRef<'static>, em: f32) -> PxScale {
    let upem = font.units_per_em().unwrap_or(2048.0);
    PxScale::from(em * font.height_unscaled() / upem)
}

/// Draws text. In SVG it is a `<text>` element; on a bitmap it is
/// rasterised here with the bundled font at the same em size, baseline
/// and anchor as the SVG (plotters' own rasteriser drops each glyph's
/// left side bearing, which makes the spacing uneven).
pub(crate) fn text<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    at: (i32, i32),
    st: &TextStyle<'static>,
) -> Result<()> {
    if RASTER.with(|r| r.get())
        && let Some(font) = style::face(is_bold(st))
    {
        return raster_text(area, font, s, at, st);
    }
    area.draw(&Text::new(s.to_string(), at, st.clone()))
        .map_err(draw_err)
}

fn raster_text<DB: DrawingBackend>(
    area: &Area<DB>,
    font: &FontRef<'static>,
    s: &str,
    (x, y): (i32, i32),
    st: &TextStyle<'static>,
) -> Result<()> {
    let em = em(st);
    let scaled = font.as_scaled(px_scale(font, em));
    let width = measure(font, em, s);
    let x0 = match st.pos.h_pos {
        HPos::Left => x as f32,
        HPos::Center => x as f32 - width / 2.0,
        HPos::Right => x as f32 - width,
    };
    // The SVG backend's dy: 0.76em (top), 0.5ex (centre), -0.5ex (bottom);
    // the x-height of Liberation Sans is 0.519 em.
    let baseline = y as f32
        + match st.pos.v_pos {
            VPos::Top => 0.76 * em,
            VPos::Center => 0.26 * em,
            VPos::Bottom => -0.26 * em,
        };
    let (r, g, b) = st.color.rgb;
    let alpha = st.color.alpha;
    let mut pen = x0;
    for c in s.chars() {
        let id = scaled.glyph_id(c);
        let glyph = id.with_scale_and_position(scaled.scale(), point(pen, baseline));
        pen += scaled.h_advance(id);
        let Some(outlined) = scaled.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        let mut err = None;
        outlined.draw(|gx, gy, cov| {
            if err.is_some() || cov <= 0.0 {
                return;
            }
            let px = bounds.min.x as i32 + gx as i32;
            let py = bounds.min.y as i32 + gy as i32;
            let colour = RGBAColor(r, g, b, alpha * f64::from(cov.min(1.0)));
            if let Err(e) = area.draw_pixel((px, py), &colour) {
                err = Some(draw_err(e));
            }
        });
        if let Some(e) = err {
            return Err(e);
        }
    }
    Ok(())
}

/// The advance width of a text in pixels at an em size: the sum of the
/// glyphs' advances, unkerned, as the SVG's embedded font (which carries
/// no kerning) and the rasteriser lay it out.
fn measure(font: &FontRef<'static>, em: f32, s: &str) -> f32 {
    let scaled = font.as_scaled(px_scale(font, em));
    s.chars()
        .map(|c| scaled.h_advance(scaled.glyph_id(c)))
        .sum()
}

/// The width of a text in pixels (the same in SVG and PNG).
pub(crate) fn text_width<DB: DrawingBackend>(
    _area: &Area<DB>,
    s: &str,
    st: &TextStyle<'static>,
) -> i32 {
    match style::face(is_bold(st)) {
        Some(font) => measure(font, em(st), s).ceil() as i32,
        None => (s.chars().count() as f64 * st.font.get_size() * 0.5) as i32,
    }
}

/// Splits a text into lines no wider than `width` pixels (at word
/// boundaries; a single over-long word stays on its own line).
pub(crate) fn wrap<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    st: &TextStyle<'static>,
    width: i32,
) -> Vec<String> {
    // A 2% margin for renderers that round glyph advances.
    let width = width - width / 50;
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let cand = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && text_width(area, &cand, st) > width {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = cand;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// A solid line through points.
pub(crate) fn polyline<DB: DrawingBackend>(
    area: &Area<DB>,
    pts: Vec<(i32, i32)>,
    colour: Colour,
    width: u32,
) -> Result<()> {
    if pts.len() < 2 {
        return Ok(());
    }
    let st = ShapeStyle::from(&colour.rgb()).stroke_width(width);
    area.draw(&PathElement::new(pts, st)).map_err(draw_err)
}

/// A dashed line through points.
pub(crate) fn dashed<DB: DrawingBackend>(
    area: &Area<DB>,
    pts: Vec<(i32, i32)>,
    colour: Colour,
    width: u32,
) -> Result<()> {
    if pts.len() < 2 {
        return Ok(());
    }
    let st = ShapeStyle::from(&colour.rgb()).stroke_width(width);
    area.draw(&DashedPathElement::new(pts, 8, 5, st))
        .map_err(draw_err)
}

/// A filled polygon.
pub(crate) fn polygon<DB: DrawingBackend>(
    area: &Area<DB>,
    pts: Vec<(i32, i32)>,
    colour: Colour,
) -> Result<()> {
    if pts.len() < 3 {
        return Ok(());
    }
    area.draw(&Polygon::new(pts, colour.rgb().filled()))
        .map_err(draw_err)
}

/// A filled rectangle.
pub(crate) fn rect<DB: DrawingBackend>(area: &Area<DB>, r: Rect, colour: Colour) -> Result<()> {
    area.draw(&Rectangle::new(
        [(r.x0, r.y0), (r.x1, r.y1)],
        colour.rgb().filled(),
    ))
    .map_err(draw_err)
}

/// A filled dot.
pub(crate) fn dot<DB: DrawingBackend>(
    area: &Area<DB>,
    at: (i32, i32),
    r: u32,
    colour: Colour,
) -> Result<()> {
    area.draw(&Circle::new(at, r, colour.rgb().filled()))
        .map_err(draw_err)
}

/// Draws a series as lines broken at missing (non-finite) values; an
/// isolated finite point becomes a dot. Returns the last finite point.
pub(crate) fn broken_line<DB: DrawingBackend>(
    area: &Area<DB>,
    xs: &[f64],
    ys: &[f64],
    sx: &Scale,
    sy: &Scale,
    colour: Colour,
    width: u32,
) -> Result<Option<(i32, i32)>> {
    let mut seg: Vec<(i32, i32)> = Vec::new();
    let mut last = None;
    let flush = |seg: &mut Vec<(i32, i32)>| -> Result<()> {
        match seg.len() {
            0 => {}
            1 => dot(area, seg[0], width + 1, colour)?,
            _ => polyline(area, std::mem::take(seg), colour, width)?,
        }
        seg.clear();
        Ok(())
    };
    for (x, y) in xs.iter().zip(ys) {
        if x.is_finite() && y.is_finite() {
            let p = (sx.px(*x), sy.px(*y));
            seg.push(p);
            last = Some(p);
        } else {
            flush(&mut seg)?;
        }
    }
    flush(&mut seg)?;
    Ok(last)
}

/// The title block: bold title (wrapped), then the subtitle, left aligned
/// at the margin. Returns the y just below it.
pub(crate) fn header<DB: DrawingBackend>(
    area: &Area<DB>,
    title: &str,
    subtitle: &str,
) -> Result<i32> {
    let (w, _) = area.dim_in_pixel();
    let width = w as i32 - 2 * MARGIN;
    let mut y = MARGIN - 4;
    let ts = anchored(
        style::font(style::size::TITLE, true, style::TEXT),
        HPos::Left,
        VPos::Top,
    );
    for line in wrap(area, title, &ts, width) {
        text(area, &line, (MARGIN, y), &ts)?;
        y += (style::size::TITLE * 1.15) as i32;
    }
    if !subtitle.is_empty() {
        y += 2;
        let ss = anchored(
            style::font(style::size::SUBTITLE, false, style::TEXT_MUTED),
            HPos::Left,
            VPos::Top,
        );
        for line in wrap(area, subtitle, &ss, width) {
            text(area, &line, (MARGIN, y), &ss)?;
            y += (style::size::SUBTITLE * 1.15) as i32;
        }
    }
    Ok(y + 8)
}

/// The source line at the bottom left (wrapped). Returns the y just above
/// it.
pub(crate) fn footer<DB: DrawingBackend>(area: &Area<DB>, source: &str) -> Result<i32> {
    let (w, h) = area.dim_in_pixel();
    let width = w as i32 - 2 * MARGIN;
    let st = anchored(
        style::font(style::size::SOURCE, false, style::TEXT_MUTED),
        HPos::Left,
        VPos::Bottom,
    );
    let s = if source.is_empty() {
        String::new()
    } else if source.to_ascii_lowercase().starts_with("source") {
        source.to_string()
    } else {
        format!("Source: {source}")
    };
    let lines = wrap(area, &s, &st, width);
    let lh = (style::size::SOURCE * 1.2) as i32;
    let mut y = h as i32 - MARGIN + 8;
    for line in lines.iter().rev() {
        text(area, line, (MARGIN, y), &st)?;
        y -= lh;
    }
    Ok(y - 6)
}

/// A "No data" message in the middle of a rectangle.
pub(crate) fn no_data<DB: DrawingBackend>(area: &Area<DB>, r: Rect, size: f64) -> Result<()> {
    let st = anchored(
        style::font(size, false, style::TEXT_MUTED),
        HPos::Center,
        VPos::Center,
    );
    text(area, "No data", ((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2), &st)
}

/// Horizontal gridlines with tick labels on the left, the y-axis label
/// above the plot, and a darker line at zero (or at the bottom).
pub(crate) struct YAxis<'a> {
    pub(crate) ticks: &'a [f64],
    pub(crate) step: f64,
    pub(crate) label: &'a str,
    pub(crate) tick_size: f64,
}

/// Draws the y axis of [`YAxis`] on plot rectangle `r` with scale `sy`.
pub(crate) fn y_axis<DB: DrawingBackend>(
    area: &Area<DB>,
    r: Rect,
    sy: &Scale,
    ax: &YAxis<'_>,
) -> Result<()> {
    let ts = anchored(
        style::font(ax.tick_size, false, style::TEXT_MUTED),
        HPos::Right,
        VPos::Center,
    );
    let has_zero = ax.ticks.iter().any(|t| t.abs() < ax.step * 1e-9);
    for &t in ax.ticks {
        let y = sy.px(t);
        let is_zero = t.abs() < ax.step * 1e-9;
        let colour = if is_zero {
            style::BASELINE
        } else {
            style::GRID
        };
        polyline(area, vec![(r.x0, y), (r.x1, y)], colour, 1)?;
        text(area, &format_tick(t, ax.step), (r.x0 - 6, y), &ts)?;
    }
    if !has_zero {
        polyline(area, vec![(r.x0, r.y1), (r.x1, r.y1)], style::BASELINE, 1)?;
    }
    if !ax.label.is_empty() {
        let ls = anchored(
            style::font(style::size::LABEL, false, style::TEXT),
            HPos::Left,
            VPos::Bottom,
        );
        text(area, ax.label, (MARGIN, r.y0 - 10), &ls)?;
    }
    Ok(())
}

/// Tick marks and labels along the bottom of `r` for time ticks, and the
/// x-axis label centred below them.
pub(crate) fn x_time_axis<DB: DrawingBackend>(
    area: &Area<DB>,
    r: Rect,
    sx: &Scale,
    ticks: &[(f64, String)],
    label: &str,
    tick_size: f64,
) -> Result<()> {
    let ts = anchored(
        style::font(tick_size, false, style::TEXT_MUTED),
        HPos::Center,
        VPos::Top,
    );
    for (x, l) in ticks {
        let px = sx.px(*x);
        polyline(area, vec![(px, r.y1), (px, r.y1 + 5)], style::BASELINE, 1)?;
        text(area, l, (px, r.y1 + 8), &ts)?;
    }
    if !label.is_empty() {
        let ls = anchored(
            style::font(style::size::LABEL, false, style::TEXT),
            HPos::Center,
            VPos::Top,
        );
        text(
            area,
            label,
            ((r.x0 + r.x1) / 2, r.y1 + 8 + (tick_size * 1.3) as i32),
            &ls,
        )?;
    }
    Ok(())
}

/// Spreads label y positions (sorted by the caller's order preserved) so
/// that neighbours are at least `gap` pixels apart, keeping them inside
/// `[top, bottom]`. Returns the adjusted positions in the input order.
pub(crate) fn spread_labels(ys: &[i32], gap: i32, top: i32, bottom: i32) -> Vec<i32> {
    let mut idx: Vec<usize> = (0..ys.len()).collect();
    idx.sort_by_key(|&i| ys.get(i).copied().unwrap_or(0));
    let mut pos: Vec<i32> = idx
        .iter()
        .map(|&i| ys.get(i).copied().unwrap_or(0))
        .collect();
    // Push down, then pull up from the bottom, a few times.
    for _ in 0..4 {
        for k in 1..pos.len() {
            if pos[k] - pos[k - 1] < gap {
                pos[k] = pos[k - 1] + gap;
            }
        }
        if let Some(last) = pos.last_mut() {
            *last = (*last).min(bottom);
        }
        for k in (0..pos.len().saturating_sub(1)).rev() {
            if pos[k + 1] - pos[k] < gap {
                pos[k] = pos[k + 1] - gap;
            }
        }
        if let Some(first) = pos.first_mut() {
            *first = (*first).max(top);
        }
    }
    let mut out = vec![0; ys.len()];
    for (k, &i) in idx.iter().enumerate() {
        if let (Some(o), Some(p)) = (out.get_mut(i), pos.get(k)) {
            *o = *p;
        }
    }
    out
}

/// The plot rectangle and scales of a time-series panel.
#[derive(Debug, Clone)]
pub(crate) struct TimeLayout {
    pub(crate) rect: Rect,
    pub(crate) sx: Scale,
    pub(crate) sy: Scale,
    pub(crate) yticks: Vec<f64>,
    pub(crate) ystep: f64,
    pub(crate) xticks: Vec<(f64, String)>,
}

/// Lays out a full-page time-series plot between `top` (below the title
/// block) and `bottom` (above the source line), leaving `right_reserve`
/// pixels on the right for direct labels.
#[allow(clippy::too_many_arguments)]
pub(crate) fn time_layout<DB: DrawingBackend>(
    area: &Area<DB>,
    top: i32,
    bottom: i32,
    (xlo, xhi): (f64, f64),
    (ylo, yhi): (f64, f64),
    right_reserve: i32,
    x_label: bool,
) -> TimeLayout {
    let (w, _) = area.dim_in_pixel();
    let (yticks, ystep) = nice_ticks(ylo, yhi, 5);
    let ts = style::font(style::size::TICK, false, style::TEXT_MUTED);
    let lw = yticks
        .iter()
        .map(|t| text_width(area, &format_tick(*t, ystep), &ts))
        .max()
        .unwrap_or(20);
    let x0 = MARGIN + lw + 10;
    let x1 = (w as i32 - right_reserve.max(MARGIN)).max(x0 + 50);
    let y0 = top + 30;
    let xlab = if x_label {
        (style::size::LABEL * 1.3) as i32
    } else {
        0
    };
    let y1 = (bottom - 8 - (style::size::TICK * 1.3) as i32 - xlab).max(y0 + 50);
    let rect = Rect { x0, y0, x1, y1 };
    let (xlo, xhi) = if xhi > xlo {
        (xlo, xhi)
    } else {
        (xlo - 0.5, xlo + 0.5)
    };
    let sx = Scale::new(xlo, xhi, x0, x1);
    let lo = yticks.first().copied().unwrap_or(ylo);
    let hi = yticks.last().copied().unwrap_or(yhi);
    let sy = Scale::new(lo, hi, y1, y0);
    let max_labels = ((x1 - x0) / 75).max(2) as usize;
    let xticks = time_ticks(xlo, xhi, max_labels);
    TimeLayout {
        rect,
        sx,
        sy,
        yticks,
        ystep,
        xticks,
    }
}

/// Draws the axes of a [`TimeLayout`].
pub(crate) fn time_axes<DB: DrawingBackend>(
    area: &Area<DB>,
    l: &TimeLayout,
    y_label: &str,
    x_label: &str,
) -> Result<()> {
    y_axis(
        area,
        l.rect,
        &l.sy,
        &YAxis {
            ticks: &l.yticks,
            step: l.ystep,
            label: y_label,
            tick_size: style::size::TICK,
        },
    )?;
    x_time_axis(area, l.rect, &l.sx, &l.xticks, x_label, style::size::TICK)
}

/// Direct labels at the right of the plot: each `(text, y, colour)` is
/// drawn at `x`, wrapped to the width left between `x` and the page's
/// right margin (a label too long for one line takes two or more), and
/// spread vertically so that labels do not overlap.
pub(crate) fn direct_labels<DB: DrawingBackend>(
    area: &Area<DB>,
    x: i32,
    labels: &[(String, i32, Colour)],
    r: Rect,
) -> Result<()> {
    let (w, _) = area.dim_in_pixel();
    let avail = (w as i32 - x - MARGIN / 2).max(40);
    let lh = (style::size::LABEL * 1.05) as i32;
    let wrapped: Vec<Vec<String>> = labels
        .iter()
        .map(|(t, _, c)| {
            let st = style::font(style::size::LABEL, true, *c);
            let lines = wrap(area, t, &st, avail);
            if lines.is_empty() {
                vec![String::new()]
            } else {
                lines
            }
        })
        .collect();
    let most = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32;
    let gap = lh * most;
    let ys: Vec<i32> = labels.iter().map(|l| l.1).collect();
    let spread = spread_labels(&ys, gap, r.y0 - 10, r.y1 + 10);
    for (((_, _, c), y), lines) in labels.iter().zip(spread).zip(&wrapped) {
        let st = anchored(
            style::font(style::size::LABEL, true, *c),
            HPos::Left,
            VPos::Center,
        );
        let n = lines.len() as i32;
        for (k, line) in lines.iter().enumerate() {
            let ly = y - (n - 1) * lh / 2 + k as i32 * lh;
            text(area, line, (x, ly), &st)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_cover_range() {
        let (t, s) = nice_ticks(0.3, 9.7, 5);
        assert_eq!(s, 2.0);
        assert_eq!(t.first().copied(), Some(0.0));
        assert_eq!(t.last().copied(), Some(10.0));
        let (t, s) = nice_ticks(-0.8, 11.1, 5);
        assert_eq!(s, 2.0);
        assert_eq!(t.first().copied(), Some(-2.0));
        assert_eq!(t.last().copied(), Some(12.0));
    }

    #[test]
    fn tick_format() {
        assert_eq!(format_tick(2500.0, 500.0), "2,500");
        assert_eq!(format_tick(0.25, 0.25), "0.25");
        assert_eq!(format_tick(-1.5, 0.5), "-1.5");
        assert_eq!(format_tick(7.5, 2.5), "7.5");
        assert_eq!(format_tick(-1e-17, 0.5), "0.0");
        assert_eq!(format_tick(1_234_567.0, 1.0), "1,234,567");
    }

    #[test]
    fn time_ticks_years_and_months() {
        let t = time_ticks(2008.0, 2025.9, 10);
        assert_eq!(t.first().map(|x| x.1.as_str()), Some("2008"));
        assert!(t.len() <= 10);
        let t = time_ticks(2024.0, 2025.5, 10);
        assert_eq!(t.first().map(|x| x.1.as_str()), Some("Jan 2024"));
    }

    #[test]
    fn spread_keeps_gap_and_order() {
        let out = spread_labels(&[100, 102, 300, 101], 20, 0, 1000);
        let mut s = out.clone();
        s.sort();
        for w in s.windows(2) {
            assert!(w[1] - w[0] >= 20);
        }
        assert_eq!(out[2], 300);
    }

    #[test]
    fn period_positions() {
        assert_eq!(period_x(&Period::quarter(2024, 2).unwrap()), 2024.25);
        assert_eq!(period_x(&Period::month(2024, 7).unwrap()), 2024.5);
    }
}
