//! Options shared by many commands.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::error::Result;
use crate::series::Frame;
use crate::series::frame::ReadOptions;

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
    /// Reads the frame as a time series (each period once, in order);
    /// returns it with the number of training rows.
    pub fn load(&self) -> Result<(Frame, usize)> {
        self.load_time_series("this time-series command")
    }

    /// [`DataArgs::load`] for `what` (a command such as `fit sarima`, named
    /// in the message when the file's periods repeat or are out of order).
    pub fn load_time_series(&self, what: &str) -> Result<(Frame, usize)> {
        let frame = Frame::read_csv_with(&self.data, ReadOptions::long_panel())?;
        frame.require_time_series(what)?;
        let n = match &self.train_end {
            Some(spec) => frame.row_of(spec)? + 1,
            None => frame.nrows(),
        };
        Ok((frame, n))
    }

    /// Reads the frame for a regression: a time series, or a long panel
    /// whose dates repeat once per borough (rows in file order). With
    /// `--train-end DATE` a long panel keeps the rows dated on or before
    /// `DATE`; a time series keeps every row, as [`DataArgs::load`] does.
    pub fn load_panel(&self) -> Result<(Frame, usize)> {
        let frame = Frame::read_csv_with(&self.data, ReadOptions::long_panel())?;
        match &self.train_end {
            None => {
                let n = frame.nrows();
                Ok((frame, n))
            }
            Some(spec) if frame.disorder().is_none() => {
                let n = frame.row_of(spec)? + 1;
                Ok((frame, n))
            }
            Some(spec) => {
                let frame = frame.take_rows(&frame.rows_through(spec)?);
                let n = frame.nrows();
                Ok((frame, n))
            }
        }
    }
}
