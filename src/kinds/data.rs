//! `ModelData`: what a model kind fits on, whoever calls it (the command
//! line, a workspace, a backtest or a re-fit).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::error::{Error, Result};
use crate::models::arima::RefitMode;
use crate::models::scenario::PathRule;
use crate::series::{Frame, Frequency, Period};

/// A named scenario declared outside the model (a workspace's
/// `[scenarios.NAME]` table): a label and one path rule per regressor.
#[derive(Debug, Clone)]
pub struct ScenarioDef {
    /// The label in charts and tables.
    pub label: String,
    /// One rule per regressor expression.
    pub rules: Vec<(String, PathRule)>,
}

/// A model's previous result, for a re-fit: the fitted model restored with
/// serde from the previous run's result, and what to do with it.
#[derive(Debug, Clone)]
pub struct Prior {
    /// The previous fitted model.
    pub fitted: super::report::FittedModel,
    /// The previous backtest (read with serde from the previous result's
    /// `backtest`), carried over when parameters are kept.
    pub backtest: Option<crate::models::backtest::BacktestResult>,
    /// The previous result's record of an automatic search
    /// (`models_tried`, `seasonal_strength`, `kpss_statistics`), which a
    /// kept model writes again.
    pub carried: super::SearchRecord,
    /// Where it was read from.
    pub path: String,
    /// Keep the parameters or re-estimate from them.
    pub mode: RefitMode,
    /// The model's data and specification are unchanged since the previous
    /// fit: its estimates are kept and the re-fit reports the mode
    /// `unchanged`.
    pub unchanged: bool,
}

/// The data of one fit: a frame of named columns (with its period index),
/// the rows of the estimation sample, and the context a workspace gives
/// (declared scenarios, a previous fit).
///
/// Rows after `rows.end` hold future values of regressors for forecasts
/// (`--train-end` on the command line).
///
/// ```
/// use colcrime::kinds::ModelData;
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("d.csv", "date,y\n2024-01,1\n2024-02,2\n2024-03,3\n")?;
/// let d = ModelData::new(&f, 0..2)?;
/// assert_eq!(d.rows, 0..2);
/// assert_eq!(d.period(1).unwrap().to_string(), "2024-02");
/// # Ok::<(), colcrime::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ModelData<'a> {
    /// Every column the model may use, by name.
    pub frame: &'a Frame,
    /// The estimation sample's rows.
    pub rows: Range<usize>,
    /// Scenarios declared outside the model, by name.
    pub scenarios: BTreeMap<String, ScenarioDef>,
    /// The previous fit, for a re-fit.
    pub prior: Option<Prior>,
    /// The caller prints only the table: a kind may skip building a large
    /// JSON (a million residuals).
    pub table_only: bool,
    /// The caller writes the report's JSON only through
    /// [`Report::write_json`](super::Report::write_json) or
    /// [`Report::to_json`](super::Report::to_json), never reading
    /// [`Report::json`](super::Report) itself: a kind may keep long float
    /// arrays (a million residuals) out of the tree.
    pub defer_arrays: bool,
}

impl<'a> ModelData<'a> {
    /// Data on `rows` of `frame`, with no scenarios and no previous fit.
    ///
    /// # Errors
    /// Rows outside the frame.
    ///
    /// ```
    /// # use colcrime::kinds::ModelData;
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("d.csv", "y\n1\n2\n")?;
    /// assert!(ModelData::new(&f, 0..3).is_err());
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn new(frame: &'a Frame, rows: Range<usize>) -> Result<ModelData<'a>> {
        if rows.start > rows.end || rows.end > frame.nrows() {
            return Err(Error::usage(format!(
                "rows {}..{} are outside the data's {} rows",
                rows.start + 1,
                rows.end,
                frame.nrows()
            )));
        }
        Ok(ModelData {
            frame,
            rows,
            scenarios: BTreeMap::new(),
            prior: None,
            table_only: false,
            defer_arrays: false,
        })
    }

    /// The period of row `i`, if the frame is dated.
    ///
    /// ```
    /// # use colcrime::kinds::ModelData;
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("d.csv", "y\n1\n")?;
    /// assert!(ModelData::new(&f, 0..1)?.period(0).is_none());
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn period(&self, i: usize) -> Option<Period> {
        self.frame.index.as_ref().and_then(|ix| ix.get(i)).copied()
    }

    /// The frequency of the frame's index.
    ///
    /// ```
    /// # use colcrime::kinds::ModelData;
    /// # use colcrime::series::{Frame, Frequency};
    /// let f = Frame::from_csv_str("d.csv", "date,y\n2024 Q1,1\n")?;
    /// assert_eq!(ModelData::new(&f, 0..1)?.frequency(), Some(Frequency::Quarterly));
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn frequency(&self) -> Option<Frequency> {
        self.period(0).map(|p| p.freq())
    }

    /// The season length of the frame's frequency: 12 monthly, 4
    /// quarterly, none otherwise.
    ///
    /// ```
    /// # use colcrime::kinds::ModelData;
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("d.csv", "date,y\n2024-01,1\n")?;
    /// assert_eq!(ModelData::new(&f, 0..1)?.season(), Some(12));
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn season(&self) -> Option<usize> {
        match self.frequency() {
            Some(Frequency::Monthly) => Some(12),
            Some(Frequency::Quarterly) => Some(4),
            _ => None,
        }
    }

    /// The default forecast horizon: two years of periods (24 monthly, 8
    /// quarterly), 5 otherwise, 10 without dates.
    ///
    /// ```
    /// # use colcrime::kinds::ModelData;
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("d.csv", "date,y\n2024 Q1,1\n")?;
    /// assert_eq!(ModelData::new(&f, 0..1)?.default_horizon(), 8);
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn default_horizon(&self) -> usize {
        match self.frequency() {
            Some(Frequency::Monthly) => 24,
            Some(Frequency::Quarterly) => 8,
            Some(_) => 5,
            None => 10,
        }
    }

    /// `h` periods after row `last` (row numbers as years without dates).
    ///
    /// ```
    /// # use colcrime::kinds::ModelData;
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("d.csv", "date,y\n2024 Q4,1\n")?;
    /// let p = ModelData::new(&f, 0..1)?.future_periods(0, 2);
    /// assert_eq!(p[1].to_string(), "2025 Q2");
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn future_periods(&self, last: usize, h: usize) -> Vec<Period> {
        match self.period(last) {
            Some(p) => (1..=h).map(|i| p.offset(i as i64)).collect(),
            None => (1..=h)
                .map(|i| Period::year((last + 1 + i) as i32))
                .collect(),
        }
    }

    /// A label for row `i`: its period, or `row N`.
    ///
    /// ```
    /// # use colcrime::kinds::ModelData;
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("d.csv", "y\n1\n")?;
    /// assert_eq!(ModelData::new(&f, 0..1)?.label(0), "row 1");
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn label(&self, i: usize) -> String {
        self.period(i)
            .map_or_else(|| format!("row {}", i + 1), |p| p.to_string())
    }

    /// Evaluates an expression on the whole frame.
    ///
    /// # Errors
    /// An unknown column or a malformed expression.
    ///
    /// ```
    /// # use colcrime::kinds::ModelData;
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("d.csv", "y\n1\n4\n")?;
    /// assert_eq!(ModelData::new(&f, 0..2)?.eval("sqrt(y)")?, vec![1.0, 2.0]);
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn eval(&self, expr: &str) -> Result<Vec<f64>> {
        crate::formula::eval_expr(self.frame, expr)
    }

    /// The sample rows narrowed to where `y` is observed: `(first, last)`
    /// (inclusive), or `None` if nothing is.
    ///
    /// ```
    /// # use colcrime::kinds::ModelData;
    /// # use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("d.csv", "y\n..\n1\n2\n..\n")?;
    /// let d = ModelData::new(&f, 0..4)?;
    /// assert_eq!(d.observed(&d.eval("y")?), Some((1, 2)));
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn observed(&self, y: &[f64]) -> Option<(usize, usize)> {
        let end = self.rows.end.min(y.len());
        let first = (self.rows.start..end).find(|&i| y[i].is_finite())?;
        let last = (self.rows.start..end).rev().find(|&i| y[i].is_finite())?;
        Some((first, last))
    }
}
