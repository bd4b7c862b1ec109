//! Every model kind runs in a workspace and equals its `colcrime fit`
//! command on the same data (the contract's "model tables" paragraph): a
//! workspace model table maps key by key onto the command's options
//! (`cov = "HC1"` is `--cov HC1`, arrays are comma lists, `true` is a
//! flag), and every key of the command's JSON is in the workspace result
//! with the same numbers.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn colcrime(args: &[String]) -> (i32, String, String) {
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

/// One model of each kind, on the shipped series, fitted on their whole
/// span (the command line has no sample options beyond `--train-end`).
const MODELS: &str = r#"
[models.k_ols]
kind = "ols"
frequency = "quarterly"
formula = "growth(london_robbery_q, 4) ~ cpi_q + unemployment"
cov = "HC1"

[models.k_ols_hac]
kind = "ols"
frequency = "quarterly"
formula = "growth(london_theft_q, 4) ~ cpi_q + real_pay_growth_q"
cov = "HAC"
maxlags = 4
influence = true

[models.k_glm]
kind = "glm"
frequency = "quarterly"
formula = "london_robbery_q ~ cpi_q + unemployment + offset(log(london_pop_q))"
family = "negbin"

[models.k_ecm]
kind = "ecm"
frequency = "quarterly"
y = "log(london_theft_q)"
x = ["log(real_pay_q)", "log(cpi_index_q)"]
lags = 2
cov = "HAC"
maxlags = 4

[models.k_ardl]
kind = "ardl"
frequency = "quarterly"
y = "log(london_theft_q)"
x = ["log(real_pay_q)", "log(cpi_index_q)"]
lags = 4
xlags = [1]

[models.k_ets]
kind = "ets"
frequency = "quarterly"
series = "log(london_theft_q)"
error = "add"
trend = "add"
seasonal = "add"
period = 4
horizon = 8

[models.k_ets_auto]
kind = "ets"
frequency = "quarterly"
series = "london_robbery_q"
auto = true
horizon = 4

[models.k_hw]
kind = "holt-winters"
frequency = "quarterly"
series = "london_theft_q"
trend = "add"
seasonal = "mul"
period = 4
horizon = 8

[models.k_var]
kind = "var"
frequency = "quarterly"
series = ["growth(london_robbery_q, 4)", "cpi_q", "unemployment"]
select_maxlags = 2
irf = 4
horizon = 4

[models.k_sarima]
kind = "sarima"
frequency = "quarterly"
series = "log(london_robbery_q)"
order = [1, 1, 1]
seasonal = [0, 1, 1, 4]
horizon = 8

[models.k_auto]
kind = "auto-arima"
frequency = "quarterly"
series = "log(london_theft_q)"
period = 4
horizon = 8
"#;

const SERIES: &str = "london_robbery_q,london_theft_q,cpi_q,unemployment,real_pay_growth_q,london_pop_q,real_pay_q,cpi_index_q";

/// One model of each statistical test kind (`colcrime test KIND`).
const TESTS: &str = r#"
[models.t_adf]
kind = "adf"
frequency = "quarterly"
series = "log(london_theft_q)"
regression = "ct"

[models.t_kpss]
kind = "kpss"
frequency = "quarterly"
series = "cpi_q"

[models.t_pp]
kind = "pp"
frequency = "quarterly"
series = "growth(london_robbery_q, 4)"
lags = 3

[models.t_za]
kind = "za"
frequency = "quarterly"
series = "cpi_q"
autolag = "BIC"

[models.t_coint]
kind = "coint"
frequency = "quarterly"
y = "log(london_theft_q)"
x = ["log(real_pay_q)", "log(cpi_index_q)"]

[models.t_granger]
kind = "granger"
frequency = "quarterly"
y = "growth(london_robbery_q, 4)"
x = "cpi_q"
maxlag = 3
"#;

/// The shipped workspace with only `models` (no charts, no scenarios), its
/// source paths made absolute, written into `dir`.
fn workspace(dir: &Path, models: &str) -> PathBuf {
    let nb = root().join("notebooks-data");
    let text = std::fs::read_to_string(nb.join("workspace.toml")).unwrap();
    let mut doc: toml::Table = text.parse().unwrap();
    for (_, src) in doc
        .get_mut("sources")
        .unwrap()
        .as_table_mut()
        .unwrap()
        .iter_mut()
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
    let models: toml::Table = models.parse().unwrap();
    doc.insert("models".into(), models["models"].clone());
    doc.remove("charts");
    doc.remove("scenarios");
    let mut w = doc["workspace"].as_table().unwrap().clone();
    w.insert("headline".into(), toml::Value::Array(vec![]));
    doc.insert("workspace".into(), toml::Value::Table(w));
    let p = dir.join("workspace.toml");
    std::fs::write(&p, toml::to_string(&doc).unwrap()).unwrap();
    p
}

/// The command line of a model table: `COMMAND KIND --key value ...`
/// (`fit` or `test`).
fn command_of(command: &str, kind: &str, table: &toml::Table, data: &Path) -> Vec<String> {
    let mut args = vec![
        "--format".to_string(),
        "json".into(),
        command.into(),
        kind.into(),
        "--data".into(),
        data.display().to_string(),
    ];
    for (k, v) in table {
        if matches!(k.as_str(), "kind" | "frequency") {
            continue;
        }
        let flag = format!("--{}", k.replace('_', "-"));
        let text = |v: &toml::Value| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match v {
            toml::Value::Boolean(true) => args.push(flag),
            toml::Value::Boolean(false) => {}
            toml::Value::Array(a) => {
                args.push(flag);
                args.push(a.iter().map(text).collect::<Vec<_>>().join(","));
            }
            other => {
                args.push(flag);
                args.push(text(other));
            }
        }
    }
    args
}

fn flat(v: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| flat(x, format!("{path}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| flat(x, format!("{path}[{i}]"), out)),
        other => out.push((path, other.clone())),
    }
}

/// Every leaf of `cli` is in `ws` with the same value (numbers to 1e-10
/// relative).
fn contains(ws: &Value, cli: &Value, name: &str) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    flat(ws, String::new(), &mut a);
    flat(cli, String::new(), &mut b);
    let a: std::collections::HashMap<String, Value> = a.into_iter().collect();
    assert!(!b.is_empty(), "{name}: empty command result");
    for (k, v) in &b {
        // A workspace result names its model under `model`.
        if k == "/model" {
            continue;
        }
        let w = a.get(k).unwrap_or_else(|| {
            panic!("{name}: {k} of the command's JSON is not in the workspace result")
        });
        match (v.as_f64(), w.as_f64()) {
            (Some(x), Some(y)) => {
                let tol = 1e-10 * x.abs().max(y.abs()).max(1e-300);
                assert!(
                    (x - y).abs() <= tol,
                    "{name}: {k}: command {x}, workspace {y}"
                );
            }
            _ => assert_eq!(v, w, "{name}: {k}"),
        }
    }
}

/// Runs a workspace of `models` and checks each result against its
/// `colcrime COMMAND KIND` on the exported series; returns the kinds.
fn workspace_equals_commands(models: &str, command: &str) -> std::collections::BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), models);
    let ws_s = ws.display().to_string();
    let (code, out, err) =
        colcrime(&["--format".into(), "json".into(), "run".into(), ws_s.clone()]);
    assert_eq!(code, 0, "run: {err}");
    let run: Value = serde_json::from_str(&out).unwrap();
    let run_dir = PathBuf::from(run["run_dir"].as_str().unwrap());
    let (code, csv, err) = colcrime(&[
        "data".into(),
        "export".into(),
        ws_s,
        "--series".into(),
        SERIES.into(),
    ]);
    assert_eq!(code, 0, "export: {err}");
    let data = dir.path().join("export.csv");
    std::fs::write(&data, csv).unwrap();
    let models: toml::Table = models.parse().unwrap();
    let models = models["models"].as_table().unwrap();
    for (name, m) in models {
        let m = m.as_table().unwrap();
        assert_eq!(
            run["models"][name]["status"], "ok",
            "{name}: {}",
            run["models"][name]
        );
        let result: Value = serde_json::from_str(
            &std::fs::read_to_string(run_dir.join(format!("results/{name}.json"))).unwrap(),
        )
        .unwrap();
        let (code, out, err) =
            colcrime(&command_of(command, m["kind"].as_str().unwrap(), m, &data));
        assert_eq!(code, 0, "{name}: {command}: {err}");
        let cli: Value = serde_json::from_str(&out).unwrap();
        contains(&result, &cli, name);
    }
    models
        .values()
        .map(|m| m["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_model_kind_in_a_workspace_equals_its_command() {
    let kinds = workspace_equals_commands(MODELS, "fit");
    assert_eq!(kinds.len(), 9, "one model of each kind but unit_root");
}

/// A workspace test model writes the JSON of `colcrime test KIND` (the
/// same keys and numbers, the same sample and break date).
#[test]
fn every_test_kind_in_a_workspace_equals_its_command() {
    let kinds = workspace_equals_commands(TESTS, "test");
    assert_eq!(kinds.len(), 6, "one model of each test kind");
}
