//! `colcrime fit ols`: least squares with classical, robust or HAC
//! covariance (see `models::ols`).

use super::common::DataArgs;
use super::output::Output;
use crate::error::Result;
use crate::models::ols::{CovType, OlsDiagnostics, OlsParams, fit_ols_frame_design};

/// Options of `fit ols`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// R-style formula, e.g. "log(robbery) ~ cpi + lag(cpi, 1)".
    #[arg(long)]
    formula: String,
    /// Covariance of the estimates: nonrobust, HC0, HC1, HC2, HC3, HAC or cluster.
    #[arg(long, default_value = "nonrobust")]
    cov: String,
    /// Lags of the HAC (Newey-West) covariance; default floor(4 (n/100)^(2/9)).
    #[arg(long)]
    maxlags: Option<usize>,
    /// Multiply the HAC covariance by n/(n-k).
    #[arg(long)]
    hac_correction: bool,
    /// Cluster column (text or numeric) for --cov cluster; two columns
    /// `COL1,COL2` for two-way clustering (Cameron-Gelbach-Miller).
    #[arg(long, value_name = "COL[,COL2]")]
    groups: Option<String>,
    /// Also report leverages and Cook's distances.
    #[arg(long)]
    influence: bool,
    /// Skip the diagnostic tests (Breusch-Godfrey, Breusch-Pagan, RESET,
    /// VIF), which refit auxiliary regressions: the fit alone, as
    /// statsmodels' `fit()` gives it, for large data.
    #[arg(long, conflicts_with = "influence")]
    no_diagnostics: bool,
}

pub(crate) fn run(a: &Args, format: super::common::OutputFormat) -> Result<Output> {
    let cov = CovType::parse(&a.cov, a.maxlags, a.hac_correction)?;
    let mut params = OlsParams::new().cov_type(cov);
    if let Some(g) = &a.groups {
        let cols: Vec<&str> = g.split(',').map(str::trim).collect();
        params = match cols.as_slice() {
            [c] if !c.is_empty() => params.groups(c),
            [c1, c2] if !c1.is_empty() && !c2.is_empty() => params.two_way_groups(c1, c2),
            _ => {
                return Err(crate::error::Error::usage(format!(
                    "--groups takes one cluster column or two separated by a comma (COL1,COL2), got \"{g}\""
                )));
            }
        };
    }
    if matches!(cov, CovType::Cluster { .. }) && a.groups.is_none() {
        return Err(crate::error::Error::usage(
            "--cov cluster needs the cluster column: --groups COL",
        ));
    }
    params.validate()?;
    let (frame, n) = a.data.load_panel()?;
    let (d, r) = fit_ols_frame_design(&frame, &a.formula, &params, n)?;
    // The table does not need the JSON (with a million rows, building the
    // residuals and fitted values into it costs as much as the fit).
    let mut j = if format == super::common::OutputFormat::Json {
        r.to_json()
    } else {
        serde_json::Value::Null
    };
    if a.no_diagnostics {
        return Ok(Output::new(j, r.summary()));
    }
    let diag = OlsDiagnostics::compute(&d.x, &d.y, &r, a.influence)?;
    diag.add_to_json(&mut j);
    let table = format!("{}{}", r.summary(), diag.footer(&r.param_names));
    Ok(Output::new(j, table))
}
