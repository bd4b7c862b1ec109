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

// ---------------------------------------------------------------------------
// Residual charts of time-series results (`resid` in `fit sarima`,
// `fit auto-arima` and `fit ets` JSON; `--kind`).

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn floats(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| colcrime::json::as_f64(x).unwrap())
        .collect()
}

/// Runs `colcrime --format json ARGS...` and returns its JSON.
fn colcrime_json(args: &[&str]) -> serde_json::Value {
    let out = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json"])
        .args(args)
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// Decodes a PNG: the requested size and not blank (thousands of pixels
/// differ from the background, the first palette colour is present).
fn assert_png(path: &str, w: u32, h: u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (w, h), "{path}");
    let first = *img.get_pixel(0, 0);
    let differing = img.pixels().filter(|p| **p != first).count();
    assert!(differing > 2000, "{path} nearly blank: {differing}");
    assert!(img.pixels().any(|p| p.0 == [0x12, 0x43, 0x6D]), "{path}");
}

/// Correlogram spikes: bars in the first palette colour.
fn spikes(svg: &str) -> usize {
    svg.lines()
        .filter(|l| l.starts_with("<rect") && l.contains("fill=\"#12436D\""))
        .count()
}

fn airline_reference() -> serde_json::Value {
    let p = root().join("tests/reference/sarima_resid/airline.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// `fit sarima` writes `resid` (R's `residuals(arima)` of the differenced
/// series, tests/reference/sarima_resid) and the months it belongs to; the
/// residual panel and the ACF/PACF are drawn from it.
#[test]
fn fit_sarima_resid_matches_r_and_charts() {
    let r = airline_reference();
    let params: Vec<String> = floats(&r["params"]).iter().map(f64::to_string).collect();
    let data = root().join("tests/reference/arima/airline/input.csv");
    let fit = colcrime_json(&[
        "fit",
        "sarima",
        "--data",
        data.to_str().unwrap(),
        "--series",
        "y",
        "--order",
        "0,1,1",
        "--seasonal",
        "0,1,1,12",
        "--fixed-params",
        &params.join(","),
        "--horizon",
        "12",
    ]);
    // R's residuals, one per differenced month (144 - 1 - 12).
    let want = floats(&r["resid"]);
    let got = floats(&fit["resid"]);
    assert_eq!(got.len(), 131);
    assert_eq!(got.len(), want.len());
    assert_eq!(fit["nobs"], 131);
    let scale = want.iter().map(|v| v.abs()).fold(0.0, f64::max);
    for (t, (a, b)) in got.iter().zip(&want).enumerate() {
        assert!(
            (a - b).abs() <= 1e-7 * scale,
            "t = {t}: colcrime {a}, R {b}"
        );
    }
    // Differencing drops January 1949 to January 1950: the residuals run
    // from February 1950 to the sample's end, December 1960.
    let periods = fit["resid_periods"].as_array().unwrap();
    let dates = fit["resid_dates"].as_array().unwrap();
    assert_eq!((periods.len(), dates.len()), (131, 131));
    assert_eq!(dates[0], "1950-02-01");
    assert_eq!(dates[130], "1960-12-01");
    assert_eq!(periods[130], fit["sample"][1]);

    let dir = tempfile::tempdir().unwrap();
    // Default for a forecast result: the fan chart and the ACF/PACF.
    let a = chart(dir.path(), "airline.json", &fit).success();
    let kinds: Vec<String> = stdout_json(&a)["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["fan", "acf"]);
    // `--kind residuals,acf`: the four diagnostic panels and the ACF/PACF.
    std::fs::write(dir.path().join("air.json"), fit.to_string()).unwrap();
    let a = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "chart"])
        .arg(dir.path().join("air.json"))
        .args([
            "--kind",
            "residuals,acf",
            "--source",
            "Box & Jenkins (1976)",
        ])
        .assert()
        .success();
    let out = stdout_json(&a);
    let charts = out["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 2);
    assert_eq!(charts[0]["kind"], "residuals");
    let svg_path = charts[0]["svg"].as_str().unwrap();
    assert!(svg_path.ends_with("air_residuals.svg"), "{svg_path}");
    let svg = std::fs::read_to_string(svg_path).unwrap();
    assert!(svg.contains("<title id=\"chart-title\">Residual diagnostics: air</title>"));
    for t in [
        "Residuals over time",
        "Histogram and normal density",
        "Autocorrelation of residuals",
        "Normal Q-Q plot",
        "131 one-step residuals of the differenced series, 1950 FEB to 1960 DEC",
        "Box &amp; Jenkins (1976)",
    ] {
        assert!(svg.contains(t), "{t}");
    }
    // Calendar axis (dated residuals), one Q-Q point per residual.
    assert!(
        (1951..=1959).any(|y| svg.contains(&format!("\n{y}\n</text>"))),
        "no calendar ticks"
    );
    assert_eq!(svg.matches("<circle").count(), 131);
    assert_png(charts[0]["png"].as_str().unwrap(), 960, 1080);
    let svg = std::fs::read_to_string(charts[1]["svg"].as_str().unwrap()).unwrap();
    assert!(svg.contains("Autocorrelation of the residuals: air"));
    let nlags = colcrime::charts::default_nlags(131);
    // One spike per lag in the ACF and in the PACF.
    assert_eq!(spikes(&svg), 2 * nlags, "{nlags} lags");
    assert_png(charts[1]["png"].as_str().unwrap(), 960, 540);
}

/// `fit auto-arima` carries `resid` for the chosen model, aligned to the
/// end of its sample; `fit ets` carries statsmodels' `resid`.
#[test]
fn auto_arima_and_ets_results_chart_their_residuals() {
    let data = root().join("tests/reference/arima/london_robbery/input.csv");
    let fit = colcrime_json(&[
        "fit",
        "auto-arima",
        "--data",
        data.to_str().unwrap(),
        "--series",
        "y",
        "--horizon",
        "0",
        "--d",
        "1",
        "--D",
        "0",
        "--max-p",
        "2",
        "--max-q",
        "2",
        "--max-P",
        "1",
        "--max-Q",
        "1",
    ]);
    let d = fit["order"][1].as_u64().unwrap() as usize;
    let sd = fit["seasonal_order"][1].as_u64().unwrap() as usize;
    let s = fit["seasonal_order"][3].as_u64().unwrap() as usize;
    let resid = floats(&fit["resid"]);
    assert_eq!(resid.len(), 164 - d - sd * s);
    assert_eq!(fit["nobs"].as_u64().unwrap() as usize, resid.len());
    let periods = fit["resid_periods"].as_array().unwrap();
    assert_eq!(periods.len(), resid.len());
    assert_eq!(periods.last().unwrap(), &fit["sample"][1]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("auto.json"), fit.to_string()).unwrap();
    // No forecast (horizon 0): the SARIMA coefficients and the ACF by
    // default; the residual panel on request.
    let a = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "chart"])
        .arg(dir.path().join("auto.json"))
        .assert()
        .success();
    let kinds: Vec<String> = stdout_json(&a)["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["coef", "acf"]);
    let a = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "chart"])
        .arg(dir.path().join("auto.json"))
        .args(["--kind", "residuals"])
        .assert()
        .success();
    let svg =
        std::fs::read_to_string(stdout_json(&a)["charts"][0]["svg"].as_str().unwrap()).unwrap();
    assert!(svg.contains(&format!(
        "{} one-step residuals of the differenced series",
        resid.len()
    )));
    let end = Period::parse(fit["sample"][1].as_str().unwrap()).unwrap();
    assert!(svg.contains(&format!("to {}", end.ons_label())));

    // ETS (M,N,M) at statsmodels' fixed parameters: `resid` is
    // statsmodels' (y - fitted) / fitted (ETSModel `_residuals`), from
    // its fitted values in tests/reference/ets/london_theft.
    let ets_dir = root().join("tests/reference/ets/london_theft");
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ets_dir.join("expected.json")).unwrap())
            .unwrap();
    let case = reference["ets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["short_name"] == "MNM")
        .unwrap();
    let fixed: Vec<String> = floats(&case["fixed_params"])
        .iter()
        .map(f64::to_string)
        .collect();
    let input = ets_dir.join("input.csv");
    let ets = colcrime_json(&[
        "fit",
        "ets",
        "--data",
        input.to_str().unwrap(),
        "--series",
        "y",
        "--error",
        "mul",
        "--trend",
        "none",
        "--seasonal",
        "mul",
        "--period",
        "12",
        "--fixed-params",
        &fixed.join(","),
        "--horizon",
        "6",
    ]);
    let y: Vec<f64> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    let fitted = floats(&case["fixed_fittedvalues"]);
    let got = floats(&ets["resid"]);
    assert_eq!(got.len(), y.len());
    for (t, ((g, yt), f)) in got.iter().zip(&y).zip(&fitted).enumerate() {
        let want = (yt - f) / f;
        assert!((g - want).abs() <= 1e-9, "t = {t}: {g} against {want}");
    }
    std::fs::write(dir.path().join("theft_ets.json"), ets.to_string()).unwrap();
    let a = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "chart"])
        .arg(dir.path().join("theft_ets.json"))
        .args(["--kind", "fan,residuals"])
        .assert()
        .success();
    let out = stdout_json(&a);
    assert_eq!(out["charts"][1]["kind"], "residuals");
    let svg = std::fs::read_to_string(out["charts"][1]["svg"].as_str().unwrap()).unwrap();
    assert!(svg.contains(&format!("ETS(M,N,M): {} one-step residuals", y.len())));
    assert_eq!(svg.matches("<circle").count(), y.len());
}

/// A workspace result (`kind` = "sarima", `sample` longer than `resid`):
/// the residuals end at the sample's last period; a batch draws one chart
/// per fit.
#[test]
fn workspace_and_batch_sarima_results() {
    let dir = tempfile::tempdir().unwrap();
    let resid: Vec<f64> = (0..20)
        .map(|i| ((i * 7) % 11) as f64 / 10.0 - 0.5)
        .collect();
    let ws = json!({"model": "robbery_forecast", "kind": "sarima", "status": "ok",
        "param_names": ["ma.L1", "sigma2"], "params": [0.3, 0.01], "bse": [0.1, 0.002],
        "resid": resid, "sample": ["2019 Q1", "2024 Q4"]});
    std::fs::write(dir.path().join("ws.json"), ws.to_string()).unwrap();
    let a = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "chart"])
        .arg(dir.path().join("ws.json"))
        .args(["--kind", "residuals"])
        .assert()
        .success();
    let svg =
        std::fs::read_to_string(stdout_json(&a)["charts"][0]["svg"].as_str().unwrap()).unwrap();
    assert!(
        svg.contains("20 one-step residuals of the differenced series, 2020 Q1 to 2024 Q4"),
        "residuals not placed at the end of the sample"
    );
    // Batch: one residual chart per fit that succeeded.
    let batch = json!({"fits": {
        "a": {"model": "SARIMAX(0, 1, 1)", "resid": resid, "forecast": forecast_json()},
        "b c": {"model": "SARIMAX(0, 1, 1)", "resid": resid},
        "bad": {"error": {"kind": "not_enough_data", "message": "too short"}}
    }});
    std::fs::write(dir.path().join("batch.json"), batch.to_string()).unwrap();
    let a = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "chart"])
        .arg(dir.path().join("batch.json"))
        .args(["--kind", "residuals"])
        .arg("--out")
        .arg(dir.path().join("o"))
        .assert()
        .success();
    let out = stdout_json(&a);
    let charts = out["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 2);
    assert_eq!(charts[1]["name"], "b c: residuals");
    assert!(
        charts[1]["svg"]
            .as_str()
            .unwrap()
            .ends_with("batch_b_c_residuals.svg")
    );
}

/// The wrong kind of chart for a result, and empty, all-missing or
/// infinite residuals: exit 2 with a message naming the problem, never a
/// panic. Missing values (`null`, "NaN") among finite ones are gaps.
#[test]
fn residual_charts_of_bad_results_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, body: &serde_json::Value, kind: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, body.to_string()).unwrap();
        Command::cargo_bin("colcrime")
            .unwrap()
            .arg("chart")
            .arg(&path)
            .args(["--kind", kind])
            .assert()
    };
    let stderr = |a: &assert_cmd::assert::Assert| {
        String::from_utf8_lossy(&a.get_output().stderr).into_owned()
    };
    let glm = json!({"model": "glm", "param_names": ["const"], "params": [1.0], "bse": [0.1]});
    let e = stderr(&run("glm.json", &glm, "residuals").code(2));
    assert!(
        e.contains("glm.json") && e.contains("residual charts need residuals"),
        "{e}"
    );
    let e = stderr(&run("glm2.json", &glm, "fan").code(2));
    assert!(e.contains("--kind fan needs a `forecast`"), "{e}");
    let e = stderr(&run("glm3.json", &glm, "irf").code(2));
    assert!(e.contains("--kind irf needs a VAR"), "{e}");
    let sarima = json!({"model": "SARIMAX(1, 0, 0)", "forecast": forecast_json()});
    let e = stderr(&run("old.json", &sarima, "acf").code(2));
    assert!(e.contains("re-fit to add it"), "{e}");
    let var = json!({"model": "VAR", "orth_irf": [[[1.0]]]});
    let e = stderr(&run("var.json", &var, "coef").code(2));
    assert!(e.contains("VAR coefficient"), "{e}");
    let e = stderr(&run("var2.json", &var, "residuals").code(2));
    assert!(e.contains("VAR result carries no residual"), "{e}");
    for kind in ["residuals", "acf"] {
        let empty = json!({"model": "ols", "resid": []});
        let e = stderr(&run("empty.json", &empty, kind).code(2));
        assert!(e.contains("is empty"), "{kind}: {e}");
        let nan = json!({"model": "ols", "resid": ["NaN", null, "NaN"]});
        let e = stderr(&run("nan.json", &nan, kind).code(2));
        assert!(e.contains("3 values, all missing"), "{kind}: {e}");
        let inf = json!({"model": "ols", "resid": [0.1, "-Infinity", 0.2]});
        let e = stderr(&run("inf.json", &inf, kind).code(2));
        assert!(e.contains("`resid`[1] is infinite"), "{kind}: {e}");
        let text = json!({"model": "ols", "resid": [0.1, "x"]});
        let e = stderr(&run("text.json", &text, kind).code(2));
        assert!(e.contains("`resid`[1] is not a number"), "{kind}: {e}");
    }
    // Gaps are drawn as gaps.
    let mut r: Vec<serde_json::Value> = (0..30).map(|i| json!(f64::from(i % 5) - 2.0)).collect();
    r[4] = serde_json::Value::Null;
    r[9] = json!("NaN");
    let gaps = json!({"model": "ols", "resid": r});
    run("gaps.json", &gaps, "residuals,acf").success();
    // Not an object at all.
    let e = stderr(&run("list.json", &json!([1, 2]), "acf").code(2));
    assert!(e.contains("not an object"), "{e}");
    // An unknown kind is a usage error.
    run("gaps.json", &gaps, "pie").code(2);
}

#[test]
fn forecast_result_with_history_draws_it_and_rounds_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let p = Period::quarter(2026, 1).unwrap();
    let f = Forecast::gaussian(
        (0..4).map(|i| p.offset(i)).collect(),
        vec![8300.2, 8390.9, 8420.4, 8451.715],
        vec![300.0, 420.0, 510.0, 600.0],
        &[80.0, 95.0],
    )
    .unwrap();
    let h0 = Period::quarter(2023, 1).unwrap();
    let history = json!({
        "periods": (0..12).map(|i| h0.offset(i).to_string()).collect::<Vec<_>>(),
        "values": (0..12).map(|i| 8000.0 + 25.0 * f64::from(i)).collect::<Vec<_>>(),
    });
    let body = json!({"forecast": f.to_json(), "history": history});
    let a = chart(dir.path(), "robbery.json", &body).success();
    let out = stdout_json(&a);
    let svg = std::fs::read_to_string(out["charts"][0]["svg"].as_str().unwrap()).unwrap();
    let title = svg
        .split("<title id=\"chart-title\">")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert!(title.contains("8,452"), "{title}");
    assert!(!title.contains("8451.715"), "{title}");
    // The history is described and drawn (it starts in 2023).
    assert!(svg.contains("2023"), "history on the axis");
    // A history whose lengths disagree is a clear error.
    let bad =
        json!({"forecast": f.to_json(), "history": {"periods": ["2025 Q4"], "values": [1.0, 2.0]}});
    let e = chart(dir.path(), "bad.json", &bad).code(2);
    let err = String::from_utf8_lossy(&e.get_output().stderr).to_string();
    assert!(err.contains("history"), "{err}");
}
