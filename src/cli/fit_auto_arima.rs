//! `colcrime fit auto-arima`: automatic SARIMA order selection (issue 5).
//!
//! The JSON is that of `fit sarima` for the chosen model (with `order`,
//! `seasonal_order`) plus `models_tried` (`{order, seasonal_order, drift,
//! aicc}` for every model fitted), `seasonal_strength`, `kpss_statistics`
//! and `period`. Several series (or `*`) are searched in parallel and
//! returned as `{"fits": {NAME: {...}}}`, exactly as `fit sarima`.

use clap::ArgAction;
use ndarray::Array2;
use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::common::DataArgs;
use super::common::{default_horizon, future_periods, parse_floats, split_top};
use super::output::Output;
use crate::error::{Error, Result};
use crate::formula::eval_expr;
use crate::models::arima::auto::{AutoArimaFit, AutoArimaParams};
use crate::series::{Frame, Frequency, Period};

/// Options of `fit auto-arima`.
#[derive(Debug, clap::Args)]
pub struct AutoArimaArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The series: an expression, several separated by commas, or `*` for
    /// every numeric column (each is searched separately, in parallel).
    #[arg(long, value_name = "EXPR")]
    series: String,
    /// Seasonal period (default from the data: 12 monthly, 4 quarterly,
    /// otherwise 1 = non-seasonal).
    #[arg(long, value_name = "M")]
    period: Option<usize>,
    /// Exogenous regressors (expressions, comma separated): a regression
    /// with ARIMA errors.
    #[arg(long, value_name = "EXPR,...")]
    exog: Option<String>,
    /// Stepwise search (Hyndman & Khandakar 2008); `false` fits every model
    /// with p + q + P + Q <= --max-order.
    #[arg(long, value_name = "BOOL", default_value_t = true, action = ArgAction::Set)]
    stepwise: bool,
    /// Largest p.
    #[arg(long, default_value_t = 5)]
    max_p: usize,
    /// Largest q.
    #[arg(long, default_value_t = 5)]
    max_q: usize,
    /// Largest seasonal P.
    #[arg(long = "max-P", default_value_t = 2)]
    max_sp: usize,
    /// Largest seasonal Q.
    #[arg(long = "max-Q", default_value_t = 2)]
    max_sq: usize,
    /// Largest p + q + P + Q (exhaustive search).
    #[arg(long, default_value_t = 5)]
    max_order: usize,
    /// Largest d.
    #[arg(long, default_value_t = 2)]
    max_d: usize,
    /// Largest D.
    #[arg(long = "max-D", default_value_t = 1)]
    max_sd: usize,
    /// Fix d instead of testing.
    #[arg(long = "d", value_name = "D")]
    d: Option<usize>,
    /// Fix D instead of testing.
    #[arg(long = "D", value_name = "D")]
    sd: Option<usize>,
    /// Significance level of the KPSS tests.
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// Never include a constant (mean or drift).
    #[arg(long)]
    no_constant: bool,
    /// Forecast horizon (default: the future rows of the regressors, or two
    /// years of periods).
    #[arg(long)]
    horizon: Option<usize>,
    /// Prediction interval levels in percent.
    #[arg(long, value_name = "L1,L2", default_value = "80,95")]
    level: String,
}

fn frequency(frame: &Frame) -> Option<Frequency> {
    frame
        .index
        .as_ref()
        .and_then(|ix| ix.first())
        .map(Period::freq)
}

fn default_period(frame: &Frame) -> usize {
    match frequency(frame) {
        Some(Frequency::Monthly) => 12,
        Some(Frequency::Quarterly) => 4,
        _ => 1,
    }
}

struct OneFit {
    json: Value,
    table: String,
}

fn models_table(a: &AutoArimaFit) -> String {
    let mut t = format!(
        "Automatic ARIMA (Hyndman & Khandakar 2008): d = {}, D = {}, {} models\n",
        a.d,
        a.sd,
        a.models_tried.len()
    );
    for m in &a.models_tried {
        let (p, d, q) = m.order;
        let (sp, sd, sq, s) = m.seasonal_order;
        let mut name = format!("ARIMA({p},{d},{q})");
        if s > 1 {
            name.push_str(&format!("({sp},{sd},{sq})[{s}]"));
        }
        if m.drift {
            name.push_str(if d + sd == 0 {
                " with non-zero mean"
            } else {
                " with drift"
            });
        }
        t.push_str(&format!(" {name:<44}: {:.4}\n", m.aicc));
    }
    t.push('\n');
    t
}

fn fit_one(
    frame: &Frame,
    ntrain: usize,
    a: &AutoArimaArgs,
    expr: &str,
    opts: &AutoArimaParams,
    exprs_x: &[String],
) -> Result<OneFit> {
    let yall = eval_expr(frame, expr)?;
    let ytrain = &yall[..ntrain.min(yall.len())];
    let first = ytrain.iter().position(|v| v.is_finite());
    let last = ytrain.iter().rposition(|v| v.is_finite());
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Error::not_enough_data(format!("auto-arima ({expr})"), 1, 0));
    };
    let y = &ytrain[first..=last];
    let xcols: Vec<Vec<f64>> = exprs_x
        .iter()
        .map(|e| eval_expr(frame, e))
        .collect::<Result<_>>()?;
    let k = xcols.len();
    let exog = (k > 0).then(|| Array2::from_shape_fn((y.len(), k), |(i, j)| xcols[j][first + i]));
    let auto = opts.fit(y, exog.as_ref())?;
    let fit = &auto.fit;
    let avail = frame.nrows().saturating_sub(last + 1);
    let h = match a.horizon {
        Some(h) => h,
        None if k > 0 => avail,
        None => default_horizon(frame),
    };
    let levels = parse_floats(&a.level, "--level")?;
    let mut json = auto.to_json();
    let mut table = models_table(&auto);
    table.push_str(&fit.summary_named(expr));
    let forecast = if h > 0 {
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
        f.to_json()
    } else {
        Value::Null
    };
    if let Value::Object(map) = &mut json {
        super::fit_ts::insert_resid(map, fit, frame, last);
        map.insert("forecast".into(), forecast);
        map.insert("series".into(), json!(expr));
        map.insert("period".into(), json!(opts.period));
        if let Some(ix) = &frame.index {
            let s = ix.get(first).map(|p| p.to_string());
            let e = ix.get(last).map(|p| p.to_string());
            map.insert("sample".into(), json!([s, e]));
        }
    }
    Ok(OneFit { json, table })
}

pub(crate) fn auto_arima(a: &AutoArimaArgs) -> Result<Output> {
    let (frame, ntrain) = a.data.load()?;
    let exprs_x: Vec<String> = a.exog.as_deref().map(split_top).unwrap_or_default();
    let period = a.period.unwrap_or_else(|| default_period(&frame));
    if period == 0 {
        return Err(Error::usage("--period must be at least 1"));
    }
    let mut opts = AutoArimaParams::new(period);
    opts.max_p = a.max_p;
    opts.max_q = a.max_q;
    opts.max_sp = a.max_sp;
    opts.max_sq = a.max_sq;
    opts.max_order = a.max_order;
    opts.max_d = a.max_d;
    opts.max_sd = a.max_sd;
    opts.d = a.d;
    opts.sd = a.sd;
    opts.stepwise = a.stepwise;
    opts.alpha = a.alpha;
    opts.allow_constant = !a.no_constant;
    opts.exog_names = exprs_x.clone();
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
        let one = fit_one(&frame, ntrain, a, &names[0], &opts, &exprs_x)?;
        return Ok(Output::new(one.json, one.table));
    }
    let results: Vec<(String, Result<OneFit>)> = names
        .par_iter()
        .map(|n| (n.clone(), fit_one(&frame, ntrain, a, n, &opts, &exprs_x)))
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
