//! `colcrime data inspect|count` (export is in `export.rs`).

use std::path::PathBuf;

use super::common::OutputFormat;
use super::output::Output;
use crate::error::{Error, Result};

/// Options of `data inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The file to recognise.
    file: PathBuf,
}

/// Options of `data count`.
#[derive(Debug, clap::Args)]
pub struct CountArgs {
    /// police.uk-style CSV files or folders of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Columns to group by, comma separated.
    #[arg(long)]
    by: String,
    /// Keep rows where COLUMN=VALUE.
    #[arg(long = "where")]
    filter: Vec<String>,
}

/// `data inspect`: the file's series, rendered only in the format asked for
/// (a file of 300,000 columns is 300,000 rows of either).
pub(crate) fn inspect(a: &InspectArgs, format: OutputFormat) -> Result<Output> {
    let json_wanted = format == OutputFormat::Json;
    let ds = crate::sources::read(&a.file)?;
    let mut rows = Vec::new();
    let mut table = format!(
        "file:    {}\nformat:  {}\nsha256:  {}\nrelease: {}\nseries:  {}\n\n",
        ds.path,
        ds.format.name(),
        ds.sha256,
        ds.release.as_deref().unwrap_or("-"),
        ds.series.len()
    );
    // Names are shown at most NAME_SHOWN characters wide in the table (a
    // name may be as long as the file; a width over 65,535 is not even
    // something `format!` can pad to); the JSON keeps them whole.
    let w = ds
        .series
        .iter()
        .map(|s| shorten(&s.name).chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    table.push_str(&format!(
        "{:<w$}  {:<9}  {:>8}  {:>8}  {:>5}  {:>7}  {}\n",
        "name", "frequency", "first", "last", "n", "missing", "unit"
    ));
    for s in &ds.series {
        let (first, last) = (
            s.start().to_string(),
            s.end().map(|p| p.to_string()).unwrap_or_default(),
        );
        if json_wanted {
            rows.push(serde_json::json!({
                "name": s.name,
                "title": s.title,
                "unit": s.unit,
                "frequency": s.freq().name(),
                "first": first,
                "last": last,
                "n": s.len(),
                "missing": s.missing_count(),
            }));
            continue;
        }
        table.push_str(&format!(
            "{:<w$}  {:<9}  {:>8}  {:>8}  {:>5}  {:>7}  {}\n",
            shorten(&s.name),
            s.freq().name(),
            first,
            last,
            s.len(),
            s.missing_count(),
            shorten(&s.unit)
        ));
    }
    if !ds.notes.is_empty() {
        table.push_str("\nnotes:\n");
        for n in &ds.notes {
            table.push_str(&format!("  - {n}\n"));
        }
    }
    let json = serde_json::json!({
        "file": ds.path,
        "format": ds.format.name(),
        "sha256": ds.sha256,
        "release": ds.release,
        "series": rows,
        "notes": ds.notes,
    });
    Ok(Output::new(json, table))
}

/// The longest name shown whole in a table.
const NAME_SHOWN: usize = 80;

/// `s`, cut to [`NAME_SHOWN`] characters with an ellipsis.
fn shorten(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= NAME_SHOWN {
        return s.into();
    }
    let head: String = s.chars().take(NAME_SHOWN - 3).collect();
    format!("{head}...").into()
}

pub(crate) fn count(a: &CountArgs, f: OutputFormat) -> Result<Output> {
    use crate::sources::count::{Filter, count};
    let by: Vec<String> =
        a.by.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    if by.is_empty() {
        return Err(Error::usage("--by needs at least one column name"));
    }
    let filters: Vec<Filter> = a
        .filter
        .iter()
        .map(|s| Filter::parse(s))
        .collect::<Result<_>>()?;
    let r = count(&a.paths, &by, &filters)?;
    let csv = r.to_csv();
    let mut out = Output::new(r.to_json(), csv.clone());
    if f == OutputFormat::Table {
        out.raw = Some(csv);
    }
    Ok(out)
}
