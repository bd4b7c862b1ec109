//! `colcrime backtest` (issue 5 item 6): rolling-origin evaluation of a
//! SARIMA, automatic ARIMA or ETS model on a `--data` CSV, against the naive
//! and seasonal-naive forecasts.
//!
//! At each of the last `--origins` periods the model is fitted to the data
//! up to that period and forecasts `--horizon` steps; every forecast with an
//! outturn is scored (see [`crate::models::backtest`]). With `--exog` the
//! regressors' realised values are used over the forecast horizon, so the
//! scores are those of forecasts *conditional* on the regressors
//! (`"exog_future": "realised"`); with `--exog-forecast arima` each
//! regressor's own ARIMA forecast made at the origin is used instead and
//! the intervals carry its uncertainty (`"exog_future": "arima"`: a
//! real-time evaluation).
//!
//! JSON: `model`, `series`, `horizon`, `levels`, `origins` (training sizes),
//! `origin_periods` (the last period each fit saw), `season`, `by_horizon`
//! and `overall` (each `h, n, mae, rmse, mase, mape, coverage_80,
//! coverage_95, coverage, naive_mae, snaive_mae, naive_rmse, snaive_rmse`).

use ndarray::{Array2, s};
use serde_json::{Value, json};

use super::common::{DataArgs, default_horizon, parse_floats, parse_usizes, split_top};
use super::output::Output;
use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::formula::eval_expr;
use crate::models::arima::auto::AutoArimaParams;
use crate::models::arima::{SarimaFit, SarimaParams};
use crate::models::backtest::{
    BacktestParams, BacktestResult, ExogFuture, backtest, forecast_from_origin,
};
use crate::models::ets::{ErrorType, EtsParams, SeasonalType, TrendType};
use crate::series::{Frame, Frequency, Period};

/// Options of `backtest`.
#[derive(Debug, clap::Args)]
pub struct BacktestArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The series (an expression).
    #[arg(long, value_name = "EXPR")]
    series: String,
    /// The model: sarima, auto-arima or ets.
    #[arg(long, value_name = "sarima|auto-arima|ets")]
    model: String,
    /// sarima: the non-seasonal order p,d,q.
    #[arg(long, value_name = "P,D,Q")]
    order: Option<String>,
    /// sarima: the seasonal order P,D,Q,s; ets: the seasonal component
    /// none, add or mul.
    #[arg(long, value_name = "P,D,Q,S|none|add|mul")]
    seasonal: Option<String>,
    /// sarima: a constant in the differenced equation.
    #[arg(long)]
    drift: bool,
    /// sarima, auto-arima: exogenous regressors (comma separated); their
    /// values over the horizon come from `--exog-forecast`.
    #[arg(long, value_name = "EXPR,...")]
    exog: Option<String>,
    /// With --exog: the regressors over each horizon are their realised
    /// values (forecasts conditional on the drivers) or each regressor's
    /// own ARIMA forecast made at the origin (a real-time evaluation, the
    /// intervals carrying the drivers' uncertainty).
    #[arg(long, value_name = "realised|arima", default_value = "realised")]
    exog_forecast: String,
    /// With --exog-forecast arima: the regressors' ARIMA order p,d,q
    /// (default: chosen automatically at each origin).
    #[arg(long, value_name = "P,D,Q")]
    driver_order: Option<String>,
    /// ets: the error, add or mul.
    #[arg(long, value_name = "add|mul", default_value = "add")]
    error: String,
    /// ets: the trend, none, add or add_damped.
    #[arg(long, value_name = "none|add|add_damped", default_value = "none")]
    trend: String,
    /// Seasonal period of the ets or auto-arima model, and of the
    /// seasonal-naive benchmark (default: the SARIMA's s, else 12 for monthly
    /// and 4 for quarterly data, else 1).
    #[arg(long, value_name = "M")]
    period: Option<usize>,
    /// Steps ahead forecast from each origin (default two years of periods).
    #[arg(long)]
    horizon: Option<usize>,
    /// Number of forecast origins: the last N periods.
    #[arg(long, value_name = "N")]
    origins: usize,
    /// Interval levels whose coverage is scored, in percent.
    #[arg(long, value_name = "L1,L2", default_value = "80,95")]
    level: String,
    /// ets: simulated paths for the intervals of non-linear models.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    simulations: usize,
    /// ets: seed of the simulated intervals.
    #[arg(long, value_name = "S", default_value_t = 20_240_101)]
    seed: u64,
}

fn frequency_period(frame: &Frame) -> usize {
    match frame
        .index
        .as_ref()
        .and_then(|ix| ix.first())
        .map(Period::freq)
    {
        Some(Frequency::Monthly) => 12,
        Some(Frequency::Quarterly) => 4,
        _ => 1,
    }
}

/// A model that can be fitted to a training prefix and forecast.
enum Model {
    Sarima(SarimaParams),
    Auto(AutoArimaParams),
    Ets(EtsParams),
}

impl Model {
    fn describe(&self) -> Value {
        match self {
            Model::Sarima(p) => {
                let (a, b, c) = p.order;
                let (d, e, f, g) = p.seasonal_order;
                json!({"kind": "sarima", "order": [a, b, c], "seasonal_order": [d, e, f, g], "drift": p.drift})
            }
            Model::Auto(p) => json!({"kind": "auto-arima", "period": p.period}),
            Model::Ets(p) => json!({"kind": "ets", "name": p.short_name()}),
        }
    }

    fn label(&self) -> String {
        match self {
            Model::Sarima(p) => {
                let (a, b, c) = p.order;
                let (d, e, f, g) = p.seasonal_order;
                if g > 1 {
                    format!("ARIMA({a},{b},{c})({d},{e},{f})[{g}]")
                } else {
                    format!("ARIMA({a},{b},{c})")
                }
            }
            Model::Auto(p) => format!("automatic ARIMA (period {})", p.period),
            Model::Ets(p) => format!("ETS{}", p.short_name()),
        }
    }

    /// Fits to `y` without regressors and forecasts `h` steps.
    fn fit_forecast(&self, y: &[f64], h: usize, levels: &[f64]) -> Result<Forecast> {
        let periods = vec![Period::year(2000); h];
        match self {
            Model::Sarima(p) => p.fit(y, None)?.forecast(h, None, periods, levels),
            Model::Auto(p) => p.fit(y, None)?.fit.forecast(h, None, periods, levels),
            Model::Ets(p) => p.fit(y)?.forecast(h, levels),
        }
    }

    /// Fits a regression with ARIMA errors to `y` with regressors `x`.
    fn fit_exog(&self, y: &[f64], x: &Array2<f64>) -> Result<SarimaFit> {
        match self {
            Model::Sarima(p) => p.fit(y, Some(x)),
            Model::Auto(p) => Ok(p.fit(y, Some(x))?.fit),
            Model::Ets(_) => Err(Error::usage(
                "--exog: ETS models have no regressors (use --model sarima or auto-arima)",
            )),
        }
    }
}

fn build_model(a: &BacktestArgs, frame: &Frame, exprs_x: &[String]) -> Result<Model> {
    let sarima_only = |what: &str, given: bool| -> Result<()> {
        if given {
            return Err(Error::usage(format!(
                "{what} applies to --model sarima only"
            )));
        }
        Ok(())
    };
    match a.model.trim() {
        "sarima" => {
            let order = a.order.as_deref().ok_or_else(|| {
                Error::usage(
                    "--model sarima needs --order p,d,q (and optionally --seasonal P,D,Q,s)",
                )
            })?;
            let o = parse_usizes(order, 3, "--order")?;
            let mut p = SarimaParams::new((o[0], o[1], o[2]))
                .drift(a.drift)
                .exog_names(exprs_x.to_vec());
            if let Some(s) = &a.seasonal {
                let v = parse_usizes(s, 4, "--seasonal")?;
                p = p.seasonal((v[0], v[1], v[2], v[3]));
            }
            Ok(Model::Sarima(p))
        }
        "auto-arima" => {
            sarima_only("--order", a.order.is_some())?;
            sarima_only("--seasonal", a.seasonal.is_some())?;
            sarima_only("--drift", a.drift)?;
            let mut p = AutoArimaParams::new(a.period.unwrap_or_else(|| frequency_period(frame)));
            p.exog_names = exprs_x.to_vec();
            Ok(Model::Auto(p))
        }
        "ets" => {
            sarima_only("--order", a.order.is_some())?;
            sarima_only("--drift", a.drift)?;
            if !exprs_x.is_empty() {
                return Err(Error::usage(
                    "--exog: ETS models have no regressors (use --model sarima or auto-arima)",
                ));
            }
            let error = ErrorType::parse(&a.error)?;
            let trend = TrendType::parse(&a.trend)?;
            let seasonal = SeasonalType::parse(a.seasonal.as_deref().unwrap_or("none"))?;
            let m = if seasonal.is_seasonal() {
                match a.period {
                    Some(m) => m,
                    None => match frequency_period(frame) {
                        1 => {
                            return Err(Error::usage(
                                "a seasonal ETS model needs --period M (the data have no monthly or quarterly index)",
                            ));
                        }
                        m => m,
                    },
                }
            } else {
                a.period.unwrap_or(1)
            };
            Ok(Model::Ets(
                EtsParams::new(error)
                    .trend(trend)
                    .seasonal(seasonal, m)
                    .simulation(a.simulations, a.seed),
            ))
        }
        other => Err(Error::usage(format!(
            "--model {other}: expected sarima, auto-arima or ets"
        ))),
    }
}

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

fn table(label: &str, expr: &str, r: &BacktestResult, first: &str, last: &str) -> String {
    let mut t = format!(
        "Rolling-origin evaluation of {label} for {expr}\n{} origins ({first} to {last}), seasonal-naive lag {}\n\n",
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

pub(crate) fn run(a: &BacktestArgs) -> Result<Output> {
    let (frame, ntrain) = a.data.load()?;
    let exprs_x: Vec<String> = a.exog.as_deref().map(split_top).unwrap_or_default();
    let model = build_model(a, &frame, &exprs_x)?;
    let expr = a.series.trim();
    let yall = eval_expr(&frame, expr)?;
    let ytrain = &yall[..ntrain.min(yall.len())];
    let (Some(first), Some(last)) = (
        ytrain.iter().position(|v| v.is_finite()),
        ytrain.iter().rposition(|v| v.is_finite()),
    ) else {
        return Err(Error::not_enough_data(format!("backtest of {expr}"), 1, 0));
    };
    let y = &ytrain[first..=last];
    let n = y.len();
    let xcols: Vec<Vec<f64>> = exprs_x
        .iter()
        .map(|e| eval_expr(&frame, e))
        .collect::<Result<_>>()?;
    let k = xcols.len();
    let x_all = (k > 0).then(|| Array2::from_shape_fn((n, k), |(i, j)| xcols[j][first + i]));
    let season = match (&model, a.period) {
        (_, Some(m)) => m,
        (Model::Sarima(p), None) if p.seasonal_order.3 > 1 => p.seasonal_order.3,
        _ => frequency_period(&frame),
    };
    let h = a.horizon.unwrap_or_else(|| default_horizon(&frame));
    crate::kinds::limits::check_horizon("--horizon", h)?;
    crate::kinds::limits::check_horizon("--origins", a.origins)?;
    crate::kinds::limits::check_simulations(a.simulations)?;
    let levels = parse_floats(&a.level, "--level")?;
    let bp = BacktestParams::new(h, a.origins, season).levels(&levels)?;
    let mut future: ExogFuture = a.exog_forecast.parse()?;
    if let Some(o) = &a.driver_order {
        let v = parse_usizes(o, 3, "--driver-order")?;
        match &mut future {
            ExogFuture::Arima { order } => *order = Some((v[0], v[1], v[2])),
            ExogFuture::Realised => {
                return Err(Error::usage(
                    "--driver-order applies to --exog-forecast arima only",
                ));
            }
        }
    }
    if x_all.is_none() && future != ExogFuture::Realised {
        return Err(Error::usage(
            "--exog-forecast applies to models with --exog regressors",
        ));
    }
    let index: Vec<Period> = frame
        .index
        .as_ref()
        .map(|ix| ix.iter().skip(first).take(n).copied().collect())
        .unwrap_or_default();
    let r = backtest(y, &bp, |train, hh| {
        let t = train.len();
        match &x_all {
            None => model.fit_forecast(train, hh, &levels),
            Some(x) => {
                // With realised regressors, the forecast runs only as far
                // as the series is observed: later steps have no outturn.
                let xt = x.slice(s![..t, ..]).to_owned();
                let fit = model.fit_exog(train, &xt)?;
                forecast_from_origin(&fit, x, &exprs_x, &index, t, hh, future, &levels)
            }
        }
    })?;
    let origin_periods: Vec<String> = r
        .origins
        .iter()
        .map(|&t| {
            frame
                .index
                .as_ref()
                .and_then(|ix| ix.get(first + t - 1))
                .map_or_else(|| format!("row {}", first + t + 1), |p| p.to_string())
        })
        .collect();
    let mut json = r.to_json();
    if let Value::Object(map) = &mut json {
        map.insert("model".into(), model.describe());
        map.insert("series".into(), json!(expr));
        map.insert("horizon".into(), json!(h));
        map.insert("levels".into(), json!(levels));
        map.insert("origin_periods".into(), json!(origin_periods));
        if !exprs_x.is_empty() {
            map.insert("exog".into(), json!(exprs_x));
            map.insert("exog_future".into(), json!(future.as_str()));
        }
    }
    let (f0, f1) = (
        origin_periods.first().cloned().unwrap_or_default(),
        origin_periods.last().cloned().unwrap_or_default(),
    );
    let mut tab = table(&model.label(), expr, &r, &f0, &f1);
    if !exprs_x.is_empty() {
        tab.push_str(match future {
            ExogFuture::Realised => {
                "Regressors take their realised values over the horizon (forecasts conditional on the drivers).\n"
            }
            ExogFuture::Arima { .. } => {
                "Regressors follow their own ARIMA forecasts made at each origin, with their uncertainty in the intervals (real-time forecasts).\n"
            }
        });
    }
    Ok(Output::new(json, tab))
}
