//! `colcrime run` and `colcrime refit`.

use std::path::PathBuf;

use super::common::OutputFormat;
use super::output::Output;
use crate::error::{Error, Result};
use crate::workspace;

/// The default workspace file.
pub(crate) const DEFAULT_WORKSPACE: &str = "notebooks-data/workspace.toml";

/// Options of `run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The workspace file (default notebooks-data/workspace.toml).
    workspace: Option<PathBuf>,
    /// Write into this output folder instead of the workspace's own.
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
}

/// Options of `refit`.
#[derive(Debug, clap::Args)]
pub struct RefitArgs {
    /// The workspace file (default notebooks-data/workspace.toml).
    workspace: Option<PathBuf>,
    /// A new release of a source: SOURCE=FILE (repeatable).
    #[arg(long = "update", value_name = "SOURCE=FILE")]
    updates: Vec<String>,
    /// Write into this output folder instead of the workspace's own.
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Keep the parameters of the time-series models (sarima, auto-arima)
    /// from the previous run and only update their forecasts from the new
    /// data (the Kalman filter runs over it; backtests are carried over).
    /// By default they are re-estimated, warm-started from the previous
    /// estimates.
    #[arg(long)]
    no_reestimate: bool,
}

/// The workspace path given, or the default; a clear error if missing.
pub(crate) fn workspace_path(p: &Option<PathBuf>) -> Result<PathBuf> {
    let path = p
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_WORKSPACE));
    if !path.is_file() {
        return Err(Error::io(
            &path,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "workspace file not found (run from the repository root, or name the workspace file)",
            ),
        ));
    }
    Ok(path)
}

fn run_table(report: &workspace::RunReport) -> String {
    for w in &report.warnings {
        super::output::stderr_line(format_args!("warning: {w}"));
    }
    let mut t = format!("Briefing written to {}\n", report.run_dir.display());
    t.push_str(&format!(
        "  {}\n  {}\n",
        report.run_dir.join("briefing.md").display(),
        report.run_dir.join("briefing.html").display()
    ));
    t.push_str(&format!(
        "{} files written\n\nModels:\n",
        report.files.len()
    ));
    for (name, v) in &report.models {
        let status = v["status"].as_str().unwrap_or("?");
        let extra = v["error"]
            .as_str()
            .map(|e| format!(": {e}"))
            .unwrap_or_default();
        t.push_str(&format!("  {name:<28} {status}{extra}\n"));
    }
    t
}

pub(crate) fn run(a: &RunArgs, _f: OutputFormat) -> Result<Output> {
    let path = workspace_path(&a.workspace)?;
    let pb = super::progress::spinner();
    let report = workspace::run_workspace_to(&path, a.output.as_deref(), &mut |m| {
        pb.set_message(m.to_string())
    });
    pb.finish_and_clear();
    let report = report?;
    Ok(with_failures(
        Output::new(report.to_json(), run_table(&report)),
        &report,
    ))
}

/// Exit 1, with a message on stderr, when a model failed (the contract's
/// "any other failure"); the other models' results are written all the
/// same.
fn with_failures(mut out: Output, report: &workspace::RunReport) -> Output {
    let failed: Vec<String> = report
        .models
        .iter()
        .filter(|(_, v)| v["status"] != "ok")
        .map(|(n, v)| format!("{n} ({})", v["error"].as_str().unwrap_or("failed")))
        .collect();
    if !failed.is_empty() {
        super::output::stderr_line(format_args!(
            "error: {} model(s) failed, the others were written: {}",
            failed.len(),
            failed.join("; ")
        ));
        out.exit_code = 1;
    }
    out
}

pub(crate) fn refit(a: &RefitArgs, _f: OutputFormat) -> Result<Output> {
    let path = workspace_path(&a.workspace)?;
    let mut updates = Vec::new();
    for u in &a.updates {
        let (src, file) = u.split_once('=').ok_or_else(|| {
            Error::usage(format!(
                "--update {u}: expected SOURCE=FILE, e.g. cpi=new/d7g7.csv"
            ))
        })?;
        let file = PathBuf::from(file.trim());
        if !file.is_file() {
            return Err(Error::io(
                &file,
                std::io::Error::new(std::io::ErrorKind::NotFound, "release file not found"),
            ));
        }
        let src = src.trim();
        crate::workspace::check_identifier("--update SOURCE=FILE: the source", src)?;
        updates.push((src.to_string(), file));
    }
    let pb = super::progress::spinner();
    let mode = if a.no_reestimate {
        crate::models::arima::RefitMode::KeepParams
    } else {
        crate::models::arima::RefitMode::Reestimate
    };
    let report =
        workspace::refit_workspace_mode(&path, a.output.as_deref(), &updates, mode, &mut |m| {
            pb.set_message(m.to_string())
        });
    pb.finish_and_clear();
    let report = report?;
    let json = serde_json::json!({
        "run_dir": report.run_dir.display().to_string(),
        "previous_run_dir": report.previous_run_dir.as_ref().map(|p| p.display().to_string()),
        "changes": report.changes.as_ref().map(|p| p.display().to_string()),
        "refit_mode": if a.no_reestimate { "keep_params" } else { "reestimate" },
        "files": report.files,
        "models": report.models,
        "warnings": report.warnings,
    });
    let mut table = run_table(&report);
    match (&report.previous_run_dir, &report.changes) {
        (Some(prev), Some(ch)) => table.push_str(&format!(
            "\nCompared with {}\nChanges: {}\n",
            prev.display(),
            ch.with_file_name("changes.md").display()
        )),
        _ => {
            table.push_str("\nNo earlier complete run to compare with: this run is the baseline.\n")
        }
    }
    Ok(with_failures(Output::new(json, table), &report))
}
