//! Alignment of several series on their common periods.

use crate::error::{Error, Result};
use crate::series::{Period, Series};

/// The periods on which every series has a value, and the values there
/// (one vector per series).
///
/// # Errors
/// Series of different frequencies, or no period where all are observed
/// (the message gives each series' observed span).
///
/// ```
/// # use colcrime::series::{Period, Series};
/// # use colcrime::transforms::align;
/// let a = Series::new("a", Period::year(2000), vec![1.0, 2.0, 3.0]);
/// let b = Series::new("b", Period::year(2001), vec![5.0, 6.0, 7.0]);
/// let (idx, cols) = align(&[&a, &b]).unwrap();
/// assert_eq!(idx, vec![Period::year(2001), Period::year(2002)]);
/// assert_eq!(cols[1], vec![5.0, 6.0]);
/// ```
pub fn align(series: &[&Series]) -> Result<(Vec<Period>, Vec<Vec<f64>>)> {
    let (from, to) = overlap(series)?;
    let n = from.periods_until(&to)? + 1;
    let mut idx = Vec::new();
    let mut cols = vec![Vec::new(); series.len()];
    for k in 0..n {
        let p = from.offset(k);
        let vals: Vec<f64> = series
            .iter()
            .map(|s| s.get(p).unwrap_or(f64::NAN))
            .collect();
        if vals.iter().all(|v| !v.is_nan()) {
            idx.push(p);
            for (c, v) in cols.iter_mut().zip(vals) {
                c.push(v);
            }
        }
    }
    if idx.is_empty() {
        return Err(no_overlap(series));
    }
    Ok((idx, cols))
}

/// The first and last periods inside every series' observed span.
///
/// # Errors
/// As [`align`].
///
/// ```
/// # use colcrime::series::{Period, Series};
/// # use colcrime::transforms::overlap;
/// let a = Series::new("a", Period::year(2000), vec![1.0]);
/// let b = Series::new("b", Period::year(2005), vec![1.0]);
/// assert!(overlap(&[&a, &b]).unwrap_err().to_string().contains("do not overlap"));
/// ```
pub fn overlap(series: &[&Series]) -> Result<(Period, Period)> {
    let first = series
        .first()
        .ok_or_else(|| Error::usage("no series to align"))?;
    if let Some(s) = series.iter().find(|s| s.freq() != first.freq()) {
        return Err(Error::usage(format!(
            "cannot align {} ({}) with {} ({}): aggregate to one frequency first",
            first.name,
            first.freq(),
            s.name,
            s.freq()
        )));
    }
    let mut from: Option<Period> = None;
    let mut to: Option<Period> = None;
    for s in series {
        let (a, b) = s.observed_span().ok_or_else(|| no_overlap(series))?;
        from = Some(from.map_or(a, |f| f.max(a)));
        to = Some(to.map_or(b, |t| t.min(b)));
    }
    match (from, to) {
        (Some(f), Some(t)) if f <= t => Ok((f, t)),
        _ => Err(no_overlap(series)),
    }
}

fn no_overlap(series: &[&Series]) -> Error {
    let spans: Vec<String> = series
        .iter()
        .map(|s| match s.observed_span() {
            Some((a, b)) => format!("{} {a} to {b}", s.name),
            None => format!("{} has no values", s.name),
        })
        .collect();
    Error::usage(format!("the series do not overlap: {}", spans.join("; ")))
}
