//! [`Frame`]: the rectangular data a model is fitted to, read from a
//! `--data` CSV or built from workspace series aligned on one index.
//!
//! The CSV reader is [`crate::sources::csv_frame`]; [`Frame::read_csv`] and
//! [`Frame::from_csv_str`] call it. Cells follow the command-line contract:
//! empty cells and official suppression markers (`..`, `.`, `x`, `[x]`,
//! `[c]`, `[z]`, `-`, `:`) are missing ([`is_missing_marker`],
//! [`parse_number`]).
//!
//! ```
//! use colcrime::series::Frame;
//! let f = Frame::from_csv_str("t.csv", "date,y,x\n2024-01,1,..\n2024-02,2,3\n").unwrap();
//! assert_eq!(f.nrows(), 2);
//! assert!(f.column("x").unwrap()[0].is_nan());
//! assert_eq!(f.index.as_ref().unwrap()[1].to_string(), "2024-02");
//! ```

use std::path::Path;

use super::period::Period;
use super::series::Series;
use crate::error::{Error, Result};
use crate::sources::csv_frame;

/// Official suppression / missing markers, compared after trimming.
pub const MISSING_MARKERS: [&str; 9] = ["", "..", ".", "x", "[x]", "[c]", "[z]", "-", ":"];

/// True if `cell` is empty or an official missing marker.
///
/// ```
/// use colcrime::series::frame::is_missing_marker;
/// assert!(is_missing_marker(" [c] "));
/// assert!(!is_missing_marker("0"));
/// ```
pub fn is_missing_marker(cell: &str) -> bool {
    let t = cell.trim();
    MISSING_MARKERS.contains(&t) || t.eq_ignore_ascii_case("x") || t.eq_ignore_ascii_case("[x]")
}

/// Parses a numeric cell: missing markers give `Ok(NaN)`, thousands
/// separators are accepted (`1,234`), anything else is an error.
///
/// ```
/// use colcrime::series::frame::parse_number;
/// assert_eq!(parse_number("1,234.5"), Some(1234.5));
/// assert!(parse_number("..").unwrap().is_nan());
/// assert_eq!(parse_number("abc"), None);
/// ```
pub fn parse_number(cell: &str) -> Option<f64> {
    let t = cell.trim();
    if is_missing_marker(t) {
        return Some(f64::NAN);
    }
    let cleaned;
    let t = if t.contains(',') {
        cleaned = t.replace(',', "");
        cleaned.as_str()
    } else {
        t
    };
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        Ok(v) if t.eq_ignore_ascii_case("nan") => Some(v),
        _ => None,
    }
}

/// Named numeric columns of equal length, with an optional period index.
///
/// ```
/// use colcrime::series::Frame;
/// let f = Frame::new(None, vec![("a".into(), vec![1.0, 2.0])]).unwrap();
/// assert_eq!(f.names(), vec!["a"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The file the frame was read from (for messages), or a description.
    pub source: String,
    /// One period per row, if the data has a time index.
    pub index: Option<Vec<Period>>,
    columns: Vec<(String, Vec<f64>)>,
    /// Text (categorical) columns: `None` where the cell is missing.
    text_columns: Vec<(String, Vec<Option<String>>)>,
}

impl Frame {
    /// A frame from columns.
    ///
    /// # Errors
    /// Columns of different lengths, or an index of another length.
    ///
    /// ```
    /// # use colcrime::series::Frame;
    /// assert!(Frame::new(None, vec![("a".into(), vec![1.0]), ("b".into(), vec![])]).is_err());
    /// ```
    pub fn new(index: Option<Vec<Period>>, columns: Vec<(String, Vec<f64>)>) -> Result<Frame> {
        let n = index
            .as_ref()
            .map(Vec::len)
            .or_else(|| columns.first().map(|c| c.1.len()))
            .unwrap_or(0);
        if let Some((name, c)) = columns.iter().find(|c| c.1.len() != n) {
            return Err(Error::usage(format!(
                "column {name} has {} rows, expected {n}",
                c.len()
            )));
        }
        Ok(Frame {
            source: "<memory>".into(),
            index,
            columns,
            text_columns: Vec::new(),
        })
    }

    /// A frame read from `source`: numeric columns (checked against the
    /// index as [`Frame::new`] does) and text columns of the same length.
    pub(crate) fn from_parts(
        source: &str,
        index: Option<Vec<Period>>,
        columns: Vec<(String, Vec<f64>)>,
        text_columns: Vec<(String, Vec<Option<String>>)>,
    ) -> Result<Frame> {
        let mut f = Frame::new(index, columns)?;
        f.source = source.to_string();
        f.text_columns = text_columns;
        Ok(f)
    }

    /// Aligns series of one frequency on the union of their periods
    /// (missing where a series has no value) and makes a frame of them.
    ///
    /// # Errors
    /// No series, or series of different frequencies.
    ///
    /// ```
    /// # use colcrime::series::{Frame, Period, Series};
    /// let a = Series::new("a", Period::year(2000), vec![1.0, 2.0]);
    /// let b = Series::new("b", Period::year(2001), vec![5.0]);
    /// let f = Frame::from_series(&[&a, &b]).unwrap();
    /// assert_eq!(f.nrows(), 2);
    /// assert!(f.column("b").unwrap()[0].is_nan());
    /// ```
    pub fn from_series(series: &[&Series]) -> Result<Frame> {
        let first = series
            .first()
            .ok_or_else(|| Error::usage("no series to put in a frame"))?;
        let freq = first.freq();
        if let Some(s) = series.iter().find(|s| s.freq() != freq) {
            return Err(Error::usage(format!(
                "series {} is {} but {} is {}: aggregate one of them first",
                s.name,
                s.freq(),
                first.name,
                freq
            )));
        }
        let nonempty = series.iter().filter(|s| !s.is_empty());
        let start = nonempty.clone().map(|s| s.start()).min();
        let end = nonempty.filter_map(|s| s.end()).max();
        let (Some(start), Some(end)) = (start, end) else {
            return Frame::new(
                Some(Vec::new()),
                series
                    .iter()
                    .map(|s| (s.name.clone(), Vec::new()))
                    .collect(),
            );
        };
        let index: Vec<Period> = (0..=start.periods_until(&end)?)
            .map(|i| start.offset(i))
            .collect();
        let columns = series
            .iter()
            .map(|s| {
                (
                    s.name.clone(),
                    index
                        .iter()
                        .map(|p| s.get(*p).unwrap_or(f64::NAN))
                        .collect(),
                )
            })
            .collect();
        let mut f = Frame::new(Some(index), columns)?;
        f.source = "workspace series".into();
        Ok(f)
    }

    /// Reads a CSV file (the rules are those of [`csv_frame`], which reads it).
    ///
    /// # Errors
    /// Unreadable file, no header, ragged rows, or a cell that is neither a
    /// number nor a missing marker (named by line and column).
    ///
    /// ```no_run
    /// # use colcrime::series::Frame;
    /// let f = Frame::read_csv("data.csv".as_ref())?;
    /// # Ok::<(), colcrime::error::Error>(())
    /// ```
    pub fn read_csv(path: &Path) -> Result<Frame> {
        csv_frame::read(path)
    }

    /// Reads CSV text; `name` is used in error messages.
    ///
    /// # Errors
    /// As [`Frame::read_csv`].
    ///
    /// ```
    /// # use colcrime::series::Frame;
    /// let e = Frame::from_csv_str("t.csv", "y,x\n1,2\n3,abc\n").unwrap_err();
    /// assert_eq!(e.to_string(), "t.csv:3:2: column \"x\": expected a number or a missing marker (.., x, [c], blank), found \"abc\"");
    /// ```
    pub fn from_csv_str(name: &str, text: &str) -> Result<Frame> {
        csv_frame::from_str(name, text)
    }

    /// Number of rows.
    ///
    /// ```
    /// # use colcrime::series::Frame;
    /// assert_eq!(Frame::new(None, vec![("a".into(), vec![1.0])]).unwrap().nrows(), 1);
    /// ```
    pub fn nrows(&self) -> usize {
        self.index
            .as_ref()
            .map(Vec::len)
            .or_else(|| self.columns.first().map(|c| c.1.len()))
            .or_else(|| self.text_columns.first().map(|c| c.1.len()))
            .unwrap_or(0)
    }

    /// Names of the text (categorical) columns, in order.
    ///
    /// ```
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("t", "g,y\na,1\nb,2\n").unwrap();
    /// assert_eq!(f.text_names(), vec!["g"]);
    /// assert_eq!(f.names(), vec!["y"]);
    /// ```
    pub fn text_names(&self) -> Vec<&str> {
        self.text_columns.iter().map(|c| c.0.as_str()).collect()
    }

    /// A text column by name (`None` cells are missing), or `None` if the
    /// frame has no text column of that name.
    ///
    /// ```
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("t", "g,y\na,1\n..,2\n").unwrap();
    /// let g = f.text_column("g").unwrap();
    /// assert_eq!(g[0].as_deref(), Some("a"));
    /// assert!(g[1].is_none());
    /// ```
    pub fn text_column(&self, name: &str) -> Option<&[Option<String>]> {
        self.text_columns
            .iter()
            .find(|c| c.0 == name)
            .map(|c| c.1.as_slice())
    }

    /// Column names, in order.
    ///
    /// ```
    /// # use colcrime::series::Frame;
    /// assert_eq!(Frame::new(None, vec![("a".into(), vec![])]).unwrap().names(), vec!["a"]);
    /// ```
    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.0.as_str()).collect()
    }

    /// A column by name.
    ///
    /// # Errors
    /// No such column (the message lists those that exist).
    ///
    /// ```
    /// # use colcrime::series::Frame;
    /// let f = Frame::new(None, vec![("a".into(), vec![1.0])]).unwrap();
    /// assert!(f.column("b").is_err());
    /// ```
    pub fn column(&self, name: &str) -> Result<&[f64]> {
        if self.text_column(name).is_some() {
            return Err(Error::usage(format!(
                "column \"{name}\" of {} holds text, not numbers: use it as a category, C({name})",
                self.source
            )));
        }
        self.columns
            .iter()
            .find(|c| c.0 == name)
            .map(|c| c.1.as_slice())
            .ok_or_else(|| {
                Error::not_found(
                    format!("column in {}", self.source),
                    name,
                    self.columns.iter().map(|c| c.0.clone()).collect(),
                )
            })
    }

    /// Adds or replaces a column.
    ///
    /// # Errors
    /// Wrong length.
    ///
    /// ```
    /// # use colcrime::series::Frame;
    /// let mut f = Frame::new(None, vec![("a".into(), vec![1.0])]).unwrap();
    /// f.insert("b", vec![2.0]).unwrap();
    /// assert_eq!(f.column("b").unwrap(), &[2.0]);
    /// ```
    pub fn insert(&mut self, name: &str, values: Vec<f64>) -> Result<()> {
        if values.len() != self.nrows() && !(self.columns.is_empty() && self.index.is_none()) {
            return Err(Error::usage(format!(
                "column {name} has {} rows, expected {}",
                values.len(),
                self.nrows()
            )));
        }
        self.text_columns.retain(|c| c.0 != name);
        match self.columns.iter_mut().find(|c| c.0 == name) {
            Some(c) => c.1 = values,
            None => self.columns.push((name.to_string(), values)),
        }
        Ok(())
    }

    /// Keeps rows `0..n` (used by `--train-end`).
    ///
    /// ```
    /// # use colcrime::series::Frame;
    /// let mut f = Frame::new(None, vec![("a".into(), vec![1.0, 2.0])]).unwrap();
    /// f.truncate(1);
    /// assert_eq!(f.nrows(), 1);
    /// ```
    pub fn truncate(&mut self, n: usize) {
        if let Some(idx) = self.index.as_mut() {
            idx.truncate(n);
        }
        for c in &mut self.columns {
            c.1.truncate(n);
        }
        for c in &mut self.text_columns {
            c.1.truncate(n);
        }
    }

    /// The row number of the last row on or before `spec`, which is a
    /// period (`2019-12`, `2019 Q4`) or a 1-based row number.
    ///
    /// # Errors
    /// A period that the index does not cover, or a row number out of range.
    ///
    /// ```
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("t", "date,y\n2020,1\n2021,2\n2022,3\n").unwrap();
    /// assert_eq!(f.row_of("2021").unwrap(), 1);
    /// assert_eq!(f.row_of("3").unwrap(), 2);
    /// ```
    pub fn row_of(&self, spec: &str) -> Result<usize> {
        let n = self.nrows();
        if let Some(idx) = &self.index {
            if let Some(p) = Period::parse(spec) {
                let p = if p.freq() == idx.first().map_or(p.freq(), Period::freq) {
                    Some(p)
                } else {
                    idx.first().and_then(|f| {
                        // A month given for quarterly data: the quarter that contains it.
                        p.to_freq(f.freq())
                    })
                };
                if let Some(p) = p {
                    if let Some(i) = idx.iter().rposition(|q| *q <= p) {
                        return Ok(i);
                    }
                }
                if spec.len() == 4 && spec.parse::<usize>().is_ok_and(|r| r > n) {
                    // A year that is not in the index; fall through to the message below.
                }
                return Err(Error::usage(format!(
                    "--train-end {spec}: no row of {} is on or before it (the data run {} to {})",
                    self.source,
                    idx.first().map(|p| p.to_string()).unwrap_or_default(),
                    idx.last().map(|p| p.to_string()).unwrap_or_default()
                )));
            }
        }
        match spec.trim().parse::<usize>() {
            Ok(r) if (1..=n).contains(&r) => Ok(r - 1),
            _ => Err(Error::usage(format!(
                "--train-end {spec}: expected a date in the index or a row number 1..={n}"
            ))),
        }
    }
}
