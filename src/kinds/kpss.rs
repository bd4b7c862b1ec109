//! The `kpss` kind: the KPSS stationarity test of one series (statsmodels'
//! `kpss`: automatic bandwidth of Hobijn et al. 1998, p-values interpolated
//! in Kwiatkowski et al.'s table); `colcrime test kpss` and a workspace
//! `kind = "kpss"` table.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::test_report::{TestReport, TestResult, with_meta};
use super::{Kind, ModelData, Report, TestSample};
use crate::error::Result;
use crate::models::unitroot::{KpssLags, KpssRegression, kpss};

fn c() -> String {
    "c".into()
}

fn auto() -> String {
    "auto".into()
}

/// Options of `test kpss` and of a workspace `kind = "kpss"` table.
///
/// ```
/// use colcrime::kinds::kpss::KpssOptions;
/// let o: KpssOptions = toml::from_str("series = \"y\"\nnlags = \"4\"").unwrap();
/// assert_eq!((o.regression.as_str(), o.nlags.as_str()), ("c", "4"));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct KpssOptions {
    /// The series (an expression).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR"))]
    pub series: String,
    /// Null hypothesis: c (level stationary) or ct (trend stationary).
    #[cfg_attr(feature = "cli", arg(long, value_name = "c|ct", default_value = "c"))]
    #[serde(default = "c")]
    pub regression: String,
    /// Bandwidth: auto (Hobijn et al. 1998), legacy (ceil(12 (n/100)^(1/4))) or a number.
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "auto|legacy|N", default_value = "auto")
    )]
    #[serde(default = "auto")]
    pub nlags: String,
}

impl KpssOptions {
    fn params(&self) -> Result<(KpssRegression, KpssLags)> {
        Ok((
            KpssRegression::parse(&self.regression)?,
            KpssLags::parse(&self.nlags)?,
        ))
    }
}

impl Kind for KpssOptions {
    const NAME: &'static str = "kpss";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts = super::ResultCharts::NONE;

    fn validate(&self) -> Result<()> {
        self.params().map(|_| ())
    }

    fn expressions(&self) -> Vec<String> {
        vec![self.series.clone()]
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let (reg, lags) = self.params()?;
        let s = TestSample::of(data, std::slice::from_ref(&self.series))?;
        let r = kpss(s.first(), reg, lags)
            .map_err(|e| e.context(format!("kpss on `{}`", self.series)))?;
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
        super::finite::check_test_json("kpss", &json)?;
        let t = TestReport::new(vec![self.series.clone()], &s, TestResult::Kpss(r));
        Ok(t.into_report(Self::NAME, json, table))
    }
}
