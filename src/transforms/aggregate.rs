//! Aggregation to a lower frequency (monthly to quarterly, annual or
//! financial year; quarterly to annual), and rolling sums.

use crate::error::{Error, Result};
use crate::series::{Frequency, Period, Series};

/// How values combine within a lower-frequency period.
///
/// ```
/// use colcrime::transforms::Aggregation;
/// assert_eq!("sum".parse::<Aggregation>().unwrap(), Aggregation::Sum);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregation {
    /// Add up (counts of crimes).
    Sum,
    /// Average (rates, indices, levels).
    Mean,
    /// Take the last sub-period (stocks at period end).
    Last,
    /// Follow the series' [`Measure`](crate::series::Measure): sum counts,
    /// average everything else.
    Auto,
}

impl std::str::FromStr for Aggregation {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sum" => Ok(Aggregation::Sum),
            "mean" | "average" => Ok(Aggregation::Mean),
            "last" | "end" => Ok(Aggregation::Last),
            "auto" => Ok(Aggregation::Auto),
            o => Err(Error::usage(format!(
                "unknown aggregation \"{o}\": expected sum, mean, last or auto"
            ))),
        }
    }
}

/// Aggregates `s` to `to`. A target period is kept only if every one of its
/// sub-periods is inside the series and observed; otherwise it is missing
/// (so an incomplete last quarter never looks like a fall in crime).
///
/// # Errors
/// `to` is not a lower frequency that the series' periods nest in.
///
/// ```
/// # use colcrime::series::{Frequency, Measure, Period, Series};
/// # use colcrime::transforms::{aggregate, Aggregation};
/// let m = Series::new("n", Period::month(2024, 1).unwrap(), vec![1.0, 2.0, 3.0, 4.0])
///     .with_measure(Measure::Count);
/// let q = aggregate(&m, Frequency::Quarterly, Aggregation::Auto).unwrap();
/// assert_eq!(q.values(), &[6.0]); // 2024 Q2 is incomplete, so it is dropped
/// ```
pub fn aggregate(s: &Series, to: Frequency, how: Aggregation) -> Result<Series> {
    if s.freq() == to {
        return Ok(s.clone());
    }
    let how = match how {
        Aggregation::Auto if s.measure.is_additive() => Aggregation::Sum,
        Aggregation::Auto => Aggregation::Mean,
        h => h,
    };
    let span = |p: Period| -> Result<Period> {
        p.to_freq(to).ok_or_else(|| {
            Error::usage(format!(
                "cannot aggregate {} series {} to {to}",
                s.freq(),
                s.name
            ))
        })
    };
    let (Some(first), Some(last)) = (s.iter().next(), s.end()) else {
        return Ok(s.with_values(span(s.start())?, Vec::new()));
    };
    let first_target = span(first.0)?;
    let last_target = span(last)?;
    let per = (to.months() / s.freq().months()) as usize;
    let n = first_target.periods_until(&last_target)? + 1;
    let mut values = Vec::with_capacity(n as usize);
    for k in 0..n {
        let t = first_target.offset(k);
        // First sub-period of t at the series' frequency.
        let sub0 = Period::containing(t.first_day(), s.freq());
        let vals: Vec<f64> = (0..per as i64)
            .map(|j| s.get(sub0.offset(j)).unwrap_or(f64::NAN))
            .collect();
        let v = if vals.iter().any(|v| v.is_nan()) {
            f64::NAN
        } else {
            match how {
                Aggregation::Sum => vals.iter().sum(),
                Aggregation::Mean => vals.iter().sum::<f64>() / per as f64,
                Aggregation::Last => vals[per - 1],
                Aggregation::Auto => f64::NAN,
            }
        };
        values.push(v);
    }
    // Trim incomplete ends.
    let out = s.with_values(first_target, values);
    Ok(out.trimmed_or_self())
}

trait TrimOrSelf {
    fn trimmed_or_self(self) -> Series;
}

impl TrimOrSelf for Series {
    fn trimmed_or_self(self) -> Series {
        if self.observed_span().is_some() {
            self.trimmed()
        } else {
            self
        }
    }
}

/// Sum over the last `k` periods (a rolling-year total of monthly counts
/// with `k = 12`); missing until `k` observations are available.
///
/// ```
/// # use colcrime::series::{Period, Series};
/// # use colcrime::transforms::rolling_sum;
/// let s = Series::new("n", Period::year(2000), vec![1.0, 2.0, 3.0]);
/// assert_eq!(rolling_sum(&s, 2).values()[2], 5.0);
/// ```
pub fn rolling_sum(s: &Series, k: usize) -> Series {
    let v = s.values();
    let values = (0..v.len())
        .map(|i| {
            if k > 0 && i + 1 >= k {
                v[i + 1 - k..=i].iter().sum()
            } else {
                f64::NAN
            }
        })
        .collect();
    s.with_values(s.start(), values)
}
