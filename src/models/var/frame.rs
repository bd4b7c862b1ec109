//! A VAR on the columns of a [`Frame`]: the options as the command line and
//! the workspace give them (series as expressions, lag order or its
//! selection, impulse-response horizon, forecast horizon and levels), the
//! fit on the rows where every series is observed, and its JSON and text
//! renderings. `colcrime fit var` and workspace `var` models both call
//! [`var_on_frame`]; it needs no command-line crate.
//!
//! ```
//! use colcrime::models::var::{VarOptions, var_on_frame};
//! use colcrime::series::Frame;
//! let e = [0.3, -0.2, 0.5, 0.1, -0.4, 0.2, 0.0, 0.3, -0.1, 0.4, -0.3, 0.1, 0.2, -0.2, 0.05, 0.15];
//! let f = [0.1, 0.2, -0.3, 0.4, 0.0, -0.1, 0.3, -0.2, 0.25, 0.05, -0.15, 0.2, -0.05, 0.1, 0.3, -0.25];
//! let (mut a, mut b) = (vec![0.0; 16], vec![0.0; 16]);
//! for t in 1..16 {
//!     a[t] = 0.5 * b[t - 1] + e[t];
//!     b[t] = 0.6 * b[t - 1] + f[t];
//! }
//! let frame = Frame::new(None, vec![("a".into(), a), ("b".into(), b)]).unwrap();
//! let opts = VarOptions { lags: Some(1), horizon: Some(0), ..VarOptions::new("a,b") };
//! let out = var_on_frame(&frame, 0, 16, &opts).unwrap();
//! assert_eq!(out.json["nobs"], 15);
//! assert!(out.table.starts_with("VAR(1) of a, b"));
//! ```

use std::fmt::Write as _;

use ndarray::Array2;
use serde_json::{Map, Value, json};

use super::{Trend, VarParams, select_order};
use crate::error::{Error, Result};
use crate::formula::eval_expr;
use crate::json::{matrix, rows};
use crate::series::{Frame, Frequency, Period};

/// The model options of a VAR on a frame: the options of `colcrime fit var`
/// (with the `cli` feature they are its clap arguments) and of workspace
/// `var` models.
///
/// ```
/// let o = colcrime::models::var::VarOptions::new("robbery,cpi");
/// assert_eq!(o.trend, "c");
/// assert_eq!(o.level, "80,95");
/// assert_eq!(o.lags, None);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct VarOptions {
    /// The series: two or more expressions separated by commas, in the
    /// order used for the Cholesky ordering of orthogonalised responses.
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR,EXPR,..."))]
    pub series: String,
    /// Lag order p (default: the AIC choice of --select-maxlags).
    #[cfg_attr(feature = "cli", arg(long, value_name = "P"))]
    pub lags: Option<usize>,
    /// Deterministic terms: c (constant) or n (none).
    #[cfg_attr(feature = "cli", arg(long, value_name = "c|n", default_value = "c"))]
    pub trend: String,
    /// Compare lag orders up to M by AIC, BIC, HQIC and FPE on a common
    /// sample (statsmodels select_order).
    #[cfg_attr(feature = "cli", arg(long, value_name = "M"))]
    pub select_maxlags: Option<usize>,
    /// Impulse responses (plain and orthogonalised, with asymptotic standard
    /// errors) for H periods (H+1 matrices K x K, [response][shock]), and the
    /// forecast error variance decomposition for 1..H steps (`fevd`, as
    /// statsmodels' `decomp`: [variable][step][shock]).
    #[cfg_attr(feature = "cli", arg(long, value_name = "H"))]
    pub irf: Option<usize>,
    /// Forecast horizon (default two years of periods; 0 for none).
    #[cfg_attr(feature = "cli", arg(long, value_name = "H"))]
    pub horizon: Option<usize>,
    /// Prediction interval levels in percent.
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "L1,L2", default_value = "80,95")
    )]
    pub level: String,
}

impl VarOptions {
    /// The options for `series` (comma-separated expressions) with the
    /// command line's defaults: a constant, 80 and 95 % intervals, the lag
    /// order still to be given (`lags` or `select_maxlags`).
    ///
    /// ```
    /// let o = colcrime::models::var::VarOptions::new("a,b");
    /// assert_eq!(o.series, "a,b");
    /// assert_eq!(o.horizon, None);
    /// ```
    pub fn new(series: impl Into<String>) -> Self {
        VarOptions {
            series: series.into(),
            lags: None,
            trend: "c".into(),
            select_maxlags: None,
            irf: None,
            horizon: None,
            level: "80,95".into(),
        }
    }
}

/// What [`var_on_frame`] produces: the contract's JSON object and the text
/// table the command line prints.
///
/// ```
/// let o = colcrime::models::var::VarOutput { json: serde_json::json!({"nobs": 3}), table: String::new() };
/// assert_eq!(o.json["nobs"], 3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct VarOutput {
    /// The fit, lag-order selection, causality tests, impulse responses and
    /// forecasts as JSON.
    pub json: Value,
    /// The same as a human-readable table.
    pub table: String,
}

/// Splits at commas outside parentheses and backticks (a list of formula
/// expressions such as `log(a),diff(b, 1)`).
pub(crate) fn split_top(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut cur = String::new();
    for ch in s.chars() {
        match ch {
            '`' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if depth == 0 && !quoted => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Comma-separated numbers (`80,95`), or a usage error naming the option
/// `what`.
pub(crate) fn parse_floats(s: &str, what: &str) -> Result<Vec<f64>> {
    s.split(',')
        .map(|t| {
            t.trim().parse::<f64>().map_err(|_| {
                Error::usage(format!(
                    "{what}: expected numbers separated by commas, found \"{}\"",
                    t.trim()
                ))
            })
        })
        .collect()
}

/// The default forecast horizon for a frame: two years of its periods
/// (24 months, 8 quarters), 5 years, or 10 rows without a time index.
pub(crate) fn default_horizon(frame: &Frame) -> usize {
    match frame
        .index
        .as_ref()
        .and_then(|ix| ix.first())
        .map(Period::freq)
    {
        Some(Frequency::Monthly) => 24,
        Some(Frequency::Quarterly) => 8,
        Some(_) => 5,
        None => 10,
    }
}

/// Future periods after row `last` (row numbers as years without an index).
pub(crate) fn future_periods(frame: &Frame, last: usize, h: usize) -> Vec<Period> {
    match frame.index.as_ref().and_then(|ix| ix.get(last)) {
        Some(p) => (1..=h).map(|i| p.offset(i as i64)).collect(),
        None => (1..=h)
            .map(|i| Period::year((last + 1 + i) as i32))
            .collect(),
    }
}

/// A row's label: its period, or its data row number.
fn row_label(frame: &Frame, row: usize) -> String {
    match frame.index.as_ref().and_then(|ix| ix.get(row)) {
        Some(p) => format!("{p} (line {})", row + 2),
        None => format!("line {}", row + 2),
    }
}

/// The complete block of the series: rows `first..=last` of the training
/// rows, where every series is observed; a gap inside it is an error.
fn complete_block(
    frame: &Frame,
    cols: &[Vec<f64>],
    names: &[String],
    start: usize,
    ntrain: usize,
) -> Result<(usize, usize)> {
    let ok = |t: usize| cols.iter().all(|c| c.get(t).is_some_and(|v| v.is_finite()));
    let first = (start..ntrain).find(|&t| ok(t));
    let last = (start..ntrain).rev().find(|&t| ok(t));
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Error::not_enough_data(
            "VAR: rows where every series is observed",
            1,
            0,
        ));
    };
    for t in first..=last {
        for (c, n) in cols.iter().zip(names) {
            if !c.get(t).is_some_and(|v| v.is_finite()) {
                return Err(Error::usage(format!(
                    "VAR: series {n} is missing at {} inside the sample {} to {}; every series must be observed in every period (shorten the sample with --train-end or fill the gap)",
                    row_label(frame, t),
                    row_label(frame, first),
                    row_label(frame, last),
                )));
            }
        }
    }
    Ok((first, last))
}

/// Fits the VAR of `a` to rows `start..ntrain` of `frame` (trimmed to the
/// rows where every series is observed) and builds the contract's JSON and
/// the table.
///
/// # Errors
///
/// A usage error for fewer than two series, a series given twice, an
/// unknown trend, unreadable levels, no lag order (neither `lags` nor
/// `select_maxlags`) or a gap inside the sample; the errors of
/// [`eval_expr`](crate::formula::eval_expr) for an expression; the errors of
/// [`VarParams::fit`] (too few rows, a singular system).
///
/// # Examples
///
/// ```
/// use colcrime::models::var::{VarOptions, var_on_frame};
/// use colcrime::series::Frame;
/// let frame = Frame::new(None, vec![("a".into(), vec![1.0; 5]), ("b".into(), vec![2.0; 5])]).unwrap();
/// let e = var_on_frame(&frame, 0, 5, &VarOptions::new("a")).unwrap_err();
/// assert!(e.to_string().contains("at least 2 series, found 1"));
/// ```
pub fn var_on_frame(
    frame: &Frame,
    start: usize,
    ntrain: usize,
    a: &VarOptions,
) -> Result<VarOutput> {
    let names = split_top(&a.series);
    if names.len() < 2 {
        return Err(Error::usage(format!(
            "--series: a VAR needs at least 2 series, found {} in \"{}\"",
            names.len(),
            a.series
        )));
    }
    if let Some(dup) = names
        .iter()
        .enumerate()
        .find(|(i, n)| names[..*i].contains(n))
    {
        return Err(Error::usage(format!("--series: {} is given twice", dup.1)));
    }
    let trend = Trend::parse(&a.trend)?;
    let levels = parse_floats(&a.level, "--level")?;
    let cols: Vec<Vec<f64>> = names
        .iter()
        .map(|e| eval_expr(frame, e))
        .collect::<Result<_>>()?;
    let ntrain = ntrain.min(frame.nrows());
    let (first, last) = complete_block(frame, &cols, &names, start, ntrain)?;
    let y = Array2::from_shape_fn((last + 1 - first, names.len()), |(t, j)| cols[j][first + t]);
    let selection = match a.select_maxlags {
        Some(m) => Some(select_order(&y, m, trend)?),
        None => None,
    };
    let lags = match (a.lags, &selection) {
        (Some(p), _) => p,
        (None, Some(sel)) => sel.selected.aic,
        (None, None) => {
            return Err(Error::usage(
                "give the lag order with --lags P, or --select-maxlags M to choose it by AIC",
            ));
        }
    };
    let fit = VarParams::new(lags).trend(trend).fit(&y, &names)?;
    let mut json = fit.to_json();
    let mut table = String::new();
    let sample: Vec<String> = [first + lags, last]
        .iter()
        .map(|&r| match frame.index.as_ref().and_then(|ix| ix.get(r)) {
            Some(p) => p.to_string(),
            None => format!("row {}", r + 1),
        })
        .collect();
    let _ = writeln!(
        table,
        "VAR({lags}) of {} on {} to {} ({} observations)\n",
        names.join(", "),
        sample.first().map(String::as_str).unwrap_or(""),
        sample.last().map(String::as_str).unwrap_or(""),
        fit.nobs
    );
    table.push_str(&fit.summary());
    let mut extra = Map::new();
    extra.insert("series".into(), json!(names));
    extra.insert("sample".into(), json!(sample));
    if let Some(sel) = &selection {
        extra.insert("lag_order_selection".into(), sel.to_json());
        let _ = writeln!(
            table,
            "\nLag order selection (common sample from row {}; * = minimum)",
            sel.maxlags + 1
        );
        let _ = writeln!(
            table,
            "{:>4}{:>14}{:>14}{:>14}{:>14}",
            "p", "AIC", "BIC", "HQIC", "FPE"
        );
        for (i, p) in (sel.min_lag..=sel.maxlags).enumerate() {
            let _ = write!(table, "{p:>4}");
            for (vals, chosen) in [
                (&sel.aic, sel.selected.aic),
                (&sel.bic, sel.selected.bic),
                (&sel.hqic, sel.selected.hqic),
                (&sel.fpe, sel.selected.fpe),
            ] {
                let v = vals.get(i).copied().unwrap_or(f64::NAN);
                let mark = if chosen == p { "*" } else { " " };
                let _ = write!(table, "{:>13.6e}{mark}", v);
            }
            let _ = writeln!(table);
        }
    }
    let causality = fit.causality_pairs()?;
    if !causality.is_empty() {
        let _ = writeln!(table, "\nGranger causality (F tests within the VAR)");
        let _ = writeln!(
            table,
            "{:<24}{:<24}{:>12}{:>12}{:>10}",
            "caused", "causing", "F", "p-value", "df"
        );
        for c in &causality {
            let _ = writeln!(
                table,
                "{:<24}{:<24}{:>12.4}{:>12.4}{:>10}",
                c.caused.join(","),
                c.causing.join(","),
                c.statistic,
                c.pvalue,
                format!("{},{}", c.df_num, c.df_denom)
            );
        }
    }
    extra.insert(
        "causality".into(),
        Value::Array(causality.iter().map(|c| c.to_json()).collect()),
    );
    if let Some(h) = a.irf {
        let irf = fit.irf(h);
        let orth = fit.orth_irf(h);
        extra.insert("irf".into(), Value::Array(irf.iter().map(matrix).collect()));
        extra.insert(
            "orth_irf".into(),
            Value::Array(orth.iter().map(matrix).collect()),
        );
        let se = fit.irf_stderr(h, false)?;
        let ose = fit.irf_stderr(h, true)?;
        extra.insert(
            "irf_stderr".into(),
            Value::Array(se.iter().map(matrix).collect()),
        );
        extra.insert(
            "orth_irf_stderr".into(),
            Value::Array(ose.iter().map(matrix).collect()),
        );
        let fevd = fit.fevd(h);
        extra.insert(
            "fevd".into(),
            Value::Array(fevd.iter().map(|v| rows(v)).collect()),
        );
        let _ = writeln!(
            table,
            "\nOrthogonalised impulse responses (Cholesky, series order as given)"
        );
        for (s, m) in orth.iter().enumerate() {
            let _ = writeln!(table, "h = {s}");
            for (i, n) in names.iter().enumerate() {
                let r: Vec<String> = m.row(i).iter().map(|v| format!("{v:>12.5}")).collect();
                let _ = writeln!(
                    table,
                    "  {:<22}{}",
                    n.chars().take(22).collect::<String>(),
                    r.join("")
                );
            }
        }
    }
    let h = a.horizon.unwrap_or_else(|| default_horizon(frame));
    if h > 0 {
        let f = fit.forecast(h, &levels)?;
        let periods = future_periods(frame, last, h);
        let fc = f.to_forecasts(periods)?;
        let mut fj = Map::new();
        for (n, one) in names.iter().zip(&fc) {
            fj.insert(n.clone(), one.to_json());
            let _ = writeln!(
                table,
                "\nForecast of {n}\n{:<12}{:>14}{:>14}",
                "period", "mean", "se"
            );
            for ((p, m), s) in one.periods.iter().zip(&one.point).zip(&one.se) {
                let _ = writeln!(table, "{:<12}{:>14.6}{:>14.6}", p.to_string(), m, s);
            }
        }
        extra.insert("forecast".into(), Value::Object(fj));
    } else {
        extra.insert("forecast".into(), Value::Null);
    }
    if let Value::Object(map) = &mut json {
        map.extend(extra);
    }
    Ok(VarOutput { json, table })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_top_keeps_calls_and_backticks_whole() {
        assert_eq!(
            split_top("log(a), diff(b, 1),`x,y`"),
            ["log(a)", "diff(b, 1)", "`x,y`"]
        );
        assert!(split_top("  ").is_empty());
    }

    #[test]
    fn levels_and_horizons() {
        assert_eq!(parse_floats("80, 95", "--level").unwrap(), [80.0, 95.0]);
        let e = parse_floats("80,x", "--level").unwrap_err();
        assert!(e.to_string().contains("found \"x\""), "{e}");
        let q = Period::quarter(2024, 4).unwrap();
        let f = Frame::new(Some(vec![q]), vec![("a".into(), vec![1.0])]).unwrap();
        assert_eq!(default_horizon(&f), 8);
        assert_eq!(future_periods(&f, 0, 2)[1].to_string(), "2025 Q2");
        let g = Frame::new(None, vec![("a".into(), vec![1.0])]).unwrap();
        assert_eq!(default_horizon(&g), 10);
        assert_eq!(future_periods(&g, 0, 1), [Period::year(2)]);
    }

    #[test]
    fn a_gap_inside_the_sample_names_the_series_and_row() {
        let f = Frame::new(
            None,
            vec![
                ("a".into(), vec![1.0, 2.0, f64::NAN, 4.0, 5.0]),
                ("b".into(), vec![1.0, 0.0, 1.0, 0.0, 1.0]),
            ],
        )
        .unwrap();
        let o = VarOptions {
            lags: Some(1),
            ..VarOptions::new("a,b")
        };
        let e = var_on_frame(&f, 0, 5, &o).unwrap_err();
        assert!(
            e.to_string().contains("series a is missing at line 4"),
            "{e}"
        );
    }
}
