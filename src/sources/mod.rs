//! Readers of the published formats. [`read`] recognises a file from its
//! content and returns a [`Dataset`]: every series in the file, with
//! provenance.
//!
//! (Stub: the readers land with issue 3's sources work.)

use std::path::Path;

use crate::error::{Error, Result};
use crate::series::{Frequency, Series};

/// Formats colcrime recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// ONS time-series CSV (metadata rows, then annual, quarterly, monthly rows).
    OnsTimeSeriesCsv,
}

/// Everything read from one file.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The recognised format.
    pub format: Format,
    /// The file as given.
    pub path: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// The release date stated in the file, `YYYY-MM-DD`.
    pub release: Option<String>,
    /// The series found.
    pub series: Vec<Series>,
    /// Notes for the user (flags, adjustments, quirks found).
    pub notes: Vec<String>,
}

impl Dataset {
    /// The series with key `name` at frequency `freq` (the only one of that
    /// name if `freq` is `None`).
    ///
    /// # Errors
    /// No such series (the message lists those that exist).
    pub fn select(&self, name: &str, freq: Option<Frequency>) -> Result<&Series> {
        self.series
            .iter()
            .find(|s| s.name == name && freq.is_none_or(|f| s.freq() == f))
            .ok_or_else(|| {
                Error::not_found(
                    format!("series in {}", self.path),
                    name,
                    self.series
                        .iter()
                        .map(|s| format!("{} ({})", s.name, s.freq()))
                        .collect(),
                )
            })
    }
}

/// Reads `path`, recognising its format from the content.
///
/// # Errors
/// Unreadable or unrecognised file, or a value that cannot be read.
pub fn read(path: &Path) -> Result<Dataset> {
    Err(Error::other(format!(
        "{}: readers not yet implemented",
        path.display()
    )))
}

/// Reads several files of one kind and splices them into one dataset.
///
/// # Errors
/// As [`read`].
pub fn read_many(paths: &[&Path]) -> Result<Dataset> {
    match paths.first() {
        Some(p) => read(p),
        None => Err(Error::usage("no files to read")),
    }
}
