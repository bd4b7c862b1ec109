//! The `sarima` kind: seasonal ARIMA with exogenous regressors by exact
//! maximum likelihood (Kalman filter), its forecasts, scenario forecasts,
//! backtest and re-fit.
//!
//! ```text
//! y_t = x_t' β + u_t,   (1 - B)^d (1 - B^s)^D u_t = c + η_t,
//! φ(B) Φ(B^s) η_t = θ(B) Θ(B^s) ε_t,   ε_t ~ N(0, σ²)
//! ```
//!
//! (see [`crate::models::arima`]; Harvey 1989 for the exact likelihood by
//! the Kalman filter). The run itself is shared with `auto-arima`.
//!
//! ```
//! use colcrime::kinds::{KindOptions, ModelData};
//! use colcrime::series::Frame;
//! let mut csv = String::from("date,y\n");
//! for t in 0..40 {
//!     csv.push_str(&format!("{}-{:02},{}\n", 2020 + t / 12, t % 12 + 1, (t as f64 * 0.7).sin() + 0.1 * t as f64));
//! }
//! let f = Frame::from_csv_str("d.csv", &csv)?;
//! let t: toml::Table = toml::from_str("series = \"y\"\norder = [1, 1, 0]\nhorizon = 3")?;
//! let r = KindOptions::from_table("sarima", t)?.fit(&ModelData::new(&f, 0..40)?)?;
//! assert_eq!(r.coefficients[0].name, "ar.L1");
//! assert_eq!(r.forecast.unwrap().point.len(), 3);
//! assert_eq!(r.json["fitted_model"]["order"][0], 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use super::arima_run::{self, Choice};
use super::{Kind, List, ModelData, Report};
use crate::error::{Error, Result};
use crate::models::arima::SarimaParams;
use crate::models::backtest::BacktestResult;
use crate::series::Frame;

/// Options of `fit sarima` and of a workspace `kind = "sarima"` table.
///
/// ```
/// use colcrime::kinds::sarima::SarimaOptions;
/// let o: SarimaOptions = toml::from_str("series = \"log(y)\"\norder = [1, 1, 1]\nseasonal = [0, 1, 1, 4]").unwrap();
/// assert_eq!(o.seasonal.unwrap().0, vec![0, 1, 1, 4]);
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct SarimaOptions {
    /// The series: an expression, several separated by commas, or `*` for
    /// every numeric column (each is fitted separately, in parallel).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR"))]
    pub series: String,
    /// Non-seasonal order p,d,q (default 1,1,1).
    #[cfg_attr(feature = "cli", arg(long, value_name = "P,D,Q"))]
    #[serde(default)]
    pub order: Option<List<usize>>,
    /// Seasonal order P,D,Q,s.
    #[cfg_attr(feature = "cli", arg(long, value_name = "P,D,Q,S"))]
    #[serde(default)]
    pub seasonal: Option<List<usize>>,
    /// A constant in the differenced equation (the mean when d = D = 0).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub drift: bool,
    /// Exogenous regressors (expressions, comma separated).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR,..."))]
    #[serde(default)]
    pub exog: Option<List<String>>,
    /// Evaluate at these parameters (drift, exog, ar, ma, seasonal ar,
    /// seasonal ma [, sigma2]) instead of estimating them.
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "V1,V2,...", allow_hyphen_values = true)
    )]
    #[serde(default)]
    pub fixed_params: Option<List<f64>>,
    /// Forecast horizon (default: to the last period a scenario sets, else
    /// the future rows of the regressors, else two years of periods).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub horizon: Option<usize>,
    /// Prediction interval levels in percent (default 80,95).
    #[cfg_attr(feature = "cli", arg(long, value_name = "L1,L2"))]
    #[serde(default, alias = "levels")]
    pub level: Option<List<f64>>,
    /// Scenario file(s): CSV with a `date` column, one column per `--exog`
    /// expression and optionally a `scenario` column naming several
    /// scenarios. Each is forecast under its regressor path (`scenarios`
    /// in the JSON); periods it leaves open take observed values.
    #[cfg_attr(feature = "cli", arg(long, value_name = "FILE"))]
    #[serde(default)]
    pub scenario: Vec<std::path::PathBuf>,
    /// Scenarios declared in the workspace (`[scenarios.NAME]`), by name.
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(default)]
    pub scenarios: Vec<String>,
    /// What scenario intervals carry besides the innovations: `none` (the
    /// path is known; the default), `driver` (each regressor's own ARIMA
    /// uncertainty around it), `params` (the coefficients' estimation
    /// uncertainty, by the delta method) or `all` (both).
    #[cfg_attr(feature = "cli", arg(long, value_name = "none|driver|params|all"))]
    #[serde(default)]
    pub scenario_uncertainty: Option<String>,
    /// Scenario intervals: `analytic` (exact Gaussian; the default) or
    /// `simulation` (seeded joint Monte Carlo).
    #[cfg_attr(feature = "cli", arg(long, value_name = "analytic|simulation"))]
    #[serde(default)]
    pub scenario_method: Option<String>,
    /// Simulated paths for scenario_method = simulation (default 2000).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub draws: Option<usize>,
    /// Seed for scenario_method = simulation (default 42).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub seed: Option<u64>,
    /// ARIMA order p,d,q of the regressors' own models (default: chosen
    /// automatically, non-seasonal).
    #[cfg_attr(feature = "cli", arg(long, value_name = "P,D,Q"))]
    #[serde(default)]
    pub driver_order: Option<List<usize>>,
    /// `exp` when `series` is `log(...)` of the quantity to report:
    /// forecasts are transformed back (medians, log-normal bands); `none`
    /// (default) otherwise.
    #[cfg_attr(feature = "cli", arg(long, value_name = "none|exp"))]
    #[serde(default)]
    pub back_transform: Option<String>,
    /// Rolling-origin evaluation from this many origins: re-fit at each,
    /// forecast `horizon` steps, score against the outturn and the naive
    /// benchmarks.
    #[cfg_attr(feature = "cli", arg(long, value_name = "ORIGINS"))]
    #[serde(default)]
    pub backtest: Option<usize>,
    /// With regressors: their values over each backtest horizon, `realised`
    /// (default) or `arima` (each regressor's own forecast made at the
    /// origin, order `driver_order`).
    #[cfg_attr(feature = "cli", arg(long, value_name = "realised|arima"))]
    #[serde(default)]
    pub backtest_exog: Option<String>,
}

impl SarimaOptions {
    /// The regressor expressions.
    ///
    /// ```
    /// use colcrime::kinds::sarima::SarimaOptions;
    /// let o: SarimaOptions = toml::from_str("series = \"y\"\nexog = \"lag(x, 1),z\"").unwrap();
    /// assert_eq!(o.exog_names(), ["lag(x, 1)", "z"]);
    /// ```
    pub fn exog_names(&self) -> Vec<String> {
        self.exog.as_ref().map(|e| e.0.clone()).unwrap_or_default()
    }

    /// The model: orders (default ARIMA(1,1,1)), seasonal orders, drift,
    /// regressors and fixed parameters, checked as far as they can be
    /// without data.
    ///
    /// # Errors
    /// An order that is not three (seasonal: four) numbers, a seasonal
    /// period below 2, differencing too high, or fixed parameters of the
    /// wrong number.
    ///
    /// ```
    /// use colcrime::kinds::sarima::SarimaOptions;
    /// let o: SarimaOptions = toml::from_str("series = \"y\"\nseasonal = [0, 1, 1, 4]\nexog = [\"x\"]").unwrap();
    /// assert_eq!(o.params().unwrap().param_names(1), ["x", "ar.L1", "ma.L1", "ma.S.L4"]);
    /// let bad: SarimaOptions = toml::from_str("series = \"y\"\norder = [1, 1]").unwrap();
    /// assert!(bad.params().unwrap_err().to_string().contains("order"));
    /// ```
    pub fn params(&self) -> Result<SarimaParams> {
        let order = arima_run::triple(self.order.as_ref(), "order")?.unwrap_or((1, 1, 1));
        let exog = self.exog_names();
        let mut spec = SarimaParams::new(order)
            .drift(self.drift)
            .exog_names(exog.clone());
        match self.seasonal.as_ref().map(List::as_slice) {
            None => {}
            Some(&[sp, sd, sq, s]) => spec = spec.seasonal((sp, sd, sq, s)),
            Some(o) => {
                return Err(Error::usage(format!(
                    "seasonal = {o:?}: expected four orders P, D, Q, s"
                )));
            }
        }
        if let Some(f) = &self.fixed_params {
            spec = spec.fixed_params(f.0.clone());
        }
        // The orders alone: any series long enough for them.
        spec.validate(usize::MAX / 2, exog.len())?;
        Ok(spec)
    }
}

impl Kind for SarimaOptions {
    const NAME: &'static str = "sarima";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts =
        super::ResultCharts::ARIMA.named(&["sarima", "arima", "sarimax(", "arima("]);

    fn validate(&self) -> Result<()> {
        self.params()?;
        arima_run::check(self)
    }

    fn expressions(&self) -> Vec<String> {
        let mut v = vec![self.series.clone()];
        v.extend(self.exog_names());
        v
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        self.validate()?;
        arima_run::fit(self, Self::NAME, Choice::Given(self.params()?), data)
    }

    const FORECASTS: bool = true;

    fn backtest(&self, data: &ModelData<'_>, origins: usize) -> Result<BacktestResult> {
        self.validate()?;
        arima_run::backtest(
            self,
            Self::NAME,
            Choice::Given(self.params()?),
            data,
            origins,
        )
    }

    fn scenario_names(&self) -> Vec<String> {
        self.scenarios.clone()
    }

    fn regressors(&self) -> Vec<String> {
        self.exog_names()
    }

    fn batch(&self, frame: &Frame) -> Option<Vec<String>> {
        super::batch_names(&self.series, frame, &self.exog_names())
    }

    fn for_series(&self, series: &str) -> Self {
        SarimaOptions {
            series: series.to_string(),
            ..self.clone()
        }
    }
}
