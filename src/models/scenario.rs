//! Scenarios: user-given future paths of a model's exogenous drivers
//! ("CPI stays at 4%", "CPI returns to 2% over four quarters").
//!
//! A [`Scenario`] is a validated set of future values, one path per driver
//! (a regressor's expression, e.g. `cpi_q`), read from a CSV file
//! ([`Scenario::from_csv_str`]) or built from simple rules ([`PathRule`]:
//! hold a value, follow a path, or glide linearly from the last observed
//! value). [`Scenario::exog_path`] turns it into the regressor matrix of a
//! forecast window, filling periods the scenario leaves open with observed
//! values of the driver and recording, for each value, how many periods it
//! lies beyond the driver's last observation (what the driver's own
//! uncertainty grows with; see
//! [`SarimaFit::scenario_forecast`](crate::models::arima::SarimaFit::scenario_forecast)).
//!
//! ```
//! use colcrime::models::scenario::{PathRule, Scenario};
//! use colcrime::series::Period;
//! let q = |y, n| Period::quarter(y, n).unwrap();
//! // CPI observed to 2025 Q4 (last value 3.5); forecast 2026 Q1 to Q4.
//! let index: Vec<Period> = (0..4).map(|i| q(2025, 1).offset(i)).collect();
//! let cpi = vec![3.0, 3.4, 3.8, 3.5];
//! let s = Scenario::from_rules("back", "CPI back to 2%", &[("cpi".into(), PathRule::Glide { to: 2.0, over: 2 })],
//!     &index, &[("cpi".into(), cpi.clone())], 4).unwrap();
//! let window: Vec<Period> = (1..=4).map(|i| q(2025, 4).offset(i)).collect();
//! let path = s.exog_path(&["cpi".into()], &window, &index, &[cpi]).unwrap();
//! assert_eq!(path.values.column(0).to_vec(), vec![2.75, 2.0, 2.0, 2.0]);
//! assert_eq!(path.steps_ahead[0], vec![1, 2, 3, 4]);
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use ndarray::Array2;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::error::{Error, Location, Result};
use crate::json::nums;
use crate::series::Period;
use crate::series::frame::parse_number;

/// A rule for a driver's future path after its last observation.
///
/// ```
/// use colcrime::models::scenario::PathRule;
/// assert_eq!(PathRule::Hold(4.0).values(3.0, 2).unwrap(), vec![4.0, 4.0]);
/// assert_eq!(PathRule::Glide { to: 2.0, over: 4 }.values(4.0, 5).unwrap(), vec![3.5, 3.0, 2.5, 2.0, 2.0]);
/// assert!(PathRule::Path(vec![1.0]).values(0.0, 2).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum PathRule {
    /// The same value in every future period.
    Hold(f64),
    /// These values, one per period after the last observation.
    Path(Vec<f64>),
    /// A straight line from the last observed value to `to`, reached after
    /// `over` periods and held after that.
    Glide {
        /// The value reached.
        to: f64,
        /// Periods taken to reach it (at least 1).
        over: usize,
    },
}

impl PathRule {
    /// Checks the rule: finite values, `over >= 1`, a non-empty path.
    ///
    /// # Errors
    /// A non-finite value, `over = 0` or an empty path.
    ///
    /// ```
    /// use colcrime::models::scenario::PathRule;
    /// assert!(PathRule::Glide { to: 2.0, over: 0 }.validate().is_err());
    /// assert!(PathRule::Hold(f64::NAN).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        match self {
            PathRule::Hold(v) if !v.is_finite() => Err(Error::usage(format!(
                "hold = {v}: expected a finite number"
            ))),
            PathRule::Path(p) if p.is_empty() => {
                Err(Error::usage("path = []: expected at least one value"))
            }
            PathRule::Path(p) => match p.iter().position(|v| !v.is_finite()) {
                Some(i) => Err(Error::usage(format!(
                    "path value {} is {}: expected a finite number",
                    i + 1,
                    p[i]
                ))),
                None => Ok(()),
            },
            PathRule::Glide { over: 0, .. } => {
                Err(Error::usage("over = 0: a glide needs at least one period"))
            }
            PathRule::Glide { to, .. } if !to.is_finite() => {
                Err(Error::usage(format!("to = {to}: expected a finite number")))
            }
            _ => Ok(()),
        }
    }

    /// The first `h` values after the last observation `last`.
    ///
    /// # Errors
    /// An invalid rule, or a `path` shorter than `h` (the message gives the
    /// 1-based step that is missing).
    ///
    /// ```
    /// use colcrime::models::scenario::PathRule;
    /// assert_eq!(PathRule::Path(vec![1.0, 2.0]).values(0.0, 2).unwrap(), vec![1.0, 2.0]);
    /// ```
    pub fn values(&self, last: f64, h: usize) -> Result<Vec<f64>> {
        self.validate()?;
        match self {
            PathRule::Hold(v) => Ok(vec![*v; h]),
            PathRule::Path(p) if p.len() < h => Err(Error::usage(format!(
                "the path gives {} values but {h} are needed: step {} is missing",
                p.len(),
                p.len() + 1
            ))),
            PathRule::Path(p) => Ok(p[..h].to_vec()),
            PathRule::Glide { to, over } => {
                if !last.is_finite() {
                    return Err(Error::usage(
                        "a glide starts from the last observed value, and there is none",
                    ));
                }
                Ok((1..=h)
                    .map(|i| {
                        let f = (i.min(*over)) as f64 / *over as f64;
                        last + (to - last) * f
                    })
                    .collect())
            }
        }
    }
}

/// A rule as written in the workspace TOML:
/// `{ hold = 4.0 }`, `{ path = [3.5, 3.0] }` or `{ to = 2.0, over = 8 }`.
///
/// ```
/// use colcrime::models::scenario::{PathRule, PathRuleSpec};
/// let s: PathRuleSpec = toml::from_str("to = 2.0\nover = 4\n").unwrap();
/// assert_eq!(s.rule().unwrap(), PathRule::Glide { to: 2.0, over: 4 });
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathRuleSpec {
    /// Hold this value.
    #[serde(default)]
    pub hold: Option<f64>,
    /// Follow these values.
    #[serde(default)]
    pub path: Option<Vec<f64>>,
    /// Glide to this value...
    #[serde(default)]
    pub to: Option<f64>,
    /// ...over this many periods.
    #[serde(default)]
    pub over: Option<usize>,
}

impl PathRuleSpec {
    /// The validated rule.
    ///
    /// # Errors
    /// None or several of `hold`, `path`, `to` given, `over` without `to`,
    /// or an invalid value.
    ///
    /// ```
    /// use colcrime::models::scenario::PathRuleSpec;
    /// let s = PathRuleSpec { hold: Some(1.0), to: Some(2.0), ..Default::default() };
    /// assert!(s.rule().is_err());
    /// ```
    pub fn rule(&self) -> Result<PathRule> {
        let rule = match (&self.hold, &self.path, &self.to) {
            (Some(v), None, None) if self.over.is_none() => PathRule::Hold(*v),
            (None, Some(p), None) if self.over.is_none() => PathRule::Path(p.clone()),
            (None, None, Some(to)) => PathRule::Glide {
                to: *to,
                over: self.over.unwrap_or(1),
            },
            _ => {
                return Err(Error::usage(
                    "a scenario rule is one of { hold = V }, { path = [V, ...] } or { to = V, over = N }",
                ));
            }
        };
        rule.validate()?;
        Ok(rule)
    }
}

/// The future values of each driver under a named scenario.
///
/// Values are stored per period; a missing (NaN) value means "not set by
/// the scenario" and is filled from observed data by
/// [`Scenario::exog_path`], or reported there as missing.
///
/// ```
/// use colcrime::models::scenario::Scenario;
/// use colcrime::series::Period;
/// let p = Period::quarter(2026, 1).unwrap();
/// let s = Scenario::new("high", vec![p, p.succ()], vec![("cpi".into(), vec![4.0, 4.0])]).unwrap();
/// assert_eq!(s.value("cpi", p.succ()), Some(4.0));
/// assert!(Scenario::new("x", vec![p, p], vec![]).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    name: String,
    label: String,
    periods: Vec<Period>,
    paths: Vec<(String, Vec<f64>)>,
}

/// The regressor values of a forecast window under a scenario.
///
/// ```
/// use colcrime::models::scenario::Scenario;
/// use colcrime::series::Period;
/// let p = Period::year(2030);
/// let s = Scenario::new("s", vec![p], vec![("x".into(), vec![1.5])]).unwrap();
/// let e = s.exog_path(&["x".into()], &[p], &[], &[vec![]]).unwrap();
/// assert_eq!(e.values[[0, 0]], 1.5);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ExogPath {
    /// Regressor names (columns of `values`).
    pub names: Vec<String>,
    /// The forecast periods (rows of `values`).
    pub periods: Vec<Period>,
    /// `h x k` values.
    pub values: Array2<f64>,
    /// For each regressor, each period's distance beyond the regressor's
    /// last observation (0 for observed periods).
    pub steps_ahead: Vec<Vec<usize>>,
}

impl ExogPath {
    /// The periods `rows` of the path (values and distances with them).
    ///
    /// ```
    /// use colcrime::models::scenario::ExogPath;
    /// use colcrime::series::Period;
    /// let p = ExogPath { names: vec!["x".into()], periods: vec![Period::year(2030), Period::year(2031)],
    ///     values: ndarray::array![[1.0], [2.0]], steps_ahead: vec![vec![1, 2]] };
    /// let later = p.rows(1..2);
    /// assert_eq!((later.values[[0, 0]], later.steps_ahead[0][0]), (2.0, 2));
    /// ```
    pub fn rows(&self, rows: std::ops::Range<usize>) -> ExogPath {
        ExogPath {
            names: self.names.clone(),
            periods: self.periods[rows.clone()].to_vec(),
            values: self.values.slice(ndarray::s![rows.clone(), ..]).to_owned(),
            steps_ahead: self
                .steps_ahead
                .iter()
                .map(|v| v[rows.clone()].to_vec())
                .collect(),
        }
    }

    /// `{dates, periods, NAME: [...], steps_ahead: {NAME: [...]}}`.
    ///
    /// ```
    /// use colcrime::models::scenario::Scenario;
    /// use colcrime::series::Period;
    /// let p = Period::year(2030);
    /// let s = Scenario::new("s", vec![p], vec![("x".into(), vec![1.5])]).unwrap();
    /// let e = s.exog_path(&["x".into()], &[p], &[], &[vec![]]).unwrap();
    /// assert_eq!(e.to_json()["x"][0], 1.5);
    /// ```
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "dates".into(),
            json!(self.periods.iter().map(Period::iso).collect::<Vec<_>>()),
        );
        m.insert(
            "periods".into(),
            json!(
                self.periods
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
            ),
        );
        let mut steps = Map::new();
        for (j, n) in self.names.iter().enumerate() {
            m.insert(n.clone(), nums(&self.values.column(j).to_vec()));
            steps.insert(n.clone(), json!(self.steps_ahead[j]));
        }
        m.insert("steps_ahead".into(), Value::Object(steps));
        Value::Object(m)
    }
}

/// The last finite value of `values` at or before row `end` (exclusive).
fn last_observed(values: &[f64]) -> Option<usize> {
    values.iter().rposition(|v| v.is_finite())
}

impl Scenario {
    /// A scenario from explicit values: `paths` holds one `(series, values)`
    /// per driver, aligned with `periods` (NaN = not set).
    ///
    /// # Errors
    /// An empty name, periods not strictly increasing or of mixed
    /// frequency, a path of the wrong length, an infinite value, or a
    /// driver named twice.
    ///
    /// ```
    /// use colcrime::models::scenario::Scenario;
    /// use colcrime::series::Period;
    /// let p = Period::year(2030);
    /// let e = Scenario::new("s", vec![p], vec![("x".into(), vec![1.0, 2.0])]).unwrap_err();
    /// assert!(e.to_string().contains("\"x\""));
    /// ```
    pub fn new(
        name: impl Into<String>,
        periods: Vec<Period>,
        paths: Vec<(String, Vec<f64>)>,
    ) -> Result<Scenario> {
        let name = name.into();
        if name.trim().is_empty() {
            return Err(Error::usage("a scenario needs a name"));
        }
        for w in periods.windows(2) {
            if w[0].freq() != w[1].freq() {
                return Err(Error::usage(format!(
                    "scenario \"{name}\": periods {} and {} have different frequencies",
                    w[0], w[1]
                )));
            }
            if w[1] <= w[0] {
                return Err(Error::usage(format!(
                    "scenario \"{name}\": periods must increase, but {} follows {}",
                    w[1], w[0]
                )));
            }
        }
        for (i, (s, v)) in paths.iter().enumerate() {
            if paths[..i].iter().any(|(t, _)| t == s) {
                return Err(Error::usage(format!(
                    "scenario \"{name}\": series \"{s}\" is given twice"
                )));
            }
            if v.len() != periods.len() {
                return Err(Error::usage(format!(
                    "scenario \"{name}\": series \"{s}\" has {} values for {} periods",
                    v.len(),
                    periods.len()
                )));
            }
            if let Some(j) = v.iter().position(|x| x.is_infinite()) {
                return Err(Error::usage(format!(
                    "scenario \"{name}\": series \"{s}\" is {} in {}",
                    v[j], periods[j]
                )));
            }
        }
        Ok(Scenario {
            label: name.clone(),
            name,
            periods,
            paths,
        })
    }

    /// Sets the label shown in charts and tables (default: the name).
    ///
    /// ```
    /// use colcrime::models::scenario::Scenario;
    /// let s = Scenario::new("high", vec![], vec![]).unwrap().with_label("CPI stays at 4%");
    /// assert_eq!(s.label(), "CPI stays at 4%");
    /// ```
    pub fn with_label(mut self, label: impl Into<String>) -> Scenario {
        self.label = label.into();
        self
    }

    /// The scenario's name (a JSON key).
    ///
    /// ```
    /// # use colcrime::models::scenario::Scenario;
    /// assert_eq!(Scenario::new("high", vec![], vec![]).unwrap().name(), "high");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The human label.
    ///
    /// ```
    /// # use colcrime::models::scenario::Scenario;
    /// assert_eq!(Scenario::new("high", vec![], vec![]).unwrap().label(), "high");
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The periods the scenario sets values for.
    ///
    /// ```
    /// # use colcrime::models::scenario::Scenario;
    /// assert!(Scenario::new("high", vec![], vec![]).unwrap().periods().is_empty());
    /// ```
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// The drivers the scenario sets.
    ///
    /// ```
    /// # use colcrime::models::scenario::Scenario;
    /// # use colcrime::series::Period;
    /// let s = Scenario::new("s", vec![Period::year(2030)], vec![("x".into(), vec![1.0])]).unwrap();
    /// assert_eq!(s.series_names(), vec!["x"]);
    /// ```
    pub fn series_names(&self) -> Vec<&str> {
        self.paths.iter().map(|(s, _)| s.as_str()).collect()
    }

    /// The value of `series` in period `p`, if set. A month is looked up in
    /// a quarterly scenario as its quarter; a quarter in a monthly scenario
    /// as its first month (files dated `2026-01-01` serve quarterly models).
    ///
    /// ```
    /// # use colcrime::models::scenario::Scenario;
    /// # use colcrime::series::Period;
    /// let s = Scenario::new("s", vec![Period::year(2030)], vec![("x".into(), vec![1.0])]).unwrap();
    /// assert_eq!(s.value("x", Period::year(2031)), None);
    /// ```
    pub fn value(&self, series: &str, p: Period) -> Option<f64> {
        let (_, v) = self.paths.iter().find(|(s, _)| s == series)?;
        let f = self.periods.first()?.freq();
        // A finer period maps to the scenario period containing it; a
        // coarser one to the scenario period of its first day (a quarter is
        // read from a file dated `2026-01-01`).
        let p = p
            .to_freq(f)
            .unwrap_or_else(|| Period::containing(p.first_day(), f));
        let i = self.periods.binary_search(&p).ok()?;
        v.get(i).copied().filter(|x| x.is_finite())
    }

    /// The regressor matrix for forecast `periods`: each driver's value is
    /// the scenario's where set, otherwise the observed value (`history`,
    /// aligned with `index`). Also records how far each period lies beyond
    /// the driver's last observation.
    ///
    /// # Errors
    /// A driver with no value for some period: the message names the
    /// scenario, the series and the first missing period.
    ///
    /// ```
    /// use colcrime::models::scenario::Scenario;
    /// use colcrime::series::Period;
    /// let p = Period::year(2030);
    /// let s = Scenario::new("high", vec![p], vec![("x".into(), vec![1.0])]).unwrap();
    /// let e = s.exog_path(&["x".into()], &[p, p.succ()], &[], &[vec![]]).unwrap_err();
    /// assert!(e.to_string().contains("series \"x\" has no value for 2031"), "{e}");
    /// ```
    pub fn exog_path(
        &self,
        names: &[String],
        periods: &[Period],
        index: &[Period],
        history: &[Vec<f64>],
    ) -> Result<ExogPath> {
        if history.len() != names.len() {
            return Err(Error::other(format!(
                "{} regressor names but {} histories",
                names.len(),
                history.len()
            )));
        }
        for s in self.series_names() {
            if !names.iter().any(|n| n == s) {
                return Err(Error::usage(format!(
                    "scenario \"{}\" sets series \"{s}\", which is not a regressor of the model (regressors: {})",
                    self.name,
                    names.join(", ")
                )));
            }
        }
        let h = periods.len();
        let k = names.len();
        let mut values = Array2::zeros((h, k));
        let mut steps_ahead = vec![vec![0usize; h]; k];
        for (j, (name, hist)) in names.iter().zip(history).enumerate() {
            let n = hist.len().min(index.len());
            let last = last_observed(&hist[..n]).map(|i| index[i]);
            for (i, p) in periods.iter().enumerate() {
                let observed = index
                    .binary_search(p)
                    .ok()
                    .and_then(|r| hist.get(r).copied())
                    .filter(|v| v.is_finite());
                let v = self.value(name, *p).or(observed).ok_or_else(|| {
                    Error::usage(format!(
                        "scenario \"{}\": series \"{name}\" has no value for {p} (the first period missing; the scenario gives {}, the data end {})",
                        self.name,
                        match (self.periods.first(), self.periods.last()) {
                            (Some(a), Some(b)) => format!("{a} to {b}"),
                            _ => "no periods".into(),
                        },
                        last.map_or_else(|| "without an observation".into(), |l| format!("in {l}"))
                    ))
                })?;
                values[[i, j]] = v;
                steps_ahead[j][i] = match last {
                    Some(l) => l.periods_until(p).map_or(0, |d| d.max(0) as usize),
                    None => i + 1,
                };
            }
        }
        Ok(ExogPath {
            names: names.to_vec(),
            periods: periods.to_vec(),
            values,
            steps_ahead,
        })
    }

    /// A scenario from rules, one per driver: each rule gives the driver's
    /// values for the `h` periods after its last observation in `history`
    /// (aligned with `index`).
    ///
    /// # Errors
    /// An invalid rule, a driver without history, or a glide from a driver
    /// that was never observed.
    ///
    /// ```
    /// use colcrime::models::scenario::{PathRule, Scenario};
    /// use colcrime::series::Period;
    /// let ix = vec![Period::year(2020), Period::year(2021)];
    /// let s = Scenario::from_rules("high", "High", &[("x".into(), PathRule::Hold(4.0))], &ix,
    ///     &[("x".into(), vec![1.0, f64::NAN])], 2).unwrap();
    /// assert_eq!(s.value("x", Period::year(2021)), Some(4.0));
    /// assert_eq!(s.value("x", Period::year(2022)), Some(4.0));
    /// ```
    pub fn from_rules(
        name: &str,
        label: &str,
        rules: &[(String, PathRule)],
        index: &[Period],
        history: &[(String, Vec<f64>)],
        h: usize,
    ) -> Result<Scenario> {
        let ctx = |e: Error| e.context(format!("scenario \"{name}\""));
        let mut by_period: BTreeMap<Period, Vec<f64>> = BTreeMap::new();
        let k = rules.len();
        for (j, (series, rule)) in rules.iter().enumerate() {
            let (_, hist) = history.iter().find(|(s, _)| s == series).ok_or_else(|| {
                Error::usage(format!(
                    "scenario \"{name}\" sets series \"{series}\", which is not a regressor of the model (regressors: {})",
                    history.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(", ")
                ))
            })?;
            let n = hist.len().min(index.len());
            let li = last_observed(&hist[..n]).ok_or_else(|| {
                Error::not_enough_data(format!("scenario \"{name}\": series \"{series}\""), 1, 0)
            })?;
            let vals = rule
                .values(hist[li], h)
                .map_err(|e| ctx(e.context(format!("series \"{series}\""))))?;
            for (i, v) in vals.into_iter().enumerate() {
                let p = index[li].offset(i as i64 + 1);
                by_period.entry(p).or_insert_with(|| vec![f64::NAN; k])[j] = v;
            }
        }
        let periods: Vec<Period> = by_period.keys().copied().collect();
        let paths = rules
            .iter()
            .enumerate()
            .map(|(j, (s, _))| (s.clone(), by_period.values().map(|r| r[j]).collect()))
            .collect();
        Ok(Scenario::new(name, periods, paths)?.with_label(label))
    }

    /// Reads scenarios from CSV text: a `date` column (periods such as
    /// `2026 Q1`, `2026-01`, `2026-01-01`), one column per driver and an
    /// optional `scenario` column naming several scenarios in one file
    /// (otherwise the one scenario is named after the file's stem). Empty
    /// cells are "not set".
    ///
    /// # Errors
    /// No `date` column, an unreadable date or number (with line and
    /// column), a period given twice within a scenario.
    ///
    /// ```
    /// use colcrime::models::scenario::Scenario;
    /// let text = "scenario,date,cpi\nhigh,2026 Q1,4\nhigh,2026 Q2,4\nlow,2026 Q1,2\nlow,2026 Q2,2\n";
    /// let s = Scenario::from_csv_str("s.csv", text).unwrap();
    /// assert_eq!(s.len(), 2);
    /// assert_eq!(s[1].name(), "low");
    /// let e = Scenario::from_csv_str("s.csv", "date,cpi\n2026 Q1,four\n").unwrap_err();
    /// assert_eq!(e.to_string(), "s.csv:2:2: column \"cpi\": expected a number, found \"four\"");
    /// ```
    pub fn from_csv_str(name: &str, text: &str) -> Result<Vec<Scenario>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lf;
        let text = if text.contains("\r\n") {
            lf = text.replace("\r\n", "\n");
            lf.as_str()
        } else {
            text
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let csv_err = |e: csv::Error| {
            let mut loc = Location::new(name);
            if let Some(p) = e.position() {
                loc = loc.line(p.line());
            }
            Error::format(loc, e.to_string())
        };
        let headers: Vec<String> = rdr
            .headers()
            .map_err(csv_err)?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let date_col = headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case("date"))
            .ok_or_else(|| {
                Error::format(
                    Location::new(name).line(1),
                    format!(
                        "a scenario file needs a \"date\" column; the header has {}",
                        headers.join(", ")
                    ),
                )
            })?;
        let scen_col = headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case("scenario"));
        let drivers: Vec<usize> = (0..headers.len())
            .filter(|&i| i != date_col && Some(i) != scen_col)
            .collect();
        if drivers.is_empty() {
            return Err(Error::format(
                Location::new(name).line(1),
                "a scenario file needs a column per driver besides date (and scenario)",
            ));
        }
        let default_name = Path::new(name)
            .file_stem()
            .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
        // Scenario name -> period -> values (in file order of scenarios).
        let mut order: Vec<String> = Vec::new();
        let mut rows: BTreeMap<String, BTreeMap<Period, Vec<f64>>> = BTreeMap::new();
        let mut freq = None;
        for (r, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(csv_err)?;
            let line = rec.position().map_or(r as u64 + 2, |p| p.line());
            let cell = |i: usize| rec.get(i).unwrap_or("").trim();
            let at = |i: usize| {
                Location::new(name)
                    .line(line)
                    .column_index(i as u64 + 1)
                    .column(headers[i].clone())
            };
            if (0..headers.len()).all(|i| cell(i).is_empty()) {
                continue;
            }
            let p = Period::parse(cell(date_col)).ok_or_else(|| {
                Error::parse(
                    at(date_col),
                    "a period (2026 Q1, 2026-01, 2026-01-01, 2026)",
                    cell(date_col),
                )
            })?;
            match freq {
                None => freq = Some(p.freq()),
                Some(f) if f != p.freq() => {
                    return Err(Error::parse(
                        at(date_col),
                        format!("a {f} period like the rows above"),
                        cell(date_col),
                    ));
                }
                _ => {}
            }
            let sname = match scen_col {
                Some(i) if !cell(i).is_empty() => cell(i).to_string(),
                Some(i) => {
                    return Err(Error::parse(at(i), "a scenario name", ""));
                }
                None => default_name.clone(),
            };
            let mut vals = Vec::with_capacity(drivers.len());
            for &i in &drivers {
                let v = parse_number(cell(i))
                    .ok_or_else(|| Error::parse(at(i), "a number", cell(i)))?;
                vals.push(v);
            }
            if !order.contains(&sname) {
                order.push(sname.clone());
            }
            let by_p = rows.entry(sname.clone()).or_default();
            if by_p.insert(p, vals).is_some() {
                return Err(Error::format(
                    at(date_col),
                    format!("scenario \"{sname}\" gives {p} twice"),
                ));
            }
        }
        if order.is_empty() {
            return Err(Error::format(
                Location::new(name),
                "the scenario file has no rows",
            ));
        }
        order
            .into_iter()
            .map(|s| {
                let by_p = rows.remove(&s).unwrap_or_default();
                let periods: Vec<Period> = by_p.keys().copied().collect();
                let paths = drivers
                    .iter()
                    .enumerate()
                    .map(|(j, &i)| (headers[i].clone(), by_p.values().map(|v| v[j]).collect()))
                    .collect();
                Scenario::new(s, periods, paths).map_err(|e| e.context(name))
            })
            .collect()
    }

    /// Reads scenarios from a CSV file (see [`Scenario::from_csv_str`]).
    ///
    /// # Errors
    /// An unreadable file, or as [`Scenario::from_csv_str`].
    ///
    /// ```
    /// use colcrime::models::scenario::Scenario;
    /// assert!(Scenario::read_csv("no/such/file.csv".as_ref()).is_err());
    /// ```
    pub fn read_csv(path: &Path) -> Result<Vec<Scenario>> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Scenario::from_csv_str(&path.display().to_string(), &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glide_reaches_target_and_holds() {
        let v = PathRule::Glide { to: 2.0, over: 4 }.values(4.0, 6).unwrap();
        assert_eq!(v, vec![3.5, 3.0, 2.5, 2.0, 2.0, 2.0]);
    }

    #[test]
    fn observed_values_fill_the_gap() {
        // Data to 2021; y's forecast starts in 2021, the scenario sets 2022 on.
        let ix = vec![Period::year(2019), Period::year(2020), Period::year(2021)];
        let hist = vec![1.0, 2.0, 3.0];
        let s = Scenario::from_rules(
            "hold",
            "Hold",
            &[("x".into(), PathRule::Hold(9.0))],
            &ix,
            &[("x".into(), hist.clone())],
            2,
        )
        .unwrap();
        let window = vec![Period::year(2021), Period::year(2022), Period::year(2023)];
        let e = s.exog_path(&["x".into()], &window, &ix, &[hist]).unwrap();
        assert_eq!(e.values.column(0).to_vec(), vec![3.0, 9.0, 9.0]);
        assert_eq!(e.steps_ahead[0], vec![0, 1, 2]);
    }

    #[test]
    fn csv_errors_name_line_and_column() {
        let e = Scenario::from_csv_str("s.csv", "date,cpi\n2026 Q1,1\nnot a date,2\n").unwrap_err();
        assert!(
            e.to_string().starts_with("s.csv:3:1: column \"date\""),
            "{e}"
        );
        let e = Scenario::from_csv_str("s.csv", "cpi\n1\n").unwrap_err();
        assert!(e.to_string().contains("needs a \"date\" column"), "{e}");
        let e = Scenario::from_csv_str("s.csv", "date,cpi\n2026 Q1,1\n2026 Q1,2\n").unwrap_err();
        assert!(e.to_string().contains("gives 2026 Q1 twice"), "{e}");
    }

    #[test]
    fn unknown_driver_is_an_error() {
        let p = Period::year(2030);
        let s = Scenario::new("s", vec![p], vec![("z".into(), vec![1.0])]).unwrap();
        let e = s
            .exog_path(&["x".into()], &[p], &[], &[vec![]])
            .unwrap_err();
        assert!(e.to_string().contains("sets series \"z\""), "{e}");
    }

    #[test]
    fn monthly_dates_map_to_quarters() {
        let s = Scenario::from_csv_str("s.csv", "date,cpi\n2026-01-01,4\n").unwrap();
        let q = Period::quarter(2026, 1).unwrap();
        assert_eq!(s[0].value("cpi", q), Some(4.0));
        assert_eq!(s[0].value("cpi", q.succ()), None);
        let s = Scenario::from_csv_str("s.csv", "date,cpi\n2026 Q1,4\n").unwrap();
        assert_eq!(
            s[0].value("cpi", Period::month(2026, 2).unwrap()),
            Some(4.0)
        );
    }
}
