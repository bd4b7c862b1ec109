//! What a kind's saved results draw (`colcrime chart RESULT.json`): each
//! kind declares its charts ([`Kind::CHARTS`](super::Kind::CHARTS)), and
//! the chart command reads the kind from the result's `kind` and asks the
//! registry ([`charts_of`](super::registry::charts_of)).

/// A chart drawn from a saved result.
///
/// ```
/// use colcrime::kinds::ChartUse;
/// assert_eq!(ChartUse::Residuals.name(), "residuals");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ChartUse {
    /// Forecast fan chart (history, point forecast, 80% and 95% bands).
    Fan,
    /// Coefficient (forest) plot with 95% confidence intervals.
    Coef,
    /// Residual diagnostics: over time, histogram, ACF, normal Q-Q.
    Residuals,
    /// ACF and PACF of the residuals with ±1.96/√n bounds.
    Acf,
    /// VAR impulse-response panels.
    Irf,
}

impl ChartUse {
    /// The chart's name (`--kind fan`, file suffixes, the JSON output).
    ///
    /// ```
    /// # use colcrime::kinds::ChartUse;
    /// assert_eq!(ChartUse::Irf.name(), "irf");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ChartUse::Fan => "fan",
            ChartUse::Coef => "coef",
            ChartUse::Residuals => "residuals",
            ChartUse::Acf => "acf",
            ChartUse::Irf => "irf",
        }
    }
}

/// The charts a kind's results draw, and how to read its residuals.
///
/// ```
/// use colcrime::kinds::{ChartUse, ResultCharts};
/// let c = ResultCharts::REGRESSION;
/// assert_eq!(c.default, &[ChartUse::Coef, ChartUse::Residuals]);
/// assert!(!c.names("ols") && c.residuals == "residuals");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultCharts {
    /// The charts drawn when none is asked for, in order; each is drawn
    /// when the result holds what it needs, and the coefficient plot only
    /// when there is no fan chart (a forecast is the headline of a
    /// forecasting model).
    pub default: &'static [ChartUse],
    /// What its residuals are, in words (a chart's subtitle).
    pub residuals: &'static str,
    /// Its residuals end at the sample's last period (differencing drops
    /// the first observations), when they do not span the whole sample.
    pub residuals_at_end: bool,
    /// How results written before they carried `kind` name the model in
    /// `model`: lower-case names, or prefixes ending in `(`
    /// (`sarimax(`).
    pub model_names: &'static [&'static str],
    /// Why a residual chart cannot be drawn from a result without
    /// residuals (`{model}` stands for the result's model).
    pub no_residuals: &'static str,
    /// Why its coefficients cannot be drawn, when they cannot.
    pub no_coefficients: Option<&'static str>,
}

impl ResultCharts {
    /// A regression: its coefficients and residual diagnostics.
    pub const REGRESSION: ResultCharts = ResultCharts {
        default: &[ChartUse::Coef, ChartUse::Residuals],
        residuals: "residuals",
        residuals_at_end: false,
        model_names: &[],
        no_residuals: "the {model} result carries no `resid`",
        no_coefficients: None,
    };

    /// A forecasting model: its fan chart and the ACF of its one-step
    /// residuals.
    pub const FORECAST: ResultCharts = ResultCharts {
        default: &[ChartUse::Fan, ChartUse::Acf],
        residuals: "one-step residuals",
        residuals_at_end: false,
        model_names: &[],
        no_residuals: "the result has no `resid` array",
        no_coefficients: None,
    };

    /// An ARIMA model: its fan chart (its coefficients without a
    /// forecast) and the ACF of its one-step residuals, which are those of
    /// the differenced series and so end at the sample's last period.
    pub const ARIMA: ResultCharts = ResultCharts {
        default: &[ChartUse::Fan, ChartUse::Coef, ChartUse::Acf],
        residuals: "one-step residuals of the differenced series",
        residuals_at_end: true,
        model_names: &[],
        no_residuals: "the SARIMA result has no `resid` (written by `fit sarima`, `fit auto-arima` and `colcrime run`; re-fit to add it)",
        no_coefficients: None,
    };

    /// A VAR: its impulse responses.
    pub const IRF: ResultCharts = ResultCharts {
        default: &[ChartUse::Irf],
        residuals: "residuals",
        residuals_at_end: false,
        model_names: &[],
        no_residuals: "a VAR result carries no residual series",
        no_coefficients: Some("charts of VAR coefficient matrices are not supported (use irf)"),
    };

    /// Nothing to draw (statistical tests).
    pub const NONE: ResultCharts = ResultCharts {
        default: &[],
        residuals: "residuals",
        residuals_at_end: false,
        model_names: &[],
        no_residuals: "the result has no `resid` array",
        no_coefficients: None,
    };

    /// A result of no known kind: a fan chart if it holds a forecast,
    /// else its coefficients; residual diagnostics for a regression (with
    /// fitted values), else the ACF of its residuals.
    pub const ANY: ResultCharts = ResultCharts {
        default: &[
            ChartUse::Fan,
            ChartUse::Coef,
            ChartUse::Residuals,
            ChartUse::Acf,
        ],
        residuals: "residuals",
        residuals_at_end: false,
        model_names: &[],
        no_residuals: "the result has no `resid` array",
        no_coefficients: None,
    };

    /// The same charts, with the names results of the kind wrote in
    /// `model` before they carried `kind`.
    ///
    /// ```
    /// # use colcrime::kinds::ResultCharts;
    /// let c = ResultCharts::FORECAST.named(&["ets("]);
    /// assert!(c.names("ETS(A,N,N)"));
    /// ```
    pub const fn named(self, names: &'static [&'static str]) -> ResultCharts {
        ResultCharts {
            model_names: names,
            ..self
        }
    }

    /// Whether `model` (a result's `model`) is one of
    /// [`ResultCharts::model_names`], ignoring case.
    ///
    /// ```
    /// # use colcrime::kinds::ResultCharts;
    /// let c = ResultCharts::REGRESSION.named(&["ols"]);
    /// assert!(c.names("OLS") && !c.names("glm"));
    /// ```
    pub fn names(&self, model: &str) -> bool {
        let l = model.to_ascii_lowercase();
        self.model_names.iter().any(|n| {
            if n.ends_with('(') {
                l.starts_with(n)
            } else {
                l == *n
            }
        })
    }
}
