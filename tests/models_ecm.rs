//! Engle-Granger error-correction model against the same two regressions
//! and `coint` done by statsmodels (tests/reference/ecm/).

mod common;

use std::path::PathBuf;

use colcrime::json::as_f64;
use colcrime::models::ecm::{EcmParams, fit_ecm};
use colcrime::models::ols::{CovType, OlsResult};
use colcrime::series::Frame;
use common::{REL_CLOSED, assert_close_or_zero, f64s};
use serde_json::Value;

fn refdir() -> PathBuf {
    common::reference_dir("ecm")
}

fn expected() -> Value {
    common::read_json(&refdir().join("expected.json"))
}

fn check(r: &OlsResult, e: &Value, what: &str) {
    assert_eq!(
        r.params.len(),
        e["params"].as_array().unwrap().len(),
        "{what}"
    );
    for key in ["params", "bse", "tvalues", "pvalues"] {
        let want = f64s(&e[key]);
        let got = match key {
            "params" => &r.params,
            "bse" => &r.bse,
            "tvalues" => &r.tvalues,
            _ => &r.pvalues,
        };
        for (j, (a, b)) in got.iter().zip(&want).enumerate() {
            assert_close_or_zero(*a, *b, REL_CLOSED, &format!("{what} {key}[{j}]"));
        }
    }
    assert_eq!(r.nobs as f64, as_f64(&e["nobs"]).unwrap(), "{what} nobs");
    for (key, v) in [
        ("rsquared", r.rsquared),
        ("ssr", r.ssr),
        ("llf", r.llf),
        ("fvalue", r.fvalue),
    ] {
        assert_close_or_zero(
            v,
            as_f64(&e[key]).unwrap(),
            REL_CLOSED,
            &format!("{what} {key}"),
        );
    }
}

fn load(file: &str, y: &str, xs: &[&str]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let f = Frame::read_csv(&refdir().join(file)).unwrap();
    let y = colcrime::formula::eval_expr(&f, y).unwrap();
    let x = xs
        .iter()
        .map(|e| colcrime::formula::eval_expr(&f, e).unwrap())
        .collect();
    (y, x)
}

#[test]
fn robbery_cpi_real_data() {
    let e = &expected()["robbery_cpi"];
    let (y, x) = load("robbery_cpi.csv", "log(robbery)", &["log(cpi)"]);
    let r = fit_ecm(
        &y,
        &x,
        "log(robbery)",
        &["log(cpi)".into()],
        &EcmParams::new().lags(1),
    )
    .unwrap();
    check(&r.long_run, &e["long_run"], "long run");
    check(&r.short_run, &e["short_run"], "short run");
    assert_close_or_zero(
        r.adjustment,
        as_f64(&e["adjustment"]).unwrap(),
        REL_CLOSED,
        "adjustment",
    );
    assert_close_or_zero(
        r.coint.as_ref().unwrap().statistic,
        as_f64(&e["coint"]["statistic"]).unwrap(),
        REL_CLOSED,
        "coint statistic",
    );
    assert_close_or_zero(
        r.coint.as_ref().unwrap().pvalue,
        as_f64(&e["coint"]["pvalue"]).unwrap(),
        REL_CLOSED,
        "coint p",
    );
    assert_eq!(
        r.short_run.param_names,
        vec![
            "const",
            "ect.L1",
            "D.log(cpi)",
            "L1.D.log(robbery)",
            "L1.D.log(cpi)"
        ]
    );
    let j = r.to_json();
    assert_eq!(j["model"], "ecm");
    assert!(j["short_run"]["bse"].is_array() && j["long_run"]["params"].is_array());
    assert!(j["coint"]["statistic"].is_number());
}

#[test]
fn synthetic_two_regressors_nonrobust_and_hac() {
    let all = expected();
    let (y, x) = load("synthetic.csv", "y", &["x1", "x2"]);
    let names = vec!["x1".to_string(), "x2".to_string()];
    let r = fit_ecm(&y, &x, "y", &names, &EcmParams::new().lags(2)).unwrap();
    let e = &all["synthetic"];
    check(&r.long_run, &e["long_run"], "long run");
    check(&r.short_run, &e["short_run"], "short run");
    assert_close_or_zero(
        r.coint.as_ref().unwrap().statistic,
        as_f64(&e["coint"]["statistic"]).unwrap(),
        REL_CLOSED,
        "coint",
    );
    let hac = EcmParams::new().lags(2).cov_type(CovType::Hac {
        maxlags: Some(4),
        correction: false,
    });
    let rh = fit_ecm(&y, &x, "y", &names, &hac).unwrap();
    check(
        &rh.short_run,
        &all["synthetic_hac"]["short_run"],
        "short run HAC",
    );
    assert_close_or_zero(
        rh.adjustment,
        as_f64(&all["synthetic_hac"]["adjustment"]).unwrap(),
        REL_CLOSED,
        "adjustment",
    );
}

#[test]
fn bad_input_is_an_error() {
    let (y, x) = load("synthetic.csv", "y", &["x1"]);
    let names = vec!["x1".to_string()];
    let short = fit_ecm(
        &y[..8],
        &[x[0][..8].to_vec()],
        "y",
        &names,
        &EcmParams::new().lags(3),
    );
    let err = short.unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    let mut yy = y.clone();
    yy[10] = f64::NAN;
    assert!(fit_ecm(&yy, &x, "y", &names, &EcmParams::new()).is_err());
    let cl = EcmParams::new().cov_type(CovType::Cluster { correction: true });
    assert!(fit_ecm(&y, &x, "y", &names, &cl).is_err());
}

fn cli(args: &[&str]) -> (i32, Value) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_colcrime"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), v)
}

#[test]
fn cli_fit_ecm_and_fit_ols_cluster() {
    let (code, j) = cli(&[
        "--format",
        "json",
        "fit",
        "ecm",
        "--data",
        "tests/reference/ecm/synthetic.csv",
        "--y",
        "y",
        "--x",
        "x1,x2",
        "--lags",
        "2",
        "--cov",
        "HAC",
        "--maxlags",
        "4",
    ]);
    assert_eq!(code, 0);
    let e = &expected()["synthetic_hac"];
    assert_close_or_zero(
        as_f64(&j["adjustment"]).unwrap(),
        as_f64(&e["adjustment"]).unwrap(),
        REL_CLOSED,
        "cli adjustment",
    );
    let bse = f64s(&j["short_run"]["bse"]);
    assert_close_or_zero(
        bse[1],
        f64s(&e["short_run"]["bse"])[1],
        REL_CLOSED,
        "cli bse",
    );
    assert_eq!(j["short_run"]["cov_type"], "HAC");
    assert!(j["long_run"]["params"].is_array() && j["coint"]["pvalue"].is_number());
    let (code, _) = cli(&[
        "--format",
        "json",
        "fit",
        "ecm",
        "--data",
        "tests/reference/ecm/synthetic.csv",
        "--y",
        "y",
        "--x",
        "x1",
        "--lags",
        "100",
    ]);
    assert_eq!(code, 2);
    let (code, j) = cli(&[
        "--format",
        "json",
        "fit",
        "ols",
        "--data",
        "tests/reference/ols/borough_panel/input.csv",
        "--formula",
        "log(robbery) ~ unemployment + C(borough) + C(year)",
        "--cov",
        "cluster",
        "--groups",
        "borough",
        "--influence",
    ]);
    assert_eq!(code, 0);
    assert_eq!(j["cov_type"], "cluster");
    assert_eq!(j["n_groups"], 32);
    assert!(
        j["param_names"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "C(borough)[T.Camden]")
    );
    assert_eq!(j["cooks_distance"].as_array().unwrap().len(), 384);
    assert!(j["diagnostics"]["jarque_bera"]["statistic"].is_number());
    let (code, _) = cli(&[
        "fit",
        "ols",
        "--data",
        "tests/reference/ols/borough_panel/input.csv",
        "--formula",
        "log(robbery) ~ unemployment",
        "--cov",
        "cluster",
    ]);
    assert_eq!(code, 2);
}
