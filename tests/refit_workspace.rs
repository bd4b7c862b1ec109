//! `colcrime refit` warm-started and with `--no-reestimate` (issue 7 item 4)
//! on the shipped workspace: the February 2024 CPI release as the baseline,
//! then the March 2026 release.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn run_json(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_colcrime"))
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(&stdout).unwrap_or(Value::Null),
        stderr,
    )
}

fn read(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// The default workspace with absolute paths and the older CPI release.
fn workspace(dir: &Path) -> PathBuf {
    let nd = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("notebooks-data");
    let text = std::fs::read_to_string(nd.join("workspace.toml"))
        .unwrap()
        .replace(
            "d7g7_cpi_annual_rate_rel2026-03-25",
            "d7g7_cpi_annual_rate_rel2024-02-14",
        )
        .replace("path = \"", &format!("path = \"{}/", nd.display()))
        .replace(
            "  \"met_police_borough/",
            &format!("  \"{}/met_police_borough/", nd.display()),
        );
    let p = dir.join("workspace.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// The baseline run on the older CPI release (the README's walkthrough).
/// CPI then ends in 2023 Q4 while robbery runs to 2025 Q3: every model
/// runs, and the scenario model, whose regressor is CPI, is estimated on
/// the common span and forecasts from robbery's last quarter, CPI's missing
/// quarters filled from its own forecast (issue 19).
fn baseline_run(w: &str) -> Value {
    let (code, j1, err) = run_json(&["run", w, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let failed: Vec<&String> = j1["models"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| v["status"] != "ok")
        .map(|(k, _)| k)
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
    let run = PathBuf::from(j1["run_dir"].as_str().unwrap());
    let r = read(&run.join("results/robbery_cpi_scenarios.json"));
    assert_eq!(r["series_ends"]["cpi_q"], "2023 Q4");
    assert_eq!(r["series_ends"]["london_robbery_q"], "2025 Q3");
    assert_eq!(r["sample"][1], "2023 Q4");
    assert_eq!(r["forecast"]["periods"][0], "2025 Q4");
    assert_eq!(r["ragged_edge"]["filled"]["periods"][0], "2024 Q1");
    assert_eq!(r["ragged_edge"]["filled"]["periods"][6], "2025 Q3");
    // Each scenario's path starts where CPI ends; its forecast where
    // robbery does.
    for sc in ["cpi_stays_high", "cpi_back_to_target"] {
        assert_eq!(
            r["scenarios"][sc]["forecast"]["periods"][0], "2025 Q4",
            "{sc}"
        );
    }
    assert_eq!(
        r["scenarios"]["cpi_stays_high"]["exog_path"]["cpi_q"][0],
        4.0
    );
    j1
}

fn newer() -> String {
    let nd = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("notebooks-data");
    format!(
        "cpi={}",
        nd.join("ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv")
            .display()
    )
}

#[test]
fn no_reestimate_keeps_parameters_and_moves_the_forecasts() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let w = ws.to_str().unwrap();
    let j1 = baseline_run(w);
    let run1 = PathBuf::from(j1["run_dir"].as_str().unwrap());
    let (code, j2, err) = run_json(&[
        "refit",
        w,
        "--update",
        &newer(),
        "--no-reestimate",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(j2["refit_mode"], "keep_params");
    let run2 = PathBuf::from(j2["run_dir"].as_str().unwrap());
    for model in ["cpi_forecast", "robbery_forecast", "theft_forecast"] {
        let before = read(&run1.join(format!("results/{model}.json")));
        let after = read(&run2.join(format!("results/{model}.json")));
        assert_eq!(after["status"], "ok", "{model}: {after}");
        // CPI has new data: its parameters are kept as asked; the crime
        // series are unchanged, which the re-fit says.
        let mode = if model == "cpi_forecast" {
            "keep_params"
        } else {
            "unchanged"
        };
        assert_eq!(after["refit"]["mode"], mode, "{model}");
        // Parameters (σ² too) and their standard errors are identical.
        assert_eq!(after["params"], before["params"], "{model}");
        assert_eq!(after["bse"], before["bse"], "{model}");
        assert_eq!(after["order"], before["order"], "{model}");
        assert_eq!(after["iterations"], 0, "{model}");
        // The backtest is carried over, not recomputed.
        assert_eq!(after["backtest"], before["backtest"], "{model}");
    }
    // CPI gained 25 months: its forecast now starts after February 2026.
    let before = read(&run1.join("results/cpi_forecast.json"));
    let after = read(&run2.join("results/cpi_forecast.json"));
    assert_eq!(before["forecast"]["dates"][0], "2024-02-01");
    assert_eq!(after["forecast"]["dates"][0], "2026-03-01");
    assert!(after["nobs"].as_u64().unwrap() == before["nobs"].as_u64().unwrap() + 25);
    // The mode is stated in the change report and the manifest.
    let ch = read(&run2.join("changes.json"));
    assert_eq!(ch["refit_mode"], "keep_params");
    assert_eq!(ch["models"]["cpi_forecast"]["refit"]["mode"], "keep_params");
    let md = std::fs::read_to_string(run2.join("changes.md")).unwrap();
    assert!(md.contains("--no-reestimate"), "{md}");
    let manifest = read(&run2.join("manifest.json"));
    assert_eq!(manifest["refit"]["mode"], "keep_params");
    // Regression models are always estimated afresh.
    let ols = read(&run2.join("results/robbery_ols.json"));
    assert!(ols.get("refit").is_none());
}

#[test]
fn default_refit_warm_starts_from_the_previous_estimates() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let w = ws.to_str().unwrap();
    let j1 = baseline_run(w);
    let run1 = PathBuf::from(j1["run_dir"].as_str().unwrap());
    let (code, j2, err) = run_json(&["refit", w, "--update", &newer(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(j2["refit_mode"], "reestimate");
    let run2 = PathBuf::from(j2["run_dir"].as_str().unwrap());
    // The robbery and theft data and models did not change: their results
    // are carried over whole (same inputs fingerprint), not re-estimated.
    for model in ["robbery_forecast", "theft_forecast"] {
        let before = read(&run1.join(format!("results/{model}.json")));
        let after = read(&run2.join(format!("results/{model}.json")));
        assert_eq!(after["refit"]["mode"], "unchanged", "{model}");
        assert_eq!(after["inputs_sha256"], before["inputs_sha256"], "{model}");
        assert_eq!(after["inputs_sha256"].as_str().map(str::len), Some(64));
        // The estimates, their errors, the backtest and the forecasts are
        // identical; the likelihood is recomputed by the filter at the same
        // parameters (equal to rounding); nothing was optimised.
        for key in [
            "params",
            "bse",
            "order",
            "seasonal_order",
            "backtest",
            "forecast",
            "resid",
        ] {
            assert_eq!(after[key], before[key], "{model}: {key}");
        }
        let (l0, l1) = (
            before["llf"].as_f64().unwrap(),
            after["llf"].as_f64().unwrap(),
        );
        assert!((l1 - l0).abs() <= 1e-9 * l0.abs(), "{model}: {l1} vs {l0}");
        assert_eq!(after["iterations"], 0, "{model}");
    }
    // Models whose data changed say so by a different fingerprint.
    for model in ["cpi_forecast", "robbery_cpi_scenarios", "robbery_ols"] {
        let before = read(&run1.join(format!("results/{model}.json")));
        let after = read(&run2.join(format!("results/{model}.json")));
        assert_ne!(after["inputs_sha256"], before["inputs_sha256"], "{model}");
    }
    let md = std::fs::read_to_string(run2.join("changes.md")).unwrap();
    assert!(md.contains("unchanged since the previous run"), "{md}");
    // CPI: 25 new months, re-estimated from the previous estimates.
    let cpi = read(&run2.join("results/cpi_forecast.json"));
    assert_eq!(cpi["refit"]["mode"], "reestimate");
    assert_eq!(cpi["refit"]["warm_start"], true);
    assert_eq!(cpi["converged"], true);
    assert_ne!(
        cpi["params"],
        read(&run1.join("results/cpi_forecast.json"))["params"]
    );
    let ch = read(&run2.join("changes.json"));
    assert_eq!(ch["refit_mode"], "reestimate");
    // The ragged edge closes: CPI now runs past robbery, and the scenario
    // model's sample moves with it (issue 19).
    let sc = &ch["models"]["robbery_cpi_scenarios"];
    assert_eq!(sc["sample"]["before"][1], "2023 Q4", "{sc}");
    assert_eq!(sc["sample"]["after"][1], "2025 Q3", "{sc}");
    let cpi_end = sc["series_ends"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["series"] == "cpi_q")
        .unwrap_or_else(|| panic!("{sc}"));
    assert_eq!(cpi_end["before"], "2023 Q4");
    assert_eq!(cpi_end["after"], "2025 Q4");
    assert!(
        md.contains("Where its series end: `cpi_q` 2023 Q4 → 2025 Q4"),
        "{md}"
    );
    let manifest = read(&run2.join("manifest.json"));
    assert_eq!(manifest["refit"]["mode"], "reestimate");
    // What briefing readers see never tells them to pass a command-line
    // option: the stationarity table says in words why a test was not
    // computed (here ZA on a series too short for its lags).
    for (run, doc) in [
        (&run1, "briefing.md"),
        (&run2, "briefing.md"),
        (&run2, "summary.md"),
        (&run2, "changes.md"),
    ] {
        let text = std::fs::read_to_string(run.join(doc)).unwrap();
        for flag in ["--trim", "--maxlag", "--max-lag"] {
            assert!(!text.contains(flag), "{doc} mentions {flag}");
        }
    }
    let briefing = std::fs::read_to_string(run2.join("briefing.md")).unwrap();
    assert!(
        briefing.contains("ZA not computed: the series is too short"),
        "the stationarity reading of a series too short for ZA"
    );
}
