//! VAR against statsmodels `VAR(...).fit(p, trend=...)`, `select_order`,
//! `irf`, `fevd`, `forecast_interval` and `test_causality`
//! (tests/reference/var; see SOURCE.md there), plus the command line and its
//! errors.
#![allow(clippy::needless_range_loop)]

mod common;

use std::path::PathBuf;

use assert_cmd::Command;
use colcrime::models::var::{Trend, VarFit, VarParams, select_order};
use colcrime::series::Frame;
use common::{REL_CLOSED, assert_within, f64s};
use ndarray::Array2;
use serde_json::Value;

/// Absolute floor for entries that are zero in exact arithmetic.
const ABS_FLOOR: f64 = 1e-12;

fn dir() -> PathBuf {
    common::reference_dir("var")
}

/// Closed-form least squares: statsmodels (LAPACK SVD) and our pivoted QR
/// agree to about 1e-13; [`REL_CLOSED`] leaves room for conditioning, and
/// [`ABS_FLOOR`] serves the entries that are zero in exact arithmetic.
#[track_caller]
fn assert_near(actual: f64, expected: f64, what: &str) {
    assert_within(
        actual,
        expected,
        REL_CLOSED * expected.abs() + ABS_FLOOR,
        what,
    );
}

/// [`assert_near`] for each pair of two slices of the same length.
#[track_caller]
fn assert_all_near(actual: &[f64], expected: &[f64], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: lengths");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_near(*a, *e, &format!("{what}[{i}]"));
    }
}

/// Flattens nested JSON arrays of numbers.
fn flat(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(a) => a.iter().flat_map(flat).collect(),
        other => vec![common::num(other, "element")],
    }
}

fn mat(m: &Array2<f64>) -> Vec<f64> {
    m.iter().copied().collect()
}

struct Case {
    #[allow(dead_code)]
    name: &'static str,
    exp: Value,
    y: Array2<f64>,
    names: Vec<String>,
    trend: Trend,
    lags: usize,
}

fn load(name: &'static str) -> Case {
    let c = common::case("var", name);
    let frame = c.input();
    let exp = c.expected;
    let names: Vec<String> = exp["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let cols: Vec<Vec<f64>> = names
        .iter()
        .map(|n| frame.column(n).unwrap().to_vec())
        .collect();
    let y = Array2::from_shape_fn((cols[0].len(), cols.len()), |(t, j)| cols[j][t]);
    let trend = Trend::parse(exp["trend"].as_str().unwrap()).unwrap();
    let lags = exp["lags"].as_u64().unwrap() as usize;
    Case {
        name,
        exp,
        y,
        names,
        trend,
        lags,
    }
}

const CASES: [&str; 3] = ["synthetic_var2", "synthetic_var2_n", "london"];

fn fit(c: &Case) -> VarFit {
    VarParams::new(c.lags)
        .trend(c.trend)
        .fit(&c.y, &c.names)
        .unwrap()
}

#[test]
fn estimates_match_statsmodels() {
    for name in CASES {
        let c = load(name);
        let f = fit(&c);
        let e = &c.exp;
        assert_eq!(f.nobs as u64, e["nobs"].as_u64().unwrap(), "{name} nobs");
        assert_eq!(f.df_resid as u64, e["df_resid"].as_u64().unwrap());
        for (key, m) in [
            ("params", &f.params),
            ("stderr", &f.stderr),
            ("tvalues", &f.tvalues),
            ("pvalues", &f.pvalues),
            ("sigma_u", &f.sigma_u),
            ("sigma_u_mle", &f.sigma_u_mle),
        ] {
            assert_all_near(&mat(m), &flat(&e[key]), &format!("{name} {key}"));
        }
        for (key, v) in [
            ("llf", f.llf),
            ("aic", f.aic),
            ("bic", f.bic),
            ("hqic", f.hqic),
            ("fpe", f.fpe),
        ] {
            assert_near(v, e[key].as_f64().unwrap(), &format!("{name} {key}"));
        }
    }
}

#[test]
fn lag_order_selection_matches_statsmodels() {
    for name in CASES {
        let c = load(name);
        let e = &c.exp["lag_order_selection"];
        let m = e["maxlags"].as_u64().unwrap() as usize;
        let sel = select_order(&c.y, m, c.trend).unwrap();
        assert_all_near(&sel.aic, &f64s(&e["values"]["aic"]), &format!("{name} aic"));
        assert_all_near(&sel.bic, &f64s(&e["values"]["bic"]), &format!("{name} bic"));
        assert_all_near(
            &sel.hqic,
            &f64s(&e["values"]["hqic"]),
            &format!("{name} hqic"),
        );
        assert_all_near(&sel.fpe, &f64s(&e["values"]["fpe"]), &format!("{name} fpe"));
        let s = sel.selected;
        let got = [s.aic, s.bic, s.hqic, s.fpe];
        let want: Vec<usize> = ["aic", "bic", "hqic", "fpe"]
            .iter()
            .map(|k| e[k].as_u64().unwrap() as usize)
            .collect();
        assert_eq!(got.to_vec(), want, "{name} selected orders");
    }
}

#[test]
fn irf_fevd_match_statsmodels() {
    for name in CASES {
        let c = load(name);
        let f = fit(&c);
        let h = c.exp["irf_h"].as_u64().unwrap() as usize;
        let irf: Vec<f64> = f.irf(h).iter().flat_map(mat).collect();
        assert_all_near(&irf, &flat(&c.exp["irf"]), &format!("{name} irf"));
        let orth: Vec<f64> = f.orth_irf(h).iter().flat_map(mat).collect();
        assert_all_near(
            &orth,
            &flat(&c.exp["orth_irf"]),
            &format!("{name} orth_irf"),
        );
        for (key, orth) in [("irf_stderr", false), ("orth_irf_stderr", true)] {
            let se: Vec<f64> = f
                .irf_stderr(h, orth)
                .unwrap()
                .iter()
                .flat_map(mat)
                .collect();
            assert_all_near(&se, &flat(&c.exp[key]), &format!("{name} {key}"));
        }
        let fevd: Vec<f64> = f.fevd(h).into_iter().flatten().flatten().collect();
        assert_all_near(&fevd, &flat(&c.exp["fevd"]), &format!("{name} fevd"));
    }
}

#[test]
fn forecasts_match_statsmodels() {
    for name in CASES {
        let c = load(name);
        let f = fit(&c);
        let e = &c.exp["forecast"];
        let h = e["horizon"].as_u64().unwrap() as usize;
        let fc = f.forecast(h, &[80.0, 95.0]).unwrap();
        assert_all_near(&mat(&fc.mean), &flat(&e["mean"]), &format!("{name} mean"));
        assert_all_near(&mat(&fc.se), &flat(&e["se"]), &format!("{name} se"));
        for (i, lv) in ["80", "95"].iter().enumerate() {
            assert_all_near(
                &mat(&fc.lower[i]),
                &flat(&e["lower"][lv]),
                &format!("{name} lower {lv}"),
            );
            assert_all_near(
                &mat(&fc.upper[i]),
                &flat(&e["upper"][lv]),
                &format!("{name} upper {lv}"),
            );
        }
    }
}

#[test]
fn causality_matches_statsmodels() {
    for name in CASES {
        let c = load(name);
        let f = fit(&c);
        let got = f.causality_pairs().unwrap();
        let want = c.exp["causality"].as_array().unwrap();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            let what = format!("{name} {} <- {}", g.caused[0], g.causing[0]);
            assert_eq!(g.caused[0], w["caused"].as_str().unwrap(), "{what}");
            assert_eq!(g.causing[0], w["causing"].as_str().unwrap(), "{what}");
            assert_eq!(g.df_num as u64, w["df_num"].as_u64().unwrap(), "{what}");
            assert_eq!(g.df_denom as u64, w["df_denom"].as_u64().unwrap(), "{what}");
            assert_near(g.statistic, w["statistic"].as_f64().unwrap(), &what);
            assert_near(g.pvalue, w["pvalue"].as_f64().unwrap(), &what);
        }
    }
}

// ------------------------------------------------------------ command line

fn cli(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("colcrime")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["fit", "var", "--format", "json"])
        .args(args)
        .assert()
}

fn stdout_json(a: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_slice(&a.get_output().stdout).unwrap()
}

#[test]
fn cli_london_matches_statsmodels() {
    let c = load("london");
    let a = cli(&[
        "--data",
        "tests/reference/var/london/input.csv",
        "--series",
        "robbery,theft,cpi,unemployment",
        "--lags",
        "2",
        "--select-maxlags",
        "6",
        "--irf",
        "8",
        "--horizon",
        "6",
        "--level",
        "80,95",
    ])
    .success();
    let j = stdout_json(&a);
    let e = &c.exp;
    for key in [
        "params",
        "stderr",
        "tvalues",
        "pvalues",
        "sigma_u",
        "sigma_u_mle",
        "irf",
        "orth_irf",
        "fevd",
        "irf_stderr",
        "orth_irf_stderr",
    ] {
        assert_all_near(&flat(&j[key]), &flat(&e[key]), &format!("cli {key}"));
    }
    for key in ["llf", "aic", "bic", "hqic", "fpe"] {
        assert_near(
            j[key].as_f64().unwrap(),
            e[key].as_f64().unwrap(),
            &format!("cli {key}"),
        );
    }
    assert_eq!(j["nobs"], e["nobs"]);
    assert_eq!(j["param_names"][0], "const");
    assert_eq!(j["param_names"][1], "L1.robbery");
    assert_eq!(j["param_names"][5], "L2.robbery");
    for k in ["aic", "bic", "hqic", "fpe"] {
        assert_eq!(
            j["lag_order_selection"][k], e["lag_order_selection"][k],
            "{k}"
        );
    }
    assert_eq!(j["irf"].as_array().unwrap().len(), 9);
    assert_eq!(j["causality"].as_array().unwrap().len(), 12);
    // Forecasts: per variable, dated after the last quarter of the data.
    let frame = Frame::read_csv(&dir().join("london/input.csv")).unwrap();
    let last = *frame.index.as_ref().unwrap().last().unwrap();
    let fc = &e["forecast"];
    for (v, name) in c.names.iter().enumerate() {
        let f = &j["forecast"][name];
        assert_eq!(f["dates"][0], last.succ().iso());
        assert_eq!(f["dates"].as_array().unwrap().len(), 6);
        let col = |m: &Value| -> Vec<f64> {
            m.as_array()
                .unwrap()
                .iter()
                .map(|row| row[v].as_f64().unwrap())
                .collect()
        };
        assert_all_near(
            &f64s(&f["mean"]),
            &col(&fc["mean"]),
            &format!("cli mean {name}"),
        );
        assert_all_near(&f64s(&f["se"]), &col(&fc["se"]), &format!("cli se {name}"));
        for lv in ["80", "95"] {
            assert_all_near(&f64s(&f["lower"][lv]), &col(&fc["lower"][lv]), "cli lower");
            assert_all_near(&f64s(&f["upper"][lv]), &col(&fc["upper"][lv]), "cli upper");
        }
    }
}

#[test]
fn cli_expressions_and_aic_choice() {
    // The same VAR from the levels extract through expressions; with no
    // --lags the AIC choice of --select-maxlags is used.
    let c = load("london");
    let a = cli(&[
        "--data",
        "tests/reference/var/london/levels.csv",
        "--series",
        "100*diff(log(london_robbery_q)),100*diff(log(london_theft_q)),cpi_q,diff(unemployment)",
        "--select-maxlags",
        "6",
        "--horizon",
        "0",
    ])
    .success();
    let j = stdout_json(&a);
    let aic = c.exp["lag_order_selection"]["aic"].as_u64().unwrap();
    assert_eq!(j["lags"].as_u64().unwrap(), aic);
    assert_eq!(j["lag_order_selection"]["aic"].as_u64().unwrap(), aic);
    assert!(j["forecast"].is_null());
    if aic == 2 {
        let got = flat(&j["params"]);
        let want = flat(&c.exp["params"]);
        for (g, w) in got.iter().zip(&want) {
            // log and diff recomputed in Rust rather than read from the file.
            assert!((g - w).abs() <= 1e-7 * w.abs() + 1e-10, "{g} vs {w}");
        }
    }
}

fn write_tmp(name: &str, text: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("colcrime-var-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

#[test]
fn cli_errors_are_clear() {
    let data = "tests/reference/var/synthetic_var2/input.csv";
    // Too many lags for the sample: the numbers are named.
    let mut short = String::from("date,a,b\n");
    for t in 0..12 {
        short.push_str(&format!(
            "2000-{:02},{},{}\n",
            t + 1,
            (t * 7 % 5) as f64,
            (t * 3 % 4) as f64
        ));
    }
    let p = write_tmp("short.csv", &short);
    let a = cli(&[
        "--data",
        p.to_str().unwrap(),
        "--series",
        "a,b",
        "--lags",
        "4",
    ])
    .code(2);
    let msg = stderr_of(&a);
    assert!(msg.contains("14") && msg.contains("12"), "{msg}");
    // One series.
    let a = cli(&["--data", data, "--series", "y1", "--lags", "1"]).code(2);
    assert!(stderr_of(&a).contains("at least 2 series"));
    // A constant series makes the design singular.
    let p = write_tmp(
        "const.csv",
        "date,a,b\n2000-01,1,5\n2000-02,2,5\n2000-03,1.5,5\n2000-04,3,5\n2000-05,2,5\n2000-06,2.5,5\n2000-07,1,5\n",
    );
    let a = cli(&[
        "--data",
        p.to_str().unwrap(),
        "--series",
        "a,b",
        "--lags",
        "1",
    ])
    .code(2);
    let msg = stderr_of(&a);
    assert!(msg.contains("L1.b") && msg.contains("singular"), "{msg}");
    // A gap inside the sample is named with its period; leading gaps are trimmed.
    let p = write_tmp(
        "gap.csv",
        "date,a,b\n2000-01,,1\n2000-02,2,5\n2000-03,1.5,4\n2000-04,,2\n2000-05,2,5\n2000-06,2.5,1\n2000-07,1,3\n2000-08,3,2\n",
    );
    let a = cli(&[
        "--data",
        p.to_str().unwrap(),
        "--series",
        "a,b",
        "--lags",
        "1",
    ])
    .code(2);
    let msg = stderr_of(&a);
    assert!(
        msg.contains("2000 APR") || msg.contains("2000-04") || msg.contains("line 5"),
        "{msg}"
    );
    // Neither --lags nor --select-maxlags: the AIC choice up to 8 lags (as
    // a workspace's var model); selection beyond the estimable order fails.
    cli(&["--data", data, "--series", "y1,y2"]).code(0);
    let a = cli(&[
        "--data",
        data,
        "--series",
        "y1,y2",
        "--select-maxlags",
        "60",
    ])
    .code(2);
    assert!(stderr_of(&a).contains("largest"));
    // Bad trend.
    cli(&[
        "--data", data, "--series", "y1,y2", "--lags", "1", "--trend", "ct",
    ])
    .code(2);
}

#[test]
fn table_output_reads_like_statsmodels() {
    let a = Command::cargo_bin("colcrime")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "fit",
            "var",
            "--data",
            "tests/reference/var/synthetic_var2/input.csv",
            "--series",
            "y1,y2,y3",
            "--lags",
            "2",
            "--irf",
            "2",
        ])
        .assert()
        .success();
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(out.contains("Results for equation y2"));
    assert!(out.contains("Granger causality"));
    assert!(out.contains("Forecast of y3"));
}

#[test]
fn cli_no_constant_and_train_end() {
    let c = load("synthetic_var2_n");
    let a = cli(&[
        "--data",
        "tests/reference/var/synthetic_var2_n/input.csv",
        "--series",
        "y1,y2,y3",
        "--lags",
        "2",
        "--trend",
        "n",
        "--horizon",
        "6",
    ])
    .success();
    let j = stdout_json(&a);
    assert_eq!(j["param_names"][0], "L1.y1");
    assert_all_near(&flat(&j["params"]), &flat(&c.exp["params"]), "cli n params");
    let f = &j["forecast"]["y2"];
    assert_eq!(f["dates"][0], "2013-05-01");
    let want: Vec<f64> = c.exp["forecast"]["mean"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[1].as_f64().unwrap())
        .collect();
    assert_all_near(&f64s(&f["mean"]), &want, "cli n forecast y2");
    // --train-end: the sample stops there and the forecast starts after it.
    let a = cli(&[
        "--data",
        "tests/reference/var/synthetic_var2_n/input.csv",
        "--series",
        "y1,y2,y3",
        "--lags",
        "2",
        "--train-end",
        "2012-12",
        "--horizon",
        "3",
    ])
    .success();
    let j = stdout_json(&a);
    assert_eq!(j["nobs"], 154);
    assert_eq!(j["forecast"]["y1"]["dates"][0], "2013-01-01");
}
