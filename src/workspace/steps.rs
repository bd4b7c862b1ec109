//! Series transform steps written in a workspace: `aggregate(quarterly)`,
//! `growth(12)`, `per_capita(london_pop)`, ...

use crate::error::{Error, Result};
use crate::series::{Frequency, Period, Series};
use crate::transforms::{self, Aggregation};

/// One parsed step.
///
/// ```
/// use colcrime::workspace::Step;
/// let s = Step::parse("aggregate(quarterly, sum)").unwrap();
/// assert_eq!(s.name, "aggregate");
/// assert_eq!(s.args, vec!["quarterly", "sum"]);
/// assert!(Step::parse("growth(").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The step's name.
    pub name: String,
    /// Its arguments, trimmed.
    pub args: Vec<String>,
}

const STEPS: &str = "aggregate, growth, log, diff, lag, rolling_sum, deflate, per_capita, interpolate, rebase, since, until, scale, indicator";

impl Step {
    /// Parses `name` or `name(arg, ...)`.
    ///
    /// # Errors
    /// Unbalanced parentheses or an empty name.
    ///
    /// ```
    /// # use colcrime::workspace::Step;
    /// assert_eq!(Step::parse("log").unwrap().args.len(), 0);
    /// ```
    pub fn parse(text: &str) -> Result<Step> {
        let t = text.trim();
        let (name, args) = match t.find('(') {
            Some(i) => {
                let inner = t[i + 1..].strip_suffix(')').ok_or_else(|| {
                    Error::usage(format!("step \"{t}\": missing closing parenthesis"))
                })?;
                let args = if inner.trim().is_empty() {
                    Vec::new()
                } else {
                    inner.split(',').map(|a| a.trim().to_string()).collect()
                };
                (t[..i].trim(), args)
            }
            None => (t, Vec::new()),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(Error::usage(format!(
                "step \"{t}\": expected name or name(args), one of {STEPS}"
            )));
        }
        Ok(Step {
            name: name.to_string(),
            args,
        })
    }

    /// The names of other series this step reads (`deflate`, `per_capita`).
    ///
    /// ```
    /// # use colcrime::workspace::Step;
    /// assert_eq!(Step::parse("per_capita(pop)").unwrap().references(), vec!["pop"]);
    /// ```
    pub fn references(&self) -> Vec<&str> {
        match self.name.as_str() {
            "deflate" | "per_capita" => self.args.first().map(String::as_str).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    fn arg_usize(&self, i: usize, default: Option<usize>) -> Result<usize> {
        match self.args.get(i) {
            Some(a) => a.parse().map_err(|_| {
                Error::usage(format!(
                    "step {}: argument {} is \"{a}\", expected a whole number",
                    self.name,
                    i + 1
                ))
            }),
            None => default.ok_or_else(|| {
                Error::usage(format!("step {} needs argument {}", self.name, i + 1))
            }),
        }
    }

    fn arg_period(&self, i: usize) -> Result<Option<Period>> {
        match self.args.get(i) {
            None => Ok(None),
            Some(a) if a.is_empty() => Ok(None),
            Some(a) => Period::parse(a).map(Some).ok_or_else(|| {
                Error::usage(format!(
                    "step {}: \"{a}\" is not a period (2024-03, 2024 Q1, 2024, 2023/24)",
                    self.name
                ))
            }),
        }
    }

    /// Applies the step. `lookup` resolves the names of other series.
    ///
    /// # Errors
    /// Unknown step, bad arguments, or the transform's own errors.
    ///
    /// ```
    /// # use colcrime::workspace::Step;
    /// # use colcrime::series::{Period, Series};
    /// let s = Series::new("x", Period::year(2000), vec![1.0, 2.0]);
    /// let out = Step::parse("diff(1)").unwrap().apply(&s, &|_| None).unwrap();
    /// assert_eq!(out.values()[1], 1.0);
    /// ```
    pub fn apply(&self, s: &Series, lookup: &dyn Fn(&str) -> Option<Series>) -> Result<Series> {
        let get =
            |name: &str| lookup(name).ok_or_else(|| Error::not_found("series", name, Vec::new()));
        // Period arguments must match the series' frequency.
        let at_freq = |p: Period| -> Result<Period> {
            if p.freq() == s.freq() {
                return Ok(p);
            }
            // A year given for monthly data means its first period.
            if p.freq() == Frequency::Annual || p.freq() == Frequency::FinancialYear {
                return Ok(Period::containing(p.first_day(), s.freq()));
            }
            p.to_freq(s.freq()).ok_or_else(|| {
                Error::usage(format!(
                    "step {}: period {p} does not fit {} series {}",
                    self.name,
                    s.freq(),
                    s.name
                ))
            })
        };
        match self.name.as_str() {
            "aggregate" => {
                let to: Frequency = self
                    .args
                    .first()
                    .ok_or_else(|| Error::usage("step aggregate needs a frequency"))?
                    .parse()?;
                let how: Aggregation = match self.args.get(1) {
                    Some(h) => h.parse()?,
                    None => Aggregation::Auto,
                };
                transforms::aggregate(s, to, how)
            }
            "growth" => Ok(transforms::growth(s, self.arg_usize(0, None)?)),
            "log" => transforms::log(s),
            "diff" => Ok(transforms::diff(s, self.arg_usize(0, Some(1))?)),
            "lag" => Ok(transforms::lag(s, self.arg_usize(0, Some(1))?)),
            "rolling_sum" => Ok(transforms::rolling_sum(s, self.arg_usize(0, None)?)),
            "deflate" => {
                let price = get(self.args.first().map_or("", String::as_str))?;
                let base = self.arg_period(1)?.map(at_freq).transpose()?;
                transforms::deflate(s, &price, base)
            }
            "per_capita" => {
                let pop = get(self.args.first().map_or("", String::as_str))?;
                let per = match self.args.get(1) {
                    Some(a) => a.replace('_', "").parse::<f64>().map_err(|_| {
                        Error::usage(format!("step per_capita: \"{a}\" is not a number"))
                    })?,
                    None => 100_000.0,
                };
                transforms::per_capita(s, &pop, per)
            }
            "interpolate" => {
                // interpolate(FREQ, UNTIL): linear between observations (on
                // the last two's trend after them), as per_capita carries
                // a census population; e.g. a quarterly exposure for a GLM.
                let to_freq: Frequency = self
                    .args
                    .first()
                    .ok_or_else(|| {
                        Error::usage("step interpolate needs a frequency and an end, e.g. interpolate(quarterly, 2025 Q4)")
                    })?
                    .parse()?;
                let until = self.arg_period(1)?.ok_or_else(|| {
                    Error::usage("step interpolate needs an end period, e.g. interpolate(quarterly, 2025 Q4)")
                })?;
                let conv = |p: Period| {
                    if p.freq() == to_freq {
                        p
                    } else {
                        Period::containing(p.last_day(), to_freq)
                    }
                };
                let first = s
                    .iter()
                    .find(|(_, v)| !v.is_nan())
                    .map(|(p, _)| Period::containing(p.first_day(), to_freq))
                    .ok_or_else(|| {
                        Error::not_enough_data(format!("interpolation of {}", s.name), 2, 0)
                    })?;
                let mut out = transforms::interpolate_linear(s, to_freq, first, conv(until))?;
                out.name = s.name.clone();
                Ok(out)
            }
            "rebase" => {
                let from = self
                    .arg_period(0)?
                    .ok_or_else(|| Error::usage("step rebase needs a base period"))?;
                let to = self.arg_period(1)?.unwrap_or(from);
                // A year as base for monthly data: the whole year.
                let (a, b) = if from.freq() != s.freq() && from.freq() == Frequency::Annual {
                    let a = Period::containing(from.first_day(), s.freq());
                    let b = Period::containing(to.last_day(), s.freq());
                    (a, b)
                } else {
                    (at_freq(from)?, at_freq(to)?)
                };
                transforms::rebase(s, a, b)
            }
            "since" | "until" => {
                let p = self
                    .arg_period(0)?
                    .ok_or_else(|| Error::usage(format!("step {} needs a period", self.name)))?;
                let p = at_freq(p)?;
                let (Some((a, b)), true) = (s.observed_span(), true) else {
                    return Ok(s.clone());
                };
                let out = if self.name == "since" {
                    s.slice(p.max(a), b)
                } else {
                    s.slice(a, p.min(b))
                };
                Ok(out)
            }
            "scale" => {
                let f: f64 = self
                    .args
                    .first()
                    .and_then(|a| a.parse().ok())
                    .ok_or_else(|| Error::usage("step scale needs a number"))?;
                Ok(s.with_values(s.start(), s.values().iter().map(|v| v * f).collect()))
            }
            "indicator" => {
                let from = self
                    .arg_period(0)?
                    .ok_or_else(|| Error::usage("step indicator needs a first period"))?;
                let from = at_freq(from)?;
                let to = match self.arg_period(1)? {
                    Some(p) => at_freq(p)?,
                    None => from,
                };
                let mut out = s.with_values(
                    s.start(),
                    s.iter()
                        .map(|(p, _)| if p >= from && p <= to { 1.0 } else { 0.0 })
                        .collect(),
                );
                out.measure = crate::series::Measure::Level;
                out.unit = format!("1 from {from} to {to}, else 0");
                Ok(out)
            }
            other => Err(Error::usage(format!(
                "unknown step \"{other}\": expected one of {STEPS}"
            ))),
        }
    }
}
