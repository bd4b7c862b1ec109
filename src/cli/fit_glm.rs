//! `colcrime fit glm` (issue 4).

use super::common::DataArgs;
use super::output::Output;
use crate::error::{Error, Result};

/// Options of `fit glm`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// R-style formula.
    #[arg(long)]
    formula: String,
}

pub(crate) fn run(a: &Args) -> Result<Output> {
    Err(Error::other(format!(
        "fit glm ({}) is not implemented yet",
        a.formula
    )))
}
