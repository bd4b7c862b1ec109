//! SARIMA against R `arima(method = "ML")` / `predict` and statsmodels
//! `SARIMAX` (tests/reference/arima; see SOURCE.md there).
#![allow(clippy::needless_range_loop)]

mod common;

use colcrime::models::arima::SarimaParams;
use common::{REL_CLOSED, assert_close, assert_within, f64s};
use ndarray::Array2;
use serde_json::Value;

struct Case {
    name: String,
    exp: Value,
    y: Vec<f64>,
    x: Option<Array2<f64>>,
    spec: SarimaParams,
}

fn load(name: &str) -> Case {
    let c = common::case("arima", name);
    let frame = c.input();
    let exp = c.expected;
    let y = frame.column("y").unwrap().to_vec();
    let x = frame
        .column("x")
        .ok()
        .map(|c| Array2::from_shape_fn((c.len(), 1), |(i, _)| c[i]));
    let o = f64s(&exp["order"]);
    let s = f64s(&exp["seasonal"]);
    let mut spec = SarimaParams::new((o[0] as usize, o[1] as usize, o[2] as usize))
        .seasonal((s[0] as usize, s[1] as usize, s[2] as usize, s[3] as usize))
        .drift(exp["drift"].as_bool().unwrap());
    if x.is_some() {
        spec = spec.exog_names(vec!["x".into()]);
    }
    Case {
        name: name.into(),
        exp,
        y,
        x,
        spec,
    }
}

const CASES: [&str; 6] = [
    "airline",
    "ar2_const",
    "arma11",
    "regar1",
    "arima111_drift",
    "london_robbery",
];

#[test]
fn loglik_at_fixed_params_matches_statsmodels() {
    for name in CASES {
        let c = load(name);
        let params = f64s(&c.exp["params"]);
        let fit = c
            .spec
            .clone()
            .fixed_params(params.clone())
            .fit(&c.y, c.x.as_ref())
            .unwrap();
        assert_close(
            fit.llf,
            c.exp["llf_fixed_conc"].as_f64().unwrap(),
            REL_CLOSED,
            &format!("{name} concentrated llf"),
        );
        let mut with_s2 = params.clone();
        with_s2.push(c.exp["sigma2"].as_f64().unwrap());
        let fit = c
            .spec
            .clone()
            .fixed_params(with_s2)
            .fit(&c.y, c.x.as_ref())
            .unwrap();
        assert_close(
            fit.llf,
            c.exp["llf_fixed_full"].as_f64().unwrap(),
            REL_CLOSED,
            &format!("{name} llf"),
        );
        assert_eq!(
            fit.nobs as f64,
            c.exp["nobs"].as_f64().unwrap(),
            "{name} nobs"
        );
    }
}

#[test]
fn forecasts_match_r_predict() {
    for name in CASES {
        let c = load(name);
        let mut params = f64s(&c.exp["params"]);
        params.push(c.exp["sigma2"].as_f64().unwrap());
        let fit = c
            .spec
            .clone()
            .fixed_params(params)
            .fit(&c.y, c.x.as_ref())
            .unwrap();
        let h = c.exp["horizon"].as_u64().unwrap() as usize;
        let fx = c.exp.get("future_x").map(|v| {
            let v = f64s(v);
            Array2::from_shape_fn((v.len(), 1), |(i, _)| v[i])
        });
        let (mean, se) = fit.forecast_mean_se(h, fx.as_ref()).unwrap();
        let em = f64s(&c.exp["forecast_mean"]);
        let es = f64s(&c.exp["forecast_se"]);
        for i in 0..h {
            assert_close(mean[i], em[i], 1e-6, &format!("{} mean[{i}]", c.name));
            assert_close(se[i], es[i], 1e-6, &format!("{} se[{i}]", c.name));
        }
    }
}

#[test]
fn estimates_reach_the_optimum() {
    for name in CASES {
        let c = load(name);
        let fit = c.spec.fit(&c.y, c.x.as_ref()).unwrap();
        assert!(fit.converged, "{name}");
        let sm_llf = c.exp["sm_llf"].as_f64().unwrap();
        assert!(
            fit.llf >= sm_llf - 1e-6,
            "{name}: llf {} below statsmodels' optimum {sm_llf}",
            fit.llf
        );
        let r = f64s(&c.exp["params"]);
        let sm = f64s(&c.exp["sm_params"]);
        for i in 0..r.len() {
            let tol_abs = 1e-4 * r[i].abs().max(0.05);
            assert!(
                (fit.params[i] - r[i]).abs() <= tol_abs,
                "{name} param {i}: {} vs R {}",
                fit.params[i],
                r[i]
            );
            assert!(
                (fit.params[i] - sm[i]).abs() <= tol_abs,
                "{name} param {i}: {} vs statsmodels {}",
                fit.params[i],
                sm[i]
            );
        }
        let bse = f64s(&c.exp["bse"]);
        for i in 0..bse.len() {
            assert_close(fit.bse[i], bse[i], 2e-3, &format!("{name} bse[{i}]"));
        }
        assert_close(
            fit.sigma2,
            c.exp["sm_sigma2"].as_f64().unwrap(),
            1e-4,
            &format!("{name} sigma2"),
        );
    }
}

/// `|a - b| <= rel * sqrt(b_ii b_jj)`: covariances relative to the scale
/// of their variances (a near-zero covariance has no relative digits).
#[track_caller]
fn assert_cov_close(a: &Array2<f64>, b: &[Vec<f64>], rel: f64, what: &str) {
    let k = b.len();
    for i in 0..k {
        for j in 0..k {
            let scale = (b[i][i] * b[j][j]).sqrt();
            assert_within(
                a[[i, j]],
                b[i][j],
                rel * scale,
                &format!("{what} [{i}, {j}]"),
            );
        }
    }
}

#[test]
fn cov_params_match_r_var_coef_and_statsmodels() {
    for name in CASES {
        let c = load(name);
        let fit = c.spec.fit(&c.y, c.x.as_ref()).unwrap();
        let k = fit.params.len();
        assert_eq!(fit.cov_params.dim(), (k, k));
        for i in 0..k {
            assert_eq!(fit.bse[i], fit.cov_params[[i, i]].sqrt(), "{name} bse[{i}]");
            for j in 0..k {
                assert_eq!(fit.cov_params[[i, j]], fit.cov_params[[j, i]]);
            }
        }
        let rows =
            |v: &Value| -> Vec<Vec<f64>> { v.as_array().unwrap().iter().map(f64s).collect() };
        // R's var.coef: the coefficients without sigma2 (concentrated
        // out; the profile's inverse Hessian is the same block). Variances
        // at twice the bse tolerance (2e-3 on a standard deviation).
        let r = rows(&c.exp["var_coef"]);
        assert_eq!(r.len(), k - 1, "{name}");
        assert_cov_close(&fit.cov_params, &r, 4e-3, &format!("{name} vs R var.coef"));
        // statsmodels' cov_params(cov_type="approx"), sigma2 included.
        let sm = rows(&c.exp["sm_cov_params"]);
        assert_eq!(sm.len(), k, "{name}");
        assert_cov_close(
            &fit.cov_params,
            &sm,
            4e-3,
            &format!("{name} vs statsmodels"),
        );
        // In the JSON, with names.
        let j = fit.to_json();
        assert_eq!(j["cov_params"]["names"], j["param_names"]);
        let jm = rows(&j["cov_params"]["matrix"]);
        assert_eq!(jm[k - 1][0], fit.cov_params[[k - 1, 0]]);
    }
}

/// Benchmark series s114 has two local optima in its ARMA(1,1) part
/// (tests/reference/arima_starts): the fit must reach statsmodels' global
/// one, not the lower one its default start climbs to.
#[test]
fn two_optima_series_reaches_the_global_optimum() {
    let d = common::reference_dir("arima_starts/s114");
    let exp = common::read_json(&d.join("expected.json"));
    let y: Vec<f64> = std::fs::read_to_string(d.join("input.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    let fit = SarimaParams::new((1, 1, 1))
        .seasonal((0, 1, 1, 12))
        .fit(&y, None)
        .unwrap();
    let sm_llf = exp["sm_llf"].as_f64().unwrap();
    let local_llf = exp["local_llf"].as_f64().unwrap();
    assert!(local_llf < sm_llf - 1e-2, "the reference has two optima");
    assert!(
        fit.llf >= sm_llf - 1e-6,
        "llf {} below statsmodels' optimum {sm_llf}",
        fit.llf
    );
    let sm = f64s(&exp["sm_params"]);
    for i in 0..sm.len() {
        assert!(
            (fit.params[i] - sm[i]).abs() <= 1e-4 * sm[i].abs().max(0.05),
            "param {i}: {} vs statsmodels {}",
            fit.params[i],
            sm[i]
        );
    }
    assert_close(
        fit.sigma2,
        exp["sm_sigma2"].as_f64().unwrap(),
        1e-4,
        "s114 sigma2",
    );
}
