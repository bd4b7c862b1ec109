//! `colcrime run`: read, build, fit, draw, and write a briefing into a new
//! run folder, with a manifest tying every output to its source files.
//!
//! Layout of the output folder (`[workspace] output`, default `output/`
//! beside the workspace file):
//!
//! ```text
//! output/
//!   runs/20261125T120000Z/   one folder per run, never modified afterwards
//!     briefing.md  briefing.html  charts/*.png|svg  results/*.json  manifest.json
//!   briefing.md ...          a copy of the latest complete run
//!   .colcrime.lock           while a run is writing
//! ```
//!
//! `manifest.json` is written last: a run folder without one was
//! interrupted and is ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::briefing;
use super::build::Loaded;
use super::changes;
use super::charts;
use super::fingerprint::{RawTables, model_inputs_sha256};
use super::lock::WorkspaceLock;
use super::models::{self, ModelOutcome};
use super::outdir::OutputDir;
use super::releases::Registry;
use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::models::arima::RefitMode;

/// What a run wrote.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The new run folder.
    pub run_dir: PathBuf,
    /// Files written, relative to the run folder.
    pub files: Vec<String>,
    /// Status of each model: `ok` or `failed` with the message.
    pub models: BTreeMap<String, Value>,
    /// For a re-fit: the run compared against.
    pub previous_run_dir: Option<PathBuf>,
    /// For a re-fit: the path of `changes.json`.
    pub changes: Option<PathBuf>,
    /// What the run could not use and worked around (a damaged manifest or
    /// result of an earlier run), for the user to see.
    pub warnings: Vec<String>,
}

impl RunReport {
    /// The contract's `--format json` object.
    pub fn to_json(&self) -> Value {
        json!({
            "run_dir": self.run_dir.display().to_string(),
            "files": self.files,
            "models": self.models,
            "warnings": self.warnings,
        })
    }
}

pub use crate::hash::sha256_hex;

/// The output folder of a workspace.
pub fn output_root(loaded_dir: &Path, output: &str) -> PathBuf {
    loaded_dir.join(output)
}

/// A fresh run folder under `runs/`, unique even within one second.
fn new_run_dir(out: &OutputDir) -> Result<OutputDir> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    out.create_dir("runs")?;
    for n in 0..1000 {
        let name = if n == 0 {
            stamp.clone()
        } else {
            format!("{stamp}-{n}")
        };
        let p = out.path(format!("runs/{name}"))?;
        match std::fs::create_dir(&p) {
            Ok(()) => return out.sub(format!("runs/{name}")),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(&p, e)),
        }
    }
    Err(Error::other("could not create a new run folder"))
}

/// The most recent complete run folder (one with a manifest), if any.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// assert!(colcrime::workspace::latest_run(dir.path()).is_none());
/// ```
pub fn latest_run(root: &Path) -> Option<PathBuf> {
    latest_run_checked(root, &mut Vec::new())
}

/// What [`latest_run`] reads of a run's manifest.
#[derive(Debug, serde::Deserialize)]
struct ManifestHead {
    /// `true` once every file of the run is written.
    #[serde(default)]
    complete: Option<bool>,
}

/// [`latest_run`], skipping runs whose manifest is not a complete run's
/// (not JSON, or without `"complete": true`), with a warning for each.
fn latest_run_checked(root: &Path, warnings: &mut Vec<String>) -> Option<PathBuf> {
    let mut runs: Vec<PathBuf> = std::fs::read_dir(root.join("runs"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("manifest.json").is_file())
        .collect();
    runs.sort();
    while let Some(run) = runs.pop() {
        let m = run.join("manifest.json");
        let ok = std::fs::read(&m)
            .ok()
            .and_then(|b| serde_json::from_slice::<ManifestHead>(&b).ok())
            .is_some_and(|h| h.complete == Some(true));
        if ok {
            return Some(run);
        }
        warnings.push(format!(
            "{} is damaged (not the JSON of a complete run): that run is ignored",
            m.display()
        ));
    }
    None
}

/// Files written so far in a run: relative path -> (sha256, bytes).
#[derive(Debug)]
struct Written {
    out: OutputDir,
    files: BTreeMap<String, (String, usize)>,
}

impl Written {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.out.write(rel, bytes)?;
        self.files
            .insert(rel.to_string(), (sha256_hex(bytes), bytes.len()));
        Ok(())
    }
}

/// Runs a workspace file into a new run folder.
///
/// # Errors
/// The workspace or a source cannot be read, a series cannot be built, the
/// output cannot be written, or another run holds the lock. A model that
/// fails does not stop the run: it is reported in the briefing and report.
pub fn run_workspace(path: &Path, progress: &mut dyn FnMut(&str)) -> Result<RunReport> {
    run_workspace_to(path, None, progress)
}

/// [`run_workspace`] with the output folder overridden (`--output DIR`).
///
/// # Errors
/// As [`run_workspace`].
pub fn run_workspace_to(
    path: &Path,
    output: Option<&Path>,
    progress: &mut dyn FnMut(&str),
) -> Result<RunReport> {
    run_core(path, output, None, progress)
}

/// `colcrime refit`: records each `(source, file)` as a new release, re-runs
/// into a new run folder and writes `changes.md` / `changes.json` against
/// the previous complete run. Nothing earlier is modified.
///
/// # Errors
/// An unknown source, an unreadable release file (nothing is recorded
/// then), or any error of [`run_workspace`].
pub fn refit_workspace(
    path: &Path,
    output: Option<&Path>,
    updates: &[(String, PathBuf)],
    progress: &mut dyn FnMut(&str),
) -> Result<RunReport> {
    refit_workspace_mode(path, output, updates, RefitMode::Reestimate, progress)
}

/// [`refit_workspace`] choosing how time-series models (`sarima`,
/// `auto-arima`) use the previous run's results: `Reestimate` warm-starts
/// the optimiser from the previous estimates (an automatic ARIMA searches
/// its orders again and warm-starts the model it chose last time);
/// `KeepParams` (`colcrime refit --no-reestimate`) keeps their parameters
/// and only runs the Kalman filter over the new data, so that only the
/// forecasts (and the likelihood) are updated and the backtests are carried
/// over. Other models are always fitted afresh. The mode is recorded in
/// each result (`refit`), `changes.json` / `changes.md` and the manifest.
///
/// # Errors
/// As [`refit_workspace`].
pub fn refit_workspace_mode(
    path: &Path,
    output: Option<&Path>,
    updates: &[(String, PathBuf)],
    mode: RefitMode,
    progress: &mut dyn FnMut(&str),
) -> Result<RunReport> {
    run_core(path, output, Some((updates, mode)), progress)
}

fn run_core(
    path: &Path,
    output: Option<&Path>,
    refit: Option<(&[(String, PathBuf)], RefitMode)>,
    progress: &mut dyn FnMut(&str),
) -> Result<RunReport> {
    let updates = refit.map(|(u, _)| u);
    let mode = refit.map(|(_, m)| m);
    let spec = super::spec::WorkspaceSpec::read(path)?;
    let dir = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let root = match output {
        Some(o) => o.to_path_buf(),
        None => output_root(&dir, &spec.workspace.output),
    };
    if spec.sources.is_empty() && spec.models.is_empty() && spec.charts.is_empty() {
        return Err(Error::format(
            crate::error::Location::new(path).line(1).column_index(1),
            "the workspace declares no sources, models or charts: nothing to run (see notebooks-data/workspace.toml for an example)",
        ));
    }
    let _lock = WorkspaceLock::acquire(&root)?;
    super::leftovers::sweep_temporaries(&root);
    let mut warnings: Vec<String> = Vec::new();
    let out = OutputDir::new(&root);
    let mut registry = Registry::read(&root)?;
    let previous = latest_run_checked(&root, &mut warnings);
    if let Some(updates) = updates {
        for (source, file) in updates {
            super::names::check_identifier("--update SOURCE=FILE: the source", source)?;
            if !spec.sources.contains_key(source) {
                return Err(Error::not_found(
                    "source in the workspace",
                    source,
                    spec.sources.keys().cloned().collect(),
                ));
            }
            progress(&format!("checking the new release of {source}"));
            let ds = crate::sources::read(file)?;
            registry.record(&out, source, file, ds.release.clone())?;
        }
    }
    let files = registry.effective_paths(&spec, &dir, &root);
    let loaded = Loaded::load_with(path, Some(&files), progress)?;
    if updates.is_some() {
        // Only a release that the workspace can use is kept on record.
        registry.write(&out)?;
    }
    let run_out = new_run_dir(&out)?;
    let run_dir = run_out.root().to_path_buf();
    let mut w = Written {
        out: run_out,
        files: BTreeMap::new(),
    };

    // What each model's result depends on (spec, scenarios, series values).
    let raw = std::fs::read_to_string(path)
        .map(|t| RawTables::parse(&t))
        .unwrap_or_default();
    let names: Vec<String> = loaded.series.keys().cloned().collect();
    let plans: Vec<(&String, &super::ModelSpec, String, Option<PriorPlan>)> = loaded
        .spec
        .models
        .iter()
        .map(|(name, m)| {
            let uses = models::series_used(&models::model_text(m), &names);
            let fp = model_inputs_sha256(
                &raw,
                name,
                &m.options.scenario_names(),
                &uses,
                &loaded.series,
            );
            let plan = mode.and_then(|mode| prior_plan(previous.as_deref(), name, m, &fp, mode));
            (name, m, fp, plan)
        })
        .collect();
    if let (Some(prev), Some(_)) = (previous.as_deref(), mode) {
        warnings.extend(damaged_results(prev, loaded.spec.models.keys()));
    }
    progress(&format!("fitting {} models", plans.len()));
    // Models are independent: fitted in parallel, reported in spec order.
    let outcomes: Vec<ModelOutcome> = plans
        .par_iter()
        .map(|(name, m, fp, plan)| {
            let prior = plan.as_ref().map(|p| crate::kinds::Prior {
                fitted: p.saved.fitted.clone(),
                backtest: p.saved.backtest.clone(),
                carried: p.saved.search.clone(),
                path: p.path.clone(),
                mode: p.mode,
                unchanged: p.unchanged,
            });
            let mut o = models::fit_with(&loaded, name, m, prior);
            if let Some(obj) = o.json.as_object_mut() {
                obj.insert("inputs_sha256".into(), json!(fp));
            }
            o
        })
        .collect();
    for o in &outcomes {
        let mut j = o.json.clone();
        if let Some(obj) = j.as_object_mut() {
            obj.insert("model".into(), json!(o.name));
            obj.insert("kind".into(), json!(o.kind));
            obj.insert("status".into(), json!(if o.ok() { "ok" } else { "failed" }));
        }
        let text = serde_json::to_string_pretty(&j).map_err(|e| Error::other(e.to_string()))?;
        w.write(&format!("results/{}.json", o.name), text.as_bytes())?;
    }

    let evidence = match &loaded.spec.review {
        Some(r) => {
            progress("estimating the evidence table");
            let e = super::review::run(&loaded, r)?;
            let text = serde_json::to_string_pretty(&e).map_err(|e| Error::other(e.to_string()))?;
            w.write("results/evidence.json", text.as_bytes())?;
            // A study that cannot be read is reported in the briefing and
            // does not stop the run (as a model that fails).
            let rep = match super::review::replicate(&loaded, r) {
                Ok(Some(rep)) => {
                    let text = serde_json::to_string_pretty(&rep)
                        .map_err(|e| Error::other(e.to_string()))?;
                    w.write("results/replication.json", text.as_bytes())?;
                    Some(Ok(rep))
                }
                Ok(None) => None,
                Err(e) => Some(Err(e.to_string())),
            };
            Some((e, rep))
        }
        None => None,
    };
    // Hotspots, London against the rest of England and Wales, the claims.
    let products = super::evidence::step(
        &loaded,
        &run_dir,
        evidence.as_ref().map(|(e, _)| e),
        progress,
    );
    for (rel, sha, n) in products.files() {
        w.files.insert(rel.clone(), (sha.clone(), *n));
    }

    progress("drawing charts");
    let rendered = charts::render_all(&loaded, &outcomes, &run_dir);
    for c in &rendered.charts {
        for ext in ["png", "svg"] {
            let rel = format!("{}.{ext}", c.stem);
            let p = run_dir.join(&rel);
            let bytes = std::fs::read(&p).map_err(|e| Error::io(&p, e))?;
            w.files.insert(rel, (sha256_hex(&bytes), bytes.len()));
        }
    }

    let series_text = serde_json::to_string(&changes::series_json(&loaded.series))
        .map_err(|e| Error::other(e.to_string()))?;
    w.write("data/series.json", series_text.as_bytes())?;

    let mut changes_path = None;
    if let (Some(_), Some(prev)) = (updates, previous.as_ref()) {
        progress("comparing with the previous run");
        let mut ch = changes::compute(prev, &loaded, &outcomes);
        ch.refit_mode = mode;
        let text = serde_json::to_string_pretty(&ch).map_err(|e| Error::other(e.to_string()))?;
        w.write("changes.json", text.as_bytes())?;
        let mut doc = changes::to_doc(&ch, &loaded.spec.workspace.title);
        let drawn = changes::revision_charts(prev, &loaded, &ch, &run_dir);
        if !drawn.is_empty() {
            doc.blocks
                .push(crate::doc::Block::Heading(2, "Charts of the update".into()));
        }
        for (stem, title) in &drawn {
            for ext in ["png", "svg"] {
                let rel = format!("{stem}.{ext}");
                let p = run_dir.join(&rel);
                let bytes = std::fs::read(&p).map_err(|e| Error::io(&p, e))?;
                w.files.insert(rel, (sha256_hex(&bytes), bytes.len()));
            }
            doc.blocks
                .push(crate::doc::Block::Para(format!("![{title}]({stem}.png)")));
        }
        w.write("changes.md", doc.to_markdown().as_bytes())?;
        changes_path = Some(run_dir.join("changes.json"));
    }

    progress("writing the briefing");
    let doc = briefing::build(
        &loaded,
        &outcomes,
        &rendered,
        evidence.as_ref().map(|(e, _)| e),
        evidence.as_ref().and_then(|(_, r)| r.as_ref()),
        products.run.as_ref(),
    );
    // Two documents: the one-page summary and the full briefing (the
    // technical annex), linked both ways, each in Markdown and HTML.
    for (ext, text_of, summary_of) in [
        (
            "md",
            Doc::to_markdown as fn(&Doc) -> String,
            Doc::to_markdown as fn(&Doc) -> String,
        ),
        ("html", Doc::to_html, Doc::to_summary_html),
    ] {
        let full = doc.clone().linked_to_summary(&format!("summary.{ext}"));
        w.write(&format!("briefing.{ext}"), text_of(&full).as_bytes())?;
        let summary = doc.summary(&format!("briefing.{ext}"));
        w.write(&format!("summary.{ext}"), summary_of(&summary).as_bytes())?;
    }

    let mut manifest = manifest_json(&loaded, &outcomes, products.manifest(), &w, &run_dir);
    if let Some(m) = mode {
        manifest.insert(
            "refit".into(),
            json!({
                "mode": refit_mode_name(m),
                "previous_run_dir": previous.as_ref().map(|p| p.display().to_string()),
            }),
        );
    }
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| Error::other(e.to_string()))?;
    // The manifest is written last and lists itself without a digest.
    w.out.write("manifest.json", text.as_bytes())?;

    publish_latest(&out, &run_dir, &w)?;

    let mut files: Vec<String> = w.files.keys().cloned().collect();
    files.push("manifest.json".into());
    let models = outcomes
        .iter()
        .map(|o| {
            let v = match &o.error {
                None => json!({"status": "ok", "result": format!("results/{}.json", o.name)}),
                Some(e) => json!({"status": "failed", "error": e}),
            };
            (o.name.clone(), v)
        })
        .collect();
    Ok(RunReport {
        run_dir,
        files,
        models,
        previous_run_dir: previous.filter(|_| updates.is_some()),
        changes: changes_path,
        warnings,
    })
}

/// A warning for each model result of the previous run `prev` that
/// exists but is not JSON: a re-fit cannot restore or compare it, and
/// says so rather than silently fitting afresh.
fn damaged_results<'a>(prev: &Path, models: impl Iterator<Item = &'a String>) -> Vec<String> {
    models
        .filter_map(|name| {
            let p = prev.join(format!("results/{name}.json"));
            let bytes = std::fs::read(&p).ok()?;
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(_)) => None,
                Ok(_) => Some(format!(
                    "{} is damaged (not a JSON object): model {name} is fitted afresh and its changes are not reported",
                    p.display()
                )),
                Err(e) => Some(format!(
                    "{} is damaged ({e}): model {name} is fitted afresh and its changes are not reported",
                    p.display()
                )),
            }
        })
        .collect()
}

/// Recorded in a re-fit result whose inputs had not changed.
/// What a re-fit reads back from a model's previous result: its status,
/// kind and inputs fingerprint, and the fitted model (restored with serde).
#[derive(Debug, Clone, serde::Deserialize)]
struct SavedResult {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    inputs_sha256: Option<String>,
    #[serde(default)]
    fitted_model: Option<crate::kinds::FittedModel>,
    #[serde(default)]
    backtest: Option<crate::models::backtest::BacktestResult>,
    /// The record of an automatic search (`models_tried`,
    /// `seasonal_strength`, `kpss_statistics`), typed.
    #[serde(flatten)]
    search: crate::kinds::SearchRecord,
}

/// A previous fit that a re-fit can use.
#[derive(Debug, Clone)]
struct Saved {
    fitted: crate::kinds::FittedModel,
    backtest: Option<crate::models::backtest::BacktestResult>,
    /// The record of an automatic search, carried over with kept
    /// parameters.
    search: crate::kinds::SearchRecord,
}

/// How a re-fit uses a model's previous result.
struct PriorPlan {
    saved: Saved,
    path: String,
    mode: RefitMode,
    /// Inputs unchanged: the estimates are carried over even when
    /// re-estimating (a fit to the same data would find the same optimum).
    unchanged: bool,
}

/// The previous result of a model that can restore its fit (SARIMA,
/// automatic ARIMA) in the previous run, and how to use it: as asked
/// (`mode`), except that a model whose inputs fingerprint `fp` equals the
/// previous result's keeps its estimates.
fn prior_plan(
    previous: Option<&Path>,
    name: &str,
    m: &super::ModelSpec,
    fp: &str,
    mode: RefitMode,
) -> Option<PriorPlan> {
    let p = previous?.join(format!("results/{name}.json"));
    let saved: SavedResult = serde_json::from_str(&std::fs::read_to_string(&p).ok()?).ok()?;
    if saved.status.as_deref() != Some("ok") || saved.kind.as_deref() != Some(m.kind.as_str()) {
        return None;
    }
    let unchanged = saved.inputs_sha256.as_deref() == Some(fp);
    Some(PriorPlan {
        saved: Saved {
            fitted: saved.fitted_model?,
            backtest: saved.backtest,
            search: saved.search,
        },
        path: p.display().to_string(),
        mode: if unchanged {
            RefitMode::KeepParams
        } else {
            mode
        },
        unchanged,
    })
}

/// `reestimate` or `keep_params`, as recorded in changes and manifests.
pub(super) fn refit_mode_name(m: RefitMode) -> &'static str {
    match m {
        RefitMode::Reestimate => "reestimate",
        RefitMode::KeepParams => "keep_params",
    }
}

/// Copies the run's files into the output root so the latest briefing is
/// always at a fixed place; the run folder itself stays untouched.
fn publish_latest(out: &OutputDir, run_dir: &Path, w: &Written) -> Result<()> {
    for rel in w.files.keys().map(String::as_str).chain(["manifest.json"]) {
        let src = run_dir.join(rel);
        let bytes = std::fs::read(&src).map_err(|e| Error::io(&src, e))?;
        out.write(rel, &bytes)?;
    }
    Ok(())
}

/// The manifest: every file written, the sources read, and each result
/// (the models', then the evidence products' `products`) with what it
/// depends on.
fn manifest_json(
    loaded: &Loaded,
    outcomes: &[ModelOutcome],
    products: BTreeMap<String, Value>,
    w: &Written,
    run_dir: &Path,
) -> serde_json::Map<String, Value> {
    let rel = |p: &str| -> String {
        let full = Path::new(p);
        full.strip_prefix(&loaded.dir)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|_| p.to_string())
    };
    let sources: BTreeMap<String, Value> = loaded
        .datasets
        .iter()
        .map(|(name, ds)| {
            let mut files: Vec<Value> = Vec::new();
            let mut seen = std::collections::BTreeSet::new();
            for s in &ds.series {
                for p in &s.provenance {
                    if seen.insert(p.file.clone()) {
                        files.push(json!({
                            "path": rel(&p.file),
                            "sha256": p.sha256,
                            "release": p.release,
                            "format": p.format,
                        }));
                    }
                }
            }
            if files.is_empty() {
                files.push(
                    json!({"path": rel(&ds.path), "sha256": ds.sha256, "release": ds.release}),
                );
            }
            (
                name.clone(),
                json!({"format": format!("{:?}", ds.format), "files": files}),
            )
        })
        .collect();
    let results: BTreeMap<String, Value> = outcomes
        .iter()
        .map(|o| {
            let mut deps: Vec<Value> = Vec::new();
            let mut seen = std::collections::BTreeSet::new();
            for sname in &o.uses {
                if let Some(s) = loaded.series.get(sname) {
                    for p in &s.provenance {
                        if seen.insert(p.file.clone()) {
                            deps.push(json!({
                                "path": rel(&p.file),
                                "sha256": p.sha256,
                                "release": p.release,
                                "id": p.id,
                            }));
                        }
                    }
                }
            }
            (
                o.name.clone(),
                json!({
                    "file": format!("results/{}.json", o.name),
                    "status": if o.ok() { "ok" } else { "failed" },
                    "series": o.uses,
                    "sources": deps,
                }),
            )
        })
        .collect();
    // The models' results in name order, then the products'.
    let mut results: serde_json::Map<String, Value> = results.into_iter().collect();
    results.extend(products);
    let files: Vec<Value> = w
        .files
        .iter()
        .map(|(p, (sha, n))| json!({"path": p, "sha256": sha, "bytes": n}))
        .collect();
    let manifest = json!({
        "colcrime_version": env!("CARGO_PKG_VERSION"),
        "workspace": loaded.path.display().to_string(),
        "run_dir": run_dir.display().to_string(),
        "created_utc": chrono::Utc::now().to_rfc3339(),
        "complete": true,
        "files": files,
        "sources": sources,
        "results": results,
    });
    match manifest {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}
