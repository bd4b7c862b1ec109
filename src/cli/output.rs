//! What a command produces: a JSON object and a human rendering.

use std::io::Write;

use super::common::OutputFormat;

/// A command's result.
#[derive(Debug, Clone)]
pub struct Output {
    /// The machine-readable result (printed with `--format json`).
    pub json: serde_json::Value,
    /// The human rendering (printed by default).
    pub table: String,
    /// Raw text to print in both formats instead (CSV written to stdout).
    pub raw: Option<String>,
    /// The exit code after printing (1 when part of the work failed, as a
    /// workspace run with a model that could not be fitted).
    pub exit_code: i32,
}

impl Output {
    /// An output with both renderings.
    pub fn new(json: serde_json::Value, table: String) -> Output {
        Output {
            json,
            table,
            raw: None,
            exit_code: 0,
        }
    }

    /// Prints to stdout in `format`; returns the exit code.
    pub(crate) fn print(&self, format: OutputFormat) -> i32 {
        // Stdout is line-buffered in 1 KB pieces; a JSON result of millions
        // of residuals has no line end, so it goes through a larger buffer.
        let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let res = match (&self.raw, format) {
            (Some(raw), _) => stdout.write_all(raw.as_bytes()),
            (None, OutputFormat::Json) => serde_json::to_writer(&mut stdout, &self.json)
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(stdout)),
            (None, OutputFormat::Table) => {
                let t = &self.table;
                if t.ends_with('\n') {
                    stdout.write_all(t.as_bytes())
                } else {
                    writeln!(stdout, "{t}")
                }
            }
        };
        match res.and_then(|_| stdout.flush()) {
            Ok(()) => self.exit_code,
            // A closed pipe (`| head`) is not an error worth a message.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => self.exit_code,
            Err(e) => {
                stderr_line(format_args!("error: writing to stdout: {e}"));
                1
            }
        }
    }
}

/// Writes one line to stderr, ignoring a failure to write it: stderr on a
/// full disk or a closed pipe must not turn an error report into a panic
/// (`eprintln!` panics when the write fails).
pub(crate) fn stderr_line(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|_| err.write_all(b"\n"));
}
