//! Fitting a workspace's models: each model gets the frame of every
//! workspace series at its frequency, restricted to its sample, and returns
//! the same JSON as the matching `colcrime fit` command.

use serde_json::Value;

use super::build::Loaded;
use super::spec::ModelSpec;
use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::json::as_f64;
use crate::models::arima::ScenarioResult;
use crate::series::{Frame, Frequency, Period, Series};

/// The outcome of fitting one workspace model.
#[derive(Debug, Clone)]
pub struct ModelOutcome {
    /// The model's name in the workspace.
    pub name: String,
    /// Its kind (`ols`, `sarima`, ...).
    pub kind: String,
    /// The result JSON (contract keys), or the error object if it failed.
    pub json: Value,
    /// The human summary table, or the error message.
    pub summary: String,
    /// The error, if the model failed.
    pub error: Option<String>,
    /// The forecast, for forecasting models, on the reported scale.
    pub forecast: Option<Forecast>,
    /// The history the forecast continues, on the reported scale.
    pub history: Option<Series>,
    /// Workspace series the model uses (for provenance).
    pub uses: Vec<String>,
    /// Scenario forecasts (`sarima` with `scenarios`), on the reported
    /// scale; the first is the baseline when the drivers follow their own
    /// forecasts.
    pub scenarios: Vec<ScenarioResult>,
}

impl ModelOutcome {
    /// Whether the fit succeeded.
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }
}

/// The expressions of a model spec that name workspace series (formula,
/// series, regressors, variables), joined by spaces: what
/// [`series_used`] reads to find the series a model uses.
///
/// ```
/// use colcrime::workspace::models::model_text;
/// let spec: colcrime::workspace::ModelSpec = toml::from_str(
///     "kind = \"sarima\"\nfrequency = \"quarterly\"\nseries = \"log(y)\"\nexog = [\"x\"]",
/// )?;
/// assert_eq!(model_text(&spec).split_whitespace().collect::<Vec<_>>(), ["log(y)", "x"]);
/// # Ok::<(), toml::de::Error>(())
/// ```
pub fn model_text(spec: &ModelSpec) -> String {
    [
        spec.formula.clone().unwrap_or_default(),
        spec.series.clone().unwrap_or_default(),
        spec.exog.join(" "),
        spec.variables.join(" "),
        spec.y.clone().unwrap_or_default(),
        spec.x.join(" "),
    ]
    .join(" ")
}

/// Names of workspace series that appear as identifiers in `text`.
///
/// ```
/// use colcrime::workspace::models::series_used;
/// let names = vec!["cpi_q".to_string(), "cpi".to_string(), "robbery_q".to_string()];
/// assert_eq!(series_used("growth(robbery_q, 4) ~ cpi_q", &names), vec!["cpi_q", "robbery_q"]);
/// ```
pub fn series_used(text: &str, names: &[String]) -> Vec<String> {
    let idents: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut out: Vec<String> = names
        .iter()
        .filter(|n| idents.contains(&n.as_str()))
        .cloned()
        .collect();
    out.sort();
    out
}

/// Row range `[a, b)` of `frame` for a sample from `start` to `end`.
fn sample_rows(frame: &Frame, start: Option<&str>, end: Option<&str>) -> Result<(usize, usize)> {
    let idx = frame.index.as_deref().unwrap_or(&[]);
    let parse =
        |s: &str| Period::parse(s).ok_or_else(|| Error::usage(format!("\"{s}\" is not a period")));
    let freq = idx.first().map(Period::freq);
    let conv = |p: Period| -> Period {
        match freq {
            Some(f) if f != p.freq() => p
                .to_freq(f)
                .unwrap_or_else(|| Period::containing(p.first_day(), f)),
            _ => p,
        }
    };
    let a = match start {
        Some(s) => {
            let p = conv(parse(s)?);
            idx.iter().position(|q| *q >= p).unwrap_or(idx.len())
        }
        None => 0,
    };
    let b = match end {
        Some(s) => {
            let p = conv(parse(s)?);
            idx.iter().rposition(|q| *q <= p).map_or(0, |i| i + 1)
        }
        None => idx.len(),
    };
    if a >= b {
        return Err(Error::usage(format!(
            "the sample {} to {} contains no rows",
            start.unwrap_or("start"),
            end.unwrap_or("end")
        )));
    }
    Ok((a, b))
}

/// A model's result in the previous run, for a re-fit (issue 7 item 4).
#[derive(Debug, Clone, Copy)]
pub struct Prior<'a> {
    /// The previous run's `results/NAME.json`.
    pub json: &'a Value,
    /// Where it was read from (recorded in the new result).
    pub path: &'a str,
    /// `Reestimate`: time-series models are re-estimated from the previous
    /// estimates (a warm start); `KeepParams`: their parameters are kept and
    /// only the Kalman filter runs over the new data (`--no-reestimate`).
    pub mode: crate::models::arima::RefitMode,
}

/// Fits one model; a failure is captured in the outcome, never propagated.
pub fn fit(loaded: &Loaded, name: &str, spec: &ModelSpec) -> ModelOutcome {
    fit_with(loaded, name, spec, None)
}

/// [`fit`] for a re-fit: SARIMA and automatic ARIMA models use `prior` (see
/// [`Prior`]); the other kinds are fitted afresh.
pub fn fit_with(
    loaded: &Loaded,
    name: &str,
    spec: &ModelSpec,
    prior: Option<Prior<'_>>,
) -> ModelOutcome {
    let names: Vec<String> = loaded.series.keys().cloned().collect();
    let uses = series_used(&model_text(spec), &names);
    let result = fit_inner(loaded, spec, prior).map(|((j, s, f, mut h), sc)| {
        if let Some(h) = h.as_mut() {
            if let Some(src) = loaded.series.get(&h.name) {
                h.title = src.title.clone();
                h.unit = src.unit.clone();
                h.provenance = src.provenance.clone();
            }
        }
        ((j, s, f, h), sc)
    });
    match result {
        Ok(((json, summary, forecast, history), scenarios)) => ModelOutcome {
            name: name.to_string(),
            kind: spec.kind.clone(),
            json,
            summary,
            error: None,
            forecast,
            history,
            uses,
            scenarios,
        },
        Err(e) => ModelOutcome {
            name: name.to_string(),
            kind: spec.kind.clone(),
            json: e.to_json(),
            summary: e.to_string(),
            error: Some(e.to_string()),
            forecast: None,
            history: None,
            uses,
            scenarios: Vec::new(),
        },
    }
}

type Fitted = (Value, String, Option<Forecast>, Option<Series>);

fn fit_inner(
    loaded: &Loaded,
    spec: &ModelSpec,
    prior: Option<Prior<'_>>,
) -> Result<(Fitted, Vec<ScenarioResult>)> {
    let freq: Frequency = spec.frequency.parse()?;
    let frame = loaded.frame(freq)?;
    let (a, b) = sample_rows(&frame, spec.start.as_deref(), spec.end.as_deref())?;
    let none = |f: Fitted| (f, Vec::new());
    match spec.kind.as_str() {
        "ols" => fit_ols(&frame, spec, a, b).map(none),
        "glm" => fit_glm(&frame, spec, a, b).map(none),
        "sarima" | "auto-arima" => fit_arima(loaded, &frame, spec, a, b, prior),
        "var" => fit_var(&frame, spec, a, b).map(none),
        "unit_root" => fit_unit_root(&frame, spec, a, b).map(none),
        "ardl" => fit_ardl(&frame, spec, a, b).map(none),
        "ecm" => fit_ecm(&frame, spec, a, b).map(none),
        k => Err(Error::usage(format!(
            "unknown model kind {k} (expected ols, glm, sarima, auto-arima, var, unit_root, ardl or ecm)"
        ))),
    }
}

fn fit_ols(frame: &Frame, spec: &ModelSpec, a: usize, b: usize) -> Result<Fitted> {
    use crate::models::ols::{CovType, OlsParams};
    let formula = spec
        .formula
        .as_deref()
        .ok_or_else(|| Error::usage("an ols model needs formula = \"y ~ x + ...\""))?;
    let cov = CovType::parse(
        spec.cov.as_deref().unwrap_or("nonrobust"),
        spec.maxlags,
        spec.hac_correction.unwrap_or(false),
    )?;
    let params = OlsParams::new().cov_type(cov);
    params.validate()?;
    let design = crate::formula::Formula::parse(formula)?.design(frame, a..b)?;
    let res = params.fit(&design)?;
    let mut json = res.to_json();
    if let (Some(obj), Some(idx)) = (json.as_object_mut(), frame.index.as_ref()) {
        let first = design.rows.first().and_then(|r| idx.get(*r));
        let last = design.rows.last().and_then(|r| idx.get(*r));
        obj.insert("formula".into(), Value::from(formula));
        obj.insert("nobs_dropped".into(), Value::from(design.dropped));
        obj.insert(
            "sample".into(),
            serde_json::json!([first.map(|p| p.to_string()), last.map(|p| p.to_string())]),
        );
    }
    Ok((json, res.summary(), None, None))
}

fn fit_glm(frame: &Frame, spec: &ModelSpec, a: usize, b: usize) -> Result<Fitted> {
    use crate::models::glm::{Family, GlmParams};
    let formula = spec
        .formula
        .as_deref()
        .ok_or_else(|| Error::usage("a glm model needs formula = \"y ~ x + offset(log(pop))\""))?;
    let family: Family = spec.family.as_deref().unwrap_or("poisson").parse()?;
    let design = crate::formula::Formula::parse(formula)?.design(frame, a..b)?;
    let res = GlmParams::new(family).fit(&design)?;
    Ok((res.to_json(), res.summary(), None, None))
}

/// Rows `a..b` narrowed to the span where `y` is observed.
fn observed_rows(y: &[f64], a: usize, b: usize) -> Option<(usize, usize)> {
    let first = (a..b).find(|&i| y[i].is_finite())?;
    let last = (a..b).rev().find(|&i| y[i].is_finite())?;
    Some((first, last + 1))
}

/// The model of a previous SARIMA result: its specification (orders and
/// drift from the JSON, regressors `exog`), estimates (σ² last) and
/// standard errors; `None` unless they fit together.
fn prior_model(
    j: &Value,
    exog: &[String],
) -> Option<(crate::models::arima::SarimaParams, Vec<f64>, Vec<f64>)> {
    use crate::models::arima::SarimaParams;
    let ints = |k: &str| -> Option<Vec<usize>> {
        j[k].as_array()?
            .iter()
            .map(|v| v.as_u64().and_then(|u| usize::try_from(u).ok()))
            .collect()
    };
    let floats = |k: &str| -> Option<Vec<f64>> { j[k].as_array()?.iter().map(as_f64).collect() };
    let (o, so) = (ints("order")?, ints("seasonal_order")?);
    let (&[p, d, q], &[sp, sd, sq, s]) = (o.as_slice(), so.as_slice()) else {
        return None;
    };
    let names: Vec<&str> = j["param_names"]
        .as_array()?
        .iter()
        .map(Value::as_str)
        .collect::<Option<_>>()?;
    let drift = names.first() == Some(&"drift");
    let spec = SarimaParams::new((p, d, q))
        .seasonal((sp, sd, sq, s))
        .drift(drift)
        .exog_names(exog.to_vec());
    let mut expected = spec.param_names(exog.len());
    expected.push("sigma2".into());
    let (params, bse) = (floats("params")?, floats("bse")?);
    let ok = expected
        .iter()
        .map(String::as_str)
        .eq(names.iter().copied())
        && params.len() == names.len()
        && bse.len() == names.len()
        && params.iter().all(|v| v.is_finite());
    ok.then_some((spec, params, bse))
}

/// The `cov_params` matrix (`{names, matrix}`) of a previous result, if
/// it is `k x k`.
fn prior_cov(j: &Value, k: usize) -> Option<ndarray::Array2<f64>> {
    let rows = j["matrix"].as_array()?;
    let mut m = ndarray::Array2::zeros((k, k));
    if rows.len() != k {
        return None;
    }
    for (i, r) in rows.iter().enumerate() {
        let r = r.as_array()?;
        if r.len() != k {
            return None;
        }
        for (jj, v) in r.iter().enumerate() {
            m[[i, jj]] = as_f64(v)?;
        }
    }
    Some(m)
}

fn fit_arima(
    loaded: &Loaded,
    frame: &Frame,
    spec: &ModelSpec,
    a: usize,
    b: usize,
    prior: Option<Prior<'_>>,
) -> Result<(Fitted, Vec<ScenarioResult>)> {
    use crate::models::arima::{RefitMode, SarimaParams};
    let expr = spec
        .series
        .as_deref()
        .ok_or_else(|| Error::usage("a sarima model needs series = \"EXPR\""))?;
    let y_all = crate::formula::eval_expr(frame, expr)?;
    let (a, b) = observed_rows(&y_all, a, b)
        .ok_or_else(|| Error::not_enough_data(format!("sarima of {expr}"), 1, 0))?;
    let y = &y_all[a..b];
    let idx = frame
        .index
        .as_ref()
        .ok_or_else(|| Error::usage("a time-series model needs dated data"))?;
    let order = match spec.order.as_deref() {
        Some([p, d, q]) => (*p, *d, *q),
        Some(o) => return Err(Error::usage(format!("order = {o:?}: expected [p, d, q]"))),
        None => (1, 1, 1),
    };
    let h = spec.horizon.unwrap_or(8);
    // Exogenous regressors, with their future values from the frame.
    let mut exog_cols = Vec::new();
    for e in &spec.exog {
        exog_cols.push(crate::formula::eval_expr(frame, e)?);
    }
    let (exog, future) = if exog_cols.is_empty() {
        (None, None)
    } else {
        let k = exog_cols.len();
        let n = b - a;
        let x = ndarray::Array2::from_shape_fn((n, k), |(i, j)| exog_cols[j][a + i]);
        let avail = frame.nrows().saturating_sub(b).min(h);
        let complete = avail == h && (0..h).all(|i| exog_cols.iter().all(|c| c[b + i].is_finite()));
        if !complete && spec.scenarios.is_empty() {
            return Err(Error::usage(format!(
                "forecasting {h} periods with exogenous regressors needs their future values: the data have {avail} rows after the sample (or declare scenarios)"
            )));
        }
        // Without future values, a model with scenarios forecasts with
        // each regressor following its own forecast (see below).
        let fx =
            complete.then(|| ndarray::Array2::from_shape_fn((h, k), |(i, j)| exog_cols[j][b + i]));
        (Some(x), fx)
    };
    let mut params = SarimaParams::new(order).exog_names(spec.exog.clone());
    if let Some(s) = spec.seasonal.as_deref() {
        match s {
            [sp, sd, sq, period] => params = params.seasonal((*sp, *sd, *sq, *period)),
            o => {
                return Err(Error::usage(format!(
                    "seasonal = {o:?}: expected [P, D, Q, s]"
                )));
            }
        }
    }
    if spec.drift == Some(true) {
        params = params.drift(true);
    }
    // A re-fit: the previous result, if it was this kind of model and ok.
    let prior = prior.filter(|p| {
        p.json["status"].as_str() == Some("ok") && p.json["kind"].as_str() == Some(&spec.kind)
    });
    let prev = prior.and_then(|p| Some((p, prior_model(p.json, &spec.exog)?)));
    // The previous model, if the workspace still asks for it (a SARIMA's
    // orders unchanged; an automatic ARIMA's whatever it chose).
    let same_model = |m: &SarimaParams| {
        spec.kind == "auto-arima"
            || (m.order == params.order
                && m.seasonal_order == params.seasonal_order
                && m.drift == params.drift)
    };
    let mut refit_info = prior.map(|p| {
        serde_json::json!({
            "mode": match p.mode {
                RefitMode::KeepParams => "keep_params",
                RefitMode::Reestimate => "reestimate",
            },
            "previous_result": p.path,
        })
    });
    let keep = match &prev {
        Some((p, (m, v, se))) if p.mode == RefitMode::KeepParams && same_model(m) => {
            Some((p, m, v, se))
        }
        _ => None,
    };
    let warm = match &prev {
        Some((p, (m, v, _))) if p.mode == RefitMode::Reestimate && same_model(m) => {
            Some(m.clone().start_params(v.clone()))
        }
        _ => None,
    };
    if let (Some(info), Some(p)) = (refit_info.as_mut(), prior) {
        if p.mode == RefitMode::KeepParams && keep.is_none() {
            info["mode"] = Value::from("reestimate");
            info["note"] = Value::from(
                "the previous result does not match the model asked for: parameters re-estimated",
            );
        }
    }
    // `auto-arima` searches the orders (Hyndman & Khandakar 2008); `order`
    // and `seasonal` are then ignored, except the seasonal period.
    let (fit, base_json) = if let Some((p, m, v, se)) = keep {
        // `--no-reestimate`: the previous estimates (σ² too) over the new
        // data, which is `SarimaFit::refit(.., RefitMode::KeepParams)` for a
        // fit known only by its JSON; the standard errors stay those of the
        // estimation.
        let mut f = m.clone().fixed_params(v.clone()).fit(y, exog.as_ref())?;
        f.spec = m.clone();
        f.bse = se.clone();
        // The covariance of that estimation too (results written before
        // it was kept: the information at the same parameters, new data).
        if let Some(c) = prior_cov(&p.json["cov_params"], se.len()) {
            f.cov_params = c;
        }
        let mut j = f.to_json();
        if let (Some(obj), Some(old)) = (j.as_object_mut(), p.json.as_object()) {
            for k in ["models_tried", "seasonal_strength", "kpss_statistics"] {
                if let Some(v) = old.get(k) {
                    obj.insert(k.into(), v.clone());
                }
            }
        }
        (f, j)
    } else if spec.kind == "auto-arima" {
        let period = spec
            .seasonal
            .as_deref()
            .and_then(|s| s.get(3).copied())
            .unwrap_or_else(|| match idx[a].freq().periods_per_year() {
                12 => 12,
                4 => 4,
                _ => 1,
            });
        let mut ap = crate::models::arima::auto::AutoArimaParams::new(period);
        ap.exog_names = spec.exog.clone();
        ap.warm_start = warm;
        let auto = ap.fit(y, exog.as_ref())?;
        let j = auto.to_json();
        (auto.fit, j)
    } else {
        let f = warm.unwrap_or(params).fit(y, exog.as_ref())?;
        let j = f.to_json();
        (f, j)
    };
    if let Some(info) = refit_info.as_mut() {
        info["warm_start"] = Value::from(keep.is_none() && fit.spec.start_params.is_some());
    }
    let mut params = fit.spec.clone();
    // Backtests are fitted from the default starting values, as in a run.
    params.start_params = None;
    let last = idx[b - 1];
    let periods: Vec<Period> = (1..=h as i64).map(|k| last.offset(k)).collect();
    let levels = spec.levels.clone().unwrap_or_else(|| vec![80.0, 95.0]);
    let back = spec.back_transform.as_deref();
    let scen = if spec.scenarios.is_empty() {
        None
    } else {
        Some(model_scenarios(
            loaded,
            spec,
            &fit,
            &idx[a..],
            &exog_cols
                .iter()
                .map(|c| c[a..].to_vec())
                .collect::<Vec<_>>(),
            &periods,
            &levels,
            future.is_none(),
        )?)
    };
    let fc = match (&scen, future.as_ref()) {
        (Some((Some(base), _, _)), None) => base.forecast.clone(),
        _ => fit.forecast(h, future.as_ref(), periods, &levels)?,
    };
    let exp = back == Some("exp");
    let mut scenarios: Vec<ScenarioResult> = Vec::new();
    let mut scen_json = serde_json::Map::new();
    let mut basis = None;
    if let Some((base, list, _)) = &scen {
        if let Some(bs) = base {
            basis = Some(serde_json::json!({
                "note": "the data hold no future regressor values: each regressor follows its own ARIMA forecast, and the intervals carry its uncertainty",
                "exog_path": bs.path.to_json(),
            }));
            scenarios.push(if exp { bs.exp(false) } else { bs.clone() });
        }
        for r in list {
            let r = if exp { r.exp(false) } else { r.clone() };
            scen_json.insert(r.name.clone(), r.to_json());
            scenarios.push(r);
        }
    }
    let (fc, hist_values) = match back {
        Some("exp") => (fc.exp(false), y.iter().map(|v| v.exp()).collect()),
        None | Some("none") => (fc, y.to_vec()),
        Some(o) => {
            return Err(Error::usage(format!(
                "back_transform = \"{o}\": expected \"exp\" or \"none\""
            )));
        }
    };
    let inner = expr
        .trim()
        .strip_prefix("log(")
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(expr)
        .trim();
    let mut history = Series::new(inner, idx[a], hist_values);
    history.title = inner.to_string();
    let backtest = match spec.backtest {
        None | Some(0) => None,
        // `--no-reestimate` updates the forecasts only: the backtest (a
        // re-estimation at every origin) is carried over from the last run.
        Some(_) if keep.is_some() => {
            if let Some(info) = refit_info.as_mut() {
                info["backtest"] = Value::from("carried over from the previous result");
            }
            None
        }
        Some(origins) => {
            use crate::models::backtest::{ExogFuture, forecast_from_origin};
            // Regressors over each horizon: realised values (conditional
            // forecasts, the default) or their own ARIMA forecasts.
            let future = match spec.backtest_exog.as_deref() {
                None => ExogFuture::Realised,
                Some(v) => match v.parse::<ExogFuture>()? {
                    ExogFuture::Arima { .. } => ExogFuture::Arima {
                        order: match spec.driver_order.as_deref() {
                            Some([p, d, q]) => Some((*p, *d, *q)),
                            _ => None,
                        },
                    },
                    f => f,
                },
            };
            // Scored on the reported scale: offences, not log offences.
            let exp = back == Some("exp");
            let y_rep: Vec<f64> = if exp {
                y.iter().map(|v| v.exp()).collect()
            } else {
                y.to_vec()
            };
            let season = params.seasonal_order.3.max(1);
            let bp = crate::models::backtest::BacktestParams::new(h, origins, season);
            let r = crate::models::backtest::backtest(&y_rep, &bp, |train, hh| {
                let t: Vec<f64> = if exp {
                    train.iter().map(|v| v.ln()).collect()
                } else {
                    train.to_vec()
                };
                let fc = match exog.as_ref() {
                    None => {
                        let f = params.fit(&t, None)?;
                        f.forecast(hh, None, vec![last; hh], &[80.0, 95.0])?
                    }
                    Some(x) => {
                        let xt = x.slice(ndarray::s![..t.len(), ..]).to_owned();
                        let f = params.fit(&t, Some(&xt))?;
                        forecast_from_origin(
                            &f,
                            x,
                            &spec.exog,
                            &idx[a..b],
                            t.len(),
                            hh,
                            future,
                            &[80.0, 95.0],
                        )?
                    }
                };
                Ok(if exp { fc.exp(false) } else { fc })
            })?;
            Some((r, exog.is_some().then_some(future.as_str())))
        }
    };
    let mut json = base_json;
    if let Some(obj) = json.as_object_mut() {
        if let Some((r, future)) = &backtest {
            let mut bj = r.to_json();
            if let (Some(f), Some(o)) = (future, bj.as_object_mut()) {
                o.insert("exog_future".into(), Value::from(*f));
            }
            obj.insert("backtest".into(), bj);
        } else if let (Some(p), true) = (prior, keep.is_some()) {
            if let Some(bt) = p.json.get("backtest") {
                obj.insert("backtest".into(), bt.clone());
            }
        }
        if let Some(info) = refit_info {
            obj.insert("refit".into(), info);
        }
        obj.insert("forecast".into(), fc.to_json());
        // One-step innovations of the differenced series, v_t / sqrt(F_t)
        // with F_t per unit variance: R's `residuals(arima)` (statsmodels'
        // `resid` once the filter has settled, F_t -> 1). The last one
        // belongs to the sample's last period.
        obj.insert("resid".into(), crate::json::nums(&fit.std_resid));
        if let Some(bj) = basis {
            obj.insert("forecast_basis".into(), bj);
        }
        if !scen_json.is_empty() {
            obj.insert("scenarios".into(), Value::Object(scen_json));
            obj.insert(
                "scenario_uncertainty".into(),
                Value::from(spec.scenario_uncertainty.as_deref().unwrap_or("driver")),
            );
            if let Some((_, _, drivers)) = &scen {
                let mut dj = serde_json::Map::new();
                for d in drivers {
                    dj.insert(d.name.clone(), d.to_json());
                }
                obj.insert("driver_models".into(), Value::Object(dj));
            }
        }
        obj.insert("series".into(), Value::from(expr));
        obj.insert("back_transform".into(), Value::from(back.unwrap_or("none")));
        obj.insert(
            "sample".into(),
            serde_json::json!([idx[a].to_string(), last.to_string()]),
        );
    }
    Ok((
        (json, fit.summary_named(expr), Some(fc), Some(history)),
        scenarios,
    ))
}

/// The scenario forecasts of a `sarima` model with `scenarios` (model
/// scale): the baseline in which every regressor follows its own forecast
/// (when `baseline`), then each named scenario, and the driver models.
#[allow(clippy::too_many_arguments)]
fn model_scenarios(
    loaded: &Loaded,
    spec: &ModelSpec,
    fit: &crate::models::arima::SarimaFit,
    index: &[Period],
    history: &[Vec<f64>],
    periods: &[Period],
    levels: &[f64],
    baseline: bool,
) -> Result<(
    Option<ScenarioResult>,
    Vec<ScenarioResult>,
    Vec<crate::models::arima::DriverModel>,
)> {
    use crate::models::arima::{
        ScenarioOptions, ScenarioUncertainty, driver_forecast_scenario, fit_drivers,
        forecast_scenarios,
    };
    use crate::models::scenario::Scenario;
    let uncertainty: ScenarioUncertainty = spec
        .scenario_uncertainty
        .as_deref()
        .unwrap_or("driver")
        .parse()?;
    let driver_order = match spec.driver_order.as_deref() {
        None => None,
        Some([p, d, q]) => Some((*p, *d, *q)),
        Some(o) => {
            return Err(Error::usage(format!(
                "driver_order = {o:?}: expected [p, d, q]"
            )));
        }
    };
    let h = periods.len();
    let drivers = fit_drivers(&spec.exog, history, driver_order)?;
    let opts = ScenarioOptions {
        uncertainty,
        driver_order,
        levels: levels.to_vec(),
        ..Default::default()
    };
    let mut list = Vec::new();
    for name in &spec.scenarios {
        let sc = loaded
            .spec
            .scenarios
            .get(name)
            .ok_or_else(|| Error::usage(format!("scenario \"{name}\" is not declared")))?;
        let rules = sc.rules()?;
        let hist: Vec<(String, Vec<f64>)> = spec
            .exog
            .iter()
            .cloned()
            .zip(history.iter().cloned())
            .collect();
        let s = Scenario::from_rules(
            name,
            sc.label.as_deref().unwrap_or(name),
            &rules,
            index,
            &hist,
            h + index.len(),
        )?;
        list.push(s);
    }
    let results = forecast_scenarios(fit, &list, periods, index, history, &drivers, &opts)?;
    let base = if baseline {
        let s = driver_forecast_scenario(&drivers, index, history, h + index.len())?;
        let o = ScenarioOptions {
            uncertainty: opts.uncertainty.with_drivers(),
            ..opts.clone()
        };
        forecast_scenarios(fit, &[s], periods, index, history, &drivers, &o)?
            .into_iter()
            .next()
    } else {
        None
    };
    Ok((base, results, drivers))
}

/// One coefficient row read back from a result JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct CoefRow {
    /// Parameter name.
    pub name: String,
    /// Estimate.
    pub estimate: f64,
    /// Standard error.
    pub se: f64,
    /// 95% interval.
    pub ci: (f64, f64),
    /// p-value.
    pub pvalue: f64,
}

/// Reads the coefficient table from contract JSON (`param_names`,
/// `params`, `bse`, `conf_int`, `pvalues`).
///
/// ```
/// use colcrime::workspace::models::coef_rows;
/// let j = serde_json::json!({"param_names": ["const"], "params": [1.0], "bse": [0.5],
///     "conf_int": [[0.0, 2.0]], "pvalues": [0.04]});
/// assert_eq!(coef_rows(&j)[0].ci, (0.0, 2.0));
/// ```
pub fn coef_rows(j: &Value) -> Vec<CoefRow> {
    let arr = |k: &str| -> Vec<f64> {
        j[k].as_array()
            .map(|a| a.iter().map(|v| as_f64(v).unwrap_or(f64::NAN)).collect())
            .unwrap_or_default()
    };
    let names: Vec<String> = j["param_names"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    let (p, se, pv) = (arr("params"), arr("bse"), arr("pvalues"));
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let ci = j["conf_int"][i]
                .as_array()
                .map(|c| {
                    (
                        c.first().and_then(as_f64).unwrap_or(f64::NAN),
                        c.get(1).and_then(as_f64).unwrap_or(f64::NAN),
                    )
                })
                .unwrap_or((f64::NAN, f64::NAN));
            CoefRow {
                name: n.clone(),
                estimate: p.get(i).copied().unwrap_or(f64::NAN),
                se: se.get(i).copied().unwrap_or(f64::NAN),
                ci,
                pvalue: pv.get(i).copied().unwrap_or(f64::NAN),
            }
        })
        .collect()
}

/// A VAR of `variables`, with the command line's JSON (lag selection,
/// Granger causality, impulse responses, forecasts).
fn fit_var(frame: &Frame, spec: &ModelSpec, a: usize, b: usize) -> Result<Fitted> {
    if spec.variables.len() < 2 {
        return Err(Error::usage(
            "a var model needs variables = [\"a\", \"b\", ...] (two or more)",
        ));
    }
    let opts = crate::models::var::VarOptions {
        series: spec.variables.join(","),
        lags: spec.lags,
        trend: spec.trend.clone().unwrap_or_else(|| "c".into()),
        select_maxlags: spec
            .select_maxlags
            .or(if spec.lags.is_none() { Some(8) } else { None }),
        irf: spec.irf,
        horizon: Some(spec.horizon.unwrap_or(0)),
        level: spec
            .levels
            .as_ref()
            .map(|l| {
                l.iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_else(|| "80,95".into()),
    };
    let out = crate::models::var::var_on_frame(frame, a, b, &opts)?;
    Ok((out.json, out.table, None, None))
}

/// ADF (constant, lag by AIC), KPSS (constant, automatic bandwidth) and,
/// if `tests` lists `za`, Zivot–Andrews (one break, lag by AIC) on each of
/// `variables`: `{"tests": [{series, adf, kpss, za, reading}]}` (a test not
/// run is absent; `za` carries `break_date`, the last period before the
/// break).
fn fit_unit_root(frame: &Frame, spec: &ModelSpec, a: usize, b: usize) -> Result<Fitted> {
    use crate::models::unitroot::{
        AdfParams, AdfRegression, KpssLags, KpssRegression, ZaParams, ZaRegression, adf, kpss,
        zivot_andrews,
    };
    if spec.variables.is_empty() {
        return Err(Error::usage(
            "a unit_root model needs variables = [\"a\", ...]",
        ));
    }
    let chosen: Vec<String> = spec
        .tests
        .clone()
        .unwrap_or_else(|| vec!["adf".into(), "kpss".into()]);
    let has = |t: &str| chosen.iter().any(|c| c == t);
    let (run_adf, run_kpss, run_za) = (has("adf"), has("kpss"), has("za"));
    if let Some(t) = chosen
        .iter()
        .find(|t| !matches!(t.as_str(), "adf" | "kpss" | "za"))
    {
        return Err(Error::usage(format!(
            "unit_root tests: unknown test \"{t}\" (expected adf, kpss or za)"
        )));
    }
    let ct = matches!(spec.trend.as_deref(), Some("ct"));
    let mut tests = Vec::new();
    let mut table = format!("{:<28}", "series");
    if run_adf {
        table.push_str(&format!("{:>10}{:>9}{:>6}", "ADF", "p", "lags"));
    }
    if run_kpss {
        table.push_str(&format!("{:>10}{:>9}{:>6}", "KPSS", "p", "lags"));
    }
    if run_za {
        table.push_str(&format!("{:>10}{:>9}{:>10}", "ZA", "p", "break"));
    }
    table.push_str("  reading\n");
    for expr in &spec.variables {
        let col = crate::formula::eval_expr(frame, expr)?;
        let window = col.get(a..b.min(col.len())).unwrap_or(&[]);
        let first = window.iter().position(|v| v.is_finite());
        let last = window.iter().rposition(|v| v.is_finite());
        let (Some(f), Some(l)) = (first, last) else {
            return Err(Error::not_enough_data(
                format!("unit-root tests of {expr}"),
                10,
                0,
            ));
        };
        let y = &window[f..=l];
        let label = |i: usize| {
            frame
                .index
                .as_ref()
                .and_then(|ix| ix.get(a + f + i))
                .map_or_else(|| format!("row {}", a + f + i + 1), |p| p.to_string())
        };
        if let Some(gap) = y.iter().position(|v| !v.is_finite()) {
            return Err(Error::usage(format!(
                "unit-root tests of {expr}: missing at {} inside the sample",
                label(gap)
            )));
        }
        let reg = if ct {
            AdfRegression::Ct
        } else {
            AdfRegression::C
        };
        let kreg = if ct {
            KpssRegression::Ct
        } else {
            KpssRegression::C
        };
        let zreg = if ct {
            ZaRegression::Ct
        } else {
            ZaRegression::C
        };
        let ad = run_adf
            .then(|| adf(y, &AdfParams::new().regression(reg)))
            .transpose()?;
        let kp = run_kpss
            .then(|| kpss(y, kreg, KpssLags::Auto))
            .transpose()?;
        // A series too short for ZA's lags and trimming is reported in its
        // row (`za: {error}`) rather than failing the whole table.
        let za_run = run_za.then(|| zivot_andrews(y, &ZaParams::new().regression(zreg)));
        let za_err = za_run
            .as_ref()
            .and_then(|r| r.as_ref().err().map(ToString::to_string));
        let za = za_run.and_then(std::result::Result::ok);
        let mut reading = match (&ad, &kp) {
            (Some(ad), Some(kp)) => match (ad.pvalue < 0.05, kp.pvalue < 0.05) {
                (true, false) => "stationary (both tests agree)",
                (false, true) => "unit root (both tests agree)",
                (true, true) => "conflicting: ADF rejects a unit root, KPSS rejects stationarity",
                (false, false) => "inconclusive: neither test rejects",
            }
            .to_string(),
            (Some(ad), None) if ad.pvalue < 0.05 => "ADF rejects a unit root".to_string(),
            (Some(_), None) => "ADF does not reject a unit root".to_string(),
            (None, Some(kp)) if kp.pvalue < 0.05 => "KPSS rejects stationarity".to_string(),
            (None, Some(_)) => "KPSS does not reject stationarity".to_string(),
            (None, None) => String::new(),
        };
        let mut za_json = Value::Null;
        if let Some(z) = &za {
            let brk = label(z.bpidx);
            let text = if z.pvalue < 0.05 {
                format!("ZA rejects a unit root allowing a break after {brk}")
            } else {
                format!(
                    "ZA does not reject a unit root even allowing a break (most likely after {brk})"
                )
            };
            reading = if reading.is_empty() {
                text
            } else {
                format!("{reading}; {text}")
            };
            za_json = z.to_json();
            if let Some(o) = za_json.as_object_mut() {
                o.insert("break_date".into(), Value::from(brk));
            }
        }
        if let Some(e) = &za_err {
            let text = format!("ZA not computed ({e})");
            reading = if reading.is_empty() {
                text
            } else {
                format!("{reading}; {text}")
            };
            za_json = serde_json::json!({ "error": e });
        }
        let mut line = format!("{:<28}", expr.chars().take(27).collect::<String>());
        if let Some(ad) = &ad {
            line.push_str(&format!(
                "{:>10.3}{:>9.3}{:>6}",
                ad.statistic, ad.pvalue, ad.usedlag
            ));
        }
        if let Some(kp) = &kp {
            line.push_str(&format!(
                "{:>10.3}{:>9.3}{:>6}",
                kp.statistic, kp.pvalue, kp.lags
            ));
        }
        if let Some(z) = &za {
            line.push_str(&format!(
                "{:>10.3}{:>9.3}{:>10}",
                z.statistic,
                z.pvalue,
                za_json["break_date"].as_str().unwrap_or("")
            ));
        } else if run_za {
            line.push_str(&format!("{:>10}{:>9}{:>10}", "n/a", "n/a", "n/a"));
        }
        table.push_str(&format!("{line}  {reading}\n"));
        let mut t = serde_json::Map::new();
        t.insert("series".into(), Value::from(expr.clone()));
        if let Some(ad) = &ad {
            t.insert("adf".into(), ad.to_json());
        }
        if let Some(kp) = &kp {
            t.insert("kpss".into(), kp.to_json());
        }
        if run_za {
            t.insert("za".into(), za_json);
        }
        t.insert("reading".into(), Value::from(reading));
        tests.push(Value::Object(t));
    }
    if run_adf {
        table.push_str("ADF: H0 unit root (constant");
        table.push_str(if ct { " and trend" } else { "" });
        table.push_str(", lags by AIC), MacKinnon p-values. ");
    }
    if run_kpss {
        table.push_str("KPSS: H0 stationary (automatic bandwidth), p-values interpolated in Kwiatkowski et al.'s table within 0.01-0.10. ");
    }
    if run_za {
        table.push_str(
            "ZA: H0 unit root without a break, against stationarity with one break in the ",
        );
        table.push_str(if ct {
            "intercept and trend"
        } else {
            "intercept"
        });
        table.push_str(" (Zivot and Andrews 1992, lags by AIC; break: last period before it).");
    }
    table.push('\n');
    Ok((
        serde_json::json!({"model": "unit_root", "tests": tests}),
        table,
        None,
        None,
    ))
}

/// `y` and the `x` of an `ardl` or `ecm` model evaluated on rows `a..b`,
/// with rows missing in any of them dropped at the ends (a gap inside is
/// an error, as in `colcrime fit ardl`): the series, their names and the
/// periods of the rows kept.
struct LrSample {
    y: Vec<f64>,
    x: Vec<Vec<f64>>,
    y_name: String,
    x_names: Vec<String>,
    labels: Vec<String>,
}

fn lr_sample(frame: &Frame, spec: &ModelSpec, a: usize, b: usize) -> Result<LrSample> {
    let kind = spec.kind.as_str();
    let y_name = spec
        .y
        .clone()
        .ok_or_else(|| Error::usage(format!("an {kind} model needs y = \"EXPR\"")))?;
    if spec.x.is_empty() {
        return Err(Error::usage(format!(
            "an {kind} model needs x = [\"EXPR\", ...]"
        )));
    }
    let mut exprs = vec![y_name.clone()];
    exprs.extend(spec.x.iter().cloned());
    let cols: Vec<Vec<f64>> = exprs
        .iter()
        .map(|e| crate::formula::eval_expr(frame, e))
        .collect::<Result<_>>()?;
    let b = cols.iter().map(Vec::len).fold(b, usize::min);
    let ok = |i: usize| cols.iter().all(|c| c.get(i).is_some_and(|v| v.is_finite()));
    let label = |i: usize| {
        frame
            .index
            .as_ref()
            .and_then(|ix| ix.get(i))
            .map_or_else(|| format!("row {}", i + 1), ToString::to_string)
    };
    let (Some(first), Some(last)) = ((a..b).find(|&i| ok(i)), (a..b).rev().find(|&i| ok(i))) else {
        return Err(Error::not_enough_data(
            format!("{kind} of {} (no complete observations)", exprs.join(", ")),
            1,
            0,
        ));
    };
    for (e, c) in exprs.iter().zip(&cols) {
        if let Some(i) = (first..=last).find(|&i| c.get(i).is_none_or(|v| !v.is_finite())) {
            return Err(Error::domain(format!(
                "{kind}: `{e}` is missing at {} inside the sample {} to {}; \
                 the model needs complete series (missing values are dropped only at the ends)",
                label(i),
                label(first),
                label(last)
            )));
        }
    }
    let mut series: Vec<Vec<f64>> = cols
        .into_iter()
        .map(|c| c.get(first..=last).map(<[f64]>::to_vec).unwrap_or_default())
        .collect();
    let y = series.remove(0);
    Ok(LrSample {
        y,
        x: series,
        y_name,
        x_names: spec.x.clone(),
        labels: (first..=last).map(label).collect(),
    })
}

/// `[P]` or one order per regressor, as `fit ardl --xlags`.
fn per_regressor(v: &[usize], nx: usize, field: &str) -> Result<Vec<usize>> {
    match v {
        [q] => Ok(vec![*q; nx]),
        _ if v.len() == nx => Ok(v.to_vec()),
        _ => Err(Error::usage(format!(
            "{field}: {} orders for {nx} regressors; give one for all or one per regressor",
            v.len()
        ))),
    }
}

/// An ARDL with its UECM, bounds test and long-run coefficients: the JSON
/// of `colcrime fit ardl` (statsmodels' names), with `sample` and
/// `estimation_sample`.
fn fit_ardl(frame: &Frame, spec: &ModelSpec, a: usize, b: usize) -> Result<Fitted> {
    use crate::models::ardl::{ArdlData, ArdlParams, ArdlTrend, Ic, select_order};
    let s = lr_sample(frame, spec, a, b)?;
    let nx = s.x_names.len();
    let trend = ArdlTrend::parse(spec.trend.as_deref().unwrap_or("c"))?;
    let d = ArdlData::new(s.y.clone(), s.x.clone(), &s.y_name, &s.x_names)?;
    let (mut params, selection) = match spec.select_maxlags {
        Some(p) => {
            let q = per_regressor(
                spec.select_xmaxlags.as_deref().unwrap_or(&[p]),
                nx,
                "select_xmaxlags",
            )?;
            let ic = Ic::parse(spec.ic.as_deref().unwrap_or("bic"))?;
            let sel = select_order(&d, p, &q, trend, ic)
                .map_err(|e| e.context("ardl order selection"))?;
            let params = ArdlParams::new(sel.lags, &[])
                .xlags_opt(sel.xlags.clone())
                .trend(trend);
            (params, Some(sel))
        }
        None => {
            let q = per_regressor(spec.xlags.as_deref().unwrap_or(&[1]), nx, "xlags")?;
            (
                ArdlParams::new(spec.lags.unwrap_or(1), &q).trend(trend),
                None,
            )
        }
    };
    if let Some(c) = spec.case {
        params = params.case(c);
    }
    let mut r = params
        .fit(&d)
        .map_err(|e| e.context(format!("ardl of `{}`", s.y_name)))?;
    r.order_selection = selection;
    let mut j = r.to_json();
    let (start, end) = (
        s.labels.first().cloned().unwrap_or_default(),
        s.labels.last().cloned().unwrap_or_default(),
    );
    if let Some(o) = j.as_object_mut() {
        o.insert(
            "sample".into(),
            serde_json::json!({"start": start, "end": end, "nobs": s.y.len()}),
        );
        if let Some(first) = s.labels.get(r.hold_back) {
            o.insert(
                "estimation_sample".into(),
                serde_json::json!({"start": first, "end": end, "nobs": r.ols.nobs}),
            );
        }
    }
    let table = format!(
        "y: {}    x: {}    Sample: {start} to {end}\n{}",
        s.y_name,
        s.x_names.join(", "),
        r.summary()
    );
    Ok((j, table, None, None))
}

/// An Engle–Granger error-correction model: the JSON of `colcrime fit ecm`,
/// plus the short-run regression's `param_names`, `params`, `bse`,
/// `tvalues`, `pvalues` and `conf_int` at the top level (the adjustment
/// coefficient among them), which the change report compares.
fn fit_ecm(frame: &Frame, spec: &ModelSpec, a: usize, b: usize) -> Result<Fitted> {
    use crate::models::ecm::{EcmParams, fit_ecm as ecm};
    use crate::models::ols::CovType;
    let cov = CovType::parse(
        spec.cov.as_deref().unwrap_or("nonrobust"),
        spec.maxlags,
        spec.hac_correction.unwrap_or(false),
    )?;
    let params = EcmParams::new().lags(spec.lags.unwrap_or(0)).cov_type(cov);
    let s = lr_sample(frame, spec, a, b)?;
    let r = ecm(&s.y, &s.x, &s.y_name, &s.x_names, &params)
        .map_err(|e| e.context(format!("ecm of `{}`", s.y_name)))?;
    let mut j = r.to_json();
    let short = j["short_run"].clone();
    if let Some(o) = j.as_object_mut() {
        o.insert("y".into(), Value::from(s.y_name.clone()));
        o.insert("x".into(), serde_json::json!(s.x_names));
        o.insert(
            "sample".into(),
            serde_json::json!({
                "start": s.labels.first(),
                "end": s.labels.last(),
                "nobs": s.y.len()
            }),
        );
        for k in [
            "param_names",
            "params",
            "bse",
            "tvalues",
            "pvalues",
            "conf_int",
            "nobs",
            "cov_type",
        ] {
            if let Some(v) = short.get(k) {
                o.insert(k.into(), v.clone());
            }
        }
    }
    Ok((j, r.summary(), None, None))
}
