//! A long (tidy) panel, one row per borough and month, through the binary:
//! `fit ols` and `fit glm` accept it (borough and month fixed effects,
//! `offset(log(pop))`, `--train-end DATE` keeping every borough's rows up
//! to that date) and match statsmodels (tests/reference/long_panel; see
//! SOURCE.md there); `fit sarima` refuses it, naming the line where a month
//! repeats.

use std::path::PathBuf;

use assert_cmd::Command;
use colcrime::json::as_f64;
use serde_json::Value;

/// Closed-form least squares.
const REL_OLS: f64 = 1e-9;
/// Iterated fits (IRLS, Newton on the NB2 likelihood).
const REL_ITER: f64 = 1e-6;

fn case_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/long_panel/boroughs_2022")
}

fn input() -> String {
    case_dir().join("input.csv").display().to_string()
}

fn expected() -> Value {
    let text = std::fs::read_to_string(case_dir().join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[track_caller]
fn assert_close(actual: f64, expected: f64, rel: f64, what: &str) {
    let err = if actual == expected {
        0.0
    } else {
        (actual - expected).abs() / expected.abs().max(1e-300)
    };
    assert!(
        err <= rel,
        "{what}: actual {actual:.17e}, expected {expected:.17e}, relative error {err:.3e} > {rel:.0e}"
    );
}

fn f64s(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(a) => a.iter().flat_map(f64s).collect(),
        _ => vec![as_f64(v).unwrap()],
    }
}

/// Runs the binary; returns the exit code, stdout as JSON and stderr.
fn run(args: &[&str]) -> (i32, Value, String) {
    let out = Command::cargo_bin("colcrime")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `fit ...` on the panel, which must succeed; its JSON.
fn fit(command: &[&str], case: &Value) -> Value {
    let data = input();
    let mut args = vec!["--format", "json", "fit"];
    args.extend_from_slice(command);
    args.extend(["--data", data.as_str(), "--formula"]);
    args.push(case["formula"].as_str().unwrap());
    if let Some(end) = case.get("train_end").and_then(Value::as_str) {
        args.extend(["--train-end", end]);
    }
    let (code, json, stderr) = run(&args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    json
}

/// Compares the keys named, and the parameter names.
#[track_caller]
fn compare(got: &Value, exp: &Value, keys: &[&str], rel: f64, case: &str) {
    assert_eq!(got["param_names"], exp["param_names"], "{case}");
    for key in keys {
        let (a, b) = (f64s(&got[*key]), f64s(&exp[*key]));
        assert_eq!(a.len(), b.len(), "{case} {key}");
        for (i, (a, b)) in a.iter().zip(&b).enumerate() {
            assert_close(*a, *b, rel, &format!("{case} {key}[{i}]"));
        }
    }
}

const COMMON: [&str; 8] = [
    "params", "bse", "tvalues", "pvalues", "conf_int", "nobs", "df_resid", "llf",
];

#[test]
fn fit_ols_on_a_long_panel_matches_statsmodels() {
    let exp = expected();
    for case in ["ols_borough_fe", "ols_two_way_fe", "ols_train_end"] {
        let e = &exp[case];
        let got = fit(&["ols"], e);
        compare(&got, e, &COMMON, REL_OLS, case);
        compare(
            &got,
            e,
            &[
                "df_model",
                "rsquared",
                "rsquared_adj",
                "fvalue",
                "ssr",
                "aic",
                "bic",
            ],
            REL_OLS,
            case,
        );
    }
}

#[test]
fn fit_glm_on_a_long_panel_matches_statsmodels() {
    let exp = expected();
    let e = &exp["glm_poisson"];
    let got = fit(&["glm", "--family", "poisson"], e);
    compare(&got, e, &COMMON, REL_ITER, "glm_poisson");
    compare(
        &got,
        e,
        &["df_model", "deviance", "pearson_chi2", "aic"],
        REL_ITER,
        "glm_poisson",
    );
    let e = &exp["glm_negbin"];
    let got = fit(&["glm", "--family", "negbin"], e);
    compare(&got, e, &COMMON[..6], REL_ITER, "glm_negbin");
    compare(
        &got,
        e,
        &["llf", "alpha", "alpha_bse"],
        REL_ITER,
        "glm_negbin",
    );
}

#[test]
fn fit_sarima_refuses_a_long_panel() {
    let data = input();
    let (code, json, stderr) = run(&[
        "fit", "sarima", "--data", &data, "--series", "robbery", "--order", "1,0,0",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(json.is_null());
    assert!(
        stderr.contains(&format!(
            "{data}:14: period 2022-01 repeats (first at line 2): fit sarima needs \
             each period once; a long panel (one row per borough and date) can be fitted with fit \
             ols or fit glm"
        )),
        "{stderr}"
    );
    // With --format json the error object names the file and the line.
    let (code, _, stderr) = run(&[
        "--format", "json", "fit", "sarima", "--data", &data, "--series", "robbery", "--order",
        "1,0,0",
    ]);
    assert_eq!(code, 2);
    let line = stderr.lines().find(|l| l.starts_with('{')).unwrap();
    let err: Value = serde_json::from_str(line).unwrap();
    assert_eq!(err["error"]["line"], 14, "{stderr}");
}

#[test]
fn shuffled_time_series_is_refused_by_time_series_commands() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shuffled.csv");
    let mut text = String::from("date,y\n");
    for m in [1, 2, 3, 5, 4, 6, 7, 8, 9, 10, 11, 12] {
        text.push_str(&format!("2022-{m:02},{}\n", 10 + m * m % 7));
    }
    std::fs::write(&path, &text).unwrap();
    let data = path.display().to_string();
    let (code, _, stderr) = run(&[
        "fit", "sarima", "--data", &data, "--series", "y", "--order", "1,0,0",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(":6: period 2022-04 comes after 2022-05 (line 5): fit sarima needs the periods in time order; sort the rows by date"),
        "{stderr}"
    );
    // A regression on the same rows is fine (rows in file order).
    let (code, json, stderr) = run(&[
        "--format",
        "json",
        "fit",
        "ols",
        "--data",
        &data,
        "--formula",
        "y ~ 1",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["nobs"], 12.0);
}

#[test]
fn lags_on_a_long_panel_are_refused() {
    let data = input();
    let (code, _, stderr) = run(&[
        "fit",
        "ols",
        "--data",
        &data,
        "--formula",
        "log(robbery) ~ lag(cpi, 1) + C(borough)",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{data}:14: lag() in \"log(robbery) ~ lag(cpi, 1) + C(borough)\" shifts along the rows, \
             but period 2022-01 repeats (first at line 2): the rows are a long panel (one per \
             borough and date), and shifting within each borough is not supported"
        )),
        "{stderr}"
    );
}
