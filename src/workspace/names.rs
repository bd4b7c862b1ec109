//! Names in a workspace: the keys of `[sources.NAME]`, `[series.NAME]`,
//! `[models.NAME]`, `[charts.NAME]` and `[scenarios.NAME]`, and the
//! `SOURCE` of `colcrime refit --update SOURCE=FILE`.
//!
//! Model, chart and source names become file names in the output folder
//! (`results/NAME.json`, `charts/NAME.png`, `releases/NAME/`), so a name is
//! an *identifier*: 1 to [`MAX_NAME_LEN`] ASCII letters, digits, `_` and
//! `-`. Anything else (`..`, `/`, `\`, a space, a dot, an empty name) is
//! refused before any file is read or written; the command exits with 2.
//!
//! ```
//! use colcrime::workspace::is_identifier;
//! assert!(is_identifier("robbery_ols-2"));
//! assert!(!is_identifier("../../elsewhere/pwned"));
//! assert!(!is_identifier("a/b"));
//! assert!(!is_identifier(""));
//! ```

use crate::error::{Error, Location, Result};

/// The longest name accepted, in bytes (a name becomes part of a file name,
/// and file systems allow 255 bytes for one).
pub const MAX_NAME_LEN: usize = 128;

/// Whether `name` is an identifier: 1 to [`MAX_NAME_LEN`] ASCII letters,
/// digits, `_` and `-`.
///
/// ```
/// # use colcrime::workspace::is_identifier;
/// assert!(is_identifier("cpi"));
/// assert!(!is_identifier("cpi.csv"));
/// assert!(!is_identifier("/etc/x"));
/// ```
pub fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Checks a name given on the command line (`what` says which, e.g.
/// `--update SOURCE`).
///
/// # Errors
/// A usage error (exit 2) quoting the name and the allowed syntax.
///
/// ```
/// # use colcrime::workspace::check_identifier;
/// assert!(check_identifier("--update SOURCE", "cpi").is_ok());
/// let e = check_identifier("--update SOURCE", "../../x").unwrap_err();
/// assert_eq!(e.exit_code(), 2);
/// assert!(e.to_string().contains("\"../../x\""), "{e}");
/// ```
pub fn check_identifier(what: &str, name: &str) -> Result<()> {
    if is_identifier(name) {
        return Ok(());
    }
    Err(Error::usage(format!("{what} {}", refusal(name))))
}

/// Why `name` is refused, in words.
fn refusal(name: &str) -> String {
    let shown: String = if name.chars().count() > 60 {
        name.chars().take(57).collect::<String>() + "..."
    } else {
        name.to_string()
    };
    let why = if name.is_empty() {
        "is empty".to_string()
    } else if name.len() > MAX_NAME_LEN {
        format!("is {} bytes long (at most {MAX_NAME_LEN})", name.len())
    } else {
        "contains characters other than letters, digits, '_' and '-'".to_string()
    };
    format!(
        "\"{shown}\" is not a valid name: it {why}; names become file names in the output folder, so they must be identifiers such as robbery_ols or cpi-2024"
    )
}

/// Checks every name of the tables `table` (`sources`, `models`, ...) of a
/// workspace file; `file` and `text` locate the table's header in messages.
///
/// # Errors
/// A format error naming the table (`[models."../x"]`), the file and,
/// when the header can be found, its line.
///
/// ```
/// use colcrime::workspace::check_table_names;
/// let text = "[models.ok]\nkind = \"ols\"\n\n[models.\"a/b\"]\nkind = \"ols\"\n";
/// let e = check_table_names("w.toml", text, "models", ["ok", "a/b"]).unwrap_err();
/// assert!(e.to_string().starts_with("w.toml:4:1: [models.\"a/b\"]"), "{e}");
/// assert_eq!(e.exit_code(), 2);
/// ```
pub fn check_table_names<'a>(
    file: &str,
    text: &str,
    table: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    for name in names {
        if is_identifier(name) {
            continue;
        }
        let mut loc = Location::new(file);
        if let Some(line) = header_line(text, table, name) {
            loc = loc.line(line).column_index(1);
        }
        let shown: String = name.chars().take(60).collect();
        return Err(Error::format(
            loc,
            format!("[{table}.\"{shown}\"]: the name {}", refusal(name)),
        ));
    }
    Ok(())
}

/// The 1-based line of the header `[TABLE.NAME]` (name bare or quoted), or
/// of the first line that starts the table's key (`NAME.key = ...` under
/// `[TABLE]`), if one can be found.
fn header_line(text: &str, table: &str, name: &str) -> Option<u64> {
    let quoted = |q: char| format!("{q}{name}{q}");
    let forms = [name.to_string(), quoted('"'), quoted('\'')];
    text.lines().enumerate().find_map(|(i, l)| {
        let t = l.trim();
        let inner = t.strip_prefix('[')?;
        let inner = inner.strip_prefix('[').unwrap_or(inner).trim_start();
        let rest = inner.strip_prefix(table)?.trim_start().strip_prefix('.')?;
        let rest = rest.trim_start();
        forms
            .iter()
            .any(|f| {
                rest.strip_prefix(f.as_str())
                    .is_some_and(|r| r.trim_start().starts_with([']', '.']))
            })
            .then_some(i as u64 + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_and_separators_are_refused() {
        for bad in [
            "..",
            "../x",
            "/etc/passwd",
            "a/b",
            "a\\b",
            "C:x",
            "a b",
            ".hidden",
            "x.json",
            "é",
            "\0",
        ] {
            assert!(!is_identifier(bad), "{bad:?}");
        }
        assert!(!is_identifier(&"a".repeat(MAX_NAME_LEN + 1)));
        assert!(is_identifier(&"a".repeat(MAX_NAME_LEN)));
    }

    #[test]
    fn the_header_line_is_found_in_its_forms() {
        let text = "[a]\n[models . \"../x\" ]\n[models.'y z'.sub]\n";
        assert_eq!(header_line(text, "models", "../x"), Some(2));
        assert_eq!(header_line(text, "models", "y z"), Some(3));
        assert_eq!(header_line(text, "models", "zz"), None);
    }
}
