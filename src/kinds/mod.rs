//! Model kinds: the one path from the command line, the workspace,
//! backtests, charts and re-fits to a model.
//!
//! A kind is one file here that owns
//! - its **options**: one struct that is both the `colcrime fit KIND`
//!   arguments and the workspace's `[models.NAME]` table (`--cov HAC` is
//!   `cov = "HAC"`, comma lists are arrays), validated before any data are
//!   read;
//! - how its **data** are prepared from a [`ModelData`] (a frame with its
//!   periods and the sample's rows);
//! - its typed [`Report`] (coefficients, forecast, residuals with periods,
//!   scenarios, the fitted model a re-fit restores, the contract's JSON and
//!   a statsmodels-style table).
//!
//! The statistical tests (`adf`, `kpss`, `pp`, `za`, `coint`, `granger`)
//! are kinds too: `colcrime test KIND` and a workspace `kind = "adf"` table
//! fit the same options to the same sample and report a
//! [`TestReport`].
//!
//! The registry ([`KindOptions`]) lists every kind once; adding a model is
//! its folder under `models/`, its kind file here and one registry line.
//!
//! ```
//! use colcrime::kinds::{KindOptions, ModelData};
//! use colcrime::series::Frame;
//! let f = Frame::from_csv_str("d.csv", "y,x\n1,1\n2,2\n2.9,3\n4.2,4\n")?;
//! let table: toml::Table = toml::from_str("formula = \"y ~ x\"\nno_diagnostics = true")?;
//! let kind = KindOptions::from_table("ols", table)?;
//! let report = kind.fit(&ModelData::new(&f, 0..4)?)?;
//! assert_eq!(report.coefficients[1].name, "x");
//! assert!((report.coefficients[1].estimate - 1.05).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Result;
use crate::models::backtest::BacktestResult;
use crate::series::Frame;

mod arima_run;
mod backtest_text;
mod charts;
mod data;
mod ends;
pub(crate) mod finite;
pub mod limits;
mod list;
mod long_run;
pub(crate) mod registry;
mod report;
mod search_record;
mod smoothing;
mod test_report;
mod test_sample;

pub mod adf;
pub mod ardl;
pub mod auto_arima;
pub mod coint;
pub mod ecm;
pub mod ets;
pub mod glm;
pub mod granger;
pub mod holt_winters;
pub mod kpss;
pub mod ols;
pub mod pp;
pub mod sarima;
pub mod unit_root;
pub mod var;
pub mod za;

pub use charts::{ChartUse, ResultCharts};
pub use data::{ModelData, Prior, ScenarioDef};
pub use ends::named_columns;
pub use list::{List, split_top};
pub use registry::{
    KIND_NAMES, KindOptions, TEST_KIND_NAMES, charts_of, charts_of_model, forecasting_kinds,
};
pub use report::{
    Coefficient, Detail, FitStats, FittedModel, RefitInfo, RefitUse, Report, SarimaState,
    UnitRootRow,
};
pub use search_record::{SearchRecord, TriedModel};
pub use test_report::{TestReport, TestResult};
pub use test_sample::TestSample;

/// The contract every model kind keeps (in the shape of linfa's checked
/// parameters and augurs' fit/predict pair).
pub trait Kind: Debug + Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// Its name: the `colcrime fit` (or, for a statistical test,
    /// `colcrime test`) subcommand and the workspace `kind`.
    const NAME: &'static str;
    /// Whether it needs a time series (each period once, in order); a
    /// regression also accepts a long panel.
    const TIME_SERIES: bool;

    /// Whether its series share one sample (the periods where all are
    /// observed), as a regression's do; false for kinds that analyse each
    /// series on its own (the unit-root tests), whose report then says
    /// nothing of where the series end together.
    const JOINT_SAMPLE: bool = true;

    /// Checks the options alone, before any data are read.
    ///
    /// # Errors
    /// An impossible option, naming it.
    fn validate(&self) -> Result<()>;

    /// The expressions the model evaluates on the data (formula, series,
    /// regressors), for provenance and exports.
    fn expressions(&self) -> Vec<String>;

    /// Fits on `data` and reports.
    ///
    /// # Errors
    /// Bad data (missing columns, too few rows), singular designs and
    /// non-convergence, as the kind's model reports them.
    fn fit(&self, data: &ModelData<'_>) -> Result<Report>;

    /// For kinds that fit one series at a time: the series named when the
    /// options name several (`a,b` or `*` for every numeric column of
    /// `frame`); `None` for one.
    fn batch(&self, frame: &Frame) -> Option<Vec<String>> {
        let _ = frame;
        None
    }

    /// The names of the scenarios (declared outside the model, e.g. a
    /// workspace's `[scenarios.NAME]`) it forecasts under.
    fn scenario_names(&self) -> Vec<String> {
        Vec::new()
    }

    /// Its regressor expressions, which scenarios may set.
    fn regressors(&self) -> Vec<String> {
        Vec::new()
    }

    /// The same options for one series of a batch.
    fn for_series(&self, series: &str) -> Self {
        let _ = series;
        self.clone()
    }

    /// Whether the kind forecasts one series (and so can be backtested).
    const FORECASTS: bool = false;

    /// The charts its saved results draw (`colcrime chart RESULT.json`)
    /// and how to read its residuals; by default whatever the result holds
    /// ([`ResultCharts::ANY`]).
    const CHARTS: ResultCharts = ResultCharts::ANY;

    /// Rolling-origin evaluation (`colcrime backtest KIND`): at each of the
    /// last `origins` periods of the series the model is fitted to the data
    /// up to that period, forecasts its horizon with its interval levels,
    /// and is scored against the outturns and the naive and seasonal-naive
    /// forecasts ([`crate::models::backtest`]).
    ///
    /// # Errors
    /// A kind that does not forecast; too short a series for the origins;
    /// a fit that fails at an origin (naming it).
    fn backtest(&self, data: &ModelData<'_>, origins: usize) -> Result<BacktestResult> {
        let _ = (data, origins);
        Err(crate::error::Error::usage(format!(
            "{} does not forecast a series: backtest takes {}",
            Self::NAME,
            registry::forecasting_kinds().join(", ")
        )))
    }
}

/// The series of a batch: `*` for every numeric column of `frame` but
/// `except`, or several expressions separated by commas; `None` for one.
///
/// ```
/// use colcrime::kinds::batch_names;
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("d.csv", "a,b,x\n1,2,3\n")?;
/// assert_eq!(batch_names("*", &f, &["x".to_string()]).unwrap(), vec!["a", "b"]);
/// assert!(batch_names("log(a)", &f, &[]).is_none());
/// # Ok::<(), colcrime::Error>(())
/// ```
pub fn batch_names(series: &str, frame: &Frame, except: &[String]) -> Option<Vec<String>> {
    let names: Vec<String> = if series.trim() == "*" {
        frame
            .names()
            .into_iter()
            .filter(|n| !except.iter().any(|x| x == n))
            .map(String::from)
            .collect()
    } else {
        split_top(series)
    };
    (names.len() != 1 || series.trim() == "*").then_some(names)
}
