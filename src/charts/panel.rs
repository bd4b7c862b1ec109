//! A small numeric panel (both axes numeric) shared by the impulse
//! response, ACF, scatter and residual charts: nice ticks on both axes,
//! horizontal gridlines only, a darker zero line, tick labels optional on
//! each side so that panels in a grid can share them.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, Area, Rect, Scale, format_tick, nice_ticks};
use super::style;
use crate::error::Result;

/// The plot rectangle, scales and ticks of one panel.
#[derive(Debug, Clone)]
pub(crate) struct Panel {
    pub(crate) rect: Rect,
    pub(crate) sx: Scale,
    pub(crate) sy: Scale,
    pub(crate) xticks: Vec<f64>,
    pub(crate) xstep: f64,
    pub(crate) yticks: Vec<f64>,
    pub(crate) ystep: f64,
}

/// Ticks of a range, or the range itself as one step when the range is
/// degenerate.
pub(crate) fn ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    nice_ticks(lo, hi, target)
}

impl Panel {
    /// A panel on `rect` whose x axis spans exactly `xr` (ticks inside it)
    /// and whose y axis spans the nice ticks covering `yr`.
    pub(crate) fn new(
        rect: Rect,
        xr: (f64, f64),
        yr: (f64, f64),
        xtarget: usize,
        ytarget: usize,
        nice_x: bool,
    ) -> Panel {
        let (yticks, ystep) = ticks(yr.0, yr.1, ytarget);
        let (xticks_all, xstep) = ticks(xr.0, xr.1, xtarget);
        let (xlo, xhi, xticks) = if nice_x {
            (
                xticks_all.first().copied().unwrap_or(xr.0),
                xticks_all.last().copied().unwrap_or(xr.1),
                xticks_all,
            )
        } else {
            let inside: Vec<f64> = xticks_all
                .into_iter()
                .filter(|t| *t >= xr.0 - 1e-9 && *t <= xr.1 + 1e-9)
                .collect();
            (xr.0, xr.1, inside)
        };
        let ylo = yticks.first().copied().unwrap_or(yr.0);
        let yhi = yticks.last().copied().unwrap_or(yr.1);
        Panel {
            rect,
            sx: Scale::new(xlo, xhi, rect.x0, rect.x1),
            sy: Scale::new(ylo, yhi, rect.y1, rect.y0),
            xticks,
            xstep,
            yticks,
            ystep,
        }
    }

    /// The width of the widest y tick label at `size`.
    pub(crate) fn ytick_width<DB: DrawingBackend>(
        area: &Area<DB>,
        yr: (f64, f64),
        target: usize,
        size: f64,
    ) -> i32 {
        let (t, s) = ticks(yr.0, yr.1, target);
        let st = style::font(size, false, style::TEXT_MUTED);
        t.iter()
            .map(|v| canvas::text_width(area, &format_tick(*v, s), &st))
            .max()
            .unwrap_or(20)
    }

    /// Gridlines (and the zero line), y tick labels if `ylabels`, x tick
    /// marks and labels if `xlabels`, at tick font `size`.
    pub(crate) fn axes<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        ylabels: bool,
        xlabels: bool,
        size: f64,
    ) -> Result<()> {
        let r = self.rect;
        let yst = canvas::anchored(
            style::font(size, false, style::TEXT_MUTED),
            HPos::Right,
            VPos::Center,
        );
        let mut has_zero = false;
        for &t in &self.yticks {
            let y = self.sy.px(t);
            let is_zero = t.abs() < self.ystep * 1e-9;
            has_zero |= is_zero;
            let colour = if is_zero {
                style::BASELINE
            } else {
                style::GRID
            };
            canvas::polyline(area, vec![(r.x0, y), (r.x1, y)], colour, 1)?;
            if ylabels {
                canvas::text(area, &format_tick(t, self.ystep), (r.x0 - 5, y), &yst)?;
            }
        }
        if !has_zero {
            canvas::polyline(area, vec![(r.x0, r.y1), (r.x1, r.y1)], style::BASELINE, 1)?;
        }
        let xst = canvas::anchored(
            style::font(size, false, style::TEXT_MUTED),
            HPos::Center,
            VPos::Top,
        );
        for &t in &self.xticks {
            let x = self.sx.px(t);
            canvas::polyline(area, vec![(x, r.y1), (x, r.y1 + 4)], style::BASELINE, 1)?;
            if xlabels {
                canvas::text(area, &format_tick(t, self.xstep), (x, r.y1 + 6), &xst)?;
            }
        }
        Ok(())
    }

    /// A pixel point of data coordinates.
    pub(crate) fn pt(&self, x: f64, y: f64) -> (i32, i32) {
        (self.sx.px(x), self.sy.px(y))
    }
}

/// A bold panel title at the top left of a cell.
pub(crate) fn panel_title<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    at: (i32, i32),
    max_width: i32,
) -> Result<()> {
    let st = canvas::anchored(
        style::font(style::size::PANEL + 1.5, true, style::TEXT),
        HPos::Left,
        VPos::Top,
    );
    let s = fit_text(area, s, &st, max_width);
    canvas::text(area, &s, at, &st)
}

/// `s`, shortened with an ellipsis to fit `width` pixels.
pub(crate) fn fit_text<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    st: &plotters::style::TextStyle<'static>,
    width: i32,
) -> String {
    if canvas::text_width(area, s, st) <= width {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let cand: String = chars.iter().take(n).collect::<String>() + "…";
        if canvas::text_width(area, &cand, st) <= width {
            return cand;
        }
    }
    "…".into()
}

/// A label (axis title) in regular text at a point.
pub(crate) fn label<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    at: (i32, i32),
    h: HPos,
    v: VPos,
) -> Result<()> {
    if s.is_empty() {
        return Ok(());
    }
    let st = canvas::anchored(style::font(style::size::SOURCE, false, style::TEXT), h, v);
    canvas::text(area, s, at, &st)
}
