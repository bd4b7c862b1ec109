//! Words and numbers for the reader: rounding, p-values, counts and the
//! plain-English reading of a coefficient, shared by every model kind's
//! briefing section and the briefing itself.

use super::Block;
use crate::kinds::Coefficient;

/// Formats a number for reading: thousands separators for large values,
/// otherwise `digits` significant figures.
///
/// ```
/// use colcrime::doc::words::fmt_num as f;
/// assert_eq!(f(28433.0, 3), "28,433");
/// assert_eq!(f(0.012345, 3), "0.0123");
/// assert_eq!(f(-2.5, 3), "-2.50");
/// assert_eq!(f(f64::NAN, 3), "n/a");
/// ```
pub fn fmt_num(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    if x.abs() >= 1000.0 {
        let r = x.round() as i64;
        let s = r.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        return if r < 0 { format!("-{out}") } else { out };
    }
    if x == 0.0 {
        return "0".into();
    }
    let mag = x.abs().log10().floor() as i32;
    let decimals = (digits as i32 - 1 - mag).max(0) as usize;
    format!("{x:.decimals$}")
}

/// A signed percentage change with two significant figures.
///
/// ```
/// assert_eq!(colcrime::doc::words::pct(12.34), "+12%");
/// ```
pub fn pct(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    format!("{}{}%", if x > 0.0 { "+" } else { "" }, fmt_num(x, 2))
}

/// A p-value to three decimals, `<0.001` below.
///
/// ```
/// assert_eq!(colcrime::doc::words::pvalue(0.0456), "0.046");
/// ```
pub fn pvalue(p: f64) -> String {
    if !p.is_finite() {
        "n/a".into()
    } else if p < 0.001 {
        "<0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// `growth(x, 4)` read as "the growth of `x` over 4 periods".
pub fn describe_response(resp: &str) -> String {
    if let Some(inner) = resp
        .strip_prefix("growth(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let mut parts = inner.rsplitn(2, ',');
        let k = parts.next().unwrap_or("").trim();
        if let Some(x) = parts.next() {
            return format!("a growth rate of `{}` over {k} periods", x.trim());
        }
    }
    if let Some(inner) = resp.strip_prefix("diff(").and_then(|r| r.strip_suffix(')')) {
        return format!("a change in `{}`", inner.trim());
    }
    format!("a `{resp}`")
}

/// A plain-English reading of one coefficient; `indicator` says the term is
/// a 0/1 dummy, read as "in periods when it is 1".
pub fn reading(row: &Coefficient, response: &str, indicator: bool) -> String {
    let resp = response.trim();
    let sig = if row.pvalue < 0.05 {
        "statistically significant at the 5% level"
    } else {
        "not statistically distinguishable from zero at the 5% level"
    };
    let ci = format!(
        "95% interval {} to {}",
        fmt_num(row.ci.0, 3),
        fmt_num(row.ci.1, 3)
    );
    let cause = if indicator {
        format!("periods when `{}` = 1 (against 0) go", row.name)
    } else {
        format!(
            "each extra unit of `{}` (one percentage point, for rates) goes",
            row.name
        )
    };
    let up_down = |x: f64| if x >= 0.0 { "higher" } else { "lower" };
    let effect = if let Some(inner) = resp.strip_prefix("log(").and_then(|r| r.strip_suffix(')')) {
        let p = 100.0 * (row.estimate.exp() - 1.0);
        format!(
            "{cause} with `{}` {}% {} (coefficient {}, {ci})",
            inner.trim(),
            fmt_num(p.abs(), 2),
            up_down(p),
            fmt_num(row.estimate, 3)
        )
    } else if resp.starts_with("growth(") {
        format!(
            "{cause} with {} that is {} percentage points {} ({ci})",
            describe_response(resp),
            fmt_num(row.estimate.abs(), 3),
            up_down(row.estimate)
        )
    } else {
        format!(
            "{cause} with {} that is {} units {} ({ci})",
            describe_response(resp),
            fmt_num(row.estimate.abs(), 3),
            up_down(row.estimate)
        )
    };
    let mut effect = effect;
    if let Some(first) = effect.get(0..1) {
        effect = first.to_uppercase() + effect.get(1..).unwrap_or("");
    }
    format!(
        "{effect}, other terms held fixed; this is {sig} ({}).",
        p_phrase(row.pvalue)
    )
}

/// A share as a whole percentage: `0.83` -> `83%`.
pub fn share(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0}%", 100.0 * x)
    } else {
        "n/a".into()
    }
}

/// `p = 0.049` or `p < 0.001`.
pub fn p_phrase(p: f64) -> String {
    if p.is_finite() && p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {}", pvalue(p))
    }
}

/// A count of observations: an integer with thousands separators.
pub fn fmt_count(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1000.0 {
        format!("{}", n as i64)
    } else {
        fmt_num(n, 6)
    }
}

/// A coefficient table in the style of the OLS table: term, estimate,
/// standard error, 95% interval and p-value.
pub fn coef_table(rows: &[Coefficient]) -> Block {
    Block::Table(
        vec![
            "Term".into(),
            "Estimate".into(),
            "Std. error".into(),
            "95% interval".into(),
            "p-value".into(),
        ],
        rows.iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    fmt_num(r.estimate, 3),
                    fmt_num(r.se, 3),
                    format!("{} to {}", fmt_num(r.ci.0, 3), fmt_num(r.ci.1, 3)),
                    pvalue(r.pvalue),
                ]
            })
            .collect(),
    )
}

/// The regression part of a briefing: a facts paragraph, the coefficient
/// table and a plain-English reading of every coefficient but the
/// constant; `indicator(name)` says a term is a 0/1 dummy.
///
/// ```
/// use colcrime::doc::words::regression_blocks;
/// use colcrime::kinds::Coefficient;
/// let rows = vec![Coefficient { name: "cpi".into(), estimate: 2.0, se: 1.0, ci: (0.04, 3.96), pvalue: 0.045 }];
/// let b = regression_blocks("Formula `y ~ cpi`.".into(), &rows, "y", &|_| false);
/// assert_eq!(b.len(), 5);
/// ```
pub fn regression_blocks(
    facts: String,
    rows: &[Coefficient],
    response: &str,
    indicator: &dyn Fn(&str) -> bool,
) -> Vec<Block> {
    let mut b = vec![Block::Para(facts), coef_table(rows)];
    let readings: Vec<String> = rows
        .iter()
        .filter(|r| r.name != "const")
        .map(|r| reading(r, response, indicator(&r.name)))
        .collect();
    if !readings.is_empty() {
        b.push(Block::Heading(3, "What the coefficients say".into()));
        b.push(Block::List(readings));
        b.push(Block::Para(
            "These are associations over the sample, not causal effects: crime and the cost of living share trends, the pandemic and recording changes. Standard errors allow for autocorrelation and heteroskedasticity where the covariance is HAC.".into(),
        ));
    }
    b
}

/// Whether column `j` of a design holds a plain column (not a function of
/// one, not a factor level) whose values are all 0 or 1: a dummy such as a
/// lockdown indicator, read as "in periods when it is 1".
///
/// ```
/// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0]];
/// assert!(colcrime::doc::words::is_dummy("lockdown", &x, 1));
/// assert!(!colcrime::doc::words::is_dummy("C(g)[T.b]", &x, 1));
/// ```
pub fn is_dummy(name: &str, x: &ndarray::Array2<f64>, j: usize) -> bool {
    name.chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && j < x.ncols()
        && x.column(j).iter().all(|&v| v == 0.0 || v == 1.0)
}

/// The briefing's part of a model fitted by maximum likelihood: its name,
/// observations, log-likelihood and AICc, and its parameters.
///
/// ```
/// use colcrime::doc::words::likelihood_blocks;
/// let b = likelihood_blocks(Some("ARIMA(0,1,1)(0,1,1)4".into()), 60.0, -10.5, 27.3, &[]);
/// assert_eq!(b.len(), 1);
/// ```
pub fn likelihood_blocks(
    model: Option<String>,
    nobs: f64,
    llf: f64,
    aicc: f64,
    rows: &[Coefficient],
) -> Vec<Block> {
    let mut facts = Vec::new();
    facts.extend(model);
    if nobs.is_finite() {
        facts.push(format!("{} observations", fmt_count(nobs)));
    }
    if llf.is_finite() {
        facts.push(format!("log-likelihood {}", fmt_num(llf, 5)));
    }
    if aicc.is_finite() {
        facts.push(format!("AICc {}", fmt_num(aicc, 5)));
    }
    let mut b = Vec::new();
    if !facts.is_empty() {
        b.push(Block::Para(format!(
            "Fitted by exact maximum likelihood: {}.",
            facts.join(", ")
        )));
    }
    if !rows.is_empty() {
        b.push(Block::Table(
            vec!["Parameter".into(), "Estimate".into(), "Std. error".into()],
            rows.iter()
                .map(|r| vec![r.name.clone(), fmt_num(r.estimate, 4), fmt_num(r.se, 3)])
                .collect(),
        ));
    }
    b
}
