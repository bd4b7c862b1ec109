//! `colcrime chart RESULT.json`: the kind of chart follows the JSON's keys,
//! and a JSON of the wrong kind is a clear error (exit 2).

use assert_cmd::Command;
use colcrime::forecast::Forecast;
use colcrime::series::Period;
use serde_json::json;

fn forecast_json() -> serde_json::Value {
    let p = Period::quarter(2026, 1).unwrap();
    let f = Forecast::gaussian(
        (0..8).map(|i| p.offset(i)).collect(),
        vec![3.0, 3.1, 3.2, 3.1, 3.0, 2.9, 2.8, 2.8],
        (1..=8).map(|h| 0.3 * f64::from(h).sqrt()).collect(),
        &[80.0, 95.0],
    )
    .unwrap();
    f.to_json()
}

fn chart(
    dir: &std::path::Path,
    name: &str,
    body: &serde_json::Value,
) -> assert_cmd::assert::Assert {
    let path = dir.join(name);
    std::fs::write(&path, body.to_string()).unwrap();
    Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "chart"])
        .arg(&path)
        .arg("--out")
        .arg(dir.join("out"))
        .assert()
}

fn stdout_json(a: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&a.get_output().stdout).unwrap()
}

#[test]
fn forecast_result_gives_a_fan_chart() {
    let dir = tempfile::tempdir().unwrap();
    let body = json!({"param_names": ["ar.L1"], "params": [0.5], "forecast": forecast_json()});
    let a = chart(dir.path(), "sarima.json", &body).success();
    let out = stdout_json(&a);
    let svg_path = out["charts"][0]["svg"].as_str().unwrap();
    assert!(svg_path.ends_with("out/sarima.svg"));
    let svg = std::fs::read_to_string(svg_path).unwrap();
    assert_eq!(svg.matches("<polygon").count(), 2);
    assert!(svg.contains("\n95% interval\n</text>"));
    // Quarterly periods from the labels: the axis shows 2026 quarters.
    assert!(
        svg.contains("2026 Q1 to 2027 Q4"),
        "subtitle with the forecast span"
    );
}

#[test]
fn batch_result_gives_one_fan_per_fit() {
    let dir = tempfile::tempdir().unwrap();
    let body = json!({"fits": {"cpi": {"forecast": forecast_json()}, "robbery rate": {"forecast": forecast_json()}}});
    let a = chart(dir.path(), "batch.json", &body).success();
    let out = stdout_json(&a);
    let charts = out["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 2);
    assert!(
        charts[1]["png"]
            .as_str()
            .unwrap()
            .ends_with("batch_robbery_rate.png")
    );
}

#[test]
fn regression_result_gives_a_coefficient_plot() {
    let dir = tempfile::tempdir().unwrap();
    let body = json!({
        "param_names": ["const", "cpi"], "params": [1.5, 0.25], "bse": [0.5, 0.1],
        "conf_int": [[0.52, 2.48], [0.05, 0.45]], "nobs": 120
    });
    let a = chart(dir.path(), "ols.json", &body).success();
    let svg =
        std::fs::read_to_string(stdout_json(&a)["charts"][0]["svg"].as_str().unwrap()).unwrap();
    assert!(svg.contains("\ncpi\n</text>") && svg.contains("\nconst\n</text>"));
    assert!(svg.contains("\n0.2500 (0.05000 to 0.4500)\n</text>"));
    assert!(svg.contains("120 observations"));
}

#[test]
fn wrong_kind_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let a = chart(
        dir.path(),
        "adf.json",
        &json!({"statistic": -3.1, "pvalue": 0.02}),
    )
    .code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        err.contains("adf.json") && err.contains("not a result JSON colcrime can chart"),
        "{err}"
    );
    // Infinite forecasts: exit 2 with the period named.
    let mut f = forecast_json();
    f["mean"][2] = json!("Infinity");
    let a = chart(dir.path(), "inf.json", &json!({"forecast": f})).code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("2026 Q3"), "{err}");
    // Not JSON at all: the line and column.
    std::fs::write(dir.path().join("bad.json"), "{\n  \"forecast\": [1,\n").unwrap();
    Command::cargo_bin("colcrime")
        .unwrap()
        .arg("chart")
        .arg(dir.path().join("bad.json"))
        .assert()
        .code(2);
}
