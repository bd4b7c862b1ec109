//! The crate's one error type, shaped like `csv::Error`: a boxed kind that
//! carries the position of the offending value wherever one exists.
//!
//! Every fallible function in colcrime returns [`Result<T>`]. The command line
//! turns an [`Error`] into an exit code ([`Error::exit_code`]) and, with
//! `--format json`, into the contract's error object ([`Error::to_json`]).
//!
//! ```
//! use colcrime::error::{Error, Location};
//! let e = Error::parse(
//!     Location::new("mm23.csv").line(14).column("CDID"),
//!     "a 4-character series id",
//!     "",
//! );
//! assert_eq!(
//!     e.to_string(),
//!     "mm23.csv:14: column \"CDID\": expected a 4-character series id, found \"\""
//! );
//! assert_eq!(e.exit_code(), 2);
//! ```

use std::fmt;
use std::path::Path;

/// Shorthand for `std::result::Result<T, colcrime::error::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

/// Where in an input a problem was found. Lines and columns are 1-based and
/// the header is line 1, as the command-line contract requires.
///
/// ```
/// use colcrime::error::Location;
/// let loc = Location::new("a.csv").line(3).column_index(2);
/// assert_eq!(loc.to_string(), "a.csv:3:2");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The file (as given by the user, or relative to the workspace).
    pub path: String,
    /// 1-based line number; the header is line 1.
    pub line: Option<u64>,
    /// 1-based column number.
    pub column: Option<u64>,
    /// The column's name, when the format has one.
    pub column_name: Option<String>,
}

impl Location {
    /// A location naming only a file.
    ///
    /// ```
    /// # use colcrime::error::Location;
    /// assert_eq!(Location::new("x.csv").path, "x.csv");
    /// ```
    pub fn new(path: impl AsRef<Path>) -> Self {
        Location {
            path: path.as_ref().display().to_string(),
            ..Default::default()
        }
    }

    /// Sets the 1-based line number.
    ///
    /// ```
    /// # use colcrime::error::Location;
    /// assert_eq!(Location::new("x.csv").line(4).line, Some(4));
    /// ```
    pub fn line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the column by name (the 1-based number can be set as well).
    ///
    /// ```
    /// # use colcrime::error::Location;
    /// let l = Location::new("x.csv").column("Month");
    /// assert_eq!(l.column_name.as_deref(), Some("Month"));
    /// ```
    pub fn column(mut self, name: impl Into<String>) -> Self {
        self.column_name = Some(name.into());
        self
    }

    /// Sets the 1-based column number.
    ///
    /// ```
    /// # use colcrime::error::Location;
    /// assert_eq!(Location::new("x.csv").column_index(2).column, Some(2));
    /// ```
    pub fn column_index(mut self, col: u64) -> Self {
        self.column = Some(col);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if let Some(name) = &self.column_name {
            write!(f, ": column \"{name}\"")?;
        }
        Ok(())
    }
}

/// What went wrong. Matching on it is how callers tell errors apart.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be opened, read or written.
    Io {
        /// The file.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A value could not be read.
    Parse {
        /// Where.
        loc: Location,
        /// What the format allows there.
        expected: String,
        /// What was found (truncated if long).
        found: String,
    },
    /// A file's content is not a format colcrime recognises, or it breaks
    /// the format's structure (a missing header, an empty file).
    Format {
        /// Where.
        loc: Location,
        /// What is wrong.
        message: String,
    },
    /// A command-line option or workspace setting is impossible.
    Usage(String),
    /// A column, series, source or model that was named does not exist.
    NotFound {
        /// What kind of thing (column, series, source, ...).
        what: String,
        /// Its name.
        name: String,
        /// Names that do exist (for the message).
        available: Vec<String>,
    },
    /// The data are too short for what was asked.
    NotEnoughData {
        /// The model or transform.
        model: String,
        /// Observations needed.
        needed: usize,
        /// Observations available.
        got: usize,
    },
    /// The design matrix or system is singular / rank deficient.
    Singular {
        /// Details (which columns are collinear, ...).
        message: String,
    },
    /// A value is outside the domain of an operation (log of a negative, ...).
    Domain {
        /// Details.
        message: String,
    },
    /// An optimiser or iterative method failed to converge.
    Convergence {
        /// Details, including the best point reached.
        message: String,
    },
    /// Another process holds the workspace lock.
    Locked {
        /// The lock file.
        path: String,
    },
    /// Anything else.
    Other(String),
}

/// colcrime's error: a boxed [`ErrorKind`] (one pointer wide, so `Result`s
/// stay small).
///
/// ```
/// use colcrime::error::{Error, ErrorKind};
/// let e = Error::not_enough_data("adf", 20, 7);
/// assert!(matches!(e.kind(), ErrorKind::NotEnoughData { needed: 20, .. }));
/// assert!(e.to_string().contains("needs at least 20"));
/// ```
pub struct Error(Box<ErrorKind>);

impl Error {
    /// Wraps a kind.
    ///
    /// ```
    /// # use colcrime::error::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::Other("x".into()));
    /// assert_eq!(e.to_string(), "x");
    /// ```
    pub fn new(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }

    /// The kind of error.
    ///
    /// ```
    /// # use colcrime::error::{Error, ErrorKind};
    /// assert!(matches!(Error::usage("bad").kind(), ErrorKind::Usage(_)));
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// The position of the problem, if it has one.
    ///
    /// ```
    /// # use colcrime::error::{Error, Location};
    /// let e = Error::parse(Location::new("a.csv").line(2), "a number", "abc");
    /// assert_eq!(e.location().and_then(|l| l.line), Some(2));
    /// ```
    pub fn location(&self) -> Option<&Location> {
        match &*self.0 {
            ErrorKind::Parse { loc, .. } | ErrorKind::Format { loc, .. } => Some(loc),
            _ => None,
        }
    }

    /// A value could not be read.
    ///
    /// ```
    /// # use colcrime::error::{Error, Location};
    /// let e = Error::parse(Location::new("a.csv").line(2).column_index(3), "a number", "abc");
    /// assert_eq!(e.to_string(), "a.csv:2:3: expected a number, found \"abc\"");
    /// ```
    pub fn parse(loc: Location, expected: impl Into<String>, found: impl Into<String>) -> Self {
        let mut found: String = found.into();
        if found.chars().count() > 60 {
            found = found.chars().take(57).collect::<String>() + "...";
        }
        Error::new(ErrorKind::Parse {
            loc,
            expected: expected.into(),
            found,
        })
    }

    /// A file breaks its format's structure.
    ///
    /// ```
    /// # use colcrime::error::{Error, Location};
    /// let e = Error::format(Location::new("a.csv"), "the file is empty");
    /// assert_eq!(e.to_string(), "a.csv: the file is empty");
    /// ```
    pub fn format(loc: Location, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Format {
            loc,
            message: message.into(),
        })
    }

    /// An impossible option.
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// assert_eq!(Error::usage("--lags must be positive").exit_code(), 2);
    /// ```
    pub fn usage(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Usage(message.into()))
    }

    /// A named thing does not exist.
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// let e = Error::not_found("column", "robbery", vec!["theft".into()]);
    /// assert_eq!(e.to_string(), "no column named \"robbery\" (available: theft)");
    /// ```
    pub fn not_found(
        what: impl Into<String>,
        name: impl Into<String>,
        available: Vec<String>,
    ) -> Self {
        Error::new(ErrorKind::NotFound {
            what: what.into(),
            name: name.into(),
            available,
        })
    }

    /// The data are too short.
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// assert_eq!(Error::not_enough_data("ols", 5, 3).exit_code(), 2);
    /// ```
    pub fn not_enough_data(model: impl Into<String>, needed: usize, got: usize) -> Self {
        Error::new(ErrorKind::NotEnoughData {
            model: model.into(),
            needed,
            got,
        })
    }

    /// A singular design.
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// assert_eq!(Error::singular("x2 = 2 * x1").exit_code(), 2);
    /// ```
    pub fn singular(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Singular {
            message: message.into(),
        })
    }

    /// A value outside an operation's domain.
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// assert_eq!(Error::domain("log of -1").exit_code(), 2);
    /// ```
    pub fn domain(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Domain {
            message: message.into(),
        })
    }

    /// An iterative method did not converge.
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// assert_eq!(Error::convergence("BFGS stopped after 500 iterations").exit_code(), 1);
    /// ```
    pub fn convergence(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Convergence {
            message: message.into(),
        })
    }

    /// Anything else.
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// assert_eq!(Error::other("unexpected").exit_code(), 1);
    /// ```
    pub fn other(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Other(message.into()))
    }

    /// An I/O failure on `path`.
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// let e = Error::io("missing.csv", std::io::Error::from(std::io::ErrorKind::NotFound));
    /// assert!(e.to_string().starts_with("missing.csv: "));
    /// assert_eq!(e.exit_code(), 2);
    /// ```
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::new(ErrorKind::Io {
            path: path.as_ref().display().to_string(),
            source,
        })
    }

    /// The contract's exit code: 2 for bad input or usage, 1 otherwise (a
    /// full disk, a read-only folder, no convergence, a held lock).
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// assert_eq!(Error::singular("x").exit_code(), 2);
    /// let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
    /// assert_eq!(Error::io("out/results/m.json", full).exit_code(), 1);
    /// ```
    pub fn exit_code(&self) -> i32 {
        match &*self.0 {
            // A full disk or a read-only folder is not bad input.
            ErrorKind::Io { source, .. }
                if matches!(
                    source.kind(),
                    std::io::ErrorKind::StorageFull
                        | std::io::ErrorKind::QuotaExceeded
                        | std::io::ErrorKind::ReadOnlyFilesystem
                        | std::io::ErrorKind::WriteZero
                ) =>
            {
                1
            }
            ErrorKind::Io { .. }
            | ErrorKind::Parse { .. }
            | ErrorKind::Format { .. }
            | ErrorKind::Usage(_)
            | ErrorKind::NotFound { .. }
            | ErrorKind::NotEnoughData { .. }
            | ErrorKind::Singular { .. }
            | ErrorKind::Domain { .. } => 2,
            ErrorKind::Convergence { .. } | ErrorKind::Locked { .. } | ErrorKind::Other(_) => 1,
        }
    }

    /// A short machine-readable name of the kind (`parse`, `usage`, ...).
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// assert_eq!(Error::usage("x").kind_name(), "usage");
    /// ```
    pub fn kind_name(&self) -> &'static str {
        match &*self.0 {
            ErrorKind::Io { .. } => "io",
            ErrorKind::Parse { .. } => "parse",
            ErrorKind::Format { .. } => "format",
            ErrorKind::Usage(_) => "usage",
            ErrorKind::NotFound { .. } => "not_found",
            ErrorKind::NotEnoughData { .. } => "not_enough_data",
            ErrorKind::Singular { .. } => "singular",
            ErrorKind::Domain { .. } => "domain",
            ErrorKind::Convergence { .. } => "convergence",
            ErrorKind::Locked { .. } => "locked",
            ErrorKind::Other(_) => "other",
        }
    }

    /// The contract's JSON error object:
    /// `{"error": {"kind", "message", "file", "line", "column"}}`.
    ///
    /// ```
    /// # use colcrime::error::{Error, Location};
    /// let e = Error::parse(Location::new("a.csv").line(2).column_index(3), "a number", "x");
    /// let j = e.to_json();
    /// assert_eq!(j["error"]["line"], 2);
    /// assert_eq!(j["error"]["kind"], "parse");
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        let loc = self.location();
        let file = match (&*self.0, loc) {
            (_, Some(l)) => Some(l.path.clone()),
            (ErrorKind::Io { path, .. }, None) => Some(path.clone()),
            _ => None,
        };
        let column = loc.and_then(|l| {
            l.column
                .map(serde_json::Value::from)
                .or_else(|| l.column_name.clone().map(serde_json::Value::from))
        });
        serde_json::json!({
            "error": {
                "kind": self.kind_name(),
                "message": self.to_string(),
                "file": file,
                "line": loc.and_then(|l| l.line),
                "column": column,
            }
        })
    }

    /// Prefixes the message of a location-free error with context, keeping
    /// its kind (used to say which model or source failed).
    ///
    /// ```
    /// # use colcrime::error::Error;
    /// let e = Error::usage("bad lag").context("model robbery_ols");
    /// assert_eq!(e.to_string(), "model robbery_ols: bad lag");
    /// ```
    pub fn context(self, ctx: impl fmt::Display) -> Self {
        let kind = match *self.0 {
            ErrorKind::Usage(m) => ErrorKind::Usage(format!("{ctx}: {m}")),
            ErrorKind::Other(m) => ErrorKind::Other(format!("{ctx}: {m}")),
            ErrorKind::Singular { message } => ErrorKind::Singular {
                message: format!("{ctx}: {message}"),
            },
            ErrorKind::Domain { message } => ErrorKind::Domain {
                message: format!("{ctx}: {message}"),
            },
            ErrorKind::Convergence { message } => ErrorKind::Convergence {
                message: format!("{ctx}: {message}"),
            },
            ErrorKind::NotEnoughData { model, needed, got } => ErrorKind::NotEnoughData {
                model: format!("{ctx}: {model}"),
                needed,
                got,
            },
            other => other,
        };
        Error::new(kind)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?})", self.0)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Io { path, source } => write!(f, "{path}: {source}"),
            ErrorKind::Parse {
                loc,
                expected,
                found,
            } => write!(f, "{loc}: expected {expected}, found \"{found}\""),
            ErrorKind::Format { loc, message } => write!(f, "{loc}: {message}"),
            ErrorKind::Usage(m) => write!(f, "{m}"),
            ErrorKind::NotFound {
                what,
                name,
                available,
            } => {
                write!(f, "no {what} named \"{name}\"")?;
                if !available.is_empty() {
                    let shown: Vec<&str> = available.iter().take(20).map(String::as_str).collect();
                    write!(f, " (available: {}", shown.join(", "))?;
                    if available.len() > 20 {
                        write!(f, ", ... {} more", available.len() - 20)?;
                    }
                    write!(f, ")")?;
                }
                Ok(())
            }
            ErrorKind::NotEnoughData { model, needed, got } => write!(
                f,
                "{model} needs at least {needed} observations, but only {got} are available"
            ),
            ErrorKind::Singular { message } => {
                write!(f, "singular or rank-deficient design: {message}")
            }
            ErrorKind::Domain { message } => write!(f, "{message}"),
            ErrorKind::Convergence { message } => write!(f, "did not converge: {message}"),
            ErrorKind::Locked { path } => write!(
                f,
                "the workspace is locked by another colcrime process ({path}); wait for it to finish (the lock is released when that process ends)"
            ),
            ErrorKind::Other(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
