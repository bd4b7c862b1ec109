//! [`Frame`]: the rectangular data a model is fitted to, read from a
//! `--data` CSV or built from workspace series aligned on one index.
//!
//! The CSV reader is [`crate::sources::csv_frame`]; [`Frame::read_csv`] and
//! [`Frame::from_csv_str`] call it. A frame read as a long panel
//! ([`Frame::read_csv_with`]) keeps each row's period although periods
//! repeat; [`Frame::require_time_series`] is what time-series models ask. Cells follow the command-line contract:
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
use crate::error::{Error, Location, Result};
use crate::sources::csv_frame;
pub use crate::sources::csv_frame::{ReadOptions, RepeatedPeriods};

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
    /// The header of the index column, when read from a file.
    index_name: Option<String>,
    /// The file line of the first row (2 after a header), while rows are
    /// the file's rows; `None` for frames built otherwise.
    first_line: Option<u64>,
}

/// Why a frame's rows are not a time series (see [`Frame::disorder`]).
/// Rows are 0-based.
///
/// ```
/// use colcrime::series::Frame;
/// use colcrime::series::frame::Disorder;
/// let f = Frame::from_csv_str_with(
///     "t.csv",
///     "date,g,y\n2024-01,a,1\n2024-01,b,2\n",
///     colcrime::series::frame::ReadOptions::long_panel(),
/// ).unwrap();
/// assert!(matches!(f.disorder(), Some(Disorder::Repeated { row: 1, first: 0, .. })));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Disorder {
    /// Row `row` has the period of the earlier row `first` (a long panel).
    Repeated {
        /// The repeated period.
        period: Period,
        /// The row that repeats it.
        row: usize,
        /// The first row with that period.
        first: usize,
    },
    /// Row `row`'s period comes before (or is) that of the row above it.
    OutOfOrder {
        /// The row's period.
        period: Period,
        /// The row.
        row: usize,
        /// The period of the row above.
        previous: Period,
    },
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
            index_name: None,
            first_line: None,
        })
    }

    /// A frame read from the file `source` (a header, then one line per
    /// row): the index with its column's header, numeric columns (checked
    /// against the index as [`Frame::new`] does) and text columns of the same
    /// length.
    pub(crate) fn from_parts(
        source: &str,
        index: Option<(String, Vec<Period>)>,
        columns: Vec<(String, Vec<f64>)>,
        text_columns: Vec<(String, Vec<Option<String>>)>,
    ) -> Result<Frame> {
        let (index_name, index) = match index {
            Some((name, idx)) => (Some(name), Some(idx)),
            None => (None, None),
        };
        let mut f = Frame::new(index, columns)?;
        f.source = source.to_string();
        f.text_columns = text_columns;
        f.index_name = index_name;
        f.first_line = Some(2);
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

    /// Reads a CSV file as a time series (the rules are those of
    /// [`csv_frame`], which reads it): the periods of its date column, if it
    /// has one, must come in order, each once. A long panel (a date repeated
    /// once per borough) is read by [`Frame::read_csv_with`].
    ///
    /// # Errors
    /// Unreadable file, no header, ragged rows, a cell that is neither a
    /// number nor a missing marker (named by line and column), or a repeated
    /// or out-of-order period (named by line, as
    /// [`Frame::require_time_series`] names it).
    ///
    /// ```no_run
    /// # use colcrime::series::Frame;
    /// let f = Frame::read_csv("data.csv".as_ref())?;
    /// # Ok::<(), colcrime::error::Error>(())
    /// ```
    pub fn read_csv(path: &Path) -> Result<Frame> {
        csv_frame::read(path)
    }

    /// Reads a CSV file with options: [`ReadOptions::long_panel`] accepts a
    /// date column whose periods repeat or come in any order (a long panel,
    /// one row per borough and date; rows stay in file order).
    ///
    /// # Errors
    /// As [`Frame::read_csv`], without the time-series check when periods
    /// may repeat.
    ///
    /// # Examples
    /// ```
    /// use colcrime::series::Frame;
    /// use colcrime::series::frame::ReadOptions;
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("panel.csv");
    /// std::fs::write(&path, "date,borough,y\n2024-01,Camden,3\n2024-01,Newham,5\n").unwrap();
    /// assert!(Frame::read_csv(&path).is_err());
    /// let f = Frame::read_csv_with(&path, ReadOptions::long_panel()).unwrap();
    /// assert_eq!(f.nrows(), 2);
    /// assert!(f.disorder().is_some());
    /// ```
    pub fn read_csv_with(path: &Path, options: ReadOptions) -> Result<Frame> {
        csv_frame::read_with(path, options)
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

    /// Reads CSV text with options (see [`Frame::read_csv_with`]); `name` is
    /// used in error messages.
    ///
    /// # Errors
    /// As [`Frame::read_csv_with`].
    ///
    /// # Examples
    /// ```
    /// use colcrime::series::Frame;
    /// use colcrime::series::frame::ReadOptions;
    /// let text = "date,borough,y\n2024-01,Camden,3\n2024-02,Camden,4\n2024-01,Newham,5\n";
    /// let f = Frame::from_csv_str_with("t.csv", text, ReadOptions::long_panel()).unwrap();
    /// assert_eq!(f.index.as_ref().unwrap()[2].to_string(), "2024-01");
    /// let e = Frame::from_csv_str("t.csv", text).unwrap_err();
    /// assert!(e.to_string().starts_with("t.csv:4: period 2024-01 repeats (first at line 2)"));
    /// ```
    pub fn from_csv_str_with(name: &str, text: &str, options: ReadOptions) -> Result<Frame> {
        csv_frame::from_str_with(name, text, options)
    }

    /// The header of the index column (`date`), when the frame was read from
    /// a file that has one. A formula may use it as a category, `C(date)`.
    ///
    /// # Examples
    /// ```
    /// use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("t.csv", "Month,y\n2024-01,1\n").unwrap();
    /// assert_eq!(f.index_name(), Some("Month"));
    /// ```
    pub fn index_name(&self) -> Option<&str> {
        self.index_name.as_deref()
    }

    /// The first row whose period is not after the one above it: the first
    /// repeated period, if any period repeats (a long panel), else the first
    /// out of order; `None` for a time series (or a frame without index).
    ///
    /// # Examples
    /// ```
    /// use colcrime::series::Frame;
    /// use colcrime::series::frame::{Disorder, ReadOptions};
    /// let text = "date,y\n2024-01,1\n2024-03,2\n2024-02,3\n";
    /// let f = Frame::from_csv_str_with("t.csv", text, ReadOptions::long_panel()).unwrap();
    /// assert!(matches!(f.disorder(), Some(Disorder::OutOfOrder { row: 2, .. })));
    /// ```
    pub fn disorder(&self) -> Option<Disorder> {
        let idx = self.index.as_ref()?;
        let ordered = |w: &[Period]| matches!(w, [a, b] if a < b);
        if idx.windows(2).all(ordered) {
            return None;
        }
        // A repeat names a long panel, which is what most such files are.
        let mut first = std::collections::HashMap::with_capacity(idx.len());
        for (row, p) in idx.iter().enumerate() {
            if let Some(&f) = first.get(p) {
                return Some(Disorder::Repeated {
                    period: *p,
                    row,
                    first: f,
                });
            }
            first.insert(*p, row);
        }
        let row = idx.windows(2).position(|w| !ordered(w))? + 1;
        Some(Disorder::OutOfOrder {
            period: *idx.get(row)?,
            row,
            previous: *idx.get(row - 1)?,
        })
    }

    /// Checks that the rows are a time series, as `what` (`fit sarima`, a
    /// model, a transform) needs: each period once, in time order. A frame
    /// without index passes (its rows are in time order by the contract).
    ///
    /// # Errors
    /// A [`Format`](crate::error::ErrorKind::Format) error (exit 2) naming the
    /// file and line of the first repeated period and the line where it
    /// first appears (a long panel can be fitted with `fit ols` or `fit
    /// glm`), or else of the first period out of order.
    ///
    /// # Examples
    /// ```
    /// use colcrime::series::Frame;
    /// use colcrime::series::frame::ReadOptions;
    /// let panel = "date,borough,y\n2020-01,Camden,1\n2020-02,Camden,2\n2020-01,Newham,3\n";
    /// let f = Frame::from_csv_str_with("data.csv", panel, ReadOptions::long_panel()).unwrap();
    /// assert_eq!(
    ///     f.require_time_series("fit sarima").unwrap_err().to_string(),
    ///     "data.csv:4: period 2020-01 repeats (first at line 2): fit sarima needs each period \
    ///      once; a long panel (one row per borough and date) can be fitted with fit ols or fit glm"
    /// );
    /// let shuffled = "date,y\n2020-01,1\n2020-03,2\n2020-02,3\n";
    /// let f = Frame::from_csv_str_with("s.csv", shuffled, ReadOptions::long_panel()).unwrap();
    /// assert_eq!(
    ///     f.require_time_series("fit sarima").unwrap_err().to_string(),
    ///     "s.csv:4: period 2020-02 comes after 2020-03 (line 3): fit sarima needs the periods \
    ///      in time order; sort the rows by date"
    /// );
    /// ```
    pub fn require_time_series(&self, what: &str) -> Result<()> {
        let Some(d) = self.disorder() else {
            return Ok(());
        };
        let (loc, problem) = self.disorder_text(&d);
        let advice = match d {
            Disorder::Repeated { .. } => format!(
                "{what} needs each period once; a long panel (one row per {} and date) can be fitted with fit ols or fit glm",
                self.panel_group().unwrap_or("borough")
            ),
            Disorder::OutOfOrder { .. } => {
                format!("{what} needs the periods in time order; sort the rows by date")
            }
        };
        Err(Error::format(loc, format!("{problem}: {advice}")))
    }

    /// Where a disorder is (the file and line of its row) and what it is
    /// (`period 2020-01 repeats (first at line 2)`), for messages. Rows of
    /// a frame not read from a file are named by number.
    pub(crate) fn disorder_text(&self, d: &Disorder) -> (Location, String) {
        let place = |row: usize| match self.first_line {
            Some(l) => format!("line {}", l + row as u64),
            None => format!("row {}", row + 1),
        };
        let (row, text) = match d {
            Disorder::Repeated { period, row, first } => (
                *row,
                format!("period {period} repeats (first at {})", place(*first)),
            ),
            Disorder::OutOfOrder {
                period,
                row,
                previous,
            } => (
                *row,
                format!(
                    "period {period} comes after {previous} ({})",
                    place(row.saturating_sub(1))
                ),
            ),
        };
        match self.first_line {
            Some(l) => (Location::new(&self.source).line(l + row as u64), text),
            None => (
                Location::new(&self.source),
                format!("{}: {text}", place(row)),
            ),
        }
    }

    /// The text column that, with the period, tells a long panel's rows
    /// apart (each borough has each period at most once): the first such
    /// column with two or more values, if any.
    pub(crate) fn panel_group(&self) -> Option<&str> {
        let idx = self.index.as_ref()?;
        self.text_columns
            .iter()
            .find(|(_, cells)| {
                let mut seen = std::collections::HashSet::with_capacity(cells.len());
                let mut values = std::collections::HashSet::new();
                cells.iter().zip(idx).all(|(c, p)| match c {
                    Some(c) => {
                        values.insert(c.as_str());
                        seen.insert((c.as_str(), *p))
                    }
                    None => true,
                }) && values.len() > 1
            })
            .map(|c| c.0.as_str())
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

    /// The rows a model is fitted to with `--train-end spec`, in file order:
    /// those dated on or before `spec` when it is a period (on a long panel,
    /// every borough's rows up to that date), or the first `spec` rows when
    /// it is a 1-based row number.
    ///
    /// # Errors
    /// As [`Frame::row_of`].
    ///
    /// # Examples
    /// ```
    /// use colcrime::series::Frame;
    /// use colcrime::series::frame::ReadOptions;
    /// let text = "date,g,y\n2020,a,1\n2021,a,2\n2020,b,3\n2021,b,4\n";
    /// let f = Frame::from_csv_str_with("t", text, ReadOptions::long_panel()).unwrap();
    /// assert_eq!(f.rows_through("2020").unwrap(), vec![0, 2]);
    /// assert_eq!(f.rows_through("3").unwrap(), vec![0, 1, 2]);
    /// assert!(f.rows_through("2019").is_err());
    /// ```
    pub fn rows_through(&self, spec: &str) -> Result<Vec<usize>> {
        if let (Some(idx), Some(p)) = (&self.index, self.spec_period(spec)) {
            let rows: Vec<usize> = (0..idx.len())
                .filter(|&i| idx.get(i).is_some_and(|q| *q <= p))
                .collect();
            if !rows.is_empty() {
                return Ok(rows);
            }
        }
        Ok((0..=self.row_of(spec)?).collect())
    }

    /// The frame of rows `rows` (in that order; indices out of range are
    /// skipped). Its rows are no longer the file's lines: messages name them
    /// by number.
    ///
    /// # Examples
    /// ```
    /// use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("t", "g,y\na,1\nb,2\nc,3\n").unwrap();
    /// let g = f.take_rows(&[2, 0]);
    /// assert_eq!(g.column("y").unwrap(), &[3.0, 1.0]);
    /// assert_eq!(g.text_column("g").unwrap()[0].as_deref(), Some("c"));
    /// ```
    pub fn take_rows(&self, rows: &[usize]) -> Frame {
        fn pick<T: Clone>(v: &[T], rows: &[usize]) -> Vec<T> {
            rows.iter().filter_map(|&i| v.get(i).cloned()).collect()
        }
        Frame {
            source: self.source.clone(),
            index: self.index.as_deref().map(|ix| pick(ix, rows)),
            columns: self
                .columns
                .iter()
                .map(|(n, c)| (n.clone(), pick(c, rows)))
                .collect(),
            text_columns: self
                .text_columns
                .iter()
                .map(|(n, c)| (n.clone(), pick(c, rows)))
                .collect(),
            index_name: self.index_name.clone(),
            first_line: None,
        }
    }

    /// `spec` as a period of the index's frequency (a month given for
    /// quarterly data is the quarter that contains it); `None` without an
    /// index or when `spec` is not a period.
    fn spec_period(&self, spec: &str) -> Option<Period> {
        let first = self.index.as_ref()?.first();
        let p = Period::parse(spec)?;
        if p.freq() == first.map_or(p.freq(), Period::freq) {
            Some(p)
        } else {
            first.and_then(|f| p.to_freq(f.freq()))
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
        if let Some(idx) = &self.index
            && Period::parse(spec).is_some()
        {
            if let Some(p) = self.spec_period(spec)
                && let Some(i) = idx.iter().rposition(|q| *q <= p)
            {
                return Ok(i);
            }
            if spec.len() == 4 && spec.parse::<usize>().is_ok_and(|r| r > n) {
                // A year that is not in the index; fall through to the message below.
            }
            return Err(Error::usage(format!(
                "--train-end {spec}: no row of {} is on or before it (the data run {} to {})",
                self.source,
                idx.iter().min().map(|p| p.to_string()).unwrap_or_default(),
                idx.iter().max().map(|p| p.to_string()).unwrap_or_default()
            )));
        }
        match spec.trim().parse::<usize>() {
            Ok(r) if (1..=n).contains(&r) => Ok(r - 1),
            _ => Err(Error::usage(format!(
                "--train-end {spec}: expected a date in the index or a row number 1..={n}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_built_in_memory_name_rows_by_number() {
        let m = |mo| Period::month(2020, mo).unwrap();
        let f = Frame::new(
            Some(vec![m(1), m(2), m(2)]),
            vec![("y".into(), vec![1.0, 2.0, 3.0])],
        )
        .unwrap();
        assert_eq!(
            f.disorder(),
            Some(Disorder::Repeated {
                period: m(2),
                row: 2,
                first: 1
            })
        );
        assert_eq!(
            f.require_time_series("fit ets").unwrap_err().to_string(),
            "<memory>: row 3: period 2020-02 repeats (first at row 2): fit ets needs each period \
             once; a long panel (one row per borough and date) can be fitted with fit ols or fit glm"
        );
        let f = Frame::new(Some(vec![m(3), m(1)]), vec![]).unwrap();
        assert_eq!(
            f.disorder(),
            Some(Disorder::OutOfOrder {
                period: m(1),
                row: 1,
                previous: m(3)
            })
        );
        assert!(
            Frame::new(Some(vec![m(1), m(3)]), vec![])
                .unwrap()
                .disorder()
                .is_none()
        );
        assert!(
            Frame::new(None, vec![])
                .unwrap()
                .require_time_series("x")
                .is_ok()
        );
    }

    #[test]
    fn the_panel_group_tells_rows_apart() {
        let text = "date,region,borough,y\n2020,L,a,1\n2020,L,b,2\n2021,L,a,3\n2021,L,b,4\n";
        let f = Frame::from_csv_str_with("t", text, ReadOptions::long_panel()).unwrap();
        // `region` has one value for both boroughs: `borough` is the group.
        assert_eq!(f.panel_group(), Some("borough"));
        let f = Frame::from_csv_str_with(
            "t",
            "date,g,y\n2020,a,1\n2020,a,2\n",
            ReadOptions::long_panel(),
        )
        .unwrap();
        assert_eq!(f.panel_group(), None);
    }

    #[test]
    fn train_end_on_a_long_panel_keeps_every_boroughs_rows() {
        let text = "date,g,y\n2020-01,a,1\n2020-02,a,2\n2020-03,a,3\n2020-01,b,4\n2020-02,b,5\n";
        let f = Frame::from_csv_str_with("t.csv", text, ReadOptions::long_panel()).unwrap();
        let rows = f.rows_through("2020-02").unwrap();
        assert_eq!(rows, vec![0, 1, 3, 4]);
        let g = f.take_rows(&rows);
        assert_eq!(g.column("y").unwrap(), &[1.0, 2.0, 4.0, 5.0]);
        assert_eq!(g.index_name(), Some("date"));
        // The rows taken are no longer the file's lines.
        let e = g.require_time_series("fit var").unwrap_err().to_string();
        assert!(
            e.starts_with("t.csv: row 3: period 2020-01 repeats (first at row 1)"),
            "{e}"
        );
        let e = f.rows_through("2019-12").unwrap_err().to_string();
        assert!(e.contains("the data run 2020-01 to 2020-03"), "{e}");
        assert_eq!(f.rows_through("2").unwrap(), vec![0, 1]);
    }
}
