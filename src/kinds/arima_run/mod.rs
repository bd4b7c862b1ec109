//! What the `sarima` and `auto-arima` kinds share: one run of a seasonal
//! ARIMA on a [`ModelData`], whether its orders are given or searched.
//!
//! A run
//! 1. takes the series' sample (the rows where it is observed) and the
//!    regressors (`exog`) over it;
//! 2. fits the model: the given orders, or the stepwise search of
//!    Hyndman & Khandakar (2008); on a re-fit ([`Prior`]) either keeps the
//!    previous estimates (the Kalman filter alone runs over the new data,
//!    as R forecast's `Arima(y, model = fit)`) or re-estimates from them (a
//!    warm start);
//! 3. forecasts `horizon` periods: with the regressors' future rows when
//!    the data hold them, otherwise (with scenarios) with each regressor
//!    following its own ARIMA forecast, the intervals carrying its
//!    uncertainty;
//! 4. forecasts every scenario (CSV files and the workspace's declared
//!    rules) and, on request, backtests from rolling origins;
//! 5. reports, on the reported scale (`back_transform = "exp"` turns a
//!    model of `log(y)` into medians and log-normal bands of `y`).

mod rolling;
mod scenarios;

use ndarray::Array2;
use serde_json::{Map, Value, json};

use super::sarima::SarimaOptions;
use super::smoothing::forecast_table;
use super::{Coefficient, Detail, FittedModel, List, ModelData, Prior, Report, SarimaState};
use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::models::arima::auto::{AutoArimaFit, AutoArimaParams};
use crate::models::arima::{
    DriverModel, IntervalMethod, RefitMode, SarimaFit, SarimaParams, ScenarioOptions,
    ScenarioResult, ScenarioUncertainty,
};
use crate::models::backtest::ExogFuture;
use crate::models::scenario::Scenario;
use crate::series::{Period, Series};
pub(crate) use rolling::backtest;
use rolling::{backtest_of, backtest_table};
use scenarios::{
    ragged_section, ragged_table, read_scenario_files, report_scenarios, scenario_horizon,
    scenarios, series_ends,
};

/// Interval levels of the backtest's forecasts (the coverage it scores).
const BACKTEST_LEVELS: [f64; 2] = [80.0, 95.0];

/// Default simulated paths of scenario intervals by simulation.
const DRAWS: usize = 2000;

/// Default seed of scenario intervals by simulation.
const SEED: u64 = 42;

/// How the model's orders are found.
#[derive(Debug, Clone)]
pub(crate) enum Choice {
    /// Given (`sarima`).
    Given(SarimaParams),
    /// Searched (`auto-arima`).
    Search(AutoArimaParams),
}

/// A `(p, d, q)` option (`order`, `driver_order`).
pub(crate) fn triple(v: Option<&List<usize>>, what: &str) -> Result<Option<(usize, usize, usize)>> {
    match v.map(List::as_slice) {
        None => Ok(None),
        Some(&[p, d, q]) => Ok(Some((p, d, q))),
        Some(o) => Err(Error::usage(format!(
            "{what} = {o:?}: expected three orders p, d, q"
        ))),
    }
}

/// The interval levels (default 80 and 95%).
fn levels(o: &SarimaOptions) -> Vec<f64> {
    o.level
        .as_ref()
        .map_or_else(|| vec![80.0, 95.0], |l| l.0.clone())
}

/// Whether forecasts are transformed back by `exp`.
fn back_exp(o: &SarimaOptions) -> Result<bool> {
    match o.back_transform.as_deref().map(str::trim) {
        None | Some("none") => Ok(false),
        Some("exp") => Ok(true),
        Some(other) => Err(Error::usage(format!(
            "back_transform = \"{other}\" (--back-transform): expected exp or none"
        ))),
    }
}

/// Where a backtest takes the regressors over each horizon.
fn exog_future(o: &SarimaOptions) -> Result<ExogFuture> {
    let future = match o.backtest_exog.as_deref() {
        None => ExogFuture::Realised,
        Some(v) => v.parse()?,
    };
    Ok(match future {
        ExogFuture::Arima { .. } => ExogFuture::Arima {
            order: triple(o.driver_order.as_ref(), "driver_order")?,
        },
        realised => realised,
    })
}

/// How scenario intervals are computed.
fn scenario_options(o: &SarimaOptions) -> Result<ScenarioOptions> {
    let uncertainty: ScenarioUncertainty = o
        .scenario_uncertainty
        .as_deref()
        .unwrap_or("none")
        .parse()?;
    let method = match o.scenario_method.as_deref().map(str::trim) {
        None | Some("analytic") => IntervalMethod::Analytic,
        Some("simulation" | "simulate") => {
            IntervalMethod::simulation(o.draws.unwrap_or(DRAWS), o.seed.unwrap_or(SEED))?
        }
        Some(other) => {
            return Err(Error::usage(format!(
                "scenario_method = \"{other}\" (--scenario-method): expected analytic or simulation"
            )));
        }
    };
    Ok(ScenarioOptions {
        uncertainty,
        method,
        driver_order: triple(o.driver_order.as_ref(), "driver_order")?,
        levels: levels(o),
    })
}

/// Whether the options ask for scenarios.
fn has_scenarios(o: &SarimaOptions) -> bool {
    !o.scenario.is_empty() || !o.scenarios.is_empty()
}

/// Checks the options both kinds share (forecast, scenarios, backtest).
pub(crate) fn check(o: &SarimaOptions) -> Result<()> {
    back_exp(o)?;
    if exog_future(o)? != ExogFuture::Realised && o.exog_names().is_empty() {
        return Err(Error::usage(
            "backtest_exog = \"arima\" (--backtest-exog arima) applies to models with regressors (exog, --exog)",
        ));
    }
    let so = scenario_options(o)?;
    crate::forecast::normalise_levels(&so.levels)?;
    if has_scenarios(o) && o.exog_names().is_empty() {
        return Err(Error::usage(
            "scenarios (--scenario) set future values of regressors: give them with exog (--exog)",
        ));
    }
    Ok(())
}

/// The sample: the series where it is observed and the regressors.
struct Sample<'o> {
    /// The series' expression.
    expr: &'o str,
    /// The regressors' expressions.
    exog: Vec<String>,
    /// The series over rows `first..=last`.
    y: Vec<f64>,
    first: usize,
    last: usize,
    /// Each regressor over the whole frame.
    xcols: Vec<Vec<f64>>,
    /// The regressors over the sample (`n x k`).
    x: Option<Array2<f64>>,
}

impl<'o> Sample<'o> {
    fn new(o: &'o SarimaOptions, kind: &str, data: &ModelData<'_>) -> Result<Sample<'o>> {
        let expr = o.series.as_str();
        let y_all = data.eval(expr)?;
        let (first, last) = data
            .observed(&y_all)
            .ok_or_else(|| Error::not_enough_data(format!("{kind} ({expr})"), 1, 0))?;
        let exog = o.exog_names();
        let xcols: Vec<Vec<f64>> = exog.iter().map(|e| data.eval(e)).collect::<Result<_>>()?;
        let n = last + 1 - first;
        let x = (!xcols.is_empty())
            .then(|| Array2::from_shape_fn((n, xcols.len()), |(i, j)| xcols[j][first + i]));
        Ok(Sample {
            expr,
            exog,
            y: y_all[first..=last].to_vec(),
            first,
            last,
            xcols,
            x,
        })
    }
}

impl Sample<'_> {
    /// Each regressor's last observed row within the sample (`None` when
    /// it has none there).
    fn regressor_ends(&self) -> Vec<Option<usize>> {
        self.xcols
            .iter()
            .map(|c| {
                (self.first..=self.last)
                    .rev()
                    .find(|&i| c.get(i).is_some_and(|v| v.is_finite()))
            })
            .collect()
    }

    /// The rows at the end of the sample after the first regressor to end
    /// (a ragged edge; 0 when every regressor runs to the series' end).
    fn gap(&self) -> usize {
        self.regressor_ends()
            .iter()
            .map(|e| e.map_or(self.last + 1 - self.first, |l| self.last - l))
            .max()
            .unwrap_or(0)
    }
}

/// What a previous fit contributes to this one.
enum Start {
    /// Nothing: default starting values.
    Fresh,
    /// Its estimates, kept (σ², standard errors and covariance too).
    Keep(SarimaParams, SarimaState),
    /// Its estimates as starting values of the optimiser.
    Warm(SarimaParams, Vec<f64>),
}

/// The model of a previous fit, if it is this model (the same regressors;
/// for given orders, the same orders and drift) and its estimates are
/// whole.
fn previous_model(state: &SarimaState, choice: &Choice, exog: &[String]) -> Option<SarimaParams> {
    let spec = SarimaParams::new(state.order)
        .seasonal(state.seasonal_order)
        .drift(state.drift)
        .exog_names(exog.to_vec());
    let mut names = spec.param_names(exog.len());
    names.push("sigma2".into());
    let whole = state.exog_names == exog
        && names == state.param_names
        && state.params.len() == names.len()
        && state.bse.len() == names.len()
        && state.params.iter().all(|v| v.is_finite());
    let same = match choice {
        Choice::Given(g) => {
            g.order == spec.order
                && g.seasonal_order == spec.seasonal_order
                && g.drift == spec.drift
        }
        Choice::Search(_) => true,
    };
    (whole && same).then_some(spec)
}

/// How a previous fit is used, and the `refit` object that says so.
fn start_from(
    prior: Option<&Prior>,
    choice: &Choice,
    exog: &[String],
) -> (Start, Option<Map<String, Value>>) {
    let Some(p) = prior else {
        return (Start::Fresh, None);
    };
    // (A new family of fitted models will have to say here whether it can
    // start a seasonal ARIMA.)
    let FittedModel::Sarima(state) = &p.fitted;
    let model = previous_model(state, choice, exog);
    let mut info = Map::new();
    let mode = match p.mode {
        // Only when the previous estimates are in fact kept (a previous
        // result that does not fit the model is re-estimated, and says so).
        RefitMode::KeepParams if model.is_some() && p.unchanged => "unchanged",
        RefitMode::KeepParams if model.is_some() => "keep_params",
        _ => "reestimate",
    };
    info.insert("mode".into(), mode.into());
    info.insert("previous_result".into(), p.path.clone().into());
    if mode == "unchanged" {
        info.insert("note".into(), UNCHANGED_NOTE.into());
    }
    let start = match (p.mode, model) {
        (RefitMode::KeepParams, Some(m)) => Start::Keep(m, state.clone()),
        (RefitMode::Reestimate, Some(m)) => Start::Warm(m, state.params.clone()),
        (RefitMode::KeepParams, None) => {
            info.insert(
                "note".into(),
                "the previous result does not match the model asked for: parameters re-estimated"
                    .into(),
            );
            Start::Fresh
        }
        (RefitMode::Reestimate, None) => Start::Fresh,
    };
    (start, Some(info))
}

/// Why a model whose inputs did not change keeps its estimates.
const UNCHANGED_NOTE: &str = "the model's data and specification are unchanged since the previous run: its estimates, standard errors and backtest are carried over, and its forecasts recomputed from them";

/// The fitted model with the first part of its JSON and table.
struct Estimated {
    fit: SarimaFit,
    json: Map<String, Value>,
    table: String,
    /// Models an automatic search tried (0 for a given order).
    tried: usize,
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// `ARIMA(p,d,q)(P,D,Q)[s] with drift`, as R forecast names a model.
fn arima_label(
    (p, d, q): (usize, usize, usize),
    (sp, sd, sq, s): (usize, usize, usize, usize),
    drift: bool,
) -> String {
    let mut name = format!("ARIMA({p},{d},{q})");
    if s > 1 {
        name.push_str(&format!("({sp},{sd},{sq})[{s}]"));
    }
    if drift {
        name.push_str(if d + sd == 0 {
            " with non-zero mean"
        } else {
            " with drift"
        });
    }
    name
}

/// The models an automatic search tried, with their AICc.
fn models_table(a: &AutoArimaFit) -> String {
    let mut t = format!(
        "Automatic ARIMA (Hyndman & Khandakar 2008): d = {}, D = {}, {} models\n",
        a.d,
        a.sd,
        a.models_tried.len()
    );
    for m in &a.models_tried {
        let name = arima_label(m.order, m.seasonal_order, m.drift);
        t.push_str(&format!(" {name:<44}: {:.4}\n", m.aicc));
    }
    t.push('\n');
    t
}

fn estimate(
    s: &Sample<'_>,
    choice: Choice,
    start: Start,
    prior: Option<&Prior>,
) -> Result<Estimated> {
    let x = s.x.as_ref();
    let period = match &choice {
        Choice::Search(ap) => Some(ap.period),
        Choice::Given(_) => None,
    };
    let mut est = match (start, choice) {
        (Start::Keep(spec, state), _) => {
            let k = state.params.len();
            let cov = Array2::from_shape_vec((k, k), state.cov_params.clone()).ok();
            let fit = spec.with_estimates(&s.y, x, &state.params, &state.bse, cov)?;
            let mut json = object(fit.to_json());
            if let Some(p) = prior {
                json.extend(p.carried.to_json_map());
            }
            let table = fit.summary_named(s.expr);
            Estimated {
                fit,
                json,
                table,
                tried: 0,
            }
        }
        (start, Choice::Given(spec)) => {
            let spec = match start {
                Start::Warm(_, v) => spec.start_params(v),
                _ => spec,
            };
            let fit = spec.fit(&s.y, x)?;
            let (json, table) = (object(fit.to_json()), fit.summary_named(s.expr));
            Estimated {
                fit,
                json,
                table,
                tried: 0,
            }
        }
        (start, Choice::Search(mut ap)) => {
            if let Start::Warm(m, v) = start {
                ap.warm_start = Some(m.start_params(v));
            }
            let auto = ap.fit(&s.y, x)?;
            let json = object(auto.to_json());
            let table = models_table(&auto) + &auto.fit.summary_named(s.expr);
            Estimated {
                tried: auto.models_tried.len(),
                fit: auto.fit,
                json,
                table,
            }
        }
    };
    if let Some(m) = period {
        est.json.insert("period".into(), m.into());
    }
    Ok(est)
}

/// The standardised one-step innovations with their periods: R's
/// `residuals(arima)` of the differenced series, whose last value belongs
/// to the sample's last period (differencing uses up the first `d + D s`).
fn residuals(
    fit: &SarimaFit,
    s: &Sample<'_>,
    data: &ModelData<'_>,
    json: &mut Map<String, Value>,
) -> Option<Series> {
    let n = fit.std_resid.len();
    json.insert("resid".into(), crate::json::nums(&fit.std_resid));
    let start = (s.last + 1).checked_sub(n)?;
    let periods: Vec<Period> = (start..=s.last)
        .map(|i| data.period(i))
        .collect::<Option<_>>()?;
    json.insert(
        "resid_periods".into(),
        json!(periods.iter().map(ToString::to_string).collect::<Vec<_>>()),
    );
    json.insert(
        "resid_dates".into(),
        json!(periods.iter().map(Period::iso).collect::<Vec<_>>()),
    );
    let mut r = Series::new(s.expr, *periods.first()?, fit.std_resid.clone());
    r.title = format!("standardised one-step residuals of {}", s.expr);
    Some(r)
}

/// What a fitted model is restored from.
fn state_of(fit: &SarimaFit) -> SarimaState {
    SarimaState {
        order: fit.spec.order,
        seasonal_order: fit.spec.seasonal_order,
        drift: fit.spec.drift,
        exog_names: fit.spec.exog_names.clone(),
        param_names: fit.param_names.clone(),
        params: fit.params.clone(),
        bse: fit.bse.clone(),
        cov_params: fit.cov_params.iter().copied().collect(),
    }
}

/// The quantity reported: `y` for a model of `log(y)`.
fn reported_name(expr: &str) -> &str {
    let e = expr.trim();
    e.strip_prefix("log(")
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(e)
        .trim()
}

/// The forecast horizon: given; else to the last period a scenario file
/// sets; else the regressors' future rows (two years of periods when there
/// are none but scenarios); else two years of periods.
fn horizon(o: &SarimaOptions, data: &ModelData<'_>, s: &Sample<'_>, files: &[Scenario]) -> usize {
    let avail = data.frame.nrows().saturating_sub(s.last + 1);
    match (o.horizon, scenario_horizon(files, data.period(s.last))) {
        (Some(h), _) => h,
        (None, Some(m)) if m > 0 => m,
        (None, _) if !s.exog.is_empty() && (avail > 0 || !has_scenarios(o)) => avail,
        (None, _) => data.default_horizon(),
    }
}

/// The forecast on the model's scale: the baseline's when the regressors
/// follow their own forecasts, otherwise with the regressors' future rows.
fn model_forecast(
    fit: &SarimaFit,
    s: &Sample<'_>,
    data: &ModelData<'_>,
    levels: &[f64],
    (h, baseline): (usize, Option<&ScenarioResult>),
) -> Result<Option<Forecast>> {
    if let Some(b) = baseline {
        return Ok(Some(b.forecast.clone()));
    }
    if h == 0 {
        return Ok(None);
    }
    let k = s.exog.len();
    let avail = data.frame.nrows().saturating_sub(s.last + 1);
    if k > 0 && h > avail {
        return Err(Error::usage(format!(
            "forecasting {h} periods needs future values of the regressors ({}) but the data end after {avail}; first missing period {}",
            s.exog.join(", "),
            data.future_periods(s.last, avail + 1)
                .last()
                .map(ToString::to_string)
                .unwrap_or_default()
        )));
    }
    let fx = (k > 0).then(|| Array2::from_shape_fn((h, k), |(i, j)| s.xcols[j][s.last + 1 + i]));
    let periods = data.future_periods(s.last, h);
    fit.forecast(h, fx.as_ref(), periods, levels).map(Some)
}

/// The series on the reported scale, named without `log(...)`.
fn history(s: &Sample<'_>, data: &ModelData<'_>, exp: bool) -> Option<Series> {
    let start = data.period(s.first)?;
    let values = if exp {
        s.y.iter().map(|v| v.exp()).collect()
    } else {
        s.y.clone()
    };
    let name = reported_name(s.expr);
    let mut hist = Series::new(name, start, values);
    hist.title = name.to_string();
    Some(hist)
}

/// Fits a seasonal ARIMA (orders `choice`) on `data` and reports: the one
/// implementation behind the `sarima` and `auto-arima` kinds.
pub(crate) fn fit(
    o: &SarimaOptions,
    kind: &'static str,
    choice: Choice,
    data: &ModelData<'_>,
) -> Result<Report> {
    let exp = back_exp(o)?;
    let s = Sample::new(o, kind, data)?;
    let (start, mut refit) = start_from(data.prior.as_ref(), &choice, &s.exog);
    let keep = matches!(start, Start::Keep(..));
    let Estimated {
        fit,
        mut json,
        mut table,
        tried: choice_label,
    } = estimate(&s, choice, start, data.prior.as_ref())?;
    if let Some(info) = refit.as_mut() {
        info.insert(
            "warm_start".into(),
            (!keep && fit.spec.start_params.is_some()).into(),
        );
    }
    let files = read_scenario_files(o)?;
    let h = horizon(o, data, &s, &files);
    let future_known = s.xcols.iter().all(|c| {
        c.get(s.last + 1..s.last + 1 + h)
            .is_some_and(|w| w.iter().all(|v| v.is_finite()))
    });
    // Regressors that end before the series (a ragged edge), or have no
    // values over the horizon, follow their own forecasts.
    let gap = if h > 0 { s.gap() } else { 0 };
    let baseline = !s.exog.is_empty() && h > 0 && (gap > 0 || !future_known);
    let periods = data.future_periods(s.last, h);
    let scen = (has_scenarios(o) || baseline)
        .then(|| scenarios(o, data, &s, &fit, files, &periods, baseline, gap))
        .transpose()?;
    let base = scen.as_ref().and_then(|sc| sc.baseline.as_ref());
    let forecast = model_forecast(&fit, &s, data, &levels(o), (h, base))?
        .map(|f| if exp { f.exp(false) } else { f });
    if let Some(f) = &forecast {
        let name = if exp { reported_name(s.expr) } else { s.expr };
        table.push_str(&forecast_table(name, f));
    }
    json.insert(
        "forecast".into(),
        forecast.as_ref().map_or(Value::Null, Forecast::to_json),
    );
    let scenarios = scen
        .as_ref()
        .map(|sc| report_scenarios(sc, has_scenarios(o), exp, &mut json, &mut table))
        .unwrap_or_default();
    let residuals = residuals(&fit, &s, data, &mut json);
    json.insert("series".into(), s.expr.into());
    let ends = s.regressor_ends();
    let common = ends
        .iter()
        .map(|e| e.unwrap_or(s.first))
        .fold(s.last, usize::min);
    let sample = data.period(s.first).zip(data.period(common));
    if let Some((a, b)) = sample {
        json.insert("sample".into(), json!([a.to_string(), b.to_string()]));
    }
    let series_ends = series_ends(&s, data);
    if let Some(fill) = scen.as_ref().and_then(|sc| sc.gap_fill.as_ref()) {
        let origin = data.period(s.last).map(|p| p.to_string());
        json.insert(
            "ragged_edge".into(),
            json!({
                "note": format!(
                    "estimated on the common span of the series and its regressors; {} runs to {}, and the regressors' missing values up to then follow their own ARIMA forecasts (in the scenarios, the scenario's path where it sets one), with that uncertainty in the intervals; the forecast starts after {}",
                    s.expr,
                    origin.clone().unwrap_or_default(),
                    origin.unwrap_or_default(),
                ),
                "filled": fill.to_json(),
            }),
        );
        table.push_str(&ragged_table(s.expr, &series_ends, fill));
    }
    json.insert(
        "back_transform".into(),
        (if exp { "exp" } else { "none" }).into(),
    );
    let bt = backtest_of(o, (&fit, &s, data), (h, exp, keep), refit.as_mut())?;
    if let Some(r) = &bt {
        json.insert("backtest".into(), r.to_json());
        table.push_str(&backtest_table(r));
    }
    // The typed account of the re-fit, from the same fields as its JSON.
    let refit_info: Option<crate::kinds::RefitInfo> = refit
        .as_ref()
        .and_then(|info| serde_json::from_value(Value::Object(info.clone())).ok());
    if let Some(info) = refit {
        json.insert("refit".into(), Value::Object(info));
    }
    let fitted = FittedModel::Sarima(state_of(&fit));
    json.insert(
        "fitted_model".into(),
        serde_json::to_value(&fitted)
            .map_err(|e| Error::other(format!("the fitted model as JSON: {e}")))?,
    );
    let mut report = Report::new(kind, Value::Object(json), table);
    report.coefficients = Coefficient::table(
        &fit.param_names,
        &fit.params,
        &fit.bse,
        &fit.conf_int(),
        &fit.pvalues(),
    );
    report.refit = refit_info;
    report.fit_stats = crate::kinds::FitStats {
        nobs: Some(fit.nobs),
        llf: Some(fit.llf),
        aic: Some(fit.aic),
        rsquared: None,
    };
    let tried = match choice_label {
        n if n > 0 => format!(
            "{}, chosen by AICc among {n} candidates",
            arima_label(fit.spec.order, fit.spec.seasonal_order, fit.spec.drift)
        ),
        _ => arima_label(fit.spec.order, fit.spec.seasonal_order, fit.spec.drift),
    };
    report.sections = crate::doc::words::likelihood_blocks(
        Some(tried),
        fit.nobs as f64,
        fit.llf,
        fit.aicc,
        &report.coefficients,
    );
    if let Some(r) = &bt {
        report
            .sections
            .extend(super::backtest_text::sections(r, r.exog_future.as_deref()));
    }
    if let Some(fill) = scen.as_ref().and_then(|sc| sc.gap_fill.as_ref()) {
        report
            .sections
            .push(ragged_section(s.expr, fill, forecast.as_ref()));
    }
    report.sample = sample;
    report.forecast = forecast;
    report.history = history(&s, data, exp);
    report.residuals = residuals;
    report.scenarios = scenarios;
    report.detail = Detail::Arima {
        scenario_uncertainty: scen
            .as_ref()
            .filter(|_| has_scenarios(o))
            .map(|sc| sc.opts.uncertainty.as_str().to_string()),
        drivers: scen
            .as_ref()
            .map(|sc| sc.drivers.iter().map(driver_label).collect())
            .unwrap_or_default(),
        fit: Box::new(fit),
        backtest: bt.map(Box::new),
    };
    report.fitted = Some(fitted);
    Ok(report)
}

/// A driver's expression and its model, as R forecast names it.
fn driver_label(d: &DriverModel) -> (String, String) {
    let spec = &d.fit.spec;
    (
        d.name.clone(),
        arima_label(spec.order, spec.seasonal_order, spec.drift),
    )
}
