//! The workspace's `ardl`, `ecm`, count (`glm`) and Zivot–Andrews models:
//! fitted by `colcrime run` on the shipped data, their numbers equal to the
//! command line's (`fit ardl`, `fit ecm`, `fit glm`, `test za`, themselves
//! checked against statsmodels) on the same series, and bad options refused
//! with errors naming the model and the field.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use colcrime::workspace::WorkspaceSpec;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn colcrime(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_colcrime"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn json(args: &[&str]) -> Value {
    let (code, out, err) = colcrime(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

/// The shipped workspace with only the models under test (and no charts or
/// scenarios), its source paths made absolute, written into `dir`.
fn trimmed_workspace(dir: &Path, keep: &[&str]) -> PathBuf {
    let nb = root().join("notebooks-data");
    let text = std::fs::read_to_string(nb.join("workspace.toml")).unwrap();
    let mut doc: toml::Table = text.parse().unwrap();
    for src in doc
        .get_mut("sources")
        .unwrap()
        .as_table_mut()
        .unwrap()
        .iter_mut()
        .map(|(_, v)| v)
    {
        let t = src.as_table_mut().unwrap();
        let abs = |v: &toml::Value| {
            toml::Value::String(nb.join(v.as_str().unwrap()).display().to_string())
        };
        if let Some(p) = t.get("path").map(abs) {
            t.insert("path".into(), p);
        }
        if let Some(ps) = t.get("paths").and_then(|v| v.as_array()).cloned() {
            t.insert(
                "paths".into(),
                toml::Value::Array(ps.iter().map(abs).collect()),
            );
        }
    }
    doc.get_mut("models")
        .unwrap()
        .as_table_mut()
        .unwrap()
        .retain(|k, _| keep.contains(&k));
    assert_eq!(
        doc.get("models").unwrap().as_table().unwrap().len(),
        keep.len()
    );
    doc.remove("charts");
    doc.remove("scenarios");
    let p = dir.join("workspace.toml");
    std::fs::write(&p, toml::to_string(&doc).unwrap()).unwrap();
    p
}

/// The workspace's numbers (`a`) against the command line's (`b`).
#[track_caller]
fn same(a: &Value, b: &Value, what: &str) {
    let (x, y) = (common::f64s(a), common::f64s(b));
    assert!(!x.is_empty(), "{what}");
    // The same data and code path: equal to rounding.
    common::assert_all_close(&x, &y, common::REL_EXACT, what);
}

/// Writes `text`'s rows dated on or after `from` (and the header).
fn csv_since(text: &str, from: &str, path: &Path) {
    let mut lines = text.lines();
    let mut out = vec![lines.next().unwrap().to_string()];
    out.extend(lines.filter(|l| l[..10] >= *from).map(String::from));
    std::fs::write(path, out.join("\n") + "\n").unwrap();
}

#[test]
fn new_models_match_the_command_line_on_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let ws = trimmed_workspace(
        dir.path(),
        &["theft_ardl", "theft_ecm", "robbery_count", "stationarity"],
    );
    let ws_s = ws.to_str().unwrap();
    let out = dir.path().join("out");
    let run = json(&[
        "run",
        ws_s,
        "--output",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let run_dir = PathBuf::from(run["run_dir"].as_str().unwrap());
    let result = |name: &str| -> Value {
        assert_eq!(run["models"][name]["status"], "ok", "{name}: {run}");
        serde_json::from_str(
            &std::fs::read_to_string(run_dir.join(format!("results/{name}.json"))).unwrap(),
        )
        .unwrap()
    };
    let (ardl, ecm, glm, ur) = (
        result("theft_ardl"),
        result("theft_ecm"),
        result("robbery_count"),
        result("stationarity"),
    );

    // The series exported from the same workspace, fitted by the commands.
    let (code, csv, err) = colcrime(&[
        "data",
        "export",
        ws_s,
        "--series",
        "london_theft_q,real_pay_q,cpi_index_q,london_robbery_q,cpi_q,real_pay_growth_q,unemployment,lockdown,london_pop_q",
    ]);
    assert_eq!(code, 0, "{err}");
    let all = dir.path().join("all.csv");
    std::fs::write(&all, &csv).unwrap();
    let all_s = all.to_str().unwrap();

    // ARDL(4, 1, 1), constant, sample to 2019 Q4.
    let cli = json(&[
        "fit",
        "ardl",
        "--data",
        all_s,
        "--y",
        "log(london_theft_q)",
        "--x",
        "log(real_pay_q),log(cpi_index_q)",
        "--lags",
        "4",
        "--xlags",
        "1",
        "--trend",
        "c",
        "--train-end",
        "2019 Q4",
        "--format",
        "json",
    ]);
    assert_eq!(ardl["param_names"], cli["param_names"]);
    assert_eq!(ardl["ardl_order"], cli["ardl_order"]);
    assert_eq!(ardl["estimation_sample"]["end"], "2019 Q4");
    for k in ["params", "bse", "pvalues", "resid"] {
        same(&ardl[k], &cli[k], &format!("ardl {k}"));
    }
    for k in ["params", "bse", "pvalues"] {
        same(
            &ardl["long_run"][k],
            &cli["long_run"][k],
            &format!("ardl long_run {k}"),
        );
    }
    let (bt, cbt) = (&ardl["bounds_test"], &cli["bounds_test"]);
    same(
        &Value::from(vec![bt["stat"].clone(), bt["p_values"]["upper"].clone()]),
        &Value::from(vec![cbt["stat"].clone(), cbt["p_values"]["upper"].clone()]),
        "bounds test",
    );
    assert_eq!(bt["crit_vals"], cbt["crit_vals"]);
    assert_eq!(bt["case"], 3);
    let (lo, hi) = (
        bt["crit_vals"]["lower"]["95"].as_f64().unwrap(),
        bt["crit_vals"]["upper"]["95"].as_f64().unwrap(),
    );
    assert!(0.0 < lo && lo < hi, "{bt}");

    // ECM: four lags, Newey-West with 4 lags, whole sample.
    let cli = json(&[
        "fit",
        "ecm",
        "--data",
        all_s,
        "--y",
        "log(london_theft_q)",
        "--x",
        "log(real_pay_q),log(cpi_index_q)",
        "--lags",
        "4",
        "--cov",
        "HAC",
        "--maxlags",
        "4",
        "--format",
        "json",
    ]);
    for part in ["long_run", "short_run"] {
        assert_eq!(ecm[part]["param_names"], cli[part]["param_names"]);
        for k in ["params", "bse", "pvalues"] {
            same(&ecm[part][k], &cli[part][k], &format!("ecm {part} {k}"));
        }
    }
    same(
        &Value::from(vec![
            ecm["adjustment"].clone(),
            ecm["adjustment_bse"].clone(),
            ecm["coint"]["statistic"].clone(),
        ]),
        &Value::from(vec![
            cli["adjustment"].clone(),
            cli["adjustment_bse"].clone(),
            cli["coint"]["statistic"].clone(),
        ]),
        "ecm adjustment",
    );
    assert_eq!(ecm["sample"], cli["sample"]);
    // The short run at the top level (for the change report).
    same(
        &ecm["params"],
        &cli["short_run"]["params"],
        "ecm top-level params",
    );
    assert!(
        ecm["param_names"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "ect.L1"),
        "{}",
        ecm["param_names"]
    );
    let a = ecm["adjustment"].as_f64().unwrap();
    assert!(a.is_finite() && a > -2.0 && a < 1.0, "{a}");

    // The count model and the ZA test, on rows from 2010 Q1 (no lags used).
    let since = dir.path().join("since2010.csv");
    csv_since(&csv, "2010-01-01", &since);
    let since_s = since.to_str().unwrap();
    let cli = json(&[
        "fit",
        "glm",
        "--family",
        "negbin",
        "--data",
        since_s,
        "--formula",
        "london_robbery_q ~ cpi_q + real_pay_growth_q + unemployment + lockdown + offset(log(london_pop_q))",
        "--format",
        "json",
    ]);
    assert_eq!(glm["param_names"], cli["param_names"]);
    for k in ["params", "bse", "pvalues"] {
        same(&glm[k], &cli[k], &format!("glm {k}"));
    }
    assert!(glm["alpha"].as_f64().unwrap() > 0.0);

    let tests = ur["tests"].as_array().unwrap();
    let cpi = tests.iter().find(|t| t["series"] == "cpi_q").unwrap();
    let cli = json(&[
        "test", "za", "--data", since_s, "--series", "cpi_q", "--format", "json",
    ]);
    same(
        &Value::from(vec![
            cpi["za"]["statistic"].clone(),
            cpi["za"]["pvalue"].clone(),
        ]),
        &Value::from(vec![cli["statistic"].clone(), cli["pvalue"].clone()]),
        "za",
    );
    assert_eq!(cpi["za"]["break_date"], cli["break_date"]);
    for t in tests {
        assert!(t["adf"]["pvalue"].is_number() && t["kpss"]["statistic"].is_number());
        let z = &t["za"];
        if z["error"].is_string() {
            // Too short for ZA's lags and trimming: said in the row.
            assert!(
                t["reading"].as_str().unwrap().contains("ZA not computed"),
                "{t}"
            );
            continue;
        }
        let cv = &z["critical_values"];
        assert!(cv["1%"].as_f64() < cv["5%"].as_f64() && cv["5%"].as_f64() < cv["10%"].as_f64());
        let brk = z["break_date"].as_str().unwrap();
        assert!(brk.len() == 7 && brk.contains(" Q"), "{brk}");
        assert!(
            (2010..=2026).contains(&brk[..4].parse::<i32>().unwrap()),
            "{brk}"
        );
    }

    // The briefing shows them as tables, in Markdown and HTML.
    let md = std::fs::read_to_string(run_dir.join("briefing.md")).unwrap();
    let html = std::fs::read_to_string(run_dir.join("briefing.html")).unwrap();
    for text in [&md, &html] {
        for needle in [
            "Is there a long-run relation? (bounds test)",
            "I(0) bound",
            "Long-run coefficients",
            "Adjustment to the long run",
            "ZA statistic",
            "Break after",
            "NB2 dispersion",
        ] {
            assert!(text.contains(needle), "{needle} missing");
        }
    }
    let f = bt["stat"].as_f64().unwrap();
    let verdict = if f > hi {
        "is above the 5% upper bound"
    } else if f < lo {
        "is below the 5% lower bound"
    } else {
        "lies between the 5% bounds"
    };
    assert!(md.contains(verdict), "bounds verdict missing");
}

fn spec_error(model: &str) -> String {
    let text = format!("[models.m]\nfrequency = \"quarterly\"\n{model}");
    WorkspaceSpec::from_toml_str("w.toml", &text)
        .map(|_| String::new())
        .unwrap_or_else(|e| {
            assert_eq!(e.exit_code(), 2);
            e.to_string()
        })
}

#[test]
fn bad_options_name_the_model_and_the_field() {
    let ok =
        "kind = \"ardl\"\ny = \"log(a)\"\nx = [\"b\", \"c\"]\nlags = 2\nxlags = [1, 0]\ncase = 2\n";
    assert_eq!(spec_error(ok), "");
    for (body, field, words) in [
        ("kind = \"ardl\"\nx = [\"b\"]\n", "y", "needs y"),
        ("kind = \"ecm\"\ny = \"a\"\n", "x", "at least one regressor"),
        (
            "kind = \"ardl\"\ny = \"a\"\nx = [\"b\"]\ncase = 6\n",
            "case",
            "expected 1 to 5",
        ),
        (
            "kind = \"ardl\"\ny = \"a\"\nx = [\"b\", \"c\"]\nxlags = [1, 2, 3]\n",
            "xlags",
            "3 orders for 2 regressors",
        ),
        (
            "kind = \"ardl\"\ny = \"a\"\nx = [\"b\"]\ntrend = \"q\"\n",
            "trend",
            "expected n, c or ct",
        ),
        (
            "kind = \"ardl\"\ny = \"a\"\nx = [\"b\"]\nic = \"cv\"\n",
            "ic",
            "expected aic, bic or hqic",
        ),
        (
            "kind = \"ardl\"\ny = \"a\"\nx = [\"b\"]\nselect_maxlags = 4\nlags = 2\n",
            "select_maxlags",
            "not both",
        ),
        (
            "kind = \"ardl\"\ny = \"a\"\nx = [\"b\"]\nselect_xmaxlags = [2]\n",
            "select_xmaxlags",
            "needs select_maxlags",
        ),
        (
            "kind = \"ecm\"\ny = \"a\"\nx = [\"b\"]\ncov = \"HC9\"\n",
            "cov",
            "",
        ),
        (
            "kind = \"ecm\"\ny = \"a\"\nx = [\"b\"]\ntrend = \"ct\"\n",
            "trend",
            "not of kind = \"ecm\"",
        ),
        (
            "kind = \"ols\"\nformula = \"a ~ b\"\nxlags = [1]\n",
            "xlags",
            "option of ardl models",
        ),
        (
            "kind = \"ols\"\nformula = \"a ~ b\"\ny = \"a\"\n",
            "y",
            "option of ardl and ecm models",
        ),
        (
            "kind = \"unit_root\"\nvariables = [\"a\"]\ntests = [\"adf\", \"pp\"]\n",
            "tests",
            "unknown test \"pp\"",
        ),
        (
            "kind = \"unit_root\"\nvariables = [\"a\"]\ntests = [\"za\", \"za\"]\n",
            "tests",
            "listed twice",
        ),
        (
            "kind = \"unit_root\"\nvariables = [\"a\"]\ntests = []\n",
            "tests",
            "is empty",
        ),
        (
            "kind = \"var\"\nvariables = [\"a\", \"b\"]\ntests = [\"adf\"]\n",
            "tests",
            "option of unit_root models",
        ),
    ] {
        let e = spec_error(body);
        assert!(e.contains(&format!("[models.m] {field}: ")), "{body}: {e}");
        assert!(e.contains(words), "{body}: {e}");
    }
}
