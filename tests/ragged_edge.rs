//! Forecasts from a ragged edge (a regressor published behind the series),
//! checked against statsmodels' SARIMAX (`tests/reference/ragged/`), and
//! the same case through `colcrime fit sarima`.

mod common;

use assert_cmd::Command;
use colcrime::models::arima::{DriverModel, IntervalMethod, RaggedEdge, SarimaFit, SarimaParams};
use colcrime::models::scenario::ExogPath;
use colcrime::series::Period;
use common::{REL_CONVERGED, REL_OPTIMUM, assert_all_close, assert_close, f64s};
use ndarray::Array2;
use serde_json::Value;

struct Data {
    y: Vec<f64>,
    x: Vec<f64>,
    index: Vec<Period>,
    expected: Value,
}

fn load() -> Data {
    let c = common::case("ragged", "synthetic");
    let f = c.input();
    Data {
        y: f.column("y").unwrap().to_vec(),
        x: f.column("x").unwrap().to_vec(),
        index: f.index.clone().unwrap(),
        expected: c.expected,
    }
}

fn exog(d: &Data) -> Array2<f64> {
    Array2::from_shape_vec((d.x.len(), 1), d.x.clone()).unwrap()
}

fn spec() -> SarimaParams {
    SarimaParams::new((1, 1, 1)).exog_names(vec!["x".into()])
}

/// The model at statsmodels' estimates over the whole series (the gap's
/// rows count as missing until they are filled).
fn at_reference(d: &Data) -> SarimaFit {
    let p = f64s(&d.expected["params"]);
    spec()
        .with_estimates(&d.y, Some(&exog(d)), &p, &vec![0.0; p.len()], None)
        .unwrap()
}

/// The gap and horizon periods, with `values` and each value's distance
/// beyond the regressor's last observation.
fn path(d: &Data, values: &[f64]) -> ExogPath {
    let gap = d.expected["gap"].as_u64().unwrap() as usize;
    let first = d.index[d.index.len() - gap];
    ExogPath {
        names: vec!["x".into()],
        periods: (0..values.len()).map(|i| first.offset(i as i64)).collect(),
        values: Array2::from_shape_vec((values.len(), 1), values.to_vec()).unwrap(),
        steps_ahead: vec![(1..=values.len()).collect()],
    }
}

#[test]
fn the_estimates_are_those_of_the_common_span() {
    let d = load();
    let fit = spec().fit(&d.y, Some(&exog(&d))).unwrap();
    let e = f64s(&d.expected["params"]);
    for (i, (a, b)) in fit.params.iter().zip(&e).enumerate() {
        assert_close(*a, *b, REL_OPTIMUM, &format!("param {i}"));
    }
    assert_close(
        fit.llf,
        d.expected["llf"].as_f64().unwrap(),
        1e-7,
        "log-likelihood",
    );
    // 94 observations of which the first is used up by the difference.
    assert_eq!(fit.nobs, 93);
}

#[test]
fn a_given_path_forecasts_as_statsmodels_filtering_the_filled_series() {
    let d = load();
    let fit = at_reference(&d);
    let e = &d.expected["given_path"];
    let p = path(&d, &f64s(&e["path"]));
    let gap = d.expected["gap"].as_u64().unwrap() as usize;
    let f = fit
        .ragged_forecast(
            &RaggedEdge { path: &p, gap },
            &[],
            false,
            &[95.0],
            IntervalMethod::Analytic,
        )
        .unwrap();
    assert_eq!(f.periods[0], d.index[d.index.len() - 1].succ());
    assert_all_close(&f.point, &f64s(&e["mean"]), REL_CONVERGED, "mean");
    assert_all_close(&f.se, &f64s(&e["se"]), REL_CONVERGED, "se");
}

#[test]
fn the_drivers_uncertainty_in_the_gap_enters_through_the_filter() {
    let d = load();
    let fit = at_reference(&d);
    let e = &d.expected["driver"];
    let gap = d.expected["gap"].as_u64().unwrap() as usize;
    let nx = d.y.len() - gap;
    let dp = f64s(&e["params"]);
    let driver = DriverModel {
        name: "x".into(),
        fit: SarimaParams::new((1, 1, 0))
            .with_estimates(&d.x[..nx], None, &dp, &[0.0, 0.0], None)
            .unwrap(),
    };
    // The driver's own forecast is the path (its mean, and its errors'
    // standard deviations).
    let (dm, dse) = driver.fit.forecast_mean_se(gap + 8, None).unwrap();
    assert_all_close(&dm, &f64s(&e["path"]), REL_CONVERGED, "driver path");
    assert_all_close(&dse, &f64s(&e["se_path"]), REL_CONVERGED, "driver se");
    let p = path(&d, &dm);
    let edge = RaggedEdge { path: &p, gap };
    let given = fit
        .ragged_forecast(&edge, &[], false, &[95.0], IntervalMethod::Analytic)
        .unwrap();
    assert_all_close(&given.point, &f64s(&e["mean"]), REL_CONVERGED, "mean");
    assert_all_close(&given.se, &f64s(&e["se_given"]), REL_CONVERGED, "se given");
    let wide = fit
        .ragged_forecast(
            &edge,
            std::slice::from_ref(&driver),
            false,
            &[95.0],
            IntervalMethod::Analytic,
        )
        .unwrap();
    assert_eq!(wide.point, given.point);
    assert_all_close(
        &wide.se,
        &f64s(&e["se"]),
        REL_CONVERGED,
        "se with the driver",
    );
    assert!(wide.covers.regressor_paths);
    // Ignoring how the gap moved the state would overstate the first
    // steps' uncertainty here (the differenced errors anchor on the last
    // observations).
    let naive = f64s(&e["se_naive"]);
    assert!(
        wide.se[0] < naive[0] - 0.1,
        "{} vs {}",
        wide.se[0],
        naive[0]
    );
    // Simulated intervals agree with the analytic ones.
    let sim = fit
        .ragged_forecast(
            &edge,
            std::slice::from_ref(&driver),
            false,
            &[95.0],
            IntervalMethod::simulation(20_000, 7).unwrap(),
        )
        .unwrap();
    for (i, (a, b)) in sim.se.iter().zip(&wide.se).enumerate() {
        assert!(
            (a / b - 1.0).abs() < 0.03,
            "step {i}: simulated {a}, analytic {b}"
        );
    }
}

#[test]
fn fit_sarima_forecasts_from_the_series_last_period() {
    let d = load();
    let dir = common::reference_dir("ragged").join("synthetic");
    let out = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["fit", "sarima", "--data"])
        .arg(dir.join("input.csv"))
        .args([
            "--series",
            "y",
            "--exog",
            "x",
            "--order",
            "1,1,1",
            "--horizon",
            "8",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let last = d.index[d.index.len() - 1];
    let gap = d.expected["gap"].as_u64().unwrap() as usize;
    let x_last = d.index[d.index.len() - 1 - gap];
    assert_eq!(j["forecast"]["periods"][0], last.succ().to_string());
    assert_eq!(j["sample"][1], x_last.to_string());
    assert_eq!(j["series_ends"]["y"], last.to_string());
    assert_eq!(j["series_ends"]["x"], x_last.to_string());
    let filled = &j["ragged_edge"]["filled"];
    assert_eq!(f64s(&filled["x"]).len(), gap);
    assert_eq!(filled["periods"][0], x_last.succ().to_string());
    assert!(
        j["ragged_edge"]["note"]
            .as_str()
            .unwrap()
            .contains("common span")
    );
    // The intervals carry the regressor's uncertainty.
    assert_eq!(j["forecast"]["covers"]["regressor_paths"], true);
}
