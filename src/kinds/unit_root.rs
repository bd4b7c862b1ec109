//! The `unit_root` kind: a table of unit-root and stationarity tests of
//! several series: ADF (constant, lag by AIC), KPSS (constant, automatic
//! bandwidth) and Zivot-Andrews (one break, lag by AIC), with a reading of
//! each series in words.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Detail, Kind, List, ModelData, Report, UnitRootRow};
use crate::error::{Error, Result};

/// Options of `fit unit_root` and of a workspace `kind = "unit_root"`
/// table.
///
/// ```
/// use colcrime::kinds::unit_root::UnitRootOptions;
/// let o: UnitRootOptions = toml::from_str("variables = [\"cpi_q\"]\ntests = [\"adf\", \"za\"]").unwrap();
/// assert_eq!(o.tests.unwrap().0, vec!["adf", "za"]);
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct UnitRootOptions {
    /// The series to test (expressions, comma separated).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR,EXPR,..."))]
    pub variables: List<String>,
    /// Which tests to run on each series, from adf, kpss and za
    /// (Zivot-Andrews, one structural break); default adf,kpss.
    #[cfg_attr(feature = "cli", arg(long, value_name = "adf,kpss,za"))]
    #[serde(default)]
    pub tests: Option<List<String>>,
    /// Deterministic terms: c (constant; default) or ct (constant and trend).
    #[cfg_attr(feature = "cli", arg(long, value_name = "c|ct"))]
    #[serde(default)]
    pub trend: Option<String>,
}

impl Kind for UnitRootOptions {
    const NAME: &'static str = "unit_root";
    const TIME_SERIES: bool = true;
    const JOINT_SAMPLE: bool = false;
    const CHARTS: super::ResultCharts = super::ResultCharts::NONE.named(&["unit_root"]);

    fn validate(&self) -> Result<()> {
        if self.variables.0.is_empty() {
            return Err(Error::usage(
                "variables: a unit_root model needs variables = [\"a\", ...]",
            ));
        }
        if let Some(t) = self.trend.as_deref()
            && !matches!(t, "c" | "ct")
        {
            return Err(Error::usage(format!(
                "trend: expected c or ct, found \"{t}\""
            )));
        }
        if let Some(tests) = &self.tests {
            if tests.0.is_empty() {
                return Err(Error::usage(
                    "tests: is empty: give one or more of adf, kpss, za",
                ));
            }
            for (i, t) in tests.0.iter().enumerate() {
                if !matches!(t.as_str(), "adf" | "kpss" | "za") {
                    return Err(Error::usage(format!(
                        "tests: unknown test \"{t}\": expected adf, kpss or za"
                    )));
                }
                if tests.0[..i].contains(t) {
                    return Err(Error::usage(format!("tests: \"{t}\" is listed twice")));
                }
            }
        }
        Ok(())
    }

    fn expressions(&self) -> Vec<String> {
        self.variables.0.clone()
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        use crate::models::unitroot::{
            AdfParams, AdfRegression, KpssLags, KpssRegression, ZaParams, ZaRegression, adf, kpss,
            zivot_andrews,
        };
        self.validate()?;
        let frame = data.frame;
        let (a, b) = (data.rows.start, data.rows.end);
        let chosen: Vec<String> = self
            .tests
            .clone()
            .map_or_else(|| vec!["adf".into(), "kpss".into()], |t| t.0);
        let has = |t: &str| chosen.iter().any(|c| c == t);
        let (run_adf, run_kpss, run_za) = (has("adf"), has("kpss"), has("za"));
        if let Some(t) = chosen
            .iter()
            .find(|t| !matches!(t.as_str(), "adf" | "kpss" | "za"))
        {
            return Err(Error::usage(format!(
                "unit_root tests: unknown test \"{t}\" (expected adf, kpss or za)"
            )));
        }
        let ct = matches!(self.trend.as_deref(), Some("ct"));
        let mut tests = Vec::new();
        let mut table = format!("{:<28}", "series");
        if run_adf {
            table.push_str(&format!("{:>10}{:>9}{:>6}", "ADF", "p", "lags"));
        }
        if run_kpss {
            table.push_str(&format!("{:>10}{:>9}{:>6}", "KPSS", "p", "lags"));
        }
        if run_za {
            table.push_str(&format!("{:>10}{:>9}{:>10}", "ZA", "p", "break"));
        }
        table.push_str("  reading\n");
        let mut rows_typed = Vec::new();
        for expr in &self.variables.0 {
            let col = crate::formula::eval_expr(frame, expr)?;
            let window = col.get(a..b.min(col.len())).unwrap_or(&[]);
            let first = window.iter().position(|v| v.is_finite());
            let last = window.iter().rposition(|v| v.is_finite());
            let (Some(f), Some(l)) = (first, last) else {
                return Err(Error::not_enough_data(
                    format!("unit-root tests of {expr}"),
                    10,
                    0,
                ));
            };
            let y = &window[f..=l];
            let label = |i: usize| {
                frame
                    .index
                    .as_ref()
                    .and_then(|ix| ix.get(a + f + i))
                    .map_or_else(|| format!("row {}", a + f + i + 1), |p| p.to_string())
            };
            if let Some(gap) = y.iter().position(|v| !v.is_finite()) {
                return Err(Error::usage(format!(
                    "unit-root tests of {expr}: missing at {} inside the sample",
                    label(gap)
                )));
            }
            let reg = if ct {
                AdfRegression::Ct
            } else {
                AdfRegression::C
            };
            let kreg = if ct {
                KpssRegression::Ct
            } else {
                KpssRegression::C
            };
            let zreg = if ct {
                ZaRegression::Ct
            } else {
                ZaRegression::C
            };
            let ad = run_adf
                .then(|| adf(y, &AdfParams::new().regression(reg)))
                .transpose()?;
            let kp = run_kpss
                .then(|| kpss(y, kreg, KpssLags::Auto))
                .transpose()?;
            // A series too short for ZA's lags and trimming is reported in its
            // row (`za: {error}`) rather than failing the whole table.
            let za_run = run_za.then(|| zivot_andrews(y, &ZaParams::new().regression(zreg)));
            let za_err = za_run
                .as_ref()
                .and_then(|r| r.as_ref().err().map(ToString::to_string));
            // The reading speaks to a briefing's readers: the reason in
            // words, not the command-line options of `fit za`.
            let za_note = za_run
                .as_ref()
                .and_then(|r| r.as_ref().err().map(za_not_computed));
            let za = za_run.and_then(std::result::Result::ok);
            let mut reading = match (&ad, &kp) {
                (Some(ad), Some(kp)) => match (ad.pvalue < 0.05, kp.pvalue < 0.05) {
                    (true, false) => "stationary (both tests agree)",
                    (false, true) => "unit root (both tests agree)",
                    (true, true) => {
                        "conflicting: ADF rejects a unit root, KPSS rejects stationarity"
                    }
                    (false, false) => "inconclusive: neither test rejects",
                }
                .to_string(),
                (Some(ad), None) if ad.pvalue < 0.05 => "ADF rejects a unit root".to_string(),
                (Some(_), None) => "ADF does not reject a unit root".to_string(),
                (None, Some(kp)) if kp.pvalue < 0.05 => "KPSS rejects stationarity".to_string(),
                (None, Some(_)) => "KPSS does not reject stationarity".to_string(),
                (None, None) => String::new(),
            };
            let mut za_json = Value::Null;
            let mut za_brk = None;
            if let Some(z) = &za {
                let brk = label(z.bpidx);
                za_brk = Some(brk.clone());
                let text = if z.pvalue < 0.05 {
                    format!("ZA rejects a unit root allowing a break after {brk}")
                } else {
                    format!(
                        "ZA does not reject a unit root even allowing a break (most likely after {brk})"
                    )
                };
                reading = if reading.is_empty() {
                    text
                } else {
                    format!("{reading}; {text}")
                };
                za_json = z.to_json();
                if let Some(o) = za_json.as_object_mut() {
                    o.insert("break_date".into(), Value::from(brk));
                }
            }
            if let (Some(e), Some(text)) = (&za_err, za_note) {
                reading = if reading.is_empty() {
                    text
                } else {
                    format!("{reading}; {text}")
                };
                za_json = serde_json::json!({ "error": e });
            }
            let mut line = format!("{:<28}", expr.chars().take(27).collect::<String>());
            if let Some(ad) = &ad {
                line.push_str(&format!(
                    "{:>10.3}{:>9.3}{:>6}",
                    ad.statistic, ad.pvalue, ad.usedlag
                ));
            }
            if let Some(kp) = &kp {
                line.push_str(&format!(
                    "{:>10.3}{:>9.3}{:>6}",
                    kp.statistic, kp.pvalue, kp.lags
                ));
            }
            if let Some(z) = &za {
                line.push_str(&format!(
                    "{:>10.3}{:>9.3}{:>10}",
                    z.statistic,
                    z.pvalue,
                    za_brk.as_deref().unwrap_or("")
                ));
            } else if run_za {
                line.push_str(&format!("{:>10}{:>9}{:>10}", "n/a", "n/a", "n/a"));
            }
            table.push_str(&format!("{line}  {reading}\n"));
            let mut t = serde_json::Map::new();
            t.insert("series".into(), Value::from(expr.clone()));
            if let Some(ad) = &ad {
                t.insert("adf".into(), ad.to_json());
            }
            if let Some(kp) = &kp {
                t.insert("kpss".into(), kp.to_json());
            }
            if run_za {
                t.insert("za".into(), za_json);
            }
            t.insert("reading".into(), Value::from(reading.clone()));
            tests.push(Value::Object(t));
            rows_typed.push(UnitRootRow {
                series: expr.clone(),
                adf: ad,
                kpss: kp,
                za: match (za, za_err) {
                    (Some(z), _) => Some(Ok((z, za_brk.unwrap_or_default()))),
                    (None, Some(e)) => Some(Err(e)),
                    (None, None) => None,
                },
                reading,
            });
        }
        if run_adf {
            table.push_str("ADF: H0 unit root (constant");
            table.push_str(if ct { " and trend" } else { "" });
            table.push_str(", lags by AIC), MacKinnon p-values. ");
        }
        if run_kpss {
            table.push_str("KPSS: H0 stationary (automatic bandwidth), p-values interpolated in Kwiatkowski et al.'s table within 0.01-0.10. ");
        }
        if run_za {
            table.push_str(
                "ZA: H0 unit root without a break, against stationarity with one break in the ",
            );
            table.push_str(if ct {
                "intercept and trend"
            } else {
                "intercept"
            });
            table.push_str(" (Zivot and Andrews 1992, lags by AIC; break: last period before it).");
        }
        table.push('\n');
        let mut report = Report::new(
            Self::NAME,
            serde_json::json!({"model": "unit_root", "tests": tests}),
            table,
        );
        report.sections = sections(&rows_typed);
        report.detail = Detail::UnitRoot(rows_typed);
        Ok(report)
    }
}

/// The briefing's table of the tests, with what each test asks.
pub(crate) fn sections(rows: &[UnitRootRow]) -> Vec<crate::doc::Block> {
    use crate::doc::Block;
    use crate::doc::words::{fmt_num, pvalue};
    let adf = rows.iter().any(|r| r.adf.is_some());
    let kpss = rows.iter().any(|r| r.kpss.is_some());
    let za = rows.iter().any(|r| r.za.is_some());
    let mut headers = vec!["Series".to_string()];
    if adf {
        headers.extend(["ADF statistic".into(), "ADF p-value".into()]);
    }
    if kpss {
        headers.extend(["KPSS statistic".into(), "KPSS p-value".into()]);
    }
    if za {
        headers.extend([
            "ZA statistic".into(),
            "ZA 5% critical value".into(),
            "ZA p-value".into(),
            "Break after".into(),
        ]);
    }
    headers.push("Reading".into());
    let na = || "n/a".to_string();
    let table = rows
        .iter()
        .map(|t| {
            let mut row = vec![format!("`{}`", t.series)];
            if adf {
                match &t.adf {
                    Some(a) => row.extend([fmt_num(a.statistic, 3), pvalue(a.pvalue)]),
                    None => row.extend([na(), na()]),
                }
            }
            if kpss {
                match &t.kpss {
                    Some(k) => {
                        row.push(fmt_num(k.statistic, 3));
                        // KPSS p-values come from a table: say when they sit
                        // at its ends.
                        row.push(match k.pvalue {
                            p if p >= 0.1 => "≥ 0.10".into(),
                            p if p <= 0.01 => "≤ 0.01".into(),
                            p => pvalue(p),
                        });
                    }
                    None => row.extend([na(), na()]),
                }
            }
            if za {
                match &t.za {
                    Some(Ok((z, brk))) => row.extend([
                        fmt_num(z.statistic, 3),
                        fmt_num(z.critical_values.five, 3),
                        pvalue(z.pvalue),
                        brk.clone(),
                    ]),
                    _ => row.extend([na(), na(), na(), na()]),
                }
            }
            row.push(t.reading.clone());
            row
        })
        .collect();
    let mut text = Vec::new();
    if adf {
        text.push("ADF tests the null of a unit root (lags chosen by AIC, MacKinnon p-values).");
    }
    if kpss {
        text.push("KPSS tests the null of stationarity (automatic bandwidth; its p-values are interpolated in a table and capped at 0.01 and 0.10).");
    }
    if za {
        text.push("The Zivot–Andrews test (ZA) tests the null of a unit root against stationarity around a level that shifts once, at the date that most favours the alternative; the break column is the last period before the shift. It rejects when the statistic is below the critical value (1%, 5% and 10% values in the JSON result).");
    }
    text.push("Series with a unit root in levels are modelled in growth rates or differences, or in levels only when they share a long-run relation (see the ARDL and error-correction models).");
    vec![Block::Table(headers, table), Block::Para(text.join(" "))]
}

/// Why Zivot-Andrews was not computed, in words for a reader: the series
/// is too short for the lags the test chose and the break dates it may
/// consider (the error itself, with its options, stays in the JSON).
fn za_not_computed(e: &Error) -> String {
    match e.kind() {
        crate::error::ErrorKind::NotEnoughData { needed, got, .. } => format!(
            "ZA not computed: {got} observations, the test needs at least {needed}"
        ),
        _ => "ZA not computed: the series is too short for the lags the test chose and the break dates it may consider (the middle 70% of the sample)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn za_not_computed_speaks_without_command_line_options() {
        let e = Error::not_enough_data("zivot-andrews", 30, 20);
        assert_eq!(
            za_not_computed(&e),
            "ZA not computed: 20 observations, the test needs at least 30"
        );
        let e = Error::usage("first candidate break too early; use a larger --trim");
        let text = za_not_computed(&e);
        assert!(!text.contains("--"), "{text}");
    }
}
