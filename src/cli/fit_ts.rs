//! `colcrime fit sarima` (issue 5): one series or a batch in parallel.

use ndarray::Array2;
use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::common::DataArgs;
use super::common::{default_horizon, future_periods, parse_floats, parse_usizes, split_top};
use super::output::Output;
use crate::error::{Error, Result};
use crate::formula::eval_expr;
use crate::models::arima::{
    IntervalMethod, SarimaFit, SarimaParams, ScenarioOptions, driver_forecast_scenario,
    fit_drivers, fit_sarima_series, forecast_scenarios,
};
use crate::models::scenario::Scenario;
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
    /// Scenario file(s): CSV with a `date` column, one column per `--exog`
    /// expression and optionally a `scenario` column naming several
    /// scenarios. Each is forecast under its regressor path (`scenarios`
    /// in the JSON); periods it leaves open take observed values.
    #[arg(long, value_name = "FILE")]
    scenario: Vec<std::path::PathBuf>,
    /// What scenario intervals carry besides the innovations: `none` (the
    /// path is known), `driver` (each regressor's own ARIMA uncertainty
    /// around it), `params` (the coefficients' estimation uncertainty, by
    /// the delta method) or `all` (both).
    #[arg(long, value_name = "none|driver|params|all", default_value = "none")]
    scenario_uncertainty: String,
    /// Scenario intervals: `analytic` (exact Gaussian) or `simulation`
    /// (seeded joint Monte Carlo).
    #[arg(long, value_name = "analytic|simulation", default_value = "analytic")]
    scenario_method: String,
    /// Simulated paths for `--scenario-method simulation`.
    #[arg(long, default_value_t = 2000)]
    draws: usize,
    /// Seed for `--scenario-method simulation`.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// ARIMA order p,d,q of the regressors' own models (default: chosen
    /// automatically, non-seasonal).
    #[arg(long, value_name = "P,D,Q")]
    driver_order: Option<String>,
}

/// Scenario options parsed once for every series.
struct ScenarioSetup {
    scenarios: Vec<Scenario>,
    opts: ScenarioOptions,
}

fn scenario_setup(a: &SarimaArgs) -> Result<Option<ScenarioSetup>> {
    if a.scenario.is_empty() {
        return Ok(None);
    }
    let mut scenarios: Vec<Scenario> = Vec::new();
    for f in &a.scenario {
        for s in Scenario::read_csv(f)? {
            if scenarios.iter().any(|t| t.name() == s.name()) {
                return Err(Error::usage(format!(
                    "scenario \"{}\" is defined twice ({})",
                    s.name(),
                    f.display()
                )));
            }
            scenarios.push(s);
        }
    }
    let method = match a.scenario_method.trim() {
        "analytic" => IntervalMethod::Analytic,
        "simulation" | "simulate" => IntervalMethod::simulation(a.draws, a.seed)?,
        o => {
            return Err(Error::usage(format!(
                "--scenario-method {o}: expected analytic or simulation"
            )));
        }
    };
    let driver_order = match &a.driver_order {
        Some(s) => {
            let v = parse_usizes(s, 3, "--driver-order")?;
            Some((v[0], v[1], v[2]))
        }
        None => None,
    };
    Ok(Some(ScenarioSetup {
        scenarios,
        opts: ScenarioOptions {
            uncertainty: a.scenario_uncertainty.parse()?,
            method,
            driver_order,
            levels: parse_floats(&a.level, "--level")?,
        },
    }))
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
    setup: Option<&ScenarioSetup>,
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
    // With scenarios, the default horizon runs to the last period any
    // scenario sets.
    let scen_h = setup.and_then(|st| {
        let end = frame.index.as_ref()?.get(last).copied()?;
        st.scenarios
            .iter()
            .filter_map(|s| s.periods().last())
            .filter_map(|p| {
                let p = p.to_freq(end.freq()).unwrap_or(*p);
                end.periods_until(&p).ok()
            })
            .max()
            .map(|m| m.max(0) as usize)
    });
    let h = match (a.horizon, scen_h) {
        (Some(h), _) => h,
        (None, Some(m)) if m > 0 => m,
        (None, _) if k > 0 => avail,
        (None, _) => default_horizon(frame),
    };
    let levels = parse_floats(&a.level, "--level")?;
    let mut json = fit.to_json();
    let mut table = fit.summary_named(expr);
    // With scenarios but no future regressors in the data, the forecast
    // follows the drivers' own forecasts, with their uncertainty.
    let no_future = h > 0 && k > 0 && h > avail;
    if let (Some(st), true) = (setup, no_future) {
        let index = frame
            .index
            .as_deref()
            .ok_or_else(|| Error::usage("scenarios need dated data (a date column)"))?;
        let drivers = fit_drivers(exprs_x, &xcols, st.opts.driver_order)?;
        let periods = future_periods(frame, last, h);
        let base = driver_forecast_scenario(&drivers, index, &xcols, h + last + 1)?;
        let opts = ScenarioOptions {
            uncertainty: st.opts.uncertainty.with_drivers(),
            ..st.opts.clone()
        };
        let r = forecast_scenarios(&fit, &[base], &periods, index, &xcols, &drivers, &opts)?;
        if let (Value::Object(map), Some(r)) = (&mut json, r.first()) {
            map.insert("forecast".into(), r.forecast.to_json());
            map.insert(
                "forecast_basis".into(),
                json!({
                    "note": "the data hold no future regressor values: each regressor follows its own ARIMA forecast, and the intervals carry its uncertainty",
                    "exog_path": r.path.to_json(),
                }),
            );
        }
    } else if h > 0 {
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
    if let Some(st) = setup {
        let index = frame
            .index
            .as_deref()
            .ok_or_else(|| Error::usage("scenarios need dated data (a date column)"))?;
        let drivers = if st.opts.uncertainty.drivers() {
            fit_drivers(exprs_x, &xcols, st.opts.driver_order)?
        } else {
            Vec::new()
        };
        let periods = future_periods(frame, last, h);
        let results = forecast_scenarios(
            &fit,
            &st.scenarios,
            &periods,
            index,
            &xcols,
            &drivers,
            &st.opts,
        )?;
        let mut sj = Map::new();
        for r in &results {
            sj.insert(r.name.clone(), r.to_json());
            table.push_str(&format!(
                "\nScenario \"{}\" ({} intervals{})\n{:<12}",
                r.label,
                match st.opts.method {
                    IntervalMethod::Analytic => "analytic".to_string(),
                    IntervalMethod::Simulation { draws, seed } =>
                        format!("simulated, {draws} draws, seed {seed}"),
                },
                match (
                    r.forecast.covers.regressor_paths,
                    r.forecast.covers.parameter
                ) {
                    (true, true) => ", with the regressors' own and the coefficients' uncertainty",
                    (true, false) => ", with the regressors' own uncertainty",
                    (false, true) => ", path taken as known, with the coefficients' uncertainty",
                    (false, false) => ", path taken as known",
                },
                "period"
            ));
            for n in &r.path.names {
                table.push_str(&format!("{:>14}", n.chars().take(13).collect::<String>()));
            }
            table.push_str(&format!("{:>14}{:>14}", "mean", "se"));
            for b in &r.forecast.bands {
                let l = (b.level * 100.0).round();
                table.push_str(&format!(
                    "{:>14}{:>14}",
                    format!("lower {l}"),
                    format!("upper {l}")
                ));
            }
            table.push('\n');
            for (i, p) in r.forecast.periods.iter().enumerate() {
                table.push_str(&format!("{:<12}", p.to_string()));
                for j in 0..r.path.names.len() {
                    table.push_str(&format!("{:>14.6}", r.path.values[[i, j]]));
                }
                table.push_str(&format!(
                    "{:>14.6}{:>14.6}",
                    r.forecast.point[i], r.forecast.se[i]
                ));
                for b in &r.forecast.bands {
                    table.push_str(&format!("{:>14.6}{:>14.6}", b.lower[i], b.upper[i]));
                }
                table.push('\n');
            }
        }
        if let Value::Object(map) = &mut json {
            map.insert("scenarios".into(), Value::Object(sj));
            map.insert(
                "scenario_uncertainty".into(),
                json!(st.opts.uncertainty.as_str()),
            );
            if !drivers.is_empty() {
                let mut dj = Map::new();
                for d in &drivers {
                    dj.insert(d.name.clone(), d.to_json());
                }
                map.insert("driver_models".into(), Value::Object(dj));
            }
        }
    }
    if let Value::Object(map) = &mut json {
        insert_resid(map, &fit, frame, last);
        map.insert("series".into(), json!(expr));
        if let Some(ix) = &frame.index {
            let s = ix.get(first).map(|p| p.to_string());
            let e = ix.get(last).map(|p| p.to_string());
            map.insert("sample".into(), json!([s, e]));
        }
    }
    Ok(OneFit { json, table })
}

/// Adds `resid`, R's `residuals(arima)`: the standardised one-step
/// innovations `v_t / sqrt(F_t)` of the differenced series (statsmodels'
/// `resid` once the filter has settled), NaN where an observation is
/// missing, as the workspace results carry them. With dated data also the
/// rows they belong to, `resid_periods` (labels, `2024 Q1`) and
/// `resid_dates` (ISO first days): differencing drops the first `d + D s`
/// rows of the sample, so the last residual belongs to row `last`.
pub(crate) fn insert_resid(
    map: &mut Map<String, Value>,
    fit: &SarimaFit,
    frame: &Frame,
    last: usize,
) {
    let n = fit.std_resid.len();
    map.insert("resid".into(), crate::json::nums(&fit.std_resid));
    let rows = frame
        .index
        .as_deref()
        .and_then(|ix| ix.get((last + 1).checked_sub(n)?..=last));
    if let Some(rows) = rows {
        map.insert(
            "resid_periods".into(),
            json!(rows.iter().map(ToString::to_string).collect::<Vec<_>>()),
        );
        map.insert(
            "resid_dates".into(),
            json!(
                rows.iter()
                    .map(crate::series::Period::iso)
                    .collect::<Vec<_>>()
            ),
        );
    }
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
    let setup = scenario_setup(a)?;
    if setup.is_some() && exprs_x.is_empty() {
        return Err(Error::usage(
            "--scenario sets future values of regressors: give them with --exog",
        ));
    }
    let setup = setup.as_ref();
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
        let one = fit_one(&frame, ntrain, a, &names[0], &spec, &exprs_x, setup)?;
        return Ok(Output::new(one.json, one.table));
    }
    let results: Vec<(String, Result<OneFit>)> = names
        .par_iter()
        .map(|n| {
            (
                n.clone(),
                fit_one(&frame, ntrain, a, n, &spec, &exprs_x, setup),
            )
        })
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
