//! ONS "Crime in England and Wales: Police Force Area data tables", a
//! sheet saved as CSV (Table P1: police recorded crime by offence group and
//! police force area, number of offences, rolling 12 months).
//!
//! Layout: a few preamble rows (the title, which names the period: "...,
//! year ending June 2025 [note 1]"), then a header row whose first cell is
//! `Area Code`, then one row per area (England and Wales `K04000001`,
//! England, the regions — London is `E12000007` — Wales, the police force
//! areas, British Transport Police with no code). Header cells may contain
//! line breaks and `[note n]` references; numbers carry thousands commas
//! (`"1,736,974"`); official missing markers (`..`, `[x]`, `[c]`, `-`, ...)
//! are missing (`NaN`), never zero.
//!
//! ```
//! use colcrime::sources::pfa_table::parse_pfa_table;
//! let text = "\"Table P1: Police recorded crime, year ending June 2025 [note 1]\",,\n\
//! Area Code,Area Name,\"Theft\n offences\",Robbery\n\
//! K04000001,ENGLAND AND WALES [note 3],\"1,736,974\",\"80,297\"\n\
//! E12000007,London,\"465,085\",..\n";
//! let t = parse_pfa_table("p1.csv", text.as_bytes()).unwrap();
//! assert_eq!(t.period.as_deref(), Some("year ending June 2025"));
//! assert_eq!(t.value("K04000001", "theft offences").unwrap(), 1_736_974.0);
//! assert!(t.value("E12000007", "Robbery").unwrap().is_nan());
//! assert_eq!(t.row("K04000001").unwrap().name, "ENGLAND AND WALES");
//! ```

use std::path::Path;

use super::lf::{lf_text, read_file};
use super::{csv_error, normalize_ws};
use crate::error::{Error, Location, Result};
use crate::series::Period;

/// One area's row.
///
/// ```
/// # use colcrime::sources::pfa_table::parse_pfa_table;
/// let t = parse_pfa_table("p.csv", b"Area Code,Area Name,Robbery\nE12000007,London [note 4],5\n").unwrap();
/// assert_eq!(t.rows[0].name, "London");
/// assert_eq!(t.rows[0].line, 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PfaRow {
    /// ONS area code (empty for British Transport Police).
    pub code: String,
    /// Area name without `[note n]` references or stray spaces.
    pub name: String,
    /// One value per column of [`PfaTable::columns`]; `NaN` = missing.
    pub values: Vec<f64>,
    /// The 1-based line where the row starts in the file.
    pub line: u64,
}

/// A police force area table.
#[derive(Debug, Clone, PartialEq)]
pub struct PfaTable {
    /// The file as given.
    pub path: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// The title (first cell of the file), if there is a preamble.
    pub title: Option<String>,
    /// The period as stated in the title (`year ending June 2025`).
    pub period: Option<String>,
    /// The last month of the period (June 2025), when the title names it.
    pub period_end: Option<Period>,
    /// The value columns' names (after `Area Code`, `Area Name`), cleaned:
    /// whitespace collapsed, `[note n]` removed.
    pub columns: Vec<String>,
    /// The line of the header row.
    pub header_line: u64,
    /// The area rows, in file order.
    pub rows: Vec<PfaRow>,
}

/// A header or name cell without `[note n]` references, whitespace collapsed.
///
/// ```
/// assert_eq!(colcrime::sources::pfa_table::clean_label("Total recorded crime\n (excluding fraud) \n[note 2]"), "Total recorded crime (excluding fraud)");
/// ```
pub fn clean_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[note") {
        out.push_str(rest.get(..i).unwrap_or(""));
        rest = match rest.get(i..).and_then(|r| r.find(']')) {
            Some(j) => rest.get(i + j + 1..).unwrap_or(""),
            None => "",
        };
    }
    out.push_str(rest);
    normalize_ws(&out)
}

impl PfaTable {
    /// The row of an area code.
    ///
    /// # Errors
    /// No row has that code (the message lists some that exist).
    ///
    /// ```
    /// # use colcrime::sources::pfa_table::parse_pfa_table;
    /// let t = parse_pfa_table("p.csv", b"Area Code,Area Name,Robbery\nE12000007,London,5\n").unwrap();
    /// assert!(t.row("E12000007").is_ok());
    /// assert!(t.row("W92000004").is_err());
    /// ```
    pub fn row(&self, code: &str) -> Result<&PfaRow> {
        self.rows.iter().find(|r| r.code == code).ok_or_else(|| {
            Error::not_found(
                format!("area code in {}", self.path),
                code,
                self.rows
                    .iter()
                    .filter(|r| !r.code.is_empty())
                    .map(|r| r.code.clone())
                    .collect(),
            )
        })
    }

    /// The index of a column, by its cleaned name (case-insensitive).
    ///
    /// # Errors
    /// No such column (the message lists the columns).
    ///
    /// ```
    /// # use colcrime::sources::pfa_table::parse_pfa_table;
    /// let t = parse_pfa_table("p.csv", b"Area Code,Area Name,Robbery,Shoplifting\nE12000007,London,5,6\n").unwrap();
    /// assert_eq!(t.column("shoplifting").unwrap(), 1);
    /// ```
    pub fn column(&self, name: &str) -> Result<usize> {
        let want = clean_label(name);
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(&want))
            .ok_or_else(|| {
                Error::not_found(
                    format!("column in {}", self.path),
                    name,
                    self.columns.clone(),
                )
            })
    }

    /// The value of a column for an area (`NaN` if the cell is missing).
    ///
    /// # Errors
    /// No such area or column.
    ///
    /// ```
    /// # use colcrime::sources::pfa_table::parse_pfa_table;
    /// let t = parse_pfa_table("p.csv", b"Area Code,Area Name,Robbery\nE12000007,London,\"33,752\"\n").unwrap();
    /// assert_eq!(t.value("E12000007", "Robbery").unwrap(), 33752.0);
    /// ```
    pub fn value(&self, code: &str, column: &str) -> Result<f64> {
        let c = self.column(column)?;
        Ok(self.row(code)?.values.get(c).copied().unwrap_or(f64::NAN))
    }
}

/// The period a title names: the words after "year ending" up to a `[` or
/// the end, and the month they end in.
fn title_period(title: &str) -> (Option<String>, Option<Period>) {
    let lower = title.to_ascii_lowercase();
    let Some(i) = lower.find("year ending") else {
        return (None, None);
    };
    let rest = title.get(i..).unwrap_or("");
    let rest = rest.split('[').next().unwrap_or("");
    let text = normalize_ws(rest.trim_end_matches([',', '.', ' ']));
    let words: Vec<&str> = text.split(' ').collect();
    let end = match (words.get(2), words.get(3)) {
        (Some(m), Some(y)) => crate::series::period::month_from_name(m)
            .zip(y.parse::<i32>().ok())
            .and_then(|(m, y)| Period::month(y, m).ok()),
        _ => None,
    };
    let text = text.replacen("Year ending", "year ending", 1);
    (Some(text), end)
}

/// Reads a police force area table saved as CSV.
///
/// # Errors
/// The file cannot be read, it has no `Area Code` header row, a row has
/// the wrong number of fields, or a value is neither a number nor a missing
/// marker (file, line, column).
///
/// ```
/// let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
///     .join("notebooks-data/ons_pfa_tables/ons_pfa_TableP1_counts_by_PFA_yejune2025.csv");
/// let t = colcrime::sources::pfa_table::read_pfa_table(&p).unwrap();
/// assert_eq!(t.value("K04000001", "Robbery").unwrap(), 80_297.0);
/// assert_eq!(t.period_end.unwrap().to_string(), "2025-06");
/// ```
pub fn read_pfa_table(path: &Path) -> Result<PfaTable> {
    let bytes = read_file(path)?;
    parse_pfa_table(&path.display().to_string(), &bytes)
}

/// Parses a table from memory; `name` is used in messages.
///
/// # Errors
/// As [`read_pfa_table`].
///
/// ```
/// use colcrime::sources::pfa_table::parse_pfa_table;
/// let e = parse_pfa_table("p.csv", b"Title\nArea Code,Area Name,Robbery\nE12000007,London,lots\n").unwrap_err();
/// assert_eq!(e.to_string(), "p.csv:3:3: column \"Robbery\": expected a number or a missing marker, found \"lots\"");
/// assert!(parse_pfa_table("p.csv", b"Title\nno header here\n").is_err());
/// ```
pub fn parse_pfa_table(name: &str, bytes: &[u8]) -> Result<PfaTable> {
    let text = lf_text(name, bytes)?;
    let loc = Location::new(name);
    let mut rdr = super::csv_reader(&text);
    let mut rec = csv::StringRecord::new();
    let mut title = None;
    let mut header: Option<(Vec<String>, u64)> = None;
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
        let first = rec.get(0).unwrap_or("").trim();
        let Some((cols, _)) = &header else {
            if first.eq_ignore_ascii_case("Area Code") {
                let cols: Vec<String> = rec.iter().skip(2).map(clean_label).collect();
                header = Some((cols, line));
            } else if title.is_none() {
                title = Some(normalize_ws(first));
            }
            continue;
        };
        let ncol = cols.len() + 2;
        if rec.len() < ncol {
            return Err(Error::parse(
                loc.line(line).column_index(rec.len() as u64),
                format!("{ncol} fields as in the header"),
                format!("{} fields", rec.len()),
            ));
        }
        let mut values = Vec::with_capacity(cols.len());
        for (j, col) in cols.iter().enumerate() {
            let raw = rec.get(j + 2).unwrap_or("");
            let v = crate::series::frame::parse_number(raw).ok_or_else(|| {
                Error::parse(
                    loc.clone()
                        .line(line)
                        .column_index(j as u64 + 3)
                        .column(col.as_str()),
                    "a number or a missing marker",
                    raw,
                )
            })?;
            values.push(v);
        }
        rows.push(PfaRow {
            code: first.to_string(),
            name: clean_label(rec.get(1).unwrap_or("")),
            values,
            line,
        });
    }
    let Some((columns, header_line)) = header else {
        return Err(Error::format(
            loc,
            "no header row starting \"Area Code\" (not a police force area table)",
        ));
    };
    if rows.is_empty() {
        return Err(Error::format(
            loc.line(header_line),
            "no area rows after the header",
        ));
    }
    let (period, period_end) = title.as_deref().map_or((None, None), title_period);
    Ok(PfaTable {
        path: name.to_string(),
        sha256: super::sha256_hex(bytes),
        title,
        period,
        period_end,
        columns,
        header_line,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_with_line_breaks_keeps_the_line_numbers_of_rows() {
        let t = parse_pfa_table(
            "p.csv",
            b"Title\r\nArea Code,Area Name,\"Total\r\n (excluding fraud)\"\r\nK04000001,E&W,\"5,287,312\"\r\n",
        )
        .unwrap();
        assert_eq!(t.header_line, 2);
        assert_eq!(t.rows[0].line, 4);
        assert_eq!(t.columns[0], "Total (excluding fraud)");
    }

    #[test]
    fn missing_markers_are_missing() {
        let t = parse_pfa_table("p.csv", b"Area Code,Area Name,A,B,C\nE1,X,[x],..,\n").unwrap();
        assert!(t.rows[0].values.iter().all(|v| v.is_nan()));
    }

    #[test]
    fn title_period_reads_the_month() {
        let (p, e) = title_period("Table P1: ..., year ending June 2025 [note 1]");
        assert_eq!(p.as_deref(), Some("year ending June 2025"));
        assert_eq!(e, Period::month(2025, 6).ok());
    }
}
