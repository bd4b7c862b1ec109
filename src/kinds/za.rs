//! The `za` kind: the Zivot-Andrews unit-root test of one series against
//! stationarity with one structural break (Zivot and Andrews 1992, as
//! statsmodels' `zivot_andrews`); `colcrime test za` and a workspace
//! `kind = "za"` table.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::test_report::{TestReport, TestResult, with_meta};
use super::{Kind, ModelData, Report, TestSample};
use crate::error::Result;
use crate::models::unitroot::{Autolag, ZaParams, ZaRegression, zivot_andrews};

fn c() -> String {
    "c".into()
}

fn aic() -> String {
    "AIC".into()
}

fn trim() -> f64 {
    0.15
}

/// Options of `test za` and of a workspace `kind = "za"` table.
///
/// ```
/// use colcrime::kinds::za::ZaOptions;
/// let o: ZaOptions = toml::from_str("series = \"cpi_q\"\nregression = \"ct\"").unwrap();
/// assert_eq!((o.regression.as_str(), o.trim), ("ct", 0.15));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct ZaOptions {
    /// The series (an expression).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR"))]
    pub series: String,
    /// Break in the intercept (c), the trend (t) or both (ct).
    #[cfg_attr(feature = "cli", arg(long, value_name = "c|t|ct", default_value = "c"))]
    #[serde(default = "c")]
    pub regression: String,
    /// Lag selection by an ADF regression with constant and trend: AIC,
    /// BIC, t-stat, or none (use --maxlag lags).
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "AIC|BIC|t-stat|none", default_value = "AIC")
    )]
    #[serde(default = "aic")]
    pub autolag: String,
    /// Largest lag (default: ADF's rule; with --autolag none, floor(12 (n/100)^(1/4))).
    #[cfg_attr(feature = "cli", arg(long, value_name = "N"))]
    #[serde(default)]
    pub maxlag: Option<usize>,
    /// Fraction of observations at each end excluded as break dates (0 to 1/3).
    #[cfg_attr(feature = "cli", arg(long, value_name = "F", default_value_t = 0.15))]
    #[serde(default = "trim")]
    pub trim: f64,
}

impl ZaOptions {
    fn params(&self) -> Result<ZaParams> {
        Ok(ZaParams::new()
            .regression(ZaRegression::parse(&self.regression)?)
            .autolag(Autolag::parse(&self.autolag)?)
            .maxlag_opt(self.maxlag)
            .trim(self.trim))
    }
}

impl Kind for ZaOptions {
    const NAME: &'static str = "za";
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
        let r = zivot_andrews(s.first(), &p)
            .map_err(|e| e.context(format!("zivot-andrews on `{}`", self.series)))?;
        let break_date = s.labels.get(r.bpidx).cloned().unwrap_or_default();
        let json = with_meta(
            r.to_json(),
            &[
                ("series", json!(self.series)),
                ("sample", s.json()),
                ("break_date", json!(break_date)),
            ],
        );
        let table = format!(
            "Series: {}    Sample: {} to {}\n{}Break date: {} (last observation before the break)\n",
            self.series,
            s.start,
            s.end,
            r.summary(),
            break_date
        );
        super::finite::check_test_json("zivot-andrews", &json)?;
        let t = TestReport::new(vec![self.series.clone()], &s, TestResult::Za(r, break_date));
        Ok(t.into_report(Self::NAME, json, table))
    }
}
