//! `colcrime chart RESULT.json` (issue 6).

use std::path::PathBuf;

use super::output::Output;
use crate::error::{Error, Result};

/// Options of `chart`.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// A result JSON written by `colcrime fit` or `colcrime run`.
    result: PathBuf,
}

pub(crate) fn run(a: &ChartArgs) -> Result<Output> {
    Err(Error::other(format!(
        "chart {} is not implemented yet",
        a.result.display()
    )))
}
