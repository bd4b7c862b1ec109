//! The one gate for every file a run writes: a path relative to the output
//! folder is accepted only if it stays inside it.
//!
//! [`OutputDir::path`] refuses a relative path with a `..`, a root (`/`), a
//! drive prefix or an empty component, and any path that passes through a
//! symbolic link *inside* the output folder (the output folder itself may be
//! a link, as the user chose it). A name can therefore never write outside
//! the output folder, even if a check on names upstream were missed.
//!
//! ```
//! use colcrime::workspace::OutputDir;
//! let dir = tempfile::tempdir().unwrap();
//! let out = OutputDir::new(dir.path());
//! out.write("results/m.json", b"{}").unwrap();
//! assert!(dir.path().join("results/m.json").is_file());
//! assert!(out.write("../escaped.json", b"{}").is_err());
//! assert!(out.write("/tmp/escaped.json", b"{}").is_err());
//! ```

use std::path::{Component, Path, PathBuf};

use super::atomic::write_atomic;
use crate::error::{Error, Result};

/// An output folder: the root under which a run may write.
#[derive(Debug, Clone)]
pub struct OutputDir {
    root: PathBuf,
}

impl OutputDir {
    /// The output folder at `root` (not created until something is written).
    ///
    /// ```
    /// # use colcrime::workspace::OutputDir;
    /// assert_eq!(OutputDir::new("out").root(), std::path::Path::new("out"));
    /// ```
    pub fn new(root: impl Into<PathBuf>) -> OutputDir {
        OutputDir { root: root.into() }
    }

    /// The folder's own path.
    ///
    /// ```
    /// # use colcrime::workspace::OutputDir;
    /// assert!(OutputDir::new("/tmp/o").root().is_absolute());
    /// ```
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `root/rel`, after checking that `rel` stays inside the folder: only
    /// plain components (no `..`, `.`, root or prefix), and no existing
    /// component below the root that is a symbolic link.
    ///
    /// # Errors
    /// A usage error (exit 2) naming the path and the reason.
    ///
    /// ```
    /// # use colcrime::workspace::OutputDir;
    /// let out = OutputDir::new("out");
    /// assert_eq!(out.path("charts/a.png").unwrap(), std::path::Path::new("out/charts/a.png"));
    /// assert!(out.path("charts/../../x").is_err());
    /// assert!(out.path("").is_err());
    /// ```
    pub fn path(&self, rel: impl AsRef<Path>) -> Result<PathBuf> {
        let rel = rel.as_ref();
        let refuse = |why: &str| {
            Error::usage(format!(
                "refusing to write \"{}\" under the output folder {}: {why}",
                rel.display(),
                self.root.display()
            ))
        };
        let mut n = 0;
        let mut full = self.root.clone();
        for c in rel.components() {
            match c {
                Component::Normal(part) => {
                    full.push(part);
                    n += 1;
                    // A link inside the output folder could point anywhere.
                    if let Ok(m) = std::fs::symlink_metadata(&full)
                        && m.file_type().is_symlink()
                    {
                        return Err(refuse(&format!(
                            "{} is a symbolic link, which is not followed",
                            full.display()
                        )));
                    }
                }
                Component::ParentDir => return Err(refuse("it leaves the folder (\"..\")")),
                Component::RootDir | Component::Prefix(_) => {
                    return Err(refuse("it is an absolute path"));
                }
                Component::CurDir => return Err(refuse("it contains \".\"")),
            }
        }
        if n == 0 {
            return Err(refuse("it is empty"));
        }
        Ok(full)
    }

    /// Writes `bytes` atomically to `root/rel` ([`OutputDir::path`] first).
    ///
    /// # Errors
    /// A path that leaves the folder, or any I/O failure naming the file.
    ///
    /// ```
    /// # use colcrime::workspace::OutputDir;
    /// let dir = tempfile::tempdir().unwrap();
    /// OutputDir::new(dir.path()).write("a/b.txt", b"hi").unwrap();
    /// assert_eq!(std::fs::read(dir.path().join("a/b.txt")).unwrap(), b"hi");
    /// ```
    pub fn write(&self, rel: impl AsRef<Path>, bytes: &[u8]) -> Result<PathBuf> {
        let p = self.path(rel)?;
        write_atomic(&p, bytes)?;
        Ok(p)
    }

    /// Creates the folder `root/rel` (and its parents) after
    /// [`OutputDir::path`]'s checks; re-checks afterwards, so a link made
    /// in between is still refused.
    ///
    /// # Errors
    /// As [`OutputDir::path`], or the folder cannot be created.
    ///
    /// ```
    /// # use colcrime::workspace::OutputDir;
    /// let dir = tempfile::tempdir().unwrap();
    /// let p = OutputDir::new(dir.path()).create_dir("runs/1").unwrap();
    /// assert!(p.is_dir());
    /// ```
    pub fn create_dir(&self, rel: impl AsRef<Path>) -> Result<PathBuf> {
        let rel = rel.as_ref();
        let p = self.path(rel)?;
        std::fs::create_dir_all(&p).map_err(|e| Error::io(&p, e))?;
        self.path(rel)
    }

    /// The folder `sub` of this one as an output folder of its own (a run
    /// folder inside `runs/`), checked as [`OutputDir::path`].
    ///
    /// # Errors
    /// As [`OutputDir::path`].
    ///
    /// ```
    /// # use colcrime::workspace::OutputDir;
    /// let run = OutputDir::new("out").sub("runs/1").unwrap();
    /// assert_eq!(run.root(), std::path::Path::new("out/runs/1"));
    /// ```
    pub fn sub(&self, sub: impl AsRef<Path>) -> Result<OutputDir> {
        Ok(OutputDir::new(self.path(sub)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        let out = OutputDir::new("/o");
        for bad in [
            "..",
            "../x",
            "a/../../x",
            "/etc/passwd",
            "./x",
            "",
            "results/../../../../tmp/pwned.json",
        ] {
            assert!(out.path(bad).is_err(), "{bad}");
        }
        assert!(out.path("results/m.json").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_folder_inside_the_output_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(victim.path(), dir.path().join("charts")).unwrap();
        let out = OutputDir::new(dir.path());
        let e = out.write("charts/x.png", b"png").unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(e.exit_code(), 2);
        assert_eq!(std::fs::read_dir(victim.path()).unwrap().count(), 0);
        // A link to a file is not written through either.
        std::os::unix::fs::symlink(victim.path().join("f"), dir.path().join("f.json")).unwrap();
        assert!(out.write("f.json", b"{}").is_err());
        assert!(!victim.path().join("f").exists());
        // The output folder itself may be a link the user made.
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(victim.path(), &link).unwrap();
        OutputDir::new(&link).write("ok.txt", b"ok").unwrap();
        assert!(victim.path().join("ok.txt").is_file());
    }
}
