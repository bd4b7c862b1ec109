//! Ward hotspots: how concentrated robbery and theft are across London's
//! wards, which wards lead, and whether the same wards lead year after year.
//!
//! The definition (the contract's, so that anyone can recompute it): take
//! the newest Met ward file and its latest 12 month columns; keep rows whose
//! `WardCode` begins `E05`; sum, per ward code, every row of the offence
//! (see [`WardOffence`]); rank the N wards by count (ties by ward code).
//! Then
//!
//! * `share_top_10pct` = the counts of the top ⌈N/10⌉ wards over the total
//!   of all N wards, and `share_top_1pct` likewise with ⌈N/100⌉;
//! * `gini` = Σᵢ (2i − N − 1) yᵢ / (N² ȳ) over the counts sorted ascending
//!   (i = 1..N), 0 when every ward has the same count, (N − 1)/N when one
//!   ward has them all;
//! * `rate_per_1000` = count / Census 2021 usual residents × 1,000, for wards
//!   whose code is in the Census file (otherwise `null`; such a ward still
//!   counts in the shares and the Gini);
//! * persistence: of this year's top-decile wards, how many were in the top
//!   decile one and two years earlier, each earlier year read from the
//!   newest file that has all its 12 months (a month published nearly empty
//!   is not used), on the same ward codes.
//!
//! Resident rates overstate the risk to people in central wards, whose
//! daytime population of workers, shoppers and visitors is many times the
//! resident one: the West End's robbery rate per resident says little about
//! a visitor's risk.
//!
//! ```
//! use colcrime::evidence::hotspots::{gini, top_share};
//! assert_eq!(gini(&[5.0, 5.0, 5.0]), 0.0);
//! assert!((gini(&[0.0, 0.0, 0.0, 12.0]) - 0.75).abs() < 1e-12);
//! // 20 wards: the top 2 (a tenth) hold 50 of 100 offences.
//! let mut c = vec![25.0, 25.0];
//! c.extend(std::iter::repeat_n(50.0 / 18.0, 18));
//! assert!((top_share(&c, 10) - 0.5).abs() < 1e-12);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::doc::Block;
use crate::doc::words::fmt_count;
use crate::error::{Error, Result};
use crate::series::Period;
use crate::sources::census_ward::WardPopulation;
use crate::sources::met_ward::{WardOffence, WardTable};
use crate::sources::ward_borough::{Relabel, ward_boroughs};

/// The caveat printed with every table of resident rates.
pub const CAVEAT: &str = "Rates per 1,000 residents (Census 2021) overstate the risk in central wards such as the West End and St James's, whose daytime population of workers, shoppers and visitors is many times the resident one; compare them between similar wards only. Ward counts run about 4-5% below the Met's borough totals because offences that cannot be placed in a ward are left out.";

/// One ward's count (and rate) over a 12-month window.
///
/// ```
/// use colcrime::evidence::hotspots::WardCount;
/// let w = WardCount { ward_code: "E05013806".into(), ward: "West End".into(), borough: "Westminster".into(), count: 1293, population: Some(11543.0), rate_per_1000: Some(1293.0 / 11543.0 * 1000.0) };
/// assert!(w.rate_per_1000.unwrap() > 100.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WardCount {
    /// ONS ward code.
    pub ward_code: String,
    /// Ward name.
    pub ward: String,
    /// The London borough: the file's `LookUp_BoroughName`, or for a ward
    /// published under a police unit instead (Heathrow Villages under
    /// `Aviation Security (SO18)`) the borough its ward code places it in
    /// ([`crate::sources::ward_borough`]).
    pub borough: String,
    /// Offences over the window.
    pub count: u64,
    /// Census 2021 usual residents, if the ward code is in the Census file.
    pub population: Option<f64>,
    /// Offences per 1,000 residents, if the population is known.
    pub rate_per_1000: Option<f64>,
}

/// Whether this year's top-decile wards were top-decile an earlier year.
///
/// ```
/// use colcrime::evidence::hotspots::Persistence;
/// let p = Persistence { years_earlier: 1, period: ["2024-04".into(), "2025-03".into()], source_file: "f.csv".into(),
///     wards: 679, top_decile_wards: 68, still_top_decile: 60, share: 60.0 / 68.0, not_in_earlier_file: 0 };
/// assert!(p.share > 0.8);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Persistence {
    /// How many years before the latest 12 months.
    pub years_earlier: u32,
    /// First and last month of the earlier 12 months.
    pub period: [String; 2],
    /// The ward file it was read from.
    pub source_file: String,
    /// Wards with rows for the offence in that year.
    pub wards: usize,
    /// This year's top-decile wards (⌈N/10⌉).
    pub top_decile_wards: usize,
    /// How many of them were in that year's top decile.
    pub still_top_decile: usize,
    /// `still_top_decile / top_decile_wards`.
    pub share: f64,
    /// This year's top-decile ward codes absent from the earlier file
    /// (non-zero would mean a change of ward geography).
    pub not_in_earlier_file: usize,
}

/// One offence's concentration over the latest 12 months.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OffenceHotspots {
    /// Offence key (`robbery`).
    pub offence: String,
    /// The offence in words (`theft from the person`).
    pub label: String,
    /// Which Met categories make it.
    pub definition: String,
    /// First and last month (`2025-04`, `2026-03`).
    pub period: [String; 2],
    /// N: ward codes (beginning `E05`) with rows for the offence.
    pub wards: usize,
    /// Offences over all N wards.
    pub total: u64,
    /// Share of the total in the top ⌈N/10⌉ wards.
    pub share_top_10pct: f64,
    /// Share of the total in the top ⌈N/100⌉ wards.
    pub share_top_1pct: f64,
    /// ⌈N/10⌉.
    pub top_10pct_wards: usize,
    /// ⌈N/100⌉.
    pub top_1pct_wards: usize,
    /// Gini coefficient of the N ward counts.
    pub gini: f64,
    /// The leading wards, largest first.
    pub top: Vec<WardCount>,
    /// Cells of the window that were missing (summed as absent).
    pub missing_cells: usize,
    /// Wards without a Census 2021 population (no rate).
    pub wards_without_population: usize,
    /// Top-decile persistence, one and two years earlier (where the files allow).
    pub persistence: Vec<Persistence>,
    /// Every ward, ranked (for charts; not written to JSON).
    #[serde(skip)]
    pub ranked: Vec<WardCount>,
}

impl OffenceHotspots {
    /// The concentration curve: (share of wards, share of offences) from
    /// the busiest ward down, starting at (0, 0) and ending at (1, 1).
    ///
    /// ```
    /// use colcrime::evidence::hotspots::OffenceHotspots;
    /// # let h = colcrime::evidence::hotspots::tests_support::toy();
    /// let c = h.concentration_curve();
    /// assert_eq!(c.first(), Some(&(0.0, 0.0)));
    /// assert_eq!(c.last(), Some(&(1.0, 1.0)));
    /// ```
    pub fn concentration_curve(&self) -> Vec<(f64, f64)> {
        let n = self.ranked.len();
        let tot: u64 = self.ranked.iter().map(|w| w.count).sum();
        let mut out = Vec::with_capacity(n + 1);
        out.push((0.0, 0.0));
        let mut cum = 0u64;
        for (i, w) in self.ranked.iter().enumerate() {
            cum += w.count;
            let y = if tot > 0 {
                cum as f64 / tot as f64
            } else {
                0.0
            };
            out.push(((i + 1) as f64 / n as f64, y));
        }
        out
    }
}

/// Hotspots of every offence asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hotspots {
    /// Offence key -> its hotspots.
    pub offences: BTreeMap<String, OffenceHotspots>,
    /// The newest ward file (the latest 12 months come from it).
    pub source_file: String,
    /// The Census 2021 ward population file.
    pub population_file: String,
    /// Every ward file read (for persistence).
    pub files: Vec<String>,
    /// [`CAVEAT`].
    pub caveat: String,
    /// Notes on the data (months treated as missing, unmatched wards,
    /// wards relabelled with their borough).
    pub notes: Vec<String>,
    /// Wards of the newest file published under a name that is not a
    /// borough, and the borough each was given.
    pub relabelled: Vec<Relabel>,
}

/// The Gini coefficient of non-negative counts:
/// Σᵢ (2i − n − 1) yᵢ / (n² ȳ) with y sorted ascending, i = 1..n.
/// `NaN` for no counts or a zero total.
///
/// ```
/// use colcrime::evidence::hotspots::gini;
/// assert!((gini(&[1.0, 2.0, 3.0, 4.0]) - 0.25).abs() < 1e-12);
/// assert!(gini(&[]).is_nan());
/// ```
pub fn gini(counts: &[f64]) -> f64 {
    let n = counts.len();
    let tot: f64 = counts.iter().sum();
    if n == 0 || tot <= 0.0 {
        return f64::NAN;
    }
    let mut ys = counts.to_vec();
    ys.sort_by(f64::total_cmp);
    let num: f64 = ys
        .iter()
        .enumerate()
        .map(|(i, y)| (2.0 * (i as f64 + 1.0) - n as f64 - 1.0) * y)
        .sum();
    let mean = tot / n as f64;
    num / (n as f64 * n as f64 * mean)
}

/// The share of the total held by the top ⌈n/`per`⌉ counts (`per` = 10 for
/// the top tenth, 100 for the top hundredth). `NaN` for a zero total.
///
/// ```
/// use colcrime::evidence::hotspots::top_share;
/// assert_eq!(top_share(&[1.0, 9.0], 10), 0.9); // ⌈2/10⌉ = 1 ward
/// ```
pub fn top_share(counts: &[f64], per: usize) -> f64 {
    let n = counts.len();
    let k = n.div_ceil(per.max(1));
    let mut xs = counts.to_vec();
    xs.sort_by(|a, b| b.total_cmp(a));
    let tot: f64 = xs.iter().sum();
    if tot <= 0.0 {
        return f64::NAN;
    }
    xs.iter().take(k).sum::<f64>() / tot
}

/// Per ward code (beginning `E05`): (count, ward, borough) of an offence over
/// the given month columns, and the number of missing cells met.
fn ward_counts(
    t: &WardTable,
    cols: &[usize],
    offence: WardOffence,
) -> (BTreeMap<String, (f64, String, String)>, usize) {
    let mut by: BTreeMap<String, (f64, String, String)> = BTreeMap::new();
    let mut missing = 0;
    for r in &t.rows {
        if !r.ward_code.starts_with("E05") || !offence.matches_normalized(&r.major, &r.minor) {
            continue;
        }
        let mut s = 0.0;
        for c in cols {
            match r.counts.get(*c) {
                Some(v) if v.is_finite() => s += v,
                _ => missing += 1,
            }
        }
        match by.get_mut(&r.ward_code) {
            Some(e) => e.0 += s,
            None => {
                by.insert(r.ward_code.clone(), (s, r.ward.clone(), r.borough.clone()));
            }
        }
    }
    (by, missing)
}

/// Ward codes ranked by count (descending, ties by code).
fn ranked_codes(by: &BTreeMap<String, (f64, String, String)>) -> Vec<(&String, f64)> {
    let mut v: Vec<(&String, f64)> = by.iter().map(|(k, (c, _, _))| (k, *c)).collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v
}

/// `[first, last]` month labels of the 12 months ending at `last`.
fn window_label(last: Period, n: usize) -> [String; 2] {
    [last.offset(-(n as i64 - 1)).to_string(), last.to_string()]
}

/// Computes the hotspots of `offences` from ward files (the newest, by last
/// month, gives the latest 12 months; older ones serve persistence), with
/// `top_n` wards listed per offence.
///
/// # Errors
/// No ward file, a newest file with fewer than 12 months, or an offence
/// with no offences at all in the latest 12 months.
///
/// ```
/// use colcrime::evidence::hotspots::hotspots;
/// use colcrime::sources::{census_ward::parse_ward_population, met_ward::{parse_ward_bytes, WardOffence}};
/// let mut csv = String::from("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName");
/// for m in 1..=12 { csv.push_str(&format!(",2025{m:02}")); }
/// csv.push('\n');
/// for (code, n) in [("E05000001", 5), ("E05000002", 1), ("E05000003", 0)] {
///     csv.push_str(&format!("ROBBERY,ROBBERY OF PERSONAL PROPERTY,W{n},{code},B"));
///     for _ in 0..12 { csv.push_str(&format!(",{n}")); }
///     csv.push('\n');
/// }
/// let t = parse_ward_bytes("w.csv", csv.as_bytes()).unwrap();
/// let pop = parse_ward_population("p.csv", b"Electoral wards and divisions Code,Electoral wards and divisions,a,b,Observation\nE05000001,W5,1,x,6000\n").unwrap();
/// let h = hotspots(&[t], &pop, &[WardOffence::Robbery], 2).unwrap();
/// let r = &h.offences["robbery"];
/// assert_eq!((r.wards, r.total), (3, 72));
/// assert!((r.share_top_10pct - 60.0 / 72.0).abs() < 1e-12);
/// assert_eq!(r.top[0].rate_per_1000, Some(10.0));
/// assert_eq!(r.top[1].rate_per_1000, None); // no Census population
/// ```
pub fn hotspots(
    tables: &[WardTable],
    pop: &WardPopulation,
    offences: &[WardOffence],
    top_n: usize,
) -> Result<Hotspots> {
    let newest = tables
        .iter()
        .enumerate()
        .max_by_key(|(i, t)| (t.months.last().copied(), *i))
        .map(|(_, t)| t)
        .ok_or_else(|| Error::usage("hotspots need at least one Met ward file"))?;
    let latest = newest.last_month()?;
    let cols: Vec<usize> = (newest.months.len().saturating_sub(12)..newest.months.len()).collect();
    if cols.len() < 12 {
        return Err(Error::not_enough_data(
            format!("ward hotspots ({})", newest.path),
            12,
            cols.len(),
        ));
    }
    let mut notes = Vec::new();
    // Earlier years: the newest file holding all 12 months, none an artefact.
    let mut by_recency: Vec<&WardTable> = tables.iter().collect();
    by_recency.sort_by_key(|t| std::cmp::Reverse(t.months.last().copied()));
    let artefacts: Vec<Vec<Period>> = by_recency.iter().map(|t| t.artefact_months()).collect();
    for (t, a) in by_recency.iter().zip(&artefacts) {
        if !a.is_empty() {
            notes.push(format!(
                "{}: month(s) {} published nearly empty (under 5% of a typical month); not used for earlier years",
                t.path,
                a.iter().map(Period::to_string).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let earlier = |k: u32| -> Option<(&WardTable, Vec<usize>, Period)> {
        let last = latest.offset(-12 * i64::from(k));
        by_recency.iter().zip(&artefacts).find_map(|(t, a)| {
            let w = t.window(last, 12)?;
            let clean = w
                .iter()
                .all(|c| t.months.get(*c).is_some_and(|m| !a.contains(m)));
            clean.then_some((*t, w, last))
        })
    };
    let boroughs = ward_boroughs(newest);
    for r in &boroughs.relabelled {
        notes.push(r.sentence());
    }
    let mut out = BTreeMap::new();
    for &off in offences {
        let (by, missing) = ward_counts(newest, &cols, off);
        let ranked = ranked_codes(&by);
        let n = ranked.len();
        let total: f64 = ranked.iter().map(|(_, c)| c).sum();
        if n == 0 || total <= 0.0 {
            return Err(Error::not_enough_data(
                format!("ward hotspots of {off} ({})", newest.path),
                1,
                0,
            ));
        }
        let counts: Vec<f64> = ranked.iter().map(|(_, c)| *c).collect();
        let mut without_pop = 0;
        let all: Vec<WardCount> = ranked
            .iter()
            .map(|(code, c)| {
                let (_, ward, published) = by.get(*code).cloned().unwrap_or_default();
                let borough = boroughs.borough(code).map_or(published, str::to_string);
                let population = pop.get(code);
                if population.is_none() {
                    without_pop += 1;
                }
                WardCount {
                    ward_code: (*code).clone(),
                    ward,
                    borough,
                    count: c.round() as u64,
                    population,
                    rate_per_1000: population.filter(|p| *p > 0.0).map(|p| c / p * 1000.0),
                }
            })
            .collect();
        let decile = n.div_ceil(10);
        let top_now: BTreeSet<&String> = ranked.iter().take(decile).map(|(c, _)| *c).collect();
        let mut persistence = Vec::new();
        for k in [1u32, 2] {
            let Some((t, w, last)) = earlier(k) else {
                notes.push(format!(
                    "{off}: no ward file covers the 12 months ending {} completely; no persistence {k} year(s) back",
                    latest.offset(-12 * i64::from(k))
                ));
                continue;
            };
            let (by_then, _) = ward_counts(t, &w, off);
            let ranked_then = ranked_codes(&by_then);
            let d_then = ranked_then.len().div_ceil(10);
            let top_then: BTreeSet<&String> =
                ranked_then.iter().take(d_then).map(|(c, _)| *c).collect();
            let still = top_now.iter().filter(|c| top_then.contains(**c)).count();
            let absent = top_now
                .iter()
                .filter(|c| !by_then.contains_key(c.as_str()))
                .count();
            persistence.push(Persistence {
                years_earlier: k,
                period: window_label(last, 12),
                source_file: t.path.clone(),
                wards: ranked_then.len(),
                top_decile_wards: top_now.len(),
                still_top_decile: still,
                share: still as f64 / top_now.len().max(1) as f64,
                not_in_earlier_file: absent,
            });
        }
        out.insert(
            off.key().to_string(),
            OffenceHotspots {
                offence: off.key().to_string(),
                label: off.label().to_string(),
                definition: off.definition().to_string(),
                period: window_label(latest, 12),
                wards: n,
                total: total.round() as u64,
                share_top_10pct: top_share(&counts, 10),
                share_top_1pct: top_share(&counts, 100),
                top_10pct_wards: decile,
                top_1pct_wards: n.div_ceil(100),
                gini: gini(&counts),
                top: all.iter().take(top_n).cloned().collect(),
                missing_cells: missing,
                wards_without_population: without_pop,
                persistence,
                ranked: all,
            },
        );
    }
    if out.values().any(|o| o.wards_without_population > 0) {
        notes.push("wards whose code is not in the Census 2021 file have no rate (null); they still count in the shares and the Gini".into());
    }
    Ok(Hotspots {
        offences: out,
        source_file: newest.path.clone(),
        population_file: pop.path.clone(),
        files: tables.iter().map(|t| t.path.clone()).collect(),
        caveat: CAVEAT.to_string(),
        notes,
        relabelled: boroughs.relabelled,
    })
}

/// A percentage for prose: whole numbers, one decimal below 10%.
fn pct(x: f64) -> String {
    let p = 100.0 * x;
    if p < 10.0 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

/// "April 2025 to March 2026" from `["2025-04", "2026-03"]`.
///
/// ```
/// let p = ["2025-04".to_string(), "2026-03".to_string()];
/// assert_eq!(colcrime::evidence::hotspots::period_words(&p), "April 2025 to March 2026");
/// ```
pub fn period_words(p: &[String; 2]) -> String {
    let word = |s: &str| Period::parse(s).map_or(s.to_string(), |m| m.words());
    format!("{} to {}", word(&p[0]), word(&p[1]))
}

/// A rate per 1,000 for tables: one decimal below 100, whole numbers with
/// thousands separators above.
fn rate_words(r: f64) -> String {
    if r >= 100.0 {
        fmt_count(r.round())
    } else {
        format!("{r:.1}")
    }
}

/// "a, b and c".
fn join_words(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

impl Hotspots {
    /// The offences in the order of [`WardOffence::ALL`] (robbery, theft,
    /// shoplifting, theft from the person), others after.
    ///
    /// ```
    /// # let h = colcrime::evidence::hotspots::tests_support::toy_hotspots();
    /// assert_eq!(h.ordered()[0].offence, "robbery");
    /// ```
    pub fn ordered(&self) -> Vec<&OffenceHotspots> {
        let mut v: Vec<&OffenceHotspots> = self.offences.values().collect();
        v.sort_by_key(|o| {
            WardOffence::from_key(&o.offence)
                .and_then(|k| WardOffence::ALL.iter().position(|x| *x == k))
                .unwrap_or(usize::MAX)
        });
        v
    }

    /// The briefing's paragraphs and tables on hotspots: a summary table of
    /// concentration, the leading wards of each offence with rates and the
    /// caveat, and persistence in words.
    ///
    /// ```
    /// # let h = colcrime::evidence::hotspots::tests_support::toy_hotspots();
    /// let b = h.blocks();
    /// assert!(matches!(b[0], colcrime::doc::Block::Para(_)));
    /// ```
    pub fn blocks(&self) -> Vec<Block> {
        let mut b = Vec::new();
        let offences = self.ordered();
        let Some(first) = offences.first() else {
            return b;
        };
        let tenths: Vec<String> = offences
            .iter()
            .map(|o| format!("{} of {}", pct(o.share_top_10pct), o.label))
            .collect();
        let hundredths: Vec<String> = offences.iter().map(|o| pct(o.share_top_1pct)).collect();
        let lead = format!(
            "Over {}, offences recorded by the Metropolitan Police were concentrated in a few of London's {} wards. The busiest tenth of wards ({} wards) recorded {}; the busiest hundredth ({} wards) recorded {} respectively.",
            period_words(&first.period),
            first.wards,
            first.top_10pct_wards,
            join_words(&tenths),
            first.top_1pct_wards,
            join_words(&hundredths),
        );
        b.push(Block::Para(lead));
        let rows = offences
            .iter()
            .map(|o| {
                vec![
                    capitalise(&o.label),
                    fmt_count(o.total as f64),
                    o.wards.to_string(),
                    pct(o.share_top_10pct),
                    pct(o.share_top_1pct),
                    format!("{:.2}", o.gini),
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                "Offence".into(),
                "Offences".into(),
                "Wards".into(),
                "Share in busiest 10% of wards".into(),
                "Share in busiest 1%".into(),
                "Gini".into(),
            ],
            rows,
        ));
        for o in &offences {
            let name = o.label.clone();
            let rows = o
                .top
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    vec![
                        (i + 1).to_string(),
                        w.ward.clone(),
                        w.borough.clone(),
                        fmt_count(w.count as f64),
                        w.rate_per_1000.map_or("n/a".into(), rate_words),
                    ]
                })
                .collect();
            b.push(Block::Heading(2, format!("Wards with most {name}")));
            b.push(Block::Table(
                vec![
                    "Rank".into(),
                    "Ward".into(),
                    "Borough".into(),
                    "Offences".into(),
                    "Per 1,000 residents".into(),
                ],
                rows,
            ));
            let per: Vec<String> = o
                .persistence
                .iter()
                .map(|p| {
                    format!(
                        "{} of the {} were also in the busiest tenth {} earlier ({})",
                        p.still_top_decile,
                        p.top_decile_wards,
                        match p.years_earlier {
                            1 => "a year".to_string(),
                            2 => "two years".to_string(),
                            k => format!("{k} years"),
                        },
                        period_words(&p.period)
                    )
                })
                .collect();
            if !per.is_empty() {
                b.push(Block::Para(format!(
                    "The hotspots of {name} persist: of this year's busiest tenth of wards, {}.",
                    per.join("; ")
                )));
            }
        }
        b.push(Block::Para(self.caveat.clone()));
        if !self.relabelled.is_empty() {
            b.push(Block::Para(format!(
                "Data note: {}.",
                self.relabelled
                    .iter()
                    .map(Relabel::sentence)
                    .collect::<Vec<_>>()
                    .join("; ")
            )));
        }
        b
    }
}

#[doc(hidden)]
/// Small values for doctests.
pub mod tests_support {
    use super::*;

    /// A toy offence with three wards.
    pub fn toy() -> OffenceHotspots {
        let w = |c: &str, n: u64| WardCount {
            ward_code: c.into(),
            ward: c.into(),
            borough: "B".into(),
            count: n,
            population: None,
            rate_per_1000: None,
        };
        let ranked = vec![w("E05000001", 6), w("E05000002", 3), w("E05000003", 1)];
        OffenceHotspots {
            offence: "robbery".into(),
            label: "robbery".into(),
            definition: String::new(),
            period: ["2025-04".into(), "2026-03".into()],
            wards: 3,
            total: 10,
            share_top_10pct: 0.6,
            share_top_1pct: 0.6,
            top_10pct_wards: 1,
            top_1pct_wards: 1,
            gini: gini(&[6.0, 3.0, 1.0]),
            top: ranked.clone(),
            missing_cells: 0,
            wards_without_population: 3,
            persistence: Vec::new(),
            ranked,
        }
    }

    /// Toy hotspots of one offence.
    pub fn toy_hotspots() -> Hotspots {
        Hotspots {
            offences: [("robbery".to_string(), toy())].into_iter().collect(),
            source_file: "w.csv".into(),
            population_file: "p.csv".into(),
            files: vec!["w.csv".into()],
            caveat: CAVEAT.into(),
            notes: Vec::new(),
            relabelled: Vec::new(),
        }
    }
}
