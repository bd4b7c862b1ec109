//! `colcrime data inspect|count|export`.

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

pub(crate) fn inspect(a: &InspectArgs) -> Result<Output> {
    let _ = crate::sources::read(&a.file)?;
    Err(Error::other("data inspect is not implemented yet"))
}

pub(crate) fn count(a: &CountArgs, _f: OutputFormat) -> Result<Output> {
    Err(Error::other(format!(
        "data count by {} is not implemented yet",
        a.by
    )))
}
