//! Runs every program in `examples/` on the shipped data and checks the
//! lines it prints (STYLE.md item 12, after csv's `tests/tests.rs`).
//!
//! The example binaries are looked for beside this test's executable
//! (`target/<profile>/examples/NAME`, which `cargo test` builds); they are
//! (re)built first with `cargo build --examples` (a no-op when they are
//! fresh), so `cargo test --test examples` works from a clean target
//! directory too.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

/// `target/<profile>`: the test executable lives in `target/<profile>/deps`.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent()
        .and_then(Path::parent)
        .expect("the test executable is in target/<profile>/deps")
        .to_path_buf()
}

/// Builds the examples once for the whole test binary.
fn build_examples() -> &'static Result<(), String> {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let dir = profile_dir();
        let mut cmd = Command::new(cargo);
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "--examples", "--quiet"]);
        if dir.file_name().is_some_and(|n| n == "release") {
            cmd.arg("--release");
        }
        // Build into the target directory this test was built in.
        if let Some(target) = dir.parent() {
            cmd.env("CARGO_TARGET_DIR", target);
        }
        let out = cmd.output().map_err(|e| format!("running cargo: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    })
}

/// Runs example `name`; returns its stdout after checking it exited with 0.
fn run(name: &str) -> String {
    if let Err(e) = build_examples() {
        panic!("cargo build --examples failed:\n{e}");
    }
    let bin = profile_dir()
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "no example binary {}", bin.display());
    let t = Instant::now();
    let out = Command::new(&bin)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    eprintln!("example {name}: {:.2} s", t.elapsed().as_secs_f64());
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "example {name} exited with {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The line of `out` starting (after spaces) with `prefix`.
fn line<'a>(out: &'a str, prefix: &str) -> &'a str {
    out.lines()
        .find(|l| l.trim_start().starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{out}"))
}

/// The numbers on a line (tokens that parse as f64, signs and % stripped).
fn numbers(l: &str) -> Vec<f64> {
    l.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',' || c == '=')
        .filter_map(|t| t.trim_end_matches('%').parse::<f64>().ok())
        .collect()
}

fn reference(rel: &str) -> serde_json::Value {
    common::read_json(&common::root().join(rel))
}

fn param(fit: &serde_json::Value, key: &str, name: &str) -> f64 {
    let names = fit["param_names"].as_array().unwrap();
    let i = names.iter().position(|n| n == name).unwrap();
    fit[key][i].as_f64().unwrap()
}

/// A number printed with `decimals` decimals agrees with the reference
/// `b` to the printed precision (plus `rel` relative, for iterative fits).
#[track_caller]
fn close(a: f64, b: f64, decimals: i32, rel: f64, what: &str) {
    let tol = 0.5 * 10f64.powi(-decimals) * 1.000_001 + rel * b.abs();
    common::assert_within(a, b, tol, &format!("{what} (printed)"));
}

/// Examples with their own test below (which checks their lines).
const CHECKED: [&str; 8] = [
    "borough_poisson",
    "briefing",
    "ecm_theft",
    "ets_theft",
    "gallery",
    "linfa_ols",
    "refit_cpi",
    "var_london",
];

/// Every other program in examples/ (e.g. one added since) runs, exits
/// with 0 and prints at least one number.
#[test]
fn every_other_example_runs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "rs" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    for c in CHECKED {
        assert!(names.iter().any(|n| n == c), "example {c} is gone");
    }
    for n in names.iter().filter(|n| !CHECKED.contains(&n.as_str())) {
        let out = run(n);
        assert!(
            out.lines().any(|l| !numbers(l).is_empty()),
            "example {n} printed no number:\n{out}"
        );
    }
}

/// The borough Poisson/NB2 panel prints the same numbers statsmodels gives
/// on the same panel (tests/reference/glm_cluster/borough_robbery), to the
/// printed digits.
#[test]
fn borough_poisson() {
    let out = run("borough_poisson");
    let e = reference("tests/reference/glm_cluster/borough_robbery/expected.json");
    assert!(
        line(&out, "London borough panel:").contains("32 boroughs x 14 years"),
        "{out}"
    );
    assert!(out.contains("interpolated linearly"), "{out}");
    // Poisson, unemployment: coef, cluster se, model se.
    let pois = &e["fits"]["poisson_fe_cluster"];
    let u: Vec<f64> = numbers(line(&out, "unemployment"));
    assert_eq!(u.len(), 3, "{out}");
    close(
        u[0],
        param(pois, "params", "unemployment"),
        6,
        1e-7,
        "Poisson coef",
    );
    close(
        u[1],
        param(pois, "bse", "unemployment"),
        6,
        1e-7,
        "Poisson cluster se",
    );
    let nr = pois["bse_nonrobust"].as_array().unwrap()[param_index(pois, "unemployment")]
        .as_f64()
        .unwrap();
    close(u[2], nr, 6, 1e-7, "Poisson model se");
    // A year effect: coefficient, cluster se, % change.
    let y = numbers(line(&out, "2020:"));
    assert_eq!(y.len(), 3, "{out}");
    close(
        y[0],
        param(pois, "params", "C(year)[T.2020]"),
        4,
        1e-7,
        "2020 effect",
    );
    close(
        y[1],
        param(pois, "bse", "C(year)[T.2020]"),
        4,
        1e-7,
        "2020 se",
    );
    // NB2: alpha, then the unemployment line after the NB2 header.
    let nb = &e["fits"]["negbin_fe"];
    let nb_part = out.split("Negative binomial").nth(1).unwrap();
    let a = numbers(line(nb_part, "(NB2), same model"));
    close(a[0], nb["alpha"].as_f64().unwrap(), 6, 1e-6, "alpha");
    let un = numbers(line(nb_part, "unemployment"));
    close(
        un[0],
        param(nb, "params", "unemployment"),
        6,
        1e-6,
        "NB2 coef",
    );
    let nbc = &e["fits"]["negbin_fe_cluster"];
    close(
        un[1],
        param(nbc, "bse", "unemployment"),
        6,
        1e-6,
        "NB2 cluster se",
    );
    close(
        un[2],
        param(nb, "bse", "unemployment"),
        6,
        1e-6,
        "NB2 model se",
    );
    // The CPI model.
    let c = numbers(line(&out, "cpi"));
    let pc = &e["fits"]["poisson_cpi_cluster"];
    close(c[0], param(pc, "params", "cpi"), 6, 1e-7, "CPI coef");
    close(c[1], param(pc, "bse", "cpi"), 6, 1e-7, "CPI cluster se");
}

fn param_index(fit: &serde_json::Value, name: &str) -> usize {
    fit["param_names"]
        .as_array()
        .unwrap()
        .iter()
        .position(|n| n == name)
        .unwrap()
}

#[test]
fn ecm_theft() {
    let out = run("ecm_theft");
    assert!(line(&out, "London theft").contains("quarters"), "{out}");
    let b = numbers(line(&out, "log(real_earnings)"));
    assert_eq!(b.len(), 1, "{out}");
    assert!(b[0].is_finite());
    let a = numbers(line(&out, "ect.L1"));
    assert_eq!(a.len(), 3, "coef, se, p: {out}");
    let adj = numbers(line(&out, "Adjustment speed:"));
    assert_eq!(adj[0], a[0], "the adjustment is the ect.L1 coefficient");
    assert!(
        a[0] < 0.0 && a[0] > -1.0,
        "theft returns towards its long run"
    );
    assert!(numbers(line(&out, "D.log(cpi)")).len() == 3, "{out}");
    assert!(line(&out, "Engle-Granger").contains("p-value"));
}

#[test]
fn ets_theft() {
    let out = run("ets_theft");
    assert!(line(&out, "monthly London theft").contains("months"));
    assert!(out.contains("candidate models; chosen by AICc"), "{out}");
    // The last forecast row: month 12, forecast, 95% interval.
    let last = numbers(out.lines().last().unwrap());
    assert_eq!(last.len(), 4, "{out}");
    assert_eq!(last[0], 12.0);
    assert!(last[2] < last[1] && last[1] < last[3], "{out}");
}

#[test]
fn var_london() {
    let out = run("var_london");
    assert!(line(&out, "data:").contains("quarterly equations"), "{out}");
    // VAR order, llf, aic.
    let fit = numbers(line(&out, "fitted VAR("));
    assert_eq!(fit.len(), 3, "{out}");
    assert!(fit.iter().all(|v| v.is_finite()));
    assert_eq!(numbers(line(&out, "h = 0:")).len(), 1, "{out}");
}

/// colcrime's OLS through linfa's `Fit` and linfa-linear's own
/// regression give the same coefficients on the shipped data.
#[test]
fn linfa_ols() {
    let out = run("linfa_ols");
    let n = numbers(line(&out, "London robbery and CPI inflation"));
    assert!(n.last().is_some_and(|&m| m > 150.0), "months: {out}");
    // const, cpi_rate and trend: coef, se, t through Fit; coef from linfa.
    let ours = out.split("linfa-linear").next().unwrap();
    let theirs = out.split("linfa-linear").nth(1).unwrap();
    for name in ["const", "cpi_rate", "trend"] {
        let a = numbers(line(ours, name));
        assert_eq!(a.len(), 3, "{name}: {out}");
        assert!(a[1] > 0.0, "{name} standard error: {out}");
        let b = numbers(line(theirs, name));
        assert_eq!(b.len(), 1, "{name}: {out}");
        close(b[0], a[0], 7, 0.0, name);
    }
    let d = numbers(line(&out, "largest coefficient difference"));
    assert!(d[0] <= 1e-10, "{out}");
    let rmse = numbers(line(&out, "in-sample RMSE"));
    assert!(rmse[0] > 0.0 && rmse[0] < 1.0, "{out}");
}

#[test]
fn gallery() {
    let out = run("gallery");
    // One line per chart: its PNG and SVG paths, both written.
    let charts: Vec<&str> = out.lines().filter(|l| l.contains(".png")).collect();
    // Every chart type of src/charts/, from the shipped data.
    for stem in [
        "line_cpi.png",
        "line_indexed.png",
        "fan_cpi.png",
        "multiples_robbery.png",
        "bar_robbery_change.png",
        "acf_cpi_change.png",
        "scatter_robbery_cpi.png",
        "residuals_robbery_cpi.png",
        "irf_robbery_cpi.png",
        "forest_robbery_cpi.png",
        "revision_cpi.png",
    ] {
        assert!(
            charts.iter().any(|l| l.contains(&format!("/{stem} "))),
            "no {stem}: {out}"
        );
    }
    for l in charts {
        for f in l.split_whitespace() {
            assert!(Path::new(f).exists(), "{f} not written");
        }
    }
}

#[test]
fn briefing() {
    let out = run("briefing");
    assert!(line(&out, "Key points:").starts_with("Key points"));
    assert!(out.lines().any(|l| l.starts_with("- ")), "{out}");
    assert!(out.contains("Models:"), "{out}");
}

#[test]
fn refit_cpi() {
    let out = run("refit_cpi");
    let cpi = numbers(line(&out, "cpi:"));
    assert_eq!(cpi.len(), 2, "{out}");
    assert!(cpi[0] > 0.0, "the 2026 release adds months: {out}");
    let p = numbers(line(&out, "robbery_ols"));
    assert!(p.len() >= 3, "{out}");
    assert!(line(&out, "change report:").ends_with("changes.md"));
}
