//! [`Frame`]: the rectangular data a model is fitted to, read from a
//! `--data` CSV or built from workspace series aligned on one index.
//!
//! Reading follows the command-line contract: comma separated, UTF-8 with or
//! without BOM, CRLF or LF; empty cells and official suppression markers
//! (`..`, `.`, `x`, `[x]`, `[c]`, `[z]`, `-`, `:`) are missing; a column named
//! `date` (or a first column that parses as periods) is the time index.
//! Files of more than a few megabytes are read in chunks while earlier
//! chunks are parsed (`chunked`), with the same result and errors as the
//! whole-file reader.
//!
//! ```
//! use colcrime::series::Frame;
//! let f = Frame::from_csv_str("t.csv", "date,y,x\n2024-01,1,..\n2024-02,2,3\n").unwrap();
//! assert_eq!(f.nrows(), 2);
//! assert!(f.column("x").unwrap()[0].is_nan());
//! assert_eq!(f.index.as_ref().unwrap()[1].to_string(), "2024-02");
//! ```

use std::path::Path;

mod chunked;

use super::period::{Frequency, Period};
use super::series::Series;
use crate::error::{Error, Location, Result};

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

    /// Reads a CSV file (see the module docs for the rules).
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
        let large = std::fs::metadata(path)
            .map(|m| m.len() > chunked::CHUNK_BYTES as u64)
            .unwrap_or(false);
        if large {
            if let Some(f) = chunked::read(path, chunked::CHUNK_BYTES, chunked::FIRST_LIMIT)? {
                return Ok(f);
            }
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::format(
                Location::new(path),
                format!(
                    "not UTF-8 text (invalid byte at offset {}); save the file as UTF-8 CSV",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        Frame::from_csv_str(&path.display().to_string(), &text)
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
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Error::format(Location::new(name), "the file is empty"));
        }
        let layout = Layout::scan(name, text.as_bytes())?;
        let mut date_col = layout.date_col();
        let mut parsed = parse_rows(
            name,
            text,
            layout.data_start,
            &layout.headers,
            date_col,
            &layout.is_text(date_col),
            None,
        )?;
        if layout.named_date.is_none() && date_col.is_some() && parsed.iter().any(|p| p.not_a_date)
        {
            // The first column is not dates all the way down: no index.
            date_col = None;
            parsed = parse_rows(
                name,
                text,
                layout.data_start,
                &layout.headers,
                None,
                &layout.is_text(None),
                None,
            )?;
        }
        let mut columns = Assembled::new(&layout, date_col);
        columns.push(parsed, None);
        columns.finish(name, date_col)
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

/// Bytes of CSV text parsed per parallel piece.
const PIECE_BYTES: usize = 1 << 20;

/// The shape of a CSV text, from its header and first rows: the column
/// names, where the data start, and each column's kind.
struct Layout {
    headers: Vec<String>,
    /// Byte offset of the first data row.
    data_start: usize,
    /// Per column: `Some(true)` text, `Some(false)` numbers, `None` no
    /// non-missing cell seen.
    kind: Vec<Option<bool>>,
    /// The first data row's first cell is a period.
    first_is_date: bool,
    /// The column named `date`, if any.
    named_date: Option<usize>,
}

impl Layout {
    /// Reads the header and scans rows until every column's kind is known:
    /// a column whose first non-missing cell is not a number is text (a
    /// category such as a borough name); later non-numbers in a numeric
    /// column are errors when the rows are parsed.
    fn scan(name: &str, buf: &[u8]) -> Result<Layout> {
        use crate::sources::scan;
        let (headers, data_start) = scan::text_header(name, buf)?;
        if let Some(i) = headers.iter().position(String::is_empty) {
            return Err(Error::format(
                Location::new(name).line(1).column_index(i as u64 + 1),
                "empty column name in the header",
            ));
        }
        for (i, h) in headers.iter().enumerate() {
            if headers[..i].contains(h) {
                return Err(Error::format(
                    Location::new(name).line(1).column_index(i as u64 + 1),
                    format!("column name \"{h}\" appears twice in the header"),
                ));
            }
        }
        let ncols = headers.len();
        let named_date = headers.iter().position(|h| h.eq_ignore_ascii_case("date"));
        let mut kind: Vec<Option<bool>> = vec![None; ncols];
        let mut first_is_date = false;
        let mut seen_row = false;
        scan::for_each_record(name, buf, data_start, buf.len(), ncols, |_, cells| {
            for (c, cell) in cells.iter().enumerate() {
                let Some(k) = kind.get_mut(c) else { continue };
                if k.is_none() {
                    let t = String::from_utf8_lossy(cell);
                    if !is_missing_marker(&t) {
                        *k = Some(parse_number(&t).is_none());
                    }
                }
            }
            if !seen_row {
                seen_row = true;
                first_is_date = cells
                    .first()
                    .and_then(|c| std::str::from_utf8(c).ok())
                    .and_then(Period::parse)
                    .is_some();
            }
            Ok(kind.iter().any(Option::is_none) || !seen_row)
        })?;
        Ok(Layout {
            headers,
            data_start,
            kind,
            first_is_date,
            named_date,
        })
    }

    /// The tentative index column: the one named `date`, else a first
    /// column whose first cell is a period (checked on every row later).
    fn date_col(&self) -> Option<usize> {
        self.named_date.or(self.first_is_date.then_some(0))
    }

    /// Which columns hold text, given the index column.
    fn is_text(&self, date_col: Option<usize>) -> Vec<bool> {
        (0..self.headers.len())
            .map(|c| Some(c) != date_col && self.kind[c] == Some(true))
            .collect()
    }
}

/// The columns of a CSV file, gathered from parsed pieces in file order.
struct Assembled {
    index: Option<Vec<Period>>,
    full_dates: bool,
    columns: Vec<(String, Vec<f64>)>,
    text_columns: Vec<(String, Vec<Option<String>>)>,
}

impl Assembled {
    fn new(layout: &Layout, date_col: Option<usize>) -> Assembled {
        let is_text = layout.is_text(date_col);
        let headers = &layout.headers;
        Assembled {
            index: date_col.map(|_| Vec::new()),
            full_dates: true,
            columns: headers
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != date_col && !is_text[*i])
                .map(|(_, h)| (h.clone(), Vec::new()))
                .collect(),
            text_columns: headers
                .iter()
                .enumerate()
                .filter(|(i, _)| is_text[*i])
                .map(|(_, h)| (h.clone(), Vec::new()))
                .collect(),
        }
    }

    /// Room for `rows` rows in every column.
    fn reserve(&mut self, rows: usize) {
        if let Some(idx) = self.index.as_mut() {
            idx.reserve(rows);
        }
        for c in &mut self.columns {
            c.1.reserve(rows);
        }
    }

    /// Appends parsed pieces (in file order); their emptied buffers go to
    /// `pool` for the next chunk's pieces.
    fn push(&mut self, parts: Vec<Part>, pool: Option<&PartPool>) {
        for mut part in parts {
            if let Some(idx) = self.index.as_mut() {
                idx.append(&mut part.index);
            }
            self.full_dates &= part.full_dates;
            for (col, vals) in self.columns.iter_mut().zip(&mut part.numbers) {
                col.1.append(vals);
            }
            for (col, vals) in self.text_columns.iter_mut().zip(&mut part.texts) {
                col.1.append(vals);
            }
            if let Some(mut free) = pool.and_then(|p| p.lock().ok()) {
                part.full_dates = true;
                part.not_a_date = false;
                free.push(part);
            }
        }
    }

    /// Checks the index (one frequency, each period once), coarsens full
    /// dates to quarters or years where they are, and builds the frame.
    fn finish(self, name: &str, date_col: Option<usize>) -> Result<Frame> {
        let Assembled {
            mut index,
            full_dates,
            columns,
            text_columns,
        } = self;
        if let Some(idx) = &index {
            if let Some(first) = idx.first() {
                let freq = first.freq();
                if let Some((i, p)) = idx.iter().enumerate().find(|(_, p)| p.freq() != freq) {
                    return Err(Error::parse(
                        Location::new(name)
                            .line(i as u64 + 2)
                            .column_index(date_col.map_or(1, |c| c as u64 + 1)),
                        format!("a {freq} date like the first row's ({first})"),
                        p.to_string(),
                    ));
                }
                let mut seen = std::collections::HashSet::with_capacity(idx.len());
                for (i, p) in idx.iter().enumerate() {
                    if !seen.insert(*p) {
                        return Err(Error::parse(
                            Location::new(name)
                                .line(i as u64 + 2)
                                .column_index(date_col.map_or(1, |c| c as u64 + 1)),
                            "each period once",
                            format!("{p} repeated"),
                        ));
                    }
                }
            }
        }
        if full_dates {
            if let Some(idx) = index.as_mut() {
                coarsen_dates(idx);
            }
        }
        let mut f = Frame::new(index, columns)?;
        f.source = name.to_string();
        f.text_columns = text_columns;
        Ok(f)
    }
}

/// The rows of one piece of a CSV file, column by column.
#[derive(Debug, Default)]
struct Part {
    index: Vec<Period>,
    full_dates: bool,
    /// A cell of the tentative date column was not a date.
    not_a_date: bool,
    numbers: Vec<Vec<f64>>,
    texts: Vec<Vec<Option<String>>>,
}

/// Emptied [`Part`]s, reused by the next chunk of a chunked read (fresh
/// memory costs a page fault per page; reused memory is already mapped).
type PartPool = std::sync::Mutex<Vec<Part>>;

/// `cell` as text. Cells cut from `text` at ASCII separators are text
/// already, found by their offset without checking the bytes again; cells
/// unquoted into their own buffer are checked.
fn cell_str<'a>(text: &'a str, cell: &'a [u8]) -> Option<&'a str> {
    let start = (cell.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    if start <= text.len() && cell.len() <= text.len() - start {
        text.get(start..start + cell.len())
    } else {
        std::str::from_utf8(cell).ok()
    }
}

/// A numeric cell: the common case (a plain number) directly, anything
/// else through [`parse_number`] (markers, spaces, thousands separators).
fn number_cell(text: &str, cell: &[u8]) -> Option<f64> {
    let t = cell_str(text, cell)?;
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => parse_number(t),
    }
}

/// Parses the data rows in parallel pieces ([`crate::sources::scan::par_records`]).
fn parse_rows(
    name: &str,
    text: &str,
    data_start: usize,
    headers: &[String],
    date_col: Option<usize>,
    is_text: &[bool],
    pool: Option<&PartPool>,
) -> Result<Vec<Part>> {
    let nnum = (0..headers.len())
        .filter(|&c| Some(c) != date_col && !is_text[c])
        .count();
    let buf = text.as_bytes();
    let ntext = is_text.iter().filter(|t| **t).count();
    // Rows in a piece, guessed from the length of the first data line.
    let first_line = memchr::memchr(b'\n', &buf[data_start.min(buf.len())..]).map_or(64, |k| k + 1);
    let rows_hint = (PIECE_BYTES / first_line.max(8)) + 16;
    let make = || {
        let reused = pool.and_then(|p| p.lock().ok()?.pop());
        reused.unwrap_or_else(|| Part {
            full_dates: true,
            numbers: (0..nnum).map(|_| Vec::with_capacity(rows_hint)).collect(),
            texts: vec![Vec::new(); ntext],
            ..Part::default()
        })
    };
    crate::sources::scan::par_records(
        name,
        buf,
        data_start,
        headers.len(),
        PIECE_BYTES,
        make,
        |part, offset, cells| {
            let mut k = 0;
            let mut kt = 0;
            for (c, cell) in cells.iter().enumerate() {
                if is_text[c] {
                    let t = String::from_utf8_lossy(cell);
                    if let Some(col) = part.texts.get_mut(kt) {
                        col.push((!is_missing_marker(&t)).then(|| t.trim().to_string()));
                    }
                    kt += 1;
                } else if Some(c) == date_col {
                    let t = String::from_utf8_lossy(cell);
                    match Period::parse(&t) {
                        Some(p) => part.index.push(p),
                        None if headers[c].eq_ignore_ascii_case("date") => {
                            return Err(Error::parse(
                                Location::new(name)
                                    .line(crate::sources::scan::line_at(buf, offset))
                                    .column_index(c as u64 + 1)
                                    .column(&headers[c]),
                                "a date such as 2024-03-01, 2024-03, 2024 MAR, 2024 Q1 or 2024",
                                t,
                            ));
                        }
                        None => {
                            part.not_a_date = true;
                            return Ok(false);
                        }
                    }
                    part.full_dates &= is_full_date(&t);
                } else {
                    let v = number_cell(text, cell).ok_or_else(|| {
                        Error::parse(
                            Location::new(name)
                                .line(crate::sources::scan::line_at(buf, offset))
                                .column_index(c as u64 + 1)
                                .column(&headers[c]),
                            "a number or a missing marker (.., x, [c], blank)",
                            String::from_utf8_lossy(cell),
                        )
                    })?;
                    if let Some(col) = part.numbers.get_mut(k) {
                        col.push(v);
                    }
                    k += 1;
                }
            }
            Ok(true)
        },
    )
}

/// `2024-04-01`: the first day of a month as a full ISO date, rather than a
/// month such as `2024-04`.
fn is_full_date(cell: &str) -> bool {
    let c = cell.trim().trim_matches('"');
    c.len() == 10 && c.as_bytes().get(4) == Some(&b'-') && c.ends_with("-01")
}

/// Full dates read as months are quarters when every row is the first month
/// of a quarter and rows are whole quarters apart, and years when every row
/// is a January and rows are whole years apart (the layout `data export`
/// writes: the first day of each period).
fn coarsen_dates(idx: &mut [Period]) {
    if idx.len() < 2 || idx.iter().any(|p| p.freq() != Frequency::Monthly) {
        return;
    }
    let spaced = |step: i64| {
        idx.windows(2).all(|w| {
            w[0].periods_until(&w[1])
                .is_ok_and(|d| d != 0 && d % step == 0)
        })
    };
    let annual = idx.iter().all(|p| p.sub_year() == 1) && spaced(12);
    let quarterly = idx.iter().all(|p| p.sub_year() % 3 == 1) && spaced(3);
    let target = if annual {
        Frequency::Annual
    } else if quarterly {
        Frequency::Quarterly
    } else {
        return;
    };
    for p in idx.iter_mut() {
        if let Some(q) = p.to_freq(target) {
            *p = q;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_errors_name_the_right_line() {
        let e = Frame::from_csv_str("f.csv", "date,y,x\r\n2020,1,2\r\n2021,2,zz\r\n").unwrap_err();
        assert!(e.to_string().starts_with("f.csv:3:3:"), "{e}");
    }

    #[test]
    fn first_day_dates_keep_their_frequency() {
        // What `data export` writes for quarterly and annual series.
        let q = Frame::from_csv_str(
            "q.csv",
            "date,y\n2008-01-01,1\n2008-04-01,2\n2008-10-01,3\n",
        )
        .unwrap();
        let idx = q.index.as_ref().unwrap();
        assert_eq!(idx[0].freq(), Frequency::Quarterly);
        assert_eq!(idx[2].to_string(), "2008 Q4");
        let a = Frame::from_csv_str("a.csv", "date,y\n2019-01-01,1\n2020-01-01,2\n").unwrap();
        assert_eq!(a.index.as_ref().unwrap()[1].freq(), Frequency::Annual);
        // Months stay months: written as months, or spaced a month apart.
        let m = Frame::from_csv_str("m.csv", "date,y\n2008-01,1\n2008-04,2\n").unwrap();
        assert_eq!(m.index.as_ref().unwrap()[0].freq(), Frequency::Monthly);
        let m = Frame::from_csv_str("m.csv", "date,y\n2008-01-01,1\n2008-02-01,2\n").unwrap();
        assert_eq!(m.index.as_ref().unwrap()[0].freq(), Frequency::Monthly);
    }

    #[test]
    fn reads_bom_crlf_and_markers() {
        let f = Frame::from_csv_str(
            "t.csv",
            "\u{feff}date,a,b\r\n2024 Q1,1,[c]\r\n2024 Q2,x,3\r\n",
        )
        .unwrap();
        assert_eq!(f.nrows(), 2);
        assert!(f.column("b").unwrap()[0].is_nan());
        assert!(f.column("a").unwrap()[1].is_nan());
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let e = Frame::from_csv_str("t.csv", "a,b\n1,2\n3\n").unwrap_err();
        assert!(e.to_string().starts_with("t.csv:3"), "{e}");
    }

    #[test]
    fn duplicated_period_is_an_error() {
        let e = Frame::from_csv_str("t.csv", "date,a\n2024-01,1\n2024-01,2\n").unwrap_err();
        assert!(e.to_string().contains("t.csv:3:1"), "{e}");
    }

    #[test]
    fn no_date_column_means_no_index() {
        let f = Frame::from_csv_str("t.csv", "y,x\n1,2\n").unwrap();
        assert!(f.index.is_none());
    }
}
