//! `colcrime fit sarima` (issue 5): one series or a batch in parallel.

use ndarray::Array2;
use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::common::DataArgs;
use super::common::{default_horizon, future_periods, parse_floats, split_top};
use super::output::Output;
use crate::error::{Error, Result};
use crate::formula::eval_expr;
use crate::models::arima::{SarimaFit, SarimaParams, fit_sarima_series};
use crate::series::Frame;

/// Options of `fit sarima`.
#[derive(Debug, clap::Args)]
pub struct SarimaArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The series: an expression, several separated by commas, or `*` for
    /// every numeric column (each is fitted separately, in parallel).
    #[arg(long, value_name = "EXPR")]
    series: String,
    /// Non-seasonal order p,d,q.
    #[arg(long, value_name = "P,D,Q")]
    order: String,
    /// Seasonal order P,D,Q,s.
    #[arg(long, value_name = "P,D,Q,S")]
    seasonal: Option<String>,
    /// A constant in the differenced equation (the mean when d = D = 0).
    #[arg(long)]
    drift: bool,
    /// Exogenous regressors (expressions, comma separated).
    #[arg(long, value_name = "EXPR,...")]
    exog: Option<String>,
    /// Evaluate at these parameters (drift, exog, ar, ma, seasonal ar,
    /// seasonal ma [, sigma2]) instead of estimating them.
    #[arg(long, value_name = "V1,V2,...", allow_hyphen_values = true)]
    fixed_params: Option<String>,
    /// Forecast horizon (default: the future rows of the regressors, or two
    /// years of periods).
    #[arg(long)]
    horizon: Option<usize>,
    /// Prediction interval levels in percent.
    #[arg(long, value_name = "L1,L2", default_value = "80,95")]
    level: String,
}

fn parse_usizes(s: &str, n: usize, what: &str) -> Result<Vec<usize>> {
    let v: Vec<usize> = s
        .split(',')
        .map(|t| t.trim().parse::<usize>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| {
            Error::usage(format!(
                "{what}: expected {n} non-negative integers separated by commas, found \"{s}\""
            ))
        })?;
    if v.len() != n {
        return Err(Error::usage(format!(
            "{what}: expected {n} integers separated by commas, found {} in \"{s}\"",
            v.len()
        )));
    }
    Ok(v)
}

/// One fitted series: the result JSON and its table.
struct OneFit {
    json: Value,
    table: String,
}

fn fit_one(
    frame: &Frame,
    ntrain: usize,
    a: &SarimaArgs,
    expr: &str,
    spec: &SarimaParams,
    exprs_x: &[String],
) -> Result<OneFit> {
    let yall = eval_expr(frame, expr)?;
    let ytrain = &yall[..ntrain.min(yall.len())];
    let first = ytrain.iter().position(|v| v.is_finite());
    let last = ytrain.iter().rposition(|v| v.is_finite());
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Error::not_enough_data(format!("sarima ({expr})"), 1, 0));
    };
    let y = &ytrain[first..=last];
    let xcols: Vec<Vec<f64>> = exprs_x
        .iter()
        .map(|e| eval_expr(frame, e))
        .collect::<Result<_>>()?;
    let k = xcols.len();
    let exog = if k > 0 {
        Some(Array2::from_shape_fn((y.len(), k), |(i, j)| {
            xcols[j][first + i]
        }))
    } else {
        None
    };
    let fit: SarimaFit = fit_sarima_series(y, exog.as_ref(), spec)?;
    let avail = frame.nrows().saturating_sub(last + 1);
    let h = match a.horizon {
        Some(h) => h,
        None if k > 0 => avail,
        None => default_horizon(frame),
    };
    let levels = parse_floats(&a.level, "--level")?;
    let mut json = fit.to_json();
    let mut table = fit.summary_named(expr);
    if h > 0 {
        let fx = if k > 0 {
            if h > avail {
                let missing = future_periods(frame, last, avail + 1)
                    .last()
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                return Err(Error::usage(format!(
                    "forecasting {h} periods needs future values of the regressors ({}) but the data end after {avail}; first missing period {missing}",
                    exprs_x.join(", ")
                )));
            }
            Some(Array2::from_shape_fn((h, k), |(i, j)| {
                xcols[j][last + 1 + i]
            }))
        } else {
            None
        };
        let periods = future_periods(frame, last, h);
        let f = fit.forecast(h, fx.as_ref(), periods, &levels)?;
        table.push_str(&format!(
            "\nForecast of {expr}\n{:<12}{:>14}{:>14}\n",
            "period", "mean", "se"
        ));
        for ((p, m), s) in f.periods.iter().zip(&f.point).zip(&f.se) {
            table.push_str(&format!("{:<12}{:>14.6}{:>14.6}\n", p.to_string(), m, s));
        }
        if let Value::Object(map) = &mut json {
            map.insert("forecast".into(), f.to_json());
        }
    } else if let Value::Object(map) = &mut json {
        map.insert("forecast".into(), Value::Null);
    }
    if let Value::Object(map) = &mut json {
        map.insert("series".into(), json!(expr));
        if let Some(ix) = &frame.index {
            let s = ix.get(first).map(|p| p.to_string());
            let e = ix.get(last).map(|p| p.to_string());
            map.insert("sample".into(), json!([s, e]));
        }
    }
    Ok(OneFit { json, table })
}

pub(crate) fn sarima(a: &SarimaArgs) -> Result<Output> {
    let (frame, ntrain) = a.data.load()?;
    let o = parse_usizes(&a.order, 3, "--order")?;
    let mut spec = SarimaParams::new((o[0], o[1], o[2])).drift(a.drift);
    if let Some(s) = &a.seasonal {
        let v = parse_usizes(s, 4, "--seasonal")?;
        spec = spec.seasonal((v[0], v[1], v[2], v[3]));
    }
    let exprs_x: Vec<String> = a.exog.as_deref().map(split_top).unwrap_or_default();
    spec = spec.exog_names(exprs_x.clone());
    if let Some(fp) = &a.fixed_params {
        spec = spec.fixed_params(parse_floats(fp, "--fixed-params")?);
    }
    let names: Vec<String> = if a.series.trim() == "*" {
        frame
            .names()
            .into_iter()
            .filter(|n| !exprs_x.iter().any(|x| x == n))
            .map(String::from)
            .collect()
    } else {
        split_top(&a.series)
    };
    if names.len() == 1 {
        let one = fit_one(&frame, ntrain, a, &names[0], &spec, &exprs_x)?;
        return Ok(Output::new(one.json, one.table));
    }
    let results: Vec<(String, Result<OneFit>)> = names
        .par_iter()
        .map(|n| (n.clone(), fit_one(&frame, ntrain, a, n, &spec, &exprs_x)))
        .collect();
    if results.iter().all(|(_, r)| r.is_err()) {
        if let Some((_, Err(e))) = results.into_iter().next() {
            return Err(e);
        }
        return Err(Error::usage("no series to fit"));
    }
    let mut fits = Map::new();
    let mut table = String::new();
    for (n, r) in results {
        match r {
            Ok(one) => {
                table.push_str(&one.table);
                table.push('\n');
                fits.insert(n, one.json);
            }
            Err(e) => {
                table.push_str(&format!("{n}: error: {e}\n\n"));
                fits.insert(n, e.to_json());
            }
        }
    }
    Ok(Output::new(json!({ "fits": fits }), table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_calls_whole() {
        assert_eq!(
            split_top("a, lag(b, 1),`c, d`"),
            vec!["a", "lag(b, 1)", "`c, d`"]
        );
    }
}
