//! `colcrime data export`: a workspace's series as CSV.

use std::path::PathBuf;

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
    let json = serde_json::json!({
        "dates": idx.iter().map(|p| p.iso()).collect::<Vec<_>>(),
        "series": list.iter().map(|s| (s.name.clone(), nums(frame.column(&s.name).unwrap_or(&[])))).collect::<serde_json::Map<_, _>>(),
    });
    Ok(Output {
        json,
        table: csv.clone(),
        raw: Some(csv),
        exit_code: 0,
    })
}
