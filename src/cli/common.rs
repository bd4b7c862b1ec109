//! Options shared by many commands.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::error::{Error, Result};
use crate::series::Frame;

/// `--format json|table`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A human summary laid out like statsmodels' / R's.
    Table,
    /// Exactly one JSON object on stdout.
    Json,
}

/// `--data FILE [--train-end DATE|ROW]`.
#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// CSV with a header row; a `date` column (or a first column of dates)
    /// is the time index. Empty cells and `..`, `x`, `[x]`, `[c]`, `-` are missing.
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// Fit on rows up to and including this date or 1-based row number;
    /// later rows supply future values of exogenous variables.
    #[arg(long, value_name = "DATE|ROW")]
    pub train_end: Option<String>,
}

impl DataArgs {
    /// Reads the frame; returns it with the number of training rows.
    pub fn load(&self) -> Result<(Frame, usize)> {
        let frame = Frame::read_csv(&self.data)?;
        let n = match &self.train_end {
            Some(spec) => frame.row_of(spec)? + 1,
            None => frame.nrows(),
        };
        Ok((frame, n))
    }
}

// Shared with the library's VAR on a frame, where they live.
pub(crate) use crate::models::var::frame::{
    default_horizon, future_periods, parse_floats, split_top,
};

/// `n` comma-separated non-negative integers (`--order 1,1,1`), or a usage
/// error naming the option `what`.
pub(crate) fn parse_usizes(s: &str, n: usize, what: &str) -> Result<Vec<usize>> {
    let v: Vec<usize> = s
        .split(',')
        .map(|t| t.trim().parse::<usize>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| {
            Error::usage(format!(
                "{what}: expected {n} non-negative integers separated by commas, found \"{s}\""
            ))
        })?;
    if v.len() != n {
        return Err(Error::usage(format!(
            "{what}: expected {n} integers separated by commas, found {} in \"{s}\"",
            v.len()
        )));
    }
    Ok(v)
}
