//! Count models against statsmodels reference output.

use std::path::{Path, PathBuf};

use colcrime::json::as_f64;
use colcrime::models::glm::{Family, GlmParams, GlmResult, fit_glm_frame};
use colcrime::series::Frame;
use serde_json::Value;

fn refdir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/glm/kingston_robbery")
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| as_f64(x).unwrap())
        .collect()
}

/// The Kingston input and one expected-values file.
fn case(expected: &str) -> (Frame, Value) {
    let frame = Frame::read_csv(&refdir().join("input.csv")).unwrap();
    let text = std::fs::read_to_string(refdir().join(expected)).unwrap();
    (frame, serde_json::from_str(&text).unwrap())
}

/// Fits the family to the expected case's formula on every row.
fn fit(frame: &Frame, fam: Family, e: &Value) -> GlmResult {
    let formula = e["formula"].as_str().unwrap();
    fit_glm_frame(frame, formula, None, &GlmParams::new(fam), frame.nrows()).unwrap()
}

#[track_caller]
fn assert_close(actual: f64, expected: f64, rel: f64, what: &str) {
    let err = ((actual - expected) / expected).abs();
    assert!(
        err <= rel,
        "{what}: actual {actual:e}, expected {expected:e}, relative error {err:e} > {rel:e}"
    );
}

#[test]
fn statsmodels_kingston_robbery() {
    let (frame, exp) = case("expected.json");
    let rel = 1e-8;
    let mut poisson_llf = f64::NAN;
    for fam in [Family::Poisson, Family::QuasiPoisson, Family::NegBin] {
        let e = &exp[fam.name()];
        let r = fit(&frame, fam, e);
        let j = r.to_json();
        let case = fam.name();
        for key in ["params", "bse", "tvalues", "pvalues"] {
            for (i, (a, b)) in f64s(&j[key]).iter().zip(f64s(&e[key])).enumerate() {
                assert_close(*a, b, rel, &format!("{case} {key}[{i}]"));
            }
        }
        for (i, ci) in e["conf_int"].as_array().unwrap().iter().enumerate() {
            let ci = f64s(ci);
            assert_close(
                r.conf_int[i][0],
                ci[0],
                rel,
                &format!("{case} conf_int[{i}]"),
            );
            assert_close(
                r.conf_int[i][1],
                ci[1],
                rel,
                &format!("{case} conf_int[{i}]"),
            );
        }
        let mut keys = vec![
            "nobs",
            "df_model",
            "df_resid",
            "deviance",
            "null_deviance",
            "pearson_chi2",
        ];
        match fam {
            Family::Poisson => {
                keys.extend(["llf", "aic", "bic", "scale"]);
                poisson_llf = r.llf;
            }
            Family::QuasiPoisson => {
                keys.push("scale");
                // The contract's llf is the full Poisson log-likelihood
                // (statsmodels divides it by the scale for quasi-Poisson).
                assert_close(r.llf, poisson_llf, 1e-12, "quasipoisson llf");
            }
            Family::NegBin => {
                keys.extend(["llf", "aic", "bic", "alpha", "alpha_bse"]);
            }
        }
        for key in keys {
            assert_close(
                as_f64(&j[key]).unwrap(),
                as_f64(&e[key]).unwrap(),
                rel,
                &format!("{case} {key}"),
            );
        }
        assert_eq!(j["converged"], true);
    }
}

/// Without an offset the null model's mean is the sample mean in closed
/// form; the null deviance (and the fit) still equal statsmodels'.
#[test]
fn statsmodels_without_offset() {
    let (frame, exp) = case("expected_no_offset.json");
    for fam in [Family::Poisson, Family::NegBin] {
        let e = &exp[fam.name()];
        let r = fit(&frame, fam, e);
        let case = fam.name();
        for (i, (a, b)) in r.params.iter().zip(f64s(&e["params"])).enumerate() {
            assert_close(*a, b, 1e-8, &format!("{case} params[{i}]"));
        }
        for key in ["llf", "deviance", "null_deviance"] {
            let actual = as_f64(&r.to_json()[key]).unwrap();
            assert_close(
                actual,
                as_f64(&e[key]).unwrap(),
                1e-8,
                &format!("{case} {key}"),
            );
        }
    }
}
