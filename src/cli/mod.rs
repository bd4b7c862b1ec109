//! The `colcrime` command line, following the project's command-line contract.
//!
//! Each command lives in its own file and returns an [`Output`]: a JSON
//! object (printed with `--format json`) and a human table (the default).

use clap::{Parser, Subcommand};

mod backtest;
mod chart;
mod common;
mod data;
mod export;
mod fit;
mod output;
mod progress;
mod releases;
mod run;
mod test;

pub use common::{DataArgs, OutputFormat};
pub use fit::{FitCommand, KindArgs};
pub use output::Output;
pub use test::TestCommand;

use crate::error::Error;

/// colcrime: link the cost of living to crime with official UK statistics.
#[derive(Debug, Parser)]
#[command(name = "colcrime", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Output format: a human summary (table) or exactly one JSON object.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a workspace: read every source, build every series, fit every
    /// model, and write the briefing.
    Run(run::RunArgs),
    /// Record newly published releases of sources and re-run into a new run
    /// folder, with a report of what changed.
    Refit(run::RefitArgs),
    /// Fit a model.
    #[command(subcommand)]
    Fit(FitCommand),
    /// Run a statistical test.
    #[command(subcommand)]
    Test(TestCommand),
    /// Inspect, count and export data.
    #[command(subcommand)]
    Data(DataCommand),
    /// Chart a saved result JSON.
    Chart(chart::ChartArgs),
    /// Rolling-origin evaluation of a forecasting model against the naive
    /// and seasonal-naive forecasts: `colcrime backtest KIND` with the
    /// kind's `fit` options and `--origins N`.
    #[command(subcommand)]
    Backtest(backtest::BacktestCommand),
}

/// `colcrime data ...`
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Recognise a file's format and list the series in it.
    Inspect(data::InspectArgs),
    /// Stream police.uk-style CSVs and count rows by columns.
    Count(data::CountArgs),
    /// Write a workspace's series as CSV on stdout, or to a CSV or Parquet
    /// file (`--out`).
    Export(export::ExportArgs),
    /// List every release recorded for a workspace's sources.
    Releases(releases::ReleasesArgs),
}

/// Runs the command line and returns the process exit code.
pub fn main_entry() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let format = cli.format;
    // Long batch work shows a bar on a terminal; `run` and `refit` have
    // their own spinner.
    if matches!(
        cli.command,
        Command::Fit(_) | Command::Backtest(_) | Command::Data(DataCommand::Count(_))
    ) {
        progress::install();
    }
    match dispatch(cli) {
        Ok(out) => {
            let code = out.print(format);
            // The process ends next: a result with millions of residuals
            // need not be freed value by value first.
            std::mem::forget(out);
            code
        }
        Err(e) => {
            report_error(&e, format);
            e.exit_code()
        }
    }
}

/// Runs one command line in-process, as the binary would (the first
/// argument is the program name), and returns its [`Output`] instead of
/// printing it (a command may fill only the rendering `--format` asks
/// for): the Python bindings call the statistical tests and `run`
/// through here, so their results are the command's JSON.
///
/// # Errors
/// A command line clap refuses (as a usage error, exit 2), and every error
/// the command itself reports.
///
/// # Examples
/// ```
/// let out = colcrime::cli::execute([
///     "colcrime", "--format", "json", "data", "inspect",
///     "notebooks-data/ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv",
/// ])?;
/// assert_eq!(out.json["format"], "ONS time-series CSV");
/// let err = colcrime::cli::execute(["colcrime", "fit", "nosuchkind"]).unwrap_err();
/// assert_eq!(err.exit_code(), 2);
/// # Ok::<(), colcrime::Error>(())
/// ```
pub fn execute<I, T>(args: I) -> Result<Output, Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = Cli::try_parse_from(args).map_err(|e| Error::usage(e.to_string().trim_end()))?;
    dispatch(cli).map(Output::materialize)
}

fn dispatch(cli: Cli) -> Result<Output, Error> {
    let f = cli.format;
    match cli.command {
        Command::Run(a) => run::run(&a, f),
        Command::Refit(a) => run::refit(&a, f),
        Command::Fit(c) => fit::run(c, f),
        Command::Test(c) => test::run(c),
        Command::Data(DataCommand::Inspect(a)) => data::inspect(&a, f),
        Command::Data(DataCommand::Count(a)) => data::count(&a, f),
        Command::Data(DataCommand::Export(a)) => export::run(&a),
        Command::Data(DataCommand::Releases(a)) => releases::run(&a),
        Command::Chart(a) => chart::run(&a),
        Command::Backtest(a) => backtest::run(a),
    }
}

/// Prints an error as the contract asks: the message on stderr, and with
/// `--format json` also the JSON error object on stderr.
fn report_error(e: &Error, format: OutputFormat) {
    output::stderr_line(format_args!("error: {e}"));
    if format == OutputFormat::Json {
        output::stderr_line(format_args!("{}", e.to_json()));
    }
}
