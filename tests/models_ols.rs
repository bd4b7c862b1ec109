//! OLS against NIST StRD certified values and statsmodels reference output.

mod common;

use std::path::PathBuf;

use colcrime::formula::design;
use colcrime::json::as_f64;
use colcrime::models::ols::{CovType, OlsParams, fit_ols_frame};
use colcrime::series::Frame;
use common::{REL_CLOSED, assert_close_or_zero, assert_within, f64s, read_json};
use serde_json::Value;

fn refdir(model: &str) -> PathBuf {
    common::reference_dir(model)
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

/// `|actual - expected| <= rel (|expected| + scale)`: relative error for a
/// number that may be a small difference of larger ones of size `scale`.
#[track_caller]
fn assert_close_scaled(actual: f64, expected: f64, rel: f64, scale: f64, what: &str) {
    assert_within(actual, expected, rel * (expected.abs() + scale), what);
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
            assert_close_or_zero(*x, *y, rel, &format!("{case} {key}[{i}]"));
        }
    }
    for (i, ci) in e["conf_int"].as_array().unwrap().iter().enumerate() {
        let ci = f64s(ci);
        assert_close_or_zero(
            r.conf_int[i][0],
            ci[0],
            rel,
            &format!("{case} conf_int[{i}][0]"),
        );
        assert_close_or_zero(
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
        assert_close_or_zero(
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
        check_against(&r, e, REL_CLOSED, name);
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

/// Compares a fit with a statsmodels result by parameter name (patsy puts
/// categorical terms before numeric ones; colcrime keeps formula order).
fn check_by_name(r: &colcrime::models::ols::OlsResult, e: &Value, rel: f64, case: &str) {
    let names: Vec<String> = e["param_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), r.param_names.len(), "{case}: parameter count");
    let ci: Vec<Vec<f64>> = e["conf_int"].as_array().unwrap().iter().map(f64s).collect();
    for (i, n) in names.iter().enumerate() {
        let j = r
            .param_names
            .iter()
            .position(|m| m == n)
            .unwrap_or_else(|| panic!("{case}: no parameter {n} in {:?}", r.param_names));
        for (key, v) in [
            ("params", r.params[j]),
            ("bse", r.bse[j]),
            ("tvalues", r.tvalues[j]),
            ("conf_int.lower", r.conf_int[j][0]),
            ("conf_int.upper", r.conf_int[j][1]),
        ] {
            let want = match key {
                "conf_int.lower" => ci[i][0],
                "conf_int.upper" => ci[i][1],
                _ => f64s(&e[key])[i],
            };
            if key.starts_with("conf_int") {
                // An end near zero is a difference of two close numbers:
                // measure its error against the half-width too.
                let half = (ci[i][1] - ci[i][0]).abs() / 2.0;
                assert_close_scaled(v, want, rel, half, &format!("{case} {key} {n}"));
            } else {
                assert_close_or_zero(v, want, rel, &format!("{case} {key} {n}"));
            }
        }
        // p-values far in the tail (below 1e-50) agree to 1e-8 only; below
        // 1e-200 just check the magnitude.
        let p = f64s(&e["pvalues"])[i];
        if p > 1e-50 {
            assert_close_or_zero(r.pvalues[j], p, rel, &format!("{case} pvalues {n}"));
        } else if p > 1e-200 {
            assert_close_or_zero(r.pvalues[j], p, 1e-7, &format!("{case} pvalues {n}"));
        } else {
            assert!(r.pvalues[j] < 1e-190, "{case} pvalues {n}");
        }
    }
    for key in ["rsquared", "ssr", "llf", "df_resid", "df_model"] {
        let got = match key {
            "rsquared" => r.rsquared,
            "ssr" => r.ssr,
            "llf" => r.llf,
            "df_resid" => r.df_resid,
            _ => r.df_model,
        };
        assert_close_or_zero(got, as_f64(&e[key]).unwrap(), rel, &format!("{case} {key}"));
    }
    assert_eq!(r.nobs as f64, as_f64(&e["nobs"]).unwrap());
    assert_eq!(r.use_t, e["use_t"].as_bool().unwrap(), "{case} use_t");
    assert_eq!(r.cov_type.name(), e["cov_type"].as_str().unwrap());
}

fn panel_expected() -> Value {
    read_json(&refdir("ols").join("expected_panel.json"))
}

#[test]
fn cluster_borough_panel_with_categories() {
    let e = panel_expected();
    let f = Frame::read_csv(&refdir("ols").join("borough_panel/input.csv")).unwrap();
    assert_eq!(f.text_names(), vec!["borough"]);
    let formula = "log(robbery) ~ unemployment + C(borough) + C(year)";
    let cl = OlsParams::new()
        .cov_type(CovType::Cluster { correction: true })
        .groups("borough");
    let r = fit_ols_frame(&f, formula, &cl, f.nrows()).unwrap();
    check_by_name(&r, &e["panel_cluster"], REL_CLOSED, "panel cluster");
    assert_eq!(r.n_groups, Some(32));
    // 43 slopes and 32 clusters: the Wald F is not identified.
    assert!(r.fvalue.is_nan());
    let j = r.to_json();
    assert_eq!(j["n_groups"], 32);
    assert_eq!(j["cov_type"], "cluster");
    let nr = fit_ols_frame(&f, formula, &OlsParams::new(), f.nrows()).unwrap();
    check_by_name(&nr, &e["panel_nonrobust"], REL_CLOSED, "panel nonrobust");
    assert_close_or_zero(
        nr.fvalue,
        as_f64(&e["panel_nonrobust"]["fvalue"]).unwrap(),
        REL_CLOSED,
        "F",
    );
}

#[test]
fn cluster_synthetic_and_full_dummy_coding() {
    let e = panel_expected();
    let f = Frame::read_csv(&refdir("ols").join("synthetic_cluster/input.csv")).unwrap();
    let cl = OlsParams::new()
        .cov_type(CovType::Cluster { correction: true })
        .groups("group");
    let r = fit_ols_frame(&f, "y ~ x1 + x2", &cl, f.nrows()).unwrap();
    let ec = &e["synthetic_cluster"];
    check_by_name(&r, ec, REL_CLOSED, "synthetic cluster");
    // F(2, G-1) as statsmodels for clusters.
    assert_close_or_zero(
        r.fvalue,
        as_f64(&ec["fvalue"]).unwrap(),
        REL_CLOSED,
        "cluster F",
    );
    assert_close_or_zero(
        r.f_pvalue,
        as_f64(&ec["f_pvalue"]).unwrap(),
        REL_CLOSED,
        "cluster F p",
    );
    let r3 = fit_ols_frame(&f, "y ~ 0 + C(group) + x1", &OlsParams::new(), f.nrows()).unwrap();
    check_by_name(
        &r3,
        &e["synthetic_noint"],
        REL_CLOSED,
        "no intercept dummies",
    );
    assert_eq!(r3.k_constant, 1, "the dummies span a constant");
    let en = &e["synthetic_noint"];
    assert_close_or_zero(
        r3.fvalue,
        as_f64(&en["fvalue"]).unwrap(),
        REL_CLOSED,
        "implicit-constant F",
    );
    // Errors: cluster without groups, groups without cluster, a text column
    // used as a number.
    let no_groups = OlsParams::new().cov_type(CovType::Cluster { correction: true });
    assert!(fit_ols_frame(&f, "y ~ x1", &no_groups, f.nrows()).is_err());
    assert!(OlsParams::new().groups("group").validate().is_err());
    let err = fit_ols_frame(&f, "y ~ group", &OlsParams::new(), f.nrows()).unwrap_err();
    assert!(err.to_string().contains("C(group)"), "{err}");
}

#[test]
fn diagnostics_vif_cooks_against_statsmodels() {
    use colcrime::models::diagnostics::{breusch_godfrey, reset};
    use colcrime::models::ols::{OlsDiagnostics, fit_ols_frame_design};
    let e = panel_expected();
    for (file, formula, key) in [
        (
            "borough_panel/input.csv",
            "log(robbery) ~ unemployment + year",
            "panel_small",
        ),
        (
            "synthetic_cluster/input.csv",
            "y ~ x1 + x2",
            "synthetic_nonrobust",
        ),
    ] {
        let f = Frame::read_csv(&refdir("ols").join(file)).unwrap();
        let (d, r) = fit_ols_frame_design(&f, formula, &OlsParams::new(), f.nrows()).unwrap();
        let g = OlsDiagnostics::compute(&d.x, &d.y, &r, true).unwrap();
        let ed = &e[key]["diagnostics"];
        for (j, n) in r.param_names.iter().enumerate() {
            match g.vif[j] {
                None => assert_eq!(n, "const"),
                Some(v) => assert_close_or_zero(
                    v,
                    as_f64(&ed["vif"][n]).unwrap(),
                    REL_CLOSED,
                    &format!("{key} vif {n}"),
                ),
            }
        }
        let lev = f64s(&ed["leverage"]);
        let cooks = f64s(&ed["cooks_distance"]);
        for i in 0..lev.len() {
            assert_close_or_zero(
                g.leverage.as_ref().unwrap()[i],
                lev[i],
                REL_CLOSED,
                &format!("{key} leverage {i}"),
            );
            assert_close_or_zero(
                g.cooks_distance.as_ref().unwrap()[i],
                cooks[i],
                REL_CLOSED,
                &format!("{key} cooks {i}"),
            );
        }
        assert_close_or_zero(
            g.condition_number,
            as_f64(&ed["condition_number"]).unwrap(),
            REL_CLOSED,
            "condition number",
        );
        let (jb, pjb, skew, kurt) = g.jarque_bera;
        let ej = &ed["jarque_bera"];
        assert_close_or_zero(jb, as_f64(&ej["statistic"]).unwrap(), REL_CLOSED, "JB");
        assert_close_or_zero(pjb, as_f64(&ej["pvalue"]).unwrap(), REL_CLOSED, "JB p");
        assert_close_or_zero(skew, as_f64(&ej["skew"]).unwrap(), REL_CLOSED, "skew");
        assert_close_or_zero(
            kurt,
            as_f64(&ej["kurtosis"]).unwrap(),
            REL_CLOSED,
            "kurtosis",
        );
        let bp = g.breusch_pagan.unwrap();
        assert_close_or_zero(
            bp.lm,
            as_f64(&ed["breusch_pagan"]["lm"]).unwrap(),
            REL_CLOSED,
            "BP",
        );
        assert_close_or_zero(
            bp.fvalue,
            as_f64(&ed["breusch_pagan"]["fvalue"]).unwrap(),
            REL_CLOSED,
            "BP F",
        );
        let bg = breusch_godfrey(&d.x, &r.resid, Some(2)).unwrap();
        assert_close_or_zero(
            bg.lm,
            as_f64(&ed["breusch_godfrey_2"]["lm"]).unwrap(),
            REL_CLOSED,
            "BG",
        );
        let rs = reset(&d.x, &d.y, 3, true).unwrap();
        assert_close_or_zero(
            rs.statistic,
            as_f64(&ed["reset_3"]["fvalue"]).unwrap(),
            REL_CLOSED,
            "RESET",
        );
        // The JSON keys.
        let mut j = r.to_json();
        g.add_to_json(&mut j);
        assert!(j["vif"][0].is_null());
        assert!(j["diagnostics"]["condition_number"].is_number());
        assert!(j["diagnostics"]["breusch_godfrey"]["lm"].is_number());
        assert_eq!(j["cooks_distance"].as_array().unwrap().len(), r.nobs);
    }
}

/// Interaction terms (`a:b`, `a*b`, `C(g):x`, `C(a):C(b)`) against the
/// statsmodels formula API (patsy column names), by parameter name.
#[test]
fn interactions_against_statsmodels_formula_api() {
    let dir = refdir("ols").join("interactions");
    let e = read_json(&dir.join("expected.json"));
    let f = Frame::read_csv(&dir.join("input.csv")).unwrap();
    let cases = e["cases"].as_object().unwrap();
    assert!(cases.len() >= 8);
    for (name, case) in cases {
        let formula = case["formula"].as_str().unwrap();
        for (cov_name, exp) in case["fits"].as_object().unwrap() {
            let params = match cov_name.as_str() {
                "nonrobust" => OlsParams::new(),
                "cluster" => OlsParams::new()
                    .cov_type(CovType::Cluster { correction: true })
                    .groups("borough"),
                other => OlsParams::new().cov_type(CovType::parse(other, None, false).unwrap()),
            };
            let r = fit_ols_frame(&f, formula, &params, f.nrows()).unwrap();
            let label = format!("{name} {cov_name}");
            check_by_name(&r, exp, REL_CLOSED, &label);
            let fv = as_f64(&exp["fvalue"]).unwrap();
            // statsmodels' robust F with more slopes than clusters is a
            // pseudo-inverse value; colcrime reports NaN there.
            if r.fvalue.is_finite() {
                assert_close_or_zero(r.fvalue, fv, REL_CLOSED, &format!("{label} F"));
            } else {
                assert!(cov_name == "cluster", "{label}: F is NaN");
            }
        }
    }
    // The one slope per level case names each level without `T.`.
    let r = fit_ols_frame(
        &f,
        "log(robbery) ~ C(borough):unemployment + C(year)",
        &OlsParams::new(),
        f.nrows(),
    )
    .unwrap();
    assert!(
        r.param_names
            .contains(&"C(borough)[Camden]:unemployment".to_string())
    );
    let r = fit_ols_frame(
        &f,
        "log(robbery) ~ unemployment + C(borough):unemployment",
        &OlsParams::new(),
        f.nrows(),
    )
    .unwrap();
    assert!(
        r.param_names
            .contains(&"C(borough)[T.Camden]:unemployment".to_string())
    );
}

/// Compares a two-way (or one-way) cluster fit with statsmodels: names,
/// estimates, standard errors (NaN where statsmodels' variance is
/// negative), the full covariance and the F test.
fn check_cluster_fit(f: &Frame, exp: &Value, label: &str) {
    let formula = exp["formula"].as_str().unwrap();
    let groups: Vec<&str> = exp["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let correction = exp["use_correction"].as_bool().unwrap();
    let p = OlsParams::new().cov_type(CovType::Cluster { correction });
    let p = match groups.as_slice() {
        [g] => p.groups(g),
        [a, b] => p.two_way_groups(a, b),
        _ => panic!("{label}: groups"),
    };
    let r = fit_ols_frame(f, formula, &p, f.nrows()).unwrap();
    let names: Vec<String> = exp["param_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let counts: Vec<usize> = exp["n_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(r.cluster_counts, counts, "{label}");
    assert_eq!(r.n_groups, counts.iter().copied().min(), "{label}");
    let pos: Vec<usize> = names
        .iter()
        .map(|n| r.param_names.iter().position(|m| m == n).unwrap())
        .collect();
    let params = f64s(&exp["params"]);
    let bse = f64s(&exp["bse"]);
    let tv = f64s(&exp["tvalues"]);
    let pv = f64s(&exp["pvalues"]);
    let ci: Vec<Vec<f64>> = exp["conf_int"]
        .as_array()
        .unwrap()
        .iter()
        .map(f64s)
        .collect();
    let mut n_nan = 0;
    for (i, &j) in pos.iter().enumerate() {
        let n = &names[i];
        assert_close_or_zero(
            r.params[j],
            params[i],
            REL_CLOSED,
            &format!("{label} param {n}"),
        );
        if bse[i].is_nan() {
            // A negative variance from V1 + V2 - V12: NaN in both.
            assert!(r.bse[j].is_nan(), "{label} bse {n}: {} not NaN", r.bse[j]);
            assert!(r.cov_params[[j, j]] < 0.0);
            n_nan += 1;
            continue;
        }
        assert_close_or_zero(r.bse[j], bse[i], REL_CLOSED, &format!("{label} bse {n}"));
        assert_close_or_zero(r.tvalues[j], tv[i], REL_CLOSED, &format!("{label} t {n}"));
        if pv[i] > 1e-50 {
            assert_close_or_zero(r.pvalues[j], pv[i], REL_CLOSED, &format!("{label} p {n}"));
        }
        let half = (ci[i][1] - ci[i][0]).abs() / 2.0;
        for (e, (got, want)) in r.conf_int[j].iter().zip(&ci[i]).enumerate() {
            assert_close_scaled(
                *got,
                *want,
                REL_CLOSED,
                half,
                &format!("{label} ci[{e}] {n}"),
            );
        }
    }
    // The whole covariance matrix, relative to its largest entry.
    let cov: Vec<Vec<f64>> = exp["cov_params"]
        .as_array()
        .unwrap()
        .iter()
        .map(f64s)
        .collect();
    let scale = cov.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    for (a, &ja) in pos.iter().enumerate() {
        for (b, &jb) in pos.iter().enumerate() {
            assert_within(
                r.cov_params[[ja, jb]],
                cov[a][b],
                REL_CLOSED * scale,
                &format!("{label} cov[{a}][{b}]"),
            );
        }
    }
    let fv = as_f64(&exp["fvalue"]).unwrap();
    let n_slopes = names.len() - 1;
    // The slopes' covariance (names[0] is const).
    let slopes: Vec<Vec<f64>> = cov[1..].iter().map(|r| r[1..].to_vec()).collect();
    if !positive_definite(&slopes) {
        // V1 + V2 - V12 need not be positive definite: statsmodels then
        // inverts it anyway (pinv); colcrime reports no F (NaN).
        assert!(
            r.fvalue.is_nan(),
            "{label}: F from an indefinite covariance"
        );
    } else if n_slopes < counts.iter().copied().min().unwrap() {
        assert_close_or_zero(r.fvalue, fv, REL_CLOSED, &format!("{label} F"));
        assert_close_or_zero(
            r.f_pvalue,
            as_f64(&exp["f_pvalue"]).unwrap(),
            REL_CLOSED,
            &format!("{label} F p"),
        );
    } else {
        assert!(r.fvalue.is_nan(), "{label}: F with too few clusters");
    }
    assert!(!r.use_t);
    let j = r.to_json();
    if counts.len() == 2 {
        assert_eq!(j["n_groups"], serde_json::json!(counts));
        assert!(r.summary().contains("two-way cluster"), "{label}");
    } else {
        assert_eq!(j["n_groups"], serde_json::json!(counts[0]));
    }
    eprintln!("{label}: {n_nan} negative variances (NaN standard errors)");
}

/// Whether a symmetric matrix is positive definite (Cholesky; indices read
/// as the algorithm is written).
#[allow(clippy::needless_range_loop)]
fn positive_definite(a: &[Vec<f64>]) -> bool {
    let k = a.len();
    let mut l = vec![vec![0.0; k]; k];
    for j in 0..k {
        let d = a[j][j] - (0..j).map(|p| l[j][p] * l[j][p]).sum::<f64>();
        if d <= 0.0 {
            return false;
        }
        l[j][j] = d.sqrt();
        for i in (j + 1)..k {
            l[i][j] = (a[i][j] - (0..j).map(|p| l[i][p] * l[j][p]).sum::<f64>()) / l[j][j];
        }
    }
    true
}

#[test]
fn two_way_cluster_against_statsmodels() {
    for case in ["twoway_cluster", "twoway_synthetic"] {
        let dir = refdir("ols").join(case);
        let e = read_json(&dir.join("expected.json"));
        let f = Frame::read_csv(&dir.join("input.csv")).unwrap();
        for (name, exp) in e["fits"].as_object().unwrap() {
            check_cluster_fit(&f, exp, &format!("{case} {name}"));
        }
    }
}

#[test]
fn two_way_cluster_errors() {
    let f = Frame::read_csv(&refdir("ols").join("twoway_synthetic/input.csv")).unwrap();
    let p = OlsParams::new().cov_type(CovType::Cluster { correction: true });
    // Same column twice, a missing column.
    assert!(p.clone().two_way_groups("firm", "firm").validate().is_err());
    let e = fit_ols_frame(
        &f,
        "y ~ x1",
        &p.clone().two_way_groups("firm", "nope"),
        f.nrows(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("nope"), "{e}");
    // Two-way clustering with the raw-label API gives the same as by column.
    let by_col = fit_ols_frame(
        &f,
        "y ~ x1 + x2",
        &p.clone().two_way_groups("firm", "year"),
        f.nrows(),
    )
    .unwrap();
    let d = design(&f, "y ~ x1 + x2", 0..f.nrows()).unwrap();
    let firm: Vec<usize> = f
        .text_column("firm")
        .unwrap()
        .iter()
        .map(|s| s.as_ref().unwrap()[1..].parse().unwrap())
        .collect();
    let year: Vec<usize> = f
        .column("year")
        .unwrap()
        .iter()
        .map(|v| *v as usize)
        .collect();
    let raw = p
        .fit_xy_clustered_two_way(&d.x, &d.y, d.names.clone(), &firm, &year)
        .unwrap();
    for (a, b) in raw.bse.iter().zip(&by_col.bse) {
        assert_close_or_zero(*a, *b, 1e-13, "raw labels");
    }
}
