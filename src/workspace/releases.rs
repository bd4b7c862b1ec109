//! The release registry: every newly published file given to
//! `colcrime refit --update SOURCE=FILE` is copied into the output folder
//! (`releases/SOURCE/`), never over an earlier one, and recorded in
//! `releases.json`. Runs read a source's newest release: a single-file
//! source is replaced by it; a multi-file source (`paths`) gets it appended,
//! so a newer file wins where months overlap.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::outdir::OutputDir;
use super::run::sha256_hex;
use super::spec::WorkspaceSpec;
use crate::error::{Error, Result};

/// One recorded release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// The stored copy, relative to the output folder.
    pub file: String,
    /// Where it was recorded from.
    pub original: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// The publisher's release date read from the file, if it states one.
    pub release: Option<String>,
    /// When it was recorded (UTC, RFC 3339).
    pub recorded_utc: String,
}

/// Every recorded release, by source name, oldest first.
///
/// ```
/// use colcrime::workspace::Registry;
/// let dir = tempfile::tempdir().unwrap();
/// let r = Registry::read(dir.path()).unwrap();
/// assert!(r.sources.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    /// Source name -> releases, oldest first.
    pub sources: BTreeMap<String, Vec<Release>>,
}

impl Registry {
    /// Reads `root/releases.json` (empty if absent).
    ///
    /// # Errors
    /// The file exists but cannot be read or parsed.
    pub fn read(root: &Path) -> Result<Registry> {
        let p = root.join("releases.json");
        if !p.exists() {
            return Ok(Registry::default());
        }
        let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
        serde_json::from_str(&text).map_err(|e| {
            Error::format(
                crate::error::Location::new(&p)
                    .line(e.line() as u64)
                    .column_index(e.column() as u64),
                format!("the release registry is damaged: {e}"),
            )
        })
    }

    /// Writes `releases.json` atomically into the output folder.
    ///
    /// # Errors
    /// The file cannot be written.
    ///
    /// ```
    /// use colcrime::workspace::{OutputDir, Registry};
    /// let dir = tempfile::tempdir().unwrap();
    /// Registry::default().write(&OutputDir::new(dir.path())).unwrap();
    /// assert!(dir.path().join("releases.json").is_file());
    /// ```
    pub fn write(&self, out: &OutputDir) -> Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::other(e.to_string()))?;
        out.write("releases.json", text.as_bytes()).map(|_| ())
    }

    /// Copies `file` into `releases/SOURCE/` of the output folder and
    /// records it. A file already recorded (same digest) is not recorded
    /// twice; a copy left unrecorded by an interrupted re-fit (same name,
    /// same digest) is reused rather than stored again under a new name.
    ///
    /// # Errors
    /// `source` is not an identifier, or the file cannot be read or copied.
    ///
    /// ```
    /// use colcrime::workspace::{OutputDir, Registry};
    /// let dir = tempfile::tempdir().unwrap();
    /// let f = dir.path().join("new.csv");
    /// std::fs::write(&f, "a,b\n").unwrap();
    /// let out = OutputDir::new(dir.path().join("out"));
    /// let mut r = Registry::default();
    /// assert_eq!(r.record(&out, "cpi", &f, None).unwrap().file, "releases/cpi/new.csv");
    /// assert!(r.record(&out, "../x", &f, None).is_err());
    /// ```
    pub fn record(
        &mut self,
        out: &OutputDir,
        source: &str,
        file: &Path,
        release: Option<String>,
    ) -> Result<Release> {
        let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        let sha = sha256_hex(&bytes);
        if let Some(r) = self
            .sources
            .get(source)
            .and_then(|v| v.iter().find(|r| r.sha256 == sha))
        {
            return Ok(r.clone());
        }
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "release".into());
        super::names::check_identifier("source", source)?;
        let dir = format!("releases/{source}");
        let mut rel = format!("{dir}/{name}");
        let same = |p: &Path| std::fs::read(p).is_ok_and(|b| sha256_hex(&b) == sha);
        let target = out.path(&rel)?;
        if target.exists() && !same(&target) {
            let stem = Path::new(&name)
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let ext = Path::new(&name)
                .extension()
                .map(|s| format!(".{}", s.to_string_lossy()))
                .unwrap_or_default();
            rel = format!("{dir}/{stem}-{}{ext}", sha.get(..8).unwrap_or(&sha));
        }
        out.write(&rel, &bytes)?;
        let r = Release {
            file: rel,
            original: file.display().to_string(),
            sha256: sha,
            release,
            recorded_utc: chrono::Utc::now().to_rfc3339(),
        };
        self.sources
            .entry(source.to_string())
            .or_default()
            .push(r.clone());
        Ok(r)
    }

    /// The files each source should be read from, after releases.
    pub fn effective_paths(
        &self,
        spec: &WorkspaceSpec,
        dir: &Path,
        root: &Path,
    ) -> BTreeMap<String, Vec<PathBuf>> {
        spec.sources
            .iter()
            .map(|(name, s)| {
                let mut files: Vec<PathBuf> = s.paths().iter().map(|p| dir.join(p)).collect();
                if let Some(rels) = self.sources.get(name) {
                    if s.paths.is_empty() {
                        if let Some(last) = rels.last() {
                            files = vec![root.join(&last.file)];
                        }
                    } else {
                        files.extend(rels.iter().map(|r| root.join(&r.file)));
                    }
                }
                (name.clone(), files)
            })
            .collect()
    }
}
