//! `colcrime data export`: a workspace's series as CSV on stdout (the
//! contract's form), or as a CSV or Parquet file with `--out`.
//!
//! The file's format is `--file-format` when given, else Parquet when the
//! `--out` name ends in `.parquet` or `.pq`, else CSV. Both carry the same
//! table: a `date` column (the first day of each period) then one column
//! per series, a missing value an empty cell in CSV and a null in Parquet
//! (`sources::parquet_write`), so either reads back with the same periods
//! and values. Parquet is never written to stdout.

use std::path::{Path, PathBuf};

use super::output::Output;
use super::run::workspace_path;
use crate::error::{Error, Result};
use crate::json::nums;
use crate::series::{Frame, Series};
use crate::workspace::Loaded;

/// Options of `data export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The workspace file (default notebooks-data/workspace.toml).
    workspace: Option<PathBuf>,
    /// Series names, comma separated (all of one frequency).
    #[arg(long, value_delimiter = ',', required = true)]
    series: Vec<String>,
    /// Write the table to this file instead of stdout (atomically); a name
    /// ending in `.parquet` or `.pq` is written as Parquet, any other as CSV,
    /// unless `--file-format` says otherwise. Prints what was written.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The file's format (needs `--out`; default: from its extension).
    /// Parquet: a `DATE` column `date` and one nullable `DOUBLE` column per
    /// series, Snappy-compressed, read by pandas, polars and colcrime.
    #[arg(long, value_enum, value_name = "csv|parquet", requires = "out")]
    file_format: Option<FileFormat>,
}

/// `--file-format csv|parquet` of `data export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FileFormat {
    /// Comma-separated text, as written to stdout.
    Csv,
    /// Apache Parquet (needs the `parquet` feature).
    Parquet,
}

impl FileFormat {
    /// The format of `--out PATH` when `--file-format` is not given.
    fn from_extension(path: &Path) -> FileFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq") => {
                FileFormat::Parquet
            }
            _ => FileFormat::Csv,
        }
    }

    fn name(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Parquet => "parquet",
        }
    }
}

/// Quotes a CSV cell when needed, and defuses spreadsheet formulas
/// (cells starting with `=`, `+`, `-`, `@` that are not numbers).
pub(crate) fn csv_cell(s: &str) -> String {
    let s = crate::spreadsheet::defuse(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub(crate) fn run(a: &ExportArgs) -> Result<Output> {
    let path = workspace_path(&a.workspace)?;
    let loaded = Loaded::load(&path, &mut |_| {})?;
    let mut list: Vec<&Series> = Vec::new();
    for name in &a.series {
        let name = name.trim();
        let s = loaded.series.get(name).ok_or_else(|| {
            Error::not_found(
                "series in the workspace",
                name,
                loaded.series.keys().cloned().collect(),
            )
        })?;
        list.push(s);
    }
    let frame = Frame::from_series(&list)?;
    let idx = frame.index.clone().unwrap_or_default();
    let mut csv = String::from("date");
    for s in &list {
        csv.push(',');
        csv.push_str(&csv_cell(&s.name));
    }
    csv.push('\n');
    let cols: Vec<&[f64]> = list
        .iter()
        .map(|s| frame.column(&s.name))
        .collect::<Result<_>>()?;
    for (i, p) in idx.iter().enumerate() {
        csv.push_str(&p.iso());
        for c in &cols {
            csv.push(',');
            let v = c[i];
            if v.is_finite() {
                csv.push_str(&format!("{v}"));
            }
        }
        csv.push('\n');
    }
    let Some(out) = &a.out else {
        let json = serde_json::json!({
            "dates": idx.iter().map(|p| p.iso()).collect::<Vec<_>>(),
            "series": list.iter().map(|s| (s.name.clone(), nums(frame.column(&s.name).unwrap_or(&[])))).collect::<serde_json::Map<_, _>>(),
        });
        return Ok(Output {
            json,
            table: csv.clone(),
            raw: Some(csv),
            exit_code: 0,
            report: None,
        });
    };
    let format = a
        .file_format
        .unwrap_or_else(|| FileFormat::from_extension(out));
    let bytes = match format {
        FileFormat::Csv => csv.into_bytes(),
        FileFormat::Parquet => {
            let named: Vec<(&str, &[f64])> = list
                .iter()
                .map(|s| s.name.as_str())
                .zip(cols.iter().copied())
                .collect();
            let freq = idx.first().map(|p| p.freq().name().to_string());
            parquet_bytes(&idx, &named, freq)?
        }
    };
    crate::workspace::write_atomic(out, &bytes)?;
    let names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
    let span = match (idx.first(), idx.last()) {
        (Some(f), Some(l)) => format!(", {f} to {l}"),
        _ => String::new(),
    };
    Ok(Output::new(
        serde_json::json!({
            "path": out.display().to_string(),
            "file_format": format.name(),
            "rows": idx.len(),
            "series": names,
            "first_period": idx.first().map(|p| p.iso()),
            "last_period": idx.last().map(|p| p.iso()),
            "bytes": bytes.len(),
        }),
        format!(
            "wrote {} ({}): {} rows{span}, series {}",
            out.display(),
            format.name(),
            idx.len(),
            names.join(", ")
        ),
    ))
}

/// The Parquet file of the exported table.
#[cfg(feature = "parquet")]
fn parquet_bytes(
    idx: &[crate::series::Period],
    columns: &[(&str, &[f64])],
    freq: Option<String>,
) -> Result<Vec<u8>> {
    let dates: Vec<_> = idx.iter().map(|p| p.first_day()).collect();
    let meta: Vec<(&str, String)> = freq
        .map(|f| ("colcrime.frequency", f))
        .into_iter()
        .collect();
    crate::sources::parquet_write::table_bytes(&dates, columns, &meta)
}

#[cfg(not(feature = "parquet"))]
fn parquet_bytes(
    _idx: &[crate::series::Period],
    _columns: &[(&str, &[f64])],
    _freq: Option<String>,
) -> Result<Vec<u8>> {
    Err(Error::usage(
        "--file-format parquet: this colcrime was built without the `parquet` feature (build it with features = [\"parquet\"])",
    ))
}
