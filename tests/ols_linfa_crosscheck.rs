//! An independent check of colcrime's least squares: `linfa_linear::LinearRegression`
//! (an unpivoted Householder QR from `linfa-linalg`, pure Rust, no code in
//! common with `colcrime::models::linalg`) against `colcrime::models::ols`
//! (pivoted Householder QR with refinement), on a noisy design and on the
//! NIST StRD Longley and Norris cases.
//!
//! Both solve the same problem in double precision by a backward-stable
//! QR, so they differ by rounding amplified by the conditioning of the
//! design with its columns scaled to unit length (Householder QR is
//! insensitive to column scaling). The measure is therefore normwise on
//! that scale: `‖D(β₁ − β₂)‖ / ‖D β₂‖`, `D` the column norms of `[1 X]`
//! (each coefficient's difference counts by the size of its column's
//! contribution). With `κ` the condition number of the scaled design
//! (computed with 60-digit SVDs in mpmath) the first-order bound is about
//! `κ ε`, `ε = 2.2e-16`; each case's tolerance is stated beside it.
//! linfa-linear has no refinement step, so on Longley it is less accurate
//! than colcrime (whose own suite, `tests/models_ols.rs`, certifies 14
//! digits of every coefficient) but still well inside the bound. Only its
//! `LinearRegression` is used; its Poisson/Tweedie GLM is not a reference.

use std::path::Path;

use colcrime::models::ols::OlsParams;
use linfa::prelude::*;
use linfa_linear::LinearRegression;
use ndarray::{Array1, Array2};

/// The noisy design (regressors correlated about 0.5) and Norris
/// (`κ = 2.8`): agreement to rounding.
const REL_EXACT: f64 = 1e-12;
/// Longley: `κ = 4.3e4`, so `κ ε ≈ 1e-11` (observed: 3e-13); a hundredfold
/// margin over the bound, where a wrong solver or a swapped column gives
/// errors of order one.
const REL_LONGLEY: f64 = 1e-9;

/// A least-squares fit with a constant: (colcrime, linfa-linear, column
/// norms of `[1 X]`), coefficients with the constant first.
struct Both {
    colcrime: Vec<f64>,
    linfa: Vec<f64>,
    norms: Vec<f64>,
}

/// Fits `x` (no constant column) with a constant by both libraries.
fn both(x: &Array2<f64>, y: &Array1<f64>) -> Both {
    let (n, k) = x.dim();
    let mut design = Array2::<f64>::ones((n, k + 1));
    design.slice_mut(ndarray::s![.., 1..]).assign(x);
    let mut names = vec!["const".to_string()];
    names.extend((1..=k).map(|j| format!("x{j}")));
    let ours = OlsParams::new()
        .fit_xy(&design, y.as_slice().unwrap(), names)
        .unwrap();
    let ds = Dataset::new(x.clone(), y.clone());
    let theirs = LinearRegression::new().fit(&ds).unwrap();
    let mut linfa = vec![theirs.intercept()];
    linfa.extend(theirs.params().iter().copied());
    let norms = design
        .columns()
        .into_iter()
        .map(|c| c.dot(&c).sqrt())
        .collect();
    Both {
        colcrime: ours.params,
        linfa,
        norms,
    }
}

/// `‖D(a − b)‖ / ‖D b‖ ≤ rel`, printing each coefficient.
#[track_caller]
fn assert_agree(a: (&str, &[f64]), b: (&str, &[f64]), norms: &[f64], rel: f64, case: &str) {
    assert_eq!(a.1.len(), b.1.len(), "{case}");
    assert_eq!(a.1.len(), norms.len(), "{case}");
    let (mut num, mut den) = (0.0, 0.0);
    for (j, ((x, y), d)) in a.1.iter().zip(b.1).zip(norms).enumerate() {
        eprintln!("{case} param {j}: {} {x:.15e}, {} {y:.15e}", a.0, b.0);
        num += (d * (x - y)).powi(2);
        den += (d * y).powi(2);
    }
    let err = (num / den).sqrt();
    eprintln!(
        "{case}: {} vs {}: scaled error {err:.1e} (tolerance {rel:.0e})",
        a.0, b.0
    );
    assert!(
        err <= rel,
        "{case}: {} {:?} and {} {:?} differ by {err:e} (column-scaled, relative) > {rel:e}",
        a.0,
        a.1,
        b.0,
        b.1
    );
}

/// A deterministic uniform(0, 1) stream (xorshift64*), so the test needs no
/// random-number crate and fails the same way everywhere.
fn uniforms(seed: u64, n: usize) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            (s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

#[test]
fn noisy_regression_agrees_to_rounding() {
    // y = 2 - 0.5 x1 + 3 x2 + 0.01 x3 + e, with correlated regressors and
    // noise of standard deviation about 1 (the linfa lesson: never only
    // exact fits).
    let n = 500;
    let u = uniforms(0x9E37_79B9_7F4A_7C15, 4 * n);
    let x = Array2::from_shape_fn((n, 3), |(i, j)| match j {
        0 => 10.0 * u[i],
        1 => 0.6 * u[i] + u[n + i],
        _ => 1000.0 * u[2 * n + i],
    });
    let y = Array1::from_shape_fn(n, |i| {
        let e = (u[3 * n + i] - 0.5) * 12f64.sqrt();
        2.0 - 0.5 * x[[i, 0]] + 3.0 * x[[i, 1]] + 0.01 * x[[i, 2]] + e
    });
    let f = both(&x, &y);
    let (ours, linfa) = (f.colcrime.as_slice(), f.linfa.as_slice());
    assert_agree(
        ("colcrime", ours),
        ("linfa", linfa),
        &f.norms,
        REL_EXACT,
        "noisy",
    );
    // The noise is real: the estimates are near, not at, the truth.
    assert!((ours[1] + 0.5).abs() < 0.1 && ours[1] != -0.5, "{ours:?}");
}

/// The NIST case `name` as (x without the constant, y, certified params).
fn nist(name: &str) -> (Array2<f64>, Array1<f64>, Vec<f64>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/nist");
    let text = std::fs::read_to_string(dir.join(name).join("input.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[0], "y", "{name}: y is the first column");
    let rows: Vec<Vec<f64>> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(|c| c.trim().parse().unwrap()).collect())
        .collect();
    let k = header.len() - 1;
    let x = Array2::from_shape_fn((rows.len(), k), |(i, j)| rows[i][j + 1]);
    let y = Array1::from_iter(rows.iter().map(|r| r[0]));
    let exp: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(name).join("expected.json")).unwrap(),
    )
    .unwrap();
    let certified = exp["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    (x, y, certified)
}

/// On NIST case `name`, colcrime and linfa-linear agree to `rel`, linfa-linear
/// is within `rel` of the certified values, and colcrime within `REL_EXACT`
/// (the closer of the two).
fn check_nist_case(name: &str, rel: f64) {
    let (x, y, certified) = nist(name);
    let f = both(&x, &y);
    let (ours, linfa) = (f.colcrime.as_slice(), f.linfa.as_slice());
    assert_agree(("colcrime", ours), ("linfa", linfa), &f.norms, rel, name);
    let nist = ("NIST", certified.as_slice());
    assert_agree(("linfa", linfa), nist, &f.norms, rel, name);
    assert_agree(("colcrime", ours), nist, &f.norms, REL_EXACT, name);
}

#[test]
fn nist_longley_agrees_within_its_conditioning() {
    check_nist_case("Longley", REL_LONGLEY);
}

#[test]
fn nist_norris_agrees_to_rounding() {
    check_nist_case("Norris", REL_EXACT);
}
