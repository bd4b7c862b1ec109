//! `colcrime fit var`: a vector autoregression by least squares, with
//! lag-order selection, impulse responses, FEVD, Granger causality and
//! forecasts ([`crate::models::var`]); the options and the fit on the
//! frame are the library's [`var_on_frame`], shared with workspace `var`
//! models.

use super::common::DataArgs;
use super::output::Output;
use crate::error::Result;
use crate::models::var::{VarOptions, var_on_frame};

/// Options of `fit var`.
#[derive(Debug, clap::Args)]
pub struct VarArgs {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    opts: VarOptions,
}

pub(crate) fn var(a: &VarArgs) -> Result<Output> {
    let (frame, ntrain) = a.data.load()?;
    let out = var_on_frame(&frame, 0, ntrain, &a.opts)?;
    Ok(Output::new(out.json, out.table))
}
