//! Replication of published work (`results/replication.json`): the
//! correlations between monthly London crime and food inflation reported by
//! elliottkte/uk-crime-analysis (shipped in
//! `notebooks-data/research_linked/elliottkte_london_crime_food_inflation/`),
//! recomputed from that project's own monthly counts, then from the Met
//! borough files' counts over the same months, with the reason the two may
//! differ.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::doc::Block;
use crate::doc::words::fmt_num;
use crate::error::{Error, Location, Result};
use crate::series::{Period, Series};

/// Pearson's correlation of paired values and its two-sided p-value (t test
/// with n - 2 degrees of freedom); pairs with a missing value are dropped.
///
/// ```
/// use colcrime::evidence::replication::pearson;
/// let (r, p, n) = pearson(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 6.0, 8.5]);
/// assert!(r > 0.99 && p < 0.01 && n == 4);
/// ```
pub fn pearson(x: &[f64], y: &[f64]) -> (f64, f64, usize) {
    let pairs: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(a, b)| (*a, *b))
        .collect();
    let n = pairs.len();
    if n < 3 {
        return (f64::NAN, f64::NAN, n);
    }
    let nf = n as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / nf, b + y / nf));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    let r = sxy / (sxx * syy).sqrt();
    let df = nf - 2.0;
    let t = r * (df / (1.0 - r * r)).sqrt();
    let p = (2.0 * crate::stats::student_t::t_sf(t.abs(), df)).min(1.0);
    (r, p, n)
}

/// One crime type of the replication.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplicationRow {
    /// The crime type as the study names it (police.uk categories).
    pub crime_type: String,
    /// The correlation the study reports, and its p-value.
    pub published_r: f64,
    /// The study's p-value.
    pub published_p: f64,
    /// The correlation recomputed from the study's own monthly counts.
    pub recomputed_r: f64,
    /// Its p-value.
    pub recomputed_p: f64,
    /// Months paired.
    pub n: usize,
    /// The Met borough files' category compared, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met_category: Option<String>,
    /// The correlation with the Met borough files' London counts.
    pub met_r: f64,
    /// Its p-value.
    pub met_p: f64,
    /// Months paired with the Met counts.
    pub met_n: usize,
}

/// The replication.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replication {
    /// The study.
    pub source: String,
    /// Its months.
    pub months: [String; 2],
    /// One row per crime type the study reports.
    pub rows: Vec<ReplicationRow>,
    /// What agrees, what differs, and why.
    pub findings: Vec<String>,
}

/// The study's police.uk crime types and the Met borough categories that
/// match them.
const MATCH: &[(&str, &str)] = &[
    ("Shoplifting", "shoplifting"),
    ("Theft from the person", "theft_from_person"),
    ("Other theft", "other_theft"),
    ("Bicycle theft", "bicycle_theft"),
    ("Burglary", "burglary"),
    ("Robbery", "robbery"),
    ("Vehicle crime", "vehicle_offences"),
];

/// Reads a small CSV of the study into rows of fields, naming the file and
/// line of a malformed row.
fn read_rows(path: &Path, fields: usize) -> Result<Vec<Vec<String>>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<String> = line.split(',').map(|s| s.trim().to_string()).collect();
        if f.len() != fields {
            return Err(Error::format(
                Location::new(path.display().to_string()).line(i as u64 + 1),
                format!("expected {fields} fields, found {}", f.len()),
            ));
        }
        out.push(f);
    }
    Ok(out)
}

fn number(path: &Path, line: usize, s: &str) -> Result<f64> {
    s.parse::<f64>().map_err(|_| {
        Error::format(
            Location::new(path.display().to_string()).line(line as u64 + 2),
            format!("expected a number, found \"{s}\""),
        )
    })
}

/// A `YYYY-MM-DD` month.
fn month(path: &Path, line: usize, s: &str) -> Result<Period> {
    let bad = || {
        Error::format(
            Location::new(path.display().to_string()).line(line as u64 + 2),
            format!("expected a month YYYY-MM-DD, found \"{s}\""),
        )
    };
    let (y, m) = (s.get(0..4).ok_or_else(bad)?, s.get(5..7).ok_or_else(bad)?);
    let (y, m) = (
        y.parse::<i32>().map_err(|_| bad())?,
        m.parse::<u32>().map_err(|_| bad())?,
    );
    Period::month(y, m).map_err(|_| bad())
}

/// Replicates the study in `dir` (its `food_inflation_ons.csv`,
/// `monthly_by_crime.csv` and `food_inflation_correlations.csv`) and sets
/// it beside `met`: the Met borough files' monthly London counts by
/// category (`shoplifting` → series).
///
/// # Errors
/// A missing or malformed file of the study, with its line.
pub fn replicate(dir: &Path, met: &BTreeMap<String, Series>) -> Result<Replication> {
    let food_path = dir.join("food_inflation_ons.csv");
    let mut food: BTreeMap<Period, f64> = BTreeMap::new();
    for (i, r) in read_rows(&food_path, 2)?.iter().enumerate() {
        food.insert(month(&food_path, i, &r[0])?, number(&food_path, i, &r[1])?);
    }
    let counts_path = dir.join("monthly_by_crime.csv");
    let mut counts: BTreeMap<String, BTreeMap<Period, f64>> = BTreeMap::new();
    for (i, r) in read_rows(&counts_path, 3)?.iter().enumerate() {
        counts.entry(r[0].clone()).or_default().insert(
            month(&counts_path, i, &r[1])?,
            number(&counts_path, i, &r[2])?,
        );
    }
    let pub_path = dir.join("food_inflation_correlations.csv");
    let mut rows = Vec::new();
    for (i, r) in read_rows(&pub_path, 3)?.iter().enumerate() {
        let name = &r[0];
        let (published_r, published_p) =
            (number(&pub_path, i, &r[1])?, number(&pub_path, i, &r[2])?);
        let c = counts.get(name).cloned().unwrap_or_default();
        let months: Vec<Period> = food.keys().copied().collect();
        let x: Vec<f64> = months.iter().map(|p| food[p]).collect();
        let y: Vec<f64> = months
            .iter()
            .map(|p| c.get(p).copied().unwrap_or(f64::NAN))
            .collect();
        let (recomputed_r, recomputed_p, n) = pearson(&x, &y);
        let cat = MATCH
            .iter()
            .find(|(s, _)| s == name)
            .map(|(_, c)| c.to_string());
        let (met_r, met_p, met_n) = match cat.as_ref().and_then(|c| met.get(c)) {
            Some(s) => {
                let ym: Vec<f64> = months
                    .iter()
                    .map(|p| s.get(*p).unwrap_or(f64::NAN))
                    .collect();
                pearson(&x, &ym)
            }
            None => (f64::NAN, f64::NAN, 0),
        };
        rows.push(ReplicationRow {
            crime_type: name.clone(),
            published_r,
            published_p,
            recomputed_r,
            recomputed_p,
            n,
            met_category: cat,
            met_r,
            met_p,
            met_n,
        });
    }
    let (Some(first), Some(last)) = (food.keys().next(), food.keys().last()) else {
        return Err(Error::usage(format!(
            "{}: no months of food inflation",
            food_path.display()
        )));
    };
    let agree = rows
        .iter()
        .filter(|r| (r.recomputed_r - r.published_r).abs() < 0.0005 + 1e-12)
        .count();
    let mut findings = vec![format!(
        "From the study's own monthly counts, {agree} of its {} published correlations are reproduced to the three decimals it reports.",
        rows.len()
    )];
    if let Some(s) = rows.iter().find(|r| r.crime_type == "Shoplifting") {
        findings.push(format!(
            "Shoplifting against food inflation: the study reports r = {}; from the Met borough files over the same months (to the last month they cover) r = {} ({} months). Both are correlations of levels over {} to {}, while food inflation fell from its 2023 peak and shoplifting kept rising: two opposite trends give a strong negative correlation whatever links them, so the number says the series diverged, not that food inflation lowers shoplifting. The evidence table models growth rates and counts with trends instead.",
            fmt_num(s.published_r, 3),
            fmt_num(s.met_r, 3),
            s.met_n,
            first,
            last
        ));
    }
    findings.push("The study counts police.uk street-level records (crime located to a street, by month of the record); the Met borough files count offences recorded by the Metropolitan Police by borough. They differ in coverage (police.uk leaves out offences without a location) and in category boundaries (police.uk's \"Vehicle crime\" and \"Other theft\" are not the Met's), so the levels differ and the correlations may too.".to_string());
    Ok(Replication {
        source: "elliottkte/uk-crime-analysis, data/processed (commit aa4607e), London crime and ONS CPI food inflation (D7G8), 2023-2025".into(),
        months: [first.to_string(), last.to_string()],
        rows,
        findings,
    })
}

/// The briefing's replication section.
pub fn blocks(r: &Replication) -> Vec<Block> {
    let mut b = vec![Block::Para(format!(
        "Published analysis: {}. Monthly correlation of each crime type with food inflation at lag 0, {} to {}.",
        r.source, r.months[0], r.months[1]
    ))];
    b.push(Block::Table(
        vec![
            "Crime type (police.uk)".into(),
            "Published r".into(),
            "Recomputed r".into(),
            "Met borough files r".into(),
            "Months (Met)".into(),
        ],
        r.rows
            .iter()
            .map(|x| {
                vec![
                    x.crime_type.clone(),
                    fmt_num(x.published_r, 3),
                    fmt_num(x.recomputed_r, 3),
                    if x.met_r.is_finite() {
                        fmt_num(x.met_r, 3)
                    } else {
                        "n/a".into()
                    },
                    x.met_n.to_string(),
                ]
            })
            .collect(),
    ));
    b.push(Block::List(r.findings.clone()));
    b
}
