//! Count models against statsmodels reference output.

mod common;

use std::path::PathBuf;

use colcrime::json::as_f64;
use colcrime::models::glm::{Family, GlmParams, GlmResult, fit_glm_frame};
use colcrime::series::Frame;
use common::{REL_CONVERGED, REL_EXACT, assert_close, f64s};
use serde_json::Value;

fn refdir() -> PathBuf {
    common::reference_dir("glm/kingston_robbery")
}

/// The Kingston input and one expected-values file.
fn case(expected: &str) -> (Frame, Value) {
    let frame = Frame::read_csv(&refdir().join("input.csv")).unwrap();
    (frame, common::read_json(&refdir().join(expected)))
}

/// Fits the family to the expected case's formula on every row.
fn fit(frame: &Frame, fam: Family, e: &Value) -> GlmResult {
    let formula = e["formula"].as_str().unwrap();
    fit_glm_frame(frame, formula, None, &GlmParams::new(fam), frame.nrows()).unwrap()
}

#[test]
fn statsmodels_kingston_robbery() {
    let (frame, exp) = case("expected.json");
    let rel = REL_CONVERGED;
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
                assert_close(r.llf, poisson_llf, REL_EXACT, "quasipoisson llf");
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
            assert_close(*a, b, REL_CONVERGED, &format!("{case} params[{i}]"));
        }
        for key in ["llf", "deviance", "null_deviance"] {
            let actual = as_f64(&r.to_json()[key]).unwrap();
            assert_close(
                actual,
                as_f64(&e[key]).unwrap(),
                REL_CONVERGED,
                &format!("{case} {key}"),
            );
        }
    }
}
