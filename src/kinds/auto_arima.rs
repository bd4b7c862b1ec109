//! The `auto-arima` kind: seasonal ARIMA with the orders chosen
//! automatically (KPSS/seasonal-strength tests for differencing, stepwise
//! AICc search after Hyndman and Khandakar 2008), by exact maximum
//! likelihood; then forecasts, scenarios, backtest and re-fit as `sarima`.

use serde::{Deserialize, Serialize};

use super::{Kind, List, ModelData, Report};
use crate::error::{Error, Result};
use crate::series::Frame;

fn yes() -> bool {
    true
}

/// Options of `fit auto-arima` and of a workspace `kind = "auto-arima"`
/// table.
///
/// ```
/// use colcrime::kinds::auto_arima::AutoArimaOptions;
/// let o: AutoArimaOptions = toml::from_str("series = \"log(y)\"\nperiod = 4").unwrap();
/// assert!(o.stepwise);
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct AutoArimaOptions {
    /// The series: an expression, several separated by commas, or `*` for
    /// every numeric column (each is searched separately, in parallel).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR"))]
    pub series: String,
    /// Seasonal period (default from the data: 12 monthly, 4 quarterly,
    /// otherwise 1 = non-seasonal).
    #[cfg_attr(feature = "cli", arg(long, value_name = "M"))]
    #[serde(default)]
    pub period: Option<usize>,
    /// Exogenous regressors (expressions, comma separated): a regression
    /// with ARIMA errors.
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR,..."))]
    #[serde(default)]
    pub exog: Option<List<String>>,
    /// Stepwise search (Hyndman & Khandakar 2008); `false` fits every model
    /// with p + q + P + Q <= max_order.
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)
    )]
    #[serde(default = "yes")]
    pub stepwise: bool,
    /// Largest p (default 5).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub max_p: Option<usize>,
    /// Largest q (default 5).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub max_q: Option<usize>,
    /// Largest seasonal P (default 2).
    #[cfg_attr(feature = "cli", arg(long = "max-P"))]
    #[serde(default, rename = "max_P")]
    pub max_sp: Option<usize>,
    /// Largest seasonal Q (default 2).
    #[cfg_attr(feature = "cli", arg(long = "max-Q"))]
    #[serde(default, rename = "max_Q")]
    pub max_sq: Option<usize>,
    /// Largest p + q + P + Q (exhaustive search; default 5).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub max_order: Option<usize>,
    /// Largest d (default 2).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub max_d: Option<usize>,
    /// Largest D (default 1).
    #[cfg_attr(feature = "cli", arg(long = "max-D"))]
    #[serde(default, rename = "max_D")]
    pub max_sd: Option<usize>,
    /// Fix d instead of testing.
    #[cfg_attr(feature = "cli", arg(long = "d", value_name = "D"))]
    #[serde(default)]
    pub d: Option<usize>,
    /// Fix D instead of testing.
    #[cfg_attr(feature = "cli", arg(long = "D", value_name = "D"))]
    #[serde(default, rename = "D")]
    pub sd: Option<usize>,
    /// Significance level of the KPSS tests (default 0.05).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub alpha: Option<f64>,
    /// Never include a constant (mean or drift).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub no_constant: bool,
    /// Forecast horizon (default: the future rows of the regressors, or two
    /// years of periods).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub horizon: Option<usize>,
    /// Prediction interval levels in percent (default 80,95).
    #[cfg_attr(feature = "cli", arg(long, value_name = "L1,L2"))]
    #[serde(default, alias = "levels")]
    pub level: Option<List<f64>>,
    /// `exp` when `series` is `log(...)` of the quantity to report:
    /// forecasts are transformed back (medians, log-normal bands).
    #[cfg_attr(feature = "cli", arg(long, value_name = "none|exp"))]
    #[serde(default)]
    pub back_transform: Option<String>,
    /// Rolling-origin evaluation from this many origins (the chosen orders
    /// re-fitted at each).
    #[cfg_attr(feature = "cli", arg(long, value_name = "ORIGINS"))]
    #[serde(default)]
    pub backtest: Option<usize>,
}

impl AutoArimaOptions {
    /// The regressor expressions.
    ///
    /// ```
    /// use colcrime::kinds::auto_arima::AutoArimaOptions;
    /// let o: AutoArimaOptions = toml::from_str("series = \"y\"").unwrap();
    /// assert!(o.exog_names().is_empty());
    /// ```
    pub fn exog_names(&self) -> Vec<String> {
        self.exog.as_ref().map(|e| e.0.clone()).unwrap_or_default()
    }
}

impl Kind for AutoArimaOptions {
    const NAME: &'static str = "auto-arima";
    const TIME_SERIES: bool = true;

    fn validate(&self) -> Result<()> {
        Ok(())
    }

    fn expressions(&self) -> Vec<String> {
        let mut v = vec![self.series.clone()];
        v.extend(self.exog_names());
        v
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let _ = data;
        Err(Error::other("the auto-arima kind is not wired yet"))
    }

    fn regressors(&self) -> Vec<String> {
        self.exog_names()
    }

    fn batch(&self, frame: &Frame) -> Option<Vec<String>> {
        super::batch_names(&self.series, frame, &self.exog_names())
    }

    fn for_series(&self, series: &str) -> Self {
        AutoArimaOptions {
            series: series.to_string(),
            ..self.clone()
        }
    }
}
