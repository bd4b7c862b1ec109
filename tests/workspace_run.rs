//! `colcrime run` and `colcrime refit` end to end on the shipped data,
//! through the binary as the contract describes.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn colcrime() -> Command {
    Command::new(env!("CARGO_BIN_EXE_colcrime"))
}

fn run_json(args: &[&str]) -> (i32, Value, String) {
    let out = colcrime().args(args).current_dir(root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let v = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), v, stderr)
}

fn sha(p: &Path) -> String {
    colcrime::workspace::sha256_hex(&std::fs::read(p).unwrap())
}

#[test]
fn run_writes_every_contract_output_from_the_real_data() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let (code, j, err) = run_json(&["run", "--output", o, "--format", "json"]);
    assert_eq!(code, 0, "stderr: {err}");
    let run_dir = PathBuf::from(j["run_dir"].as_str().unwrap());
    assert!(run_dir.starts_with(out.path()));
    for f in [
        "briefing.md",
        "briefing.html",
        "manifest.json",
        "data/series.json",
    ] {
        assert!(run_dir.join(f).is_file(), "{f} missing");
        assert!(
            out.path().join(f).is_file(),
            "{f} not published to the output folder"
        );
    }
    // One result JSON per model, every model fitted.
    let models = j["models"].as_object().unwrap();
    assert!(models.len() >= 4);
    for (name, m) in models {
        assert_eq!(m["status"], "ok", "model {name}: {m}");
        let r: Value = serde_json::from_str(
            &std::fs::read_to_string(run_dir.join(format!("results/{name}.json"))).unwrap(),
        )
        .unwrap();
        assert!(
            r["params"].is_array() || r["params"].is_object() || r["tests"].is_array(),
            "{name}"
        );
    }
    // The stationarity table tests every listed series with ADF, KPSS and
    // Zivot-Andrews (with its break date).
    let ur: Value = serde_json::from_str(
        &std::fs::read_to_string(run_dir.join("results/stationarity.json")).unwrap(),
    )
    .unwrap();
    let tests = ur["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 9);
    for t in tests {
        let p = t["adf"]["pvalue"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert!(t["kpss"]["statistic"].as_f64().unwrap() > 0.0);
        // ZA needs room for its lags and trimming: a short series says why not.
        if t["za"]["error"].is_string() {
            assert!(t["reading"].as_str().unwrap().contains("ZA not computed"));
            continue;
        }
        assert!((0.0..=1.0).contains(&t["za"]["pvalue"].as_f64().unwrap()));
        assert!(t["za"]["break_date"].as_str().unwrap().contains(" Q"));
    }
    let za_ok = tests
        .iter()
        .filter(|t| t["za"]["pvalue"].is_number())
        .count();
    assert!(za_ok >= 5, "ZA computed for only {za_ok} of 9 series");
    // The long-run models and the count model: a bounds test, an
    // adjustment coefficient, an NB2 dispersion.
    let read = |n: &str| -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(run_dir.join(format!("results/{n}.json"))).unwrap(),
        )
        .unwrap()
    };
    assert!(read("theft_ardl")["bounds_test"]["stat"].as_f64().unwrap() > 0.0);
    assert!(
        read("theft_ecm")["adjustment"]
            .as_f64()
            .unwrap()
            .is_finite()
    );
    assert!(read("robbery_count")["alpha"].as_f64().unwrap() > 0.0);
    // The VAR: a chosen lag order, all 12 ordered Granger pairs of its four
    // series, and impulse responses for 8 quarters (9 matrices).
    let var: Value = serde_json::from_str(
        &std::fs::read_to_string(run_dir.join("results/crime_var.json")).unwrap(),
    )
    .unwrap();
    assert!(var["lags"].as_u64().unwrap() >= 1);
    assert_eq!(var["causality"].as_array().unwrap().len(), 12);
    assert_eq!(var["orth_irf"].as_array().unwrap().len(), 9);
    let ols: Value = serde_json::from_str(
        &std::fs::read_to_string(run_dir.join("results/robbery_ols.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(ols["cov_type"], "HAC");
    assert!(
        ols["param_names"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "cpi_q")
    );
    let fc: Value = serde_json::from_str(
        &std::fs::read_to_string(run_dir.join("results/robbery_forecast.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(fc["forecast"]["mean"].as_array().unwrap().len(), 8);
    assert!(fc["forecast"]["lower"]["80"].is_array() && fc["forecast"]["upper"]["95"].is_array());
    // Charts as PNG and SVG.
    let charts: Vec<_> = std::fs::read_dir(run_dir.join("charts"))
        .unwrap()
        .filter_map(|e| e.ok())
        .collect();
    let pngs = charts
        .iter()
        .filter(|e| e.path().extension().is_some_and(|x| x == "png"))
        .count();
    let svgs = charts
        .iter()
        .filter(|e| e.path().extension().is_some_and(|x| x == "svg"))
        .count();
    assert!(pngs >= 5 && pngs == svgs, "{pngs} png, {svgs} svg");
    // The manifest lists every file with its digest, and the sources of each result.
    let man: Value =
        serde_json::from_str(&std::fs::read_to_string(run_dir.join("manifest.json")).unwrap())
            .unwrap();
    for f in man["files"].as_array().unwrap() {
        let p = run_dir.join(f["path"].as_str().unwrap());
        assert_eq!(sha(&p), f["sha256"].as_str().unwrap(), "{p:?}");
    }
    let deps = man["results"]["robbery_ols"]["sources"].as_array().unwrap();
    assert!(
        deps.iter()
            .any(|d| d["path"].as_str().unwrap().contains("d7g7") && d["release"] == "2026-03-25"),
        "{deps:?}"
    );
    // The briefing answers the question with numbers, a regression reading and a forecast.
    let md = std::fs::read_to_string(run_dir.join("briefing.md")).unwrap();
    for needle in [
        "Key points",
        "Robbery, London",
        "What the coefficients say",
        "Forecast",
        "80% interval",
        "Data and sources",
        "charts/",
    ] {
        assert!(md.contains(needle), "briefing.md lacks {needle:?}");
    }
    let html = std::fs::read_to_string(run_dir.join("briefing.html")).unwrap();
    assert!(
        html.contains("<svg") && !html.contains("src=\"charts/"),
        "HTML must be self-contained"
    );
}

#[test]
fn a_second_run_never_touches_the_first_and_a_locked_workspace_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let (code, j1, err) = run_json(&["run", "--output", o, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let d1 = PathBuf::from(j1["run_dir"].as_str().unwrap());
    let before: Vec<(PathBuf, String)> = j1["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = d1.join(f.as_str().unwrap());
            let h = sha(&p);
            (p, h)
        })
        .collect();
    let (code, j2, err) = run_json(&["run", "--output", o, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(j1["run_dir"], j2["run_dir"]);
    for (p, h) in before {
        assert_eq!(sha(&p), h, "{p:?} changed");
    }
    // Another process holding the lock (this test process, through the
    // library): refused with exit 1 and a clear message.
    let held = colcrime::workspace::WorkspaceLock::acquire(out.path()).unwrap();
    let (code, _, err) = run_json(&["run", "--output", o]);
    assert_eq!(code, 1);
    assert!(err.contains("locked by another colcrime process"), "{err}");
    drop(held);
}

#[test]
fn refit_with_a_newer_cpi_release_reports_what_changed() {
    // A workspace whose CPI source is the February 2024 release.
    let dir = tempfile::tempdir().unwrap();
    let ws = std::fs::read_to_string(root().join("notebooks-data/workspace.toml")).unwrap();
    let nd = root().join("notebooks-data");
    let mut text = String::new();
    for line in ws.lines() {
        let t = line.trim_start();
        if t.starts_with("path = \"") || t.starts_with("\"met_police_borough/") {
            let q1 = line.find('"').unwrap();
            let q2 = line[q1 + 1..].find('"').unwrap() + q1 + 1;
            let rel = &line[q1 + 1..q2];
            let rel = rel.replace(
                "d7g7_cpi_annual_rate_rel2026-03-25",
                "d7g7_cpi_annual_rate_rel2024-02-14",
            );
            text.push_str(&format!(
                "{}\"{}\"{}\n",
                &line[..q1],
                nd.join(rel).display(),
                &line[q2 + 1..]
            ));
        } else {
            text.push_str(line);
            text.push('\n');
        }
    }
    let wpath = dir.path().join("workspace.toml");
    std::fs::write(&wpath, text).unwrap();
    let w = wpath.to_str().unwrap();
    // On the older release CPI ends in 2023 Q4 and robbery in 2025 Q3: the
    // scenario model forecasts from that ragged edge (CPI's missing quarters
    // from its own forecast), and every model runs.
    let (code, j1, err) = run_json(&["run", w, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    for (name, m) in j1["models"].as_object().unwrap() {
        assert_eq!(m["status"], "ok", "{name}: {m}");
    }
    let newer = nd.join("ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv");
    let upd = format!("cpi={}", newer.display());
    let (code, j2, err) = run_json(&["refit", w, "--update", &upd, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(j2["previous_run_dir"], j1["run_dir"]);
    let ch: Value =
        serde_json::from_str(&std::fs::read_to_string(j2["changes"].as_str().unwrap()).unwrap())
            .unwrap();
    let added = ch["data"]["cpi"]["added"].as_array().unwrap();
    assert_eq!(added.first().unwrap()["period"], "2024-02");
    assert_eq!(added.last().unwrap()["period"], "2026-02");
    assert!(
        ch["data"]["cpi"]["revised"].as_array().unwrap().is_empty(),
        "CPI is not revised"
    );
    assert!(
        ch["models"]["robbery_ols"]["params"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "cpi_q")
    );
    // The CPI forecast made from the 2024 release meets the outturn that the
    // 2026 release brings: twelve months, each with its error and coverage.
    let fo = ch["models"]["cpi_forecast"]["forecast_vs_outturn"]
        .as_array()
        .unwrap();
    assert_eq!(fo.len(), 12);
    assert_eq!(fo[0]["period"], "2024-02");
    assert_eq!(fo[0]["actual"], 3.4, "CPI annual rate, February 2024");
    for r in fo {
        let (f, a, e) = (
            r["forecast"].as_f64().unwrap(),
            r["actual"].as_f64().unwrap(),
            r["error"].as_f64().unwrap(),
        );
        assert!((a - f - e).abs() < 1e-12);
        assert!(r["inside_80"].is_boolean() && r["inside_95"].is_boolean());
        // Whatever is inside the 80% interval is inside the 95% one.
        assert!(r["inside_80"] != true || r["inside_95"] == true);
    }
    let md = PathBuf::from(j2["run_dir"].as_str().unwrap()).join("changes.md");
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("Points added"));
    assert!(md.contains("outturns fell inside the 80% interval"));
    // The update is drawn: the CPI series, previous run against this run,
    // listed in the manifest with the other files.
    let run2 = PathBuf::from(j2["run_dir"].as_str().unwrap());
    assert!(md.contains("](charts/revision_cpi.png)"));
    for ext in ["png", "svg"] {
        assert!(run2.join(format!("charts/revision_cpi.{ext}")).is_file());
    }
    let manifest = std::fs::read_to_string(run2.join("manifest.json")).unwrap();
    assert!(manifest.contains("charts/revision_cpi.svg"));
    // The release is stored beside the workspace's own file, which is untouched.
    let reg: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("output/releases.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(reg["sources"]["cpi"][0]["release"], "2026-03-25");
    assert!(
        nd.join("ons_mm23/d7g7_cpi_annual_rate_rel2024-02-14.csv")
            .is_file()
    );
    // An unknown source is refused before anything is written.
    let (code, _, err) = run_json(&["refit", w, "--update", "nope=x.csv"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn export_writes_the_contract_csv() {
    let out = colcrime()
        .args(["data", "export", "--series", "london_robbery,cpi"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("date,london_robbery,cpi"));
    assert!(
        text.contains("\n2010-04-01,"),
        "{}",
        &text[..200.min(text.len())]
    );
    let out = colcrime()
        .args(["data", "export", "--series", "london_robbery,nope"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no series in the workspace named \"nope\"")
    );
}

#[test]
fn errors_follow_the_contract() {
    let out = colcrime()
        .args(["run", "no/such/workspace.toml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last().unwrap();
    let v: Value = serde_json::from_str(last).unwrap();
    assert_eq!(v["error"]["kind"], "io");
    assert!(out.stdout.is_empty());
    for cmd in [
        &["--help"][..],
        &["run", "--help"],
        &["refit", "--help"],
        &["data", "export", "--help"],
    ] {
        let out = colcrime().args(cmd).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{cmd:?}");
    }
}
