//! The `granger` kind: Granger causality tests of whether past values of a
//! cause help predict an effect, at every lag length from 1 to `maxlag`
//! (statsmodels' `grangercausalitytests`: two F tests, a chi-square and a
//! likelihood-ratio test); `colcrime test granger` and a workspace
//! `kind = "granger"` table.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::test_report::{TestReport, TestResult, with_meta};
use super::{Kind, ModelData, Report, TestSample};
use crate::error::{Error, Result};
use crate::models::granger::{granger, granger_json, granger_summary};

/// Options of `test granger` and of a workspace `kind = "granger"` table.
///
/// ```
/// use colcrime::kinds::granger::GrangerOptions;
/// let o: GrangerOptions = toml::from_str("y = \"diff(log(robbery))\"\nx = \"diff(cpi)\"\nmaxlag = 4").unwrap();
/// assert_eq!(o.maxlag, 4);
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct GrangerOptions {
    /// The effect: the series whose prediction is tested (an expression).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EFFECT"))]
    pub y: String,
    /// The cause: the series whose lags are added (an expression).
    #[cfg_attr(feature = "cli", arg(long, value_name = "CAUSE"))]
    pub x: String,
    /// Test every lag length from 1 to L.
    #[cfg_attr(feature = "cli", arg(long, value_name = "L"))]
    pub maxlag: usize,
}

impl Kind for GrangerOptions {
    const NAME: &'static str = "granger";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts = super::ResultCharts::NONE;

    fn validate(&self) -> Result<()> {
        Ok(())
    }

    fn expressions(&self) -> Vec<String> {
        vec![self.y.clone(), self.x.clone()]
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let exprs = self.expressions();
        let s = TestSample::of(data, &exprs)?;
        let (y, x) = match s.series.as_slice() {
            [y, x] => (y, x),
            _ => return Err(Error::usage("granger: expected two series")),
        };
        let lags: Vec<usize> = (1..=self.maxlag).collect();
        let r = granger(y, x, &lags)
            .map_err(|e| e.context(format!("granger: does `{}` cause `{}`", self.x, self.y)))?;
        let json = with_meta(
            granger_json(&r),
            &[
                ("y", json!(self.y)),
                ("x", json!(self.x)),
                ("sample", s.json()),
            ],
        );
        let table = format!(
            "Granger causality: does `{}` Granger-cause `{}`?    Sample: {} to {}\n{}",
            self.x,
            self.y,
            s.start,
            s.end,
            granger_summary(&r)
        );
        let t = TestReport::new(exprs, &s, TestResult::Granger(r));
        Ok(t.into_report(Self::NAME, json, table))
    }
}
