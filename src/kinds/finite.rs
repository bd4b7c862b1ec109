//! The guard every fit passes through ([`KindOptions::fit`]): a report that
//! states a non-finite estimate, standard error, test statistic or p-value
//! is not a result but a sign of degenerate data (a constant series, an
//! exact fit, values so small or large that their squares under- or
//! overflow). It becomes a typed [`ErrorKind::Domain`] error (exit 2) that
//! names the numbers and the likely cause, instead of a success with `NaN`
//! or `Infinity` in it (a `t` of infinity reads as overwhelming
//! significance).
//!
//! Statistics that are legitimately undefined for a valid fit (an `F` test
//! of a model without slopes, R² of a regression without a constant,
//! information criteria) are not inspected.
//!
//! [`KindOptions::fit`]: super::KindOptions::fit
//! [`ErrorKind::Domain`]: crate::error::ErrorKind::Domain
//!
//! ```
//! use colcrime::kinds::{KindOptions, ModelData};
//! use colcrime::series::Frame;
//! // A constant response: every slope is 0 with a standard error of 0.
//! let f = Frame::from_csv_str("d.csv", "y,x\n5,1\n5,2\n5,3\n5,4\n5,7\n")?;
//! let t: toml::Table = toml::from_str("formula = \"y ~ x\"")?;
//! let e = KindOptions::from_table("ols", t)?.fit(&ModelData::new(&f, 0..5)?).unwrap_err();
//! assert_eq!(e.exit_code(), 2);
//! assert!(e.to_string().contains("the response y is constant"), "{e}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde_json::Value;

use super::{Detail, Report};
use crate::error::{Error, ErrorKind, Result};

/// Top-level JSON keys whose numbers must all be finite when present.
const CHECKED_KEYS: &[&str] = &["params", "bse", "tvalues", "pvalues", "statistic", "pvalue"];

/// Checks a report; see the module docs.
///
/// # Errors
/// [`Error::domain`] naming the first non-finite number and the model.
pub(crate) fn check(report: &Report) -> Result<()> {
    if let Detail::Ols(r) = &report.detail {
        // Clearer than "t = Infinity": say why.
        if r.centered_tss == 0.0 && r.nobs > 0 {
            let y = report.response.as_deref().unwrap_or("the response");
            return Err(degenerate(
                report,
                format!(
                    "the response {y} is constant (the same value in all {} observations): a regression has no variation to explain, and its standard errors would be 0 and its t statistics infinite",
                    r.nobs
                ),
            ));
        }
        if r.ssr == 0.0 && r.nobs > 0 {
            return Err(degenerate(
                report,
                "the model fits every observation exactly (residual sum of squares 0): standard errors are 0 and t statistics infinite".into(),
            ));
        }
    }
    for c in &report.coefficients {
        for (what, v) in [
            ("estimate", c.estimate),
            ("standard error", c.se),
            ("p-value", c.pvalue),
        ] {
            if !v.is_finite() {
                return Err(degenerate(
                    report,
                    format!(
                        "the {what} of {} is {}{}",
                        c.name,
                        shown(v),
                        reached(report)
                    ),
                ));
            }
        }
    }
    if let Detail::UnitRoot(rows) = &report.detail {
        for r in rows {
            let stats = [
                ("ADF statistic", r.adf.as_ref().map(|a| a.statistic)),
                ("KPSS statistic", r.kpss.as_ref().map(|k| k.statistic)),
            ];
            for (what, v) in stats {
                if let Some(v) = v.filter(|v| !v.is_finite()) {
                    return Err(degenerate(
                        report,
                        format!("the {what} of {} is {}", r.series, shown(v)),
                    ));
                }
            }
        }
    }
    for key in CHECKED_KEYS {
        if let Some(v) = report.json.get(*key)
            && let Some(bad) = first_nonfinite(v)
        {
            return Err(degenerate(report, format!("{key} contains {bad}")));
        }
    }
    Ok(())
}

/// An optimiser that stopped because its very objective is not finite
/// (a gradient or log-likelihood of NaN or infinity: a constant
/// differenced series has a likelihood that grows without bound) did not
/// fail to converge on good data: the data are degenerate. Such a
/// convergence error becomes a domain error (exit 2); any other error is
/// returned unchanged (a genuine non-convergence stays exit 1).
pub(crate) fn reclassify(e: Error) -> Error {
    let ErrorKind::Convergence { message } = e.kind() else {
        return e;
    };
    let nonfinite = [
        "gradient NaN",
        "gradient inf",
        "log-likelihood inf",
        "log-likelihood NaN",
        "log-likelihood -inf",
    ];
    if nonfinite.iter().any(|w| message.contains(w)) {
        return Error::domain(format!(
            "degenerate data: {message}; the likelihood is not finite at the start, as for a constant (or constant after differencing) series"
        ));
    }
    e
}

/// Checks the statistic and p-value of a test's JSON (`colcrime test`).
///
/// # Errors
/// [`Error::domain`] naming the test and the non-finite number.
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) fn check_test_json(test: &str, json: &Value) -> Result<()> {
    for key in ["statistic", "pvalue"] {
        if let Some(bad) = json.get(key).and_then(first_nonfinite) {
            return Err(Error::domain(format!(
                "{test}: degenerate data: the {key} is {bad}; the series is constant, or its values are so small or large that their squares under- or overflow (rescale it)"
            )));
        }
    }
    Ok(())
}

/// The error: the model, what is non-finite, and what to do.
fn degenerate(report: &Report, what: String) -> Error {
    let model = report
        .formula
        .as_deref()
        .or(report.response.as_deref())
        .or(report.json.get("series").and_then(Value::as_str))
        .map_or_else(
            || report.kind.to_string(),
            |f| format!("{} {f}", report.kind),
        );
    Error::domain(format!(
        "{model}: degenerate data: {what}; check that the series vary, are not perfectly collinear, and are of a reasonable scale"
    ))
}

/// The point an optimiser reached when only the standard errors failed
/// (a singular information matrix: the optimum is on a ridge, e.g. an AR
/// and an MA factor that cancel): " (estimates reached: a = 1.2, …;
/// log-likelihood L)", or nothing when an estimate is itself non-finite.
fn reached(report: &Report) -> String {
    if report.coefficients.iter().any(|c| !c.estimate.is_finite()) {
        return String::new();
    }
    let est: Vec<String> = report
        .coefficients
        .iter()
        .map(|c| format!("{} = {:.6}", c.name, c.estimate))
        .collect();
    let llf = report
        .json
        .get("llf")
        .and_then(Value::as_f64)
        .map_or_else(String::new, |l| format!("; log-likelihood {l:.4}"));
    format!(" (estimates reached: {}{llf})", est.join(", "))
}

fn shown(v: f64) -> &'static str {
    if v.is_nan() {
        "NaN"
    } else if v > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// The first non-finite number in a JSON value: a float that is not
/// finite, or one of the contract's strings `"NaN"`, `"Infinity"`,
/// `"-Infinity"` (arrays and objects are searched).
fn first_nonfinite(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => n
            .as_f64()
            .filter(|x| !x.is_finite())
            .map(|x| shown(x).to_string()),
        Value::String(s) if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") => {
            Some(s.clone())
        }
        Value::Array(a) => a.iter().find_map(first_nonfinite),
        Value::Object(m) => m.values().find_map(first_nonfinite),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::Coefficient;

    #[test]
    fn nan_standard_errors_are_degenerate() {
        let mut r = Report::new("sarima", serde_json::json!({"llf": -241.25}), String::new());
        r.coefficients = Coefficient::table(
            &["ar.L1".to_string()],
            &[0.99],
            &[f64::NAN],
            &[[0.0, 1.0]],
            &[0.5],
        );
        let e = check(&r).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.to_string().contains(
                "standard error of ar.L1 is NaN (estimates reached: ar.L1 = 0.990000; log-likelihood -241.2500)"
            ),
            "{e}"
        );
    }

    #[test]
    fn contract_strings_in_checked_keys_are_found() {
        let r = Report::new(
            "ols",
            serde_json::json!({"tvalues": [1.0, "Infinity"], "fvalue": "NaN"}),
            String::new(),
        );
        assert!(
            check(&r)
                .unwrap_err()
                .to_string()
                .contains("tvalues contains Infinity")
        );
        let ok = Report::new("ols", serde_json::json!({"fvalue": "NaN"}), String::new());
        assert!(check(&ok).is_ok());
        assert!(check_test_json("adf", &serde_json::json!({"statistic": "NaN"})).is_err());
    }
}
