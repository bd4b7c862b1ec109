//! Element-wise and shift transforms: `log`, `diff`, `growth`, `lag`.

use crate::error::{Error, Result};
use crate::series::Series;

/// Natural logarithm.
///
/// # Errors
/// A zero or negative value (the message names its period): the log of a
/// count of zero is undefined, so it is never silently turned into `-inf`.
///
/// ```
/// # use colcrime::series::{Period, Series};
/// # use colcrime::transforms::log;
/// let s = Series::new("y", Period::year(2000), vec![1.0, 0.0]);
/// assert_eq!(log(&s).unwrap_err().to_string(), "log(y): value 0 at 2001 is not positive");
/// ```
pub fn log(s: &Series) -> Result<Series> {
    if let Some((p, v)) = s.iter().find(|(_, v)| *v <= 0.0) {
        return Err(Error::domain(format!(
            "log({}): value {v} at {p} is not positive",
            s.name
        )));
    }
    let mut out = s.with_values(s.start(), s.values().iter().map(|v| v.ln()).collect());
    out.name = format!("log({})", s.name);
    out.unit = format!("log {}", s.unit);
    Ok(out)
}

/// `k`-period difference `y_t - y_{t-k}` (the first `k` values are missing).
///
/// ```
/// # use colcrime::series::{Period, Series};
/// # use colcrime::transforms::diff;
/// let s = Series::new("y", Period::year(2000), vec![1.0, 4.0, 9.0]);
/// let d = diff(&s, 2);
/// assert!(d.values()[1].is_nan());
/// assert_eq!(d.values()[2], 8.0);
/// ```
pub fn diff(s: &Series, k: usize) -> Series {
    let v = s.values();
    let values = (0..v.len())
        .map(|i| if i >= k { v[i] - v[i - k] } else { f64::NAN })
        .collect();
    let mut out = s.with_values(s.start(), values);
    out.name = format!("diff({}, {k})", s.name);
    out
}

/// Percentage change over `k` periods: `100 (y_t / y_{t-k} - 1)`. A zero
/// base gives a missing value, not infinity.
///
/// ```
/// # use colcrime::series::{Period, Series};
/// # use colcrime::transforms::growth;
/// let s = Series::new("p", Period::quarter(2020, 1).unwrap(), vec![100.0, 100.0, 100.0, 100.0, 104.0]);
/// assert!((growth(&s, 4).values()[4] - 4.0).abs() < 1e-12);
/// ```
pub fn growth(s: &Series, k: usize) -> Series {
    let v = s.values();
    let values = (0..v.len())
        .map(|i| {
            if i >= k && v[i - k] != 0.0 {
                100.0 * (v[i] / v[i - k] - 1.0)
            } else {
                f64::NAN
            }
        })
        .collect();
    let mut out = s.with_values(s.start(), values);
    out.name = format!("growth({}, {k})", s.name);
    out.unit = "%".into();
    out.measure = crate::series::Measure::Rate;
    out
}

/// Lag by `k` periods: the value at `t` is `y_{t-k}`. The index is kept, so
/// the first `k` values are missing and the last `k` observations are
/// dropped (use the index-extending form in formulas to forecast).
///
/// ```
/// # use colcrime::series::{Period, Series};
/// # use colcrime::transforms::lag;
/// let s = Series::new("y", Period::year(2000), vec![1.0, 2.0, 3.0]);
/// assert_eq!(lag(&s, 1).values()[2], 2.0);
/// ```
pub fn lag(s: &Series, k: usize) -> Series {
    let v = s.values();
    let values = (0..v.len())
        .map(|i| if i >= k { v[i - k] } else { f64::NAN })
        .collect();
    let mut out = s.with_values(s.start(), values);
    out.name = format!("lag({}, {k})", s.name);
    out
}
