//! The `auto-arima` kind: seasonal ARIMA with the orders chosen
//! automatically (KPSS/seasonal-strength tests for differencing, stepwise
//! AICc search after Hyndman and Khandakar 2008), by exact maximum
//! likelihood; then forecasts, backtest and re-fit as `sarima`.
//!
//! The search minimises R forecast's AICc
//! `-2 llf + 2k + 2k(k+1)/(n - k - 1)` over neighbouring orders
//! ([Hyndman & Khandakar 2008](https://doi.org/10.18637/jss.v027.i03)).
//!
//! ```
//! use colcrime::kinds::{KindOptions, ModelData};
//! use colcrime::series::Frame;
//! let mut csv = String::from("date,y\n");
//! for t in 0..48 {
//!     csv.push_str(&format!("{} Q{},{}\n", 2010 + t / 4, t % 4 + 1, 10.0 + ((t * 7) % 5) as f64 + 0.2 * t as f64));
//! }
//! let f = Frame::from_csv_str("d.csv", &csv)?;
//! let t: toml::Table = toml::from_str("series = \"y\"\nhorizon = 4")?;
//! let r = KindOptions::from_table("auto-arima", t)?.fit(&ModelData::new(&f, 0..48)?)?;
//! assert_eq!(r.json["period"], 4);
//! assert!(!r.json["models_tried"].as_array().unwrap().is_empty());
//! assert_eq!(r.forecast.unwrap().point.len(), 4);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use super::arima_run::{self, Choice};
use super::sarima::SarimaOptions;
use super::{Kind, List, ModelData, Report};
use crate::error::{Error, Result};
use crate::models::arima::auto::AutoArimaParams;
use crate::models::arima::search::Approximation;
use crate::models::backtest::BacktestResult;
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
    /// An approximate (conditional-sum-of-squares) search before the exact
    /// one: `auto` (default, R's rule: more than 150 observations or a
    /// period above 12), `true` or `false`. The exact search runs either
    /// way and the lowest exact AICc of both is chosen.
    #[cfg_attr(feature = "cli", arg(long, value_name = "auto|true|false"))]
    #[serde(default)]
    pub approximation: Option<String>,
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
    /// With regressors, their values over each backtest horizon: `realised`
    /// (default) or `arima` (each one's own forecast made at the origin).
    #[cfg_attr(feature = "cli", arg(long, value_name = "realised|arima"))]
    #[serde(default)]
    pub backtest_exog: Option<String>,
    /// ARIMA order p,d,q of the regressors' own models in a backtest with
    /// backtest_exog = arima (default: chosen automatically).
    #[cfg_attr(feature = "cli", arg(long, value_name = "P,D,Q"))]
    #[serde(default)]
    pub driver_order: Option<List<usize>>,
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

    /// The search's settings, with seasonal period `period` unless the
    /// options give one (R forecast's defaults otherwise).
    ///
    /// # Errors
    /// A period of 0 or a KPSS level outside (0, 1).
    ///
    /// ```
    /// use colcrime::kinds::auto_arima::AutoArimaOptions;
    /// let o: AutoArimaOptions = toml::from_str("series = \"y\"\nmax_p = 2\nD = 1").unwrap();
    /// let p = o.params(12).unwrap();
    /// assert_eq!((p.period, p.max_p, p.sd), (12, 2, Some(1)));
    /// ```
    pub fn params(&self, period: usize) -> Result<AutoArimaParams> {
        let period = self.period.unwrap_or(period);
        if period == 0 {
            return Err(Error::usage("period (--period) must be at least 1"));
        }
        let mut p = AutoArimaParams::new(period);
        let or = |v: Option<usize>, d: usize| v.unwrap_or(d);
        p.max_p = or(self.max_p, p.max_p);
        p.max_q = or(self.max_q, p.max_q);
        p.max_sp = or(self.max_sp, p.max_sp);
        p.max_sq = or(self.max_sq, p.max_sq);
        p.max_order = or(self.max_order, p.max_order);
        p.max_d = or(self.max_d, p.max_d);
        p.max_sd = or(self.max_sd, p.max_sd);
        p.d = self.d;
        p.sd = self.sd;
        p.stepwise = self.stepwise;
        if let Some(a) = &self.approximation {
            p.approximation = Approximation::parse(a)?;
        }
        p.alpha = self.alpha.unwrap_or(p.alpha);
        if !(p.alpha > 0.0 && p.alpha < 1.0) {
            return Err(Error::usage(format!(
                "alpha = {}: the KPSS significance level must lie in (0, 1)",
                p.alpha
            )));
        }
        p.allow_constant = !self.no_constant;
        p.exog_names = self.exog_names();
        Ok(p)
    }

    /// The forecast, backtest and re-fit settings, which `sarima` shares.
    fn run_options(&self) -> SarimaOptions {
        SarimaOptions {
            series: self.series.clone(),
            exog: self.exog.clone(),
            horizon: self.horizon,
            level: self.level.clone(),
            back_transform: self.back_transform.clone(),
            backtest: self.backtest,
            backtest_exog: self.backtest_exog.clone(),
            driver_order: self.driver_order.clone(),
            ..SarimaOptions::default()
        }
    }
}

impl Kind for AutoArimaOptions {
    const NAME: &'static str = "auto-arima";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts =
        super::ResultCharts::ARIMA.named(&["auto-arima", "auto_arima"]);

    fn validate(&self) -> Result<()> {
        self.params(1)?;
        arima_run::check(&self.run_options())
    }

    fn expressions(&self) -> Vec<String> {
        let mut v = vec![self.series.clone()];
        v.extend(self.exog_names());
        v
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        self.validate()?;
        let params = self.params(data.season().unwrap_or(1))?;
        arima_run::fit(
            &self.run_options(),
            Self::NAME,
            Choice::Search(params),
            data,
        )
    }

    const FORECASTS: bool = true;

    fn backtest(&self, data: &ModelData<'_>, origins: usize) -> Result<BacktestResult> {
        self.validate()?;
        let params = self.params(data.season().unwrap_or(1))?;
        arima_run::backtest(
            &self.run_options(),
            Self::NAME,
            Choice::Search(params),
            data,
            origins,
        )
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
