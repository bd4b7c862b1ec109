//! Calendar periods of the frequencies official statistics use: months,
//! quarters, calendar years and UK financial years (April to March).
//!
//! A [`Period`] is a frequency plus an ordinal counted from year 0, so period
//! arithmetic is integer arithmetic:
//!
//! ```
//! use colcrime::series::{Frequency, Period};
//! let p = Period::month(2023, 11).unwrap();
//! assert_eq!(p.offset(3).to_string(), "2024-02");
//! assert_eq!(p.to_freq(Frequency::Quarterly).unwrap().to_string(), "2023 Q4");
//! assert_eq!(p.to_freq(Frequency::FinancialYear).unwrap().to_string(), "2023/24");
//! assert_eq!(Period::parse("2024 Q1"), Some(Period::quarter(2024, 1).unwrap()));
//! ```

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How often a series is observed.
///
/// ```
/// use colcrime::series::Frequency;
/// assert_eq!(Frequency::Quarterly.periods_per_year(), 4);
/// assert_eq!("monthly".parse::<Frequency>().unwrap(), Frequency::Monthly);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Calendar months.
    Monthly,
    /// Calendar quarters (Q1 = January to March).
    Quarterly,
    /// Calendar years.
    Annual,
    /// UK financial years, April to March, labelled `2023/24`.
    FinancialYear,
}

impl Frequency {
    /// Periods in a year (the seasonal period of a model).
    ///
    /// ```
    /// # use colcrime::series::Frequency;
    /// assert_eq!(Frequency::Monthly.periods_per_year(), 12);
    /// ```
    pub fn periods_per_year(self) -> u32 {
        match self {
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Annual | Frequency::FinancialYear => 1,
        }
    }

    /// Months in one period.
    ///
    /// ```
    /// # use colcrime::series::Frequency;
    /// assert_eq!(Frequency::Quarterly.months(), 3);
    /// ```
    pub fn months(self) -> u32 {
        12 / self.periods_per_year()
    }

    /// The lower-case name used in workspaces and JSON.
    ///
    /// ```
    /// # use colcrime::series::Frequency;
    /// assert_eq!(Frequency::FinancialYear.name(), "financial_year");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Annual => "annual",
            Frequency::FinancialYear => "financial_year",
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Frequency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "monthly" | "month" | "m" => Ok(Frequency::Monthly),
            "quarterly" | "quarter" | "q" => Ok(Frequency::Quarterly),
            "annual" | "yearly" | "year" | "a" | "y" => Ok(Frequency::Annual),
            "financial_year" | "financial-year" | "fy" => Ok(Frequency::FinancialYear),
            other => Err(Error::usage(format!(
                "unknown frequency \"{other}\": expected monthly, quarterly, annual or financial_year"
            ))),
        }
    }
}

/// One period: a month, quarter, calendar year or financial year.
///
/// Periods of the same frequency are ordered and can be subtracted.
///
/// ```
/// use colcrime::series::Period;
/// let a = Period::quarter(2020, 1).unwrap();
/// let b = Period::quarter(2021, 3).unwrap();
/// assert_eq!(a.periods_until(&b).unwrap(), 6);
/// assert!(Period::quarter(2024, 5).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    freq: Frequency,
    ord: i32,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// Parses a three-letter (or full) English month name, case-insensitively.
///
/// ```
/// use colcrime::series::period::month_from_name;
/// assert_eq!(month_from_name("Mar"), Some(3));
/// assert_eq!(month_from_name("SEPT"), Some(9));
/// assert_eq!(month_from_name("Foo"), None);
/// ```
pub fn month_from_name(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.len() < 3 {
        return None;
    }
    let up = s.to_ascii_uppercase();
    let full = [
        "JANUARY",
        "FEBRUARY",
        "MARCH",
        "APRIL",
        "MAY",
        "JUNE",
        "JULY",
        "AUGUST",
        "SEPTEMBER",
        "OCTOBER",
        "NOVEMBER",
        "DECEMBER",
    ];
    for (i, name) in full.iter().enumerate() {
        if name.starts_with(&up) && (up.len() == 3 || up == *name || (i == 8 && up == "SEPT")) {
            return Some(i as u32 + 1);
        }
    }
    None
}

impl Period {
    /// A month; `month` is 1 to 12.
    ///
    /// # Errors
    /// A month outside 1..=12.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::month(2024, 3).unwrap().to_string(), "2024-03");
    /// assert!(Period::month(2024, 13).is_err());
    /// ```
    pub fn month(year: i32, month: u32) -> Result<Period> {
        if !(1..=12).contains(&month) {
            return Err(Error::usage(format!("month {month} is not in 1..=12")));
        }
        Ok(Period {
            freq: Frequency::Monthly,
            ord: year * 12 + month as i32 - 1,
        })
    }

    /// A calendar quarter; `quarter` is 1 to 4.
    ///
    /// # Errors
    /// A quarter outside 1..=4.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::quarter(2024, 2).unwrap().to_string(), "2024 Q2");
    /// ```
    pub fn quarter(year: i32, quarter: u32) -> Result<Period> {
        if !(1..=4).contains(&quarter) {
            return Err(Error::usage(format!("quarter {quarter} is not in 1..=4")));
        }
        Ok(Period {
            freq: Frequency::Quarterly,
            ord: year * 4 + quarter as i32 - 1,
        })
    }

    /// A calendar year.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::year(2019).to_string(), "2019");
    /// ```
    pub fn year(year: i32) -> Period {
        Period {
            freq: Frequency::Annual,
            ord: year,
        }
    }

    /// The financial year starting in April of `start_year`.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::financial_year(2023).to_string(), "2023/24");
    /// ```
    pub fn financial_year(start_year: i32) -> Period {
        Period {
            freq: Frequency::FinancialYear,
            ord: start_year,
        }
    }

    /// The period of frequency `freq` that contains `date`.
    ///
    /// ```
    /// # use colcrime::series::{Frequency, Period};
    /// let d = chrono::NaiveDate::from_ymd_opt(2024, 2, 10).unwrap();
    /// assert_eq!(Period::containing(d, Frequency::FinancialYear).to_string(), "2023/24");
    /// ```
    pub fn containing(date: NaiveDate, freq: Frequency) -> Period {
        use chrono::Datelike;
        let (y, m) = (date.year(), date.month());
        match freq {
            Frequency::Monthly => Period {
                freq,
                ord: y * 12 + m as i32 - 1,
            },
            Frequency::Quarterly => Period {
                freq,
                ord: y * 4 + (m as i32 - 1) / 3,
            },
            Frequency::Annual => Period { freq, ord: y },
            Frequency::FinancialYear => Period {
                freq,
                ord: if m >= 4 { y } else { y - 1 },
            },
        }
    }

    /// The frequency.
    ///
    /// ```
    /// # use colcrime::series::{Frequency, Period};
    /// assert_eq!(Period::year(2020).freq(), Frequency::Annual);
    /// ```
    pub fn freq(&self) -> Frequency {
        self.freq
    }

    /// The year (for a financial year, the year it starts in).
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::month(2024, 1).unwrap().year_number(), 2024);
    /// ```
    pub fn year_number(&self) -> i32 {
        match self.freq {
            Frequency::Monthly => self.ord.div_euclid(12),
            Frequency::Quarterly => self.ord.div_euclid(4),
            Frequency::Annual | Frequency::FinancialYear => self.ord,
        }
    }

    /// The position within the year: month 1..=12, quarter 1..=4, or 1.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::quarter(2024, 3).unwrap().sub_year(), 3);
    /// ```
    pub fn sub_year(&self) -> u32 {
        match self.freq {
            Frequency::Monthly => self.ord.rem_euclid(12) as u32 + 1,
            Frequency::Quarterly => self.ord.rem_euclid(4) as u32 + 1,
            Frequency::Annual | Frequency::FinancialYear => 1,
        }
    }

    /// The period `n` steps later (earlier if negative).
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::month(2024, 1).unwrap().offset(-1).to_string(), "2023-12");
    /// ```
    pub fn offset(&self, n: i64) -> Period {
        Period {
            freq: self.freq,
            ord: (self.ord as i64 + n) as i32,
        }
    }

    /// The next period.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::quarter(2024, 4).unwrap().succ().to_string(), "2025 Q1");
    /// ```
    pub fn succ(&self) -> Period {
        self.offset(1)
    }

    /// Number of steps from `self` to `other` (`other - self`).
    ///
    /// # Errors
    /// The two periods have different frequencies.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// let a = Period::month(2023, 12).unwrap();
    /// assert_eq!(a.periods_until(&Period::month(2024, 2).unwrap()).unwrap(), 2);
    /// assert!(a.periods_until(&Period::year(2024)).is_err());
    /// ```
    pub fn periods_until(&self, other: &Period) -> Result<i64> {
        if self.freq != other.freq {
            return Err(Error::usage(format!(
                "cannot compare a {} period ({self}) with a {} period ({other})",
                self.freq, other.freq
            )));
        }
        Ok(other.ord as i64 - self.ord as i64)
    }

    /// The first month of the period, as (year, month).
    fn first_month(&self) -> (i32, u32) {
        match self.freq {
            Frequency::Monthly => (self.year_number(), self.sub_year()),
            Frequency::Quarterly => (self.year_number(), (self.sub_year() - 1) * 3 + 1),
            Frequency::Annual => (self.ord, 1),
            Frequency::FinancialYear => (self.ord, 4),
        }
    }

    /// The first day of the period (the contract's ISO date for a period).
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::quarter(2024, 2).unwrap().first_day().to_string(), "2024-04-01");
    /// ```
    pub fn first_day(&self) -> NaiveDate {
        let (y, m) = self.first_month();
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the period.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::month(2024, 2).unwrap().last_day().to_string(), "2024-02-29");
    /// ```
    pub fn last_day(&self) -> NaiveDate {
        self.succ().first_day().pred_opt().unwrap_or(NaiveDate::MIN)
    }

    /// The first month of the period as a monthly [`Period`].
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::financial_year(2020).first_month_period().to_string(), "2020-04");
    /// ```
    pub fn first_month_period(&self) -> Period {
        let (y, m) = self.first_month();
        Period {
            freq: Frequency::Monthly,
            ord: y * 12 + m as i32 - 1,
        }
    }

    /// The period of a lower (or the same) frequency that contains this one.
    /// `None` when `freq` is finer than `self`'s, or when a quarter is asked
    /// for its financial year... which is fine (quarters nest in April-March
    /// years), but a calendar year does not nest in a financial year.
    ///
    /// ```
    /// # use colcrime::series::{Frequency, Period};
    /// let q = Period::quarter(2024, 1).unwrap();
    /// assert_eq!(q.to_freq(Frequency::FinancialYear).unwrap().to_string(), "2023/24");
    /// assert_eq!(q.to_freq(Frequency::Monthly), None);
    /// ```
    pub fn to_freq(&self, freq: Frequency) -> Option<Period> {
        if freq == self.freq {
            return Some(*self);
        }
        if freq.months() <= self.freq.months() {
            return None;
        }
        if self.freq == Frequency::Annual || self.freq == Frequency::FinancialYear {
            return None;
        }
        Some(Period::containing(self.first_day(), freq))
    }

    /// The ISO date of the first day, `YYYY-MM-DD`.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::year(2021).iso(), "2021-01-01");
    /// ```
    pub fn iso(&self) -> String {
        self.first_day().format("%Y-%m-%d").to_string()
    }

    /// Reads a period written in any of the usual ways: `2024-03-01`,
    /// `2024-03`, `202403`, `2024 MAR`, `2024 Mar`, `Mar-24`, `Mar 2024`,
    /// `2024 Q1`, `2024Q1`, `2024-Q1`, `2024`, `2023/24`, `2023-24`.
    /// Full dates give months. Returns `None` if nothing fits.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::parse("2024 MAR").unwrap().to_string(), "2024-03");
    /// assert_eq!(Period::parse("2024-03-01").unwrap().to_string(), "2024-03");
    /// assert_eq!(Period::parse("2023/24").unwrap().to_string(), "2023/24");
    /// assert_eq!(Period::parse("Jan-88").unwrap().to_string(), "1988-01");
    /// assert_eq!(Period::parse("2024 FOO"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim().trim_matches('"').trim();
        if !s.is_ascii() {
            return None;
        }
        let b = s.as_bytes();
        let all_digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
        // 2024
        if b.len() == 4 && all_digits(s) {
            return s.parse().ok().map(Period::year);
        }
        // 202403
        if b.len() == 6 && all_digits(s) {
            let y: i32 = s[..4].parse().ok()?;
            let m: u32 = s[4..].parse().ok()?;
            return Period::month(y, m).ok();
        }
        // 2024-03-01, 2024-03, 2024-Q1, 2023-24, 2024 Q1, 2024 MAR, 2024Q1, 2023/24
        if b.len() >= 6 && all_digits(&s[..4]) {
            let y: i32 = s[..4].parse().ok()?;
            let rest = s[4..].trim_start_matches([' ', '-', '/', '_']);
            let sep = &s[4..s.len() - rest.len()];
            if rest.len() == 2 && rest.starts_with(['Q', 'q']) && sep != "/" {
                return Period::quarter(y, rest[1..].parse().ok()?).ok();
            }
            if (sep == "/" || sep == "-") && rest.len() == 2 && all_digits(rest) {
                let yy: i32 = rest.parse().ok()?;
                // 2024-03 is a month; 2019-20 (no such month) and 2019/20
                // are financial years.
                if sep == "-" && (1..=12).contains(&yy) {
                    return Period::month(y, yy as u32).ok();
                }
                return ((y + 1).rem_euclid(100) == yy).then(|| Period::financial_year(y));
            }
            if sep == "/" && rest.len() == 4 && all_digits(rest) {
                let y2: i32 = rest.parse().ok()?;
                return (y2 == y + 1).then(|| Period::financial_year(y));
            }
            if sep == "-" && rest.len() == 5 && all_digits(&rest[..2]) && &rest[2..3] == "-" {
                let m: u32 = rest[..2].parse().ok()?;
                let d: u32 = rest[3..].parse().ok()?;
                NaiveDate::from_ymd_opt(y, m, d)?;
                return Period::month(y, m).ok();
            }
            if !sep.is_empty() && rest.bytes().all(|c| c.is_ascii_alphabetic()) {
                return Period::month(y, month_from_name(rest)?).ok();
            }
            return None;
        }
        // Mar-24, Mar 2024, March 2024
        if let Some(pos) = s.find([' ', '-']) {
            let (name, yr) = (&s[..pos], s[pos + 1..].trim());
            let m = month_from_name(name)?;
            if !all_digits(yr) {
                return None;
            }
            let y: i32 = match yr.len() {
                2 => {
                    let yy: i32 = yr.parse().ok()?;
                    if yy >= 50 { 1900 + yy } else { 2000 + yy }
                }
                4 => yr.parse().ok()?,
                _ => return None,
            };
            return Period::month(y, m).ok();
        }
        None
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.freq {
            Frequency::Monthly => write!(f, "{}-{:02}", self.year_number(), self.sub_year()),
            Frequency::Quarterly => write!(f, "{} Q{}", self.year_number(), self.sub_year()),
            Frequency::Annual => write!(f, "{}", self.ord),
            Frequency::FinancialYear => {
                write!(f, "{}/{:02}", self.ord, (self.ord + 1).rem_euclid(100))
            }
        }
    }
}

/// Month names for prose.
const MONTH_WORDS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Period {
    /// The period as a reader names it: `January 2024`, `2024 Q1`, `2024`.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::month(2024, 1).unwrap().words(), "January 2024");
    /// assert_eq!(Period::quarter(2025, 3).unwrap().words(), "2025 Q3");
    /// ```
    pub fn words(&self) -> String {
        match self.freq {
            Frequency::Monthly => format!(
                "{} {}",
                MONTH_WORDS[(self.sub_year() - 1) as usize],
                self.year_number()
            ),
            _ => self.to_string(),
        }
    }

    /// The ONS label: `2024 MAR`, `2024 Q1`, `2024`.
    ///
    /// ```
    /// # use colcrime::series::Period;
    /// assert_eq!(Period::month(2024, 3).unwrap().ons_label(), "2024 MAR");
    /// ```
    pub fn ons_label(&self) -> String {
        match self.freq {
            Frequency::Monthly => format!(
                "{} {}",
                self.year_number(),
                MONTHS[(self.sub_year() - 1) as usize]
            ),
            _ => self.to_string(),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_display() {
        for p in [
            Period::month(1999, 12).unwrap(),
            Period::quarter(2010, 1).unwrap(),
            Period::year(1800),
            Period::financial_year(1999),
        ] {
            assert_eq!(Period::parse(&p.to_string()), Some(p), "{p}");
        }
    }

    #[test]
    fn parses_the_usual_spellings() {
        let m = Period::month(2024, 3).unwrap();
        for s in [
            "2024-03-01",
            "2024-03",
            "202403",
            "2024 MAR",
            "Mar-24",
            "March 2024",
            "2024 mar",
        ] {
            assert_eq!(Period::parse(s), Some(m), "{s}");
        }
        let q = Period::quarter(2024, 1).unwrap();
        for s in ["2024 Q1", "2024Q1", "2024-Q1", "2024 q1"] {
            assert_eq!(Period::parse(s), Some(q), "{s}");
        }
        assert_eq!(Period::parse("2023-24"), Some(Period::financial_year(2023)));
        assert_eq!(
            Period::parse("2002-03"),
            Some(Period::month(2002, 3).unwrap())
        );
        assert_eq!(Period::parse("2002/03"), Some(Period::financial_year(2002)));
        assert_eq!(Period::parse("2019 Q1é"), None);
        for bad in [
            "",
            "2024 Q5",
            "2024-13",
            "2024 FOO",
            "hello",
            "2024-02-30",
            "2023/25",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn nests_months_in_quarters_and_years() {
        let m = Period::month(2024, 3).unwrap();
        assert_eq!(
            m.to_freq(Frequency::Quarterly),
            Period::quarter(2024, 1).ok()
        );
        assert_eq!(m.to_freq(Frequency::Annual), Some(Period::year(2024)));
        assert_eq!(
            m.to_freq(Frequency::FinancialYear),
            Some(Period::financial_year(2023))
        );
        let a = Period::month(2024, 4).unwrap();
        assert_eq!(
            a.to_freq(Frequency::FinancialYear),
            Some(Period::financial_year(2024))
        );
        assert_eq!(Period::year(2024).to_freq(Frequency::FinancialYear), None);
    }

    #[test]
    fn negative_years_do_not_break_arithmetic() {
        let p = Period::month(-1, 12).unwrap();
        assert_eq!(p.succ(), Period::month(0, 1).unwrap());
    }
}
