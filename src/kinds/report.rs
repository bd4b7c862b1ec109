//! `Report`: what every model kind returns. The command line prints its
//! JSON or table; the workspace writes the JSON and hands the typed parts to
//! the briefing, the charts and the change report, which never read back
//! JSON the program wrote.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::forecast::Forecast;
use crate::models::arima::ScenarioResult;
use crate::series::{Period, Series};

/// One row of a coefficient table.
///
/// ```
/// use colcrime::kinds::Coefficient;
/// let c = Coefficient { name: "cpi_q".into(), estimate: 2.0, se: 1.0, ci: (0.04, 3.96), pvalue: 0.045 };
/// assert!(c.significant(0.05));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coefficient {
    /// Parameter name (`const`, the term's text, `ar.L1`, ...).
    pub name: String,
    /// Estimate.
    pub estimate: f64,
    /// Standard error.
    pub se: f64,
    /// 95% confidence interval.
    pub ci: (f64, f64),
    /// Two-sided p-value.
    pub pvalue: f64,
}

impl Coefficient {
    /// Whether the p-value is below `alpha`.
    ///
    /// ```
    /// # use colcrime::kinds::Coefficient;
    /// let c = Coefficient { name: "x".into(), estimate: 1.0, se: 1.0, ci: (-1.0, 3.0), pvalue: 0.3 };
    /// assert!(!c.significant(0.05));
    /// ```
    pub fn significant(&self, alpha: f64) -> bool {
        self.pvalue < alpha
    }

    /// A table from parallel vectors (statsmodels' `param_names`, `params`,
    /// `bse`, `conf_int`, `pvalues`); missing entries are NaN.
    ///
    /// ```
    /// # use colcrime::kinds::Coefficient;
    /// let t = Coefficient::table(&["const".to_string()], &[1.0], &[0.5], &[[0.0, 2.0]], &[0.04]);
    /// assert_eq!(t[0].ci, (0.0, 2.0));
    /// ```
    pub fn table(
        names: &[String],
        params: &[f64],
        bse: &[f64],
        conf_int: &[[f64; 2]],
        pvalues: &[f64],
    ) -> Vec<Coefficient> {
        let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(f64::NAN);
        names
            .iter()
            .enumerate()
            .map(|(i, n)| Coefficient {
                name: n.clone(),
                estimate: at(params, i),
                se: at(bse, i),
                ci: conf_int
                    .get(i)
                    .map_or((f64::NAN, f64::NAN), |c| (c[0], c[1])),
                pvalue: at(pvalues, i),
            })
            .collect()
    }

    /// A table of several equations' coefficients (a VAR's `params`,
    /// `stderr` and `pvalues`: rows are parameters, columns equations), one
    /// row per equation and parameter named `EQUATION: PARAM`, equation by
    /// equation, with normal 95% intervals `b ± 1.96 se`; missing entries
    /// are NaN.
    ///
    /// ```
    /// # use colcrime::kinds::Coefficient;
    /// let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    /// let t = Coefficient::equations(
    ///     &names(&["a", "b"]), &names(&["const", "L1.a"]),
    ///     &[vec![1.0, 2.0], vec![0.5, 0.25]], &[vec![0.1, 0.2], vec![0.05, 0.05]], &[vec![0.01; 2], vec![0.01; 2]],
    /// );
    /// assert_eq!(t[3].name, "b: L1.a");
    /// assert_eq!(t[3].estimate, 0.25);
    /// assert_eq!(t[1].se, 0.05);
    /// ```
    pub fn equations(
        equations: &[String],
        param_names: &[String],
        params: &[Vec<f64>],
        se: &[Vec<f64>],
        pvalues: &[Vec<f64>],
    ) -> Vec<Coefficient> {
        let q = 1.959_963_984_540_054;
        let at = |m: &[Vec<f64>], i: usize, e: usize| {
            m.get(i).and_then(|r| r.get(e)).copied().unwrap_or(f64::NAN)
        };
        equations
            .iter()
            .enumerate()
            .flat_map(|(e, eq)| {
                param_names.iter().enumerate().map(move |(i, n)| {
                    let (b, s) = (at(params, i, e), at(se, i, e));
                    Coefficient {
                        name: format!("{eq}: {n}"),
                        estimate: b,
                        se: s,
                        ci: (b - q * s, b + q * s),
                        pvalue: at(pvalues, i, e),
                    }
                })
            })
            .collect()
    }
}

/// Fit statistics that a change report compares before and after: those a
/// kind writes at the top of its JSON (`nobs`, `llf`, `aic`, `rsquared`),
/// `None` where it writes none.
///
/// ```
/// use colcrime::kinds::FitStats;
/// let s = FitStats { nobs: Some(40), llf: Some(-12.5), ..FitStats::default() };
/// assert!(s.rsquared.is_none());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FitStats {
    /// Observations used.
    pub nobs: Option<usize>,
    /// Log-likelihood.
    pub llf: Option<f64>,
    /// Akaike information criterion.
    pub aic: Option<f64>,
    /// Coefficient of determination.
    pub rsquared: Option<f64>,
}

/// How a re-fit used a model's previous result: the result's `refit` key,
/// written by kinds that restore a previous fit (SARIMA, automatic ARIMA).
///
/// ```
/// use colcrime::kinds::{RefitInfo, RefitUse};
/// let r: RefitInfo = serde_json::from_str(
///     r#"{"mode": "unchanged", "previous_result": "runs/1/results/m.json", "warm_start": false}"#,
/// ).unwrap();
/// assert_eq!(r.mode, RefitUse::Unchanged);
/// assert_eq!(serde_json::to_value(&r).unwrap()["warm_start"], false);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefitInfo {
    /// What was done with the previous estimates.
    pub mode: RefitUse,
    /// The previous result read.
    pub previous_result: String,
    /// Why the mode differs from the one asked for, or what it means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Whether the optimiser started from the previous estimates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warm_start: Option<bool>,
    /// What became of the backtest (`carried over from the previous
    /// result`), when it was not recomputed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backtest: Option<String>,
}

/// What a re-fit did with a model's previous estimates.
///
/// ```
/// # use colcrime::kinds::RefitUse;
/// assert_eq!(serde_json::to_value(RefitUse::KeepParams).unwrap(), "keep_params");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefitUse {
    /// Kept them and only filtered the new data (`--no-reestimate`).
    KeepParams,
    /// Re-estimated (warm-started from them when the model matched).
    Reestimate,
    /// Kept them because the data and specification had not changed.
    Unchanged,
}

/// A fitted model that a re-fit restores with serde (written into the
/// result as `fitted_model`).
///
/// ```
/// use colcrime::kinds::{FittedModel, SarimaState};
/// let m = FittedModel::Sarima(SarimaState {
///     order: (1, 1, 1), seasonal_order: (0, 1, 1, 4), drift: false, exog_names: vec![],
///     param_names: vec!["ar.L1".into(), "ma.L1".into(), "ma.S.L4".into(), "sigma2".into()],
///     params: vec![0.1, -0.5, -0.6, 0.01], bse: vec![0.1; 4], cov_params: vec![],
/// });
/// let back: FittedModel = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
/// assert_eq!(back, m);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "family", rename_all = "snake_case")]
pub enum FittedModel {
    /// A seasonal ARIMA (also what an automatic ARIMA chose).
    Sarima(SarimaState),
}

/// The state of a fitted SARIMA: its orders and estimates.
///
/// ```
/// # use colcrime::kinds::SarimaState;
/// let s = SarimaState { order: (0, 1, 1), seasonal_order: (0, 0, 0, 0), drift: false, exog_names: vec![],
///     param_names: vec!["ma.L1".into(), "sigma2".into()], params: vec![-0.3, 1.0], bse: vec![0.1, 0.1], cov_params: vec![] };
/// assert_eq!(s.params.len(), s.param_names.len());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SarimaState {
    /// `(p, d, q)`.
    pub order: (usize, usize, usize),
    /// `(P, D, Q, s)`.
    pub seasonal_order: (usize, usize, usize, usize),
    /// A constant in the differenced equation.
    pub drift: bool,
    /// Regressor expressions.
    pub exog_names: Vec<String>,
    /// Parameter names, `sigma2` last.
    pub param_names: Vec<String>,
    /// Estimates, `sigma2` last.
    #[serde(with = "crate::json::nonfinite_vec")]
    pub params: Vec<f64>,
    /// Standard errors.
    #[serde(with = "crate::json::nonfinite_vec")]
    pub bse: Vec<f64>,
    /// Covariance of the estimates, row-major `k x k`; empty if not kept.
    #[serde(with = "crate::json::nonfinite_vec")]
    pub cov_params: Vec<f64>,
}

/// One row of a unit-root table: a series and its tests.
#[derive(Debug, Clone)]
pub struct UnitRootRow {
    /// The series' expression.
    pub series: String,
    /// ADF, if run.
    pub adf: Option<crate::models::unitroot::AdfResult>,
    /// KPSS, if run.
    pub kpss: Option<crate::models::unitroot::KpssResult>,
    /// Zivot–Andrews, if run: the result and the label of the last period
    /// before the break, or why it could not be computed.
    pub za: Option<std::result::Result<(crate::models::unitroot::ZaResult, String), String>>,
    /// The tests' verdict in words.
    pub reading: String,
}

/// The kind-specific typed part of a report, for the briefing and charts.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Detail {
    /// Nothing beyond the common parts.
    None,
    /// Least squares, with its diagnostics when computed.
    Ols(Box<crate::models::ols::OlsResult>),
    /// A count model.
    Glm(Box<crate::models::glm::GlmResult>),
    /// A SARIMA (or the model an automatic ARIMA chose), with its backtest.
    Arima {
        /// The fit.
        fit: Box<crate::models::arima::SarimaFit>,
        /// The backtest, if one was run (or carried over).
        backtest: Option<Box<crate::models::backtest::BacktestResult>>,
        /// How intervals of the scenarios were computed (`none`, `driver`,
        /// `params`, `all`).
        scenario_uncertainty: Option<String>,
        /// The regressors' own models (expression, ARIMA orders text).
        drivers: Vec<(String, String)>,
    },
    /// An ETS model.
    Ets(Box<crate::models::ets::EtsFit>),
    /// A Holt–Winters model.
    HoltWinters(Box<crate::models::ets::HoltWintersFit>),
    /// A VAR, with its orthogonalised impulse responses and their standard
    /// errors when asked for (`irf = H`: H+1 matrices, `[response][shock]`).
    Var {
        /// The fit.
        fit: Box<crate::models::var::VarFit>,
        /// Orthogonalised (Cholesky) impulse responses.
        orth_irf: Vec<ndarray::Array2<f64>>,
        /// Their asymptotic standard errors.
        orth_irf_stderr: Vec<ndarray::Array2<f64>>,
    },
    /// ARDL with its bounds test.
    Ardl(Box<crate::models::ardl::ArdlResult>),
    /// Engle–Granger ECM.
    Ecm(Box<crate::models::ecm::EcmResult>),
    /// Unit-root tests, one row per series.
    UnitRoot(Vec<UnitRootRow>),
    /// One statistical test (`colcrime test ...`).
    Test(Box<super::TestReport>),
}

/// What a model kind returns from a fit.
///
/// ```
/// use colcrime::kinds::{Report, Detail};
/// let r = Report::new("ols", serde_json::json!({"params": [1.0]}), "table".into());
/// assert_eq!(r.json["params"][0], 1.0);
/// assert!(matches!(r.detail, Detail::None));
/// ```
#[derive(Debug, Clone)]
pub struct Report {
    /// The kind's name.
    pub kind: &'static str,
    /// The contract's JSON object (statsmodels' names): an output format.
    pub json: Map<String, Value>,
    /// The human summary, laid out like statsmodels' or R's.
    pub table: String,
    /// The formula of a regression (`y ~ x + ...`).
    pub formula: Option<String>,
    /// The dependent variable's expression, when the model has one.
    pub response: Option<String>,
    /// The coefficient table (empty for models without one).
    pub coefficients: Vec<Coefficient>,
    /// First and last period of the estimation sample.
    pub sample: Option<(Period, Period)>,
    /// Where each series the model uses ends (its last observed period),
    /// for models of several series.
    pub series_ends: Vec<(String, Period)>,
    /// The forecast, on the reported scale.
    pub forecast: Option<Forecast>,
    /// The history the forecast continues, on the reported scale.
    pub history: Option<Series>,
    /// Residuals with their periods (one-step errors of time-series models).
    pub residuals: Option<Series>,
    /// Scenario forecasts on the reported scale; the first is the baseline
    /// in which every regressor follows its own forecast, when there is one.
    pub scenarios: Vec<ScenarioResult>,
    /// The kind's part of the briefing: facts, tables and plain-English
    /// readings.
    pub sections: Vec<crate::doc::Block>,
    /// The kind-specific typed part.
    pub detail: Detail,
    /// The fitted model a re-fit restores.
    pub fitted: Option<FittedModel>,
    /// Fit statistics compared across runs.
    pub fit_stats: FitStats,
    /// How a re-fit used the previous result, for kinds that restore one.
    pub refit: Option<RefitInfo>,
    /// Long float arrays kept out of `json` (whose entry is `null` until
    /// [`Report::to_json`] fills it or [`Report::write_json`] streams it),
    /// when the caller asked for it ([`ModelData::defer_arrays`](super::ModelData)).
    pub(crate) deferred: Vec<(String, Deferred)>,
}

/// Where a float array left out of a report's JSON tree is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deferred {
    /// The residuals of the OLS fit in [`Detail::Ols`].
    OlsResid,
    /// The fitted values of the OLS fit in [`Detail::Ols`].
    OlsFitted,
}

impl Report {
    /// A report with only JSON and table; set the other parts after.
    ///
    /// ```
    /// # use colcrime::kinds::Report;
    /// let r = Report::new("var", serde_json::json!({}), String::new());
    /// assert!(r.forecast.is_none());
    /// ```
    pub fn new(kind: &'static str, json: Value, table: String) -> Report {
        let mut json = match json {
            Value::Object(m) => m,
            other => {
                let mut m = Map::new();
                m.insert("value".into(), other);
                m
            }
        };
        // Every result says which kind produced it (what `colcrime chart`
        // reads to choose its charts).
        json.insert("kind".into(), Value::from(kind));
        Report {
            kind,
            json,
            table,
            formula: None,
            response: None,
            coefficients: Vec::new(),
            sample: None,
            series_ends: Vec::new(),
            forecast: None,
            history: None,
            residuals: None,
            scenarios: Vec::new(),
            sections: Vec::new(),
            detail: Detail::None,
            fitted: None,
            fit_stats: FitStats::default(),
            refit: None,
            deferred: Vec::new(),
        }
    }

    /// Sets a JSON key (builder style).
    ///
    /// ```
    /// # use colcrime::kinds::Report;
    /// let r = Report::new("ols", serde_json::json!({}), String::new()).with("series", "y");
    /// assert_eq!(r.json["series"], "y");
    /// ```
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Report {
        self.json.insert(key.into(), value.into());
        self
    }

    /// What scenario intervals carry (`none`, `driver`, `params`, `all`),
    /// for models that forecast under scenarios.
    ///
    /// ```
    /// # use colcrime::kinds::Report;
    /// assert!(Report::new("ols", serde_json::json!({}), String::new()).scenario_uncertainty().is_none());
    /// ```
    pub fn scenario_uncertainty(&self) -> Option<&str> {
        match &self.detail {
            Detail::Arima {
                scenario_uncertainty,
                ..
            } => scenario_uncertainty.as_deref(),
            _ => None,
        }
    }

    /// The regressors' own models behind scenario intervals: (regressor,
    /// model in words).
    ///
    /// ```
    /// # use colcrime::kinds::Report;
    /// assert!(Report::new("ols", serde_json::json!({}), String::new()).driver_models().is_empty());
    /// ```
    pub fn driver_models(&self) -> &[(String, String)] {
        match &self.detail {
            Detail::Arima { drivers, .. } => drivers,
            _ => &[],
        }
    }

    /// The parameters a change report compares: the coefficient table, or
    /// for a VAR (which has none) every equation's coefficients, named
    /// `EQUATION: PARAM` ([`Coefficient::equations`]).
    ///
    /// ```
    /// # use colcrime::kinds::{Coefficient, Report};
    /// let mut r = Report::new("ols", serde_json::json!({}), String::new());
    /// r.coefficients = Coefficient::table(&["const".to_string()], &[1.0], &[0.5], &[[0.0, 2.0]], &[0.04]);
    /// assert_eq!(r.parameters()[0].name, "const");
    /// ```
    pub fn parameters(&self) -> Vec<Coefficient> {
        match &self.detail {
            Detail::Var { fit, .. } if self.coefficients.is_empty() => {
                let rows = |m: &ndarray::Array2<f64>| -> Vec<Vec<f64>> {
                    m.rows().into_iter().map(|r| r.to_vec()).collect()
                };
                Coefficient::equations(
                    &fit.names,
                    &fit.param_names,
                    &rows(&fit.params),
                    &rows(&fit.stderr),
                    &rows(&fit.pvalues),
                )
            }
            _ => self.coefficients.clone(),
        }
    }

    /// The JSON as a value.
    ///
    /// ```
    /// # use colcrime::kinds::Report;
    /// assert!(Report::new("ols", serde_json::json!({}), String::new()).to_json().is_object());
    /// ```
    pub fn to_json(&self) -> Value {
        let mut m = self.json.clone();
        for (key, d) in &self.deferred {
            if let (Some(v), Some(xs)) = (m.get_mut(key), self.deferred_floats(*d)) {
                *v = crate::json::nums(xs);
            }
        }
        Value::Object(m)
    }

    /// Writes the JSON object as `serde_json::to_writer(&self.to_json())`
    /// would, byte for byte, without building its long float arrays
    /// (streamed by [`crate::json::write_nums`]).
    ///
    /// # Errors
    /// Those of the writer.
    ///
    /// ```
    /// # use colcrime::kinds::Report;
    /// let r = Report::new("ols", serde_json::json!({"x": [1.5, "NaN"]}), String::new());
    /// let mut out = Vec::new();
    /// r.write_json(&mut out).unwrap();
    /// assert_eq!(out, serde_json::to_vec(&r.to_json()).unwrap());
    /// ```
    pub fn write_json<W: std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"{")?;
        for (i, (key, v)) in self.json.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            serde_json::to_writer(&mut *w, key)?;
            w.write_all(b":")?;
            let floats = self
                .deferred
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, d)| self.deferred_floats(*d));
            match floats {
                Some(xs) => crate::json::write_nums(w, xs)?,
                None => serde_json::to_writer(&mut *w, v)?,
            }
        }
        w.write_all(b"}")
    }

    fn deferred_floats(&self, d: Deferred) -> Option<&[f64]> {
        match (d, &self.detail) {
            (Deferred::OlsResid, Detail::Ols(r)) => Some(&r.resid),
            (Deferred::OlsFitted, Detail::Ols(r)) => Some(&r.fittedvalues),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn ok<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        ok::<FitStats>();
        ok::<RefitInfo>();
        ok::<RefitUse>();
        ok::<Coefficient>();
    }

    #[test]
    fn a_var_report_compares_its_equations() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let t = Coefficient::equations(
            &names(&["a", "b"]),
            &names(&["const"]),
            &[vec![1.0]],
            &[vec![0.5, 0.25]],
            &[],
        );
        // Entries missing from a matrix are NaN, never a panic.
        assert_eq!(t.len(), 2);
        assert!(t[1].estimate.is_nan() && t[1].pvalue.is_nan());
        assert_eq!((t[1].name.as_str(), t[1].se), ("b: const", 0.25));
        assert!((t[0].ci.1 - (1.0 + 1.959_963_984_540_054 * 0.5)).abs() < 1e-15);
    }
}
