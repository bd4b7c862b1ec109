//! The long national trend beside London's: police recorded crime by
//! financial year (April to March) for England and Wales (ONS Appendix
//! Table A5a) and for London (the Met borough files, summed over the
//! boroughs and the twelve months of each complete financial year), each
//! also as an index with 2019/20 = 100 (the last year before the
//! pandemic).
//!
//! ```
//! use colcrime::evidence::trend::financial_year_label;
//! assert_eq!(financial_year_label(2019), "2019/20");
//! assert_eq!(financial_year_label(1999), "1999/00");
//! ```

use serde::Serialize;

use crate::doc::Block;
use crate::doc::words::fmt_count;
use crate::series::Period;
use crate::sources::Dataset;
use crate::sources::crime_trend::CrimeTrend;

/// The base year of the indices.
pub const BASE: &str = "2019/20";

/// Offences in both sources: (key, national trend key, Met series).
///
/// ```
/// assert_eq!(colcrime::evidence::trend::PAIRS[0].0, "robbery");
/// ```
pub const PAIRS: &[(&str, &str, &str)] = &[
    ("robbery", "robbery", "robbery:London"),
    ("shoplifting", "shoplifting", "shoplifting:London"),
    ("burglary", "burglary", "burglary:London"),
    ("violence_against_the_person", "violence", "violence:London"),
];

/// One year of a trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    /// Financial year, `2019/20`.
    pub period: String,
    /// Offences.
    pub count: f64,
    /// Index, [`BASE`] = 100 (`null` without a base year).
    pub index: Option<f64>,
}

/// One offence, nationally and in London.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPair {
    /// Offence key.
    pub offence: String,
    /// The national series' label.
    pub national_label: String,
    /// England and Wales.
    pub national: Vec<TrendPoint>,
    /// London (Metropolitan Police), complete financial years only.
    pub london: Vec<TrendPoint>,
}

/// The comparison of trends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendComparison {
    /// [`BASE`].
    pub base: String,
    /// The national file.
    pub national_file: String,
    /// The national dataset, as the file names it.
    pub national_dataset: Option<String>,
    /// The London source (Met borough files).
    pub london_source: String,
    /// One entry per offence of [`PAIRS`] found.
    pub offences: Vec<TrendPair>,
    /// Caveats.
    pub notes: Vec<String>,
}

/// `2019/20` for the financial year starting April `start`.
///
/// ```
/// assert_eq!(colcrime::evidence::trend::financial_year_label(2024), "2024/25");
/// ```
pub fn financial_year_label(start: i32) -> String {
    format!("{start}/{:02}", (start + 1).rem_euclid(100))
}

fn indexed(points: Vec<(String, f64)>) -> Vec<TrendPoint> {
    let base = points
        .iter()
        .find(|(p, _)| p == BASE)
        .map(|(_, v)| *v)
        .filter(|v| *v > 0.0);
    points
        .into_iter()
        .filter(|(_, v)| v.is_finite())
        .map(|(period, count)| TrendPoint {
            period,
            count,
            index: base.map(|b| count / b * 100.0),
        })
        .collect()
}

/// Financial-year totals of a monthly series: complete years only.
fn london_years(met: &Dataset, name: &str) -> Vec<(String, f64)> {
    let Ok(s) = met.select(name, None) else {
        return Vec::new();
    };
    let start = s.start();
    let vals = s.values();
    let mut out = Vec::new();
    let first_year = start.year_number() - 1;
    for y in first_year..=start.year_number() + (vals.len() / 12) as i32 + 1 {
        let Ok(apr) = Period::month(y, 4) else {
            continue;
        };
        let Ok(off) = start.periods_until(&apr) else {
            continue;
        };
        if off < 0 {
            continue;
        }
        let i = off as usize;
        let Some(w) = vals.get(i..i + 12) else {
            continue;
        };
        if w.iter().all(|v| v.is_finite()) {
            out.push((financial_year_label(y), w.iter().sum()));
        }
    }
    out
}

/// Builds the comparison; London is left empty for offences the Met
/// dataset lacks (or when there is none).
///
/// ```
/// use colcrime::evidence::trend::compare;
/// use colcrime::sources::crime_trend::parse_crime_trend;
/// let t = parse_crime_trend("t.json", br#"{"crimeTrends": {"robbery": {"label": "R", "timeSeries": [{"period": "2019/20", "count": 200}, {"period": "2020/21", "count": 100}]}}}"#).unwrap();
/// let c = compare(&t, None);
/// assert_eq!(c.offences[0].national[1].index, Some(50.0));
/// ```
pub fn compare(national: &CrimeTrend, met: Option<&Dataset>) -> TrendComparison {
    let mut offences = Vec::new();
    for (key, nkey, mkey) in PAIRS {
        let Ok(n) = national.get(nkey) else {
            continue;
        };
        offences.push(TrendPair {
            offence: (*key).to_string(),
            national_label: n.label.clone(),
            national: indexed(n.points.clone()),
            london: met.map_or(Vec::new(), |m| indexed(london_years(m, mkey))),
        });
    }
    TrendComparison {
        base: BASE.into(),
        national_file: national.path.clone(),
        national_dataset: national.dataset.clone(),
        london_source: met.map_or(String::new(), |m| m.path.clone()),
        offences,
        notes: vec![
            "National figures are police recorded crime for England and Wales (ONS Appendix Table A5a, financial years, including British Transport Police); London's are the Metropolitan Police's borough files summed over complete financial years (the City of London is not included).".into(),
            "Recording practice tightened in 2014 (violence in particular) and burglary was redefined in April 2017, so long comparisons of levels need care; the indices compare the two areas over the same years.".into(),
        ],
    }
}

impl TrendComparison {
    /// A table per offence of the latest years, nationally and in London,
    /// as counts and indices (2019/20 = 100).
    ///
    /// ```
    /// use colcrime::evidence::trend::compare;
    /// use colcrime::sources::crime_trend::parse_crime_trend;
    /// let t = parse_crime_trend("t.json", br#"{"crimeTrends": {"robbery": {"label": "R", "timeSeries": [{"period": "2019/20", "count": 200}]}}}"#).unwrap();
    /// assert!(!compare(&t, None).blocks().is_empty());
    /// ```
    pub fn blocks(&self) -> Vec<Block> {
        let mut b = vec![Block::Para(format!(
            "The long trend: offences recorded by the police each financial year (April to March), in England and Wales and in London, with {} = 100.",
            self.base
        ))];
        let idx = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.0}"));
        for p in &self.offences {
            let years: Vec<&TrendPoint> = p
                .national
                .iter()
                .filter(|t| t.period.as_str() >= "2014/15")
                .collect();
            let rows = years
                .iter()
                .map(|t| {
                    let l = p.london.iter().find(|x| x.period == t.period);
                    vec![
                        t.period.clone(),
                        fmt_count(t.count),
                        idx(t.index),
                        l.map_or("n/a".into(), |x| fmt_count(x.count)),
                        idx(l.and_then(|x| x.index)),
                    ]
                })
                .collect();
            b.push(Block::Heading(
                2,
                format!("{} since 2014/15", capitalise(&p.offence.replace('_', " "))),
            ));
            b.push(Block::Table(
                vec![
                    "Year".into(),
                    "England and Wales".into(),
                    format!("Index ({} = 100)", self.base),
                    "London (Met)".into(),
                    format!("London index ({} = 100)", self.base),
                ],
                rows,
            ));
        }
        b.push(Block::List(self.notes.clone()));
        b
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
