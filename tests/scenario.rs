//! Scenario forecasts of a regression with SARIMA errors against statsmodels
//! `SARIMAX.get_forecast(exog=path)` (tests/reference/scenario; see
//! SOURCE.md there), the driver-uncertainty variance, the Monte Carlo joint
//! simulation against the analytic intervals, and the command line.
#![allow(clippy::needless_range_loop)]

mod common;

use std::path::PathBuf;

use colcrime::models::arima::{
    DriverModel, IntervalMethod, SarimaParams, ScenarioOptions, ScenarioUncertainty,
    forecast_scenarios,
};
use colcrime::models::scenario::Scenario;
use colcrime::series::{Frame, Period};
use common::{REL_CLOSED, REL_ITER, REL_OPTIMUM, assert_close, f64s};
use ndarray::Array2;
use serde_json::Value;

fn dir() -> PathBuf {
    common::reference_dir("scenario/robbery_cpi")
}

struct Data {
    exp: Value,
    index: Vec<Period>,
    y: Vec<f64>,
    cpi: Vec<f64>,
    /// Rows with y observed.
    n: usize,
}

fn load() -> Data {
    let exp = common::read_json(&dir().join("expected.json"));
    let f = Frame::read_csv(&dir().join("input.csv")).unwrap();
    let y = f.column("log_robbery").unwrap().to_vec();
    let cpi = f.column("cpi").unwrap().to_vec();
    let n = y.iter().rposition(|v| v.is_finite()).unwrap() + 1;
    Data {
        exp,
        index: f.index.clone().unwrap(),
        y,
        cpi,
        n,
    }
}

fn spec() -> SarimaParams {
    SarimaParams::new((1, 1, 1))
        .seasonal((0, 1, 1, 4))
        .exog_names(vec!["cpi".into()])
}

fn exog(d: &Data) -> Array2<f64> {
    Array2::from_shape_fn((d.n, 1), |(i, _)| d.cpi[i])
}

fn window(d: &Data) -> Vec<Period> {
    (1..=8).map(|j| d.index[d.n - 1].offset(j)).collect()
}

#[test]
fn conditional_forecast_matches_statsmodels_get_forecast() {
    let d = load();
    let params = f64s(&d.exp["params"]);
    let fit = spec()
        .fixed_params(params.clone())
        .fit(&d.y[..d.n], Some(&exog(&d)))
        .unwrap();
    // The same likelihood basis (exact diffuse differencing states).
    assert_close(
        fit.llf,
        d.exp["llf"].as_f64().unwrap(),
        REL_CLOSED,
        "llf at fixed params",
    );
    let scen = Scenario::read_csv(&dir().join("scenarios.csv")).unwrap();
    assert_eq!(scen.len(), 2);
    for s in &scen {
        let e = &d.exp["scenarios"][s.name()];
        let path = s
            .exog_path(
                &["cpi".into()],
                &window(&d),
                &d.index,
                std::slice::from_ref(&d.cpi),
            )
            .unwrap();
        // 2025 Q4 is observed (3.4) and fills the period the file leaves open.
        let want_path = f64s(&e["path"]);
        assert_eq!(path.values.column(0).to_vec(), want_path, "{}", s.name());
        assert_eq!(
            path.steps_ahead[0],
            (0..8).collect::<Vec<usize>>(),
            "{}",
            s.name()
        );
        let f = fit
            .scenario_forecast(&path, &[], &[80.0, 95.0], IntervalMethod::Analytic)
            .unwrap();
        let (mean, se) = (f64s(&e["mean"]), f64s(&e["se"]));
        for i in 0..8 {
            assert_close(
                f.point[i],
                mean[i],
                REL_ITER,
                &format!("{} mean {i}", s.name()),
            );
            assert_close(f.se[i], se[i], REL_ITER, &format!("{} se {i}", s.name()));
        }
        assert!(!f.covers.regressor_paths);
    }
}

#[test]
fn driver_uncertainty_matches_the_reference_variance() {
    let d = load();
    let fit = spec()
        .fixed_params(f64s(&d.exp["params"]))
        .fit(&d.y[..d.n], Some(&exog(&d)))
        .unwrap();
    // The CPI model at statsmodels' parameters.
    let dp = f64s(&d.exp["driver"]["params"]);
    let dfit = SarimaParams::new((1, 1, 0))
        .fixed_params(dp)
        .fit(&d.cpi, None)
        .unwrap();
    assert_close(
        dfit.llf,
        d.exp["driver"]["llf"].as_f64().unwrap(),
        REL_CLOSED,
        "driver llf",
    );
    let driver = DriverModel {
        name: "cpi".into(),
        fit: dfit,
    };
    let var = driver.error_variances(12).unwrap();
    for (i, (a, b)) in var.iter().zip(f64s(&d.exp["driver"]["var"])).enumerate() {
        assert_close(*a, b, REL_ITER, &format!("driver variance {}", i + 1));
    }
    let scen = Scenario::read_csv(&dir().join("scenarios.csv")).unwrap();
    let opts = ScenarioOptions {
        uncertainty: ScenarioUncertainty::Driver,
        ..Default::default()
    };
    let res = forecast_scenarios(
        &fit,
        &scen,
        &window(&d),
        &d.index,
        std::slice::from_ref(&d.cpi),
        std::slice::from_ref(&driver),
        &opts,
    )
    .unwrap();
    for r in &res {
        let e = &d.exp["scenarios"][&r.name];
        let want = f64s(&e["se_driver"]);
        for i in 0..8 {
            assert_close(
                r.forecast.se[i],
                want[i],
                REL_ITER,
                &format!("{} se {i}", r.name),
            );
        }
        // The observed period carries no driver uncertainty.
        assert_eq!(r.forecast.se[0], r.given_path.se[0]);
        assert_eq!(r.forecast.point, r.given_path.point);
        assert!(r.forecast.se[7] > r.given_path.se[7]);
        assert!(r.forecast.covers.regressor_paths);
    }
}

#[test]
fn fit_reaches_the_statsmodels_optimum() {
    let d = load();
    let fit = spec().fit(&d.y[..d.n], Some(&exog(&d))).unwrap();
    let llf_ref = d.exp["llf"].as_f64().unwrap();
    assert!(
        fit.llf >= llf_ref - 1e-4,
        "llf {} < reference {llf_ref}",
        fit.llf
    );
    let p = f64s(&d.exp["params"]);
    assert_close(fit.params[0], p[0], 1e-3, "cpi coefficient");
}

#[test]
fn zero_driver_variance_equals_the_conditional_forecast_exactly() {
    let d = load();
    let fit = spec()
        .fixed_params(f64s(&d.exp["params"]))
        .fit(&d.y[..d.n], Some(&exog(&d)))
        .unwrap();
    // A driver model with a negligible innovation variance.
    let dfit = SarimaParams::new((1, 1, 0))
        .fixed_params(vec![0.5, 1e-300])
        .fit(&d.cpi, None)
        .unwrap();
    let driver = DriverModel {
        name: "cpi".into(),
        fit: dfit,
    };
    let s = &Scenario::read_csv(&dir().join("scenarios.csv")).unwrap()[0];
    let path = s
        .exog_path(
            &["cpi".into()],
            &window(&d),
            &d.index,
            std::slice::from_ref(&d.cpi),
        )
        .unwrap();
    let none = fit
        .scenario_forecast(&path, &[], &[80.0, 95.0], IntervalMethod::Analytic)
        .unwrap();
    let drv = fit
        .scenario_forecast(&path, &[driver], &[80.0, 95.0], IntervalMethod::Analytic)
        .unwrap();
    assert_eq!(none.point, drv.point);
    assert_eq!(none.se, drv.se);
    assert_eq!(none.bands, drv.bands);
}

/// y = 1.5 x + ARIMA(1,0,1) errors, x a random walk with AR(1) growth:
/// simulated with a fixed linear congruential sequence.
fn simulated() -> (Vec<f64>, Vec<f64>, Vec<Period>) {
    let mut state: u64 = 12345;
    let mut unif = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let mut normal = || {
        let (a, b) = (unif(), unif());
        (-2.0 * a.ln()).sqrt() * (2.0 * std::f64::consts::PI * b).cos()
    };
    let n = 120;
    let (mut x, mut u, mut y) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let (mut dx, mut e_prev) = (0.0, 0.0);
    for t in 1..n {
        dx = 0.4 * dx + 0.5 * normal();
        x[t] = x[t - 1] + dx;
        let e = 0.3 * normal();
        u[t] = 0.6 * u[t - 1] + e + 0.3 * e_prev;
        e_prev = e;
        y[t] = 10.0 + 1.5 * x[t] + u[t];
    }
    let ix = (0..n)
        .map(|t| Period::quarter(1990, 1).unwrap().offset(t as i64))
        .collect();
    (y, x, ix)
}

#[test]
fn simulation_matches_analytic_intervals_within_monte_carlo_error() {
    let (y, x, ix) = simulated();
    let n = y.len();
    let xm = Array2::from_shape_vec((n, 1), x.clone()).unwrap();
    let fit = SarimaParams::new((1, 0, 1))
        .drift(true)
        .exog_names(vec!["x".into()])
        .fit(&y, Some(&xm))
        .unwrap();
    let driver = DriverModel::fit("x", &x, Some((1, 1, 0))).unwrap();
    let h = 8;
    let w: Vec<Period> = (1..=h as i64).map(|j| ix[n - 1].offset(j)).collect();
    let s = Scenario::new("up", w.clone(), vec![("x".into(), vec![x[n - 1] + 1.0; h])]).unwrap();
    let path = s
        .exog_path(&["x".into()], &w, &ix, std::slice::from_ref(&x))
        .unwrap();
    let levels = [80.0, 95.0];
    // Driver and (the delta method's) parameter uncertainty as well.
    for (drivers, params) in [
        (vec![], false),
        (vec![driver.clone()], false),
        (vec![driver.clone()], true),
    ] {
        let an = fit
            .scenario_forecast_with(&path, &drivers, params, &levels, IntervalMethod::Analytic)
            .unwrap();
        let draws = 20000;
        let method = IntervalMethod::simulation(draws, 7).unwrap();
        let sim = fit
            .scenario_forecast_with(&path, &drivers, params, &levels, method)
            .unwrap();
        // Reproducible: the same seed gives the same numbers.
        let again = fit
            .scenario_forecast_with(&path, &drivers, params, &levels, method)
            .unwrap();
        assert_eq!(sim, again);
        for i in 0..h {
            // sd of a sample sd ≈ s / sqrt(2N); allow 5 of them.
            let tol_sd = 5.0 * an.se[i] / (2.0 * draws as f64).sqrt();
            assert!(
                (sim.se[i] - an.se[i]).abs() < tol_sd,
                "step {i} drivers {}: simulated sd {} against analytic {}",
                drivers.len(),
                sim.se[i],
                an.se[i]
            );
            for (bs, ba) in sim.bands.iter().zip(&an.bands) {
                // Standard error of a sample quantile: sqrt(p(1-p)/N) / density.
                let p = (1.0 - ba.level) / 2.0;
                let z = colcrime::forecast::normal_quantile(ba.level);
                let dens = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt() / an.se[i];
                let tol = 5.0 * (p * (1.0 - p) / draws as f64).sqrt() / dens;
                assert!(
                    (bs.lower[i] - ba.lower[i]).abs() < tol
                        && (bs.upper[i] - ba.upper[i]).abs() < tol,
                    "step {i} level {}: simulated [{}, {}] analytic [{}, {}], tol {tol}",
                    ba.level,
                    bs.lower[i],
                    bs.upper[i],
                    ba.lower[i],
                    ba.upper[i]
                );
            }
        }
    }
}

#[test]
fn a_scenario_short_of_the_window_names_the_series_and_period() {
    let d = load();
    let s = Scenario::from_csv_str("s.csv", "date,cpi\n2026 Q1,4\n2026 Q2,4\n").unwrap();
    let e = s[0]
        .exog_path(
            &["cpi".into()],
            &window(&d),
            &d.index,
            std::slice::from_ref(&d.cpi),
        )
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("series \"cpi\" has no value for 2026 Q3 (the first period missing"),
        "{e}"
    );
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn cli_scenarios_in_json() {
    let out = assert_cmd::Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "fit", "sarima", "--data"])
        .arg(dir().join("input.csv"))
        .args([
            "--series",
            "log_robbery",
            "--exog",
            "cpi",
            "--order",
            "1,1,1",
            "--seasonal",
            "0,1,1,4",
            "--scenario-uncertainty",
            "driver",
            "--driver-order",
            "1,1,0",
            "--scenario",
        ])
        .arg(dir().join("scenarios.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // No future CPI in the data beyond 2025 Q4: the baseline follows CPI's
    // own forecast.
    assert!(v["forecast_basis"]["note"].is_string());
    assert_eq!(v["forecast"]["dates"].as_array().unwrap().len(), 8);
    let s = &v["scenarios"]["hold4"];
    assert!((s["exog_path"]["cpi"][0].as_f64().unwrap() - 3.4).abs() < 1e-12);
    assert_eq!(s["exog_path"]["cpi"][7], 4.0);
    assert_eq!(s["covers"]["regressor_paths"], true);
    assert!(
        s["forecast"]["upper"]["95"][7].as_f64().unwrap()
            > s["forecast_given_path"]["upper"]["95"][7].as_f64().unwrap()
    );
    assert_eq!(v["driver_models"]["cpi"]["order"][0], 1);
    let e = &v["scenarios"]["glide2"]["forecast_given_path"]["mean"];
    let d = load();
    let want = f64s(&d.exp["scenarios"]["glide2"]["mean"]);
    // Fitted (not fixed) parameters: close to statsmodels' optimum.
    assert_close(
        e[7].as_f64().unwrap(),
        want[7],
        REL_OPTIMUM,
        "glide2 mean at h = 8",
    );

    // A missing scenario column for a regressor is exit 2 with the name.
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("bad.csv");
    std::fs::write(&f, "date,cpi\n2026 Q1,4\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("colcrime")
        .unwrap()
        .args(["fit", "sarima", "--data"])
        .arg(dir().join("input.csv"))
        .args([
            "--series",
            "log_robbery",
            "--exog",
            "cpi",
            "--order",
            "1,1,1",
            "--horizon",
            "4",
            "--scenario",
        ])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"cpi\" has no value for 2026 Q2"), "{err}");
}

/// Everything but `covers` (which says whether parameters were carried).
#[track_caller]
fn assert_same_numbers(a: &colcrime::forecast::Forecast, b: &colcrime::forecast::Forecast) {
    assert_eq!(a.periods, b.periods);
    assert_eq!(a.point, b.point);
    assert_eq!(a.se, b.se);
    assert_eq!(a.bands, b.bands);
}

#[test]
fn parameter_uncertainty_with_zero_covariance_equals_the_existing_intervals() {
    let (y, x, ix) = simulated();
    let n = y.len();
    let xm = Array2::from_shape_vec((n, 1), x.clone()).unwrap();
    let mut fit = SarimaParams::new((1, 0, 1))
        .drift(true)
        .exog_names(vec!["x".into()])
        .fit(&y, Some(&xm))
        .unwrap();
    let driver = DriverModel::fit("x", &x, Some((1, 1, 0))).unwrap();
    let h = 6;
    let w: Vec<Period> = (1..=h as i64).map(|j| ix[n - 1].offset(j)).collect();
    let s = Scenario::new("up", w.clone(), vec![("x".into(), vec![x[n - 1] + 1.0; h])]).unwrap();
    let path = s
        .exog_path(&["x".into()], &w, &ix, std::slice::from_ref(&x))
        .unwrap();
    let levels = [80.0, 95.0];
    let with = fit
        .scenario_forecast_with(&path, &[], true, &levels, IntervalMethod::Analytic)
        .unwrap();
    fit.cov_params.fill(0.0);
    for drivers in [vec![], vec![driver]] {
        for method in [
            IntervalMethod::Analytic,
            IntervalMethod::simulation(500, 3).unwrap(),
        ] {
            let old = fit
                .scenario_forecast(&path, &drivers, &levels, method)
                .unwrap();
            let new = fit
                .scenario_forecast_with(&path, &drivers, true, &levels, method)
                .unwrap();
            assert_same_numbers(&old, &new);
            assert!(new.covers.parameter && !old.covers.parameter);
        }
    }
    // With the estimated covariance the intervals are wider, the means equal.
    let old = fit
        .scenario_forecast(&path, &[], &levels, IntervalMethod::Analytic)
        .unwrap();
    assert_eq!(with.point, old.point);
    for i in 0..h {
        assert!(with.se[i] > old.se[i], "step {i}");
    }
}

/// Normal draws from a fixed linear congruential sequence.
struct Lcg(u64);
impl Lcg {
    fn normal(&mut self) -> f64 {
        let mut u = || {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        let (a, b) = (u(), u());
        (-2.0 * a.ln()).sqrt() * (2.0 * std::f64::consts::PI * b).cos()
    }
}

#[test]
fn delta_method_agrees_with_simulated_parameter_draws() {
    // The delta-method variance diag(J Σ J') against the variance of the
    // forecast means over parameters drawn from N(θ̂, Σ), each evaluated
    // exactly (the filter re-run at the drawn parameters). The regression
    // with AR(1) errors of tests/reference/arima/regar1 (AR 0.5, n = 150)
    // keeps every draw inside the stationary region.
    let f0 = Frame::read_csv(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/arima/regar1/input.csv"),
    )
    .unwrap();
    let (y, x) = (
        f0.column("y").unwrap().to_vec(),
        f0.column("x").unwrap().to_vec(),
    );
    let n = y.len();
    let ix: Vec<Period> = (0..n)
        .map(|t| Period::quarter(1980, 1).unwrap().offset(t as i64))
        .collect();
    let xm = Array2::from_shape_vec((n, 1), x.clone()).unwrap();
    let fit = SarimaParams::new((1, 0, 0))
        .drift(true)
        .exog_names(vec!["x".into()])
        .fit(&y, Some(&xm))
        .unwrap();
    let h = 8;
    let w: Vec<Period> = (1..=h as i64).map(|j| ix[n - 1].offset(j)).collect();
    let s = Scenario::new("up", w.clone(), vec![("x".into(), vec![x[n - 1] + 1.0; h])]).unwrap();
    let path = s
        .exog_path(&["x".into()], &w, &ix, std::slice::from_ref(&x))
        .unwrap();
    let vp = fit.forecast_param_variance(h, Some(&path.values)).unwrap();
    // Cholesky of Σ (mean parameters: drift, x, ar).
    let m = fit.params.len() - 1;
    let sig = &fit.cov_params;
    let mut l = vec![0.0; m * m];
    for j in 0..m {
        let d = sig[[j, j]] - (0..j).map(|k| l[j * m + k] * l[j * m + k]).sum::<f64>();
        l[j * m + j] = d.sqrt();
        for i in j + 1..m {
            let v = sig[[i, j]] - (0..j).map(|k| l[i * m + k] * l[j * m + k]).sum::<f64>();
            l[i * m + j] = v / l[j * m + j];
        }
    }
    let mut rng = Lcg(2024);
    let draws = 2000;
    let mut means: Vec<Vec<f64>> = (0..h).map(|_| Vec::with_capacity(draws)).collect();
    for _ in 0..draws {
        let z: Vec<f64> = (0..m).map(|_| rng.normal()).collect();
        let th: Vec<f64> = (0..m)
            .map(|i| fit.params[i] + (0..=i).map(|k| l[i * m + k] * z[k]).sum::<f64>())
            .collect();
        let f = SarimaParams::new((1, 0, 0))
            .drift(true)
            .exog_names(vec!["x".into()])
            .fixed_params(th)
            .fit(&y, Some(&xm))
            .unwrap();
        let (mu, _) = f.forecast_mean_se(h, Some(&path.values)).unwrap();
        for i in 0..h {
            means[i].push(mu[i]);
        }
    }
    for i in 0..h {
        let c = &means[i];
        let mean = c.iter().sum::<f64>() / draws as f64;
        let var = c.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (draws - 1) as f64;
        // A sample variance has relative sd sqrt(2 / (N - 1)); allow 4.
        let tol = 4.0 * (2.0 / (draws - 1) as f64).sqrt();
        assert!(
            (var / vp[i] - 1.0).abs() < tol,
            "step {i}: simulated variance {var}, delta method {}, tol {tol}",
            vp[i]
        );
    }
}

#[test]
fn cli_parameter_uncertainty_widens_the_scenario_intervals() {
    let run = |unc: &str| -> Value {
        let out = assert_cmd::Command::cargo_bin("colcrime")
            .unwrap()
            .args(["--format", "json", "fit", "sarima", "--data"])
            .arg(dir().join("input.csv"))
            .args([
                "--series",
                "log_robbery",
                "--exog",
                "cpi",
                "--order",
                "1,1,1",
                "--seasonal",
                "0,1,1,4",
                "--driver-order",
                "1,1,0",
                "--scenario-uncertainty",
                unc,
                "--scenario",
            ])
            .arg(dir().join("scenarios.csv"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (drv, all, par) = (run("driver"), run("all"), run("params"));
    assert_eq!(all["scenario_uncertainty"], "all");
    // The covariance of the estimates, named (cpi, ar, ma, sma, sigma2).
    assert_eq!(all["cov_params"]["names"][0], "cpi");
    assert_eq!(all["cov_params"]["matrix"].as_array().unwrap().len(), 5);
    let se = |v: &Value, k: &str| f64s(&v["scenarios"]["hold4"]["forecast"][k]);
    let cov = &all["scenarios"]["hold4"]["covers"];
    assert_eq!(cov["parameter"], true);
    assert_eq!(cov["regressor_paths"], true);
    assert_eq!(
        par["scenarios"]["hold4"]["covers"]["regressor_paths"],
        false
    );
    assert_eq!(se(&all, "mean"), se(&drv, "mean"));
    let (sa, sd, sp) = (se(&all, "se"), se(&drv, "se"), se(&par, "se"));
    let given = f64s(&all["scenarios"]["hold4"]["forecast_given_path"]["se"]);
    for i in 0..8 {
        // Independent parts: the variances add.
        let want = (sd[i] * sd[i] + sp[i] * sp[i] - given[i] * given[i]).sqrt();
        assert_close(
            sa[i],
            want,
            REL_CLOSED,
            &format!("all = driver + params at {i}"),
        );
        assert!(sp[i] > given[i], "step {i}");
    }
}
