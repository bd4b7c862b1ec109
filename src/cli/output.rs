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
                None => {
                    serde_json::to_writer(&mut stdout, &self.json).map_err(std::io::Error::from)
                }
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

#[cfg(test)]
mod tests {
    use super::super::{Cli, dispatch};
    use clap::Parser;

    /// The JSON `fit --format json` streams, and the same output rendered
    /// from its value tree.
    fn streamed_and_tree(args: &[&str]) -> (String, String) {
        let out = dispatch(Cli::try_parse_from(args).unwrap()).unwrap();
        let mut streamed = Vec::new();
        out.report
            .as_ref()
            .expect("a fit streams its report")
            .write_json(&mut streamed)
            .unwrap();
        let tree = serde_json::to_string(&out.materialize().json).unwrap();
        (String::from_utf8(streamed).unwrap(), tree)
    }

    /// A small CSV: y on a trend, a cycle and noise.
    fn csv(n: usize) -> String {
        let mut s = String::from("y,x,z\n");
        let mut u: u64 = 3;
        for i in 0..n {
            u = u
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let e = (u >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            let (x, z) = (i as f64 / 7.0, ((i % 5) as f64).sin());
            s.push_str(&format!("{},{x},{z}\n", 1.0 + 0.3 * x - z + e));
        }
        s
    }

    /// Streaming writes the value tree's text byte for byte: with every
    /// optional field (HAC lags, influence), with NaN and null entries (a
    /// model of the constant alone has no F test, no Breusch-Pagan, no
    /// RESET), and on a tall design whose diagnostics come from one
    /// triangle and whose residuals are written in parallel pieces.
    #[test]
    fn streamed_json_is_the_value_trees_text() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.csv");
        std::fs::write(&small, csv(60)).unwrap();
        let tall = dir.path().join("tall.csv");
        std::fs::write(&tall, csv(400_000)).unwrap();
        let (small, tall) = (small.to_str().unwrap(), tall.to_str().unwrap());
        let runs: [&[&str]; 4] = [
            &[
                "colcrime",
                "--format",
                "json",
                "fit",
                "ols",
                "--data",
                small,
                "--formula",
                "y ~ x + z",
                "--cov",
                "HAC",
                "--maxlags",
                "3",
                "--hac-correction",
                "--influence",
            ],
            &[
                "colcrime",
                "--format",
                "json",
                "fit",
                "ols",
                "--data",
                small,
                "--formula",
                "y ~ 1",
            ],
            &[
                "colcrime",
                "--format",
                "json",
                "fit",
                "ols",
                "--data",
                small,
                "--formula",
                "y ~ x + z",
                "--no-diagnostics",
            ],
            &[
                "colcrime",
                "--format",
                "json",
                "fit",
                "ols",
                "--data",
                tall,
                "--formula",
                "y ~ x + z",
            ],
        ];
        for (i, args) in runs.iter().enumerate() {
            let (streamed, tree) = streamed_and_tree(args);
            assert_eq!(streamed, tree, "run {i}");
            let v: serde_json::Value = serde_json::from_str(&streamed).unwrap();
            let n = v["nobs"].as_u64().unwrap() as usize;
            assert_eq!(v["resid"].as_array().unwrap().len(), n, "run {i}");
            assert_eq!(v["fittedvalues"].as_array().unwrap().len(), n, "run {i}");
            match i {
                0 => assert!(v["maxlags"] == 3 && v["cooks_distance"].is_array()),
                1 => {
                    assert_eq!(v["fvalue"], "NaN");
                    assert!(v["diagnostics"]["breusch_pagan"].is_null());
                    assert!(streamed.contains("\"NaN\""));
                }
                2 => assert!(v.get("diagnostics").is_none()),
                _ => assert_eq!(
                    v["diagnostics"]["auxiliary_regressions"],
                    "one_pass_triangle"
                ),
            }
        }
    }
}
