//! What a command produces: a JSON object and a human rendering.

use std::io::Write;

use super::common::OutputFormat;
use crate::kinds::Report;

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
    /// A model's report whose JSON is streamed when printed
    /// ([`Report::write_json`]) instead of `json` (then `null`): its long
    /// float arrays are never built into a tree. [`Output::materialize`]
    /// turns it into `json`.
    pub(crate) report: Option<Box<Report>>,
}

impl Output {
    /// An output with both renderings.
    pub fn new(json: serde_json::Value, table: String) -> Output {
        Output {
            json,
            table,
            raw: None,
            exit_code: 0,
            report: None,
        }
    }

    /// The output of one model's report: its table, and its JSON written
    /// from the report when printed.
    pub(crate) fn from_report(r: Report) -> Output {
        Output {
            json: serde_json::Value::Null,
            table: r.table.clone(),
            raw: None,
            exit_code: 0,
            report: Some(Box::new(r)),
        }
    }

    /// Builds `json` from a streamed report (for callers that read it).
    pub(crate) fn materialize(mut self) -> Output {
        if let Some(r) = self.report.take() {
            self.json = r.to_json();
        }
        self
    }

    /// Prints to stdout in `format`; returns the exit code.
    pub(crate) fn print(&self, format: OutputFormat) -> i32 {
        // Stdout is line-buffered in 1 KB pieces; a JSON result of millions
        // of residuals has no line end, so it goes through a larger buffer.
        let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let res = match (&self.raw, format) {
            (Some(raw), _) => stdout.write_all(raw.as_bytes()),
            (None, OutputFormat::Json) => match &self.report {
                Some(r) => r.write_json(&mut stdout),
                None => serde_json::to_writer(&mut stdout, &self.json).map_err(std::io::Error::from),
            }
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
