//! OLS against NIST StRD certified values and statsmodels reference output.

use std::path::{Path, PathBuf};

use colcrime::formula::design;
use colcrime::json::as_f64;
use colcrime::models::ols::{CovType, OlsParams, fit_ols_frame};
use colcrime::series::Frame;
use serde_json::Value;

fn refdir(model: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(model)
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| as_f64(x).unwrap())
        .collect()
}

/// Log relative error (NIST's "number of correct digits"), capped at 15.
fn lre(actual: f64, certified: f64) -> f64 {
    if actual == certified {
        return 15.0;
    }
    let e = if certified == 0.0 {
        actual.abs()
    } else {
        ((actual - certified) / certified).abs()
    };
    (-e.log10()).min(15.0)
}

#[track_caller]
fn assert_close(actual: f64, expected: f64, rel: f64, what: &str) {
    let err = if expected == 0.0 {
        actual.abs()
    } else {
        ((actual - expected) / expected).abs()
    };
    assert!(
        err <= rel || (actual - expected).abs() < 1e-300,
        "{what}: actual {actual:e}, expected {expected:e}, relative error {err:e} > {rel:e}"
    );
}

#[test]
fn nist_strd_linear_suite() {
    let dir = refdir("nist");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 9, "expected the NIST cases in {dir:?}");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let exp = read_json(&case.join("expected.json"));
        let frame = Frame::read_csv(&case.join("input.csv")).unwrap();
        let formula = exp["formula"].as_str().unwrap();
        let d = design(&frame, formula, 0..frame.nrows()).unwrap();
        let r = OlsParams::new().fit(&d).unwrap();
        let digits = exp["digits"].as_f64().unwrap();
        let beta = f64s(&exp["params"]);
        let sd = f64s(&exp["bse"]);
        let minb = r
            .params
            .iter()
            .zip(&beta)
            .map(|(b, c)| lre(*b, *c))
            .fold(15.0f64, f64::min);
        let mins = r
            .bse
            .iter()
            .zip(&sd)
            .filter(|p| *p.1 != 0.0)
            .map(|(b, c)| lre(*b, *c))
            .fold(15.0f64, f64::min);
        eprintln!("{name}: params {minb:.1} digits, bse {mins:.1} digits (required {digits})");
        for (j, (b, c)) in r.params.iter().zip(&beta).enumerate() {
            let l = lre(*b, *c);
            assert!(
                l >= digits,
                "{name} param {j}: {b:e} vs certified {c:e} ({l:.1} digits < {digits})"
            );
        }
        for (j, (s, c)) in r.bse.iter().zip(&sd).enumerate() {
            // Certified SDs of zero (exact fits) are met when the SD is tiny
            // relative to the estimate.
            if *c == 0.0 {
                assert!(
                    s.abs() < 1e-7 * beta[j].abs().max(1e-300),
                    "{name} bse {j}: {s:e}"
                );
            } else {
                let l = lre(*s, *c);
                assert!(
                    l >= digits - 1.0,
                    "{name} bse {j}: {s:e} vs {c:e} ({l:.1} digits)"
                );
            }
        }
    }
}

fn check_against(r: &colcrime::models::ols::OlsResult, e: &Value, rel: f64, case: &str) {
    assert_eq!(
        r.param_names,
        e["param_names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    );
    let j = r.to_json();
    for key in [
        "params",
        "bse",
        "tvalues",
        "pvalues",
        "resid",
        "fittedvalues",
    ] {
        let a = f64s(&j[key]);
        let b = f64s(&e[key]);
        assert_eq!(a.len(), b.len(), "{case} {key}");
        for (i, (x, y)) in a.iter().zip(&b).enumerate() {
            assert_close(*x, *y, rel, &format!("{case} {key}[{i}]"));
        }
    }
    for (i, ci) in e["conf_int"].as_array().unwrap().iter().enumerate() {
        let ci = f64s(ci);
        assert_close(
            r.conf_int[i][0],
            ci[0],
            rel,
            &format!("{case} conf_int[{i}][0]"),
        );
        assert_close(
            r.conf_int[i][1],
            ci[1],
            rel,
            &format!("{case} conf_int[{i}][1]"),
        );
    }
    for key in [
        "nobs",
        "df_model",
        "df_resid",
        "rsquared",
        "rsquared_adj",
        "fvalue",
        "f_pvalue",
        "llf",
        "aic",
        "bic",
        "ssr",
        "ess",
        "centered_tss",
        "mse_resid",
        "scale",
        "durbin_watson",
        "dropped",
    ] {
        assert_close(
            as_f64(&j[key]).unwrap(),
            as_f64(&e[key]).unwrap(),
            rel,
            &format!("{case} {key}"),
        );
    }
    assert_eq!(j["cov_type"], e["cov_type"], "{case}");
}

#[test]
fn statsmodels_robbery_cpi() {
    let case = refdir("ols").join("robbery_cpi");
    let frame = Frame::read_csv(&case.join("input.csv")).unwrap();
    let exp = read_json(&case.join("expected.json"));
    let covs = [
        ("nonrobust", CovType::NonRobust),
        ("HC0", CovType::HC0),
        ("HC1", CovType::HC1),
        ("HC2", CovType::HC2),
        ("HC3", CovType::HC3),
        (
            "HAC4",
            CovType::Hac {
                maxlags: Some(4),
                correction: false,
            },
        ),
        (
            "HAC4_corr",
            CovType::Hac {
                maxlags: Some(4),
                correction: true,
            },
        ),
        ("nocons", CovType::NonRobust),
    ];
    for (name, cov) in covs {
        let e = &exp[name];
        let formula = e["formula"].as_str().unwrap();
        let r = fit_ols_frame(
            &frame,
            formula,
            &OlsParams::new().cov_type(cov),
            frame.nrows(),
        )
        .unwrap();
        check_against(&r, e, 1e-9, name);
    }
}

#[test]
fn singular_design_is_named() {
    let frame = Frame::from_csv_str("t", "y,a,b\n1,1,2\n2,2,4\n4,3,6\n5,5,10\n").unwrap();
    let e = fit_ols_frame(&frame, "y ~ a + b", &OlsParams::new(), 4).unwrap_err();
    let msg = e.to_string();
    assert_eq!(e.exit_code(), 2);
    assert!(
        msg.contains("collinear") && msg.contains('a') && msg.contains('b'),
        "{msg}"
    );
}
