//! The typed report of a statistical test kind (`adf`, `kpss`, `pp`, `za`,
//! `coint`, `granger`): the test's own result, the series it was run on and
//! the sample, with a reading in words for the briefing. Every test kind
//! builds its [`Report`] here, so `colcrime test ...` and a workspace
//! `kind = "adf"` table print and write the same thing.

use serde_json::Value;

use super::{Detail, Report, TestSample};
use crate::doc::Block;
use crate::doc::words::{fmt_num, pvalue};
use crate::models::granger::GrangerLag;
use crate::models::unitroot::{AdfResult, CointResult, KpssResult, PpResult, ZaResult};
use crate::series::Period;

/// The result of one test, typed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TestResult {
    /// Augmented Dickey-Fuller.
    Adf(AdfResult),
    /// KPSS.
    Kpss(KpssResult),
    /// Phillips-Perron.
    Pp(PpResult),
    /// Zivot-Andrews, with the label of the last period before the break.
    Za(ZaResult, String),
    /// Engle-Granger cointegration.
    Coint(CointResult),
    /// Granger causality, one entry per lag length.
    Granger(Vec<GrangerLag>),
}

/// A test's report: what was tested, on which sample, and the result.
///
/// ```
/// use colcrime::kinds::{ModelData, KindOptions, Detail};
/// use colcrime::series::Frame;
/// // A random walk from a linear congruential generator.
/// let (mut x, mut level) = (7u64, 0.0);
/// let csv: String = (0..60)
///     .map(|_| {
///         x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
///         level += ((x >> 33) % 100) as f64 / 10.0 - 5.0;
///         format!("{level}\n")
///     })
///     .collect();
/// let f = Frame::from_csv_str("d.csv", &format!("y\n{csv}"))?;
/// let t: toml::Table = toml::from_str("series = \"y\"")?;
/// let r = KindOptions::from_table("adf", t)?.fit(&ModelData::new(&f, 0..60)?)?;
/// let Detail::Test(t) = &r.detail else { panic!() };
/// assert_eq!((t.series.as_slice(), t.nobs), (&["y".to_string()][..], 60));
/// assert!(t.reading().contains("unit root"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct TestReport {
    /// The expressions tested (for `coint` and `granger`: `y`, then `x`).
    pub series: Vec<String>,
    /// The first and last observation of the sample (periods or rows).
    pub start: String,
    /// The last observation.
    pub end: String,
    /// Observations in the sample.
    pub nobs: usize,
    /// The result.
    pub result: TestResult,
}

impl TestReport {
    /// The report of `result` on `sample` of `series`.
    ///
    /// ```
    /// use colcrime::kinds::{TestReport, TestResult, TestSample};
    /// use colcrime::models::granger::granger;
    /// let x: Vec<f64> = (0..40).map(|t| (t * 7 % 11) as f64).collect();
    /// let y: Vec<f64> = (0..40).map(|t| (t * 5 % 13) as f64).collect();
    /// let s = TestSample { series: vec![y.clone(), x.clone()], start: "row 1".into(), end: "row 40".into(), labels: vec![] };
    /// let t = TestReport::new(vec!["y".into(), "x".into()], &s, TestResult::Granger(granger(&y, &x, &[1]).unwrap()));
    /// assert_eq!(t.nobs, 40);
    /// ```
    pub fn new(series: Vec<String>, sample: &TestSample, result: TestResult) -> TestReport {
        TestReport {
            series,
            start: sample.start.clone(),
            end: sample.end.clone(),
            nobs: sample.nobs(),
            result,
        }
    }

    /// The test's name as a reader knows it.
    ///
    /// ```
    /// # use colcrime::kinds::{TestReport, TestResult};
    /// # use colcrime::models::granger::granger;
    /// # let x: Vec<f64> = (0..40).map(|t| (t * 7 % 11) as f64).collect();
    /// # let y: Vec<f64> = (0..40).map(|t| (t * 5 % 13) as f64).collect();
    /// let t = TestReport { series: vec![], start: String::new(), end: String::new(), nobs: 40,
    ///     result: TestResult::Granger(granger(&y, &x, &[1]).unwrap()) };
    /// assert_eq!(t.title(), "Granger causality");
    /// ```
    pub fn title(&self) -> &'static str {
        match &self.result {
            TestResult::Adf(_) => "Augmented Dickey-Fuller",
            TestResult::Kpss(_) => "KPSS",
            TestResult::Pp(_) => "Phillips-Perron",
            TestResult::Za(..) => "Zivot-Andrews",
            TestResult::Coint(_) => "Engle-Granger cointegration",
            TestResult::Granger(_) => "Granger causality",
        }
    }

    /// What the test says at the 5% level, in one sentence.
    ///
    /// See [`TestReport`] for an example.
    pub fn reading(&self) -> String {
        let at5 = |p: f64| p < 0.05;
        let y = self.series.first().map_or("", String::as_str);
        let x = self.series.get(1..).unwrap_or_default().join("`, `");
        let title = self.title();
        let rejects = |p: f64, what: &str| {
            if at5(p) {
                format!("The {title} test rejects {what} at the 5% level.")
            } else {
                format!("The {title} test does not reject {what} at the 5% level.")
            }
        };
        match &self.result {
            TestResult::Adf(r) => rejects(r.pvalue, "a unit root"),
            TestResult::Pp(r) => rejects(r.pvalue, "a unit root"),
            TestResult::Kpss(r) => rejects(r.pvalue, "stationarity"),
            TestResult::Za(r, brk) if at5(r.pvalue) => format!(
                "The {title} test rejects a unit root at the 5% level, allowing a break after {brk}."
            ),
            TestResult::Za(_, brk) => format!(
                "The {title} test does not reject a unit root at the 5% level even allowing a break (most likely after {brk})."
            ),
            TestResult::Coint(r) if at5(r.pvalue) => format!(
                "`{y}` and `{x}` share a long-run relation: the {title} test rejects no cointegration at the 5% level."
            ),
            TestResult::Coint(_) => format!(
                "No evidence at the 5% level that `{y}` and `{x}` share a long-run relation (the {title} test does not reject no cointegration)."
            ),
            TestResult::Granger(lags) => {
                let helps: Vec<String> = lags
                    .iter()
                    .filter(|l| at5(l.ssr_ftest.pvalue))
                    .map(|l| l.lag.to_string())
                    .collect();
                if helps.is_empty() {
                    format!(
                        "Past `{x}` does not help predict `{y}` at the 5% level at any lag length tested."
                    )
                } else {
                    format!(
                        "Past `{x}` helps predict `{y}` at the 5% level with {} lag(s).",
                        helps.join(", ")
                    )
                }
            }
        }
    }

    /// The briefing's part: a table of the statistic and p-value (one row
    /// per lag length for Granger causality) and the reading.
    fn sections(&self) -> Vec<Block> {
        let headers = ["Test", "Series", "Statistic", "p-value"]
            .map(String::from)
            .to_vec();
        let series = match (&self.result, self.series.as_slice()) {
            (TestResult::Granger(_), [y, x]) => format!("effect `{y}`, cause `{x}`"),
            _ => self
                .series
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let row = |test: String, stat: f64, p: f64| {
            vec![test, series.clone(), fmt_num(stat, 3), pvalue(p)]
        };
        let rows = match &self.result {
            TestResult::Adf(r) => vec![row(self.title().into(), r.statistic, r.pvalue)],
            TestResult::Kpss(r) => vec![row(self.title().into(), r.statistic, r.pvalue)],
            TestResult::Pp(r) => vec![row(self.title().into(), r.statistic, r.pvalue)],
            TestResult::Za(r, _) => vec![row(self.title().into(), r.statistic, r.pvalue)],
            TestResult::Coint(r) => vec![row(self.title().into(), r.statistic, r.pvalue)],
            TestResult::Granger(lags) => lags
                .iter()
                .map(|l| {
                    row(
                        format!("Granger causality, {} lag(s) (F)", l.lag),
                        l.ssr_ftest.statistic,
                        l.ssr_ftest.pvalue,
                    )
                })
                .collect(),
        };
        vec![
            Block::Table(headers, rows),
            Block::Para(format!(
                "Sample {} to {} ({} observations). {}",
                self.start,
                self.end,
                self.nobs,
                self.reading()
            )),
        ]
    }

    /// The kind's [`Report`]: the contract's `json`, the summary `table`,
    /// the briefing's part and this typed result.
    pub(crate) fn into_report(self, kind: &'static str, json: Value, table: String) -> Report {
        let mut report = Report::new(kind, json, table);
        report.sample = Period::parse(&self.start).zip(Period::parse(&self.end));
        report.response = self.series.first().cloned();
        report.sections = self.sections();
        report.detail = Detail::Test(Box::new(self));
        report
    }
}

/// `json` with the keys of `extra` added (the test's series and sample).
pub(crate) fn with_meta(mut json: Value, extra: &[(&str, Value)]) -> Value {
    if let Value::Object(m) = &mut json {
        for (k, v) in extra {
            m.insert((*k).to_string(), v.clone());
        }
    }
    json
}
