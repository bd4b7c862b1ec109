//! Parquet output, the counterpart of the reader in [`super::parquet`]:
//! a table of dated series written as a Parquet file that pandas/pyarrow,
//! polars and colcrime itself read back with the same values and dates
//! (`colcrime data export --out FILE.parquet`).
//!
//! The file has one row group and these columns, in order:
//! - `date`: `INT32` with the `DATE` logical type (days since 1970-01-01),
//!   required: the first day of each period, as the CSV export's ISO
//!   dates;
//! - one `DOUBLE` column per series, optional: a missing value (NaN or
//!   infinite) is a null, never zero or NaN, so pandas reads it as NaN,
//!   polars as null and colcrime as missing.
//!
//! Pages are Snappy-compressed (pandas' and pyarrow's default codec; pure
//! Rust). Key-value metadata (e.g. `colcrime.frequency`) rides in the file
//! footer for readers that want it; the period index never depends on it,
//! because colcrime infers it from the dates as it does for a CSV.
//!
//! ```
//! use chrono::NaiveDate;
//! let d = |m| NaiveDate::from_ymd_opt(2024, m, 1).unwrap();
//! let bytes = colcrime::sources::parquet_write::table_bytes(
//!     &[d(1), d(4), d(7)],
//!     &[("robbery", &[10.0, f64::NAN, 12.5])],
//!     &[("colcrime.frequency", "quarterly".to_string())],
//! )?;
//! assert!(colcrime::sources::parquet::is_parquet(&bytes));
//! # Ok::<(), colcrime::Error>(())
//! ```

use std::sync::Arc;

use chrono::NaiveDate;
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{DoubleType, Int32Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use crate::error::{Error, Result};

/// The name of the date column, as in the CSV export.
pub const DATE_COLUMN: &str = "date";

fn write_error(e: parquet::errors::ParquetError) -> Error {
    Error::other(format!("writing Parquet: {e}"))
}

/// Days from 1970-01-01 to `d`, as Parquet's `DATE` stores them.
fn epoch_days(d: NaiveDate) -> Result<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)
        .ok_or_else(|| Error::other("the Unix epoch is not a date"))?;
    i32::try_from((d - epoch).num_days())
        .map_err(|_| Error::other(format!("{d} is outside Parquet's DATE range")))
}

/// A Parquet file (as bytes) with a `date` column and one column per
/// series, missing values as nulls (see the module documentation).
///
/// `columns` are `(name, values)` pairs, each with one value per date;
/// `metadata` are key-value pairs stored in the file's footer.
///
/// # Errors
/// A column whose length differs from the dates', a series named `date`,
/// a name used twice or empty (each a usage error naming it), a date
/// outside Parquet's range, or a failure of the Parquet writer.
///
/// ```
/// use chrono::NaiveDate;
/// let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let err = colcrime::sources::parquet_write::table_bytes(&[d], &[("y", &[1.0, 2.0])], &[])
///     .unwrap_err();
/// assert!(err.to_string().contains("\"y\" has 2 values for 1 dates"));
/// ```
pub fn table_bytes(
    dates: &[NaiveDate],
    columns: &[(&str, &[f64])],
    metadata: &[(&str, String)],
) -> Result<Vec<u8>> {
    let mut seen = std::collections::HashSet::from([DATE_COLUMN]);
    for (name, values) in columns {
        if name.is_empty() || !seen.insert(name) {
            return Err(Error::usage(format!(
                "a Parquet column name must be non-empty and used once (and not \"{DATE_COLUMN}\"): \"{name}\""
            )));
        }
        if values.len() != dates.len() {
            return Err(Error::usage(format!(
                "column \"{name}\" has {} values for {} dates",
                values.len(),
                dates.len()
            )));
        }
    }
    let mut fields = vec![Arc::new(
        Type::primitive_type_builder(DATE_COLUMN, PhysicalType::INT32)
            .with_repetition(Repetition::REQUIRED)
            .with_logical_type(Some(LogicalType::Date))
            .build()
            .map_err(write_error)?,
    )];
    for (name, _) in columns {
        fields.push(Arc::new(
            Type::primitive_type_builder(name, PhysicalType::DOUBLE)
                .with_repetition(Repetition::OPTIONAL)
                .build()
                .map_err(write_error)?,
        ));
    }
    let schema = Arc::new(
        Type::group_type_builder("schema")
            .with_fields(fields)
            .build()
            .map_err(write_error)?,
    );
    let kv: Vec<KeyValue> = metadata
        .iter()
        .map(|(k, v)| KeyValue::new((*k).to_string(), v.clone()))
        .collect();
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("colcrime {}", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata((!kv.is_empty()).then_some(kv))
        .build();
    let mut writer =
        SerializedFileWriter::new(Vec::new(), schema, Arc::new(props)).map_err(write_error)?;
    let mut group = writer.next_row_group().map_err(write_error)?;

    let days = dates
        .iter()
        .map(|d| epoch_days(*d))
        .collect::<Result<Vec<i32>>>()?;
    let mut col = group
        .next_column()
        .map_err(write_error)?
        .ok_or_else(|| Error::other("writing Parquet: the date column is missing"))?;
    col.typed::<Int32Type>()
        .write_batch(&days, None, None)
        .map_err(write_error)?;
    col.close().map_err(write_error)?;

    for (name, values) in columns {
        // Definition level 1 is a value, 0 a null; only values are stored.
        let levels: Vec<i16> = values.iter().map(|v| i16::from(v.is_finite())).collect();
        let present: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let mut col = group.next_column().map_err(write_error)?.ok_or_else(|| {
            Error::other(format!("writing Parquet: the column \"{name}\" is missing"))
        })?;
        col.typed::<DoubleType>()
            .write_batch(&present, Some(&levels), None)
            .map_err(write_error)?;
        col.close().map_err(write_error)?;
    }
    group.close().map_err(write_error)?;
    writer.into_inner().map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    #[test]
    fn epoch_days_are_parquets() {
        assert_eq!(epoch_days(day(1970, 1)).unwrap(), 0);
        // 2024-03-01 is day 19,783 (the reader's unit test uses the same).
        assert_eq!(epoch_days(day(2024, 3)).unwrap(), 19_783);
        assert_eq!(epoch_days(day(1969, 12)).unwrap(), -31);
    }

    #[test]
    fn round_trips_through_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.parquet");
        let bytes = table_bytes(
            &[day(2024, 1), day(2024, 4), day(2024, 7)],
            &[
                ("a", &[0.1 + 0.2, f64::NAN, -3.0]),
                ("b, c", &[1.0, 2.0, f64::INFINITY]),
            ],
            &[],
        )
        .unwrap();
        std::fs::write(&p, bytes).unwrap();
        let text = crate::sources::parquet::to_csv_text(&p).unwrap();
        assert_eq!(
            text,
            "date,a,\"b, c\"\n2024-01-01,0.30000000000000004,1\n2024-04-01,,2\n2024-07-01,-3,\n"
        );
    }

    #[test]
    fn refuses_bad_columns() {
        let d = [day(2024, 1)];
        assert!(table_bytes(&d, &[("date", &[1.0])], &[]).is_err());
        assert!(table_bytes(&d, &[("a", &[1.0]), ("a", &[2.0])], &[]).is_err());
        assert!(table_bytes(&d, &[("", &[1.0])], &[]).is_err());
    }
}
