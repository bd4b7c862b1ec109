//! The CSV reader of [`Frame`]: `--data` files and any CSV table.
//!
//! Reading follows the command-line contract: comma separated, UTF-8 with or
//! without BOM, CRLF or LF; empty cells and official suppression markers
//! (`..`, `.`, `x`, `[x]`, `[c]`, `[z]`, `-`, `:`) are missing; a column named
//! `date` (or a first column that parses as periods) is the time index; a
//! column whose first non-missing cell is not a number holds text (a
//! category such as a borough). By default the index must be a time series,
//! each period once and in time order ([`RepeatedPeriods::Refuse`]; the
//! error names the line); [`ReadOptions::long_panel`] reads a long (tidy)
//! panel, where each period repeats once per borough, with its rows in file
//! order. Rows are parsed in parallel pieces; files of
//! more than a few megabytes are read in chunks while earlier chunks are
//! parsed (`chunked`), with the same result and errors as the whole-file
//! reader.
//!
//! ```
//! use colcrime::sources::csv_frame;
//! let f = csv_frame::from_str("t.csv", "date,y,x\n2024-01,1,..\n2024-02,2,3\n").unwrap();
//! assert_eq!(f.nrows(), 2);
//! assert!(f.column("x").unwrap()[0].is_nan());
//! assert_eq!(f.index.as_ref().unwrap()[1].to_string(), "2024-02");
//! ```

use std::path::Path;

mod chunked;

use crate::error::{Error, Location, Result};
use crate::series::Frame;
use crate::series::frame::{is_missing_marker, parse_number};
use crate::series::period::{Frequency, Period};

/// Whether the periods of the date column may repeat.
///
/// ```
/// use colcrime::sources::csv_frame::{ReadOptions, RepeatedPeriods};
/// assert_eq!(ReadOptions::default().repeated_periods, RepeatedPeriods::Refuse);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RepeatedPeriods {
    /// A time series: each period once, in time order. A repeated or
    /// out-of-order period is an error naming its line (see
    /// [`Frame::require_time_series`]).
    #[default]
    Refuse,
    /// A long (tidy) panel: a period may repeat (one row per borough and
    /// date) and periods may come in any order; rows stay in file order.
    Allow,
}

/// Options of the CSV reader.
///
/// ```
/// use colcrime::sources::csv_frame::{ReadOptions, RepeatedPeriods};
/// let o = ReadOptions { repeated_periods: RepeatedPeriods::Allow };
/// assert_eq!(o, ReadOptions::long_panel());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadOptions {
    /// Whether periods may repeat (default: refused, a time series).
    pub repeated_periods: RepeatedPeriods,
}

impl ReadOptions {
    /// A time series: each period once, in order (the default).
    ///
    /// ```
    /// use colcrime::sources::csv_frame::ReadOptions;
    /// assert_eq!(ReadOptions::time_series(), ReadOptions::default());
    /// ```
    pub fn time_series() -> ReadOptions {
        ReadOptions::default()
    }

    /// A long panel: periods may repeat and come in any order.
    ///
    /// ```
    /// use colcrime::sources::csv_frame::{ReadOptions, RepeatedPeriods};
    /// assert_eq!(ReadOptions::long_panel().repeated_periods, RepeatedPeriods::Allow);
    /// ```
    pub fn long_panel() -> ReadOptions {
        ReadOptions {
            repeated_periods: RepeatedPeriods::Allow,
        }
    }
}

/// Reads a CSV file into a [`Frame`] as a time series (see the module docs
/// for the rules): [`read_with`] with the default options.
///
/// # Errors
/// Unreadable file, no header, ragged rows, a cell that is neither a
/// number nor a missing marker (named by line and column), or a repeated or
/// out-of-order period (named by line).
///
/// # Examples
/// ```
/// use colcrime::sources::csv_frame;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("d.csv");
/// std::fs::write(&path, "date,y\n2024 Q1,1.5\n2024 Q2,2\n").unwrap();
/// let f = csv_frame::read(&path).unwrap();
/// assert_eq!(f.column("y").unwrap(), &[1.5, 2.0]);
/// ```
pub fn read(path: &Path) -> Result<Frame> {
    read_with(path, ReadOptions::default())
}

/// Reads a CSV file into a [`Frame`] with `options`.
///
/// # Errors
/// As [`read`]; with [`RepeatedPeriods::Allow`], periods may repeat and
/// come in any order.
///
/// # Examples
/// ```
/// use colcrime::sources::csv_frame::{self, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("panel.csv");
/// std::fs::write(&path, "date,borough,y\n2024-01,Camden,3\n2024-01,Newham,5\n").unwrap();
/// let e = csv_frame::read(&path).unwrap_err().to_string();
/// assert!(e.ends_with("panel.csv:3: period 2024-01 repeats (first at line 2): a time series needs each period once; a long panel (one row per borough and date) can be fitted with fit ols or fit glm"), "{e}");
/// let f = csv_frame::read_with(&path, ReadOptions::long_panel()).unwrap();
/// assert_eq!(f.text_column("borough").unwrap().len(), 2);
/// ```
pub fn read_with(path: &Path, options: ReadOptions) -> Result<Frame> {
    if let Some((text, _)) = crate::sources::columnar_twin(path)? {
        return from_str_with(&path.display().to_string(), &text, options);
    }
    // A file without a final line break is read whole, so that a last row
    // cut part-way is judged with the file's own line numbers.
    let large = std::fs::metadata(path)
        .map(|m| m.len() > chunked::CHUNK_BYTES as u64)
        .unwrap_or(false)
        && ends_with_line_break(path);
    if large && let Some(f) = chunked::read(path, chunked::CHUNK_BYTES, chunked::FIRST_LIMIT)? {
        return checked(f, options);
    }
    let name = path.display().to_string();
    let bytes = crate::sources::read_text_file(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| crate::sources::utf8_error(&name, e.as_bytes(), e.utf8_error()))?;
    from_str_with(&name, &text, options)
}

/// Reads CSV text into a [`Frame`] as a time series; `name` is used in
/// error messages.
///
/// # Errors
/// As [`read`].
///
/// # Examples
/// ```
/// use colcrime::sources::csv_frame;
/// let e = csv_frame::from_str("t.csv", "y,x\n1,2\n3,abc\n").unwrap_err();
/// assert_eq!(e.to_string(), "t.csv:3:2: column \"x\": expected a number or a missing marker (.., x, [c], blank), found \"abc\"");
/// ```
pub fn from_str(name: &str, text: &str) -> Result<Frame> {
    from_str_with(name, text, ReadOptions::default())
}

/// Reads CSV text into a [`Frame`] with `options`; `name` is used in error
/// messages.
///
/// # Errors
/// As [`read_with`].
///
/// # Examples
/// ```
/// use colcrime::sources::csv_frame::{self, ReadOptions};
/// let text = "date,y\n2024-01,1\n2024-03,2\n2024-02,3\n";
/// let e = csv_frame::from_str("t.csv", text).unwrap_err();
/// assert_eq!(e.to_string(), "t.csv:4: period 2024-02 comes after 2024-03 (line 3): a time series needs the periods in time order; sort the rows by date");
/// assert_eq!(csv_frame::from_str_with("t.csv", text, ReadOptions::long_panel()).unwrap().nrows(), 3);
/// ```
pub fn from_str_with(name: &str, text: &str, options: ReadOptions) -> Result<Frame> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::format(Location::new(name), "the file is empty"));
    }
    let layout = Layout::scan(name, text.as_bytes())?;
    crate::sources::final_line::check(name, text.as_bytes())?;
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
    if layout.named_date.is_none() && date_col.is_some() && parsed.iter().any(|p| p.not_a_date) {
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
    checked(columns.finish(name, date_col)?, options)
}

/// Whether the file's last byte is a line break (`false` when it cannot be
/// read).
fn ends_with_line_break(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let mut last = [0u8; 1];
    std::fs::File::open(path)
        .and_then(|mut f| {
            f.seek(SeekFrom::End(-1))?;
            f.read_exact(&mut last)
        })
        .is_ok()
        && last[0] == b'\n'
}

/// `frame`, or the error [`Frame::require_time_series`] gives when the
/// options want a time series.
fn checked(frame: Frame, options: ReadOptions) -> Result<Frame> {
    if options.repeated_periods == RepeatedPeriods::Refuse {
        frame.require_time_series("a time series")?;
    }
    Ok(frame)
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
        // A hash set, not a scan of the names before each: linear in the
        // number of columns (a file of 300,000 columns is read in seconds).
        let mut seen = std::collections::HashSet::with_capacity(headers.len());
        for (i, h) in headers.iter().enumerate() {
            if !seen.insert(h.as_str()) {
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
    /// The index column's header.
    index_name: Option<String>,
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
            index_name: date_col.and_then(|c| headers.get(c).cloned()),
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

    /// Checks the index (one frequency), coarsens full dates to quarters or
    /// years where they are, and builds the frame. Whether periods may
    /// repeat is the caller's question ([`read_with`]).
    fn finish(self, name: &str, date_col: Option<usize>) -> Result<Frame> {
        let Assembled {
            mut index,
            index_name,
            full_dates,
            columns,
            text_columns,
        } = self;
        if let Some(idx) = &index
            && let Some(first) = idx.first()
        {
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
        }
        if full_dates && let Some(idx) = index.as_mut() {
            coarsen_dates(idx);
        }
        let index = index.map(|idx| (index_name.unwrap_or_else(|| "date".into()), idx));
        Frame::from_parts(name, index, columns, text_columns)
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
pub(crate) fn is_full_date(cell: &str) -> bool {
    let c = cell.trim().trim_matches('"');
    c.len() == 10 && c.as_bytes().get(4) == Some(&b'-') && c.ends_with("-01")
}

/// Full dates read as months are quarters when every row is the first month
/// of a quarter and the distinct dates are whole quarters apart, and years
/// when every row is a January and the distinct dates are whole years apart
/// (the layout `data export` writes: the first day of each period; a long
/// panel repeats each date once per borough).
pub(crate) fn coarsen_dates(idx: &mut [Period]) {
    if idx.len() < 2 || idx.iter().any(|p| p.freq() != Frequency::Monthly) {
        return;
    }
    let target = {
        let distinct: std::borrow::Cow<'_, [Period]> = if idx.windows(2).all(|w| w[0] < w[1]) {
            std::borrow::Cow::Borrowed(&*idx)
        } else {
            let mut d = idx.to_vec();
            d.sort_unstable();
            d.dedup();
            std::borrow::Cow::Owned(d)
        };
        if distinct.len() < 2 {
            return;
        }
        let spaced = |step: i64| {
            distinct.windows(2).all(|w| {
                w[0].periods_until(&w[1])
                    .is_ok_and(|d| d != 0 && d % step == 0)
            })
        };
        let annual = idx.iter().all(|p| p.sub_year() == 1) && spaced(12);
        let quarterly = idx.iter().all(|p| p.sub_year() % 3 == 1) && spaced(3);
        if annual {
            Frequency::Annual
        } else if quarterly {
            Frequency::Quarterly
        } else {
            return;
        }
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
        assert_eq!(
            e.to_string(),
            "t.csv:3: period 2024-01 repeats (first at line 2): a time series needs each period once; \
             a long panel (one row per borough and date) can be fitted with fit ols or fit glm"
        );
        assert_eq!(e.exit_code(), 2);
        assert_eq!(e.location().and_then(|l| l.line), Some(3));
    }

    /// Three boroughs by twelve months, sorted by borough then month.
    fn panel_text() -> String {
        let mut t = String::from("date,borough,y\n");
        for b in ["Camden", "Croydon", "Newham"] {
            for m in 1..=12 {
                t.push_str(&format!("2020-{m:02},{b},{m}\n"));
            }
        }
        t
    }

    #[test]
    fn long_panel_is_read_with_allow_and_refused_by_default() {
        let text = panel_text();
        let e = from_str("data.csv", &text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "data.csv:14: period 2020-01 repeats (first at line 2): a time series needs each period once; \
             a long panel (one row per borough and date) can be fitted with fit ols or fit glm"
        );
        let f = from_str_with("data.csv", &text, ReadOptions::long_panel()).unwrap();
        assert_eq!(f.nrows(), 36);
        let idx = f.index.as_ref().unwrap();
        // Rows stay in file order, with their dates.
        assert_eq!(idx[12].to_string(), "2020-01");
        assert_eq!(idx[35].to_string(), "2020-12");
        assert_eq!(
            f.text_column("borough").unwrap()[12].as_deref(),
            Some("Croydon")
        );
        assert_eq!(f.index_name(), Some("date"));
        // The message names the group column when there is an obvious one.
        let e = f.require_time_series("fit sarima").unwrap_err().to_string();
        assert!(e.starts_with("data.csv:14: period 2020-01 repeats (first at line 2): fit sarima needs each period once; a long panel (one row per borough and date)"), "{e}");
        // Sorted by date then borough, the repeat is on line 3.
        let e = from_str("d.csv", "date,g,y\n2020-01,a,1\n2020-01,b,2\n2020-02,a,3\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("d.csv:3: period 2020-01 repeats (first at line 2): "),
            "{e}"
        );
        let e = from_str("d.csv", "date,area,y\n2020-01,a,1\n2020-01,b,2\n").unwrap_err();
        assert!(e.to_string().contains("(one row per area and date)"), "{e}");
    }

    #[test]
    fn out_of_order_periods_name_the_line() {
        let text = "x,date,y\n1,2020 Q1,1\n2,2020 Q2,2\n3,2021 Q1,3\n4,2020 Q4,4\n";
        let e = from_str("q.csv", text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "q.csv:5: period 2020 Q4 comes after 2021 Q1 (line 4): a time series needs the periods in \
             time order; sort the rows by date"
        );
        assert_eq!(e.exit_code(), 2);
        // Allowed in a long panel (any order), and the rows keep their dates.
        let f = from_str_with("q.csv", text, ReadOptions::long_panel()).unwrap();
        assert_eq!(f.index.as_ref().unwrap()[3].to_string(), "2020 Q4");
        // A first column of dates that repeat is still the index.
        let e = from_str("f.csv", "month,y\n2020-02,1\n2020-01,2\n2020-02,3\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("f.csv:4: period 2020-02 repeats (first at line 2)"),
            "{e}"
        );
    }

    #[test]
    fn long_panel_full_dates_keep_their_frequency() {
        // Quarter starts repeated once per borough are quarters; months stay months.
        let text = "date,g,y\n2008-01-01,a,1\n2008-04-01,a,2\n2008-01-01,b,3\n2008-04-01,b,4\n";
        let f = from_str_with("q.csv", text, ReadOptions::long_panel()).unwrap();
        let idx = f.index.as_ref().unwrap();
        assert_eq!(idx[2].to_string(), "2008 Q1");
        assert_eq!(idx[3].freq(), Frequency::Quarterly);
        let text = "date,g,y\n2019-01-01,a,1\n2020-01-01,a,2\n2019-01-01,b,3\n";
        let f = from_str_with("a.csv", text, ReadOptions::long_panel()).unwrap();
        assert_eq!(f.index.as_ref().unwrap()[2].freq(), Frequency::Annual);
        // One date for every row: nothing to tell its frequency by.
        let text = "date,g,y\n2019-01-01,a,1\n2019-01-01,b,3\n";
        let f = from_str_with("m.csv", text, ReadOptions::long_panel()).unwrap();
        assert_eq!(f.index.as_ref().unwrap()[0].freq(), Frequency::Monthly);
    }

    #[test]
    fn large_long_panel_is_read_in_chunks() {
        let mut text = String::from("date,borough,y\n");
        let mut rows = 0u64;
        'fill: for b in 0.. {
            for m in 0..240 {
                text.push_str(&format!(
                    "{}-{:02},B{b},{}.5\n",
                    2000 + m / 12,
                    m % 12 + 1,
                    rows % 97
                ));
                rows += 1;
                if text.len() > chunked::CHUNK_BYTES + chunked::CHUNK_BYTES / 8 {
                    break 'fill;
                }
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("panel.csv");
        std::fs::write(&path, &text).unwrap();
        let f = read_with(&path, ReadOptions::long_panel()).unwrap();
        assert_eq!(f.nrows() as u64, rows);
        let whole = from_str_with(
            &path.display().to_string(),
            &text,
            ReadOptions::long_panel(),
        )
        .unwrap();
        assert_eq!(f, whole);
        let e = read(&path).unwrap_err().to_string();
        assert!(
            e.contains("panel.csv:242: period 2000-01 repeats (first at line 2)"),
            "{e}"
        );
    }

    #[test]
    fn no_date_column_means_no_index() {
        let f = Frame::from_csv_str("t.csv", "y,x\n1,2\n").unwrap();
        assert!(f.index.is_none());
    }
}
