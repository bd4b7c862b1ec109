//! The sample of a statistical test (`colcrime test ...` and the test
//! kinds of a workspace): the series, evaluated on the estimation rows,
//! on the periods where all of them are observed.
//!
//! Missing values at the start and end of the sample (from `diff`, `lag`
//! or a late start) are dropped; a missing value inside the sample is an
//! error naming the series and the period, because the tests need a
//! complete series.

use serde::{Deserialize, Serialize};

use super::ModelData;
use crate::error::{Error, Result};
use crate::formula::eval_expr;
use crate::series::Frame;

/// The evaluated series of a test on their common sample.
///
/// ```
/// use colcrime::kinds::{ModelData, TestSample};
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("d.csv", "date,y\n2024-01,1\n2024-02,2\n2024-03,4\n")?;
/// let s = TestSample::of(&ModelData::new(&f, 0..3)?, &["diff(y)".to_string()])?;
/// assert_eq!(s.series[0], vec![1.0, 2.0]);
/// assert_eq!((s.start.as_str(), s.end.as_str()), ("2024-02", "2024-03"));
/// # Ok::<(), colcrime::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestSample {
    /// One column per expression, on the common sample.
    pub series: Vec<Vec<f64>>,
    /// The first observation's label (its period, or `row N`).
    pub start: String,
    /// The last observation's label.
    pub end: String,
    /// Labels of every observation of the sample.
    pub labels: Vec<String>,
}

/// A row's label: its period, or its 1-based row number.
fn row_label(frame: &Frame, i: usize) -> String {
    match frame.index.as_ref().and_then(|ix| ix.get(i)) {
        Some(p) => p.to_string(),
        None => format!("row {}", i + 1),
    }
}

impl TestSample {
    /// Evaluates `exprs` on the rows of `data` (its estimation sample),
    /// drops rows missing in any of them at the start and end, and refuses
    /// gaps inside.
    ///
    /// # Errors
    /// An expression that cannot be evaluated; no row where every series
    /// is observed; a missing value inside the sample (naming the series
    /// and the period).
    ///
    /// ```
    /// use colcrime::kinds::{ModelData, TestSample};
    /// use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("d.csv", "y\n1\n..\n3\n4\n")?;
    /// let e = TestSample::of(&ModelData::new(&f, 0..4)?, &["y".to_string()]).unwrap_err();
    /// assert!(e.to_string().contains("missing at row 2"), "{e}");
    /// # Ok::<(), colcrime::Error>(())
    /// ```
    pub fn of(data: &ModelData<'_>, exprs: &[String]) -> Result<TestSample> {
        let frame = data.frame;
        let (a, b) = (data.rows.start, data.rows.end);
        let cols: Vec<Vec<f64>> = exprs
            .iter()
            .map(|e| {
                eval_expr(frame, e).map(|mut v| {
                    v.truncate(b);
                    v
                })
            })
            .collect::<Result<_>>()?;
        let n = cols.iter().map(Vec::len).min().unwrap_or(0);
        let ok = |i: usize| cols.iter().all(|c| c.get(i).is_some_and(|v| v.is_finite()));
        let first = (a..n).find(|&i| ok(i));
        let last = (a..n).rev().find(|&i| ok(i));
        let (Some(first), Some(last)) = (first, last) else {
            return Err(Error::not_enough_data(
                format!("{} (no complete observations)", exprs.join(", ")),
                1,
                0,
            ));
        };
        for (e, c) in exprs.iter().zip(&cols) {
            if let Some(i) = (first..=last).find(|&i| c.get(i).is_none_or(|v| !v.is_finite())) {
                return Err(Error::domain(format!(
                    "{}: `{e}` is missing at {} inside the sample {} to {}; \
                     the tests need a complete series (missing values are dropped only at the ends)",
                    frame.source,
                    row_label(frame, i),
                    row_label(frame, first),
                    row_label(frame, last)
                )));
            }
        }
        Ok(TestSample {
            series: cols
                .into_iter()
                .map(|c| c.get(first..=last).map(<[f64]>::to_vec).unwrap_or_default())
                .collect(),
            start: row_label(frame, first),
            end: row_label(frame, last),
            labels: (first..=last).map(|i| row_label(frame, i)).collect(),
        })
    }

    /// The number of observations.
    ///
    /// ```
    /// use colcrime::kinds::TestSample;
    /// let s = TestSample { series: vec![vec![1.0, 2.0]], start: "row 1".into(), end: "row 2".into(), labels: vec![] };
    /// assert_eq!(s.nobs(), 2);
    /// ```
    pub fn nobs(&self) -> usize {
        self.series.first().map_or(0, Vec::len)
    }

    /// The first series (the one a unit-root test tests).
    ///
    /// ```
    /// use colcrime::kinds::TestSample;
    /// let s = TestSample { series: vec![vec![1.0]], start: String::new(), end: String::new(), labels: vec![] };
    /// assert_eq!(s.first(), &[1.0]);
    /// ```
    pub fn first(&self) -> &[f64] {
        self.series.first().map(Vec::as_slice).unwrap_or_default()
    }

    /// The result JSON's `sample`: `{"start", "end", "nobs"}`.
    ///
    /// ```
    /// use colcrime::kinds::TestSample;
    /// let s = TestSample { series: vec![vec![1.0]], start: "2024-01".into(), end: "2024-01".into(), labels: vec![] };
    /// assert_eq!(s.json()["nobs"], 1);
    /// ```
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "start": self.start,
            "end": self.end,
            "nobs": self.nobs(),
        })
    }
}
