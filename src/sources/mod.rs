//! Readers of the published formats. [`read`] recognises a file from its
//! content (never its name) and returns a [`Dataset`]: every series in the
//! file, with provenance.
//!
//! | format | what becomes a series |
//! |---|---|
//! | ONS time-series CSV | one series per frequency, named by the CDID |
//! | ONS / BoE JSON snapshot | the observations (daily → monthly mean) |
//! | Met Police borough files (both layouts) | `{category}:{borough}` monthly counts, see [`met::CATEGORY_MAP`] |
//! | police.uk street CSVs | monthly counts per crime type, streamed |
//! | PFA rolling-year file | `{offence}:{pfa}` quarterly rolling-year totals |
//! | Nomis, ASHE, CPIH, Bank Rate, population xlsx | see the [`tables`] module |
//! | any other CSV with a date column | one series per numeric column or key |
//!
//! Missing or suppressed markers (`..`, `x`, `[c]`, `-`, `!`, `#`, blanks)
//! become `NaN`, never zero. Every error names the file, the 1-based line
//! (the header is line 1), the column and what was expected.
//!
//! ```
//! use colcrime::sources::{self, Format};
//! let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
//!     .join("notebooks-data/ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv");
//! let ds = sources::read(&path).unwrap();
//! assert_eq!(ds.format, Format::OnsTimeSeriesCsv);
//! assert_eq!(ds.release.as_deref(), Some("2026-03-25"));
//! ```

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Location, Result};
use crate::series::{Frequency, Provenance, Series};

// The digests moved to `crate::hash`; `sources::sha256_hex` stays public.
pub(crate) use crate::hash::sha256_file;
pub use crate::hash::sha256_hex;

pub mod arrow_ipc;
pub mod census_ward;
pub mod count;
pub mod crime_trend;
pub mod csv_frame;
pub mod final_line;
pub mod lf;
pub mod met;
pub mod met_ward;
pub mod ons;
pub mod parquet;
#[cfg(feature = "parquet")]
pub mod parquet_write;
pub mod pfa_population;
pub mod pfa_table;
pub(crate) mod scan;
pub mod street;
pub mod tables;
pub mod ward_borough;

pub use met::read_many;
pub use scan::MAX_LINE_BYTES;

/// Formats colcrime recognises.
///
/// ```
/// use colcrime::sources::Format;
/// assert_eq!(Format::MetBoroughNew.name(), "Met Police borough file (current classification)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// ONS time-series CSV (metadata rows, then annual, quarterly, monthly rows).
    OnsTimeSeriesCsv,
    /// ONS / Bank of England JSON snapshot (`observations: [{period, value}]`).
    OnsJson,
    /// Metropolitan Police borough file, `MajorText,MinorText,BoroughName,YYYYMM...`.
    MetBoroughNew,
    /// Metropolitan Police borough file, `Borough,Major Category,Minor Category,YYYYMM...`.
    MetBoroughOld,
    /// police.uk street-level crime CSV.
    PoliceUkStreet,
    /// Police recorded crime by police force area, rolling-year totals.
    PfaRollingYear,
    /// Nomis export (value / `Conf` column pairs).
    Nomis,
    /// ASHE weekly pay by borough (pay and CV column pairs).
    AshePay,
    /// CPIH division indices (`index date`, `name`, one column per division).
    CpihDivisions,
    /// Bank of England Bank Rate change history.
    BankRateHistory,
    /// GLA census population by borough (xlsx).
    PopulationXlsx,
    /// Any other CSV table (wide or long, with or without a date column).
    CsvTable,
}

impl Format {
    /// All formats, in the order [`detect`] tries them.
    ///
    /// ```
    /// assert_eq!(colcrime::sources::Format::ALL.len(), 12);
    /// ```
    pub const ALL: [Format; 12] = [
        Format::OnsTimeSeriesCsv,
        Format::OnsJson,
        Format::MetBoroughNew,
        Format::MetBoroughOld,
        Format::PoliceUkStreet,
        Format::PfaRollingYear,
        Format::Nomis,
        Format::AshePay,
        Format::CpihDivisions,
        Format::BankRateHistory,
        Format::PopulationXlsx,
        Format::CsvTable,
    ];

    /// A human name of the format.
    ///
    /// ```
    /// assert_eq!(colcrime::sources::Format::Nomis.name(), "Nomis export");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Format::OnsTimeSeriesCsv => "ONS time-series CSV",
            Format::OnsJson => "ONS/BoE JSON snapshot",
            Format::MetBoroughNew => "Met Police borough file (current classification)",
            Format::MetBoroughOld => "Met Police borough file (old classification)",
            Format::PoliceUkStreet => "police.uk street-level CSV",
            Format::PfaRollingYear => "police recorded crime by PFA (rolling year)",
            Format::Nomis => "Nomis export",
            Format::AshePay => "ASHE weekly pay by borough",
            Format::CpihDivisions => "CPIH division indices",
            Format::BankRateHistory => "Bank Rate history",
            Format::PopulationXlsx => "borough population workbook (xlsx)",
            Format::CsvTable => "CSV table",
        }
    }

    /// A short machine name (`ons_csv`, `met_borough_new`, ...).
    ///
    /// ```
    /// assert_eq!(colcrime::sources::Format::OnsTimeSeriesCsv.key(), "ons_csv");
    /// ```
    pub fn key(self) -> &'static str {
        match self {
            Format::OnsTimeSeriesCsv => "ons_csv",
            Format::OnsJson => "ons_json",
            Format::MetBoroughNew => "met_borough_new",
            Format::MetBoroughOld => "met_borough_old",
            Format::PoliceUkStreet => "police_uk_street",
            Format::PfaRollingYear => "pfa_rolling_year",
            Format::Nomis => "nomis",
            Format::AshePay => "ashe_pay",
            Format::CpihDivisions => "cpih_divisions",
            Format::BankRateHistory => "bank_rate_history",
            Format::PopulationXlsx => "population_xlsx",
            Format::CsvTable => "csv_table",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything read from one file.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The recognised format.
    pub format: Format,
    /// The file as given.
    pub path: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// The release date stated in the file, `YYYY-MM-DD`.
    pub release: Option<String>,
    /// The series found.
    pub series: Vec<Series>,
    /// Notes for the user (flags, adjustments, quirks found).
    pub notes: Vec<String>,
}

impl Dataset {
    /// The series with key `name` at frequency `freq` (the only one of that
    /// name if `freq` is `None`).
    ///
    /// # Errors
    /// No such series (the message lists those that exist).
    ///
    /// ```
    /// use colcrime::series::Frequency;
    /// let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
    ///     .join("notebooks-data/ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv");
    /// let ds = colcrime::sources::read(&path).unwrap();
    /// let m = ds.select("D7G7", Some(Frequency::Monthly)).unwrap();
    /// assert_eq!(m.unit, "%");
    /// assert!(ds.select("XXXX", None).is_err());
    /// ```
    pub fn select(&self, name: &str, freq: Option<Frequency>) -> Result<&Series> {
        self.series
            .iter()
            .find(|s| s.name == name && freq.is_none_or(|f| s.freq() == f))
            .ok_or_else(|| {
                Error::not_found(
                    format!("series in {}", self.path),
                    name,
                    self.series
                        .iter()
                        .map(|s| format!("{} ({})", s.name, s.freq()))
                        .collect(),
                )
            })
    }
}

/// The bytes after a UTF-8 byte-order mark, if any.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The first line of `text` without its line ending.
fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("").trim_end_matches('\r')
}

/// Recognises a format from the first bytes of a file (a few kilobytes are
/// enough). `None` if it is none colcrime reads (empty, binary, not a table).
///
/// ```
/// use colcrime::sources::{detect, Format};
/// assert_eq!(detect(b"\"Title\",\"CPI\"\n\"CDID\",\"D7G7\"\n"), Some(Format::OnsTimeSeriesCsv));
/// assert_eq!(detect(b"Crime ID,Month,Reported by,Falls within\n"), Some(Format::PoliceUkStreet));
/// assert_eq!(detect(b"\x00\x01\x02binary"), None);
/// assert_eq!(detect(b""), None);
/// ```
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(Format::PopulationXlsx);
    }
    let b = strip_bom(bytes);
    // Text only: no NUL bytes, valid UTF-8 (allowing a cut multi-byte char
    // at the end of the sample).
    let head = &b[..b.len().min(16 * 1024)];
    if head.contains(&0) {
        return None;
    }
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.starts_with('{') {
        return trimmed
            .contains("\"observations\"")
            .then_some(Format::OnsJson);
    }
    let first = first_line(text);
    let starts = |p: &str| first.starts_with(p);
    if starts("\"Title\",") {
        return Some(Format::OnsTimeSeriesCsv);
    }
    if starts("MajorText,MinorText,BoroughName") {
        return Some(Format::MetBoroughNew);
    }
    if starts("Borough,Major Category,Minor Category") {
        return Some(Format::MetBoroughOld);
    }
    if starts("Crime ID,Month,") {
        return Some(Format::PoliceUkStreet);
    }
    if starts("12 months ending,PFA,") {
        return Some(Format::PfaRollingYear);
    }
    if starts("\"Date Changed\",\"Rate\"") || starts("Date Changed,Rate") {
        return Some(Format::BankRateHistory);
    }
    if first.to_ascii_lowercase().starts_with("index date") {
        return Some(Format::CpihDivisions);
    }
    if starts("Code,Area,") && text.lines().nth(1).is_some_and(|l| l.contains("Pay (")) {
        return Some(Format::AshePay);
    }
    if text
        .lines()
        .take(12)
        .any(|l| l.starts_with("\"Area\",") && l.contains("\"Conf\""))
    {
        return Some(Format::Nomis);
    }
    // A generic table: a header with at least two comma-separated names.
    let cells: Vec<&str> = first.split(',').collect();
    (cells.len() >= 2 && cells.iter().all(|c| !c.trim().is_empty() && c.len() < 200))
        .then_some(Format::CsvTable)
}

/// The most bytes read from something that is not a regular file (a pipe,
/// a device such as `/dev/zero`), whose size is not known in advance.
pub const MAX_STREAM_BYTES: u64 = 256 << 20;

/// Reads a text file whole, refusing (with a location) what cannot be a
/// text table before memory grows: a NUL byte in the first 64 KiB (a
/// binary file, `/dev/zero`), or more than [`MAX_STREAM_BYTES`] from a
/// pipe or device.
///
/// # Errors
/// The file cannot be read, or is refused as above.
///
/// ```
/// let e = colcrime::sources::read_text_file("/dev/zero".as_ref()).unwrap_err();
/// assert!(e.to_string().contains("/dev/zero:1:1"), "{e}");
/// ```
pub fn read_text_file(path: &Path) -> Result<Vec<u8>> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = f.metadata().map_err(|e| Error::io(path, e))?;
    let limit = if meta.is_file() {
        meta.len().saturating_add(1)
    } else {
        MAX_STREAM_BYTES + 1
    };
    let mut bytes = Vec::new();
    let mut r = f.take(limit);
    (&mut r)
        .take(64 * 1024)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if let Some(i) = memchr::memchr(0, &bytes) {
        let (line, col) = scan::line_and_column(&bytes, i);
        return Err(Error::format(
            Location::new(path).line(line).column_index(col),
            "a NUL byte: this is a binary file, not CSV text",
        ));
    }
    r.read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() && bytes.len() as u64 > MAX_STREAM_BYTES {
        return Err(Error::format(
            Location::new(path),
            format!(
                "more than {} MiB from a pipe or device: save the data to a file",
                MAX_STREAM_BYTES >> 20
            ),
        ));
    }
    Ok(bytes)
}

/// The error for bytes that are not UTF-8, with the line and column (the
/// field, by commas) of the first bad byte.
///
/// ```
/// let bytes = b"a,b\n1,\xff\n";
/// let e = std::str::from_utf8(bytes).unwrap_err();
/// let err = colcrime::sources::utf8_error("t.csv", bytes, e);
/// assert!(err.to_string().starts_with("t.csv:2:2: "), "{err}");
/// ```
pub fn utf8_error(name: &str, bytes: &[u8], e: std::str::Utf8Error) -> Error {
    let at = e.valid_up_to();
    let (line, col) = scan::line_and_column(bytes, at);
    let byte = bytes
        .get(at)
        .map_or(String::new(), |b| format!(" 0x{b:02X}"));
    Error::format(
        Location::new(name).line(line).column_index(col),
        format!("not UTF-8 text (byte{byte} at offset {at}); save the file as UTF-8"),
    )
}

/// What a reader gets: the file's name, its bytes and their hash.
#[derive(Debug)]
pub(crate) struct Input<'a> {
    pub(crate) path: String,
    pub(crate) bytes: &'a [u8],
    pub(crate) sha256: String,
    pub(crate) format: Format,
}

impl Input<'_> {
    /// A location in this file.
    pub(crate) fn loc(&self) -> Location {
        Location::new(&self.path)
    }

    /// The content as text, after any BOM.
    pub(crate) fn text(&self) -> Result<&str> {
        let b = strip_bom(self.bytes);
        std::str::from_utf8(b).map_err(|e| utf8_error(&self.path, b, e))
    }

    /// A provenance record for series `id`.
    pub(crate) fn provenance(
        &self,
        id: &str,
        release: Option<&str>,
        title: Option<&str>,
    ) -> Provenance {
        let mut p = Provenance::new(&self.path, &self.sha256, id);
        p.release = release.map(str::to_string);
        p.title = title.map(str::to_string);
        p.format = Some(self.format.key().to_string());
        p
    }

    /// An empty dataset for this file.
    pub(crate) fn dataset(&self) -> Dataset {
        Dataset {
            format: self.format,
            path: self.path.clone(),
            sha256: self.sha256.clone(),
            release: None,
            series: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// Why content was not recognised: bytes that are not UTF-8 text (with
/// the line and column of the first bad one), a NUL byte, or no format's
/// shape.
fn unrecognised(name: &str, head: &[u8]) -> Error {
    let b = strip_bom(head);
    let b = &b[..b.len().min(16 * 1024)];
    if let Some(i) = memchr::memchr(0, b) {
        let (line, col) = scan::line_and_column(b, i);
        return Error::format(
            Location::new(name).line(line).column_index(col),
            "a NUL byte: this is a binary file, not CSV or JSON text",
        );
    }
    match std::str::from_utf8(b) {
        Err(e) if e.error_len().is_some() => utf8_error(name, b, e),
        _ => Error::format(
            Location::new(name),
            format!("unrecognised content (tried: {})", tried()),
        ),
    }
}

/// The list of formats tried, for an "unrecognised" message.
fn tried() -> String {
    Format::ALL
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The CSV twin of a columnar file, Parquet ([`parquet`]) or Arrow IPC
/// ([`arrow_ipc`]), with the format's name; `None` for any other file.
///
/// # Errors
/// As [`parquet::csv_twin`] and [`arrow_ipc::csv_twin`].
pub(crate) fn columnar_twin(path: &Path) -> Result<Option<(String, &'static str)>> {
    if let Some(text) = parquet::csv_twin(path)? {
        return Ok(Some((text, "Parquet")));
    }
    Ok(arrow_ipc::csv_twin(path)?.map(|text| (text, "Arrow IPC")))
}

/// Reads `path`, recognising its format from the content.
///
/// police.uk street files are streamed; other files are read whole.
///
/// # Errors
/// Unreadable or unrecognised file (the message lists the formats tried), a
/// broken structure or a value that cannot be read (file, line, column).
///
/// ```
/// let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
///     .join("notebooks-data/london_econ/boe_bank_rate_history.csv");
/// let ds = colcrime::sources::read(&path).unwrap();
/// let s = ds.select("bank_rate", None).unwrap();
/// assert_eq!(s.get(colcrime::series::Period::month(2025, 12).unwrap()), Some(3.75));
/// ```
pub fn read(path: &Path) -> Result<Dataset> {
    if let Some((text, format)) = columnar_twin(path)? {
        // A Parquet or Arrow file is read as its CSV twin; its digest is the file's.
        let mut ds = read_bytes(&path.display().to_string(), text.as_bytes())?;
        let sha = sha256_file(path)?;
        for p in ds.series.iter_mut().flat_map(|s| s.provenance.iter_mut()) {
            p.sha256 = sha.clone();
        }
        ds.sha256 = sha;
        ds.notes.push(format!("read from {format} as its CSV twin"));
        return Ok(ds);
    }
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut head = Vec::with_capacity(16 * 1024);
    (&mut f)
        .take(16 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(path, e))?;
    let loc = Location::new(path);
    if head.iter().all(|b| b.is_ascii_whitespace())
        && strip_bom(&head).iter().all(|b| b.is_ascii_whitespace())
    {
        return Err(Error::format(loc, "the file is empty"));
    }
    let format = detect(&head).ok_or_else(|| unrecognised(&path.display().to_string(), &head))?;
    if format == Format::PoliceUkStreet {
        drop(f);
        return street::read_street(path);
    }
    drop(f);
    let bytes = if format == Format::PopulationXlsx {
        std::fs::read(path).map_err(|e| Error::io(path, e))?
    } else {
        read_text_file(path)?
    };
    read_bytes(&path.display().to_string(), &bytes)
}

/// Reads a file's content already in memory; `name` is used in messages and
/// provenance.
///
/// # Errors
/// As [`read`].
///
/// ```
/// let ds = colcrime::sources::read_bytes("rate.csv", b"\"Date Changed\",\"Rate\"\n\"18 Dec 25\",\"3.75\"\n").unwrap();
/// assert_eq!(ds.series[0].name, "bank_rate");
/// ```
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Dataset> {
    let loc = Location::new(name);
    if strip_bom(bytes).iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::format(loc, "the file is empty"));
    }
    let format = detect(bytes).ok_or_else(|| unrecognised(name, bytes))?;
    // CRLF becomes LF before parsing: the csv crate reports the line of a
    // record after a CRLF one line early, and every error must name the
    // right line. The digest stays that of the bytes as published.
    let sha256 = sha256_hex(bytes);
    let normalised: Vec<u8>;
    let bytes =
        if format != Format::PopulationXlsx && memchr::memmem::find(bytes, b"\r\n").is_some() {
            let mut v = Vec::with_capacity(bytes.len());
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                    continue;
                }
                v.push(bytes[i]);
                i += 1;
            }
            normalised = v;
            &normalised[..]
        } else {
            bytes
        };
    if format != Format::PopulationXlsx
        && let Some(i) = scan::lone_cr(bytes, 0, bytes.len())
    {
        return Err(scan::lone_cr_error(name, bytes, i));
    }
    if !matches!(
        format,
        Format::PopulationXlsx
            | Format::OnsJson
            | Format::OnsTimeSeriesCsv
            | Format::PoliceUkStreet
    ) {
        // The ONS reader judges its quoted rows itself; a street record's
        // last cell (the context) is empty by design, and a cut street row
        // is short of fields.
        final_line::check(name, bytes)?;
    }
    let input = Input {
        path: name.to_string(),
        bytes,
        sha256,
        format,
    };
    match format {
        Format::OnsTimeSeriesCsv => ons::read_csv(&input),
        Format::OnsJson => ons::read_json(&input),
        Format::MetBoroughNew | Format::MetBoroughOld => met::read_one(&input),
        Format::PoliceUkStreet => street::read_street_bytes(&input),
        Format::PfaRollingYear => tables::read_pfa(&input),
        Format::Nomis => tables::read_nomis(&input),
        Format::AshePay => tables::read_ashe(&input),
        Format::CpihDivisions => tables::read_cpih(&input),
        Format::BankRateHistory => tables::read_bank_rate(&input),
        Format::PopulationXlsx => tables::read_population(&input),
        Format::CsvTable => tables::read_table(&input),
    }
}

/// Snake-cases a label: lower case, runs of non-alphanumerics become one
/// `_`, no leading or trailing `_`.
///
/// ```
/// assert_eq!(colcrime::sources::snake_case("Anti-social behaviour"), "anti_social_behaviour");
/// assert_eq!(colcrime::sources::snake_case("  FOOD AND NON-ALCOHOLIC BEVERAGES "), "food_and_non_alcoholic_beverages");
/// ```
pub fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if pending && !out.is_empty() {
                out.push('_');
            }
            pending = false;
            out.extend(c.to_lowercase());
        } else {
            pending = true;
        }
    }
    out
}

/// Collapses runs of whitespace to one space and trims.
///
/// ```
/// assert_eq!(colcrime::sources::normalize_ws("  City  of\tLondon "), "City of London");
/// ```
pub fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A parser for CSV text: no header handling, ragged rows allowed (each
/// reader checks row lengths itself and reports the line).
pub(crate) fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The first record of a CSV (its header), or an error naming the file:
/// empty, or malformed with the line.
pub(crate) fn header_record(
    rdr: &mut csv::Reader<&[u8]>,
    loc: &Location,
) -> Result<csv::StringRecord> {
    let mut rec = csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(true) => Ok(rec),
        Ok(false) => Err(Error::format(loc.clone(), "the file is empty")),
        Err(e) => Err(csv_error(loc.clone(), &e)),
    }
}

/// Turns a csv crate error into ours, with the line.
pub(crate) fn csv_error(loc: Location, e: &csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    Error::format(loc.line(line), format!("malformed CSV: {e}"))
}

/// Parses a numeric cell; missing markers (including `!` and `#`) are
/// `NaN`, anything else non-numeric is an error naming line and column.
pub(crate) fn number(loc: &Location, line: u64, col: usize, name: &str, cell: &str) -> Result<f64> {
    let t = cell.trim();
    if t == "!" || t == "#" {
        return Ok(f64::NAN);
    }
    crate::series::frame::parse_number(t).ok_or_else(|| {
        Error::parse(
            loc.clone()
                .line(line)
                .column_index(col as u64 + 1)
                .column(name),
            "a number or a missing marker",
            cell,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_json_and_table() {
        assert_eq!(detect(b"{\"observations\": []}"), Some(Format::OnsJson));
        assert_eq!(detect(b"month,count\n2020-01,3\n"), Some(Format::CsvTable));
        assert_eq!(detect(b"just words\n"), None);
    }

    /// Without the `xlsx` feature the shipped workbook is still recognised,
    /// and reading it is an error that names the file and the feature.
    #[cfg(not(feature = "xlsx"))]
    #[test]
    fn a_workbook_without_the_xlsx_feature_is_a_clear_error() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("notebooks-data/london_econ/london_borough_population_1801-2021.xlsx");
        let e = read(&p).unwrap_err();
        let msg = e.to_string();
        assert_eq!(e.kind_name(), "format", "{msg}");
        assert_eq!(e.exit_code(), 2, "{msg}");
        assert!(
            msg.contains("london_borough_population_1801-2021.xlsx"),
            "{msg}"
        );
        assert!(msg.contains("without the `xlsx` feature"), "{msg}");
    }
}
