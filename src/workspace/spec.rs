//! The workspace file's schema (`workspace.toml`).
//!
//! ```toml
//! [workspace]
//! title = "London robbery and theft against the cost of living"
//! output = "output"
//!
//! [sources.cpi]
//! path = "ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv"
//!
//! [series.cpi]
//! source = "cpi"
//! select = "D7G7"
//! frequency = "monthly"
//!
//! [series.cpi_q]
//! from = "cpi"
//! steps = ["aggregate(quarterly)"]
//!
//! [models.robbery_ols]
//! kind = "ols"
//! frequency = "quarterly"
//! formula = "growth(london_robbery_q, 4) ~ cpi_q"
//! cov = "HAC"
//! maxlags = 4
//! ```
//!
//! Unknown keys are errors (a misspelt key must not be silently ignored).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Location, Result};

/// The whole workspace file.
///
/// ```
/// use colcrime::workspace::WorkspaceSpec;
/// let w = WorkspaceSpec::from_toml_str("w.toml", "[sources.cpi]\npath = \"cpi.csv\"\n").unwrap();
/// assert_eq!(w.sources["cpi"].paths(), vec!["cpi.csv"]);
/// ```
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceSpec {
    /// General settings.
    #[serde(default)]
    pub workspace: Settings,
    /// Input files, by name.
    #[serde(default)]
    pub sources: BTreeMap<String, SourceSpec>,
    /// Series taken from sources or derived from other series, by name.
    #[serde(default)]
    pub series: BTreeMap<String, SeriesSpec>,
    /// Models to fit, by name (fitted in name order).
    #[serde(default)]
    pub models: BTreeMap<String, ModelSpec>,
    /// Charts to draw, by name.
    #[serde(default)]
    pub charts: BTreeMap<String, ChartSpec>,
    /// Scenarios for the regressors of `sarima` models, by name.
    #[serde(default)]
    pub scenarios: BTreeMap<String, ScenarioSpec>,
}

/// `[scenarios.NAME]`: a future path for each regressor it names, as a rule
/// applied after the regressor's last observation:
///
/// ```toml
/// [scenarios.high_inflation]
/// label = "CPI stays at 4%"
/// cpi_q = { hold = 4.0 }          # or { path = [4.5, 4.0] } or { to = 2.0, over = 4 }
/// ```
///
/// ```
/// use colcrime::workspace::WorkspaceSpec;
/// let w = WorkspaceSpec::from_toml_str("w.toml", "[scenarios.high]\nlabel = \"High\"\ncpi_q = { hold = 4.0 }\n").unwrap();
/// assert_eq!(w.scenarios["high"].rules().unwrap()[0].0, "cpi_q");
/// ```
#[derive(Debug, Clone, Deserialize)]
pub struct ScenarioSpec {
    /// The label in charts and tables (default: the name).
    #[serde(default)]
    pub label: Option<String>,
    /// One rule per regressor expression.
    #[serde(flatten)]
    pub paths: BTreeMap<String, crate::models::scenario::PathRuleSpec>,
}

impl ScenarioSpec {
    /// The validated rules, by regressor.
    ///
    /// # Errors
    /// An invalid rule (naming the regressor), or no rule at all.
    ///
    /// ```
    /// use colcrime::workspace::WorkspaceSpec;
    /// let w = WorkspaceSpec::from_toml_str("w.toml", "[scenarios.s]\nx = { to = 2.0, over = 4 }\n").unwrap();
    /// assert_eq!(w.scenarios["s"].rules().unwrap().len(), 1);
    /// ```
    pub fn rules(&self) -> Result<Vec<(String, crate::models::scenario::PathRule)>> {
        if self.paths.is_empty() {
            return Err(Error::usage(
                "a scenario needs a rule for at least one regressor, e.g. cpi_q = { hold = 4.0 }",
            ));
        }
        self.paths
            .iter()
            .map(|(k, r)| {
                r.rule()
                    .map(|r| (k.clone(), r))
                    .map_err(|e| e.context(format!("regressor \"{k}\"")))
            })
            .collect()
    }
}

/// `[workspace]`: general settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The briefing's title.
    #[serde(default = "default_title")]
    pub title: String,
    /// A one-paragraph statement of the question the briefing answers.
    #[serde(default)]
    pub question: Option<String>,
    /// Output folder, relative to the workspace file.
    #[serde(default = "default_output")]
    pub output: String,
    /// Author or team shown in the briefing.
    #[serde(default)]
    pub author: Option<String>,
    /// Series whose latest movements open the briefing's key points.
    #[serde(default)]
    pub headline: Vec<String>,
}

fn default_title() -> String {
    "colcrime briefing".into()
}
fn default_output() -> String {
    "output".into()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            title: default_title(),
            question: None,
            output: default_output(),
            author: None,
            headline: Vec::new(),
        }
    }
}

/// `[sources.NAME]`: one published file, or several files of one kind
/// spliced into continuous series (`paths`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// The file, relative to the workspace file.
    #[serde(default)]
    pub path: Option<String>,
    /// Several files of one kind, spliced (later files win on overlaps).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Publisher and dataset, for the briefing's source line.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Human description.
    #[serde(default)]
    pub title: Option<String>,
}

impl SourceSpec {
    /// All files of the source, in order.
    ///
    /// ```
    /// # use colcrime::workspace::SourceSpec;
    /// let s = SourceSpec { path: Some("a.csv".into()), paths: vec!["b.csv".into()], publisher: None, title: None };
    /// assert_eq!(s.paths(), vec!["a.csv", "b.csv"]);
    /// ```
    pub fn paths(&self) -> Vec<&str> {
        self.path
            .iter()
            .chain(self.paths.iter())
            .map(String::as_str)
            .collect()
    }
}

/// `[series.NAME]`: a series selected from a source (`source` + `select`)
/// or derived from another series (`from`), then transformed by `steps`.
///
/// Steps, applied in order: `aggregate(quarterly|annual|financial_year[, sum|mean|last])`,
/// `growth(k)`, `log`, `diff(k)`, `lag(k)`, `rolling_sum(k)`,
/// `deflate(PRICE_SERIES[, BASE_PERIOD])`, `per_capita(POP_SERIES[, PER])`,
/// `rebase(FROM[, TO])`, `since(PERIOD)`, `until(PERIOD)`, `scale(FACTOR)`,
/// `indicator(FROM[, TO])`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesSpec {
    /// The source to take the series from.
    #[serde(default)]
    pub source: Option<String>,
    /// The series' key inside the source (CDID, `robbery:London`, ...).
    #[serde(default)]
    pub select: Option<String>,
    /// Which frequency to take when the source has several.
    #[serde(default)]
    pub frequency: Option<String>,
    /// Another workspace series to derive this one from.
    #[serde(default)]
    pub from: Option<String>,
    /// Transform steps.
    #[serde(default)]
    pub steps: Vec<String>,
    /// Title for charts and tables.
    #[serde(default)]
    pub title: Option<String>,
    /// Unit for charts and tables.
    #[serde(default)]
    pub unit: Option<String>,
    /// `count`, `rate`, `index` or `level` (decides aggregation).
    #[serde(default)]
    pub measure: Option<String>,
}

/// `[models.NAME]`: a model to fit. `kind` is `ols`, `glm`, `sarima`,
/// `auto-arima`, `var` or `unit_root` (ADF and KPSS on each of
/// `variables`); the other keys mirror the command-line options.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// Model kind.
    pub kind: String,
    /// Frequency of the data the model is fitted to (every workspace series
    /// of this frequency is available to it by name).
    pub frequency: String,
    /// What the model is for, in a sentence, for the briefing.
    #[serde(default)]
    pub description: Option<String>,
    /// First period of the estimation sample.
    #[serde(default)]
    pub start: Option<String>,
    /// Last period of the estimation sample.
    #[serde(default)]
    pub end: Option<String>,
    /// Formula (`ols`, `glm`).
    #[serde(default)]
    pub formula: Option<String>,
    /// Covariance type (`ols`): nonrobust, HC0-HC3, HAC.
    #[serde(default)]
    pub cov: Option<String>,
    /// HAC lags (`ols`).
    #[serde(default)]
    pub maxlags: Option<usize>,
    /// HAC small-sample correction (`ols`).
    #[serde(default)]
    pub hac_correction: Option<bool>,
    /// GLM family: poisson, quasipoisson, negbin.
    #[serde(default)]
    pub family: Option<String>,
    /// The series expression to model (`sarima`, `auto-arima`).
    #[serde(default)]
    pub series: Option<String>,
    /// Exogenous regressor expressions (`sarima`).
    #[serde(default)]
    pub exog: Vec<String>,
    /// ARIMA order `[p, d, q]`.
    #[serde(default)]
    pub order: Option<Vec<usize>>,
    /// Seasonal order `[P, D, Q, s]`.
    #[serde(default)]
    pub seasonal: Option<Vec<usize>>,
    /// Include drift (`sarima`).
    #[serde(default)]
    pub drift: Option<bool>,
    /// Forecast horizon in periods.
    #[serde(default)]
    pub horizon: Option<usize>,
    /// Interval levels in percent.
    #[serde(default)]
    pub levels: Option<Vec<f64>>,
    /// Whether `series` is `log(...)` of the quantity to report: forecasts
    /// are transformed back with `exp` (medians, log-normal bands).
    #[serde(default)]
    pub back_transform: Option<String>,
    /// The series of a `var` (in Cholesky order) or a `unit_root` table.
    #[serde(default)]
    pub variables: Vec<String>,
    /// VAR lag order (default: the AIC choice up to `select_maxlags`).
    #[serde(default)]
    pub lags: Option<usize>,
    /// Largest VAR lag order compared by AIC, BIC, HQIC and FPE.
    #[serde(default)]
    pub select_maxlags: Option<usize>,
    /// Impulse-response horizon (`var`).
    #[serde(default)]
    pub irf: Option<usize>,
    /// Deterministic terms: `c` or `n` (`var`); `c` or `ct` (`unit_root`).
    #[serde(default)]
    pub trend: Option<String>,
    /// Scenarios to forecast under (`sarima` with `exog`): names of
    /// `[scenarios.NAME]` tables.
    #[serde(default)]
    pub scenarios: Vec<String>,
    /// What scenario intervals carry: `driver` (default: also each
    /// regressor's own ARIMA uncertainty) or `none` (the path is known).
    #[serde(default)]
    pub scenario_uncertainty: Option<String>,
    /// ARIMA order `[p, d, q]` of the regressors' own models (default:
    /// chosen automatically).
    #[serde(default)]
    pub driver_order: Option<Vec<usize>>,
    /// The briefing's heading for the scenario table (default
    /// "Scenarios").
    #[serde(default)]
    pub scenario_title: Option<String>,
    /// Rolling-origin evaluation from this many origins (`sarima`,
    /// `auto-arima`): re-fit at each, forecast `horizon` steps, score
    /// against the outturn and the naive benchmarks.
    #[serde(default)]
    pub backtest: Option<usize>,
    /// With `exog`: the regressors over each backtest horizon, `realised`
    /// (default: forecasts conditional on the drivers) or `arima` (each
    /// regressor's own forecast made at the origin, order `driver_order`).
    #[serde(default)]
    pub backtest_exog: Option<String>,
    /// The dependent series of an `ardl` or `ecm` (an expression, e.g.
    /// `"log(london_theft_q)"`).
    #[serde(default)]
    pub y: Option<String>,
    /// The regressors of an `ardl` or `ecm` (expressions).
    #[serde(default)]
    pub x: Vec<String>,
    /// `ardl`: orders Q of the regressors (lags 0..=Q), one for all or one
    /// per regressor (default `[1]`); `lags` is the order P of `y`.
    #[serde(default)]
    pub xlags: Option<Vec<usize>>,
    /// `ardl`: the Pesaran–Shin–Smith case of the bounds test, 1 to 5
    /// (default from `trend`: n -> 1, c -> 3, ct -> 5).
    #[serde(default)]
    pub case: Option<u8>,
    /// `ardl`: choose the regressors' orders up to these (one for all or
    /// one per regressor) with `lags` up to `select_maxlags`; default: the
    /// same as `select_maxlags`.
    #[serde(default)]
    pub select_xmaxlags: Option<Vec<usize>>,
    /// `ardl`: the criterion of the order selection, `aic`, `bic` (default)
    /// or `hqic`.
    #[serde(default)]
    pub ic: Option<String>,
    /// `unit_root`: which tests to run on each series, from `adf`, `kpss`
    /// and `za` (Zivot–Andrews, one structural break); default
    /// `["adf", "kpss"]`.
    #[serde(default)]
    pub tests: Option<Vec<String>>,
}

/// The model kinds a workspace can fit.
pub(crate) const MODEL_KINDS: [&str; 8] = [
    "ols",
    "glm",
    "sarima",
    "auto-arima",
    "var",
    "unit_root",
    "ardl",
    "ecm",
];

impl ModelSpec {
    /// Checks the options of `ardl`, `ecm` and `unit_root` models, and that
    /// their own options are not given to another kind; the error names
    /// the model and the field.
    fn validate_kind(&self, name: &str) -> std::result::Result<(), String> {
        let at = |field: &str, msg: String| format!("[models.{name}] {field}: {msg}");
        let kind = self.kind.as_str();
        let is_lr = matches!(kind, "ardl" | "ecm");
        let only = |field: &str, set: bool, kinds: &str| -> std::result::Result<(), String> {
            if set {
                Err(at(
                    field,
                    format!("is an option of {kinds} models, not of kind = \"{kind}\""),
                ))
            } else {
                Ok(())
            }
        };
        if !is_lr {
            only("y", self.y.is_some(), "ardl and ecm")?;
            only("x", !self.x.is_empty(), "ardl and ecm")?;
        }
        if kind != "ardl" {
            only("xlags", self.xlags.is_some(), "ardl")?;
            only("case", self.case.is_some(), "ardl")?;
            only("select_xmaxlags", self.select_xmaxlags.is_some(), "ardl")?;
            only("ic", self.ic.is_some(), "ardl")?;
        }
        if kind != "unit_root" {
            only("tests", self.tests.is_some(), "unit_root")?;
        }
        if is_lr {
            match self.y.as_deref() {
                None => {
                    return Err(at(
                        "y",
                        format!("an {kind} model needs y = \"EXPR\", the dependent series"),
                    ));
                }
                Some(y) if y.trim().is_empty() => {
                    return Err(at("y", "is empty".into()));
                }
                Some(_) => {}
            }
            if self.x.is_empty() {
                return Err(at(
                    "x",
                    format!("an {kind} model needs x = [\"EXPR\", ...], at least one regressor"),
                ));
            }
            if let Some(e) = self.x.iter().find(|e| e.trim().is_empty()) {
                return Err(at("x", format!("regressor \"{e}\" is empty")));
            }
        }
        let nx = self.x.len();
        let orders = |field: &str, v: &Option<Vec<usize>>| -> std::result::Result<(), String> {
            match v {
                Some(q) if q.len() != 1 && q.len() != nx => Err(at(
                    field,
                    format!(
                        "{} orders for {nx} regressors; give one for all or one per regressor",
                        q.len()
                    ),
                )),
                _ => Ok(()),
            }
        };
        match kind {
            "ardl" => {
                if let Some(t) = &self.trend {
                    crate::models::ardl::ArdlTrend::parse(t)
                        .map_err(|_| at("trend", format!("expected n, c or ct, found \"{t}\"")))?;
                }
                if let Some(c) = self.case {
                    if !(1..=5).contains(&c) {
                        return Err(at("case", format!("expected 1 to 5, found {c}")));
                    }
                }
                orders("xlags", &self.xlags)?;
                orders("select_xmaxlags", &self.select_xmaxlags)?;
                if self.select_xmaxlags.is_some() && self.select_maxlags.is_none() {
                    return Err(at(
                        "select_xmaxlags",
                        "needs select_maxlags (the largest lag of y) too".into(),
                    ));
                }
                if self.select_maxlags.is_some() && (self.lags.is_some() || self.xlags.is_some()) {
                    return Err(at(
                        "select_maxlags",
                        "chooses the orders: give it or lags/xlags, not both".into(),
                    ));
                }
                if let Some(ic) = &self.ic {
                    crate::models::ardl::Ic::parse(ic).map_err(|_| {
                        at("ic", format!("expected aic, bic or hqic, found \"{ic}\""))
                    })?;
                }
            }
            "ecm" => {
                if let Some(t) = &self.trend {
                    return Err(at(
                        "trend",
                        format!("an ecm always has a constant; remove trend = \"{t}\""),
                    ));
                }
                crate::models::ols::CovType::parse(
                    self.cov.as_deref().unwrap_or("nonrobust"),
                    self.maxlags,
                    self.hac_correction.unwrap_or(false),
                )
                .map_err(|e| at("cov", e.to_string()))?;
            }
            "unit_root" => {
                if let Some(tests) = &self.tests {
                    if tests.is_empty() {
                        return Err(at(
                            "tests",
                            "is empty: give one or more of adf, kpss, za".into(),
                        ));
                    }
                    for (i, t) in tests.iter().enumerate() {
                        if !matches!(t.as_str(), "adf" | "kpss" | "za") {
                            return Err(at(
                                "tests",
                                format!("unknown test \"{t}\": expected adf, kpss or za"),
                            ));
                        }
                        if tests[..i].contains(t) {
                            return Err(at("tests", format!("\"{t}\" is listed twice")));
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// `[charts.NAME]`: a chart. `kind` is `line`, `fan`, `small_multiples`,
/// `bar`, `coef`, `irf` (impulse responses of a `var` model), `scatter`
/// (`y` against `x` with a fitted line), `acf` (ACF and PACF of a
/// `variable`, or of the residuals of a `model`) or `residuals` (the
/// residual diagnostics of an `ols` or `sarima` model).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    /// Chart kind.
    pub kind: String,
    /// Title: state the finding. Placeholders filled from the data at each
    /// run: `{fell}`, `{rose}`, `{n}` (bar charts); `{lag1}`, `{outside}`,
    /// `{nlags}` (acf and residuals charts).
    #[serde(default)]
    pub title: Option<String>,
    /// Subtitle: units and period.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Y-axis label.
    #[serde(default)]
    pub y_label: Option<String>,
    /// Series to draw (`line`).
    #[serde(default)]
    pub series: Vec<String>,
    /// Draw series as an index with this base period = 100 (`line`).
    #[serde(default)]
    pub index_base: Option<String>,
    /// The model whose result to draw (`fan`, `coef`).
    #[serde(default)]
    pub model: Option<String>,
    /// The source whose per-borough series to draw (`small_multiples`, `bar`).
    #[serde(default)]
    pub source: Option<String>,
    /// The category (`small_multiples`, `bar`): keys `CATEGORY:BOROUGH`.
    #[serde(default)]
    pub category: Option<String>,
    /// Population source for rates per 100,000 (`small_multiples`, `bar`).
    #[serde(default)]
    pub population: Option<String>,
    /// First period shown.
    #[serde(default)]
    pub start: Option<String>,
    /// Periods compared (`bar`): `[FROM, TO]`, e.g. `["2019", "2024"]`.
    #[serde(default)]
    pub compare: Vec<String>,
    /// Periods of history shown before a forecast (`fan`).
    #[serde(default)]
    pub history: Option<usize>,
    /// Responses drawn (`irf`): VAR variables (expressions) or the series
    /// they use; empty for all.
    #[serde(default)]
    pub responses: Vec<String>,
    /// Shocks drawn (`irf`), as `responses`; empty for all.
    #[serde(default)]
    pub shocks: Vec<String>,
    /// Horizontal variable (`scatter`): a series or an expression of series
    /// of one frequency.
    #[serde(default)]
    pub x: Option<String>,
    /// Vertical variable (`scatter`), of the frequency of `x`.
    #[serde(default)]
    pub y: Option<String>,
    /// X-axis label (`scatter`, `irf`).
    #[serde(default)]
    pub x_label: Option<String>,
    /// The series or expression of series whose ACF and PACF to draw
    /// (`acf` without `model`), e.g. `growth(london_robbery_q, 4)`.
    #[serde(default)]
    pub variable: Option<String>,
    /// Lags drawn (`acf`); default `min(10 log10 n, n/2 - 1)`.
    #[serde(default)]
    pub nlags: Option<usize>,
    /// Draw the model's scenarios as labelled lines (`fan`; default true).
    #[serde(default)]
    pub scenarios: Option<bool>,
    /// Also draw each scenario's interval at this level, e.g. 80 (`fan`).
    #[serde(default)]
    pub scenario_band: Option<f64>,
}

impl WorkspaceSpec {
    /// Reads and validates a workspace file.
    ///
    /// # Errors
    /// Unreadable file, TOML syntax errors and unknown keys (with line and
    /// column), and references to sources or series that do not exist.
    ///
    /// ```no_run
    /// # use colcrime::workspace::WorkspaceSpec;
    /// let w = WorkspaceSpec::read("notebooks-data/workspace.toml".as_ref())?;
    /// # Ok::<(), colcrime::error::Error>(())
    /// ```
    pub fn read(path: &Path) -> Result<WorkspaceSpec> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        WorkspaceSpec::from_toml_str(&path.display().to_string(), &text)
    }

    /// Parses and validates workspace TOML; `name` is used in messages.
    ///
    /// # Errors
    /// As [`WorkspaceSpec::read`].
    ///
    /// ```
    /// # use colcrime::workspace::WorkspaceSpec;
    /// let e = WorkspaceSpec::from_toml_str("w.toml", "[sources.a]\npaht = \"x\"\n").unwrap_err();
    /// assert!(e.to_string().starts_with("w.toml:2:1"), "{e}");
    /// ```
    pub fn from_toml_str(name: &str, text: &str) -> Result<WorkspaceSpec> {
        let spec: WorkspaceSpec = toml::from_str(text).map_err(|e| {
            let mut loc = Location::new(name);
            if let Some(span) = e.span() {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() as u64 + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
                loc = loc.line(line).column_index(col);
            }
            Error::format(loc, e.message().to_string())
        })?;
        spec.validate(name)?;
        Ok(spec)
    }

    fn validate(&self, name: &str) -> Result<()> {
        let bad = |m: String| Error::format(Location::new(name), m);
        for (n, s) in &self.sources {
            if s.paths().is_empty() {
                return Err(bad(format!("[sources.{n}] needs a path (or paths)")));
            }
        }
        for (n, s) in &self.series {
            match (&s.source, &s.from) {
                (Some(src), None) => {
                    if !self.sources.contains_key(src) {
                        return Err(bad(format!(
                            "[series.{n}] names source \"{src}\", which is not declared"
                        )));
                    }
                    if s.select.is_none() {
                        return Err(bad(format!(
                            "[series.{n}] takes a series from source \"{src}\": say which with select = \"...\""
                        )));
                    }
                }
                (None, Some(from)) => {
                    if !self.series.contains_key(from) {
                        return Err(bad(format!(
                            "[series.{n}] is derived from \"{from}\", which is not a declared series"
                        )));
                    }
                }
                _ => {
                    return Err(bad(format!(
                        "[series.{n}] needs either source = \"...\" (with select) or from = \"...\""
                    )));
                }
            }
        }
        for (n, m) in &self.models {
            if !MODEL_KINDS.contains(&m.kind.as_str()) {
                return Err(bad(format!(
                    "[models.{n}] kind = \"{}\": expected ols, glm, sarima, auto-arima, var, unit_root, ardl or ecm",
                    m.kind
                )));
            }
            m.validate_kind(n).map_err(bad)?;
        }
        for (n, sc) in &self.scenarios {
            sc.rules()
                .map_err(|e| bad(format!("[scenarios.{n}]: {e}")))?;
        }
        for (n, m) in &self.models {
            if m.scenarios.is_empty() {
                continue;
            }
            if !matches!(m.kind.as_str(), "sarima" | "auto-arima") || m.exog.is_empty() {
                return Err(bad(format!(
                    "[models.{n}] has scenarios: they need a sarima or auto-arima model with exog regressors"
                )));
            }
            for s in &m.scenarios {
                let Some(sc) = self.scenarios.get(s) else {
                    return Err(bad(format!(
                        "[models.{n}] names scenario \"{s}\", which is not declared (add [scenarios.{s}])"
                    )));
                };
                if let Some(k) = sc.paths.keys().find(|k| !m.exog.contains(k)) {
                    return Err(bad(format!(
                        "[scenarios.{s}] sets \"{k}\", which is not a regressor of [models.{n}] (exog: {})",
                        m.exog.join(", ")
                    )));
                }
            }
        }
        for (n, c) in &self.charts {
            if ![
                "line",
                "fan",
                "small_multiples",
                "bar",
                "coef",
                "irf",
                "scatter",
                "acf",
                "residuals",
            ]
            .contains(&c.kind.as_str())
            {
                return Err(bad(format!(
                    "[charts.{n}] kind = \"{}\": expected line, fan, small_multiples, bar, coef, irf, scatter, acf or residuals",
                    c.kind
                )));
            }
            if c.kind == "acf" && c.model.is_some() == c.variable.is_some() {
                return Err(bad(format!(
                    "[charts.{n}] kind = \"acf\" needs either model = \"MODEL\" (its residuals) or variable = \"SERIES or expression\", not both"
                )));
            }
            if c.kind == "residuals" && c.model.is_none() {
                return Err(bad(format!(
                    "[charts.{n}] kind = \"residuals\" needs model = \"MODEL\" (an ols or sarima model)"
                )));
            }
            if let Some(m) = &c.model {
                if !self.models.contains_key(m) {
                    return Err(bad(format!(
                        "[charts.{n}] draws model \"{m}\", which is not declared"
                    )));
                }
            }
            for s in &c.series {
                if !self.series.contains_key(s) {
                    return Err(bad(format!(
                        "[charts.{n}] draws series \"{s}\", which is not declared"
                    )));
                }
            }
            if let Some(src) = &c.source {
                if !self.sources.contains_key(src) {
                    return Err(bad(format!(
                        "[charts.{n}] uses source \"{src}\", which is not declared"
                    )));
                }
            }
        }
        Ok(())
    }
}
