//! `colcrime fit ardl`: an ARDL with its error-correction form, the
//! Pesaran–Shin–Smith bounds test and the long-run coefficients (see
//! `models::ardl`).

use serde_json::json;

use super::common::{DataArgs, split_top};
use super::output::Output;
use super::test::sample;
use crate::error::{Error, Result};
use crate::models::ardl::{ArdlData, ArdlParams, ArdlTrend, Ic, select_order};

/// Options of `fit ardl`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// The dependent series, e.g. "log(theft)".
    #[arg(long, value_name = "EXPR")]
    y: String,
    /// The regressors, comma separated, e.g. "log(cpi),unemployment".
    #[arg(long, value_name = "EXPR[,EXPR]")]
    x: String,
    /// Lags P of the dependent series.
    #[arg(long, value_name = "P", default_value_t = 1)]
    lags: usize,
    /// Orders Q of the regressors (lags 0..=Q): one for all, or one per regressor.
    #[arg(long, value_name = "Q[,Q]", default_value = "1")]
    xlags: String,
    /// Deterministic terms: n (none), c (constant) or ct (constant and trend).
    #[arg(long, value_name = "n|c|ct", default_value = "c")]
    trend: String,
    /// PSS case of the bounds test (default from the trend: n -> 1, c -> 3, ct -> 5;
    /// 2 and 4 restrict the constant or trend).
    #[arg(long, value_name = "1-5")]
    case: Option<u8>,
    /// Choose the orders instead: the largest P and Q (one Q for all or one per regressor).
    #[arg(long, value_name = "P,Q[,Q]")]
    select_maxlags: Option<String>,
    /// Criterion of the order selection.
    #[arg(long, value_name = "aic|bic|hqic", default_value = "bic")]
    ic: String,
}

fn parse_orders(s: &str, nx: usize, what: &str) -> Result<Vec<usize>> {
    let v: Vec<usize> = s
        .split(',')
        .map(|t| {
            t.trim().parse::<usize>().map_err(|_| {
                Error::usage(format!(
                    "{what}: expected non-negative whole numbers separated by commas, found \"{}\"",
                    t.trim()
                ))
            })
        })
        .collect::<Result<_>>()?;
    match v.len() {
        1 => Ok(vec![v[0]; nx]),
        n if n == nx => Ok(v),
        n => Err(Error::usage(format!(
            "{what}: {n} orders for {nx} regressors; give one for all or one per regressor"
        ))),
    }
}

pub(crate) fn run(a: &Args) -> Result<Output> {
    let xs = split_top(&a.x);
    if xs.is_empty() {
        return Err(Error::usage("ardl: --x needs at least one expression"));
    }
    let trend = ArdlTrend::parse(&a.trend)?;
    let mut exprs = vec![a.y.clone()];
    exprs.extend(xs.iter().cloned());
    let s = sample(&a.data, &exprs)?;
    let mut series = s.series.clone();
    let y = series.remove(0);
    let d = ArdlData::new(y, series, &a.y, &xs)?;
    let (mut params, selection) = match &a.select_maxlags {
        Some(spec) => {
            let (p, q) = spec.split_once(',').ok_or_else(|| {
                Error::usage(format!(
                    "--select-maxlags: expected P,Q (largest lags of y and of the regressors), \
                     found \"{spec}\""
                ))
            })?;
            let p: usize = p.trim().parse().map_err(|_| {
                Error::usage(format!(
                    "--select-maxlags: expected a whole number P, found \"{}\"",
                    p.trim()
                ))
            })?;
            let q = parse_orders(q, xs.len(), "--select-maxlags")?;
            let sel = select_order(&d, p, &q, trend, Ic::parse(&a.ic)?)
                .map_err(|e| e.context("ardl order selection"))?;
            let params = ArdlParams::new(sel.lags, &[])
                .xlags_opt(sel.xlags.clone())
                .trend(trend);
            (params, Some(sel))
        }
        None => {
            let q = parse_orders(&a.xlags, xs.len(), "--xlags")?;
            (ArdlParams::new(a.lags, &q).trend(trend), None)
        }
    };
    if let Some(c) = a.case {
        params = params.case(c);
    }
    let mut r = params
        .fit(&d)
        .map_err(|e| e.context(format!("ardl of `{}`", a.y)))?;
    r.order_selection = selection;
    let mut j = r.to_json();
    if let Some(o) = j.as_object_mut() {
        o.insert("sample".into(), s.json());
        // The first fitted observation is the one after the held-back lags.
        if let Some(start) = s.labels.get(r.hold_back) {
            o.insert(
                "estimation_sample".into(),
                json!({"start": start, "end": s.end, "nobs": r.ols.nobs}),
            );
        }
    }
    let table = format!(
        "y: {}    x: {}    Sample: {} to {}\n{}",
        a.y,
        xs.join(", "),
        s.start,
        s.end,
        r.summary()
    );
    Ok(Output::new(j, table))
}

#[cfg(test)]
mod tests {
    use super::parse_orders;

    #[test]
    fn orders_one_for_all_or_one_each() {
        assert_eq!(parse_orders("2", 3, "q").unwrap(), vec![2, 2, 2]);
        assert_eq!(parse_orders("1,0", 2, "q").unwrap(), vec![1, 0]);
        assert!(parse_orders("1,0", 3, "q").is_err());
        assert!(parse_orders("a", 1, "q").is_err());
    }
}
