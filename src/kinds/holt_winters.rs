//! The `holt-winters` kind: Holt-Winters exponential smoothing by least
//! squares (statsmodels' `ExponentialSmoothing(...).fit()`).

use serde::{Deserialize, Serialize};

use super::ets::{SEED, SIMULATIONS};
use super::smoothing::{finish, fit_stats, period, residuals, sample};
use super::{Detail, Kind, List, ModelData, Report};
use crate::error::Result;
use crate::models::backtest::BacktestResult;
use crate::models::ets::{HoltWintersParams, SeasonalType, TrendType};
use crate::series::Frame;

/// Options of `fit holt-winters` and of a workspace `kind = "holt-winters"`
/// table.
///
/// ```
/// use colcrime::kinds::holt_winters::HoltWintersOptions;
/// let o: HoltWintersOptions = toml::from_str("series = \"y\"\ntrend = \"add\"\nseasonal = \"mul\"\nperiod = 4").unwrap();
/// assert_eq!(o.seasonal.as_deref(), Some("mul"));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct HoltWintersOptions {
    /// The series: an expression, several separated by commas, or `*`.
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR"))]
    pub series: String,
    /// Trend: none (default), add or add_damped.
    #[cfg_attr(feature = "cli", arg(long, value_name = "none|add|add_damped"))]
    #[serde(default)]
    pub trend: Option<String>,
    /// Seasonal component: none (default), add or mul.
    #[cfg_attr(feature = "cli", arg(long, value_name = "none|add|mul"))]
    #[serde(default)]
    pub seasonal: Option<String>,
    /// Observations per seasonal cycle (default: 12 monthly, 4 quarterly).
    #[cfg_attr(feature = "cli", arg(long, value_name = "M"))]
    #[serde(default)]
    pub period: Option<usize>,
    /// Evaluate at these parameters: smoothing_level, smoothing_trend,
    /// smoothing_seasonal, damping_trend, initial_level, initial_trend,
    /// initial_seasons.0 (first observation's season) ... initial_seasons.{m-1}.
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "V1,V2,...", allow_hyphen_values = true)
    )]
    #[serde(default)]
    pub fixed_params: Option<List<f64>>,
    /// Forecast horizon (default: two years of periods).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub horizon: Option<usize>,
    /// Prediction interval levels in percent (default 80,95).
    #[cfg_attr(feature = "cli", arg(long, value_name = "L1,L2"))]
    #[serde(default, alias = "levels")]
    pub level: Option<List<f64>>,
    /// Simulated paths for the intervals of multiplicative seasonal models
    /// (default 5000).
    #[cfg_attr(feature = "cli", arg(long, value_name = "N"))]
    #[serde(default)]
    pub simulations: Option<usize>,
    /// Seed of the simulated intervals (default 20240101).
    #[cfg_attr(feature = "cli", arg(long, value_name = "S"))]
    #[serde(default)]
    pub seed: Option<u64>,
}

impl Kind for HoltWintersOptions {
    const NAME: &'static str = "holt-winters";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts =
        super::ResultCharts::FORECAST.named(&["holt-winters", "holt_winters"]);

    fn validate(&self) -> Result<()> {
        TrendType::parse(self.trend.as_deref().unwrap_or("none"))
            .map_err(|e| crate::error::Error::usage(format!("trend: {e}")))?;
        SeasonalType::parse(self.seasonal.as_deref().unwrap_or("none"))
            .map_err(|e| crate::error::Error::usage(format!("seasonal: {e}")))?;
        Ok(())
    }

    fn expressions(&self) -> Vec<String> {
        vec![self.series.clone()]
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let expr = self.series.as_str();
        let (y, first, last) = sample(data, expr)?;
        let h = self.horizon.unwrap_or_else(|| data.default_horizon());
        let levels = self.level.clone().map_or_else(|| vec![80.0, 95.0], |l| l.0);
        let trend = TrendType::parse(self.trend.as_deref().unwrap_or("none"))?;
        let seasonal = SeasonalType::parse(self.seasonal.as_deref().unwrap_or("none"))?;
        let m = period(seasonal, self.period, data)?;
        let mut spec = HoltWintersParams::new()
            .trend(trend)
            .seasonal(seasonal, m)
            .simulation(
                self.simulations.unwrap_or(SIMULATIONS),
                self.seed.unwrap_or(SEED),
            );
        if let Some(fp) = &self.fixed_params {
            spec = spec.fixed_params(fp.0.clone());
        }
        let fit = spec.fit(&y)?;
        let f = (h > 0)
            .then(|| fit.forecast_at(data.future_periods(last, h), &levels))
            .transpose()?;
        let report = Report::new(Self::NAME, fit.to_json(), fit.summary(expr));
        let mut report = finish(report, f, data, expr, &y, (first, last));
        report.residuals = residuals(data, expr, first, &fit.resid);
        report.sections = vec![crate::doc::Block::Para(format!(
            "Fitted by least squares: {} observations, sum of squared errors {}.",
            crate::doc::words::fmt_count(fit.nobs as f64),
            crate::doc::words::fmt_num(fit.sse, 5)
        ))];
        report.fit_stats = fit_stats(fit.nobs, fit.llf, fit.aic);
        report.detail = Detail::HoltWinters(Box::new(fit));
        Ok(report)
    }

    const FORECASTS: bool = true;

    fn backtest(&self, data: &ModelData<'_>, origins: usize) -> Result<BacktestResult> {
        self.validate()?;
        super::smoothing::backtest(
            &self.series,
            data,
            (origins, self.horizon, self.period),
            self.level.as_ref(),
            |h| HoltWintersOptions {
                horizon: Some(h),
                ..self.clone()
            },
        )
    }

    fn batch(&self, frame: &Frame) -> Option<Vec<String>> {
        super::batch_names(&self.series, frame, &[])
    }

    fn for_series(&self, series: &str) -> Self {
        HoltWintersOptions {
            series: series.to_string(),
            ..self.clone()
        }
    }
}
