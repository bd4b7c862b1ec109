//! `colcrime fit ets` and `colcrime fit holt-winters`.

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::common::DataArgs;
use super::common::{default_horizon, future_periods, parse_floats, split_top};
use super::output::Output;
use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::formula::eval_expr;
use crate::models::ets::{
    ErrorType, EtsParams, HoltWintersParams, SeasonalType, TrendType, select_ets,
};
use crate::series::{Frame, Frequency, Period};

/// Options of `fit ets`.
///
/// With `--auto` (or `--error auto`) every admissible ETS model (errors
/// add/mul, trend none/add/add_damped, season none/add/mul when a period is
/// known) is fitted and the one with the smallest AICc is reported, with all
/// candidates' AICc under `selection`.
#[derive(Debug, clap::Args)]
pub struct EtsArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The series: an expression, several separated by commas, or `*` for
    /// every numeric column (each is fitted separately, in parallel).
    #[arg(long, value_name = "EXPR")]
    series: String,
    /// Error: add, mul, or auto (choose the whole model by AICc).
    #[arg(long, value_name = "add|mul|auto", default_value = "add")]
    error: String,
    /// Trend: none, add or add_damped.
    #[arg(long, value_name = "none|add|add_damped", default_value = "none")]
    trend: String,
    /// Seasonal component: none, add or mul.
    #[arg(long, value_name = "none|add|mul", default_value = "none")]
    seasonal: String,
    /// Observations per seasonal cycle (default: 12 for monthly, 4 for
    /// quarterly data).
    #[arg(long, value_name = "M")]
    period: Option<usize>,
    /// Choose error, trend and season by AICc (same as `--error auto`).
    #[arg(long)]
    auto: bool,
    /// Evaluate at these parameters instead of estimating them, in
    /// statsmodels `ETSModel` order: smoothing_level, smoothing_trend,
    /// smoothing_seasonal, damping_trend, initial_level, initial_trend,
    /// initial_seasonal.0 (= s[-1], the most recent) ... initial_seasonal.{m-1}.
    #[arg(long, value_name = "V1,V2,...", allow_hyphen_values = true)]
    fixed_params: Option<String>,
    /// Forecast horizon (default: two years of periods).
    #[arg(long)]
    horizon: Option<usize>,
    /// Prediction interval levels in percent.
    #[arg(long, value_name = "L1,L2", default_value = "80,95")]
    level: String,
    /// Simulated paths for the intervals of non-linear models.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    simulations: usize,
    /// Seed of the simulated intervals.
    #[arg(long, value_name = "S", default_value_t = 20_240_101)]
    seed: u64,
}

/// Options of `fit holt-winters` (least squares, as statsmodels
/// `ExponentialSmoothing(...).fit()`).
#[derive(Debug, clap::Args)]
pub struct HoltWintersArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The series: an expression, several separated by commas, or `*`.
    #[arg(long, value_name = "EXPR")]
    series: String,
    /// Trend: none, add or add_damped.
    #[arg(long, value_name = "none|add|add_damped", default_value = "none")]
    trend: String,
    /// Seasonal component: none, add or mul.
    #[arg(long, value_name = "none|add|mul", default_value = "none")]
    seasonal: String,
    /// Observations per seasonal cycle (default: 12 monthly, 4 quarterly).
    #[arg(long, value_name = "M")]
    period: Option<usize>,
    /// Evaluate at these parameters: smoothing_level, smoothing_trend,
    /// smoothing_seasonal, damping_trend, initial_level, initial_trend,
    /// initial_seasons.0 (first observation's season) ... initial_seasons.{m-1}.
    #[arg(long, value_name = "V1,V2,...", allow_hyphen_values = true)]
    fixed_params: Option<String>,
    /// Forecast horizon (default: two years of periods).
    #[arg(long)]
    horizon: Option<usize>,
    /// Prediction interval levels in percent.
    #[arg(long, value_name = "L1,L2", default_value = "80,95")]
    level: String,
    /// Simulated paths for the intervals of multiplicative seasonal models.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    simulations: usize,
    /// Seed of the simulated intervals.
    #[arg(long, value_name = "S", default_value_t = 20_240_101)]
    seed: u64,
}

fn freq(frame: &Frame) -> Option<Frequency> {
    frame
        .index
        .as_ref()
        .and_then(|ix| ix.first())
        .map(Period::freq)
}

fn default_period(frame: &Frame) -> Option<usize> {
    match freq(frame) {
        Some(Frequency::Monthly) => Some(12),
        Some(Frequency::Quarterly) => Some(4),
        _ => None,
    }
}

/// The series' training values without leading/trailing missing values,
/// with the row numbers of its first and last values.
fn series_values(frame: &Frame, ntrain: usize, expr: &str) -> Result<(Vec<f64>, usize, usize)> {
    let yall = eval_expr(frame, expr)?;
    let ytrain = &yall[..ntrain.min(yall.len())];
    let first = ytrain.iter().position(|v| v.is_finite());
    let last = ytrain.iter().rposition(|v| v.is_finite());
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Error::not_enough_data(
            format!("exponential smoothing ({expr})"),
            3,
            0,
        ));
    };
    Ok((ytrain[first..=last].to_vec(), first, last))
}

fn period_for(seasonal: SeasonalType, given: Option<usize>, frame: &Frame) -> Result<usize> {
    if !seasonal.is_seasonal() {
        return Ok(given.unwrap_or(1));
    }
    given.or_else(|| default_period(frame)).ok_or_else(|| {
        Error::usage(
            "a seasonal model needs --period M (the data have no monthly or quarterly index to infer it from)",
        )
    })
}

/// One fitted series: JSON and table.
struct OneFit {
    json: Value,
    table: String,
}

fn finish(
    mut json: Value,
    mut table: String,
    f: Option<Forecast>,
    frame: &Frame,
    expr: &str,
    first: usize,
    last: usize,
) -> OneFit {
    if let Some(f) = &f {
        table.push_str(&format!(
            "\nForecast of {expr}\n{:<12}{:>14}{:>14}\n",
            "period", "mean", "se"
        ));
        for ((p, m), s) in f.periods.iter().zip(&f.point).zip(&f.se) {
            table.push_str(&format!("{:<12}{:>14.6}{:>14.6}\n", p.to_string(), m, s));
        }
    }
    if let Value::Object(map) = &mut json {
        map.insert(
            "forecast".into(),
            f.as_ref().map(Forecast::to_json).unwrap_or(Value::Null),
        );
        map.insert("series".into(), json!(expr));
        if let Some(ix) = &frame.index {
            let s = ix.get(first).map(|p| p.to_string());
            let e = ix.get(last).map(|p| p.to_string());
            map.insert("sample".into(), json!([s, e]));
        }
    }
    OneFit { json, table }
}

fn ets_one(frame: &Frame, ntrain: usize, a: &EtsArgs, expr: &str) -> Result<OneFit> {
    let (y, first, last) = series_values(frame, ntrain, expr)?;
    let h = a.horizon.unwrap_or_else(|| default_horizon(frame));
    let levels = parse_floats(&a.level, "--level")?;
    let periods = future_periods(frame, last, h);
    let auto = a.auto || a.error.trim().eq_ignore_ascii_case("auto");
    if auto {
        if a.fixed_params.is_some() {
            return Err(Error::usage(
                "--fixed-params cannot be combined with --auto",
            ));
        }
        let m = a.period.or_else(|| default_period(frame));
        let sel = select_ets(&y, m)?;
        let fit = &sel.best;
        let f = (h > 0)
            .then(|| fit.forecast_at(periods, &levels))
            .transpose()?;
        let mut json = fit.to_json();
        let mut table = fit.summary(expr);
        table.push_str("\nModel selection by AICc\n");
        for (n, r) in &sel.candidates {
            match r {
                Ok(v) => table.push_str(&format!("{n:<8}{v:>14.4}\n")),
                Err(e) => table.push_str(&format!("{n:<8}  error: {e}\n")),
            }
        }
        if let Value::Object(map) = &mut json {
            map.insert(
                "selection".into(),
                json!({"criterion": "aicc", "candidates": sel.candidates_json()}),
            );
        }
        return Ok(finish(json, table, f, frame, expr, first, last));
    }
    let error = ErrorType::parse(&a.error)?;
    let trend = TrendType::parse(&a.trend)?;
    let seasonal = SeasonalType::parse(&a.seasonal)?;
    let m = period_for(seasonal, a.period, frame)?;
    let mut spec = EtsParams::new(error)
        .trend(trend)
        .seasonal(seasonal, m)
        .simulation(a.simulations, a.seed);
    if let Some(fp) = &a.fixed_params {
        spec = spec.fixed_params(parse_floats(fp, "--fixed-params")?);
    }
    let fit = spec.fit(&y)?;
    let f = (h > 0)
        .then(|| fit.forecast_at(periods, &levels))
        .transpose()?;
    Ok(finish(
        fit.to_json(),
        fit.summary(expr),
        f,
        frame,
        expr,
        first,
        last,
    ))
}

fn hw_one(frame: &Frame, ntrain: usize, a: &HoltWintersArgs, expr: &str) -> Result<OneFit> {
    let (y, first, last) = series_values(frame, ntrain, expr)?;
    let h = a.horizon.unwrap_or_else(|| default_horizon(frame));
    let levels = parse_floats(&a.level, "--level")?;
    let trend = TrendType::parse(&a.trend)?;
    let seasonal = SeasonalType::parse(&a.seasonal)?;
    let m = period_for(seasonal, a.period, frame)?;
    let mut spec = HoltWintersParams::new()
        .trend(trend)
        .seasonal(seasonal, m)
        .simulation(a.simulations, a.seed);
    if let Some(fp) = &a.fixed_params {
        spec = spec.fixed_params(parse_floats(fp, "--fixed-params")?);
    }
    let fit = spec.fit(&y)?;
    let f = (h > 0)
        .then(|| fit.forecast_at(future_periods(frame, last, h), &levels))
        .transpose()?;
    Ok(finish(
        fit.to_json(),
        fit.summary(expr),
        f,
        frame,
        expr,
        first,
        last,
    ))
}

/// Fits one series, or several in parallel into `{"fits": {...}}`.
fn batch<F>(frame: &Frame, series: &str, one: F) -> Result<Output>
where
    F: Fn(&str) -> Result<OneFit> + Sync,
{
    let names: Vec<String> = if series.trim() == "*" {
        frame.names().into_iter().map(String::from).collect()
    } else {
        split_top(series)
    };
    if names.len() == 1 {
        let r = one(&names[0])?;
        return Ok(Output::new(r.json, r.table));
    }
    let results: Vec<(String, Result<OneFit>)> =
        names.par_iter().map(|n| (n.clone(), one(n))).collect();
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

pub(crate) fn ets(a: &EtsArgs) -> Result<Output> {
    let (frame, ntrain) = a.data.load()?;
    batch(&frame, &a.series, |n| ets_one(&frame, ntrain, a, n))
}

pub(crate) fn holt_winters(a: &HoltWintersArgs) -> Result<Output> {
    let (frame, ntrain) = a.data.load()?;
    batch(&frame, &a.series, |n| hw_one(&frame, ntrain, a, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_calls_whole() {
        assert_eq!(split_top("a, log(b),`c, d`"), vec!["a", "log(b)", "`c, d`"]);
    }
}
