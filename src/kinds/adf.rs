//! The `adf` kind: the augmented Dickey-Fuller unit-root test of one
//! series (statsmodels' `adfuller`: default maxlag `ceil(12 (n/100)^(1/4))`,
//! MacKinnon p-values and critical values); `colcrime test adf` and a
//! workspace `kind = "adf"` table.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::test_report::{TestReport, TestResult, with_meta};
use super::{Kind, ModelData, Report, TestSample};
use crate::error::Result;
use crate::models::unitroot::{AdfParams, AdfRegression, Autolag, adf};

fn c() -> String {
    "c".into()
}

fn aic() -> String {
    "AIC".into()
}

/// Options of `test adf` and of a workspace `kind = "adf"` table.
///
/// ```
/// use colcrime::kinds::adf::AdfOptions;
/// let o: AdfOptions = toml::from_str("series = \"log(y)\"\nregression = \"ct\"").unwrap();
/// assert_eq!((o.regression.as_str(), o.autolag.as_str()), ("ct", "AIC"));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct AdfOptions {
    /// The series (an expression, e.g. `log(robbery)`).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR"))]
    pub series: String,
    /// Deterministic terms: n (none), c (constant), ct (and trend), ctt (and quadratic trend).
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "n|c|ct|ctt", default_value = "c")
    )]
    #[serde(default = "c")]
    pub regression: String,
    /// Lag selection: AIC, BIC, t-stat, or none (use --maxlag lags).
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "AIC|BIC|t-stat|none", default_value = "AIC")
    )]
    #[serde(default = "aic")]
    pub autolag: String,
    /// Largest lag (default ceil(12 (n/100)^(1/4)), capped at n/2 - 1 - terms).
    #[cfg_attr(feature = "cli", arg(long, value_name = "N"))]
    #[serde(default)]
    pub maxlag: Option<usize>,
}

impl AdfOptions {
    fn params(&self) -> Result<AdfParams> {
        Ok(AdfParams::new()
            .regression(AdfRegression::parse(&self.regression)?)
            .autolag(Autolag::parse(&self.autolag)?)
            .maxlag_opt(self.maxlag))
    }
}

impl Kind for AdfOptions {
    const NAME: &'static str = "adf";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts = super::ResultCharts::NONE;

    fn validate(&self) -> Result<()> {
        self.params().map(|_| ())
    }

    fn expressions(&self) -> Vec<String> {
        vec![self.series.clone()]
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let p = self.params()?;
        let s = TestSample::of(data, std::slice::from_ref(&self.series))?;
        let r = adf(s.first(), &p).map_err(|e| e.context(format!("adf on `{}`", self.series)))?;
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
        super::finite::check_test_json("adf", &json)?;
        let t = TestReport::new(vec![self.series.clone()], &s, TestResult::Adf(r));
        Ok(t.into_report(Self::NAME, json, table))
    }
}
