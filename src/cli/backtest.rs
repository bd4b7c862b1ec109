//! `colcrime backtest KIND`: rolling-origin evaluation of any model kind
//! that forecasts a series (`sarima`, `auto-arima`, `ets`, `holt-winters`),
//! with that kind's own options, against the naive and seasonal-naive
//! forecasts.
//!
//! At each of the last `--origins` periods the kind is fitted to the data
//! up to that period and forecasts its `--horizon` at its `--level`s; every
//! forecast with an outturn is scored (see [`crate::models::backtest`] and
//! [`Kind::backtest`](crate::kinds::Kind::backtest)). For `sarima` and
//! `auto-arima` with `--exog`, `--backtest-exog realised` (default) uses
//! the regressors' realised values over each horizon (forecasts conditional
//! on the drivers), `--backtest-exog arima` each regressor's own ARIMA
//! forecast made at the origin, whose uncertainty the intervals carry (a
//! real-time evaluation).
//!
//! JSON: `model` (the kind's options, with `kind`), `series`, `horizon`,
//! `levels`, `origins` (training sizes), `origin_periods` (the last period
//! each fit saw), `season`, `by_horizon` and `overall` (each `h, n, mae,
//! rmse, mase, mape, coverage_80, coverage_95, coverage, naive_mae,
//! snaive_mae, naive_rmse, snaive_rmse`), and `exog_future` with regressors.

use serde_json::{Value, json};

use super::common::DataArgs;
use super::output::Output;
use crate::error::{Error, Result};
use crate::kinds::{KindOptions, ModelData, forecasting_kinds};
use crate::models::backtest::BacktestResult;

/// A kind's options, the data options and the number of origins.
#[derive(Debug, clap::Args)]
pub struct BacktestArgs<K: clap::Args> {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    options: K,
    /// Number of forecast origins: the last N periods of the series.
    #[arg(long, value_name = "N")]
    origins: usize,
}

macro_rules! define_backtest_command {
    (models { $($models:tt)* } tests { $($tests:tt)* }) => {
        define_backtest_command! { @list $($models)* }
    };
    (@list $( $variant:ident => $name:literal, $ty:ty, $doc:literal; )*) => {
        /// `colcrime backtest ...`: one subcommand per model kind that
        /// forecasts (the others are hidden and refused).
        #[derive(Debug, clap::Subcommand)]
        pub enum BacktestCommand {
            $(
                #[doc = $doc]
                #[command(name = $name, hide = !<$ty as crate::kinds::Kind>::FORECASTS)]
                $variant(BacktestArgs<$ty>),
            )*
        }

        impl BacktestCommand {
            fn split(self) -> (DataArgs, KindOptions, usize) {
                match self {
                    $( BacktestCommand::$variant(a) => (a.data, KindOptions::$variant(a.options), a.origins), )*
                }
            }
        }
    };
}
crate::kinds::registry::with_kinds!(define_backtest_command);

fn fmt(v: f64, d: usize) -> String {
    if v.is_finite() {
        format!("{v:.d$}")
    } else {
        "n/a".into()
    }
}

fn pct(v: f64) -> String {
    if v.is_finite() {
        format!("{:.0}%", 100.0 * v)
    } else {
        "n/a".into()
    }
}

fn table(label: &str, r: &BacktestResult) -> String {
    let first = r.origin_periods.first().map_or("", String::as_str);
    let last = r.origin_periods.last().map_or("", String::as_str);
    let mut t = format!(
        "Rolling-origin evaluation of {label}\n{} origins ({first} to {last}), seasonal-naive lag {}\n\n",
        r.origins.len(),
        r.season
    );
    let levels: Vec<String> = r
        .horizons
        .first()
        .map(|a| {
            a.coverage
                .iter()
                .map(|(l, _)| format!("In {}%", (l * 100.0 * 10.0).round() / 10.0))
                .collect()
        })
        .unwrap_or_default();
    t.push_str(&format!(
        "{:>11}{:>10}{:>12}{:>12}{:>9}{:>7}{:>12}{:>12}",
        "Steps ahead", "Forecasts", "MAE", "RMSE", "MAPE %", "MASE", "Naive MAE", "S-naive MAE"
    ));
    for l in &levels {
        t.push_str(&format!("{l:>9}"));
    }
    t.push('\n');
    let row = |t: &mut String, name: String, a: &crate::models::backtest::HorizonAccuracy| {
        t.push_str(&format!(
            "{:>11}{:>10}{:>12}{:>12}{:>9}{:>7}{:>12}{:>12}",
            name,
            a.n,
            fmt(a.mae, 3),
            fmt(a.rmse, 3),
            fmt(a.mape, 2),
            fmt(a.mase, 2),
            fmt(a.naive_mae, 3),
            fmt(a.snaive_mae, 3)
        ));
        for (_, c) in &a.coverage {
            t.push_str(&format!("{:>9}", pct(*c)));
        }
        t.push('\n');
    };
    for a in &r.horizons {
        row(&mut t, a.h.to_string(), a);
    }
    if let Some(o) = &r.overall {
        row(&mut t, "all".into(), o);
    }
    t.push_str(
        "\nMASE scales absolute errors by the in-sample MAE of the seasonal-naive forecast at each origin (below 1 beats it in-sample).\n",
    );
    t
}

/// Runs `colcrime backtest KIND`.
pub(crate) fn run(cmd: BacktestCommand) -> Result<Output> {
    let (data, kind, origins) = cmd.split();
    if !kind.forecasts() {
        return Err(Error::usage(format!(
            "backtest {}: this kind does not forecast a series; backtest takes {}",
            kind.name(),
            forecasting_kinds().join(", ")
        )));
    }
    kind.validate()?;
    crate::kinds::limits::check_horizon("--origins", origins)?;
    let (frame, ntrain) = data.load_time_series(&format!("backtest {}", kind.name()))?;
    let md = ModelData::new(&frame, 0..ntrain)?;
    let r = kind.backtest(&md, origins)?;
    let expressions = kind.expressions();
    let series = expressions.first().cloned().unwrap_or_default();
    let levels: Vec<f64> = r
        .horizons
        .first()
        .map(|a| a.coverage.iter().map(|(l, _)| 100.0 * l).collect())
        .unwrap_or_default();
    let mut json = r.to_json();
    if let Value::Object(map) = &mut json {
        map.insert(
            "model".into(),
            serde_json::to_value(&kind).unwrap_or(Value::Null),
        );
        map.insert("series".into(), json!(series));
        map.insert("horizon".into(), json!(r.horizons.len()));
        map.insert("levels".into(), json!(levels));
        if let [_, regressors @ ..] = expressions.as_slice()
            && !regressors.is_empty()
        {
            map.insert("exog".into(), json!(regressors));
        }
    }
    let mut tab = table(&format!("{} of {series}", kind.name()), &r);
    match r.exog_future.as_deref() {
        Some("realised") => tab.push_str(
            "Regressors take their realised values over the horizon (forecasts conditional on the drivers).\n",
        ),
        Some(_) => tab.push_str(
            "Regressors follow their own ARIMA forecasts made at each origin, with their uncertainty in the intervals (real-time forecasts).\n",
        ),
        None => {}
    }
    Ok(Output::new(json, tab))
}
