//! Arrow IPC input (the file format, also called Feather v2, `.arrow`,
//! `.feather`, `.ipc`; and the stream format): read wherever a CSV is
//! (`--data`, workspace sources, `data inspect`), as Parquet is
//! ([`super::parquet`]), by turning each row into one line of its CSV twin
//! for the same readers. So a null is missing, a suppression marker in a
//! string column is missing, a date column is the period index by the same
//! inference, and an error names the line the row would have in the CSV
//! (row 1 is line 2) and its column.
//!
//! Cells are written as:
//! - floats with Rust's shortest round-trip text (the same `f64` back;
//!   `f16`/`f32` widened exactly), NaN as an empty cell; integers as
//!   integers; booleans as `1`/`0`;
//! - `Date32`/`Date64` as `YYYY-MM-DD`; timestamps (any unit, with or
//!   without a time zone) as the date of their UTC instant;
//! - a pandas period column (pyarrow's `pandas.period` extension type,
//!   monthly, quarterly or annual) as the first day of each period;
//! - strings (`Utf8`, `LargeUtf8`, `Utf8View`, and dictionary-encoded
//!   strings such as pandas categoricals) as they are.
//!
//! Decimal, binary, time-of-day and nested columns are refused naming the
//! column. Buffers compressed with LZ4 (pyarrow's Feather default) or
//! Zstandard are read through the same `lz4_flex` and `zstd` crates as
//! Parquet; the reader is the `arrow-ipc` crate alone (no compute kernels).
//! The file is recognised by its content: `ARROW1` (file) or the stream's
//! continuation marker `FF FF FF FF`, never its name.
//!
//! ```no_run
//! let text = colcrime::sources::arrow_ipc::to_csv_text("robbery.feather".as_ref())?;
//! assert!(text.starts_with("date,"));
//! # Ok::<(), colcrime::Error>(())
//! ```

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The six bytes an Arrow IPC *file* begins (and ends) with.
pub const FILE_MAGIC: &[u8; 6] = b"ARROW1";

/// The continuation marker each message of an Arrow IPC *stream* begins
/// with (streams have no magic of their own).
pub const STREAM_MARKER: &[u8; 4] = &[0xFF; 4];

/// Which of Arrow's two IPC layouts a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The random-access file format (Feather v2): `ARROW1` ... footer.
    File,
    /// The stream format: messages one after another.
    Stream,
}

/// The layout of an Arrow IPC file from its first bytes, `None` if `head`
/// is not the start of one. A stream is recognised by its continuation
/// marker followed by a positive metadata length.
///
/// ```
/// use colcrime::sources::arrow_ipc::{layout, Layout};
/// assert_eq!(layout(b"ARROW1\0\0"), Some(Layout::File));
/// assert_eq!(layout(&[0xFF, 0xFF, 0xFF, 0xFF, 0xF8, 0, 0, 0]), Some(Layout::Stream));
/// assert_eq!(layout(b"date,y\n"), None);
/// ```
pub fn layout(head: &[u8]) -> Option<Layout> {
    if head.starts_with(FILE_MAGIC) {
        return Some(Layout::File);
    }
    match head {
        [0xFF, 0xFF, 0xFF, 0xFF, a, b, c, d, ..] => {
            (i32::from_le_bytes([*a, *b, *c, *d]) > 0).then_some(Layout::Stream)
        }
        _ => None,
    }
}

/// The CSV twin of `path` if it is an Arrow IPC file (see the module
/// documentation), `None` if it is not one.
///
/// # Errors
/// The file cannot be read; an Arrow file this build cannot read (without
/// the `arrow` feature, naming it), or as [`to_csv_text`].
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("d.csv");
/// std::fs::write(&p, "date,y\n2024-01,1\n").unwrap();
/// assert!(colcrime::sources::arrow_ipc::csv_twin(&p).unwrap().is_none());
/// ```
pub fn csv_twin(path: &Path) -> Result<Option<String>> {
    let mut head = [0u8; 8];
    let n = match std::fs::File::open(path) {
        Ok(f) => f.take(8).read(&mut head).map_err(|e| Error::io(path, e))?,
        // Let the caller's own reader report a missing file as it does.
        Err(_) => return Ok(None),
    };
    if layout(&head[..n]).is_none() {
        return Ok(None);
    }
    read_twin(path).map(Some)
}

#[cfg(feature = "arrow")]
fn read_twin(path: &Path) -> Result<String> {
    to_csv_text(path)
}

#[cfg(not(feature = "arrow"))]
fn read_twin(path: &Path) -> Result<String> {
    Err(Error::format(
        crate::error::Location::new(path),
        "an Arrow IPC file, which this colcrime cannot read: it was built without the `arrow` feature (build it with features = [\"arrow\"])",
    ))
}

#[cfg(feature = "arrow")]
pub use reader::to_csv_text;

#[cfg(feature = "arrow")]
mod reader {
    use std::path::Path;

    use arrow_array::cast::AsArray;
    use arrow_array::types::{
        Date32Type, Date64Type, Float16Type, Float32Type, Float64Type, Int8Type, Int16Type,
        Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType,
        TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type,
        UInt64Type,
    };
    use arrow_array::{Array, ArrowPrimitiveType, RecordBatch};
    use arrow_schema::{ArrowError, DataType, Field, TimeUnit};
    use chrono::{DateTime, Datelike, NaiveDate};

    use super::{Layout, layout};
    use crate::error::{Error, Location, Result};

    fn arrow_error(path: &Path, e: ArrowError) -> Error {
        Error::format(
            Location::new(path),
            format!("not a readable Arrow IPC file: {e}"),
        )
    }

    fn date_text(days: i64) -> Option<String> {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
        let d = epoch.checked_add_signed(chrono::TimeDelta::try_days(days)?)?;
        Some(d.format("%Y-%m-%d").to_string())
    }

    fn timestamp_text(value: i64, per_second: i64) -> Option<String> {
        let t = DateTime::from_timestamp(value.div_euclid(per_second), 0)?;
        Some(t.date_naive().format("%Y-%m-%d").to_string())
    }

    fn float_text(v: f64) -> String {
        if v.is_finite() {
            v.to_string()
        } else {
            String::new()
        }
    }

    /// The first day of pandas period `ordinal` (periods since 1970's
    /// first) at frequency `months` months a period (1, 3 or 12).
    fn period_text(ordinal: i64, months: i64) -> Option<String> {
        let m = ordinal.checked_mul(months)?;
        let year = i32::try_from(1970 + m.div_euclid(12)).ok()?;
        let month = u32::try_from(m.rem_euclid(12) + 1).ok()?;
        let d = NaiveDate::from_ymd_opt(year, month, 1)?;
        (d.year() == year).then(|| d.format("%Y-%m-%d").to_string())
    }

    /// Months a period of a pandas `pandas.period` column spans, from the
    /// extension's metadata (`{"freq": "Q-DEC"}`); `None` for frequencies
    /// colcrime has no periods for (days, weeks, quarters ending elsewhere).
    fn pandas_period_months(field: &Field) -> Option<Option<i64>> {
        let md = field.metadata();
        if md.get("ARROW:extension:name").map(String::as_str) != Some("pandas.period") {
            return None;
        }
        let meta: serde_json::Value = md
            .get("ARROW:extension:metadata")
            .and_then(|m| serde_json::from_str(m).ok())
            .unwrap_or_default();
        let freq = meta.get("freq").and_then(|f| f.as_str()).unwrap_or("");
        Some(match freq {
            "M" | "ME" => Some(1),
            "Q-DEC" | "QE-DEC" | "Q" => Some(3),
            "A-DEC" | "Y-DEC" | "YE-DEC" | "A" | "Y" => Some(12),
            _ => None,
        })
    }

    type Cells = std::result::Result<Vec<String>, (usize, &'static str)>;

    /// Each value of a primitive column through `text`; nulls are empty.
    fn primitive<T: ArrowPrimitiveType>(
        a: &dyn Array,
        text: impl Fn(T::Native) -> Option<String>,
    ) -> Cells {
        let p = a
            .as_primitive_opt::<T>()
            .ok_or((0, "a column whose values do not match its type"))?;
        (0..p.len())
            .map(|i| {
                if p.is_null(i) {
                    Ok(String::new())
                } else {
                    text(p.value(i)).ok_or((i, "a date outside the calendar"))
                }
            })
            .collect()
    }

    /// Strings as they are; nulls are empty.
    fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> Cells {
        Ok(values.map(|v| v.unwrap_or("").to_string()).collect())
    }

    /// The CSV text of every cell of one column, or the row and reason it
    /// cannot be read.
    fn column_cells(a: &dyn Array, field: &Field) -> Cells {
        if let Some(months) = pandas_period_months(field) {
            let months = months.ok_or((0, "a pandas period of a frequency colcrime has no periods for (monthly, quarterly and annual are read)"))?;
            return primitive::<Int64Type>(a, |v| period_text(v, months));
        }
        let whole = |v: i64| Some(v.to_string());
        match a.data_type() {
            DataType::Null => Ok(vec![String::new(); a.len()]),
            DataType::Boolean => {
                let b = a
                    .as_boolean_opt()
                    .ok_or((0, "a malformed boolean column"))?;
                Ok(b.iter()
                    .map(|v| v.map_or(String::new(), |v| if v { "1" } else { "0" }.into()))
                    .collect())
            }
            DataType::Int8 => primitive::<Int8Type>(a, |v| whole(v.into())),
            DataType::Int16 => primitive::<Int16Type>(a, |v| whole(v.into())),
            DataType::Int32 => primitive::<Int32Type>(a, |v| whole(v.into())),
            DataType::Int64 => primitive::<Int64Type>(a, whole),
            DataType::UInt8 => primitive::<UInt8Type>(a, |v| whole(v.into())),
            DataType::UInt16 => primitive::<UInt16Type>(a, |v| whole(v.into())),
            DataType::UInt32 => primitive::<UInt32Type>(a, |v| whole(v.into())),
            DataType::UInt64 => primitive::<UInt64Type>(a, |v| Some(v.to_string())),
            DataType::Float16 => primitive::<Float16Type>(a, |v| Some(float_text(v.to_f64()))),
            DataType::Float32 => primitive::<Float32Type>(a, |v| Some(float_text(v.into()))),
            DataType::Float64 => primitive::<Float64Type>(a, |v| Some(float_text(v))),
            DataType::Date32 => primitive::<Date32Type>(a, |v| date_text(v.into())),
            DataType::Date64 => primitive::<Date64Type>(a, |v| timestamp_text(v, 1_000)),
            DataType::Timestamp(unit, _) => match unit {
                TimeUnit::Second => primitive::<TimestampSecondType>(a, |v| timestamp_text(v, 1)),
                TimeUnit::Millisecond => {
                    primitive::<TimestampMillisecondType>(a, |v| timestamp_text(v, 1_000))
                }
                TimeUnit::Microsecond => {
                    primitive::<TimestampMicrosecondType>(a, |v| timestamp_text(v, 1_000_000))
                }
                TimeUnit::Nanosecond => {
                    primitive::<TimestampNanosecondType>(a, |v| timestamp_text(v, 1_000_000_000))
                }
            },
            DataType::Utf8 => {
                let s = a
                    .as_string_opt::<i32>()
                    .ok_or((0, "a malformed string column"))?;
                strings(s.iter())
            }
            DataType::LargeUtf8 => {
                let s = a
                    .as_string_opt::<i64>()
                    .ok_or((0, "a malformed string column"))?;
                strings(s.iter())
            }
            DataType::Utf8View => {
                let s = a
                    .as_string_view_opt()
                    .ok_or((0, "a malformed string column"))?;
                strings(s.iter())
            }
            DataType::Dictionary(_, value_type) => {
                let d = a
                    .as_any_dictionary_opt()
                    .ok_or((0, "a malformed dictionary column"))?;
                let inner = Field::new("", value_type.as_ref().clone(), true);
                let values =
                    column_cells(d.values().as_ref(), &inner).map_err(|(_, why)| (0, why))?;
                let keys = d.normalized_keys();
                Ok((0..a.len())
                    .map(|i| {
                        if a.is_null(i) {
                            String::new()
                        } else {
                            keys.get(i)
                                .and_then(|k| values.get(*k))
                                .cloned()
                                .unwrap_or_default()
                        }
                    })
                    .collect())
            }
            DataType::Decimal32(..)
            | DataType::Decimal64(..)
            | DataType::Decimal128(..)
            | DataType::Decimal256(..) => Err((0, "a decimal (write it as a float)")),
            DataType::Binary
            | DataType::LargeBinary
            | DataType::BinaryView
            | DataType::FixedSizeBinary(_) => Err((0, "binary data (write text as strings)")),
            DataType::Time32(_) | DataType::Time64(_) => Err((0, "a time of day without a date")),
            DataType::Duration(_) | DataType::Interval(_) => {
                Err((0, "a duration (not a date or a number)"))
            }
            _ => Err((0, "a nested value (list, map, struct or union)")),
        }
    }

    /// Reads an Arrow IPC file or stream as the text of its CSV twin (see
    /// the module documentation).
    ///
    /// # Errors
    /// The file cannot be opened or is not valid Arrow IPC (or uses a
    /// compression this build does not read), naming the file; a column
    /// colcrime does not read, naming its line (row + 1) and column.
    ///
    /// ```no_run
    /// let csv = colcrime::sources::arrow_ipc::to_csv_text("counts.arrow".as_ref())?;
    /// println!("{}", csv.lines().next().unwrap_or_default());
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn to_csv_text(path: &Path) -> Result<String> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let batches: Vec<RecordBatch>;
        let schema = match layout(&bytes) {
            Some(Layout::File) => {
                let r = arrow_ipc::reader::FileReader::try_new(std::io::Cursor::new(&bytes), None)
                    .map_err(|e| arrow_error(path, e))?;
                let schema = r.schema();
                batches = r
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|e| arrow_error(path, e))?;
                schema
            }
            Some(Layout::Stream) => {
                let r =
                    arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(&bytes), None)
                        .map_err(|e| arrow_error(path, e))?;
                let schema = r.schema();
                batches = r
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|e| arrow_error(path, e))?;
                schema
            }
            None => {
                return Err(Error::format(
                    Location::new(path),
                    "not an Arrow IPC file (no ARROW1 magic or stream marker)",
                ));
            }
        };
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::with_capacity(64 * 1024));
        let write_err =
            |e: csv::Error| Error::other(format!("{}: writing CSV text: {e}", path.display()));
        out.write_record(&names).map_err(write_err)?;
        let mut first_row = 0usize;
        for batch in &batches {
            let mut cells = Vec::with_capacity(names.len());
            for (j, field) in schema.fields().iter().enumerate() {
                let col = batch.column(j);
                let c = column_cells(col.as_ref(), field).map_err(|(i, why)| {
                    let name = field.name();
                    Error::format(
                        Location::new(path)
                            .line((first_row + i) as u64 + 2)
                            .column(name.clone()),
                        format!("column \"{name}\" holds {why}, which colcrime does not read"),
                    )
                })?;
                cells.push(c);
            }
            let mut record: Vec<&str> = Vec::with_capacity(names.len());
            for i in 0..batch.num_rows() {
                record.clear();
                record.extend(cells.iter().map(|c| c.get(i).map_or("", String::as_str)));
                out.write_record(&record).map_err(write_err)?;
            }
            first_row += batch.num_rows();
        }
        let bytes = out
            .into_inner()
            .map_err(|e| Error::other(format!("{}: writing CSV text: {e}", path.display())))?;
        String::from_utf8(bytes).map_err(|e| Error::other(format!("{}: {e}", path.display())))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn pandas_periods_are_first_days() {
            // pandas: Period("2024Q1").ordinal == 216, Period("2024-03").ordinal == 650.
            assert_eq!(period_text(216, 3).unwrap(), "2024-01-01");
            assert_eq!(period_text(650, 1).unwrap(), "2024-03-01");
            assert_eq!(period_text(54, 12).unwrap(), "2024-01-01");
            assert_eq!(period_text(-1, 3).unwrap(), "1969-10-01");
        }

        #[test]
        fn dates_and_floats_read_as_csv_text() {
            assert_eq!(date_text(19_783).unwrap(), "2024-03-01");
            assert_eq!(
                timestamp_text(1_709_251_200_000_000_000, 1_000_000_000).unwrap(),
                "2024-03-01"
            );
            assert_eq!(float_text(0.1 + 0.2), "0.30000000000000004");
            assert_eq!(float_text(f64::NAN), "");
        }
    }
}
