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
use crate::kinds::KindOptions;

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
    #[serde(skip)]
    pub models: BTreeMap<String, ModelSpec>,
    /// The model tables as written, read into `models` once their names
    /// are known (so that errors name the model and the field).
    #[serde(default, rename = "models")]
    raw_models: BTreeMap<String, toml::Table>,
    /// Charts to draw, by name.
    #[serde(default)]
    pub charts: BTreeMap<String, ChartSpec>,
    /// Scenarios for the regressors of `sarima` models, by name.
    #[serde(default)]
    pub scenarios: BTreeMap<String, ScenarioSpec>,
    /// The inputs of the evidence products (`[evidence]`), if any.
    #[serde(default)]
    pub evidence: Option<super::evidence::EvidenceSpec>,
    /// The evidence table: crimes against cost-of-living drivers.
    #[serde(default)]
    pub review: Option<super::review::ReviewSpec>,
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

/// `[models.NAME]`: a model to fit. `kind` names a model kind (the
/// `colcrime fit` subcommand: `ols`, `glm`, `ecm`, `ardl`, `sarima`,
/// `auto-arima`, `ets`, `holt-winters`, `var`, `unit_root`); the other keys
/// are the kind's options as on the command line (`--cov HAC` is
/// `cov = "HAC"`, comma lists are arrays), plus the workspace's own keys
/// below.
///
/// ```
/// use colcrime::workspace::ModelSpec;
/// let t: toml::Table = toml::from_str(
///     "kind = \"ets\"\nfrequency = \"quarterly\"\nseries = \"log(y)\"\ntrend = \"add\"",
/// ).unwrap();
/// let m = ModelSpec::from_table("m", t).unwrap();
/// assert_eq!(m.kind, "ets");
/// assert_eq!(m.options.expressions(), ["log(y)"]);
/// ```
#[derive(Debug, Clone)]
pub struct ModelSpec {
    /// Model kind.
    pub kind: String,
    /// Frequency of the data the model is fitted to (every workspace series
    /// of this frequency is available to it by name).
    pub frequency: String,
    /// What the model is for, in a sentence, for the briefing.
    pub description: Option<String>,
    /// First period of the estimation sample.
    pub start: Option<String>,
    /// Last period of the estimation sample.
    pub end: Option<String>,
    /// The briefing's heading for the scenario table (default "Scenarios").
    pub scenario_title: Option<String>,
    /// The kind's options.
    pub options: KindOptions,
}

impl ModelSpec {
    /// Reads the table `[models.NAME]`: the workspace's own keys, then the
    /// kind's options. Errors read `[models.NAME] FIELD: message`.
    ///
    /// # Errors
    /// A missing `kind` or `frequency`, an unknown kind, a key the kind
    /// does not take (naming the kinds that do), or a bad value.
    ///
    /// ```
    /// use colcrime::workspace::ModelSpec;
    /// let t: toml::Table = toml::from_str("kind = \"ols\"\nfrequency = \"quarterly\"\nformula = \"a ~ b\"\ny = \"a\"").unwrap();
    /// let e = ModelSpec::from_table("m", t).unwrap_err().to_string();
    /// assert!(e.contains("[models.m] y: is an option of ardl and ecm models and of the coint and granger tests"), "{e}");
    /// ```
    pub fn from_table(name: &str, mut t: toml::Table) -> Result<ModelSpec> {
        let at = |field: &str, msg: String| Error::usage(format!("[models.{name}] {field}: {msg}"));
        let mut text = |k: &str| -> Result<Option<String>> {
            match t.remove(k) {
                None => Ok(None),
                Some(toml::Value::String(s)) => Ok(Some(s)),
                Some(v) => Err(at(k, format!("expected a string, found {}", v.type_str()))),
            }
        };
        let kinds = crate::kinds::KIND_NAMES.join(", ");
        let kind =
            text("kind")?.ok_or_else(|| at("kind", format!("is missing: give one of {kinds}")))?;
        if !crate::kinds::KIND_NAMES.contains(&kind.as_str()) {
            return Err(at(
                "kind",
                format!("\"{kind}\" is not a model kind: expected one of {kinds}"),
            ));
        }
        let frequency = text("frequency")?.ok_or_else(|| {
            at(
                "frequency",
                "is missing: monthly, quarterly or annual".into(),
            )
        })?;
        let description = text("description")?;
        let start = text("start")?;
        let end = text("end")?;
        let scenario_title = text("scenario_title")?;
        let options = KindOptions::from_table(&kind, t.clone())
            .map_err(|e| explain(name, &kind, &t, &e.to_string()))?;
        Ok(ModelSpec {
            kind,
            frequency,
            description,
            start,
            end,
            scenario_title,
            options,
        })
    }
}

/// A kind's error as `[models.NAME] FIELD: message`: an unknown key names
/// the kinds that take it; a missing one says so; the kinds' own messages
/// start with the field already.
fn explain(name: &str, kind: &str, t: &toml::Table, msg: &str) -> Error {
    let quoted = |m: &str, pre: &str| -> Option<String> {
        let rest = m.split(pre).nth(1)?;
        Some(rest.split('`').next()?.to_string())
    };
    if let Some(field) = quoted(msg, "unknown field `") {
        let mut takers: Vec<&str> = crate::kinds::KIND_NAMES
            .iter()
            .copied()
            .filter(|k| *k != kind)
            .filter(|k| {
                let mut one = toml::Table::new();
                if let Some(v) = t.get(&field) {
                    one.insert(field.clone(), v.clone());
                }
                KindOptions::from_table(k, one).map_or_else(
                    |e| !e.to_string().contains(&format!("unknown field `{field}`")),
                    |_| true,
                )
            })
            .collect();
        takers.sort_unstable();
        // Models and statistical tests named apart: "an option of ardl and
        // ecm models and of the coint and granger tests".
        let (tests, models): (Vec<&str>, Vec<&str>) = takers
            .iter()
            .partition(|k| crate::kinds::TEST_KIND_NAMES.contains(k));
        let list = |v: &[&str]| match v {
            [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
            _ => v.join(""),
        };
        let tests_text = match tests.len() {
            1 => format!("the {} test", list(&tests)),
            _ => format!("the {} tests", list(&tests)),
        };
        let msg = match (models.is_empty(), tests.is_empty()) {
            (true, true) => format!("kind = \"{kind}\" takes no such option"),
            (false, true) => format!(
                "is an option of {} models, not of kind = \"{kind}\"",
                list(&models)
            ),
            (true, false) => format!("is an option of {tests_text}, not of kind = \"{kind}\""),
            (false, false) => format!(
                "is an option of {} models and of {tests_text}, not of kind = \"{kind}\"",
                list(&models)
            ),
        };
        return Error::usage(format!("[models.{name}] {field}: {msg}"));
    }
    if let Some(field) = quoted(msg, "missing field `") {
        return Error::usage(format!(
            "[models.{name}] {field}: is missing: a {kind} model needs it"
        ));
    }
    Error::usage(format!("[models.{name}] {msg}"))
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
    /// `{nlags}` (acf and residuals charts); `{latest:N}`, `{peak:N}`,
    /// `{vs_base:N}`, `{last_period}`, ... (line charts); `{end}`, `{last}`,
    /// `{direction}`, `{scenario_gap}`, ... (fan charts); `{top}`,
    /// `{ratio}`, `{above}`, `{n}` (small multiples); `{clear}`, `{n}`
    /// (coef); `{clear_text}` (irf); `{direction}`, `{strength}`, `{r2}`
    /// (scatter). `src/workspace/charts.rs` lists them all.
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
    /// Show the chart in the one-page summary too (`summary.html`; at most
    /// three charts, in briefing order).
    #[serde(default)]
    pub summary: Option<bool>,
}

impl WorkspaceSpec {
    /// Reads and validates a workspace file.
    ///
    /// # Errors
    /// Unreadable file, TOML syntax errors and unknown keys (with line and
    /// column), a source, series, model, chart or scenario name that is not
    /// an identifier ([`crate::workspace::is_identifier`]), and references
    /// to sources or series that do not exist.
    ///
    /// ```no_run
    /// # use colcrime::workspace::WorkspaceSpec;
    /// let w = WorkspaceSpec::read("notebooks-data/workspace.toml".as_ref())?;
    /// # Ok::<(), colcrime::error::Error>(())
    /// ```
    pub fn read(path: &Path) -> Result<WorkspaceSpec> {
        let name = path.display().to_string();
        let bytes = crate::sources::read_text_file(path)?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            // Line and character column of the first bad byte.
            let ok = String::from_utf8_lossy(bytes.get(..e.valid_up_to()).unwrap_or_default());
            let line = ok.matches('\n').count() as u64 + 1;
            let col = ok.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
            Error::format(
                Location::new(path).line(line).column_index(col),
                "not UTF-8 text: save the workspace file as UTF-8",
            )
        })?;
        if text.trim().is_empty() {
            return Err(Error::format(
                Location::new(path).line(1).column_index(1),
                "the workspace file is empty: declare [sources.NAME], [series.NAME] and [models.NAME] tables",
            ));
        }
        WorkspaceSpec::from_toml_str(&name, text)
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
        let mut spec = spec;
        // Names become file names: refused before anything else is read.
        let check = |table: &str, names: Vec<&String>| {
            super::names::check_table_names(
                name,
                text,
                table,
                names.into_iter().map(String::as_str),
            )
        };
        check("sources", spec.sources.keys().collect())?;
        check("series", spec.series.keys().collect())?;
        check("models", spec.raw_models.keys().collect())?;
        check("charts", spec.charts.keys().collect())?;
        check("scenarios", spec.scenarios.keys().collect())?;
        for (m, table) in std::mem::take(&mut spec.raw_models) {
            let model = ModelSpec::from_table(&m, table).map_err(|e| {
                // The line of the field the message names (`[models.m]
                // FIELD: ...`), else of the model's table.
                let msg = e.to_string();
                let field = msg
                    .split_once("] ")
                    .and_then(|(_, r)| r.split_once(':'))
                    .map(|(f, _)| f.trim().to_string());
                let header = format!("[models.{m}]");
                let lines: Vec<&str> = text.lines().collect();
                let mut loc = Location::new(name);
                if let Some(h) = lines.iter().position(|l| l.trim() == header) {
                    let in_table = lines[h + 1..]
                        .iter()
                        .take_while(|l| !l.trim_start().starts_with('['))
                        .position(|l| {
                            field.as_deref().is_some_and(|f| {
                                l.trim_start()
                                    .strip_prefix(f)
                                    .is_some_and(|r| r.trim_start().starts_with('='))
                            })
                        });
                    loc = match in_table {
                        Some(i) => loc.line((h + 2 + i) as u64).column_index(1),
                        None => loc.line(h as u64 + 1),
                    };
                }
                Error::format(loc, msg)
            })?;
            spec.models.insert(m, model);
        }
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
        for (n, sc) in &self.scenarios {
            sc.rules()
                .map_err(|e| bad(format!("[scenarios.{n}]: {e}")))?;
        }
        for (n, m) in &self.models {
            let (names, exog) = (m.options.scenario_names(), m.options.regressors());
            if names.is_empty() {
                continue;
            }
            if exog.is_empty() {
                return Err(bad(format!(
                    "[models.{n}] has scenarios: they need a model with exog regressors that forecasts under scenarios (sarima)"
                )));
            }
            for s in &names {
                let Some(sc) = self.scenarios.get(s) else {
                    return Err(bad(format!(
                        "[models.{n}] names scenario \"{s}\", which is not declared (add [scenarios.{s}])"
                    )));
                };
                if let Some(k) = sc.paths.keys().find(|k| !exog.contains(k)) {
                    return Err(bad(format!(
                        "[scenarios.{s}] sets \"{k}\", which is not a regressor of [models.{n}] (exog: {})",
                        exog.join(", ")
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
            if let Some(m) = &c.model
                && !self.models.contains_key(m)
            {
                return Err(bad(format!(
                    "[charts.{n}] draws model \"{m}\", which is not declared"
                )));
            }
            for s in &c.series {
                if !self.series.contains_key(s) {
                    return Err(bad(format!(
                        "[charts.{n}] draws series \"{s}\", which is not declared"
                    )));
                }
            }
            if let Some(src) = &c.source
                && !self.sources.contains_key(src)
            {
                return Err(bad(format!(
                    "[charts.{n}] uses source \"{src}\", which is not declared"
                )));
            }
        }
        Ok(())
    }
}
