//! Mid-year populations from Table P3 of an ONS police force area workbook
//! (`policeforceareatablesyearending*.xlsx`): the column "Population
//! figures (mid-YYYY) rounded to 100" beside each area's crime rates. The
//! newest such figures shipped with colcrime are mid-2018 (workbook for the
//! year ending June 2019): England and Wales 59,115,800, London 8,908,100.
//!
//! Reading a workbook needs the `xlsx` feature; without it the reader is an
//! error that names the feature.
//!
//! ```
//! # #[cfg(feature = "xlsx")] {
//! let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
//!     .join("notebooks-data/ons_pfa_tables/policeforceareatablesyearendingjune2019.xlsx");
//! let pop = colcrime::sources::pfa_population::read_pfa_population(&p).unwrap();
//! assert_eq!(pop.reference, "mid-2018");
//! assert_eq!(pop.get("E12000007"), Some(8_908_100.0));
//! # }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Location, Result};

/// Populations by area code from one workbook.
///
/// ```
/// use colcrime::sources::pfa_population::PfaPopulation;
/// let p = PfaPopulation { path: "w.xlsx".into(), sha256: String::new(), sheet: "Table P3".into(),
///     reference: "mid-2018".into(), heading: String::new(),
///     areas: [("E12000007".to_string(), ("London".to_string(), 8_908_100.0))].into_iter().collect() };
/// assert_eq!(p.get("E12000007"), Some(8_908_100.0));
/// assert_eq!(p.get("K04000001"), None);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PfaPopulation {
    /// The workbook as given.
    pub path: String,
    /// SHA-256 of the workbook's bytes.
    pub sha256: String,
    /// The sheet read (`Table P3`).
    pub sheet: String,
    /// The reference date of the estimates as the heading states it (`mid-2018`).
    pub reference: String,
    /// The population column's heading, cleaned.
    pub heading: String,
    /// Area code -> (area name, population; `NaN` if missing).
    pub areas: BTreeMap<String, (String, f64)>,
}

impl PfaPopulation {
    /// The population of an area, if known.
    ///
    /// ```
    /// # use colcrime::sources::pfa_population::PfaPopulation;
    /// let p = PfaPopulation { path: String::new(), sha256: String::new(), sheet: String::new(), reference: String::new(), heading: String::new(), areas: Default::default() };
    /// assert_eq!(p.get("E12000007"), None);
    /// ```
    pub fn get(&self, code: &str) -> Option<f64> {
        self.areas
            .get(code)
            .map(|(_, v)| *v)
            .filter(|v| v.is_finite())
    }
}

/// `mid-2018` from a heading such as "Population figures (mid-2018)3
/// rounded to 100".
#[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
fn reference_of(heading: &str) -> Option<String> {
    let lower = heading.to_ascii_lowercase();
    let i = lower.find("mid-")?;
    let year: String = lower
        .get(i + 4..)?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (year.len() == 4).then(|| format!("mid-{year}"))
}

/// Reads the population column of Table P3.
///
/// # Errors
/// The workbook cannot be read (or the `xlsx` feature is off), it has no
/// sheet `Table P3`, no header row starting `Area Code` with a population
/// column, or a population cell is not a number or a missing marker (sheet,
/// row, column).
///
/// ```
/// let e = colcrime::sources::pfa_population::read_pfa_population("no/such.xlsx".as_ref()).unwrap_err();
/// assert_eq!(e.kind_name(), "io");
/// ```
pub fn read_pfa_population(path: &Path) -> Result<PfaPopulation> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_pfa_population(&path.display().to_string(), &bytes)
}

/// [`read_pfa_population`] on bytes in memory.
///
/// # Errors
/// As [`read_pfa_population`].
///
/// ```
/// let e = colcrime::sources::pfa_population::parse_pfa_population("w.xlsx", b"not a workbook").unwrap_err();
/// assert!(e.to_string().starts_with("w.xlsx"));
/// ```
#[cfg(feature = "xlsx")]
pub fn parse_pfa_population(name: &str, bytes: &[u8]) -> Result<PfaPopulation> {
    use calamine::{Data, Reader};
    let loc = Location::new(name);
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| Error::format(loc.clone(), format!("not a readable xlsx workbook: {e}")))?;
    let sheets = wb.sheet_names();
    let sheet = sheets
        .iter()
        .find(|s| s.trim().eq_ignore_ascii_case("Table P3"))
        .cloned()
        .ok_or_else(|| {
            Error::format(
                loc.clone(),
                format!(
                    "workbook has no sheet \"Table P3\" (sheets: {})",
                    sheets.join(", ")
                ),
            )
        })?;
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| Error::format(loc.clone(), format!("sheet \"{sheet}\": {e}")))?;
    let sloc = Location::new(format!("{name}[{}]", sheet.trim()));
    let text = |c: &Data| match c {
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    };
    // Row numbers in messages are the sheet's own (1-based).
    let row0 = range.start().map_or(0, |(r, _)| r) as u64;
    let mut header: Option<(usize, String)> = None;
    let mut areas = BTreeMap::new();
    for (i, row) in range.rows().enumerate() {
        let line = row0 + i as u64 + 1;
        let cells: Vec<String> = row.iter().map(text).collect();
        let first = cells.first().map(String::as_str).unwrap_or("");
        match &header {
            None => {
                if first.eq_ignore_ascii_case("Area Code") {
                    let col = cells
                        .iter()
                        .position(|c| c.to_ascii_lowercase().starts_with("population"))
                        .ok_or_else(|| {
                            Error::format(
                                sloc.clone().line(line),
                                "the header row has no \"Population figures\" column",
                            )
                        })?;
                    let h = super::normalize_ws(cells.get(col).map(String::as_str).unwrap_or(""));
                    header = Some((col, h));
                }
            }
            Some((col, _)) => {
                // Area rows have an ONS code; notes and blank rows do not.
                let is_code = first.len() == 9
                    && first.starts_with(['E', 'W', 'K'])
                    && first
                        .get(1..)
                        .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()));
                if !is_code {
                    continue;
                }
                let raw = cells.get(*col).map(String::as_str).unwrap_or("");
                let v = crate::series::frame::parse_number(raw).ok_or_else(|| {
                    Error::parse(
                        sloc.clone()
                            .line(line)
                            .column_index(*col as u64 + 1)
                            .column("Population figures"),
                        "a population or a missing marker",
                        raw,
                    )
                })?;
                let name = super::pfa_table::clean_label(
                    cells
                        .get(1)
                        .map(String::as_str)
                        .unwrap_or("")
                        .trim_end_matches(|c: char| c.is_ascii_digit() || c == ','),
                );
                areas.insert(first.to_string(), (name, v));
            }
        }
    }
    let Some((_, heading)) = header else {
        return Err(Error::format(sloc, "no header row starting \"Area Code\""));
    };
    let reference = reference_of(&heading).ok_or_else(|| {
        Error::parse(
            sloc.clone().column("Population figures"),
            "a heading naming the estimates' date (mid-YYYY)",
            heading.as_str(),
        )
    })?;
    Ok(PfaPopulation {
        path: name.to_string(),
        sha256: super::sha256_hex(bytes),
        sheet: sheet.trim().to_string(),
        reference,
        heading,
        areas,
    })
}

/// Without the `xlsx` feature a workbook cannot be read.
///
/// # Errors
/// Always: the message names the file and the feature.
#[cfg(not(feature = "xlsx"))]
pub fn parse_pfa_population(name: &str, _bytes: &[u8]) -> Result<PfaPopulation> {
    Err(Error::format(
        Location::new(name),
        "an xlsx workbook, which this colcrime cannot read: it was built without the `xlsx` feature (build it with features = [\"xlsx\"])",
    ))
}

#[cfg(test)]
mod tests {
    use super::reference_of;

    #[test]
    fn the_reference_date_is_read_from_the_heading() {
        assert_eq!(
            reference_of("Population figures (mid-2018)3 rounded to 100").as_deref(),
            Some("mid-2018")
        );
        assert_eq!(reference_of("Population"), None);
    }
}
