//! Metropolitan Police ward-level crime files (London Datastore, "MPS Ward
//! Level Crime (most recent 24 months)").
//!
//! Layout: `MajorText,MinorText,WardName,WardCode,LookUp_BoroughName`, then
//! one `YYYYMM` column per month, one row per (major category, minor
//! category, ward). Category names are mixed case in the 2021-2023 vintages
//! and upper case (Home Office aligned) from 2023; [`WardOffence`] compares
//! them case-insensitively and knows both spellings of "theft from the
//! person". Empty cells and official missing markers are missing (`NaN`),
//! never zero.
//!
//! Two quirks the readers of these files must know (see
//! `notebooks-data/README.md`): ward totals run about 4-5% below the
//! borough files (offences that cannot be placed in a ward are left out), and
//! a vintage may carry a near-empty first month (the March 2024 column of
//! the 2024-03 to 2026-03 file holds 47 offences London-wide), which
//! [`WardTable::artefact_months`] finds.
//!
//! ```
//! use colcrime::sources::met_ward::{parse_ward_bytes, WardOffence};
//! let text = b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501,202502\n\
//! ROBBERY,ROBBERY OF PERSONAL PROPERTY,West End,E05013806,Westminster,100,90\n\
//! THEFT,SHOPLIFTING,West End,E05013806,Westminster,300,\n";
//! let t = parse_ward_bytes("w.csv", text).unwrap();
//! assert_eq!(t.months.len(), 2);
//! assert_eq!(t.rows.len(), 2);
//! assert!(t.rows[1].counts[1].is_nan()); // an empty cell is missing
//! assert!(WardOffence::Robbery.matches(&t.rows[0].major, &t.rows[0].minor));
//! ```

use std::path::Path;

use serde::Serialize;

use super::lf::{lf_text, read_file};
use super::{csv_error, normalize_ws};
use crate::error::{Error, Location, Result};
use crate::series::{Frequency, Period};

/// The five leading columns of a ward file, in order.
pub const WARD_COLUMNS: [&str; 5] = [
    "MajorText",
    "MinorText",
    "WardName",
    "WardCode",
    "LookUp_BoroughName",
];

/// One row of a ward file.
///
/// ```
/// use colcrime::sources::met_ward::parse_ward_bytes;
/// let t = parse_ward_bytes("w.csv", b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501\nROBBERY,X,A,E05000001,B,3\n").unwrap();
/// assert_eq!(t.rows[0].ward_code, "E05000001");
/// assert_eq!(t.rows[0].line, 2);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WardRow {
    /// Major category, upper-cased, whitespace collapsed (`ROBBERY`).
    pub major: String,
    /// Minor category, upper-cased, whitespace collapsed.
    pub minor: String,
    /// Ward name as published.
    pub ward: String,
    /// ONS ward code (`E05...`).
    pub ward_code: String,
    /// Borough (or policing area, e.g. `Aviation Security (SO18)`) as published.
    pub borough: String,
    /// One count per month of [`WardTable::months`]; `NaN` = missing.
    pub counts: Vec<f64>,
    /// The 1-based line of the row in the file (the header is line 1).
    pub line: u64,
}

/// One ward file, read.
///
/// ```
/// use colcrime::sources::met_ward::parse_ward_bytes;
/// let t = parse_ward_bytes("w.csv", b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501,202502\nROBBERY,X,A,E05000001,B,3,4\n").unwrap();
/// assert_eq!(t.last_month().unwrap().to_string(), "2025-02");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WardTable {
    /// The file as given.
    pub path: String,
    /// SHA-256 of the bytes as published.
    pub sha256: String,
    /// The month columns, in file order.
    pub months: Vec<Period>,
    /// The data rows, in file order.
    pub rows: Vec<WardRow>,
}

/// Offences counted at ward level, each by the file's categories.
///
/// * `Robbery`: every row whose major category is ROBBERY (personal and
///   business property).
/// * `Theft`: every row whose major category is THEFT (theft from the
///   person, shoplifting, bicycle theft, other theft; vehicle offences are
///   their own major category and are not included).
/// * `Shoplifting`: THEFT / SHOPLIFTING.
/// * `TheftFromPerson`: THEFT / THEFT FROM THE PERSON (spelt "Theft from
///   Person" in the 2020-2023 vintages).
///
/// ```
/// use colcrime::sources::met_ward::WardOffence;
/// assert!(WardOffence::TheftFromPerson.matches("Theft", "Theft from Person"));
/// assert!(WardOffence::Theft.matches("THEFT", "BICYCLE THEFT"));
/// assert!(!WardOffence::Theft.matches("VEHICLE OFFENCES", "THEFT FROM A VEHICLE"));
/// assert_eq!(WardOffence::Shoplifting.key(), "shoplifting");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WardOffence {
    /// All robbery.
    Robbery,
    /// All theft (major category THEFT).
    Theft,
    /// Shoplifting.
    Shoplifting,
    /// Theft from the person.
    TheftFromPerson,
}

impl WardOffence {
    /// Every offence, in the order products list them.
    ///
    /// ```
    /// assert_eq!(colcrime::sources::met_ward::WardOffence::ALL.len(), 4);
    /// ```
    pub const ALL: [WardOffence; 4] = [
        WardOffence::Robbery,
        WardOffence::Theft,
        WardOffence::Shoplifting,
        WardOffence::TheftFromPerson,
    ];

    /// The machine key (`robbery`, `theft`, `shoplifting`, `theft_from_person`).
    ///
    /// ```
    /// assert_eq!(colcrime::sources::met_ward::WardOffence::Robbery.key(), "robbery");
    /// ```
    pub fn key(self) -> &'static str {
        match self {
            WardOffence::Robbery => "robbery",
            WardOffence::Theft => "theft",
            WardOffence::Shoplifting => "shoplifting",
            WardOffence::TheftFromPerson => "theft_from_person",
        }
    }

    /// The name a policy reader uses ("theft from the person").
    ///
    /// ```
    /// assert_eq!(colcrime::sources::met_ward::WardOffence::TheftFromPerson.label(), "theft from the person");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            WardOffence::Robbery => "robbery",
            WardOffence::Theft => "theft",
            WardOffence::Shoplifting => "shoplifting",
            WardOffence::TheftFromPerson => "theft from the person",
        }
    }

    /// The offence of a key.
    ///
    /// ```
    /// use colcrime::sources::met_ward::WardOffence;
    /// assert_eq!(WardOffence::from_key("theft"), Some(WardOffence::Theft));
    /// assert_eq!(WardOffence::from_key("arson"), None);
    /// ```
    pub fn from_key(key: &str) -> Option<WardOffence> {
        WardOffence::ALL.into_iter().find(|o| o.key() == key)
    }

    /// Which Met categories make the offence, in words (for a definitions
    /// section).
    ///
    /// ```
    /// assert!(colcrime::sources::met_ward::WardOffence::Theft.definition().contains("THEFT"));
    /// ```
    pub fn definition(self) -> &'static str {
        match self {
            WardOffence::Robbery => {
                "every row of major category ROBBERY (robbery of personal and of business property)"
            }
            WardOffence::Theft => {
                "every row of major category THEFT (theft from the person, shoplifting, bicycle theft, other theft; vehicle offences excluded)"
            }
            WardOffence::Shoplifting => "THEFT / SHOPLIFTING",
            WardOffence::TheftFromPerson => {
                "THEFT / THEFT FROM THE PERSON (\"Theft from Person\" in the older vintages)"
            }
        }
    }

    /// Whether a row of (major, minor) category counts towards the
    /// offence; compared case-insensitively.
    ///
    /// ```
    /// assert!(colcrime::sources::met_ward::WardOffence::Robbery.matches("Robbery", "Robbery of Business Property"));
    /// ```
    pub fn matches(self, major: &str, minor: &str) -> bool {
        let ma = normalize_ws(major).to_uppercase();
        let mi = normalize_ws(minor).to_uppercase();
        self.matches_normalized(&ma, &mi)
    }

    /// [`WardOffence::matches`] on categories already upper-cased with
    /// whitespace collapsed (as [`WardRow`] holds them), without allocating.
    ///
    /// ```
    /// use colcrime::sources::met_ward::WardOffence;
    /// assert!(WardOffence::Shoplifting.matches_normalized("THEFT", "SHOPLIFTING"));
    /// assert!(!WardOffence::Shoplifting.matches_normalized("Theft", "Shoplifting"));
    /// ```
    pub fn matches_normalized(self, ma: &str, mi: &str) -> bool {
        match self {
            WardOffence::Robbery => ma == "ROBBERY",
            WardOffence::Theft => ma == "THEFT",
            WardOffence::Shoplifting => ma == "THEFT" && mi == "SHOPLIFTING",
            WardOffence::TheftFromPerson => {
                ma == "THEFT" && (mi == "THEFT FROM THE PERSON" || mi == "THEFT FROM PERSON")
            }
        }
    }
}

impl std::fmt::Display for WardOffence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl WardTable {
    /// The last month column.
    ///
    /// # Errors
    /// None in practice: a table always has a month (the reader checks).
    ///
    /// ```
    /// # use colcrime::sources::met_ward::parse_ward_bytes;
    /// let t = parse_ward_bytes("w.csv", b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202412\nA,B,C,E05000001,D,1\n").unwrap();
    /// assert_eq!(t.last_month().unwrap(), colcrime::series::Period::month(2024, 12).unwrap());
    /// ```
    pub fn last_month(&self) -> Result<Period> {
        self.months
            .last()
            .copied()
            .ok_or_else(|| Error::format(Location::new(&self.path), "no month columns"))
    }

    /// London-wide totals per month (missing cells skipped).
    ///
    /// ```
    /// # use colcrime::sources::met_ward::parse_ward_bytes;
    /// let t = parse_ward_bytes("w.csv", b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501,202502\nA,B,C,E05000001,D,1,2\nA,B,C,E05000002,D,3,\n").unwrap();
    /// assert_eq!(t.month_totals(), vec![4.0, 2.0]);
    /// ```
    pub fn month_totals(&self) -> Vec<f64> {
        let mut tot = vec![0.0; self.months.len()];
        for r in &self.rows {
            for (t, v) in tot.iter_mut().zip(&r.counts) {
                if v.is_finite() {
                    *t += v;
                }
            }
        }
        tot
    }

    /// Months whose London-wide total is below 5% of the median month of
    /// the file: a publication artefact (a column published nearly empty),
    /// to be treated as missing rather than as a month of no crime.
    ///
    /// ```
    /// # use colcrime::sources::met_ward::parse_ward_bytes;
    /// let t = parse_ward_bytes("w.csv", b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501,202502,202503\nA,B,C,E05000001,D,1,200,210\n").unwrap();
    /// assert_eq!(t.artefact_months().len(), 1);
    /// ```
    pub fn artefact_months(&self) -> Vec<Period> {
        let tot = self.month_totals();
        let mut sorted = tot.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
        self.months
            .iter()
            .zip(&tot)
            .filter(|(_, t)| **t < 0.05 * median)
            .map(|(m, _)| *m)
            .collect()
    }

    /// The column indices of the `n` months ending at `last`, if the file
    /// has every one of them.
    ///
    /// ```
    /// # use colcrime::sources::met_ward::parse_ward_bytes;
    /// # use colcrime::series::Period;
    /// let t = parse_ward_bytes("w.csv", b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501,202502,202503\nA,B,C,E05000001,D,1,2,3\n").unwrap();
    /// assert_eq!(t.window(Period::month(2025, 3).unwrap(), 2), Some(vec![1, 2]));
    /// assert_eq!(t.window(Period::month(2025, 3).unwrap(), 4), None);
    /// ```
    pub fn window(&self, last: Period, n: usize) -> Option<Vec<usize>> {
        (0..n)
            .rev()
            .map(|k| {
                let m = last.offset(-(k as i64));
                self.months.iter().position(|x| *x == m)
            })
            .collect()
    }
}

/// Reads a ward file.
///
/// # Errors
/// The file cannot be read, its header is not a ward file's (the column
/// named), a month heading is not `YYYYMM`, a row has the wrong number of
/// fields, or a count is neither a number nor a missing marker (file, line,
/// column, what was found).
///
/// ```
/// let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
///     .join("tests/fixtures/sources/met_ward_small.csv");
/// let t = colcrime::sources::met_ward::read_ward_file(&p).unwrap();
/// assert_eq!(t.months.len(), 14);
/// ```
pub fn read_ward_file(path: &Path) -> Result<WardTable> {
    let bytes = read_file(path)?;
    parse_ward_bytes(&path.display().to_string(), &bytes)
}

/// Parses a ward file already in memory; `name` is used in messages.
///
/// # Errors
/// As [`read_ward_file`].
///
/// ```
/// use colcrime::sources::met_ward::parse_ward_bytes;
/// let e = parse_ward_bytes("w.csv", b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501\nA,B,C,E05000001,D,abc\n").unwrap_err();
/// assert_eq!(e.to_string(), "w.csv:2:6: column \"202501\": expected a count or a missing marker, found \"abc\"");
/// ```
pub fn parse_ward_bytes(name: &str, bytes: &[u8]) -> Result<WardTable> {
    let text = lf_text(name, bytes)?;
    let loc = Location::new(name);
    let mut rdr = super::csv_reader(&text);
    let mut rec = super::header_record(&mut rdr, &loc)?;
    let header: Vec<String> = rec.iter().map(|h| h.trim().to_string()).collect();
    for (i, want) in WARD_COLUMNS.iter().enumerate() {
        let got = header.get(i).map(String::as_str).unwrap_or("");
        if !got.eq_ignore_ascii_case(want) {
            return Err(Error::parse(
                loc.line(1).column_index(i as u64 + 1),
                format!("the ward file column \"{want}\""),
                got,
            ));
        }
    }
    let mut months = Vec::new();
    for (c, h) in header.iter().enumerate().skip(WARD_COLUMNS.len()) {
        let p = (h.len() == 6 && h.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Period::parse(h))
            .flatten()
            .filter(|p| p.freq() == Frequency::Monthly)
            .ok_or_else(|| {
                Error::parse(
                    loc.clone().line(1).column_index(c as u64 + 1),
                    "a month YYYYMM",
                    h.as_str(),
                )
            })?;
        if let Some(prev) = months.last()
            && p != Period::succ(prev)
        {
            return Err(Error::parse(
                loc.line(1).column_index(c as u64 + 1),
                format!("the month after {prev}"),
                h.as_str(),
            ));
        }
        months.push(p);
    }
    if months.is_empty() {
        return Err(Error::format(
            loc.line(1),
            "no month columns (YYYYMM) in the header",
        ));
    }
    let ncol = header.len();
    let mut rows = Vec::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(loc, &e)),
        }
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() != ncol {
            return Err(Error::parse(
                loc.line(line).column_index(rec.len().min(ncol) as u64),
                format!("{ncol} fields as in the header"),
                format!("{} fields", rec.len()),
            ));
        }
        let cell = |i: usize| rec.get(i).unwrap_or("");
        let ward_code = cell(3).trim().to_string();
        if ward_code.is_empty() {
            return Err(Error::parse(
                loc.line(line).column_index(4).column("WardCode"),
                "a ward code",
                "",
            ));
        }
        let mut counts = Vec::with_capacity(months.len());
        for c in WARD_COLUMNS.len()..ncol {
            let raw = cell(c);
            // Plain counts (nearly every cell) take the fast path.
            if let Ok(n) = raw.parse::<u32>() {
                counts.push(f64::from(n));
                continue;
            }
            let v = crate::series::frame::parse_number(raw)
                .filter(|v| v.is_nan() || *v >= 0.0)
                .ok_or_else(|| {
                    Error::parse(
                        loc.clone()
                            .line(line)
                            .column_index(c as u64 + 1)
                            .column(header.get(c).map(String::as_str).unwrap_or("")),
                        "a count or a missing marker",
                        raw,
                    )
                })?;
            counts.push(v);
        }
        rows.push(WardRow {
            major: normalize_ws(cell(0)).to_uppercase(),
            minor: normalize_ws(cell(1)).to_uppercase(),
            ward: normalize_ws(cell(2)),
            ward_code,
            borough: normalize_ws(cell(4)),
            counts,
            line,
        });
    }
    if rows.is_empty() {
        return Err(Error::format(loc.line(1), "no data rows after the header"));
    }
    Ok(WardTable {
        path: name.to_string(),
        sha256: super::sha256_hex(bytes),
        months,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_header_names_the_column() {
        let e = parse_ward_bytes("w.csv", b"MajorText,MinorText,Ward,WardCode\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "w.csv:1:3: expected the ward file column \"WardName\", found \"Ward\""
        );
    }

    #[test]
    fn a_gap_in_the_months_is_an_error() {
        let e = parse_ward_bytes(
            "w.csv",
            b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501,202503\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "w.csv:1:7: expected the month after 2025-01, found \"202503\""
        );
    }

    #[test]
    fn crlf_lines_are_counted_right() {
        let e = parse_ward_bytes(
            "w.csv",
            b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501\r\nA,B,C,E05000001,D,1\r\nA,B,C,E05000002,D,-4\r\n",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("w.csv:3:6:"), "{e}");
    }

    #[test]
    fn short_rows_are_refused() {
        let e = parse_ward_bytes(
            "w.csv",
            b"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501\nA,B,C,E05000001\n",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("w.csv:2:4:"), "{e}");
    }
}
