//! Deflation of nominal values by a price index, and index rebasing.

use crate::error::{Error, Result};
use crate::series::{Period, Series};

/// Real values in prices of `base`: `x_t * P_base / P_t`, where `P` is the
/// price index. `base = None` keeps the index's own base (divides by
/// `P_t / 100`).
///
/// # Errors
/// Different frequencies, a base period the index does not cover, or a
/// non-positive index value.
///
/// ```
/// # use colcrime::series::{Period, Series};
/// # use colcrime::transforms::deflate;
/// let pay = Series::new("pay", Period::year(2020), vec![500.0, 550.0]);
/// let cpi = Series::new("cpi", Period::year(2020), vec![100.0, 110.0]);
/// let real = deflate(&pay, &cpi, Some(Period::year(2020))).unwrap();
/// assert_eq!(real.values(), &[500.0, 500.0]);
/// ```
pub fn deflate(nominal: &Series, index: &Series, base: Option<Period>) -> Result<Series> {
    if nominal.freq() != index.freq() {
        return Err(Error::usage(format!(
            "cannot deflate {} ({}) by {} ({}): aggregate to one frequency first",
            nominal.name,
            nominal.freq(),
            index.name,
            index.freq()
        )));
    }
    let p_base = match base {
        Some(b) => index.get(b).filter(|v| !v.is_nan()).ok_or_else(|| {
            Error::usage(format!(
                "the price index {} has no value at {b}",
                index.name
            ))
        })?,
        None => 100.0,
    };
    let mut values = Vec::with_capacity(nominal.len());
    for (p, x) in nominal.iter() {
        let pi = index.get(p).unwrap_or(f64::NAN);
        if pi <= 0.0 {
            return Err(Error::domain(format!(
                "price index {} is {pi} at {p}: it must be positive",
                index.name
            )));
        }
        values.push(x * p_base / pi);
    }
    let mut out = nominal.with_values(nominal.start(), values);
    out.name = format!("real({})", nominal.name);
    for pr in &index.provenance {
        out = out.with_provenance(pr.clone());
    }
    Ok(out)
}

/// Rebases an index so that it averages 100 over `from..=to`.
///
/// # Errors
/// No observed value in the base period.
///
/// ```
/// # use colcrime::series::{Period, Series};
/// # use colcrime::transforms::rebase;
/// let s = Series::new("i", Period::year(2020), vec![50.0, 100.0]);
/// assert_eq!(rebase(&s, Period::year(2020), Period::year(2020)).unwrap().values(), &[100.0, 200.0]);
/// ```
pub fn rebase(s: &Series, from: Period, to: Period) -> Result<Series> {
    let base: Vec<f64> = s
        .slice(from, to)
        .values()
        .iter()
        .copied()
        .filter(|v| !v.is_nan())
        .collect();
    if base.is_empty() {
        return Err(Error::usage(format!(
            "{} has no values between {from} and {to} to rebase on",
            s.name
        )));
    }
    let m = base.iter().sum::<f64>() / base.len() as f64;
    Ok(s.with_values(
        s.start(),
        s.values().iter().map(|v| 100.0 * v / m).collect(),
    ))
}
