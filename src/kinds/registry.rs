//! The registry: every model kind, once. Adding a kind is one line in
//! [`with_kinds!`]; the workspace's model tables, the `colcrime fit`
//! subcommands (from its `models`), the `colcrime test` subcommands (from
//! its `tests`) and the dispatch below are generated from it.

use serde::Serialize;

use super::{Kind, ModelData, Report};
use crate::error::{Error, Result};
use crate::series::Frame;

/// Calls `$m!` with the lists of kinds, each entry `Variant => "name",
/// options type, "one-line help";`: `models { ... }` (the `colcrime fit`
/// subcommands) and `tests { ... }` (the `colcrime test` subcommands).
/// The one list of model kinds in the program; a workspace model table
/// takes any of them.
macro_rules! with_kinds {
    ($m:ident) => {
        $m! {
            models {
                Ols => "ols", $crate::kinds::ols::OlsOptions,
                    "Ordinary least squares with classical, robust, HAC or clustered covariance and diagnostics.";
                Glm => "glm", $crate::kinds::glm::GlmOptions,
                    "Generalised linear model for counts (Poisson, quasi-Poisson, NB2).";
                Ecm => "ecm", $crate::kinds::ecm::EcmOptions,
                    "Engle-Granger two-step error-correction model.";
                Ardl => "ardl", $crate::kinds::ardl::ArdlOptions,
                    "ARDL with its error-correction form and the Pesaran-Shin-Smith bounds test.";
                Sarima => "sarima", $crate::kinds::sarima::SarimaOptions,
                    "Seasonal ARIMA with exogenous regressors, by exact maximum likelihood.";
                AutoArima => "auto-arima", $crate::kinds::auto_arima::AutoArimaOptions,
                    "Automatic ARIMA order selection (stepwise, Hyndman and Khandakar 2008).";
                Ets => "ets", $crate::kinds::ets::EtsOptions,
                    "ETS state-space exponential smoothing by maximum likelihood.";
                HoltWinters => "holt-winters", $crate::kinds::holt_winters::HoltWintersOptions,
                    "Holt-Winters exponential smoothing by least squares.";
                Var => "var", $crate::kinds::var::VarOptions,
                    "Vector autoregression with lag selection, Granger causality and impulse responses.";
                UnitRoot => "unit_root", $crate::kinds::unit_root::UnitRootOptions,
                    "A table of unit-root (ADF, Zivot-Andrews) and stationarity (KPSS) tests of several series.";
            }
            tests {
                Adf => "adf", $crate::kinds::adf::AdfOptions,
                    "Augmented Dickey-Fuller unit-root test.";
                Kpss => "kpss", $crate::kinds::kpss::KpssOptions,
                    "KPSS stationarity test.";
                Coint => "coint", $crate::kinds::coint::CointOptions,
                    "Engle-Granger cointegration test.";
                Granger => "granger", $crate::kinds::granger::GrangerOptions,
                    "Granger causality tests.";
                Pp => "pp", $crate::kinds::pp::PpOptions,
                    "Phillips-Perron unit-root test.";
                Za => "za", $crate::kinds::za::ZaOptions,
                    "Zivot-Andrews unit-root test with one structural break.";
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use with_kinds;

macro_rules! define_options {
    (models { $($models:tt)* } tests { $($tests:tt)* }) => {
        define_options! { @all $($models)* $($tests)* }

        /// The names of the statistical test kinds (`colcrime test KIND`),
        /// in registry order.
        ///
        /// ```
        /// assert!(colcrime::kinds::TEST_KIND_NAMES.contains(&"adf"));
        /// assert!(!colcrime::kinds::TEST_KIND_NAMES.contains(&"unit_root"));
        /// ```
        pub const TEST_KIND_NAMES: &[&str] = define_options!(@names $($tests)*);
    };
    (@names $( $variant:ident => $name:literal, $ty:ty, $doc:literal; )*) => {
        &[$($name),*]
    };
    (@all $( $variant:ident => $name:literal, $ty:ty, $doc:literal; )*) => {
        /// The options of one model of any kind: a workspace model table or
        /// a `colcrime fit` or `colcrime test` command, tagged by the kind's name.
        #[derive(Debug, Clone, Serialize)]
        #[serde(tag = "kind")]
        #[non_exhaustive]
        pub enum KindOptions {
            $(
                #[doc = $doc]
                #[serde(rename = $name)]
                $variant($ty),
            )*
        }

        /// The names of every model kind, in registry order.
        pub const KIND_NAMES: &[&str] = &[$($name),*];

        /// The charts a saved result of kind `kind` draws
        /// ([`Kind::CHARTS`]); `None` for an unknown kind.
        ///
        /// ```
        /// use colcrime::kinds::{charts_of, ChartUse};
        /// assert_eq!(charts_of("var").unwrap().default, &[ChartUse::Irf]);
        /// assert!(charts_of("adf").unwrap().default.is_empty());
        /// assert!(charts_of("lasso").is_none());
        /// ```
        pub fn charts_of(kind: &str) -> Option<super::ResultCharts> {
            match kind {
                $( $name => Some(<$ty as Kind>::CHARTS), )*
                _ => None,
            }
        }

        /// The charts of a result written before results carried `kind`,
        /// from the model it names in `model` (`SARIMAX(1, 1, 1)`,
        /// `ETS(A,N,N)`, `ols`); `None` when no kind claims it.
        ///
        /// ```
        /// use colcrime::kinds::{charts_of_model, ChartUse};
        /// assert_eq!(charts_of_model("SARIMAX(0, 1, 1)").unwrap().default[0], ChartUse::Fan);
        /// assert!(charts_of_model("robbery_forecast").is_none());
        /// ```
        pub fn charts_of_model(model: &str) -> Option<super::ResultCharts> {
            [$(<$ty as Kind>::CHARTS),*].into_iter().find(|c| c.names(model))
        }

        /// The names of the kinds that forecast a series (and so can be
        /// backtested), in registry order.
        ///
        /// ```
        /// assert!(colcrime::kinds::forecasting_kinds().contains(&"sarima"));
        /// assert!(!colcrime::kinds::forecasting_kinds().contains(&"ols"));
        /// ```
        pub fn forecasting_kinds() -> Vec<&'static str> {
            [$(($name, <$ty as Kind>::FORECASTS)),*]
                .into_iter()
                .filter_map(|(n, f)| f.then_some(n))
                .collect()
        }

        impl KindOptions {
            /// Reads a kind's options from its table (without `kind`).
            ///
            /// # Errors
            /// An unknown kind (listing the known ones), or a key the kind
            /// does not take, or a value of the wrong type.
            ///
            /// ```
            /// use colcrime::kinds::KindOptions;
            /// let t: toml::Table = toml::from_str("formula = \"y ~ x\"\ncov = \"HC1\"").unwrap();
            /// assert_eq!(KindOptions::from_table("ols", t).unwrap().name(), "ols");
            /// let bad: toml::Table = toml::from_str("formla = \"y ~ x\"").unwrap();
            /// assert!(KindOptions::from_table("ols", bad).unwrap_err().to_string().contains("formla"));
            /// ```
            pub fn from_table(kind: &str, table: toml::Table) -> Result<KindOptions> {
                let o = match kind {
                    $(
                        $name => table
                            .try_into::<$ty>()
                            .map(KindOptions::$variant)
                            .map_err(|e| Error::usage(e.message().trim().to_string()))?,
                    )*
                    other => {
                        return Err(Error::usage(format!(
                            "kind = \"{other}\": expected one of {}",
                            KIND_NAMES.join(", ")
                        )));
                    }
                };
                o.validate()?;
                Ok(o)
            }

            /// The kind's name.
            ///
            /// ```
            /// # use colcrime::kinds::KindOptions;
            /// let t: toml::Table = toml::from_str("series = \"y\"").unwrap();
            /// assert_eq!(KindOptions::from_table("ets", t).unwrap().name(), "ets");
            /// ```
            pub fn name(&self) -> &'static str {
                match self { $( KindOptions::$variant(_) => <$ty as Kind>::NAME, )* }
            }

            /// Whether the kind needs a time series (each period once).
            ///
            /// ```
            /// # use colcrime::kinds::KindOptions;
            /// let t: toml::Table = toml::from_str("formula = \"y ~ x\"").unwrap();
            /// assert!(!KindOptions::from_table("glm", t).unwrap().time_series());
            /// ```
            pub fn time_series(&self) -> bool {
                match self { $( KindOptions::$variant(_) => <$ty as Kind>::TIME_SERIES, )* }
            }

            /// [`Kind::validate`] of the kind.
            ///
            /// # Errors
            /// An impossible option.
            pub fn validate(&self) -> Result<()> {
                super::limits::check_options(self)?;
                match self { $( KindOptions::$variant(o) => o.validate(), )* }
            }

            /// [`Kind::expressions`] of the kind.
            ///
            /// ```
            /// # use colcrime::kinds::KindOptions;
            /// let t: toml::Table = toml::from_str("series = \"log(y)\"\nexog = [\"x\"]").unwrap();
            /// assert_eq!(KindOptions::from_table("sarima", t).unwrap().expressions(), ["log(y)", "x"]);
            /// ```
            pub fn expressions(&self) -> Vec<String> {
                match self { $( KindOptions::$variant(o) => o.expressions(), )* }
            }

            /// [`Kind::fit`] of the kind, then the check that the report
            /// states no non-finite estimate, standard error, statistic or
            /// p-value (`finite.rs`); a forecast's JSON gets the `history`
            /// it continues (`{"periods", "values"}`).
            ///
            /// # Errors
            /// Those of the kind's fit; degenerate data (a constant series,
            /// an exact fit, an extreme scale) as a domain error (exit 2).
            pub fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
                let mut report = match self { $( KindOptions::$variant(o) => o.fit(data), )* }
                    .map_err(super::finite::reclassify)?;
                super::finite::check(&report)?;
                let joint = match self { $( KindOptions::$variant(_) => <$ty as Kind>::JOINT_SAMPLE, )* };
                if joint {
                    super::ends::record(&mut report, &self.expressions(), data);
                }
                // A forecast's result carries the history it continues, so
                // that a chart of the result alone shows both.
                if let (Some(_), Some(h)) = (&report.forecast, &report.history)
                    && !report.json.contains_key("history")
                {
                    let periods: Vec<String> = h.periods().iter().map(ToString::to_string).collect();
                    report.json.insert(
                        "history".into(),
                        serde_json::json!({"periods": periods, "values": crate::json::nums(h.values())}),
                    );
                }
                Ok(report)
            }

            /// [`Kind::batch`] of the kind.
            pub fn batch(&self, frame: &Frame) -> Option<Vec<String>> {
                match self { $( KindOptions::$variant(o) => o.batch(frame), )* }
            }

            /// [`Kind::scenario_names`] of the kind.
            pub fn scenario_names(&self) -> Vec<String> {
                match self { $( KindOptions::$variant(o) => o.scenario_names(), )* }
            }

            /// [`Kind::regressors`] of the kind.
            pub fn regressors(&self) -> Vec<String> {
                match self { $( KindOptions::$variant(o) => o.regressors(), )* }
            }

            /// [`Kind::FORECASTS`] of the kind.
            ///
            /// ```
            /// # use colcrime::kinds::KindOptions;
            /// let t: toml::Table = toml::from_str("series = \"y\"").unwrap();
            /// assert!(KindOptions::from_table("ets", t).unwrap().forecasts());
            /// ```
            pub fn forecasts(&self) -> bool {
                match self { $( KindOptions::$variant(_) => <$ty as Kind>::FORECASTS, )* }
            }

            /// [`Kind::backtest`] of the kind.
            ///
            /// # Errors
            /// Those of the kind's backtest.
            pub fn backtest(
                &self,
                data: &ModelData<'_>,
                origins: usize,
            ) -> Result<crate::models::backtest::BacktestResult> {
                match self { $( KindOptions::$variant(o) => o.backtest(data, origins), )* }
            }

            /// [`Kind::for_series`] of the kind.
            pub fn for_series(&self, series: &str) -> KindOptions {
                match self { $( KindOptions::$variant(o) => KindOptions::$variant(o.for_series(series)), )* }
            }
        }
    };
}
with_kinds!(define_options);
