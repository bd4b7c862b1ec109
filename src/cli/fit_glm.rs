//! `colcrime fit glm`: Poisson, quasi-Poisson and negative binomial (NB2)
//! regressions (see `models::glm`).

use super::common::DataArgs;
use super::output::Output;
use crate::error::Result;
use crate::models::glm::{Family, GlmParams, fit_glm_frame};

/// Options of `fit glm`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// R-style formula, e.g. "robbery ~ cpi + offset(log(pop))".
    #[arg(long)]
    formula: String,
    /// poisson, quasipoisson or negbin (NB2, alpha by maximum likelihood).
    #[arg(long, default_value = "poisson")]
    family: String,
    /// A column whose log is the offset (same as `+ offset(log(COL))`).
    #[arg(long, value_name = "COL")]
    exposure: Option<String>,
    /// Iteration limit.
    #[arg(long, default_value_t = 100)]
    max_iter: usize,
}

pub(crate) fn run(a: &Args) -> Result<Output> {
    let family: Family = a.family.parse()?;
    let params = GlmParams::new(family).max_iter(a.max_iter);
    params.validate()?;
    let (frame, n) = a.data.load_panel()?;
    let r = fit_glm_frame(&frame, &a.formula, a.exposure.as_deref(), &params, n)?;
    Ok(Output::new(r.to_json(), r.summary()))
}
