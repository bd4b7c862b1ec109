//! `colcrime fit ecm`: Engle-Granger two-step error-correction model (see
//! `models::ecm`).

use serde_json::json;

use super::common::DataArgs;
use super::common::split_top;
use super::output::Output;
use crate::error::{Error, Result};
use crate::formula::eval_expr;
use crate::models::ecm::{EcmParams, fit_ecm};
use crate::models::ols::CovType;

/// Options of `fit ecm`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// The dependent series, e.g. "log(robbery)".
    #[arg(long)]
    y: String,
    /// Long-run regressors, comma separated, e.g. "log(cpi),unemployment".
    #[arg(long, value_name = "EXPR[,EXPR]")]
    x: String,
    /// Lags P of the differences in the short-run regression.
    #[arg(long, default_value_t = 0)]
    lags: usize,
    /// Covariance of the short-run regression: nonrobust, HC0-HC3 or HAC.
    #[arg(long, default_value = "nonrobust")]
    cov: String,
    /// Lags of the HAC covariance; default floor(4 (n/100)^(2/9)).
    #[arg(long)]
    maxlags: Option<usize>,
    /// Multiply the HAC covariance by n/(n-k).
    #[arg(long)]
    hac_correction: bool,
}

pub(crate) fn run(a: &Args) -> Result<Output> {
    let cov = CovType::parse(&a.cov, a.maxlags, a.hac_correction)?;
    let params = EcmParams::new().lags(a.lags).cov_type(cov);
    let xs = split_top(&a.x);
    if xs.is_empty() {
        return Err(Error::usage("ecm: --x needs at least one expression"));
    }
    let (frame, ntrain) = a.data.load()?;
    let mut exprs = vec![a.y.clone()];
    exprs.extend(xs.iter().cloned());
    let mut cols: Vec<Vec<f64>> = Vec::with_capacity(exprs.len());
    for e in &exprs {
        let mut v = eval_expr(&frame, e)?;
        v.truncate(ntrain);
        cols.push(v);
    }
    // Missing values are dropped at the ends only.
    let n = cols.iter().map(Vec::len).min().unwrap_or(0);
    let ok = |i: usize| cols.iter().all(|c| c.get(i).is_some_and(|v| v.is_finite()));
    let (Some(first), Some(last)) = ((0..n).find(|&i| ok(i)), (0..n).rev().find(|&i| ok(i))) else {
        return Err(Error::not_enough_data(
            format!("ecm {} (no complete observations)", exprs.join(", ")),
            1,
            0,
        ));
    };
    if let Some(i) = (first..=last).find(|&i| !ok(i)) {
        return Err(Error::domain(format!(
            "{}: a value is missing on row {} inside the sample (rows {} to {}); \
             the error-correction model needs complete series",
            frame.source,
            i + 1,
            first + 1,
            last + 1
        )));
    }
    let mut series: Vec<Vec<f64>> = cols
        .into_iter()
        .map(|c| c.get(first..=last).map(<[f64]>::to_vec).unwrap_or_default())
        .collect();
    let y = series.remove(0);
    let r = fit_ecm(&y, &series, &a.y, &xs, &params)?;
    let mut j = r.to_json();
    if let Some(o) = j.as_object_mut() {
        o.insert("y".into(), json!(a.y));
        o.insert("x".into(), json!(xs));
        let label = |i: usize| {
            frame
                .index
                .as_ref()
                .and_then(|idx| idx.get(i))
                .map_or_else(|| (i + 1).to_string(), ToString::to_string)
        };
        o.insert(
            "sample".into(),
            json!({"start": label(first), "end": label(last), "nobs": last + 1 - first}),
        );
    }
    Ok(Output::new(j, r.summary()))
}

#[cfg(test)]
mod tests {
    use super::split_top;

    #[test]
    fn split_keeps_calls_whole() {
        assert_eq!(split_top("a, lag(b, 1)"), vec!["a", "lag(b, 1)"]);
    }
}
