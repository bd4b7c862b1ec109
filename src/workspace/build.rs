//! Reading a workspace's sources and building its series.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::spec::WorkspaceSpec;
use super::steps::Step;
use crate::error::{Error, Result};
use crate::series::{Frame, Frequency, Measure, Series};
use crate::sources::{self, Dataset};

/// A workspace with its sources read and its series built.
#[derive(Debug)]
pub struct Loaded {
    /// The workspace file.
    pub path: PathBuf,
    /// The folder the workspace's relative paths start from.
    pub dir: PathBuf,
    /// The parsed specification.
    pub spec: WorkspaceSpec,
    /// Every source, read.
    pub datasets: BTreeMap<String, Dataset>,
    /// Every series, built.
    pub series: BTreeMap<String, Series>,
}

impl Loaded {
    /// Reads a workspace file, every source it names and builds every series.
    ///
    /// # Errors
    /// Any source or series error, prefixed with the name that failed.
    ///
    /// ```no_run
    /// # use colcrime::workspace::Loaded;
    /// let w = Loaded::load("notebooks-data/workspace.toml".as_ref(), &mut |_| {})?;
    /// assert!(w.series.contains_key("london_robbery"));
    /// # Ok::<(), colcrime::error::Error>(())
    /// ```
    pub fn load(path: &Path, progress: &mut dyn FnMut(&str)) -> Result<Loaded> {
        Loaded::load_with(path, None, progress)
    }

    /// [`Loaded::load`] reading each source from `files[source]` instead of
    /// the workspace's own paths where given (newer recorded releases).
    ///
    /// # Errors
    /// As [`Loaded::load`].
    pub fn load_with(
        path: &Path,
        files: Option<&BTreeMap<String, Vec<PathBuf>>>,
        progress: &mut dyn FnMut(&str),
    ) -> Result<Loaded> {
        let spec = WorkspaceSpec::read(path)?;
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let mut datasets = BTreeMap::new();
        for (name, src) in &spec.sources {
            progress(&format!("reading source {name}"));
            let files: Vec<PathBuf> = match files.and_then(|f| f.get(name)) {
                Some(f) => f.clone(),
                None => src.paths().iter().map(|p| dir.join(p)).collect(),
            };
            let ds = read_source(&files).map_err(|e| e.context(format!("source {name}")))?;
            datasets.insert(name.clone(), ds);
        }
        let series = build_series(&spec, &datasets)?;
        Ok(Loaded {
            path: path.to_path_buf(),
            dir,
            spec,
            datasets,
            series,
        })
    }

    /// Every series of frequency `freq`, aligned on one index, as a frame
    /// (series of other frequencies are left out; models name what they use).
    ///
    /// # Errors
    /// No series at that frequency.
    pub fn frame(&self, freq: Frequency) -> Result<Frame> {
        let list: Vec<&Series> = self.series.values().filter(|s| s.freq() == freq).collect();
        if list.is_empty() {
            return Err(Error::usage(format!(
                "the workspace has no {freq} series to fit a {freq} model to"
            )));
        }
        Frame::from_series(&list)
    }
}

/// Reads one source (several files are spliced).
fn read_source(files: &[PathBuf]) -> Result<Dataset> {
    match files {
        [one] => sources::read(one),
        many => {
            let refs: Vec<&Path> = many.iter().map(PathBuf::as_path).collect();
            sources::read_many(&refs)
        }
    }
}

/// Builds every declared series, resolving `from` and step references in
/// dependency order.
fn build_series(
    spec: &WorkspaceSpec,
    datasets: &BTreeMap<String, Dataset>,
) -> Result<BTreeMap<String, Series>> {
    let mut done: BTreeMap<String, Series> = BTreeMap::new();
    let names: Vec<&String> = spec.series.keys().collect();
    for name in names {
        let mut stack = Vec::new();
        build_one(name, spec, datasets, &mut done, &mut stack)?;
    }
    Ok(done)
}

fn build_one(
    name: &str,
    spec: &WorkspaceSpec,
    datasets: &BTreeMap<String, Dataset>,
    done: &mut BTreeMap<String, Series>,
    stack: &mut Vec<String>,
) -> Result<()> {
    if done.contains_key(name) {
        return Ok(());
    }
    if stack.iter().any(|s| s == name) {
        stack.push(name.to_string());
        return Err(Error::usage(format!(
            "series depend on each other in a cycle: {}",
            stack.join(" -> ")
        )));
    }
    let s = spec
        .series
        .get(name)
        .ok_or_else(|| Error::not_found("series", name, spec.series.keys().cloned().collect()))?;
    stack.push(name.to_string());
    let steps: Vec<Step> = s
        .steps
        .iter()
        .map(|t| Step::parse(t))
        .collect::<Result<_>>()
        .map_err(|e| e.context(format!("[series.{name}]")))?;
    for st in &steps {
        for r in st.references() {
            build_one(r, spec, datasets, done, stack)?;
        }
    }
    let mut base = match (&s.source, &s.from) {
        (Some(src), _) => {
            let ds = datasets.get(src).ok_or_else(|| {
                Error::not_found("source", src, datasets.keys().cloned().collect())
            })?;
            let freq: Option<Frequency> = s.frequency.as_deref().map(str::parse).transpose()?;
            let key = s.select.as_deref().unwrap_or(name);
            ds.select(key, freq)
                .map_err(|e| e.context(format!("[series.{name}]")))?
                .clone()
        }
        (None, Some(from)) => {
            build_one(from, spec, datasets, done, stack)?;
            done.get(from)
                .cloned()
                .ok_or_else(|| Error::not_found("series", from, Vec::new()))?
        }
        (None, None) => {
            return Err(Error::usage(format!(
                "[series.{name}] needs source or from"
            )));
        }
    };
    if let Some(m) = &s.measure {
        base.measure = match m.as_str() {
            "count" => Measure::Count,
            "rate" => Measure::Rate,
            "index" => Measure::Index,
            "level" => Measure::Level,
            o => {
                return Err(Error::usage(format!(
                    "[series.{name}] measure = \"{o}\": expected count, rate, index or level"
                )));
            }
        };
    }
    let mut out = base;
    for st in &steps {
        let lookup = |n: &str| done.get(n).cloned();
        out = st
            .apply(&out, &lookup)
            .map_err(|e| e.context(format!("[series.{name}] step {}", st.name)))?;
    }
    out.name = name.to_string();
    if let Some(t) = &s.title {
        out.title = t.clone();
    }
    if let Some(u) = &s.unit {
        out.unit = u.clone();
    }
    stack.pop();
    done.insert(name.to_string(), out);
    Ok(())
}
