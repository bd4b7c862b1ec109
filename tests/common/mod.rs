//! Support shared by the integration tests: named tolerances, the
//! closeness assertions that print what failed, and the loading of
//! reference cases (`tests/reference/<model>/<case>/{input.csv,
//! expected.json}` beside the model's `SOURCE.md` and generating script).
//!
//! Each test file declares `mod common;` and uses what it needs.
#![allow(dead_code)] // every test crate uses a different subset

use std::path::{Path, PathBuf};

pub mod chromium;

use serde_json::Value;

/// Closed forms computed the same way on both sides, or checked against
/// exact or certified values (OLS by QR against NIST, hand algebra).
pub const REL_EXACT: f64 = 1e-12;
/// Closed forms against another implementation of the same formula
/// (statsmodels' pseudo-inverse against our pivoted QR, table look-ups):
/// the two agree to about 1e-13, and conditioning needs the room.
pub const REL_CLOSED: f64 = 1e-9;
/// Estimates of one iterative method converged tightly on both sides
/// (IRLS and Newton to a step of 1e-10 against statsmodels' IRLS).
pub const REL_CONVERGED: f64 = 1e-8;
/// Iterative estimates against another optimiser (IRLS, MLE).
pub const REL_ITER: f64 = 1e-6;
/// Numbers copied from printed output.
pub const REL_PUBLISHED: f64 = 1e-4;
/// Optima found by two different optimisers on a flat likelihood (ETS
/// criteria and sums of squares against statsmodels' L-BFGS-B).
pub const REL_OPTIMUM: f64 = 1e-4;
/// p-values below this are compared as `ln p`: in the far tail a χ², F or
/// normal p-value's relative error is its statistic's times roughly the
/// statistic's size, so 1e-11 agreement in a statistic of 90 is 1e-9 in
/// its p-value.
pub const TINY_P: f64 = 1e-15;

/// The relative error `|actual − expected| / |expected|` (0 when the two
/// are equal, infinities included; an expected zero must be matched
/// exactly).
pub fn rel_error(actual: f64, expected: f64) -> f64 {
    rel_error_floor(actual, expected, 1e-300)
}

/// `|actual − expected| / max(|expected|, floor)`: relative above `floor`,
/// absolute (in units of `floor`) below it; 0 when the two are equal.
pub fn rel_error_floor(actual: f64, expected: f64, floor: f64) -> f64 {
    if actual == expected {
        0.0
    } else {
        (actual - expected).abs() / expected.abs().max(floor)
    }
}

/// Asserts that `actual` is within relative error `rel` of `expected`,
/// printing both, the relative error and the tolerance otherwise.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64, rel: f64, case_id: &str) {
    let err = rel_error(actual, expected);
    assert!(
        err <= rel,
        "{case_id}: actual {actual:.17e}, expected {expected:.17e}, relative error {err:.3e} > tolerance {rel:.1e}"
    );
}

/// [`assert_close`] for each pair of two slices of the same length.
#[track_caller]
pub fn assert_all_close(actual: &[f64], expected: &[f64], rel: f64, case_id: &str) {
    assert_eq!(
        actual.len(),
        expected.len(),
        "{case_id}: {} values, expected {}",
        actual.len(),
        expected.len()
    );
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_close(*a, *e, rel, &format!("{case_id}[{i}]"));
    }
}

/// As [`assert_close`], but an expected exact zero is judged by the
/// absolute error `|actual| ≤ rel` (NIST's convention for certified values
/// that are zero, such as the residual standard deviation of an exact fit).
#[track_caller]
pub fn assert_close_or_zero(actual: f64, expected: f64, rel: f64, case_id: &str) {
    if expected == 0.0 {
        assert_within(actual, expected, rel, case_id);
    } else {
        assert_close(actual, expected, rel, case_id);
    }
}

/// Asserts `|actual − expected| ≤ rel · max(|expected|, floor)`: relative
/// error for values of at least `floor`, absolute below (for statistics
/// near zero, whose relative digits mean nothing).
#[track_caller]
pub fn assert_close_floor(actual: f64, expected: f64, rel: f64, floor: f64, case_id: &str) {
    let err = rel_error_floor(actual, expected, floor);
    assert!(
        err <= rel,
        "{case_id}: actual {actual:.17e}, expected {expected:.17e}, error {err:.3e} relative to max(|expected|, {floor:.0e}) > tolerance {rel:.1e}"
    );
}

/// Asserts the absolute error `|actual − expected| ≤ tol` (a tolerance the
/// caller scales, e.g. by the size of the numbers a difference comes from).
#[track_caller]
pub fn assert_within(actual: f64, expected: f64, tol: f64, case_id: &str) {
    let err = (actual - expected).abs();
    assert!(
        actual == expected || err <= tol,
        "{case_id}: actual {actual:.17e}, expected {expected:.17e}, absolute error {err:.3e} > tolerance {tol:.3e}"
    );
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/reference/<model>`.
pub fn reference_dir(model: &str) -> PathBuf {
    root().join("tests/reference").join(model)
}

/// A JSON file.
#[track_caller]
pub fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// A number of contract JSON (numbers, or the strings `"NaN"`,
/// `"Infinity"` and `"-Infinity"`).
#[track_caller]
pub fn num(v: &Value, what: &str) -> f64 {
    colcrime::json::as_f64(v).unwrap_or_else(|| panic!("{what}: not a number: {v}"))
}

/// An array of numbers (see [`num`]).
#[track_caller]
pub fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| num(x, "array element"))
        .collect()
}

/// An array of unsigned integers (orders of a model, say).
#[track_caller]
pub fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| {
            x.as_u64()
                .unwrap_or_else(|| panic!("not an unsigned integer: {x}")) as usize
        })
        .collect()
}

/// A reference case: a directory with its `expected.json`.
#[derive(Debug, Clone)]
pub struct Case {
    /// The directory's name.
    pub name: String,
    /// The directory.
    pub dir: PathBuf,
    /// Its `expected.json`.
    pub expected: Value,
}

impl Case {
    /// The case's `input.csv`.
    pub fn input(&self) -> colcrime::series::Frame {
        colcrime::series::Frame::read_csv(&self.dir.join("input.csv"))
            .unwrap_or_else(|e| panic!("{}: input.csv: {e}", self.name))
    }
}

/// One case of `tests/reference/<model>/<name>`.
#[track_caller]
pub fn case(model: &str, name: &str) -> Case {
    let dir = reference_dir(model).join(name);
    Case {
        name: name.to_string(),
        expected: read_json(&dir.join("expected.json")),
        dir,
    }
}

/// Every case of `tests/reference/<model>` (the directories with an
/// `expected.json`), by name; at least `min` of them.
#[track_caller]
pub fn cases(model: &str, min: usize) -> Vec<Case> {
    let dir = reference_dir(model);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            p.join("expected.json")
                .exists()
                .then(|| p.file_name()?.to_str().map(str::to_string))?
        })
        .collect();
    names.sort();
    assert!(
        names.len() >= min,
        "expected at least {min} reference cases in {}, found {}",
        dir.display(),
        names.len()
    );
    names.iter().map(|n| case(model, n)).collect()
}

/// Walks `expected` and the same keys of `actual` together: objects key by
/// key, arrays element by element (lengths must agree), `null` and other
/// non-numbers must be equal, unsigned integers exactly; every other number
/// goes to `leaf(actual, expected, path)`. `path` names the place
/// (`case.key[2].sub`).
#[track_caller]
pub fn compare_json(
    actual: &Value,
    expected: &Value,
    path: &str,
    leaf: &mut dyn FnMut(f64, f64, &str),
) {
    match expected {
        Value::Object(m) => {
            for (k, v) in m {
                let a = actual
                    .get(k)
                    .unwrap_or_else(|| panic!("{path}: missing key {k} in {actual}"));
                compare_json(a, v, &format!("{path}.{k}"), leaf);
            }
        }
        Value::Array(xs) => {
            let ys = actual
                .as_array()
                .unwrap_or_else(|| panic!("{path}: not an array: {actual}"));
            assert_eq!(xs.len(), ys.len(), "{path}: length");
            for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                compare_json(y, x, &format!("{path}[{i}]"), leaf);
            }
        }
        Value::Null => assert!(actual.is_null(), "{path}: expected null, got {actual}"),
        Value::Number(n) if n.is_u64() => {
            assert_eq!(actual.as_f64(), n.as_f64(), "{path}: integer");
        }
        Value::Number(n) => {
            let e = n.as_f64().unwrap_or(f64::NAN);
            leaf(num(actual, path), e, path);
        }
        other => assert_eq!(actual, other, "{path}"),
    }
}

/// An SVG with its embedded font data (`@font-face` `data:` URLs, tens of
/// kilobytes of base64) cut to `base64,…`, for snapshots that review the
/// drawing rather than the font bytes (tested in `src/charts/font_subset.rs`).
pub fn redact_font(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find("base64,") {
        out.push_str(&rest[..i + "base64,".len()]);
        out.push('…');
        let tail = &rest[i + "base64,".len()..];
        rest = &tail[tail.find(')').unwrap_or(tail.len())..];
    }
    out.push_str(rest);
    out
}

/// Asserts that two frames are the same bit for bit: index, numeric
/// columns (NaN equal to NaN) and text columns; `what` names the case.
pub fn assert_same_frame(a: &colcrime::series::Frame, b: &colcrime::series::Frame, what: &str) {
    assert_eq!(a.index, b.index, "{what}: index");
    assert_eq!(a.names(), b.names(), "{what}: columns");
    for n in a.names() {
        let (x, y) = (a.column(n).unwrap(), b.column(n).unwrap());
        assert_eq!(x.len(), y.len(), "{what}: {n}");
        for (i, (u, v)) in x.iter().zip(y).enumerate() {
            assert!(
                u.to_bits() == v.to_bits() || (u.is_nan() && v.is_nan()),
                "{what}: {n}[{i}] {u} vs {v}"
            );
        }
    }
    assert_eq!(a.text_names(), b.text_names(), "{what}: text columns");
    for n in a.text_names() {
        assert_eq!(a.text_column(n), b.text_column(n), "{what}: {n}");
    }
}
