//! Census 2021 usual residents by electoral ward (an ONS custom-dataset
//! export): `Electoral wards and divisions Code, Electoral wards and
//! divisions, Residence type (2 categories) Code, Residence type (2
//! categories), Observation`, one row per ward and residence type (living
//! in a household / in a communal establishment). A ward's population is
//! the sum over its rows; a missing observation makes the ward's
//! population missing, not smaller.
//!
//! ```
//! use colcrime::sources::census_ward::parse_ward_population;
//! let text = "Electoral wards and divisions Code,Electoral wards and divisions,Residence type (2 categories) Code,Residence type (2 categories),Observation\n\
//! E05013806,West End,1,Lives in a household,11000\n\
//! E05013806,West End,2,Lives in a communal establishment,543\n";
//! let p = parse_ward_population("pop.csv", text.as_bytes()).unwrap();
//! assert_eq!(p.get("E05013806"), Some(11543.0));
//! assert_eq!(p.total(), 11543.0);
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use super::lf::{lf_text, read_file};
use super::{csv_error, normalize_ws};
use crate::error::{Error, Location, Result};

/// Census 2021 ward populations.
///
/// ```
/// use colcrime::sources::census_ward::parse_ward_population;
/// let p = parse_ward_population("p.csv", b"Electoral wards and divisions Code,Electoral wards and divisions,Residence type (2 categories) Code,Residence type (2 categories),Observation\nE05000001,A,1,x,..\n").unwrap();
/// assert_eq!(p.get("E05000001"), None); // missing, not zero
/// assert_eq!(p.wards.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WardPopulation {
    /// The file as given.
    pub path: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// Ward code -> (name, usual residents; `NaN` if any part is missing).
    pub wards: BTreeMap<String, (String, f64)>,
}

impl WardPopulation {
    /// The usual residents of a ward, if known.
    ///
    /// ```
    /// # use colcrime::sources::census_ward::parse_ward_population;
    /// let p = parse_ward_population("p.csv", b"Electoral wards and divisions Code,Electoral wards and divisions,Residence type (2 categories) Code,Residence type (2 categories),Observation\nE05000001,A,1,x,10\n").unwrap();
    /// assert_eq!(p.get("E05000001"), Some(10.0));
    /// assert_eq!(p.get("E05999999"), None);
    /// ```
    pub fn get(&self, code: &str) -> Option<f64> {
        self.wards
            .get(code)
            .map(|(_, v)| *v)
            .filter(|v| v.is_finite())
    }

    /// The sum over every area with a known population.
    ///
    /// ```
    /// # use colcrime::sources::census_ward::parse_ward_population;
    /// let p = parse_ward_population("p.csv", b"Electoral wards and divisions Code,Electoral wards and divisions,Residence type (2 categories) Code,Residence type (2 categories),Observation\nE05000001,A,1,x,10\nE05000002,B,1,x,5\n").unwrap();
    /// assert_eq!(p.total(), 15.0);
    /// ```
    pub fn total(&self) -> f64 {
        self.wards
            .values()
            .map(|(_, v)| *v)
            .filter(|v| v.is_finite())
            .sum()
    }
}

/// Reads the Census 2021 ward population file.
///
/// # Errors
/// The file cannot be read, the header is not the export's (the column
/// named), or an observation is neither a number nor a missing marker
/// (file, line, column).
///
/// ```
/// let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
///     .join("notebooks-data/london_population/census2021_ward_usual_residents_by_residence_type_london.csv");
/// let pop = colcrime::sources::census_ward::read_ward_population(&p).unwrap();
/// assert_eq!(pop.total(), 8_799_716.0);
/// ```
pub fn read_ward_population(path: &Path) -> Result<WardPopulation> {
    let bytes = read_file(path)?;
    parse_ward_population(&path.display().to_string(), &bytes)
}

/// Parses the file from memory; `name` is used in messages.
///
/// # Errors
/// As [`read_ward_population`].
///
/// ```
/// use colcrime::sources::census_ward::parse_ward_population;
/// let e = parse_ward_population("p.csv", b"Electoral wards and divisions Code,Electoral wards and divisions,Residence type (2 categories) Code,Residence type (2 categories),Observation\nE05000001,A,1,x,ten\n").unwrap_err();
/// assert_eq!(e.to_string(), "p.csv:2:5: column \"Observation\": expected a number or a missing marker, found \"ten\"");
/// ```
pub fn parse_ward_population(name: &str, bytes: &[u8]) -> Result<WardPopulation> {
    let text = lf_text(name, bytes)?;
    let loc = Location::new(name);
    let mut rdr = super::csv_reader(&text);
    let mut rec = super::header_record(&mut rdr, &loc)?;
    let header: Vec<String> = rec.iter().map(normalize_ws).collect();
    let want = [
        (0, "Electoral wards and divisions Code"),
        (1, "Electoral wards and divisions"),
        (4, "Observation"),
    ];
    for (i, w) in want {
        let got = header.get(i).map(String::as_str).unwrap_or("");
        if !got.eq_ignore_ascii_case(w) {
            return Err(Error::parse(
                loc.line(1).column_index(i as u64 + 1),
                format!("the Census export column \"{w}\""),
                got,
            ));
        }
    }
    let mut wards: BTreeMap<String, (String, f64)> = BTreeMap::new();
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
        if rec.len() < 5 {
            return Err(Error::parse(
                loc.line(line).column_index(rec.len() as u64),
                "5 fields as in the header",
                format!("{} fields", rec.len()),
            ));
        }
        let code = rec.get(0).unwrap_or("").trim().to_string();
        if code.is_empty() {
            return Err(Error::parse(
                loc.line(line)
                    .column_index(1)
                    .column("Electoral wards and divisions Code"),
                "a ward code",
                "",
            ));
        }
        let raw = rec.get(4).unwrap_or("");
        let v = crate::series::frame::parse_number(raw)
            .filter(|v| v.is_nan() || *v >= 0.0)
            .ok_or_else(|| {
                Error::parse(
                    loc.clone().line(line).column_index(5).column("Observation"),
                    "a number or a missing marker",
                    raw,
                )
            })?;
        let e = wards
            .entry(code)
            .or_insert_with(|| (normalize_ws(rec.get(1).unwrap_or("")), 0.0));
        e.1 += v;
    }
    if wards.is_empty() {
        return Err(Error::format(loc.line(1), "no data rows after the header"));
    }
    Ok(WardPopulation {
        path: name.to_string(),
        sha256: super::sha256_hex(bytes),
        wards,
    })
}
