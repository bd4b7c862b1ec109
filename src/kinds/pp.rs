//! The `pp` kind: the Phillips-Perron unit-root test of one series (`Z_τ`
//! with a Newey-West long-run variance, MacKinnon p-values); `colcrime test
//! pp` and a workspace `kind = "pp"` table.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::test_report::{TestReport, TestResult, with_meta};
use super::{Kind, ModelData, Report, TestSample};
use crate::error::Result;
use crate::models::unitroot::{AdfRegression, phillips_perron};

fn c() -> String {
    "c".into()
}

/// Options of `test pp` and of a workspace `kind = "pp"` table.
///
/// ```
/// use colcrime::kinds::pp::PpOptions;
/// let o: PpOptions = toml::from_str("series = \"y\"\nlags = 4").unwrap();
/// assert_eq!((o.regression.as_str(), o.lags), ("c", Some(4)));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct PpOptions {
    /// The series (an expression).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR"))]
    pub series: String,
    /// Deterministic terms: n, c or ct.
    #[cfg_attr(feature = "cli", arg(long, value_name = "n|c|ct", default_value = "c"))]
    #[serde(default = "c")]
    pub regression: String,
    /// Newey-West bandwidth (default ceil(12 (n/100)^(1/4))).
    #[cfg_attr(feature = "cli", arg(long, value_name = "N"))]
    #[serde(default)]
    pub lags: Option<usize>,
}

impl Kind for PpOptions {
    const NAME: &'static str = "pp";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts = super::ResultCharts::NONE;

    fn validate(&self) -> Result<()> {
        AdfRegression::parse(&self.regression).map(|_| ())
    }

    fn expressions(&self) -> Vec<String> {
        vec![self.series.clone()]
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let reg = AdfRegression::parse(&self.regression)?;
        let s = TestSample::of(data, std::slice::from_ref(&self.series))?;
        let r = phillips_perron(s.first(), reg, self.lags)
            .map_err(|e| e.context(format!("phillips-perron on `{}`", self.series)))?;
        let json = with_meta(
            r.to_json(),
            &[("series", json!(self.series)), ("sample", s.json())],
        );
        let table = format!(
            "Series: {}    Sample: {} to {}\n{}",
            self.series,
            s.start,
            s.end,
            r.summary()
        );
        super::finite::check_test_json("phillips-perron", &json)?;
        let t = TestReport::new(vec![self.series.clone()], &s, TestResult::Pp(r));
        Ok(t.into_report(Self::NAME, json, table))
    }
}
