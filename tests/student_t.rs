//! Student-t p-values against scipy, and an OLS fit with a huge t statistic
//! against statsmodels (`tests/reference/student_t/generate.py`).

mod common;

use std::path::PathBuf;

use colcrime::json::as_f64;
use colcrime::models::ols::{OlsParams, fit_ols_frame};
use colcrime::models::student_t::{t_sf, t_two_sided};
use colcrime::series::Frame;
use common::{REL_CLOSED, REL_EXACT, assert_close, f64s};
use serde_json::Value;

/// Relative tolerance against scipy's `stats.t.sf` for `df <= 1e4`, where
/// the power series is used (largest error seen 3.3e-13, also against
/// mpmath on a finer grid).
const REL: f64 = REL_EXACT;
/// For `df > 1e4` (continued fraction; largest error seen 4.5e-11 here,
/// 5e-10 on a finer grid up to df = 1e7 against mpmath).
const REL_LARGE_DF: f64 = REL_CLOSED;

fn refdir() -> PathBuf {
    common::reference_dir("student_t")
}

fn read_json(name: &str) -> Value {
    common::read_json(&refdir().join(name))
}

#[test]
fn two_sided_matches_scipy_in_both_tails() {
    let exp = read_json("expected.json");
    let cases = exp["cases"].as_array().unwrap();
    assert!(cases.len() > 100);
    let mut worst = 0.0f64;
    for c in cases {
        let (t, df, p) = (
            as_f64(&c["t"]).unwrap(),
            as_f64(&c["df"]).unwrap(),
            as_f64(&c["p"]).unwrap(),
        );
        let what = format!("t = {t}, df = {df}");
        let rel = if df <= 1e4 { REL } else { REL_LARGE_DF };
        assert_close(t_two_sided(t, df), p, rel, &what);
        assert_close(t_two_sided(-t, df), p, rel, &what);
        assert_close(t_sf(t, df), p / 2.0, rel, &what);
        worst = worst.max((t_two_sided(t, df) / p - 1.0).abs());
    }
    eprintln!("worst relative error against scipy: {worst:e}");
    // The far-tail cases the brief names are present.
    for (t, df) in [(8.0, 5.0), (15.0, 30.0), (30.0, 200.0)] {
        assert!(
            cases
                .iter()
                .any(|c| c["t"].as_f64() == Some(t) && c["df"].as_f64() == Some(df))
        );
    }
}

#[test]
fn ols_pvalue_of_a_huge_t_matches_statsmodels() {
    let frame = Frame::read_csv(&refdir().join("input.csv")).unwrap();
    let exp = read_json("ols_expected.json");
    let r = fit_ols_frame(&frame, "y ~ x", &OlsParams::new(), frame.nrows()).unwrap();
    let f = |k: &str| -> Vec<f64> { f64s(&exp[k]) };
    for (j, (&t, &p)) in f("tvalues").iter().zip(&f("pvalues")).enumerate() {
        assert_close(r.tvalues[j], t, REL_CLOSED, &format!("t[{j}]"));
        // p ~ 1e-79 for the slope: statrs' continued fraction is off here.
        // A relative error e in t moves p by about (df + 1) e relatively.
        assert_close(r.pvalues[j], p, REL_CLOSED, &format!("p[{j}]"));
    }
    assert!(f("pvalues")[1] < 1e-70);
}
