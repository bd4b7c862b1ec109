//! The `coint` kind: the Engle-Granger cointegration test (a regression of
//! `y` on a constant and the `x` series, then an ADF test of its residuals
//! with MacKinnon's p-values for several variables, as statsmodels'
//! `coint`); `colcrime test coint` and a workspace `kind = "coint"` table.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::json;

use super::test_report::{TestReport, TestResult, with_meta};
use super::{Kind, List, ModelData, Report, TestSample, split_top};
use crate::error::{Error, Result};
use crate::models::unitroot::{Autolag, CointParams, coint};

fn aic() -> String {
    "AIC".into()
}

/// An array of expressions, or one string of them separated by commas.
fn expressions<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    List::<String>::deserialize(d).map(|l| l.0)
}

/// Options of `test coint` and of a workspace `kind = "coint"` table.
///
/// ```
/// use colcrime::kinds::coint::CointOptions;
/// let o: CointOptions = toml::from_str("y = \"log(robbery)\"\nx = [\"cpi\", \"unemployment\"]").unwrap();
/// assert_eq!(o.x, vec!["cpi", "unemployment"]);
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct CointOptions {
    /// The dependent series of the cointegrating regression (an expression).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR"))]
    pub y: String,
    /// The other series: expressions separated by commas (or the flag repeated).
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "EXPR[,EXPR]", required = true)
    )]
    #[serde(deserialize_with = "expressions")]
    pub x: Vec<String>,
    /// Lag selection for the residual ADF regression: AIC, BIC, t-stat or none.
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "AIC|none", default_value = "AIC")
    )]
    #[serde(default = "aic")]
    pub autolag: String,
    /// Largest lag of the residual ADF regression.
    #[cfg_attr(feature = "cli", arg(long, value_name = "N"))]
    #[serde(default)]
    pub maxlag: Option<usize>,
}

impl CointOptions {
    /// The `x` expressions, each comma list split.
    fn xs(&self) -> Vec<String> {
        self.x.iter().flat_map(|s| split_top(s)).collect()
    }
}

impl Kind for CointOptions {
    const NAME: &'static str = "coint";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts = super::ResultCharts::NONE;

    fn validate(&self) -> Result<()> {
        Autolag::parse(&self.autolag)?;
        if self.xs().is_empty() {
            return Err(Error::usage("coint: --x needs at least one expression"));
        }
        Ok(())
    }

    fn expressions(&self) -> Vec<String> {
        let mut e = vec![self.y.clone()];
        e.extend(self.xs());
        e
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        self.validate()?;
        let p = CointParams::new()
            .autolag(Autolag::parse(&self.autolag)?)
            .maxlag_opt(self.maxlag);
        let xs = self.xs();
        let exprs = self.expressions();
        let s = TestSample::of(data, &exprs)?;
        let (y, x) = s
            .series
            .split_first()
            .ok_or_else(|| Error::usage("coint: no series"))?;
        let mut r = coint(y, x, &p).map_err(|e| e.context(format!("coint of `{}`", self.y)))?;
        for (name, e) in r.param_names.iter_mut().skip(1).zip(&xs) {
            *name = e.clone();
        }
        let json = with_meta(
            r.to_json(),
            &[("y", json!(self.y)), ("x", json!(xs)), ("sample", s.json())],
        );
        let table = format!(
            "y: {}    x: {}    Sample: {} to {}\n{}",
            self.y,
            xs.join(", "),
            s.start,
            s.end,
            r.summary()
        );
        super::finite::check_test_json("coint", &json)?;
        let t = TestReport::new(exprs, &s, TestResult::Coint(r));
        Ok(t.into_report(Self::NAME, json, table))
    }
}
