//! The `ets` kind: ETS state-space exponential smoothing by maximum
//! likelihood (statsmodels' `ETSModel`, R's `ets`), one model or the
//! automatic choice by AICc.

use serde::{Deserialize, Serialize};

use super::smoothing::{finish, fit_stats, period, residuals, sample};
use super::{Detail, Kind, List, ModelData, Report};
use crate::doc::words::likelihood_blocks;
use crate::error::{Error, Result};
use crate::models::backtest::BacktestResult;
use crate::models::ets::{ErrorType, EtsParams, SeasonalType, TrendType, select_ets};
use crate::series::Frame;

/// Options of `fit ets` and of a workspace `kind = "ets"` table.
///
/// With `auto` (or `error = "auto"`) every admissible ETS model (errors
/// add/mul, trend none/add/add_damped, season none/add/mul when a period is
/// known) is fitted and the one with the smallest AICc is reported, with all
/// candidates' AICc under `selection` (the selection counts `m - 1` free
/// initial seasonal states, as R's `ets`; see
/// [`selection_aicc`](crate::models::ets::selection_aicc)).
///
/// ```
/// use colcrime::kinds::ets::EtsOptions;
/// let o: EtsOptions = toml::from_str("series = \"log(y)\"\ntrend = \"add\"\nseasonal = \"add\"\nperiod = 4").unwrap();
/// assert_eq!(o.period, Some(4));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct EtsOptions {
    /// The series: an expression, several separated by commas, or `*` for
    /// every numeric column (each is fitted separately, in parallel).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR"))]
    pub series: String,
    /// Error: add (default), mul, or auto (choose the whole model by AICc).
    #[cfg_attr(feature = "cli", arg(long, value_name = "add|mul|auto"))]
    #[serde(default)]
    pub error: Option<String>,
    /// Trend: none (default), add or add_damped.
    #[cfg_attr(feature = "cli", arg(long, value_name = "none|add|add_damped"))]
    #[serde(default)]
    pub trend: Option<String>,
    /// Seasonal component: none (default), add or mul.
    #[cfg_attr(feature = "cli", arg(long, value_name = "none|add|mul"))]
    #[serde(default)]
    pub seasonal: Option<String>,
    /// Observations per seasonal cycle (default: 12 for monthly, 4 for
    /// quarterly data).
    #[cfg_attr(feature = "cli", arg(long, value_name = "M"))]
    #[serde(default)]
    pub period: Option<usize>,
    /// Choose error, trend and season by AICc (same as error = auto).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub auto: bool,
    /// Evaluate at these parameters instead of estimating them, in
    /// statsmodels `ETSModel` order: smoothing_level, smoothing_trend,
    /// smoothing_seasonal, damping_trend, initial_level, initial_trend,
    /// initial_seasonal.0 (= s[-1], the most recent) ... initial_seasonal.{m-1}.
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
    /// Simulated paths for the intervals of non-linear models (default 5000).
    #[cfg_attr(feature = "cli", arg(long, value_name = "N"))]
    #[serde(default)]
    pub simulations: Option<usize>,
    /// Seed of the simulated intervals (default 20240101).
    #[cfg_attr(feature = "cli", arg(long, value_name = "S"))]
    #[serde(default)]
    pub seed: Option<u64>,
}

/// Default simulated paths of the smoothing kinds' intervals.
pub(crate) const SIMULATIONS: usize = 5000;
/// Default seed of the smoothing kinds' simulated intervals.
pub(crate) const SEED: u64 = 20_240_101;

impl EtsOptions {
    fn is_auto(&self) -> bool {
        self.auto
            || self
                .error
                .as_deref()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case("auto"))
    }
}

impl Kind for EtsOptions {
    const NAME: &'static str = "ets";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts = super::ResultCharts::FORECAST.named(&["ets", "ets("]);

    fn validate(&self) -> Result<()> {
        if self.is_auto() {
            if self.fixed_params.is_some() {
                return Err(Error::usage(
                    "fixed_params: cannot be combined with auto (--auto)",
                ));
            }
        } else {
            ErrorType::parse(self.error.as_deref().unwrap_or("add"))
                .map_err(|e| Error::usage(format!("error: {e}")))?;
        }
        TrendType::parse(self.trend.as_deref().unwrap_or("none"))
            .map_err(|e| Error::usage(format!("trend: {e}")))?;
        SeasonalType::parse(self.seasonal.as_deref().unwrap_or("none"))
            .map_err(|e| Error::usage(format!("seasonal: {e}")))?;
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
        let periods = data.future_periods(last, h);
        if self.is_auto() {
            let m = self.period.or_else(|| data.season());
            let sel = select_ets(&y, m)?;
            let fit = &sel.best;
            let f = (h > 0)
                .then(|| fit.forecast_at(periods, &levels))
                .transpose()?;
            let mut table = fit.summary(expr);
            table.push_str(
                "\nModel selection by AICc (free parameters as R's ets counts them: m - 1 initial seasonal states)\n",
            );
            for (n, r) in &sel.candidates {
                match r {
                    Ok(v) => table.push_str(&format!("{n:<8}{v:>14.4}\n")),
                    Err(e) => table.push_str(&format!("{n:<8}  error: {e}\n")),
                }
            }
            let report = Report::new(Self::NAME, fit.to_json(), table).with(
                "selection",
                serde_json::json!({
                    "criterion": "aicc",
                    "parameters_counted": "free: m - 1 initial seasonal states, as R's ets (the fit's own aicc counts m, as statsmodels)",
                    "candidates": sel.candidates_json()
                }),
            );
            let mut report = finish(report, f, data, expr, &y, (first, last));
            report.residuals = residuals(data, expr, first, &fit.resid);
            report.sections = likelihood_blocks(None, fit.nobs as f64, fit.llf, fit.aicc, &[]);
            report.fit_stats = fit_stats(fit.nobs, fit.llf, fit.aic);
            report.detail = Detail::Ets(Box::new(fit.clone()));
            return Ok(report);
        }
        let error = ErrorType::parse(self.error.as_deref().unwrap_or("add"))?;
        let trend = TrendType::parse(self.trend.as_deref().unwrap_or("none"))?;
        let seasonal = SeasonalType::parse(self.seasonal.as_deref().unwrap_or("none"))?;
        let m = period(seasonal, self.period, data)?;
        let mut spec = EtsParams::new(error)
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
            .then(|| fit.forecast_at(periods, &levels))
            .transpose()?;
        let report = Report::new(Self::NAME, fit.to_json(), fit.summary(expr));
        let mut report = finish(report, f, data, expr, &y, (first, last));
        report.residuals = residuals(data, expr, first, &fit.resid);
        report.sections = likelihood_blocks(None, fit.nobs as f64, fit.llf, fit.aicc, &[]);
        report.fit_stats = fit_stats(fit.nobs, fit.llf, fit.aic);
        report.detail = Detail::Ets(Box::new(fit));
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
            |h| EtsOptions {
                horizon: Some(h),
                ..self.clone()
            },
        )
    }

    fn batch(&self, frame: &Frame) -> Option<Vec<String>> {
        super::batch_names(&self.series, frame, &[])
    }

    fn for_series(&self, series: &str) -> Self {
        EtsOptions {
            series: series.to_string(),
            ..self.clone()
        }
    }
}
