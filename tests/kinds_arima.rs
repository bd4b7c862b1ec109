//! The `sarima` and `auto-arima` kinds through the library API
//! (`KindOptions::from_table`): the reference cases of tests/reference/arima
//! (R `arima(method = "ML")`, statsmodels `SARIMAX`), the same JSON as the
//! `colcrime fit sarima` / `fit auto-arima` / `backtest` commands on the
//! same data, re-fits from a restored fitted model, the back-transform and
//! the backtest.
#![allow(clippy::needless_range_loop)]

use std::path::PathBuf;

use assert_cmd::Command;
use colcrime::kinds::{Detail, FittedModel, KindOptions, ModelData, Prior, Report, SearchRecord};
use colcrime::models::arima::RefitMode;
use colcrime::models::backtest::BacktestResult;
use colcrime::series::Frame;
use serde_json::Value;

/// Closed-form identities (a transform of the same numbers).
const REL_EXACT: f64 = 1e-12;
/// The same computation reached by two paths (the command line and the
/// kind): equal up to the last digits printed.
const REL_SAME: f64 = 1e-10;
/// Likelihoods at fixed parameters against R / statsmodels.
const REL_LLF: f64 = 1e-9;
/// Iterative optimisation (MLE) and forecasts against R's `predict`.
const REL_ITER: f64 = 1e-6;
/// Standard errors from a numerical Hessian against R's.
const REL_BSE: f64 = 2e-3;
/// Estimates against R and statsmodels: absolute, on the scale
/// `max(|param|, 0.05)`.
const ABS_PARAM: f64 = 1e-4;

#[track_caller]
fn assert_close(actual: f64, expected: f64, rel: f64, what: &str) {
    let err = (actual - expected).abs() / expected.abs().max(1e-300);
    assert!(
        actual == expected || err <= rel,
        "{what}: actual {actual:.15e}, expected {expected:.15e}, relative error {err:.3e} > {rel:.0e}"
    );
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn table(text: &str) -> toml::Table {
    toml::from_str(text).unwrap()
}

fn fit(kind: &str, options: &str, frame: &Frame) -> Report {
    let k = KindOptions::from_table(kind, table(options)).unwrap();
    k.fit(&ModelData::new(frame, 0..frame.nrows()).unwrap())
        .unwrap()
}

/// A re-fit of `previous` (read back as the next run reads it) in `mode`.
fn refit(kind: &str, options: &str, frame: &Frame, previous: &Report, mode: RefitMode) -> Report {
    let k = KindOptions::from_table(kind, table(options)).unwrap();
    let mut d = ModelData::new(frame, 0..frame.nrows()).unwrap();
    d.prior = Some(prior(previous, mode));
    k.fit(&d).unwrap()
}

// ------------------------------------------------------------ references

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/arima")
}

/// Every case of tests/reference/arima (a folder with `expected.json`).
fn reference_cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(reference_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A case's expected values and its data, with the regressor's future
/// rows (the series missing) appended for the forecast.
fn reference(name: &str) -> (Value, String) {
    let d = reference_dir().join(name);
    let exp: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("expected.json")).unwrap()).unwrap();
    let mut csv = std::fs::read_to_string(d.join("input.csv")).unwrap();
    for v in exp.get("future_x").map(f64s).unwrap_or_default() {
        csv.push_str(&format!(",{v}\n"));
    }
    (exp, csv)
}

/// The kind's options for a reference case, with extra lines.
fn reference_options(exp: &Value, has_x: bool, extra: &str) -> String {
    let list = |k: &str| {
        f64s(&exp[k])
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "series = \"y\"\norder = [{}]\nseasonal = [{}]\ndrift = {}\nexog = [{}]\n{extra}",
        list("order"),
        list("seasonal"),
        exp["drift"].as_bool().unwrap(),
        if has_x { "\"x\"" } else { "" }
    )
}

#[test]
fn reference_estimates_llf_and_forecasts() {
    let cases = reference_cases();
    assert!(cases.len() >= 6, "{cases:?}");
    for name in &cases {
        let (exp, csv) = reference(name);
        let frame = Frame::from_csv_str("input.csv", &csv).unwrap();
        let has_x = frame.column("x").is_ok();
        let h = exp["horizon"].as_u64().unwrap();
        // Estimates: the optimum of R and statsmodels.
        let r = fit(
            "sarima",
            &reference_options(&exp, has_x, &format!("horizon = {h}\n")),
            &frame,
        );
        let Detail::Arima { fit: est, .. } = &r.detail else {
            panic!("{name}: not an ARIMA detail");
        };
        assert!(est.converged, "{name}");
        assert!(
            est.llf >= exp["sm_llf"].as_f64().unwrap() - REL_ITER,
            "{name}: llf {} below statsmodels' optimum",
            est.llf
        );
        let (rp, sm) = (f64s(&exp["params"]), f64s(&exp["sm_params"]));
        for i in 0..rp.len() {
            let c = &r.coefficients[i];
            assert_eq!(c.name, exp["param_names"][i], "{name}");
            let tol = ABS_PARAM * rp[i].abs().max(0.05);
            assert!(
                (c.estimate - rp[i]).abs() <= tol,
                "{name} {}: {} vs R {}",
                c.name,
                c.estimate,
                rp[i]
            );
            assert!((c.estimate - sm[i]).abs() <= tol, "{name} {}", c.name);
        }
        for (i, b) in f64s(&exp["bse"]).iter().enumerate() {
            assert_close(
                r.coefficients[i].se,
                *b,
                REL_BSE,
                &format!("{name} bse[{i}]"),
            );
        }
        // The coefficient table's intervals and p-values are normal ones.
        for c in &r.coefficients {
            assert_close(
                c.ci.1 - c.estimate,
                1.959963984540054 * c.se,
                REL_EXACT,
                &format!("{name} {} interval", c.name),
            );
            assert!(c.pvalue >= 0.0 && c.pvalue <= 1.0);
        }
        // At R's estimates (σ² included): the likelihood and R's predict.
        let mut fixed = rp.clone();
        fixed.push(exp["sigma2"].as_f64().unwrap());
        let fixed = fixed
            .iter()
            .map(|v| format!("{v:e}"))
            .collect::<Vec<_>>()
            .join(", ");
        let r = fit(
            "sarima",
            &reference_options(
                &exp,
                has_x,
                &format!("horizon = {h}\nfixed_params = [{fixed}]\n"),
            ),
            &frame,
        );
        assert_close(
            r.json["llf"].as_f64().unwrap(),
            exp["llf_fixed_full"].as_f64().unwrap(),
            REL_LLF,
            &format!("{name} llf at fixed parameters"),
        );
        assert_eq!(r.json["nobs"], exp["nobs"], "{name} nobs");
        let f = r.forecast.as_ref().unwrap();
        let (em, es) = (f64s(&exp["forecast_mean"]), f64s(&exp["forecast_se"]));
        assert_eq!(f.point.len(), em.len(), "{name}");
        for i in 0..em.len() {
            assert_close(f.point[i], em[i], REL_ITER, &format!("{name} mean[{i}]"));
            assert_close(f.se[i], es[i], REL_ITER, &format!("{name} se[{i}]"));
        }
    }
}

// ------------------------------------------------ the command line's JSON

/// Deterministic noise of unit scale: sums of four hashed uniforms
/// (`frac(sin(a) * 43758.5453)`, a shader-style hash), centred.
fn noise(seed: f64, n: usize) -> Vec<f64> {
    let uniform = |a: f64| (a.sin() * 43_758.545_3).rem_euclid(1.0);
    (0..n)
        .map(|t| {
            let a = t as f64 * 12.9898 + seed * 78.233;
            (0..4).map(|j| uniform(a + j as f64 * 3.17)).sum::<f64>() * 1.7 - 3.4
        })
        .collect()
}

/// Quarterly data from 2005 Q1: `y` (seasonal, trending, with AR errors
/// and an effect of `x`) for `n` quarters, `x` (a random walk) for `n +
/// future` quarters.
fn quarterly_text(n: usize, future: usize) -> String {
    let e = noise(7.0, n);
    let u = noise(11.0, n + future);
    let mut x = vec![2.0];
    for t in 1..n + future {
        x.push(x[t - 1] + 0.3 * u[t]);
    }
    let mut a = 0.0;
    let mut text = String::from("date,y,x\n");
    for t in 0..n + future {
        let q = t % 4;
        let date = format!("{} Q{}", 2005 + t / 4, q + 1);
        if t < n {
            a = 0.5 * a + 0.4 * e[t];
            let season = [0.8, -0.3, 0.4, -0.9][q];
            let y = 50.0 + 0.15 * t as f64 + season + 0.6 * x[t] + a;
            text.push_str(&format!("{date},{y},{}\n", x[t]));
        } else {
            text.push_str(&format!("{date},,{}\n", x[t]));
        }
    }
    text
}

/// [`quarterly_text`] as a frame.
fn quarterly(n: usize, future: usize) -> Frame {
    Frame::from_csv_str("data.csv", &quarterly_text(n, future)).unwrap()
}

/// `colcrime ARGS --data CSV --format json` on quarterly data of `n`
/// quarters (`future` more of the regressor), and the kind `kind` with the
/// TOML `options` on the same data. `{dir}` in either stands for the
/// folder the data are written to (with `files`, name and text).
struct Both {
    cli: Value,
    kind: Report,
    frame: Frame,
}

fn cli_and_kind(
    args: &str,
    kind: &str,
    options: &str,
    data: (usize, usize),
    files: &[(&str, &str)],
) -> Both {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("data.csv");
    std::fs::write(&csv, quarterly_text(data.0, data.1)).unwrap();
    let frame = quarterly(data.0, data.1);
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let at = |s: &str| s.replace("{dir}", &dir.path().display().to_string());
    let out = Command::cargo_bin("colcrime")
        .unwrap()
        .args(at(args).split_whitespace())
        .args(["--data", &csv.display().to_string(), "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "colcrime {args}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Both {
        cli: serde_json::from_slice(&out.stdout).unwrap(),
        kind: fit(kind, &at(options), &frame),
        frame,
    }
}

/// Every key of `expected` is in `actual` with the same value (numbers to
/// `REL_SAME`), recursively.
#[track_caller]
fn assert_contains(actual: &Value, expected: &Value, path: &str) {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for (k, v) in e {
                let sub = format!("{path}.{k}");
                let got = a
                    .get(k)
                    .unwrap_or_else(|| panic!("{sub}: missing in the kind's JSON"));
                assert_contains(got, v, &sub);
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "{path}: lengths");
            for (i, (x, y)) in a.iter().zip(e).enumerate() {
                assert_contains(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::Number(a), Value::Number(e)) => {
            assert_close(a.as_f64().unwrap(), e.as_f64().unwrap(), REL_SAME, path);
        }
        (a, e) => assert_eq!(a, e, "{path}"),
    }
}

#[test]
fn plain_sarima_json_equals_the_command_line() {
    let Both { cli, kind: r, .. } = cli_and_kind(
        "fit sarima --series y --order 1,1,1 --seasonal 0,1,1,4 --horizon 8",
        "sarima",
        "series = \"y\"\norder = [1, 1, 1]\nseasonal = [0, 1, 1, 4]\nhorizon = 8",
        (60, 0),
        &[],
    );
    assert_contains(&r.to_json(), &cli, "sarima");
    // Keys the kind adds: the scale, the restorable model.
    assert_eq!(r.json["back_transform"], "none");
    let fm: FittedModel = serde_json::from_value(r.json["fitted_model"].clone()).unwrap();
    assert_eq!(Some(fm), r.fitted);
    // Typed parts: sample, history, residuals with their periods.
    let (a, b) = r.sample.unwrap();
    assert_eq!(
        (a.to_string(), b.to_string()),
        ("2005 Q1".into(), "2019 Q4".into())
    );
    assert_eq!(r.history.as_ref().unwrap().len(), 60);
    let resid = r.residuals.as_ref().unwrap();
    assert_eq!(resid.len(), 55, "60 minus d + D s = 5");
    assert_eq!(resid.start().to_string(), cli["resid_periods"][0]);
    assert_eq!(
        r.forecast.as_ref().unwrap().periods[0].to_string(),
        "2020 Q1"
    );
    assert!(r.table.contains("SARIMAX Results") && r.table.contains("Forecast of y"));
}

#[test]
fn sarima_with_future_regressor_rows_equals_the_command_line() {
    let Both { cli, kind: r, .. } = cli_and_kind(
        "fit sarima --series y --order 1,0,0 --seasonal 0,1,1,4 --drift --exog x",
        "sarima",
        "series = \"y\"\norder = [1, 0, 0]\nseasonal = [0, 1, 1, 4]\ndrift = true\nexog = [\"x\"]",
        (60, 6),
        &[],
    );
    assert_contains(&r.to_json(), &cli, "sarima with exog");
    // The default horizon is the regressors' future rows.
    assert_eq!(r.forecast.as_ref().unwrap().point.len(), 6);
    assert_eq!(r.coefficients[1].name, "x");
}

#[test]
fn sarima_with_a_scenario_file_equals_the_command_line() {
    let paths = "scenario,date,x\nhigh,2020 Q1,4\nhigh,2020 Q2,4.5\nhigh,2020 Q3,5\nhigh,2020 Q4,5\n\
                 low,2020 Q1,1\nlow,2020 Q2,1\nlow,2020 Q3,1\nlow,2020 Q4,1\n";
    let Both { cli, kind: r, .. } = cli_and_kind(
        "fit sarima --series y --order 1,0,0 --seasonal 0,1,1,4 --exog x --scenario {dir}/paths.csv \
         --scenario-uncertainty all --driver-order 0,1,1",
        "sarima",
        "series = \"y\"\norder = [1, 0, 0]\nseasonal = [0, 1, 1, 4]\nexog = [\"x\"]\n\
         scenario = [\"{dir}/paths.csv\"]\nscenario_uncertainty = \"all\"\ndriver_order = [0, 1, 1]",
        (60, 0),
        &[("paths.csv", paths)],
    );
    assert_contains(&r.to_json(), &cli, "sarima with scenarios");
    assert!(cli["forecast_basis"].is_object(), "no future rows: drivers");
    // Typed: the baseline first, then the scenarios in file order.
    let names: Vec<&str> = r.scenarios.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["driver_forecast", "high", "low"]);
    assert_eq!(
        r.forecast.as_ref().unwrap().point,
        r.scenarios[0].forecast.point
    );
    let Detail::Arima {
        scenario_uncertainty,
        drivers,
        ..
    } = &r.detail
    else {
        panic!("not an ARIMA detail");
    };
    assert_eq!(scenario_uncertainty.as_deref(), Some("all"));
    assert_eq!(drivers[0], ("x".to_string(), "ARIMA(0,1,1)".to_string()));
}

#[test]
fn auto_arima_json_equals_the_command_line() {
    let Both { cli, kind: r, .. } = cli_and_kind(
        "fit auto-arima --series y --horizon 4",
        "auto-arima",
        "series = \"y\"\nhorizon = 4",
        (60, 0),
        &[],
    );
    assert_contains(&r.to_json(), &cli, "auto-arima");
    assert_eq!(r.json["period"], 4);
    assert!(r.table.contains("Automatic ARIMA"));
    let Some(FittedModel::Sarima(state)) = &r.fitted else {
        panic!("no fitted model");
    };
    assert_eq!(Value::from(state.order.0), cli["order"][0]);
}

// ------------------------------------------------------------- re-fits

fn prior(r: &Report, mode: RefitMode) -> Prior {
    // The fitted model as a re-fit reads it back from the written result.
    let text = serde_json::to_string(&r.to_json()).unwrap();
    let written: Value = serde_json::from_str(&text).unwrap();
    // The record of an automatic search, read typed (the other keys of
    // the result are ignored).
    let carried: SearchRecord = serde_json::from_value(written.clone()).unwrap();
    Prior {
        fitted: serde_json::from_value(written["fitted_model"].clone()).unwrap(),
        backtest: written
            .get("backtest")
            .map(|b| serde_json::from_value::<BacktestResult>(b.clone()).unwrap()),
        carried,
        path: "runs/1/results/m.json".into(),
        mode,
        unchanged: false,
    }
}

const AIRLINE4: &str = "series = \"y\"\norder = [0, 1, 1]\nseasonal = [0, 1, 1, 4]\nhorizon = 4";

#[test]
fn keep_params_refit_keeps_the_estimates() {
    let frame = quarterly(64, 0);
    // The first fit saw four quarters fewer.
    let old = KindOptions::from_table("sarima", table(AIRLINE4))
        .unwrap()
        .fit(&ModelData::new(&frame, 0..60).unwrap())
        .unwrap();
    let kept = refit("sarima", AIRLINE4, &frame, &old, RefitMode::KeepParams);
    assert_eq!(kept.json["params"], old.json["params"]);
    assert_eq!(kept.json["bse"], old.json["bse"]);
    assert_eq!(kept.json["cov_params"], old.json["cov_params"]);
    assert_eq!(
        kept.fitted.as_ref().map(|FittedModel::Sarima(s)| &s.params),
        old.fitted.as_ref().map(|FittedModel::Sarima(s)| &s.params)
    );
    assert_eq!(kept.json["iterations"], 0);
    assert_eq!(kept.json["refit"]["mode"], "keep_params");
    assert_eq!(kept.json["refit"]["warm_start"], false);
    assert_eq!(
        kept.json["refit"]["previous_result"],
        "runs/1/results/m.json"
    );
    // The forecast starts after the new data.
    assert_eq!(kept.forecast.unwrap().periods[0].to_string(), "2021 Q1");
    // On the same data the kept model is the old fit.
    let same = KindOptions::from_table("sarima", table(AIRLINE4)).unwrap();
    let mut d = ModelData::new(&frame, 0..60).unwrap();
    d.prior = Some(prior(&old, RefitMode::KeepParams));
    let same = same.fit(&d).unwrap();
    assert_close(
        same.json["llf"].as_f64().unwrap(),
        old.json["llf"].as_f64().unwrap(),
        REL_EXACT,
        "llf of the kept model on the same data",
    );
    assert_eq!(same.json["forecast"], old.json["forecast"]);
}

#[test]
fn keep_params_for_another_model_reestimates_and_says_so() {
    let frame = quarterly(60, 0);
    let old = fit("sarima", AIRLINE4, &frame);
    let other = "series = \"y\"\norder = [1, 1, 0]\nseasonal = [0, 1, 1, 4]\nhorizon = 4";
    let r = refit("sarima", other, &frame, &old, RefitMode::KeepParams);
    assert_eq!(r.json["refit"]["mode"], "reestimate");
    assert!(
        r.json["refit"]["note"]
            .as_str()
            .unwrap()
            .contains("does not match")
    );
    assert_eq!(r.json["param_names"][0], "ar.L1");
}

#[test]
fn reestimate_refit_starts_warm_and_reaches_the_same_optimum() {
    let frame = quarterly(60, 0);
    let cold = fit("sarima", AIRLINE4, &frame);
    let warm = refit("sarima", AIRLINE4, &frame, &cold, RefitMode::Reestimate);
    assert_eq!(warm.json["refit"]["mode"], "reestimate");
    assert_eq!(warm.json["refit"]["warm_start"], true);
    assert_close(
        warm.json["llf"].as_f64().unwrap(),
        cold.json["llf"].as_f64().unwrap(),
        REL_ITER,
        "llf of the warm re-estimation",
    );
    assert!(warm.json["iterations"].as_u64().unwrap() <= cold.json["iterations"].as_u64().unwrap());
}

#[test]
fn auto_arima_keep_params_carries_the_search() {
    let frame = quarterly(60, 0);
    let opts = "series = \"y\"\nhorizon = 4";
    let old = fit("auto-arima", opts, &frame);
    let kept = refit("auto-arima", opts, &frame, &old, RefitMode::KeepParams);
    assert_eq!(kept.json["params"], old.json["params"]);
    assert_eq!(kept.json["order"], old.json["order"]);
    assert_eq!(kept.json["models_tried"], old.json["models_tried"]);
    assert_eq!(kept.json["period"], 4);
    let warm = refit("auto-arima", opts, &frame, &old, RefitMode::Reestimate);
    assert_eq!(warm.json["refit"]["warm_start"], true);
    assert_eq!(warm.json["order"], old.json["order"]);
    assert_close(
        warm.json["llf"].as_f64().unwrap(),
        old.json["llf"].as_f64().unwrap(),
        REL_ITER,
        "auto-arima warm llf",
    );
}

// ------------------------------------------------------ back-transform

#[test]
fn exp_back_transform_gives_exp_of_the_log_medians() {
    let frame = quarterly(60, 0);
    let base = "series = \"log(y)\"\norder = [0, 1, 1]\nseasonal = [0, 1, 1, 4]\nhorizon = 6";
    let log = fit("sarima", base, &frame);
    let lvl = fit(
        "sarima",
        &format!("{base}\nback_transform = \"exp\""),
        &frame,
    );
    let (fl, fe) = (log.forecast.unwrap(), lvl.forecast.unwrap());
    for i in 0..6 {
        assert_close(
            fe.point[i],
            fl.point[i].exp(),
            REL_EXACT,
            &format!("median[{i}]"),
        );
        for (bl, be) in fl.bands.iter().zip(&fe.bands) {
            assert_close(be.lower[i], bl.lower[i].exp(), REL_EXACT, "lower band");
            assert_close(be.upper[i], bl.upper[i].exp(), REL_EXACT, "upper band");
        }
    }
    assert_eq!(lvl.json["back_transform"], "exp");
    assert_close(
        lvl.json["forecast"]["mean"][0].as_f64().unwrap(),
        fl.point[0].exp(),
        REL_EXACT,
        "JSON forecast on the reported scale",
    );
    // The history is y itself, named without log().
    let h = lvl.history.unwrap();
    assert_eq!(h.name, "y");
    let y = frame.column("y").unwrap();
    assert_close(h.values()[10], y[10], REL_EXACT, "history");
    // The estimates are those of the log model.
    assert_eq!(lvl.json["params"], log.json["params"]);
}

// ------------------------------------------------------------- backtest

#[test]
fn backtest_equals_the_backtest_command() {
    let Both {
        cli,
        kind: r,
        frame,
    } = cli_and_kind(
        "backtest sarima --series y --order 0,1,1 --seasonal 0,1,1,4 --horizon 4 --origins 4",
        "sarima",
        &format!("{AIRLINE4}\nbacktest = 4"),
        (60, 0),
        &[],
    );
    for k in ["origins", "season", "by_horizon", "overall"] {
        assert_contains(&r.json["backtest"][k], &cli[k], &format!("backtest.{k}"));
    }
    let Detail::Arima { backtest, .. } = &r.detail else {
        panic!("not an ARIMA detail");
    };
    assert_eq!(backtest.as_ref().unwrap().origins, vec![56, 57, 58, 59]);
    assert!(r.table.contains("Backtest from 4 origins"));
    // A kept model carries the backtest over.
    let kept = refit(
        "sarima",
        &format!("{AIRLINE4}\nbacktest = 4"),
        &frame,
        &r,
        RefitMode::KeepParams,
    );
    assert_eq!(kept.json["backtest"], r.json["backtest"]);
    assert_eq!(
        kept.json["refit"]["backtest"],
        "carried over from the previous result"
    );
}

#[test]
fn backtest_of_a_random_walk_on_logs_is_the_naive_forecast() {
    let frame = quarterly(60, 0);
    let r = fit(
        "sarima",
        "series = \"log(y)\"\norder = [0, 1, 0]\nhorizon = 3\nback_transform = \"exp\"\nbacktest = 5",
        &frame,
    );
    let Detail::Arima { backtest, .. } = &r.detail else {
        panic!("not an ARIMA detail");
    };
    let bt = backtest.as_ref().unwrap();
    // The median of a random walk in logs is the last value: the naive
    // forecast, scored on the scale of y.
    for a in bt.horizons.iter().chain(&bt.overall) {
        assert_close(a.mae, a.naive_mae, REL_EXACT, &format!("h = {} MAE", a.h));
        assert_close(
            a.rmse,
            a.naive_rmse,
            REL_EXACT,
            &format!("h = {} RMSE", a.h),
        );
    }
    // A non-seasonal model on quarterly data is still compared with the
    // seasonal-naive forecast at the data's lag.
    assert_eq!(bt.season, 4);
}

#[test]
fn impossible_options_are_refused_before_fitting() {
    for (kind, text, needle) in [
        (
            "sarima",
            "series = \"y\"\nback_transform = \"log\"",
            "back_transform",
        ),
        (
            "sarima",
            "series = \"y\"\nseasonal = [0, 1, 1, 1]",
            "seasonal period",
        ),
        ("sarima", "series = \"y\"\nscenarios = [\"high\"]", "exog"),
        (
            "sarima",
            "series = \"y\"\nexog = [\"x\"]\nscenario_method = \"guess\"",
            "scenario_method",
        ),
        (
            "sarima",
            "series = \"y\"\ndriver_order = [1, 1]",
            "driver_order",
        ),
        ("auto-arima", "series = \"y\"\nperiod = 0", "period"),
        ("auto-arima", "series = \"y\"\nalpha = 1.5", "alpha"),
    ] {
        let e = KindOptions::from_table(kind, table(text)).unwrap_err();
        assert!(e.to_string().contains(needle), "{text}: {e}");
    }
}
