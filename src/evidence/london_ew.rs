//! London against the rest of England and Wales: offences per 1,000
//! residents from the newest ONS police force area table (Table P1).
//!
//! London is the ONS London region row (`E12000007`: the Metropolitan
//! Police and the City of London Police); England and Wales is
//! `K04000001`; the rest is England and Wales minus London. The England and
//! Wales total includes offences recorded by British Transport Police,
//! which have no area, so they fall in the rest (a small part: 1,722 of
//! 80,297 robberies in the year ending June 2025). Rates are per 1,000
//! residents on the mid-year populations named in `population_source`.
//!
//! ```
//! use colcrime::evidence::london_ew::rate_per_1000;
//! assert_eq!(rate_per_1000(Some(33_752), Some(8_908_100.0)), Some(33_752.0 / 8_908_100.0 * 1000.0));
//! assert_eq!(rate_per_1000(None, Some(1.0)), None);
//! ```

use serde::Serialize;

use crate::doc::Block;
use crate::doc::words::fmt_count;
use crate::error::{Error, Result};
use crate::sources::pfa_population::PfaPopulation;
use crate::sources::pfa_table::PfaTable;

use super::trend::TrendComparison;

/// The ONS code of the London region.
pub const LONDON: &str = "E12000007";
/// The ONS code of England and Wales.
pub const ENGLAND_AND_WALES: &str = "K04000001";

/// The offences compared: (key, Table P1 column, words).
///
/// ```
/// assert_eq!(colcrime::evidence::london_ew::OFFENCES[0].0, "robbery");
/// ```
pub const OFFENCES: &[(&str, &str, &str)] = &[
    ("robbery", "Robbery", "robbery"),
    (
        "theft_offences",
        "Theft offences",
        "theft offences (ONS group: includes burglary and vehicle offences)",
    ),
    ("shoplifting", "Shoplifting", "shoplifting"),
    (
        "theft_from_person",
        "Theft from the person",
        "theft from the person",
    ),
    (
        "violence_with_injury",
        "Violence with injury",
        "violence with injury",
    ),
    (
        "violence_against_the_person",
        "Violence against the person",
        "all violence against the person",
    ),
    ("burglary", "Burglary", "burglary"),
    ("vehicle_offences", "Vehicle offences", "vehicle offences"),
    (
        "total_excluding_fraud",
        "Total recorded crime (excluding fraud)",
        "all recorded crime excluding fraud",
    ),
];

/// One offence, London against the rest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LondonEwRow {
    /// Offence key (`robbery`).
    pub offence: String,
    /// The offence in words.
    pub label: String,
    /// The Table P1 column it comes from.
    pub column: String,
    /// Offences recorded in London (`null` if the cell is missing).
    pub london_count: Option<u64>,
    /// Offences recorded in England and Wales.
    pub ew_count: Option<u64>,
    /// England and Wales minus London.
    pub rest_count: Option<u64>,
    /// London's population.
    pub london_population: f64,
    /// The rest's population.
    pub rest_population: f64,
    /// London's offences per 1,000 residents.
    pub london_rate_per_1000: Option<f64>,
    /// The rest's offences per 1,000 residents.
    pub rest_rate_per_1000: Option<f64>,
    /// London's rate over the rest's.
    pub ratio: Option<f64>,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LondonVsEw {
    /// The table's period (`year ending June 2025`).
    pub period: String,
    /// The period's last month (`2025-06`), if stated.
    pub period_end: Option<String>,
    /// The table file.
    pub table_file: String,
    /// One row per offence.
    pub rows: Vec<LondonEwRow>,
    /// Where the populations come from, in words.
    pub population_source: String,
    /// The population file.
    pub population_file: String,
    /// The populations' reference date (`mid-2018`).
    pub population_reference: String,
    /// London's population.
    pub london_population: f64,
    /// England and Wales' population.
    pub ew_population: f64,
    /// The rest's population.
    pub rest_population: f64,
    /// Caveats.
    pub notes: Vec<String>,
    /// The long national trend beside London's, if computed.
    pub trend: Option<TrendComparison>,
}

/// Offences per 1,000 residents, when both are known and the population is
/// positive.
///
/// ```
/// assert_eq!(colcrime::evidence::london_ew::rate_per_1000(Some(5), Some(1000.0)), Some(5.0));
/// ```
pub fn rate_per_1000(count: Option<u64>, population: Option<f64>) -> Option<f64> {
    match (count, population) {
        (Some(c), Some(p)) if p > 0.0 => Some(c as f64 / p * 1000.0),
        _ => None,
    }
}

fn as_count(v: f64) -> Option<u64> {
    (v.is_finite() && v >= 0.0).then(|| v.round() as u64)
}

/// Compares London with the rest of England and Wales.
///
/// # Errors
/// The table has no London or England and Wales row or lacks a column; the
/// population file has no London or England and Wales population.
///
/// ```no_run
/// # #[cfg(feature = "xlsx")] {
/// use colcrime::evidence::london_ew::london_vs_ew;
/// let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data/ons_pfa_tables");
/// let p1 = colcrime::sources::pfa_table::read_pfa_table(&d.join("ons_pfa_TableP1_counts_by_PFA_yejune2025.csv")).unwrap();
/// let pop = colcrime::sources::pfa_population::read_pfa_population(&d.join("policeforceareatablesyearendingjune2019.xlsx")).unwrap();
/// let c = london_vs_ew(&p1, &pop).unwrap();
/// assert_eq!(c.rows[0].london_count, Some(33_752));
/// # }
/// ```
pub fn london_vs_ew(p1: &PfaTable, pop: &PfaPopulation) -> Result<LondonVsEw> {
    let missing_pop = |code: &str| {
        Error::not_found(
            format!("population in {}", pop.path),
            code,
            pop.areas.keys().take(5).cloned().collect(),
        )
    };
    let lp = pop.get(LONDON).ok_or_else(|| missing_pop(LONDON))?;
    let ep = pop
        .get(ENGLAND_AND_WALES)
        .ok_or_else(|| missing_pop(ENGLAND_AND_WALES))?;
    let rp = ep - lp;
    let mut rows = Vec::new();
    for (key, col, label) in OFFENCES {
        let l = as_count(p1.value(LONDON, col)?);
        let e = as_count(p1.value(ENGLAND_AND_WALES, col)?);
        let r = match (l, e) {
            (Some(l), Some(e)) if e >= l => Some(e - l),
            _ => None,
        };
        let lr = rate_per_1000(l, Some(lp));
        let rr = rate_per_1000(r, Some(rp));
        rows.push(LondonEwRow {
            offence: (*key).to_string(),
            label: (*label).to_string(),
            column: (*col).to_string(),
            london_count: l,
            ew_count: e,
            rest_count: r,
            london_population: lp,
            rest_population: rp,
            london_rate_per_1000: lr,
            rest_rate_per_1000: rr,
            ratio: lr.zip(rr).filter(|(_, b)| *b > 0.0).map(|(a, b)| a / b),
        });
    }
    let period = p1
        .period
        .clone()
        .unwrap_or_else(|| "the period of the table".to_string());
    let mut notes = vec![
        format!(
            "Populations are the ONS {} estimates (the newest shipped with colcrime, from Table P3 of the police force area tables); the crime counts are for the {period}. Both populations grew in between, so both rates are somewhat too high; the comparison is affected only by the difference in growth.",
            pop.reference
        ),
        "London is the ONS London region: the Metropolitan Police and the City of London Police.".into(),
        "Police recorded crime counts offences reported to and recorded by the police, not the risk of victimisation; recording practice differs between forces.".into(),
        "The ONS group \"theft offences\" includes burglary and vehicle offences.".into(),
    ];
    if let Some(btp) = p1.rows.iter().find(|r| {
        r.name
            .to_ascii_lowercase()
            .contains("british transport police")
    }) {
        let c = p1
            .column("Robbery")
            .ok()
            .and_then(|i| btp.values.get(i).copied())
            .and_then(as_count);
        notes.push(format!(
            "The England and Wales total includes offences recorded by British Transport Police (no area), so they fall in the rest of England and Wales{}.",
            c.map_or(String::new(), |c| format!(
                " (e.g. {} robberies)",
                fmt_count(c as f64)
            ))
        ));
    }
    Ok(LondonVsEw {
        period,
        period_end: p1.period_end.map(|p| p.to_string()),
        table_file: p1.path.clone(),
        rows,
        population_source: format!(
            "ONS mid-year population estimates ({}), as printed in Table P3 (\"{}\") of the ONS police force area tables, {}: London {} (region {LONDON}), England and Wales {} ({ENGLAND_AND_WALES})",
            pop.reference,
            pop.heading,
            pop.path
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(pop.path.as_str()),
            fmt_count(lp),
            fmt_count(ep)
        ),
        population_file: pop.path.clone(),
        population_reference: pop.reference.clone(),
        london_population: lp,
        ew_population: ep,
        rest_population: rp,
        notes,
        trend: None,
    })
}

impl LondonVsEw {
    /// The row of an offence key.
    ///
    /// ```no_run
    /// # fn f(c: &colcrime::evidence::london_ew::LondonVsEw) {
    /// let v = c.row("violence_with_injury").unwrap();
    /// # }
    /// ```
    pub fn row(&self, key: &str) -> Option<&LondonEwRow> {
        self.rows.iter().find(|r| r.offence == key)
    }

    /// The briefing's paragraphs and table: rates side by side with the
    /// population source and caveats.
    ///
    /// ```no_run
    /// # fn f(c: &colcrime::evidence::london_ew::LondonVsEw) {
    /// assert!(!c.blocks().is_empty());
    /// # }
    /// ```
    pub fn blocks(&self) -> Vec<Block> {
        let r1 = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.1}"));
        let mut b = Vec::new();
        let higher: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.ratio.is_some_and(|x| x > 1.0))
            .map(|r| r.column.to_lowercase())
            .collect();
        let lower: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.ratio.is_some_and(|x| x < 1.0))
            .map(|r| r.column.to_lowercase())
            .collect();
        b.push(Block::Para(format!(
            "In the {}, London recorded more offences per resident than the rest of England and Wales for {}, and fewer for {}.",
            self.period,
            if higher.is_empty() { "none of the offences compared".to_string() } else { higher.join(", ") },
            if lower.is_empty() { "none".to_string() } else { lower.join(", ") }
        )));
        let rows = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    r.london_count.map_or("n/a".into(), |c| fmt_count(c as f64)),
                    r1(r.london_rate_per_1000),
                    r.rest_count.map_or("n/a".into(), |c| fmt_count(c as f64)),
                    r1(r.rest_rate_per_1000),
                    r.ratio.map_or("n/a".into(), |x| format!("{x:.2}")),
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                "Offence".into(),
                "London".into(),
                "London per 1,000".into(),
                "Rest of England and Wales".into(),
                "Rest per 1,000".into(),
                "London / rest".into(),
            ],
            rows,
        ));
        b.push(Block::Para(format!(
            "Populations: {}.",
            self.population_source
        )));
        b.push(Block::List(self.notes.clone()));
        if let Some(t) = &self.trend {
            b.extend(t.blocks());
        }
        b
    }
}
