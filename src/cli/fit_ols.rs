//! `colcrime fit ols` (issue 4).

use super::common::DataArgs;
use super::output::Output;
use crate::error::{Error, Result};

/// Options of `fit ols`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// R-style formula, e.g. "log(robbery) ~ cpi + lag(cpi, 1)".
    #[arg(long)]
    formula: String,
}

pub(crate) fn run(a: &Args) -> Result<Output> {
    Err(Error::other(format!(
        "fit ols ({}) is not implemented yet",
        a.formula
    )))
}
