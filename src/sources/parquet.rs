//! Parquet input: a Parquet file (as pandas/pyarrow or polars write it) is
//! read wherever a CSV is (`--data`, workspace sources, `data inspect`),
//! with the same rules, because it is read *as* its CSV twin: each row
//! becomes one line of CSV text (a header of the column names first), which
//! the CSV readers then parse. So a null is an empty cell (missing), a
//! suppression marker in a string column is missing, a date column is the
//! period index by the same inference, and an error names the line the row
//! would have in the CSV twin (row 1 is line 2) and its column.
//!
//! Cells are written as:
//! - floats with Rust's shortest round-trip text (the same `f64` back;
//!   `f32` widened exactly), NaN as an empty cell; integers as integers;
//!   booleans as `1`/`0`;
//! - `DATE` as `YYYY-MM-DD`; timestamps (milli-, micro- or nanoseconds,
//!   with or without a time zone) as the date of their UTC instant, so
//!   `2024-03-01 00:00` is `2024-03-01`;
//! - strings as they are (quoted where CSV needs it).
//!
//! Nested columns (lists, maps, structs) are refused with the column's name.
//!
//! Codecs: Snappy (pandas' and pyarrow's default), LZ4 and uncompressed in
//! pure Rust; Zstandard (polars' default) through the `zstd` crate, whose C
//! library is compiled by cargo's `cc` (no system library needed). Gzip
//! and Brotli files are refused by the Parquet reader with its message.
//!
//! ```no_run
//! let text = colcrime::sources::parquet::to_csv_text("robbery.parquet".as_ref())?;
//! assert!(text.starts_with("date,"));
//! # Ok::<(), colcrime::Error>(())
//! ```

use std::io::Read;
use std::path::Path;

#[cfg(feature = "parquet")]
use chrono::{DateTime, NaiveDate};
#[cfg(feature = "parquet")]
use parquet::basic::{LogicalType, TimeUnit};
#[cfg(feature = "parquet")]
use parquet::file::reader::{FileReader, SerializedFileReader};
#[cfg(feature = "parquet")]
use parquet::record::Field;

use crate::error::{Error, Location, Result};

/// The four bytes every Parquet file begins (and ends) with.
pub const MAGIC: &[u8; 4] = b"PAR1";

/// Whether `head` (the first bytes of a file) is the start of a Parquet
/// file.
///
/// ```
/// assert!(colcrime::sources::parquet::is_parquet(b"PAR1\x15\x04"));
/// assert!(!colcrime::sources::parquet::is_parquet(b"date,y\n"));
/// ```
pub fn is_parquet(head: &[u8]) -> bool {
    head.starts_with(MAGIC)
}

/// The CSV twin of `path` if it is a Parquet file (see the module
/// documentation), `None` if it is not one.
///
/// # Errors
/// The file cannot be opened; a Parquet file this build cannot read
/// (without the `parquet` feature, naming it), or as [`to_csv_text`].
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("d.csv");
/// std::fs::write(&p, "date,y\n2024-01,1\n").unwrap();
/// assert!(colcrime::sources::parquet::csv_twin(&p).unwrap().is_none());
/// ```
pub fn csv_twin(path: &Path) -> Result<Option<String>> {
    let mut head = [0u8; 4];
    let n = match std::fs::File::open(path) {
        Ok(f) => f.take(4).read(&mut head).map_err(|e| Error::io(path, e))?,
        // Let the caller's own reader report a missing file as it does.
        Err(_) => return Ok(None),
    };
    if !is_parquet(&head[..n]) {
        return Ok(None);
    }
    read_twin(path).map(Some)
}

#[cfg(feature = "parquet")]
fn read_twin(path: &Path) -> Result<String> {
    to_csv_text(path)
}

#[cfg(not(feature = "parquet"))]
fn read_twin(path: &Path) -> Result<String> {
    Err(Error::format(
        Location::new(path),
        "a Parquet file, which this colcrime cannot read: it was built without the `parquet` feature (build it with features = [\"parquet\"])",
    ))
}

/// How a column's `INT64` values are read: plain integers, or timestamps.
#[cfg(feature = "parquet")]
#[derive(Debug, Clone, Copy)]
enum Int64As {
    Integer,
    Nanos,
    Micros,
    Millis,
}

#[cfg(feature = "parquet")]
fn date_text(days: i64) -> Option<String> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    let d = epoch.checked_add_signed(chrono::TimeDelta::try_days(days)?)?;
    Some(d.format("%Y-%m-%d").to_string())
}

#[cfg(feature = "parquet")]
fn timestamp_text(value: i64, per_second: i64) -> Option<String> {
    let secs = value.div_euclid(per_second);
    let t = DateTime::from_timestamp(secs, 0)?;
    Some(t.date_naive().format("%Y-%m-%d").to_string())
}

#[cfg(feature = "parquet")]
fn float_text(v: f64) -> String {
    if v.is_finite() {
        v.to_string()
    } else {
        String::new()
    }
}

#[cfg(feature = "parquet")]
/// One cell as CSV text, or why it cannot be one.
fn cell(field: &Field, as64: Int64As) -> std::result::Result<String, &'static str> {
    let bad = "a date outside the calendar";
    Ok(match field {
        Field::Null => String::new(),
        Field::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Field::Byte(v) => v.to_string(),
        Field::Short(v) => v.to_string(),
        Field::Int(v) => v.to_string(),
        Field::Long(v) => match as64 {
            Int64As::Integer => v.to_string(),
            Int64As::Nanos => timestamp_text(*v, 1_000_000_000).ok_or(bad)?,
            Int64As::Micros => timestamp_text(*v, 1_000_000).ok_or(bad)?,
            Int64As::Millis => timestamp_text(*v, 1_000).ok_or(bad)?,
        },
        Field::UByte(v) => v.to_string(),
        Field::UShort(v) => v.to_string(),
        Field::UInt(v) => v.to_string(),
        Field::ULong(v) => v.to_string(),
        Field::Float16(v) => float_text(f64::from(*v)),
        Field::Float(v) => float_text(f64::from(*v)),
        Field::Double(v) => float_text(*v),
        Field::Decimal(_) => return Err("a decimal (write it as a float)"),
        Field::Str(s) => s.clone(),
        Field::Bytes(b) => match std::str::from_utf8(b.data()) {
            Ok(s) => s.to_string(),
            Err(_) => return Err("binary data (not UTF-8 text)"),
        },
        Field::Date(d) => date_text(i64::from(*d)).ok_or(bad)?,
        Field::TimeMillis(_) | Field::TimeMicros(_) => return Err("a time of day without a date"),
        Field::TimestampMillis(v) => timestamp_text(*v, 1_000).ok_or(bad)?,
        Field::TimestampMicros(v) => timestamp_text(*v, 1_000_000).ok_or(bad)?,
        Field::Group(_) | Field::ListInternal(_) | Field::MapInternal(_) => {
            return Err("a nested value (list, map or struct)");
        }
    })
}

#[cfg(feature = "parquet")]
fn parquet_error(path: &Path, e: parquet::errors::ParquetError) -> Error {
    Error::format(
        Location::new(path),
        format!("not a readable Parquet file: {e}"),
    )
}

#[cfg(feature = "parquet")]
/// Reads a Parquet file as the text of its CSV twin (see the module
/// documentation).
///
/// # Errors
/// The file cannot be opened or is not valid Parquet (or uses a codec this
/// build does not read), naming the file; a nested, decimal, binary or
/// time-of-day column, naming its line (row + 1) and column.
///
/// ```no_run
/// let csv = colcrime::sources::parquet::to_csv_text("counts.parquet".as_ref())?;
/// println!("{}", csv.lines().next().unwrap_or_default());
/// # Ok::<(), colcrime::Error>(())
/// ```
pub fn to_csv_text(path: &Path) -> Result<String> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = SerializedFileReader::new(file).map_err(|e| parquet_error(path, e))?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let mut as64 = Vec::with_capacity(schema.num_columns());
    for col in schema.columns() {
        as64.push(match col.logical_type_ref() {
            Some(LogicalType::Timestamp(t)) => match t.unit {
                TimeUnit::NANOS => Int64As::Nanos,
                TimeUnit::MICROS => Int64As::Micros,
                TimeUnit::MILLIS => Int64As::Millis,
            },
            _ => Int64As::Integer,
        });
    }
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(64 * 1024));
    let names: Vec<&str> = schema
        .root_schema()
        .get_fields()
        .iter()
        .map(|f| f.name())
        .collect();
    let write_err =
        |e: csv::Error| Error::other(format!("{}: writing CSV text: {e}", path.display()));
    out.write_record(&names).map_err(write_err)?;
    let mut record: Vec<String> = Vec::with_capacity(names.len());
    for (i, row) in reader
        .get_row_iter(None)
        .map_err(|e| parquet_error(path, e))?
        .enumerate()
    {
        let row = row.map_err(|e| parquet_error(path, e))?;
        record.clear();
        for (j, (name, field)) in row.get_column_iter().enumerate() {
            let kind = as64.get(j).copied().unwrap_or(Int64As::Integer);
            let text = cell(field, kind).map_err(|why| {
                Error::format(
                    Location::new(path).line(i as u64 + 2).column(name.clone()),
                    format!("column \"{name}\" holds {why}, which colcrime does not read"),
                )
            })?;
            record.push(text);
        }
        out.write_record(&record).map_err(write_err)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| Error::other(format!("{}: writing CSV text: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| Error::other(format!("{}: {e}", path.display())))
}

#[cfg(all(test, feature = "parquet"))]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_their_csv_text() {
        assert_eq!(
            cell(&Field::Double(0.1 + 0.2), Int64As::Integer).unwrap(),
            "0.30000000000000004"
        );
        assert_eq!(
            cell(&Field::Double(f64::NAN), Int64As::Integer).unwrap(),
            ""
        );
        assert_eq!(cell(&Field::Float(1.5), Int64As::Integer).unwrap(), "1.5");
        assert_eq!(cell(&Field::Null, Int64As::Integer).unwrap(), "");
        assert_eq!(
            cell(&Field::Date(19_783), Int64As::Integer).unwrap(),
            "2024-03-01"
        );
        // 2024-03-01T00:00:00Z in nanoseconds, as pandas writes datetime64[ns].
        let ns = 1_709_251_200_000_000_000_i64;
        assert_eq!(
            cell(&Field::Long(ns), Int64As::Nanos).unwrap(),
            "2024-03-01"
        );
        assert_eq!(
            cell(&Field::Long(ns), Int64As::Integer).unwrap(),
            ns.to_string()
        );
        assert_eq!(
            cell(&Field::TimestampMicros(ns / 1000), Int64As::Integer).unwrap(),
            "2024-03-01"
        );
        assert!(cell(&Field::TimeMillis(5), Int64As::Integer).is_err());
    }

    #[test]
    fn magic_is_recognised() {
        assert!(is_parquet(b"PAR1"));
        assert!(!is_parquet(b"PAR"));
    }
}
