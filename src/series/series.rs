//! [`Series`]: a regular time series of one frequency with its metadata and
//! provenance. Missing values are `NaN`; a series never stores a gap as zero.

use serde::Serialize;

use super::period::{Frequency, Period};
use crate::error::{Error, Result};

/// What a series measures, which decides how it aggregates over time
/// (counts are summed; rates, indices and levels are averaged).
///
/// ```
/// use colcrime::series::Measure;
/// assert!(Measure::Count.is_additive());
/// assert!(!Measure::Index.is_additive());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Counts of events in the period (crimes): summed when aggregated.
    Count,
    /// A rate or percentage (inflation, unemployment): averaged.
    Rate,
    /// A price or other index: averaged.
    Index,
    /// A level such as pay in pounds or population: averaged.
    #[default]
    Level,
}

impl Measure {
    /// Whether values add up over time.
    ///
    /// ```
    /// # use colcrime::series::Measure;
    /// assert!(Measure::Count.is_additive());
    /// ```
    pub fn is_additive(self) -> bool {
        matches!(self, Measure::Count)
    }
}

/// Where a series came from: enough to trace every number in a briefing
/// back to a published file.
///
/// ```
/// use colcrime::series::Provenance;
/// let p = Provenance::new("d7g7.csv", "ab12", "D7G7").with_release("2026-03-25");
/// assert_eq!(p.release.as_deref(), Some("2026-03-25"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Provenance {
    /// The file read (as the user or workspace named it).
    pub file: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// The series identifier inside the file: CDID, category, column.
    pub id: String,
    /// The publisher's release date, `YYYY-MM-DD`, where the file states one.
    pub release: Option<String>,
    /// The publisher's title of the series or dataset.
    pub title: Option<String>,
    /// The recognised format of the file.
    pub format: Option<String>,
}

impl Provenance {
    /// A provenance record for `id` read from `file` with digest `sha256`.
    ///
    /// ```
    /// # use colcrime::series::Provenance;
    /// assert_eq!(Provenance::new("f.csv", "00", "X").id, "X");
    /// ```
    pub fn new(file: impl Into<String>, sha256: impl Into<String>, id: impl Into<String>) -> Self {
        Provenance {
            file: file.into(),
            sha256: sha256.into(),
            id: id.into(),
            ..Default::default()
        }
    }

    /// Sets the release date.
    ///
    /// ```
    /// # use colcrime::series::Provenance;
    /// assert!(Provenance::new("f", "0", "X").with_release("2024-02-14").release.is_some());
    /// ```
    pub fn with_release(mut self, release: impl Into<String>) -> Self {
        self.release = Some(release.into());
        self
    }

    /// Sets the title.
    ///
    /// ```
    /// # use colcrime::series::Provenance;
    /// assert!(Provenance::new("f", "0", "X").with_title("CPI").title.is_some());
    /// ```
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
}

/// A regular time series: a start period and one value per period
/// (`NaN` = missing), with a name, title, unit, measure and provenance.
///
/// ```
/// use colcrime::series::{Period, Series};
/// let s = Series::new("cpi", Period::month(2024, 1).unwrap(), vec![4.0, 3.4, f64::NAN]);
/// assert_eq!(s.end().unwrap().to_string(), "2024-03");
/// assert_eq!(s.get(Period::month(2024, 2).unwrap()), Some(3.4));
/// assert_eq!(s.missing_count(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Short name used in formulas and workspaces.
    pub name: String,
    /// Human title (for charts and tables).
    pub title: String,
    /// Unit of measurement (`%`, `Index, 2015=100`, `offences`, ...).
    pub unit: String,
    /// What kind of quantity it is (decides aggregation).
    pub measure: Measure,
    /// Every file the values were read from.
    pub provenance: Vec<Provenance>,
    start: Period,
    values: Vec<f64>,
}

impl Series {
    /// A series starting at `start`. Title defaults to the name.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// let s = Series::new("x", Period::year(2000), vec![1.0, 2.0]);
    /// assert_eq!(s.len(), 2);
    /// ```
    pub fn new(name: impl Into<String>, start: Period, values: Vec<f64>) -> Series {
        let name = name.into();
        Series {
            title: name.clone(),
            name,
            unit: String::new(),
            measure: Measure::default(),
            provenance: Vec::new(),
            start,
            values,
        }
    }

    /// Builds a series from (period, value) pairs in any order. Periods
    /// missing in between become `NaN`.
    ///
    /// # Errors
    /// No pairs, pairs of different frequencies, or the same period twice
    /// (the message names it).
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// let q = |y, n| Period::quarter(y, n).unwrap();
    /// let s = Series::from_pairs("x", vec![(q(2020, 3), 3.0), (q(2020, 1), 1.0)]).unwrap();
    /// assert_eq!(s.len(), 3);
    /// assert!(s.values()[1].is_nan());
    /// assert!(Series::from_pairs("x", vec![(q(2020, 1), 1.0), (q(2020, 1), 2.0)]).is_err());
    /// ```
    pub fn from_pairs(name: impl Into<String>, mut pairs: Vec<(Period, f64)>) -> Result<Series> {
        let name = name.into();
        if pairs.is_empty() {
            return Err(Error::not_enough_data(format!("series {name}"), 1, 0));
        }
        let freq = pairs[0].0.freq();
        if let Some((p, _)) = pairs.iter().find(|(p, _)| p.freq() != freq) {
            return Err(Error::usage(format!(
                "series {name} mixes {freq} and {} periods ({p})",
                p.freq()
            )));
        }
        pairs.sort_by_key(|(p, _)| *p);
        if let Some(w) = pairs.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(Error::usage(format!(
                "series {name} has period {} twice",
                w[0].0
            )));
        }
        let start = pairs[0].0;
        let n = start.periods_until(&pairs[pairs.len() - 1].0)? as usize + 1;
        let mut values = vec![f64::NAN; n];
        for (p, v) in pairs {
            let i = start.periods_until(&p)? as usize;
            values[i] = v;
        }
        Ok(Series::new(name, start, values))
    }

    /// Sets the title.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// assert_eq!(Series::new("x", Period::year(1), vec![]).with_title("X").title, "X");
    /// ```
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Sets the unit.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// assert_eq!(Series::new("x", Period::year(1), vec![]).with_unit("%").unit, "%");
    /// ```
    pub fn with_unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = unit.into();
        self
    }

    /// Sets the measure.
    ///
    /// ```
    /// # use colcrime::series::{Measure, Period, Series};
    /// let s = Series::new("x", Period::year(1), vec![]).with_measure(Measure::Count);
    /// assert_eq!(s.measure, Measure::Count);
    /// ```
    pub fn with_measure(mut self, measure: Measure) -> Self {
        self.measure = measure;
        self
    }

    /// Adds a provenance record.
    ///
    /// ```
    /// # use colcrime::series::{Period, Provenance, Series};
    /// let s = Series::new("x", Period::year(1), vec![]).with_provenance(Provenance::new("f", "0", "X"));
    /// assert_eq!(s.provenance.len(), 1);
    /// ```
    pub fn with_provenance(mut self, p: Provenance) -> Self {
        if !self.provenance.contains(&p) {
            // Most series have one source: room for exactly one (a table of
            // 300,000 columns is 300,000 series).
            self.provenance.reserve_exact(1);
            self.provenance.push(p);
        }
        self
    }

    /// Returns a copy with the same metadata and new values starting at `start`.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// let s = Series::new("x", Period::year(2000), vec![1.0]).with_unit("%");
    /// let t = s.with_values(Period::year(2001), vec![2.0, 3.0]);
    /// assert_eq!((t.unit.as_str(), t.len()), ("%", 2));
    /// ```
    pub fn with_values(&self, start: Period, values: Vec<f64>) -> Series {
        Series {
            name: self.name.clone(),
            title: self.title.clone(),
            unit: self.unit.clone(),
            measure: self.measure,
            provenance: self.provenance.clone(),
            start,
            values,
        }
    }

    /// The frequency.
    ///
    /// ```
    /// # use colcrime::series::{Frequency, Period, Series};
    /// assert_eq!(Series::new("x", Period::year(1), vec![]).freq(), Frequency::Annual);
    /// ```
    pub fn freq(&self) -> Frequency {
        self.start.freq()
    }

    /// The first period (even if its value is missing).
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// assert_eq!(Series::new("x", Period::year(2), vec![1.0]).start(), Period::year(2));
    /// ```
    pub fn start(&self) -> Period {
        self.start
    }

    /// The last period, `None` if empty.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// assert_eq!(Series::new("x", Period::year(2), vec![1.0, 2.0]).end(), Some(Period::year(3)));
    /// ```
    pub fn end(&self) -> Option<Period> {
        (!self.values.is_empty()).then(|| self.start.offset(self.values.len() as i64 - 1))
    }

    /// Number of periods.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// assert_eq!(Series::new("x", Period::year(2), vec![1.0]).len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True if the series has no periods.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// assert!(Series::new("x", Period::year(2), vec![]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values, one per period (`NaN` = missing).
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// assert_eq!(Series::new("x", Period::year(2), vec![1.0]).values(), &[1.0]);
    /// ```
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The periods, in order.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// let s = Series::new("x", Period::year(2000), vec![1.0, 2.0]);
    /// assert_eq!(s.periods(), vec![Period::year(2000), Period::year(2001)]);
    /// ```
    pub fn periods(&self) -> Vec<Period> {
        (0..self.values.len())
            .map(|i| self.start.offset(i as i64))
            .collect()
    }

    /// (period, value) pairs.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// let s = Series::new("x", Period::year(2000), vec![5.0]);
    /// assert_eq!(s.iter().next(), Some((Period::year(2000), 5.0)));
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (Period, f64)> + '_ {
        self.values
            .iter()
            .enumerate()
            .map(|(i, v)| (self.start.offset(i as i64), *v))
    }

    /// The value at `p`; `None` outside the range or for another frequency
    /// (a missing value inside the range is `Some(NaN)`).
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// let s = Series::new("x", Period::year(2000), vec![5.0]);
    /// assert_eq!(s.get(Period::year(2001)), None);
    /// ```
    pub fn get(&self, p: Period) -> Option<f64> {
        let i = self.start.periods_until(&p).ok()?;
        if i < 0 {
            return None;
        }
        self.values.get(i as usize).copied()
    }

    /// Number of missing values.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// assert_eq!(Series::new("x", Period::year(2), vec![f64::NAN]).missing_count(), 1);
    /// ```
    pub fn missing_count(&self) -> usize {
        self.values.iter().filter(|v| v.is_nan()).count()
    }

    /// The first and last periods with a value, `None` if all missing.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// let s = Series::new("x", Period::year(2000), vec![f64::NAN, 1.0, f64::NAN]);
    /// assert_eq!(s.observed_span(), Some((Period::year(2001), Period::year(2001))));
    /// ```
    pub fn observed_span(&self) -> Option<(Period, Period)> {
        let first = self.values.iter().position(|v| !v.is_nan())?;
        let last = self.values.iter().rposition(|v| !v.is_nan())?;
        Some((
            self.start.offset(first as i64),
            self.start.offset(last as i64),
        ))
    }

    /// Drops leading and trailing missing values.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// let s = Series::new("x", Period::year(2000), vec![f64::NAN, 1.0, f64::NAN]).trimmed();
    /// assert_eq!((s.start(), s.len()), (Period::year(2001), 1));
    /// ```
    pub fn trimmed(&self) -> Series {
        match self.observed_span() {
            Some((a, b)) => self.slice(a, b),
            None => self.with_values(self.start, Vec::new()),
        }
    }

    /// The part of the series from `from` to `to` inclusive, padded with
    /// `NaN` where it runs outside the data.
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// let s = Series::new("x", Period::year(2000), vec![1.0, 2.0, 3.0]);
    /// assert_eq!(s.slice(Period::year(2001), Period::year(2002)).values(), &[2.0, 3.0]);
    /// assert!(s.slice(Period::year(1999), Period::year(2000)).values()[0].is_nan());
    /// ```
    pub fn slice(&self, from: Period, to: Period) -> Series {
        let n = from.periods_until(&to).unwrap_or(-1);
        let values = if n < 0 || from.freq() != self.freq() {
            Vec::new()
        } else {
            (0..=n)
                .map(|i| self.get(from.offset(i)).unwrap_or(f64::NAN))
                .collect()
        };
        self.with_values(from, values)
    }

    /// Renames the series (keeping everything else).
    ///
    /// ```
    /// # use colcrime::series::{Period, Series};
    /// assert_eq!(Series::new("x", Period::year(1), vec![]).renamed("y").name, "y");
    /// ```
    pub fn renamed(mut self, name: impl Into<String>) -> Series {
        self.name = name.into();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_pairs_rejects_mixed_frequencies() {
        let e = Series::from_pairs(
            "x",
            vec![
                (Period::year(2000), 1.0),
                (Period::month(2000, 1).unwrap(), 1.0),
            ],
        );
        assert!(e.is_err());
    }

    #[test]
    fn slice_outside_is_all_missing() {
        let s = Series::new("x", Period::year(2000), vec![1.0]);
        let t = s.slice(Period::year(1990), Period::year(1991));
        assert_eq!(t.len(), 2);
        assert_eq!(t.missing_count(), 2);
    }
}
