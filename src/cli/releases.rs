//! `colcrime data releases`: every release recorded for a workspace's sources.

use std::path::PathBuf;

use super::output::Output;
use super::run::workspace_path;
use crate::error::Result;
use crate::workspace::{Registry, WorkspaceSpec, latest_run, output_root, sha256_hex};

/// Options of `data releases`.
#[derive(Debug, clap::Args)]
pub struct ReleasesArgs {
    /// The workspace file (default notebooks-data/workspace.toml).
    workspace: Option<PathBuf>,
    /// The output folder, if not the workspace's own.
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
}

pub(crate) fn run(a: &ReleasesArgs) -> Result<Output> {
    let path = workspace_path(&a.workspace)?;
    let spec = WorkspaceSpec::read(&path)?;
    let dir = path
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    let root = a
        .output
        .clone()
        .unwrap_or_else(|| output_root(&dir, &spec.workspace.output));
    let reg = Registry::read(&root)?;
    let mut rows = Vec::new();
    let mut table = format!(
        "{:<16} {:<10} {:<12} {:<14} file\n",
        "source", "status", "release", "sha256"
    );
    for (name, src) in &spec.sources {
        let recorded = reg.sources.get(name).cloned().unwrap_or_default();
        let n_rec = recorded.len();
        for p in src.paths() {
            let f = dir.join(p);
            let sha = std::fs::read(&f)
                .map(|b| sha256_hex(&b))
                .unwrap_or_default();
            let superseded = n_rec > 0 && src.paths.is_empty();
            let status = if superseded { "superseded" } else { "in use" };
            table.push_str(&format!(
                "{name:<16} {status:<10} {:<12} {:<14} {p}\n",
                "workspace",
                &sha[..sha.len().min(12)]
            ));
            rows.push(serde_json::json!({"source": name, "file": f.display().to_string(), "sha256": sha, "origin": "workspace", "status": status}));
        }
        for (i, r) in recorded.iter().enumerate() {
            let status = if src.paths.is_empty() && i + 1 < n_rec {
                "superseded"
            } else {
                "in use"
            };
            table.push_str(&format!(
                "{name:<16} {status:<10} {:<12} {:<14} {}\n",
                r.release.clone().unwrap_or_else(|| "-".into()),
                &r.sha256[..12],
                r.file
            ));
            rows.push(serde_json::json!({"source": name, "file": root.join(&r.file).display().to_string(), "sha256": r.sha256, "release": r.release, "recorded_utc": r.recorded_utc, "origin": r.original, "status": status}));
        }
    }
    let latest = latest_run(&root);
    if let Some(l) = &latest {
        table.push_str(&format!("\nlatest complete run: {}\n", l.display()));
    }
    let json = serde_json::json!({
        "output": root.display().to_string(),
        "releases": rows,
        "latest_run": latest.map(|l| l.display().to_string()),
    });
    Ok(Output::new(json, table))
}
