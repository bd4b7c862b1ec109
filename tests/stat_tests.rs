//! ADF, KPSS, Engle-Granger, Zivot-Andrews and Granger causality against
//! statsmodels 0.15,
//! Phillips-Perron against arch 8.0
//! (tests/reference/stattests; see SOURCE.md there), through the library
//! and through `colcrime test ... --format json`, plus bad-input cases.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use colcrime::formula::eval_expr;
use colcrime::models::granger::granger;
use colcrime::models::unitroot::{
    AdfParams, AdfRegression, Autolag, CointParams, KpssLags, KpssRegression, ZaParams,
    ZaRegression, adf, coint, kpss, phillips_perron, zivot_andrews,
};
use colcrime::series::Frame;
use common::{Case, REL_CLOSED, REL_EXACT, TINY_P, assert_close, compare_json, num};
use serde_json::Value;

/// Statistics and p-values from the same closed forms and tables.
const REL: f64 = REL_CLOSED;

fn dir() -> PathBuf {
    common::reference_dir("stattests")
}

/// Compares every number (and integer) of `expected` with `actual`, key by
/// key; a p-value below [`TINY_P`] on the log scale. (For
/// `real_log_robbery_cpi` RESET a 60-digit mpmath evaluation gives
/// W = 91.86334250751068: colcrime's QR value is within 3e-12 of it,
/// statsmodels' within 2.7e-11.)
#[track_caller]
fn compare(actual: &Value, expected: &Value, path: &str) {
    compare_json(actual, expected, path, &mut |a, e, path| {
        if path.ends_with("pvalue") && e > 0.0 && e < TINY_P {
            assert_close(a.ln(), e.ln(), REL, &format!("{path} (log scale)"));
        } else {
            assert_close(a, e, REL, path);
        }
    });
}

fn cases() -> Vec<Case> {
    common::cases("stattests", 20)
}

/// Evaluates expressions and keeps the rows where all are present (the
/// reference inputs have gaps only at the ends).
fn series(d: &Path, exprs: &[&str]) -> Vec<Vec<f64>> {
    let f = Frame::read_csv(&d.join("input.csv")).unwrap();
    let cols: Vec<Vec<f64>> = exprs.iter().map(|e| eval_expr(&f, e).unwrap()).collect();
    let keep: Vec<usize> = (0..f.nrows())
        .filter(|&i| cols.iter().all(|c| c[i].is_finite()))
        .collect();
    cols.iter()
        .map(|c| keep.iter().map(|&i| c[i]).collect())
        .collect()
}

fn opt_usize(v: &Value) -> Option<usize> {
    v.as_u64().map(|m| m as usize)
}

/// Runs the library and returns the result JSON.
fn run_library(c: &Case) -> Value {
    let o = &c.expected["options"];
    let s = |k: &str| o[k].as_str().unwrap().to_string();
    match c.expected["test"].as_str().unwrap() {
        "adf" => {
            let y = &series(&c.dir, &[&s("series")])[0];
            let p = AdfParams::new()
                .regression(AdfRegression::parse(&s("regression")).unwrap())
                .autolag(Autolag::parse(&s("autolag")).unwrap())
                .maxlag_opt(opt_usize(&o["maxlag"]));
            adf(y, &p).unwrap().to_json()
        }
        "pp" => {
            let y = &series(&c.dir, &[&s("series")])[0];
            let r = AdfRegression::parse(&s("regression")).unwrap();
            phillips_perron(y, r, opt_usize(&o["lags"]))
                .unwrap()
                .to_json()
        }
        "za" => {
            let y = &series(&c.dir, &[&s("series")])[0];
            let p = ZaParams::new()
                .regression(ZaRegression::parse(&s("regression")).unwrap())
                .autolag(Autolag::parse(&s("autolag")).unwrap())
                .maxlag_opt(opt_usize(&o["maxlag"]))
                .trim(o["trim"].as_f64().unwrap());
            zivot_andrews(y, &p).unwrap().to_json()
        }
        "kpss" => {
            let y = &series(&c.dir, &[&s("series")])[0];
            let r = KpssRegression::parse(&s("regression")).unwrap();
            kpss(y, r, KpssLags::parse(&s("nlags")).unwrap())
                .unwrap()
                .to_json()
        }
        "coint" => {
            let mut e = vec![s("y")];
            e.extend(
                o["x"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string()),
            );
            let refs: Vec<&str> = e.iter().map(String::as_str).collect();
            let cols = series(&c.dir, &refs);
            let p = CointParams::new()
                .autolag(Autolag::parse(&s("autolag")).unwrap())
                .maxlag_opt(opt_usize(&o["maxlag"]));
            coint(&cols[0], &cols[1..], &p).unwrap().to_json()
        }
        "granger" => {
            let cols = series(&c.dir, &[&s("y"), &s("x")]);
            let l = o["maxlag"].as_u64().unwrap() as usize;
            let lags: Vec<usize> = (1..=l).collect();
            colcrime::models::granger::granger_json(&granger(&cols[0], &cols[1], &lags).unwrap())
        }
        t => panic!("unknown test {t}"),
    }
}

fn cli_args(c: &Case) -> Vec<String> {
    let o = &c.expected["options"];
    let test = c.expected["test"].as_str().unwrap();
    let mut a: Vec<String> = vec![
        "--format".into(),
        "json".into(),
        "test".into(),
        test.into(),
        "--data".into(),
        c.dir.join("input.csv").to_string_lossy().into_owned(),
    ];
    for (k, v) in o.as_object().unwrap() {
        let flag = format!("--{k}");
        match v {
            Value::Null => {}
            Value::Array(xs) => {
                let joined: Vec<&str> = xs.iter().map(|x| x.as_str().unwrap()).collect();
                a.push(flag);
                a.push(joined.join(","));
            }
            Value::String(s) => {
                a.push(flag);
                a.push(s.clone());
            }
            other => {
                a.push(flag);
                a.push(other.to_string());
            }
        }
    }
    a
}

#[test]
fn library_matches_statsmodels() {
    for c in cases() {
        let got = run_library(&c);
        compare(&got, &c.expected["expected"], &c.name);
    }
}

#[test]
fn cli_matches_statsmodels() {
    for c in cases() {
        let out = Command::cargo_bin("colcrime")
            .unwrap()
            .args(cli_args(&c))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: exit {:?}: {}",
            c.name,
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        compare(&got, &c.expected["expected"], &c.name);
    }
}

#[test]
fn cli_table_output() {
    let d = dir().join("real_granger_cpi_robbery/input.csv");
    let out = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["test", "granger", "--data"])
        .arg(&d)
        .args([
            "--y",
            "diff(log(robbery))",
            "--x",
            "diff(cpi)",
            "--maxlag",
            "2",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("ssr based F test:"), "{s}");
    assert!(s.contains("number of lags (no zero) 2"), "{s}");
    assert!(s.contains("2010-05"), "{s}");
}

/// Runs the CLI on a CSV written to a temp dir; returns (exit code, stderr).
fn run_bad(csv: &str, args: &[&str]) -> (i32, String) {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("in.csv");
    std::fs::write(&p, csv).unwrap();
    let out = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["test", args[0], "--data"])
        .arg(&p)
        .args(&args[1..])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn csv_of(y: &[f64]) -> String {
    let mut s = String::from("y,x\n");
    for (i, v) in y.iter().enumerate() {
        s.push_str(&format!("{v},{}\n", ((i * 7) % 5) as f64));
    }
    s
}

#[test]
fn bad_inputs_exit_2_with_a_clear_message() {
    let short = csv_of(&[1.0, 3.0, 2.0, 4.0, 3.5]);
    let (code, msg) = run_bad(&short, &["adf", "--series", "y", "--regression", "ct"]);
    assert_eq!(code, 2, "{msg}");
    assert!(
        msg.contains("at least 6") && msg.contains("only 5"),
        "{msg}"
    );

    let constant = csv_of(&[2.0; 40]);
    for t in ["adf", "kpss"] {
        let (code, msg) = run_bad(&constant, &[t, "--series", "y"]);
        assert_eq!(code, 2, "{msg}");
        assert!(msg.contains("constant"), "{msg}");
    }

    let y: Vec<f64> = (0..30).map(|t| ((t * 7919) % 13) as f64).collect();
    let ok = csv_of(&y);
    let (code, msg) = run_bad(&ok, &["adf", "--series", "y", "--maxlag", "20"]);
    assert_eq!(code, 2, "{msg}");
    assert!(
        msg.contains("maxlag 20 is too large") && msg.contains("at most 13"),
        "{msg}"
    );

    let (code, msg) = run_bad(&ok, &["kpss", "--series", "y", "--nlags", "30"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("lags (30) must be less than"), "{msg}");

    let (code, msg) = run_bad(&ok, &["granger", "--y", "y", "--x", "x", "--maxlag", "10"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("maximum allowable lag is 8"), "{msg}");

    let (code, msg) = run_bad(&ok, &["coint", "--y", "y", "--x", "x,x,x,x,x,x"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("1 to 5 regressors"), "{msg}");

    let (code, msg) = run_bad(&ok, &["adf", "--series", "nosuch"]);
    assert_eq!(code, 2, "{msg}");

    let (code, msg) = run_bad(&ok, &["adf", "--series", "y", "--autolag", "hqic"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("autolag"), "{msg}");

    let (code, msg) = run_bad(&ok, &["za", "--series", "y", "--trim", "0.5"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("trim must be a fraction in [0, 1/3]"), "{msg}");

    let (code, msg) = run_bad(&ok, &["za", "--series", "y", "--regression", "n"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("expected c, t or ct"), "{msg}");

    // 30 observations, 15 % trimmed: the first candidate break (5) falls
    // inside the 8 lags.
    let (code, msg) = run_bad(
        &ok,
        &["za", "--series", "y", "--autolag", "none", "--maxlag", "8"],
    );
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("too early"), "{msg}");
}

#[test]
fn missing_values_dropped_at_ends_refused_inside() {
    let y: Vec<f64> = (0..40).map(|t| ((t * 7919) % 13) as f64).collect();
    let mut csv = String::from("date,y\n");
    for (i, v) in y.iter().enumerate() {
        let cell = if i < 2 || i == 39 {
            String::new()
        } else {
            v.to_string()
        };
        csv.push_str(&format!("{}-{:02}-01,{cell}\n", 2000 + i / 12, i % 12 + 1));
    }
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("in.csv");
    std::fs::write(&p, &csv).unwrap();
    let out = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "test", "adf", "--series", "y", "--data"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["sample"]["nobs"], 37);
    assert_eq!(j["sample"]["start"], "2000-03");
    let direct = adf(&y[2..39], &AdfParams::new()).unwrap();
    assert_close(
        num(&j["statistic"], "statistic"),
        direct.statistic,
        0.0,
        "ends dropped",
    );

    let mut csv2 = String::from("date,y\n");
    for (i, v) in y.iter().enumerate() {
        let cell = if i == 17 {
            String::new()
        } else {
            v.to_string()
        };
        csv2.push_str(&format!("{}-{:02}-01,{cell}\n", 2000 + i / 12, i % 12 + 1));
    }
    let (code, msg) = run_bad(&csv2, &["kpss", "--series", "y"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("missing at 2001-06"), "{msg}");
}

/// Breusch-Godfrey, Breusch-Pagan and RESET against statsmodels
/// (`stats.diagnostic`) on `y ~ const + x1 [+ x2]`.
#[test]
fn diagnostics_match_statsmodels() {
    use colcrime::models::diagnostics::{breusch_godfrey, breusch_pagan, reset};
    use colcrime::models::linalg::lstsq;
    use ndarray::Array2;
    for case in ["synthetic", "real_log_robbery_cpi"] {
        let d = dir().join("diagnostics").join(case);
        let spec = common::read_json(&d.join("expected.json"));
        let f = Frame::read_csv(&d.join("input.csv")).unwrap();
        let y = f.column("y").unwrap().to_vec();
        let xs: Vec<&[f64]> = ["x1", "x2"]
            .iter()
            .filter_map(|c| f.column(c).ok())
            .collect();
        let n = y.len();
        let x = Array2::from_shape_fn(
            (n, xs.len() + 1),
            |(i, j)| {
                if j == 0 { 1.0 } else { xs[j - 1][i] }
            },
        );
        let (b, _) = lstsq(&x, &y).unwrap();
        let e = colcrime::models::linalg::residuals(&x, &y, &b);
        let exp = &spec["expected"];
        let lm = |t: colcrime::models::diagnostics::LmTest| serde_json::json!({"lm": t.lm, "lm_pvalue": t.lm_pvalue, "fvalue": t.fvalue, "f_pvalue": t.f_pvalue});
        let w = |t: colcrime::models::diagnostics::WaldTest| t.to_json();
        compare(
            &lm(breusch_godfrey(&x, &e, None).unwrap()),
            &exp["bg_default"],
            &format!("{case} bg"),
        );
        compare(
            &lm(breusch_godfrey(&x, &e, Some(2)).unwrap()),
            &exp["bg_2"],
            &format!("{case} bg2"),
        );
        compare(
            &lm(breusch_pagan(&e, &x, true).unwrap()),
            &exp["bp_robust"],
            &format!("{case} bp"),
        );
        compare(
            &lm(breusch_pagan(&e, &x, false).unwrap()),
            &exp["bp_classic"],
            &format!("{case} bp classic"),
        );
        // RESET against a 60-digit mpmath evaluation at 1e-9, and against
        // statsmodels at 1e-5: with X'X of condition ~1e12 (log(robbery) ~
        // cpi, powers of y-hat up to 4) statsmodels' pinv-based Wald is off
        // by 4.6e-6 while the sums-of-squares form here is within 1e-9.
        for (key, power, use_f) in [("reset_3_chi2", 3, false), ("reset_4_f", 4, true)] {
            let got = w(reset(&x, &y, power, use_f).unwrap());
            compare(&got, &spec["exact"][key], &format!("{case} {key} (exact)"));
            let sm = &exp[key];
            let st = |v: &Value| num(&v["statistic"], "statistic");
            let lp = |v: &Value| num(&v["pvalue"], "pvalue").ln();
            let what = format!("{case} {key} vs statsmodels");
            assert_close(st(&got), st(sm), 1e-5, &what);
            assert_close(lp(&got), lp(sm), 1e-5, &format!("{what} (ln p)"));
            assert_eq!(got["df_num"], sm["df_num"]);
            assert_eq!(got["df_denom"], sm["df_denom"]);
        }
    }
}

/// KPSS against R urca::ur.kpss (type "mu"/"tau"), the test forecast's
/// `ndiffs` uses to choose d in auto.arima, at the bandwidths
/// `trunc(3 sqrt(n)/13)`, `trunc(4 (n/100)^(1/4))` and 0.
#[test]
fn kpss_matches_r_urca() {
    let text = std::fs::read_to_string(dir().join("urca_kpss.csv")).unwrap();
    let mut n = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (case, kind, lags, stat) = (f[0], f[1], f[2], f[3]);
        let col = if case.contains("cpi") { "cpi" } else { "y" };
        let y = &series(&dir().join(case), &[col])[0];
        let reg = if kind == "mu" {
            KpssRegression::C
        } else {
            KpssRegression::Ct
        };
        let l: usize = lags.parse().unwrap();
        let r = kpss(y, reg, KpssLags::Fixed(l)).unwrap();
        assert_close(
            r.statistic,
            stat.parse().unwrap(),
            REL_EXACT,
            &format!("urca {case} {kind} lags {l}"),
        );
        n += 1;
    }
    assert_eq!(n, 12);
}
