//! `colcrime run` and `colcrime refit`.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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
}

/// The workspace path given, or the default; a clear error if missing.
pub(crate) fn workspace_path(p: &Option<PathBuf>) -> Result<PathBuf> {
    let path = p.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_WORKSPACE));
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

/// A spinner on stderr when it is a terminal (hidden otherwise).
fn progress_bar() -> ProgressBar {
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}

fn run_table(report: &workspace::RunReport) -> String {
    let mut t = format!("Briefing written to {}\n", report.run_dir.display());
    t.push_str(&format!(
        "  {}\n  {}\n",
        report.run_dir.join("briefing.md").display(),
        report.run_dir.join("briefing.html").display()
    ));
    t.push_str(&format!("{} files written\n\nModels:\n", report.files.len()));
    for (name, v) in &report.models {
        let status = v["status"].as_str().unwrap_or("?");
        let extra = v["error"].as_str().map(|e| format!(": {e}")).unwrap_or_default();
        t.push_str(&format!("  {name:<28} {status}{extra}\n"));
    }
    t
}

pub(crate) fn run(a: &RunArgs, _f: OutputFormat) -> Result<Output> {
    let path = workspace_path(&a.workspace)?;
    let pb = progress_bar();
    let report = workspace::run_workspace_to(&path, a.output.as_deref(), &mut |m| {
        pb.set_message(m.to_string())
    });
    pb.finish_and_clear();
    let report = report?;
    Ok(Output::new(report.to_json(), run_table(&report)))
}

pub(crate) fn refit(a: &RefitArgs, _f: OutputFormat) -> Result<Output> {
    let path = workspace_path(&a.workspace)?;
    let _ = Path::new(&path);
    Err(Error::other(format!(
        "refit with {} update(s) is not implemented yet",
        a.updates.len()
    )))
}
