//! `colcrime run` and `colcrime refit`.

use std::path::PathBuf;

use super::common::OutputFormat;
use super::output::Output;
use crate::error::{Error, Result};

/// Options of `run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The workspace file (default notebooks-data/workspace.toml).
    workspace: Option<PathBuf>,
}

/// Options of `refit`.
#[derive(Debug, clap::Args)]
pub struct RefitArgs {
    /// The workspace file (default notebooks-data/workspace.toml).
    workspace: Option<PathBuf>,
    /// A new release of a source: SOURCE=FILE (repeatable).
    #[arg(long = "update", value_name = "SOURCE=FILE")]
    updates: Vec<String>,
}

pub(crate) fn run(_a: &RunArgs, _f: OutputFormat) -> Result<Output> {
    Err(Error::other("run is not implemented yet"))
}

pub(crate) fn refit(_a: &RefitArgs, _f: OutputFormat) -> Result<Output> {
    Err(Error::other("refit is not implemented yet"))
}
