//! `colcrime backtest` end to end: a case computed by hand (a random walk
//! model, whose forecasts are the naive ones), the counting of origins and
//! horizons, the other models, errors, and a regression with ARIMA errors
//! backtested with realised or forecast regressors against statsmodels
//! re-fits (tests/reference/backtest_exog).
#![allow(clippy::needless_range_loop)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{REL_CLOSED, assert_close_floor, f64s};
use serde_json::Value;

fn run(args: &[&str]) -> (i32, Value, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_colcrime"))
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let v = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), v, stdout, stderr)
}

/// A monthly random walk from 2020-01 with fixed, irregular steps.
fn random_walk(n: usize) -> Vec<f64> {
    let steps = [
        1.5, -0.7, 2.2, 0.3, -1.9, 0.8, 1.1, -0.4, 0.6, -2.5, 1.7, 0.2, -0.9,
    ];
    let mut y = vec![100.0];
    for t in 1..n {
        y.push(y[t - 1] + steps[(t * 5) % steps.len()]);
    }
    y
}

fn write_csv(dir: &Path, y: &[f64]) -> String {
    let mut text = String::from("date,y\n");
    for (t, v) in y.iter().enumerate() {
        text.push_str(&format!("{}-{:02},{v}\n", 2020 + t / 12, t % 12 + 1));
    }
    let p = dir.join("rw.csv");
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

/// z for a two-sided level (80%, 95%).
const Z80: f64 = 1.2815515655446004;
const Z95: f64 = 1.959963984540054;

#[test]
fn random_walk_model_is_the_naive_forecast_scored_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let n = 40;
    let y = random_walk(n);
    let csv = write_csv(dir.path(), &y);
    let (code, j, _, err) = run(&[
        "backtest",
        "sarima",
        "--data",
        &csv,
        "--series",
        "y",
        "--order",
        "0,1,0",
        "--horizon",
        "3",
        "--origins",
        "6",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    // Origins: the last 6 training sizes; the last training period of each.
    let origins: Vec<usize> = j["origins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(origins, vec![34, 35, 36, 37, 38, 39]);
    assert_eq!(j["origin_periods"][0], "2022-10");
    assert_eq!(j["origin_periods"][5], "2023-03");
    let rows = j["by_horizon"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    // Horizon h is scored at the origins whose outturn exists: 6, 5, 4.
    for (h, row) in rows.iter().enumerate() {
        assert_eq!(row["h"], h + 1);
        assert_eq!(row["n"], 6 - h);
    }
    assert_eq!(j["overall"]["n"], 15);
    // By hand: the forecast from origin t at horizon h is y[t-1], with
    // standard error sqrt(h σ²_t), σ²_t the mean squared step of y[..t]
    // (ML without a mean); MASE scales by the in-sample MAE of the lag-12
    // seasonal-naive forecast.
    for (hi, row) in rows.iter().enumerate() {
        let h = hi + 1;
        let (mut abs, mut sq, mut pct, mut scaled, mut in80, mut in95, mut snaive) =
            (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        let mut k = 0.0;
        for &t in &origins {
            let Some(&actual) = y.get(t + h - 1) else {
                continue;
            };
            let e = actual - y[t - 1];
            let s2 = (1..t).map(|i| (y[i] - y[i - 1]).powi(2)).sum::<f64>() / (t - 1) as f64;
            let se = (h as f64 * s2).sqrt();
            let scale = (12..t).map(|i| (y[i] - y[i - 12]).abs()).sum::<f64>() / (t - 12) as f64;
            abs += e.abs();
            sq += e * e;
            pct += (e / actual).abs() * 100.0;
            scaled += e.abs() / scale;
            in80 += f64::from(u8::from(e.abs() <= Z80 * se));
            in95 += f64::from(u8::from(e.abs() <= Z95 * se));
            snaive += (actual - y[t + h - 1 - 12]).abs();
            k += 1.0;
        }
        let close = |a: f64, b: f64, what: &str| {
            assert_close_floor(a, b, REL_CLOSED, 1.0, &format!("h={h} {what}"));
        };
        close(f(&row["mae"]), abs / k, "mae");
        close(f(&row["naive_mae"]), abs / k, "naive mae = mae");
        close(f(&row["rmse"]), (sq / k).sqrt(), "rmse");
        close(f(&row["naive_rmse"]), (sq / k).sqrt(), "naive rmse");
        close(f(&row["mape"]), pct / k, "mape");
        close(f(&row["mase"]), scaled / k, "mase");
        close(f(&row["snaive_mae"]), snaive / k, "snaive mae");
        close(f(&row["coverage_80"]), in80 / k, "coverage 80");
        close(f(&row["coverage_95"]), in95 / k, "coverage 95");
        close(f(&row["coverage"]["95"]), in95 / k, "coverage[95]");
    }
    assert_eq!(j["model"]["kind"], "sarima");
    assert_eq!(j["season"], 12);
    // The table has a row per horizon and a pooled row.
    let (code, _, table, err) = run(&[
        "backtest",
        "sarima",
        "--data",
        &csv,
        "--series",
        "y",
        "--order",
        "0,1,0",
        "--horizon",
        "3",
        "--origins",
        "6",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(table.contains("Steps ahead"), "{table}");
    assert!(
        table.contains("S-naive MAE") && table.contains("In 95%"),
        "{table}"
    );
    assert!(
        table.lines().any(|l| l.trim_start().starts_with("all")),
        "{table}"
    );
}

#[test]
fn other_levels_ets_and_seasonal_models() {
    let dir = tempfile::tempdir().unwrap();
    let y: Vec<f64> = (0..60)
        .map(|t| 50.0 + 0.3 * t as f64 + [3.0, -1.0, 0.5, -2.5][t % 4] + ((t * 7) % 5) as f64 * 0.4)
        .collect();
    let csv = write_csv(dir.path(), &y);
    let (code, j, _, err) = run(&[
        "backtest",
        "ets",
        "--data",
        &csv,
        "--series",
        "y",
        "--error",
        "add",
        "--trend",
        "add",
        "--seasonal",
        "add",
        "--period",
        "4",
        "--horizon",
        "4",
        "--origins",
        "8",
        "--level",
        "50,90",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(j["season"], 4);
    let row = &j["by_horizon"][0];
    assert_eq!(row["n"], 8);
    assert!(row["coverage"]["50"].is_number() && row["coverage"]["90"].is_number());
    assert_eq!(row["coverage_80"], "NaN");
    assert_eq!(j["overall"]["n"], 8 + 7 + 6 + 5);
    let (code, j, _, err) = run(&[
        "backtest",
        "sarima",
        "--data",
        &csv,
        "--series",
        "log(y)",
        "--order",
        "0,1,1",
        "--seasonal",
        "0,1,1,4",
        "--horizon",
        "2",
        "--origins",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(j["model"]["seasonal"][3], 4);
    assert_eq!(j["by_horizon"][1]["n"], 4);
}

#[test]
fn too_short_series_and_bad_options_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path(), &random_walk(30));
    // 25 origins leave 5 training points at the first; 2 * 12 + 8 are needed
    // (the benchmark's seasonal lag is the monthly data's 12).
    let (code, _, _, err) = run(&[
        "backtest",
        "sarima",
        "--data",
        &csv,
        "--series",
        "y",
        "--order",
        "0,1,0",
        "--horizon",
        "1",
        "--origins",
        "25",
        "--format",
        "json",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("needs at least 57 observations, but only 30"),
        "{err}"
    );
    let (code, _, _, err) = run(&[
        "backtest",
        "prophet",
        "--data",
        &csv,
        "--series",
        "y",
        "--origins",
        "3",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("prophet"), "{err}");
    // A kind that does not forecast a series.
    let (code, _, _, err) = run(&[
        "backtest",
        "ols",
        "--data",
        &csv,
        "--formula",
        "y ~ 1",
        "--origins",
        "3",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("does not forecast a series"), "{err}");
    let (code, _, _, err) = run(&[
        "backtest",
        "sarima",
        "--data",
        &csv,
        "--series",
        "nope",
        "--order",
        "0,1,0",
        "--origins",
        "3",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("nope"), "{err}");
}

fn exog_dir() -> std::path::PathBuf {
    common::reference_dir("backtest_exog")
}

fn exog_expected() -> Value {
    common::read_json(&exog_dir().join("expected.json"))
}

/// Relative error, absolute below 1e-12.
#[track_caller]
fn close(a: f64, b: f64, rel: f64, what: &str) {
    assert_close_floor(a, b, rel, 1e-12, what);
}

/// The CLI arguments of the reference backtest (tests/reference/backtest_exog).
fn exog_args<'a>(csv: &'a str, future: &'a str) -> Vec<&'a str> {
    let mut a = vec![
        "--format",
        "json",
        "backtest",
        "sarima",
        "--data",
        csv,
        "--series",
        "y",
        "--order",
        "1,0,0",
        "--drift",
        "--exog",
        "x",
        "--horizon",
        "4",
        "--origins",
        "10",
        "--backtest-exog",
        future,
    ];
    if future == "arima" {
        a.extend(["--driver-order", "1,0,0"]);
    }
    a
}

#[test]
fn regression_with_arima_errors_matches_statsmodels_refits() {
    let exp = exog_expected();
    let csv = exog_dir().join("input.csv").display().to_string();
    for future in ["realised", "arima"] {
        let (code, j, _, err) = run(&exog_args(&csv, future));
        assert_eq!(code, 0, "{err}");
        assert_eq!(j["exog_future"], future);
        assert_eq!(j["exog"][0], "x");
        let want = exp[format!("scores_{future}")].as_array().unwrap();
        let got = j["by_horizon"].as_array().unwrap();
        assert_eq!(got.len(), 4);
        for (g, w) in got.iter().zip(want) {
            let what = format!("{future} h = {}", w["h"]);
            assert_eq!(g["n"], w["n"], "{what}");
            // Optima agree to ~1e-6; the scores inherit it.
            close(f(&g["mae"]), f(&w["mae"]), 1e-4, &format!("{what} mae"));
            close(f(&g["rmse"]), f(&w["rmse"]), 1e-4, &format!("{what} rmse"));
            assert_eq!(g["coverage_80"], w["coverage_80"], "{what} coverage 80");
            assert_eq!(g["coverage_95"], w["coverage_95"], "{what} coverage 95");
        }
    }
}

#[test]
fn forecast_at_one_origin_matches_a_direct_statsmodels_refit() {
    use colcrime::models::arima::SarimaParams;
    use colcrime::models::backtest::{ExogFuture, forecast_from_origin};
    let exp = exog_expected();
    let frame = colcrime::series::Frame::read_csv(&exog_dir().join("input.csv")).unwrap();
    let y = frame.column("y").unwrap().to_vec();
    let x = frame.column("x").unwrap().to_vec();
    let n = y.len();
    let xm = ndarray::Array2::from_shape_vec((n, 1), x).unwrap();
    let t = exp["origins"][0].as_u64().unwrap() as usize;
    let fit = SarimaParams::new((1, 0, 0))
        .drift(true)
        .exog_names(vec!["x".into()])
        .fit(&y[..t], Some(&xm.slice(ndarray::s![..t, ..]).to_owned()))
        .unwrap();
    let names = vec!["x".to_string()];
    let sm = f64s(&exp["realised"][0]["params"]);
    for i in 0..3 {
        close(fit.params[i], sm[i], 1e-4, &format!("param {i}"));
    }
    for (future, key) in [
        (ExogFuture::Realised, "realised"),
        (
            ExogFuture::Arima {
                order: Some((1, 0, 0)),
            },
            "arima",
        ),
    ] {
        let fc = forecast_from_origin(&fit, &xm, &names, &[], t, 4, future, &[80.0, 95.0]).unwrap();
        let (mean, se) = (f64s(&exp[key][0]["mean"]), f64s(&exp[key][0]["se"]));
        for h in 0..4 {
            close(fc.point[h], mean[h], 1e-5, &format!("{key} mean {h}"));
            close(fc.se[h], se[h], 1e-4, &format!("{key} se {h}"));
            let b = fc.band(0.95).unwrap();
            close(
                b.upper[h],
                mean[h] + Z95 * se[h],
                1e-4,
                &format!("{key} upper {h}"),
            );
        }
    }
}

#[test]
fn regressor_gaps_are_clear_errors() {
    // The data with x missing at 2013 Q2 (a forecast origin of the last
    // origins) or at the end (shorter than the horizon).
    let text = std::fs::read_to_string(exog_dir().join("input.csv")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let blank = |rows: &[usize], name: &str| -> String {
        let out: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                // Line 0 is the header; data row r is line r + 1.
                if i > 0 && rows.contains(&(i - 1)) {
                    let mut p: Vec<&str> = l.split(',').collect();
                    p[2] = "";
                    p.join(",")
                } else {
                    l.to_string()
                }
            })
            .collect();
        let p = dir.path().join(name);
        std::fs::write(&p, out.join("\n") + "\n").unwrap();
        p.display().to_string()
    };
    let short = blank(&[98, 99], "short.csv");
    let (code, _, _, err) = run(&exog_args(&short, "realised"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("regressor \"x\" has no value for 2014 Q3")
            && err.contains("--backtest-exog arima"),
        "{err}"
    );
    // A regressor missing at an origin (published behind the series: a
    // ragged edge) is refused with realised values, and filled from its
    // own forecast with --backtest-exog arima.
    let gap = blank(&[93], "gap.csv");
    let (code, _, _, err) = run(&exog_args(&gap, "realised"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("regressor \"x\" has no value for 2013 Q2"),
        "{err}"
    );
    let (code, j, _, err) = run(&exog_args(&gap, "arima"));
    assert_eq!(code, 0, "{err}");
    assert!(j["overall"]["n"].as_u64().unwrap() > 0, "{j}");
    // --backtest-exog arima without regressors.
    let (code, _, _, err) = run(&[
        "backtest",
        "sarima",
        "--data",
        &short,
        "--series",
        "y",
        "--order",
        "1,0,0",
        "--origins",
        "5",
        "--backtest-exog",
        "arima",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--backtest-exog arima) applies to models with regressors"),
        "{err}"
    );
}

/// Every forecasting kind is backtested through its own `fit`: the one-step
/// error of `backtest holt-winters` at its single origin is that of
/// `fit holt-winters --train-end ORIGIN`.
#[test]
fn holt_winters_backtest_is_its_fit_at_the_origin() {
    let dir = tempfile::tempdir().unwrap();
    let y: Vec<f64> = (0..48)
        .map(|t| 80.0 + 0.5 * t as f64 + [4.0, -2.0, 1.0, -3.0][t % 4] + ((t * 3) % 7) as f64 * 0.3)
        .collect();
    let csv = write_csv(dir.path(), &y);
    let opts = [
        "--series",
        "y",
        "--trend",
        "add",
        "--seasonal",
        "add",
        "--period",
        "4",
    ];
    let mut args = vec![
        "--format",
        "json",
        "backtest",
        "holt-winters",
        "--data",
        &csv,
    ];
    args.extend(opts);
    args.extend(["--horizon", "1", "--origins", "1"]);
    let (code, bt, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(bt["model"]["kind"], "holt-winters");
    // The origin saw 47 values: the last is 2023-11.
    assert_eq!(bt["origin_periods"][0], "2023-11");
    let mut args = vec!["--format", "json", "fit", "holt-winters", "--data", &csv];
    args.extend(opts);
    args.extend(["--horizon", "1", "--train-end", "2023-11"]);
    let (code, fit, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let mean = f(&fit["forecast"]["mean"][0]);
    assert_close_floor(
        f(&bt["by_horizon"][0]["mae"]),
        (y[47] - mean).abs(),
        REL_CLOSED,
        1e-12,
        "one-step absolute error",
    );
    assert_eq!(bt["by_horizon"][0]["n"], 1);
}
