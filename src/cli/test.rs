//! `colcrime test adf|kpss|coint|granger|pp|za` (issue 4): unit-root,
//! stationarity, cointegration and Granger causality tests on series given
//! as expressions over `--data`.
//!
//! Missing values at the start and end of the sample (from `diff`, `lag`
//! or a late start) are dropped; a missing value inside the sample is an
//! error naming the series and the period.

use serde_json::{Value, json};

use super::common::DataArgs;
use super::common::split_top;
use super::output::Output;
use crate::error::{Error, Result};
use crate::formula::eval_expr;
use crate::models::granger::{granger as granger_test, granger_json, granger_summary};
use crate::models::unitroot::{
    AdfParams, AdfRegression, Autolag, CointParams, KpssLags, KpssRegression, ZaParams,
    ZaRegression, adf as adf_test, coint as coint_test, kpss as kpss_test, phillips_perron,
    zivot_andrews,
};
use crate::series::Frame;

/// Options of `test adf`.
#[derive(Debug, clap::Args)]
pub struct AdfArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The series (an expression, e.g. `log(robbery)`).
    #[arg(long, value_name = "EXPR")]
    series: String,
    /// Deterministic terms: n (none), c (constant), ct (and trend), ctt (and quadratic trend).
    #[arg(long, value_name = "n|c|ct|ctt", default_value = "c")]
    regression: String,
    /// Lag selection: AIC, BIC, t-stat, or none (use --maxlag lags).
    #[arg(long, value_name = "AIC|BIC|t-stat|none", default_value = "AIC")]
    autolag: String,
    /// Largest lag (default ceil(12 (n/100)^(1/4)), capped at n/2 - 1 - terms).
    #[arg(long, value_name = "N")]
    maxlag: Option<usize>,
}

/// Options of `test pp`.
#[derive(Debug, clap::Args)]
pub struct PpArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The series (an expression).
    #[arg(long, value_name = "EXPR")]
    series: String,
    /// Deterministic terms: n, c or ct.
    #[arg(long, value_name = "n|c|ct", default_value = "c")]
    regression: String,
    /// Newey-West bandwidth (default ceil(12 (n/100)^(1/4))).
    #[arg(long, value_name = "N")]
    lags: Option<usize>,
}

/// Options of `test za`.
#[derive(Debug, clap::Args)]
pub struct ZaArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The series (an expression).
    #[arg(long, value_name = "EXPR")]
    series: String,
    /// Break in the intercept (c), the trend (t) or both (ct).
    #[arg(long, value_name = "c|t|ct", default_value = "c")]
    regression: String,
    /// Lag selection by an ADF regression with constant and trend: AIC,
    /// BIC, t-stat, or none (use --maxlag lags).
    #[arg(long, value_name = "AIC|BIC|t-stat|none", default_value = "AIC")]
    autolag: String,
    /// Largest lag (default: ADF's rule; with --autolag none, floor(12 (n/100)^(1/4))).
    #[arg(long, value_name = "N")]
    maxlag: Option<usize>,
    /// Fraction of observations at each end excluded as break dates (0 to 1/3).
    #[arg(long, value_name = "F", default_value_t = 0.15)]
    trim: f64,
}

/// Options of `test kpss`.
#[derive(Debug, clap::Args)]
pub struct KpssArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The series (an expression).
    #[arg(long, value_name = "EXPR")]
    series: String,
    /// Null hypothesis: c (level stationary) or ct (trend stationary).
    #[arg(long, value_name = "c|ct", default_value = "c")]
    regression: String,
    /// Bandwidth: auto (Hobijn et al. 1998), legacy (ceil(12 (n/100)^(1/4))) or a number.
    #[arg(long, value_name = "auto|legacy|N", default_value = "auto")]
    nlags: String,
}

/// Options of `test coint`.
#[derive(Debug, clap::Args)]
pub struct CointArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The dependent series of the cointegrating regression (an expression).
    #[arg(long, value_name = "EXPR")]
    y: String,
    /// The other series: expressions separated by commas (or the flag repeated).
    #[arg(long, value_name = "EXPR[,EXPR]", required = true)]
    x: Vec<String>,
    /// Lag selection for the residual ADF regression: AIC, BIC, t-stat or none.
    #[arg(long, value_name = "AIC|none", default_value = "AIC")]
    autolag: String,
    /// Largest lag of the residual ADF regression.
    #[arg(long, value_name = "N")]
    maxlag: Option<usize>,
}

/// Options of `test granger`.
#[derive(Debug, clap::Args)]
pub struct GrangerArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The effect: the series whose prediction is tested (an expression).
    #[arg(long, value_name = "EFFECT")]
    y: String,
    /// The cause: the series whose lags are added (an expression).
    #[arg(long, value_name = "CAUSE")]
    x: String,
    /// Test every lag length from 1 to L.
    #[arg(long, value_name = "L")]
    maxlag: usize,
}

/// A row's label: its period, or its 1-based row number.
fn row_label(frame: &Frame, i: usize) -> String {
    match frame.index.as_ref().and_then(|ix| ix.get(i)) {
        Some(p) => p.to_string(),
        None => format!("row {}", i + 1),
    }
}

/// The evaluated series on their common sample.
pub(crate) struct Sample {
    pub(crate) series: Vec<Vec<f64>>,
    pub(crate) start: String,
    pub(crate) end: String,
    /// Labels (period or row) of the sample's observations.
    pub(crate) labels: Vec<String>,
}

impl Sample {
    pub(crate) fn json(&self) -> Value {
        json!({
            "start": self.start,
            "end": self.end,
            "nobs": self.series.first().map_or(0, Vec::len),
        })
    }
}

/// Evaluates `exprs` on the training rows, drops rows missing in any of
/// them at the start and end, and refuses gaps inside.
pub(crate) fn sample(data: &DataArgs, exprs: &[String]) -> Result<Sample> {
    let (frame, ntrain) = data.load()?;
    let cols: Vec<Vec<f64>> = exprs
        .iter()
        .map(|e| {
            eval_expr(&frame, e).map(|mut v| {
                v.truncate(ntrain);
                v
            })
        })
        .collect::<Result<_>>()?;
    let n = cols.iter().map(Vec::len).min().unwrap_or(0);
    let ok = |i: usize| cols.iter().all(|c| c.get(i).is_some_and(|v| v.is_finite()));
    let first = (0..n).find(|&i| ok(i));
    let last = (0..n).rev().find(|&i| ok(i));
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Error::not_enough_data(
            format!("{} (no complete observations)", exprs.join(", ")),
            1,
            0,
        ));
    };
    for (e, c) in exprs.iter().zip(&cols) {
        if let Some(i) = (first..=last).find(|&i| c.get(i).is_none_or(|v| !v.is_finite())) {
            return Err(Error::domain(format!(
                "{}: `{e}` is missing at {} inside the sample {} to {}; \
                 the tests need a complete series (missing values are dropped only at the ends)",
                frame.source,
                row_label(&frame, i),
                row_label(&frame, first),
                row_label(&frame, last)
            )));
        }
    }
    Ok(Sample {
        series: cols
            .into_iter()
            .map(|c| c.get(first..=last).map(<[f64]>::to_vec).unwrap_or_default())
            .collect(),
        start: row_label(&frame, first),
        end: row_label(&frame, last),
        labels: (first..=last).map(|i| row_label(&frame, i)).collect(),
    })
}

fn with_meta(mut j: Value, extra: &[(&str, Value)]) -> Value {
    if let Value::Object(m) = &mut j {
        for (k, v) in extra {
            m.insert((*k).to_string(), v.clone());
        }
    }
    j
}

pub(crate) fn adf(a: &AdfArgs) -> Result<Output> {
    let p = AdfParams::new()
        .regression(AdfRegression::parse(&a.regression)?)
        .autolag(Autolag::parse(&a.autolag)?)
        .maxlag_opt(a.maxlag);
    let s = sample(&a.data, std::slice::from_ref(&a.series))?;
    let y = s.series.first().map(Vec::as_slice).unwrap_or_default();
    let r = adf_test(y, &p).map_err(|e| e.context(format!("adf on `{}`", a.series)))?;
    let json = with_meta(
        r.to_json(),
        &[("series", json!(a.series)), ("sample", s.json())],
    );
    let table = format!(
        "Series: {}    Sample: {} to {}\n{}",
        a.series,
        s.start,
        s.end,
        r.summary()
    );
    crate::kinds::finite::check_test_json("adf", &json)?;
    Ok(Output::new(json, table))
}

pub(crate) fn pp(a: &PpArgs) -> Result<Output> {
    let reg = AdfRegression::parse(&a.regression)?;
    let s = sample(&a.data, std::slice::from_ref(&a.series))?;
    let y = s.series.first().map(Vec::as_slice).unwrap_or_default();
    let r = phillips_perron(y, reg, a.lags)
        .map_err(|e| e.context(format!("phillips-perron on `{}`", a.series)))?;
    let json = with_meta(
        r.to_json(),
        &[("series", json!(a.series)), ("sample", s.json())],
    );
    let table = format!(
        "Series: {}    Sample: {} to {}\n{}",
        a.series,
        s.start,
        s.end,
        r.summary()
    );
    crate::kinds::finite::check_test_json("phillips-perron", &json)?;
    Ok(Output::new(json, table))
}

pub(crate) fn za(a: &ZaArgs) -> Result<Output> {
    let p = ZaParams::new()
        .regression(ZaRegression::parse(&a.regression)?)
        .autolag(Autolag::parse(&a.autolag)?)
        .maxlag_opt(a.maxlag)
        .trim(a.trim);
    let s = sample(&a.data, std::slice::from_ref(&a.series))?;
    let y = s.series.first().map(Vec::as_slice).unwrap_or_default();
    let r =
        zivot_andrews(y, &p).map_err(|e| e.context(format!("zivot-andrews on `{}`", a.series)))?;
    let break_date = s.labels.get(r.bpidx).cloned().unwrap_or_default();
    let json = with_meta(
        r.to_json(),
        &[
            ("series", json!(a.series)),
            ("sample", s.json()),
            ("break_date", json!(break_date)),
        ],
    );
    let table = format!(
        "Series: {}    Sample: {} to {}\n{}Break date: {} (last observation before the break)\n",
        a.series,
        s.start,
        s.end,
        r.summary(),
        break_date
    );
    crate::kinds::finite::check_test_json("zivot-andrews", &json)?;
    Ok(Output::new(json, table))
}

pub(crate) fn kpss(a: &KpssArgs) -> Result<Output> {
    let reg = KpssRegression::parse(&a.regression)?;
    let lags = KpssLags::parse(&a.nlags)?;
    let s = sample(&a.data, std::slice::from_ref(&a.series))?;
    let y = s.series.first().map(Vec::as_slice).unwrap_or_default();
    let r = kpss_test(y, reg, lags).map_err(|e| e.context(format!("kpss on `{}`", a.series)))?;
    let json = with_meta(
        r.to_json(),
        &[("series", json!(a.series)), ("sample", s.json())],
    );
    let table = format!(
        "Series: {}    Sample: {} to {}\n{}",
        a.series,
        s.start,
        s.end,
        r.summary()
    );
    crate::kinds::finite::check_test_json("kpss", &json)?;
    Ok(Output::new(json, table))
}

pub(crate) fn coint(a: &CointArgs) -> Result<Output> {
    let p = CointParams::new()
        .autolag(Autolag::parse(&a.autolag)?)
        .maxlag_opt(a.maxlag);
    let xs: Vec<String> = a.x.iter().flat_map(|s| split_top(s)).collect();
    if xs.is_empty() {
        return Err(Error::usage("coint: --x needs at least one expression"));
    }
    let mut exprs = vec![a.y.clone()];
    exprs.extend(xs.iter().cloned());
    let s = sample(&a.data, &exprs)?;
    let (y, x) = s
        .series
        .split_first()
        .ok_or_else(|| Error::usage("coint: no series"))?;
    let mut r = coint_test(y, x, &p).map_err(|e| e.context(format!("coint of `{}`", a.y)))?;
    for (name, e) in r.param_names.iter_mut().skip(1).zip(&xs) {
        *name = e.clone();
    }
    let json = with_meta(
        r.to_json(),
        &[("y", json!(a.y)), ("x", json!(xs)), ("sample", s.json())],
    );
    let table = format!(
        "y: {}    x: {}    Sample: {} to {}\n{}",
        a.y,
        xs.join(", "),
        s.start,
        s.end,
        r.summary()
    );
    crate::kinds::finite::check_test_json("coint", &json)?;
    Ok(Output::new(json, table))
}

pub(crate) fn granger(a: &GrangerArgs) -> Result<Output> {
    let s = sample(&a.data, &[a.y.clone(), a.x.clone()])?;
    let (y, x) = match s.series.as_slice() {
        [y, x] => (y, x),
        _ => return Err(Error::usage("granger: expected two series")),
    };
    let lags: Vec<usize> = (1..=a.maxlag).collect();
    let r = granger_test(y, x, &lags)
        .map_err(|e| e.context(format!("granger: does `{}` cause `{}`", a.x, a.y)))?;
    let json = with_meta(
        granger_json(&r),
        &[("y", json!(a.y)), ("x", json!(a.x)), ("sample", s.json())],
    );
    let table = format!(
        "Granger causality: does `{}` Granger-cause `{}`?    Sample: {} to {}\n{}",
        a.x,
        a.y,
        s.start,
        s.end,
        granger_summary(&r)
    );
    Ok(Output::new(json, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_top_keeps_function_arguments() {
        assert_eq!(split_top("lag(x, 1),y"), vec!["lag(x, 1)", "y"]);
    }
}
