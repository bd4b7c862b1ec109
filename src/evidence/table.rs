//! The evidence table (`results/evidence.json`): every estimate of how one
//! crime series moves with one cost-of-living driver in one model family,
//! with Benjamini-Hochberg q-values over the whole table and a summary per
//! crime and driver that counts the models agreeing, never the winners
//! alone.

use serde::Serialize;

use crate::doc::Block;
use crate::doc::words::fmt_num;

/// One estimate on a subsample (the pre-Covid sample).
///
/// ```
/// use colcrime::evidence::table::SubEstimate;
/// let s = SubEstimate { estimate: 1.0, ci95: [0.5, 1.5], p: 0.01, sample: ["2011 Q2".into(), "2019 Q4".into()] };
/// assert!(s.ci95[0] < s.estimate);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubEstimate {
    /// The coefficient of the driver.
    pub estimate: f64,
    /// Its 95% interval.
    pub ci95: [f64; 2],
    /// Its two-sided p-value.
    pub p: f64,
    /// First and last period of the estimation sample.
    pub sample: [String; 2],
}

/// The subsamples of a row.
///
/// ```
/// use colcrime::evidence::table::Subsamples;
/// assert!(Subsamples::default().pre_covid.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Subsamples {
    /// The same model on the quarters before the pandemic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_covid: Option<SubEstimate>,
}

/// One estimate of the table (the contract's ROW).
///
/// ```
/// use colcrime::evidence::table::Row;
/// let r = Row::new("robbery", "cpi_inflation", "ols_growth_hac", 2.0, [1.0, 3.0], 0.01, 50, ["2011 Q2".into(), "2023 Q4".into()]);
/// assert_eq!(r.sign(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The crime series' id (`robbery`, `shoplifting`, ...).
    pub crime: String,
    /// The driver's id (`cpi_inflation`, ...).
    pub driver: String,
    /// The model family (`ols_growth_hac`, `nb2_count`, ...).
    pub model: String,
    /// The driver's coefficient.
    pub estimate: f64,
    /// Its 95% interval.
    pub ci95: [f64; 2],
    /// Its two-sided p-value.
    pub p: f64,
    /// The Benjamini-Hochberg adjusted p-value over every row of the table.
    pub q: f64,
    /// Observations used.
    pub n: usize,
    /// First and last period of the estimation sample.
    pub sample: [String; 2],
    /// The same model on subsamples.
    pub subsamples: Subsamples,
    /// What the estimate measures, in words.
    pub measures: String,
}

impl Row {
    /// A row with its q-value still to be set by [`Evidence::new`].
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        crime: &str,
        driver: &str,
        model: &str,
        estimate: f64,
        ci95: [f64; 2],
        p: f64,
        n: usize,
        sample: [String; 2],
    ) -> Row {
        Row {
            crime: crime.into(),
            driver: driver.into(),
            model: model.into(),
            estimate,
            ci95,
            p,
            q: f64::NAN,
            n,
            sample,
            subsamples: Subsamples::default(),
            measures: String::new(),
        }
    }

    /// `1` when the 95% interval lies above zero, `-1` below, `0` when it
    /// covers zero.
    pub fn sign(&self) -> i8 {
        if self.ci95[0] > 0.0 {
            1
        } else if self.ci95[1] < 0.0 {
            -1
        } else {
            0
        }
    }
}

/// How the models agree for one crime and driver (the contract's SUMMARY).
///
/// ```
/// use colcrime::evidence::table::{Evidence, Row};
/// let s = || ["2011 Q2".to_string(), "2023 Q4".to_string()];
/// let e = Evidence::new(vec![
///     Row::new("robbery", "cpi_inflation", "a", 1.0, [0.5, 1.5], 0.001, 40, s()),
///     Row::new("robbery", "cpi_inflation", "b", 1.0, [-0.5, 2.5], 0.3, 40, s()),
/// ]);
/// assert_eq!((e.summary[0].models_positive, e.summary[0].models_total), (1, 2));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The crime series' id.
    pub crime: String,
    /// The driver's id.
    pub driver: String,
    /// Models whose 95% interval lies above zero.
    pub models_positive: usize,
    /// Models whose 95% interval lies below zero.
    pub models_negative: usize,
    /// Models fitted.
    pub models_total: usize,
    /// Models whose q-value is below 0.05.
    pub models_q05: usize,
    /// The verdict in words.
    pub verdict: String,
}

/// The table and its summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Every estimate.
    pub rows: Vec<Row>,
    /// One line per crime and driver, in the rows' order.
    pub summary: Vec<Summary>,
    /// What each model family is, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<(String, String)>,
    /// Estimates that could not be made (crime, driver, model, reason).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<[String; 4]>,
}

/// Benjamini-Hochberg adjusted p-values, in the order given: `q_i` is the
/// smallest `p_(k) m / k` over the ranks `k` at or above `p_i`'s, capped
/// at 1. Missing p-values stay missing and do not count in `m`.
///
/// ```
/// use colcrime::evidence::table::bh_adjust;
/// let q = bh_adjust(&[0.01, 0.04, 0.03, 0.5]);
/// assert!((q[0] - 0.04).abs() < 1e-12);
/// assert!((q[1] - 0.04 * 4.0 / 3.0).abs() < 1e-12);
/// assert!((q[2] - 0.04 * 4.0 / 3.0).abs() < 1e-12);
/// assert_eq!(q[3], 0.5);
/// ```
pub fn bh_adjust(p: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| p[i].is_finite()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let m = order.len() as f64;
    let mut q = vec![f64::NAN; p.len()];
    let mut running = 1.0_f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p[i] * m / (rank + 1) as f64);
        q[i] = running;
    }
    q
}

impl Evidence {
    /// The table from its rows: q-values over every row, and the summary.
    pub fn new(mut rows: Vec<Row>) -> Evidence {
        let q = bh_adjust(&rows.iter().map(|r| r.p).collect::<Vec<_>>());
        for (r, q) in rows.iter_mut().zip(q) {
            r.q = q;
        }
        let mut keys: Vec<(String, String)> = Vec::new();
        for r in &rows {
            let k = (r.crime.clone(), r.driver.clone());
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        let summary = keys
            .into_iter()
            .map(|(crime, driver)| {
                let sel: Vec<&Row> = rows
                    .iter()
                    .filter(|r| r.crime == crime && r.driver == driver)
                    .collect();
                let pos = sel.iter().filter(|r| r.sign() > 0).count();
                let neg = sel.iter().filter(|r| r.sign() < 0).count();
                let q05 = sel.iter().filter(|r| r.q < 0.05).count();
                let verdict = verdict(pos, neg, sel.len(), q05);
                Summary {
                    crime,
                    driver,
                    models_positive: pos,
                    models_negative: neg,
                    models_total: sel.len(),
                    models_q05: q05,
                    verdict,
                }
            })
            .collect();
        Evidence {
            rows,
            summary,
            models: Vec::new(),
            failed: Vec::new(),
        }
    }

    /// The crime ids of the table, in the order of its rows.
    ///
    /// ```
    /// use colcrime::evidence::table::{Evidence, Row};
    /// let s = || ["a".to_string(), "b".to_string()];
    /// let e = Evidence::new(vec![Row::new("x", "d", "m", 1.0, [0.0, 2.0], 0.5, 9, s())]);
    /// assert_eq!(e.crimes(), ["x"]);
    /// ```
    pub fn crimes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in &self.summary {
            if !out.contains(&s.crime.as_str()) {
                out.push(&s.crime);
            }
        }
        out
    }

    /// The summary line of one crime and driver.
    pub fn summary_of(&self, crime: &str, driver: &str) -> Option<&Summary> {
        self.summary
            .iter()
            .find(|s| s.crime == crime && s.driver == driver)
    }
}

/// The verdict of one crime and driver from the models' signs.
fn verdict(pos: usize, neg: usize, n: usize, q05: usize) -> String {
    let adjusted = if q05 > 0 {
        format!("{q05} with q < 0.05 after adjusting for every test in the table")
    } else {
        "none with q < 0.05 after adjusting for every test in the table".to_string()
    };
    match (pos, neg) {
        (0, 0) => format!("no link: no model's 95% interval excludes zero ({n} models)"),
        (p, 0) if 2 * p > n => format!("rises with it in {p} of {n} models ({adjusted})"),
        (0, m) if 2 * m > n => format!("falls with it in {m} of {n} models ({adjusted})"),
        (p, 0) => format!(
            "no consistent link: higher in {p} of {n} models, the rest inconclusive ({adjusted})"
        ),
        (0, m) => format!(
            "no consistent link: lower in {m} of {n} models, the rest inconclusive ({adjusted})"
        ),
        (p, m) => format!("conflicting: higher in {p} and lower in {m} of {n} models ({adjusted})"),
    }
}

/// Plain-English names of the table's ids.
///
/// ```
/// use colcrime::evidence::table::plain;
/// assert_eq!(plain("real_earnings_growth"), "real earnings growth");
/// assert_eq!(plain("cpi_inflation"), "CPI inflation");
/// ```
pub fn plain(id: &str) -> String {
    match id {
        "cpi_inflation" => "CPI inflation".into(),
        "theft_from_person" => "theft from the person".into(),
        "ols_growth_hac" => "growth regression (HAC errors)".into(),
        "nb2_count" => "NB2 count model".into(),
        "ardl_bounds" => "ARDL long run".into(),
        "granger_var" => "VAR (Granger) lags".into(),
        "borough_panel_fe" => "borough panel (fixed effects)".into(),
        other => other.replace('_', " "),
    }
}

/// The briefing's account of the table: what was estimated, the summary
/// per crime and driver, and every row.
pub fn blocks(e: &Evidence) -> Vec<Block> {
    let mut b = vec![Block::Para(format!(
        "{} estimates: every crime series against every cost-of-living driver in each of {} model families. \
         Each row is an association over the sample, not an effect: none of these designs rules out a third factor moving both. \
         q is the Benjamini-Hochberg adjusted p-value over all {} rows, so a q below 0.05 keeps the expected share of false discoveries among such rows under 5%. \
         A model counts as agreeing when its 95% interval lies wholly on one side of zero.",
        e.rows.len(),
        e.models.len(),
        e.rows.len()
    ))];
    if !e.models.is_empty() {
        b.push(Block::List(
            e.models
                .iter()
                .map(|(id, what)| format!("{}: {what}", capitalise(&plain(id))))
                .collect(),
        ));
    }
    b.push(Block::Heading(3, "Summary by crime and driver".into()));
    b.push(Block::Table(
        vec![
            "Crime".into(),
            "Driver".into(),
            "Higher".into(),
            "Lower".into(),
            "Models".into(),
            "Verdict".into(),
        ],
        e.summary
            .iter()
            .map(|s| {
                vec![
                    capitalise(&plain(&s.crime)),
                    plain(&s.driver),
                    s.models_positive.to_string(),
                    s.models_negative.to_string(),
                    s.models_total.to_string(),
                    s.verdict.clone(),
                ]
            })
            .collect(),
    ));
    b.push(Block::Heading(3, "Every estimate".into()));
    b.push(Block::Table(
        vec![
            "Crime".into(),
            "Driver".into(),
            "Model".into(),
            "Estimate".into(),
            "95% interval".into(),
            "p".into(),
            "q".into(),
            "n".into(),
            "Sample".into(),
            "Pre-Covid estimate".into(),
        ],
        e.rows
            .iter()
            .map(|r| {
                vec![
                    capitalise(&plain(&r.crime)),
                    plain(&r.driver),
                    plain(&r.model),
                    fmt_num(r.estimate, 3),
                    format!("{} to {}", fmt_num(r.ci95[0], 3), fmt_num(r.ci95[1], 3)),
                    fmt_p(r.p),
                    fmt_p(r.q),
                    r.n.to_string(),
                    format!("{} to {}", r.sample[0], r.sample[1]),
                    r.subsamples.pre_covid.as_ref().map_or_else(
                        || "n/a".into(),
                        |s| format!("{} ({})", fmt_num(s.estimate, 3), fmt_p(s.p)),
                    ),
                ]
            })
            .collect(),
    ));
    if !e.failed.is_empty() {
        b.push(Block::Para(format!(
            "{} estimates could not be made and are left out (not counted as agreeing or disagreeing):",
            e.failed.len()
        )));
        b.push(Block::List(
            e.failed
                .iter()
                .map(|[c, d, m, why]| format!("{} on {} ({}): {why}", plain(c), plain(d), plain(m)))
                .collect(),
        ));
    }
    b
}

/// A p- or q-value to two significant figures.
fn fmt_p(p: f64) -> String {
    if !p.is_finite() {
        "n/a".into()
    } else if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// The first letter upper case.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(crime: &str, lo: f64, hi: f64, p: f64) -> Row {
        Row::new(
            crime,
            "cpi_inflation",
            "m",
            (lo + hi) / 2.0,
            [lo, hi],
            p,
            10,
            ["a".into(), "b".into()],
        )
    }

    #[test]
    fn summary_counts_signs_and_q() {
        let e = Evidence::new(vec![
            row("x", 0.1, 0.3, 0.001),
            row("x", 0.2, 0.4, 0.002),
            row("x", -0.1, 0.3, 0.4),
            row("y", -0.3, -0.1, 0.01),
        ]);
        let s = e.summary_of("x", "cpi_inflation").unwrap();
        assert_eq!(
            (s.models_positive, s.models_negative, s.models_total),
            (2, 0, 3)
        );
        assert!(
            s.verdict.starts_with("rises with it in 2 of 3"),
            "{}",
            s.verdict
        );
        let y = e.summary_of("y", "cpi_inflation").unwrap();
        assert_eq!(y.models_negative, 1);
        assert!(
            y.verdict.starts_with("falls with it in 1 of 1"),
            "{}",
            y.verdict
        );
        // q of the smallest p: 0.001 * 4 / 1.
        assert!((e.rows[0].q - 0.004).abs() < 1e-15);
    }

    #[test]
    fn bh_matches_a_hand_computation() {
        // m = 5: p sorted 0.005, 0.01, 0.03, 0.04, 0.2 -> 0.025, 0.025, 0.05, 0.05, 0.2.
        let q = bh_adjust(&[0.04, 0.005, 0.2, 0.01, 0.03]);
        let want = [0.05, 0.025, 0.2, 0.025, 0.05];
        for (a, b) in q.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{q:?}");
        }
        assert!(bh_adjust(&[f64::NAN, 0.5])[0].is_nan());
    }
}
