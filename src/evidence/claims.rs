//! Public statements checked against the shipped data. Each [`Claim`] has
//! the statement, who made it, a [`Verdict`] computed from the numbers,
//! a plain-English sentence with those numbers, and the numbers themselves.
//! [`Claims`] is an open list: the data-only claims are built here; others
//! (the cost-of-living link, whose verdict follows the evidence table) are
//! pushed by their owners before the list is written.
//!
//! ```
//! use colcrime::evidence::claims::{Claim, Claims, Verdict, MAYOR_PRESS_RELEASE};
//! let mut c = Claims::default();
//! c.push(Claim::new("x", "A claim", MAYOR_PRESS_RELEASE, Verdict::CannotBeChecked, "No data."));
//! let j = serde_json::to_value(&c).unwrap();
//! assert_eq!(j["claims"][0]["verdict"], "cannot be checked");
//! ```

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::doc::Block;
use crate::doc::words::fmt_count;
use crate::error::{Error, Result};
use crate::series::Period;
use crate::sources::Dataset;
use crate::sources::crime_trend::CrimeTrend;

use super::london_ew::LondonVsEw;

/// The source of the claims checked by default.
pub const MAYOR_PRESS_RELEASE: &str = "Mayor of London, press release of 23 May 2024, \"Mayor joins officers working to make city safer for everyone\"";

/// A verdict on a claim.
///
/// ```
/// use colcrime::evidence::claims::Verdict;
/// assert_eq!(Verdict::NotSupported.as_str(), "not supported");
/// assert_eq!(serde_json::to_value(Verdict::Mixed).unwrap(), "mixed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Verdict {
    /// The data bear it out.
    #[serde(rename = "supported")]
    Supported,
    /// The data contradict it.
    #[serde(rename = "not supported")]
    NotSupported,
    /// Part holds, part does not.
    #[serde(rename = "mixed")]
    Mixed,
    /// The shipped data cannot test it.
    #[serde(rename = "cannot be checked")]
    CannotBeChecked,
}

impl Verdict {
    /// The verdict as written (`supported`, `not supported`, `mixed`,
    /// `cannot be checked`).
    ///
    /// ```
    /// assert_eq!(colcrime::evidence::claims::Verdict::Supported.as_str(), "supported");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::NotSupported => "not supported",
            Verdict::Mixed => "mixed",
            Verdict::CannotBeChecked => "cannot be checked",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One claim and its check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// Stable id (`robbery_back_to_pre_covid`).
    pub id: String,
    /// The statement, quoted or paraphrased.
    pub claim: String,
    /// Who made it, where and when.
    pub source: String,
    /// The verdict.
    pub verdict: Verdict,
    /// A plain-English sentence with the numbers behind the verdict.
    pub evidence: String,
    /// The numbers.
    pub numbers: BTreeMap<String, Value>,
    /// The data the check used.
    pub data: Vec<String>,
    /// What would be needed to check it (fully), if anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needed: Option<String>,
}

impl Claim {
    /// A claim with no numbers yet.
    ///
    /// ```
    /// use colcrime::evidence::claims::{Claim, Verdict};
    /// let c = Claim::new("id", "text", "who", Verdict::Supported, "why")
    ///     .number("rate", 7.3);
    /// assert_eq!(c.numbers["rate"], 7.3);
    /// ```
    pub fn new(
        id: impl Into<String>,
        claim: impl Into<String>,
        source: impl Into<String>,
        verdict: Verdict,
        evidence: impl Into<String>,
    ) -> Claim {
        Claim {
            id: id.into(),
            claim: claim.into(),
            source: source.into(),
            verdict,
            evidence: evidence.into(),
            numbers: BTreeMap::new(),
            data: Vec::new(),
            needed: None,
        }
    }

    /// Adds a number (any JSON value).
    ///
    /// ```
    /// # use colcrime::evidence::claims::{Claim, Verdict};
    /// let c = Claim::new("i", "c", "s", Verdict::Mixed, "e").number("n", 3);
    /// assert_eq!(c.numbers["n"], 3);
    /// ```
    pub fn number(mut self, key: &str, v: impl Into<Value>) -> Claim {
        self.numbers.insert(key.to_string(), v.into());
        self
    }

    /// Adds a data file the check read.
    ///
    /// ```
    /// # use colcrime::evidence::claims::{Claim, Verdict};
    /// assert_eq!(Claim::new("i", "c", "s", Verdict::Mixed, "e").with_data("a.csv").data, ["a.csv"]);
    /// ```
    pub fn with_data(mut self, file: impl Into<String>) -> Claim {
        self.data.push(file.into());
        self
    }

    /// Says what would be needed to check the claim fully.
    ///
    /// ```
    /// # use colcrime::evidence::claims::{Claim, Verdict};
    /// assert!(Claim::new("i", "c", "s", Verdict::CannotBeChecked, "e").needing("victim survey").needed.is_some());
    /// ```
    pub fn needing(mut self, what: impl Into<String>) -> Claim {
        self.needed = Some(what.into());
        self
    }
}

/// The list of checked claims, serialised as `{"claims": [...]}`.
///
/// ```
/// use colcrime::evidence::claims::{Claim, Claims, Verdict};
/// let mut c = Claims::default();
/// c.push(Claim::new("a", "A", "s", Verdict::Supported, "e"));
/// c.push(Claim::new("a", "A again", "s", Verdict::Mixed, "e"));
/// assert_eq!(c.len(), 1); // the same id replaces
/// assert_eq!(c.get("a").unwrap().verdict, Verdict::Mixed);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Claims {
    /// The claims, in the order pushed.
    pub claims: Vec<Claim>,
}

impl Claims {
    /// Adds a claim; one with the same id is replaced in place.
    ///
    /// ```
    /// # use colcrime::evidence::claims::{Claim, Claims, Verdict};
    /// let mut c = Claims::default();
    /// c.push(Claim::new("a", "A", "s", Verdict::Supported, "e"));
    /// assert!(!c.is_empty());
    /// ```
    pub fn push(&mut self, c: Claim) {
        match self.claims.iter_mut().find(|x| x.id == c.id) {
            Some(x) => *x = c,
            None => self.claims.push(c),
        }
    }

    /// The claim of an id.
    ///
    /// ```
    /// # use colcrime::evidence::claims::Claims;
    /// assert!(Claims::default().get("x").is_none());
    /// ```
    pub fn get(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    /// How many claims.
    ///
    /// ```
    /// # use colcrime::evidence::claims::Claims;
    /// assert_eq!(Claims::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.claims.len()
    }

    /// No claims.
    ///
    /// ```
    /// # use colcrime::evidence::claims::Claims;
    /// assert!(Claims::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// The JSON written to `results/claims.json`.
    ///
    /// # Errors
    /// None in practice (serialisation of plain values).
    ///
    /// ```
    /// # use colcrime::evidence::claims::Claims;
    /// assert!(Claims::default().to_json_string().unwrap().contains("\"claims\""));
    /// ```
    pub fn to_json_string(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| Error::other(e.to_string()))
    }

    /// A table of claims and verdicts, then each claim's evidence.
    ///
    /// ```
    /// # use colcrime::evidence::claims::{Claim, Claims, Verdict};
    /// let mut c = Claims::default();
    /// c.push(Claim::new("a", "Robbery is down", "s", Verdict::Supported, "It fell 10%."));
    /// assert_eq!(c.blocks().len(), 1);
    /// c.push(Claim::new("b", "Victims are fewer", "s", Verdict::CannotBeChecked, "No survey.").needing("a victim survey"));
    /// assert_eq!(c.blocks().len(), 2);
    /// ```
    pub fn blocks(&self) -> Vec<Block> {
        let mut b = Vec::new();
        let rows = self
            .claims
            .iter()
            .map(|c| {
                vec![
                    c.claim.clone(),
                    c.verdict.as_str().to_string(),
                    c.evidence.clone(),
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                "Claim".into(),
                "Verdict".into(),
                "What the data show".into(),
            ],
            rows,
        ));
        let needs: Vec<String> = self
            .claims
            .iter()
            .filter_map(|c| c.needed.as_ref().map(|n| format!("{}: {n}", c.claim)))
            .collect();
        if !needs.is_empty() {
            b.push(Block::List(needs));
        }
        b
    }
}

fn pct_change(from: f64, to: f64) -> f64 {
    (to / from - 1.0) * 100.0
}

fn signed(p: f64) -> String {
    if p >= 0.0 {
        format!("{p:.0}% above")
    } else {
        format!("{:.0}% below", -p)
    }
}

/// "Robbery rates are increasing across the country and have returned to
/// pre-Covid-19 levels": national police recorded robbery, financial years.
/// Pre-Covid is 2019/20; the claim (May 2024) is judged on the years up to
/// 2023/24 (the last complete year then), and the latest year is reported.
/// Increasing = each year from 2020/21 to 2023/24 above the one before;
/// returned = 2023/24 at least 98% of 2019/20. Both: supported; one: mixed;
/// neither: not supported.
///
/// # Errors
/// The trend has no robbery series or lacks 2019/20 or 2023/24.
///
/// ```
/// use colcrime::evidence::claims::{robbery_back_to_pre_covid, Verdict};
/// use colcrime::sources::crime_trend::parse_crime_trend;
/// let t = parse_crime_trend("t.json", br#"{"crimeTrends": {"robbery": {"label": "R", "timeSeries": [
///   {"period": "2019/20", "count": 90196}, {"period": "2020/21", "count": 59650}, {"period": "2021/22", "count": 66167},
///   {"period": "2022/23", "count": 75011}, {"period": "2023/24", "count": 81021}, {"period": "2024/25", "count": 79196}]}}}"#).unwrap();
/// let c = robbery_back_to_pre_covid(&t).unwrap();
/// assert_eq!(c.verdict, Verdict::Mixed);
/// ```
pub fn robbery_back_to_pre_covid(trend: &CrimeTrend) -> Result<Claim> {
    let s = trend.get("robbery")?;
    let need = |p: &str| {
        s.count(p).ok_or_else(|| {
            Error::not_found(
                format!("robbery year in {}", trend.path),
                p,
                s.points.iter().map(|(p, _)| p.clone()).collect(),
            )
        })
    };
    let pre = need("2019/20")?;
    let at_claim = need("2023/24")?;
    let path: Vec<(String, f64)> = ["2020/21", "2021/22", "2022/23", "2023/24"]
        .iter()
        .filter_map(|p| s.count(p).map(|v| ((*p).to_string(), v)))
        .collect();
    let rising = path.len() == 4 && path.windows(2).all(|w| w[1].1 > w[0].1);
    let returned = at_claim >= 0.98 * pre;
    let (latest_p, latest) = s.last().map_or(("2023/24", at_claim), |(p, v)| (p, v));
    let verdict = match (rising, returned) {
        (true, true) => Verdict::Supported,
        (false, false) => Verdict::NotSupported,
        _ => Verdict::Mixed,
    };
    let low = path
        .first()
        .map_or(String::new(), |(p, v)| format!("{} in {p}", fmt_count(*v)));
    let evidence = format!(
        "Police in England and Wales recorded {} robberies in 2019/20, before the pandemic. Robbery {} from {low} to {} in 2023/24, the last full year before the statement, but that was still {} the pre-Covid level; in {latest_p} it was {} ({} 2019/20). Counts, not rates: with a growing population the rate is further below its 2019/20 level.",
        fmt_count(pre),
        if rising {
            "rose every year"
        } else {
            "did not rise every year"
        },
        fmt_count(at_claim),
        signed(pct_change(pre, at_claim)),
        fmt_count(latest),
        signed(pct_change(pre, latest)),
    );
    let mut numbers: BTreeMap<String, Value> = BTreeMap::new();
    for (p, v) in &s.points {
        if v.is_finite() && p.as_str() >= "2017/18" {
            numbers.insert(format!("robbery_ew_{}", p.replace('/', "_")), json!(v));
        }
    }
    let mut c = Claim::new(
        "robbery_back_to_pre_covid",
        "Robbery rates are increasing across the country and have returned to pre-Covid-19 levels.",
        MAYOR_PRESS_RELEASE,
        verdict,
        evidence,
    )
    .number("pre_covid_year", "2019/20")
    .number("pre_covid_count", pre)
    .number("count_2023_24", at_claim)
    .number("change_2019_20_to_2023_24_pct", pct_change(pre, at_claim))
    .number("latest_year", latest_p)
    .number("latest_count", latest)
    .number("change_2019_20_to_latest_pct", pct_change(pre, latest))
    .number("rising_2020_21_to_2023_24", rising)
    .with_data(trend.path.clone());
    c.numbers.extend(numbers);
    Ok(c)
}

/// "You are less likely to be a victim of violence in London than in the
/// rest of England and Wales, with the rate of violence with injury in
/// London also lower": supported if London's rate of violence with injury
/// per 1,000 residents is below the rest's, not supported otherwise.
///
/// # Errors
/// The comparison has no violence with injury row or its rates are missing.
///
/// ```
/// # #[cfg(feature = "xlsx")] {
/// use colcrime::evidence::{claims, london_ew};
/// let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data/ons_pfa_tables");
/// let p1 = colcrime::sources::pfa_table::read_pfa_table(&d.join("ons_pfa_TableP1_counts_by_PFA_yejune2025.csv")).unwrap();
/// let pop = colcrime::sources::pfa_population::read_pfa_population(&d.join("policeforceareatablesyearendingjune2019.xlsx")).unwrap();
/// let c = claims::violence_lower_in_london(&london_ew::london_vs_ew(&p1, &pop).unwrap()).unwrap();
/// assert_eq!(c.verdict, claims::Verdict::Supported); // 7.3 against 9.0 per 1,000
/// # }
/// ```
pub fn violence_lower_in_london(c: &LondonVsEw) -> Result<Claim> {
    let row = c.row("violence_with_injury").ok_or_else(|| {
        Error::not_found(
            "offence in the London comparison",
            "violence_with_injury",
            Vec::new(),
        )
    })?;
    let (Some(l), Some(r)) = (row.london_rate_per_1000, row.rest_rate_per_1000) else {
        return Err(Error::domain(
            "violence with injury: a rate is missing in the London comparison",
        ));
    };
    let all = c.row("violence_against_the_person");
    let verdict = if l < r {
        Verdict::Supported
    } else {
        Verdict::NotSupported
    };
    let all_text = all
        .and_then(|a| a.london_rate_per_1000.zip(a.rest_rate_per_1000))
        .map_or(String::new(), |(la, ra)| {
            format!(" For all violence against the person the rates were {la:.1} and {ra:.1}.")
        });
    let evidence = format!(
        "In the {} (the newest police force area table shipped; the statement was made in May 2024), police recorded {:.1} offences of violence with injury per 1,000 residents in London against {:.1} in the rest of England and Wales ({} and {} offences).{all_text} These are offences recorded by the police, not the risk of being a victim, which only a victim survey measures.",
        c.period,
        l,
        r,
        row.london_count
            .map_or("n/a".into(), |x| fmt_count(x as f64)),
        row.rest_count.map_or("n/a".into(), |x| fmt_count(x as f64)),
    );
    let mut claim = Claim::new(
        "violence_lower_in_london",
        "You are less likely to be a victim of violence in London than in the rest of England and Wales, with the rate of violence with injury in London also lower.",
        MAYOR_PRESS_RELEASE,
        verdict,
        evidence,
    )
    .number("period", c.period.clone())
    .number("london_rate_per_1000", l)
    .number("rest_rate_per_1000", r)
    .number("london_count", row.london_count)
    .number("rest_count", row.rest_count)
    .number("london_population", row.london_population)
    .number("rest_population", row.rest_population)
    .number("population_reference", c.population_reference.clone())
    .with_data(c.table_file.clone())
    .with_data(c.population_file.clone())
    .needing("The chance of being a victim is measured by the Crime Survey for England and Wales (victimisation rates by region), which is not in the shipped data; police records are the offences reported and recorded.");
    if let Some((la, ra)) = all.and_then(|a| a.london_rate_per_1000.zip(a.rest_rate_per_1000)) {
        claim = claim
            .number("violence_against_the_person_london_rate_per_1000", la)
            .number("violence_against_the_person_rest_rate_per_1000", ra);
    }
    Ok(claim)
}

/// Calendar-year total of a monthly series, if all 12 months are present.
fn year_total(s: &crate::series::Series, year: i32) -> Option<f64> {
    (1..=12)
        .map(|m| Period::month(year, m).ok().and_then(|p| s.get(p)))
        .try_fold(0.0, |acc, v| v.filter(|x| x.is_finite()).map(|x| acc + x))
}

/// London burglary is down since 2016: Metropolitan Police burglary (all
/// burglary, both classifications) in calendar 2016 against 2023 (the last
/// full year before the statement) and against the latest 12 months of the
/// Met files. Both lower: supported; both higher: not supported; else mixed.
///
/// # Errors
/// The Met dataset has no `burglary:London` series or lacks 2016 or 2023.
///
/// ```
/// let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data/met_police_borough");
/// let a = d.join("MPS_Borough_Level_Crime_Historical_201004-202311.csv");
/// let b = d.join("MPS_Borough_Level_Crime_recent24m_202312-202511.csv");
/// let met = colcrime::sources::read_many(&[a.as_path(), b.as_path()]).unwrap();
/// let c = colcrime::evidence::claims::burglary_down_since_2016(&met).unwrap();
/// assert_eq!(c.numbers["burglary_london_2016"], 68_322.0);
/// ```
pub fn burglary_down_since_2016(met: &Dataset) -> Result<Claim> {
    let s = met.select("burglary:London", None)?;
    let months_of = |year: i32| {
        (1..=12)
            .filter(|m| {
                Period::month(year, *m)
                    .ok()
                    .and_then(|p| s.get(p))
                    .is_some_and(f64::is_finite)
            })
            .count()
    };
    let total = |year: i32| {
        year_total(s, year).ok_or_else(|| {
            Error::not_enough_data(
                format!("burglary in London in {year} (months of the year)"),
                12,
                months_of(year),
            )
        })
    };
    let y2016 = total(2016)?;
    let y2023 = total(2023)?;

    let vals = s.values();
    let last_i = vals
        .iter()
        .rposition(|v| v.is_finite())
        .ok_or_else(|| Error::not_enough_data("burglary in London", 12, 0))?;
    let first_i = last_i.saturating_sub(11);
    let latest: f64 = vals
        .get(first_i..=last_i)
        .map_or(f64::NAN, |w| w.iter().sum());
    let (p0, p1) = (
        s.start().offset(first_i as i64),
        s.start().offset(last_i as i64),
    );
    let down23 = y2023 < y2016;
    let down_latest = latest < y2016;
    let verdict = match (down23, down_latest) {
        (true, true) => Verdict::Supported,
        (false, false) => Verdict::NotSupported,
        _ => Verdict::Mixed,
    };
    let evidence = format!(
        "The Metropolitan Police recorded {} burglaries in London in 2016 and {} in 2023 ({} 2016); in the latest 12 months of the Met files ({p0} to {p1}) it recorded {} ({} 2016).",
        fmt_count(y2016),
        fmt_count(y2023),
        signed(pct_change(y2016, y2023)),
        fmt_count(latest),
        signed(pct_change(y2016, latest)),
    );
    let mut c = Claim::new(
        "burglary_down_since_2016",
        "Burglary in London is down since 2016.",
        MAYOR_PRESS_RELEASE,
        verdict,
        evidence,
    )
    .number("burglary_london_2016", y2016)
    .number("burglary_london_2023", y2023)
    .number("change_2016_to_2023_pct", pct_change(y2016, y2023))
    .number("latest_12_months", json!([p0.to_string(), p1.to_string()]))
    .number("burglary_london_latest_12_months", latest)
    .number("change_2016_to_latest_pct", pct_change(y2016, latest));
    let mut seen = Vec::new();
    for p in &s.provenance {
        if !seen.contains(&p.file) {
            seen.push(p.file.clone());
        }
    }
    for f in seen {
        c = c.with_data(f);
    }
    Ok(c)
}

/// The crimes of the cost-of-living claim, as the evidence table names them.
pub const COST_OF_LIVING_CRIMES: &[&str] = &[
    "violence_with_injury",
    "robbery",
    "shoplifting",
    "theft_from_person",
    "other_theft",
];

/// The cost-of-living drivers and the sign a "rise in the cost of living"
/// predicts: higher inflation (+), lower real earnings growth (−).
pub const COST_OF_LIVING_DRIVERS: &[(&str, i8)] = &[
    ("cpi_inflation", 1),
    ("food_inflation", 1),
    ("real_earnings_growth", -1),
];

/// "A stark link between a rise in the cost of living and increases in
/// violence, robberies, shoplifting and theft", judged on the evidence
/// table: a crime is linked when, for some cost-of-living driver, more than
/// half of the models that fit it have a 95% interval on the side the claim
/// predicts (higher inflation or lower real earnings growth going with more
/// crime). Every crime linked: supported; none: not supported; some: mixed;
/// no rows for these crimes: cannot be checked. The table's associations
/// cannot show causation either way.
///
/// ```
/// use colcrime::evidence::claims::{cost_of_living_link, Verdict};
/// use colcrime::evidence::table::{Evidence, Row};
/// let s = || ["2010 Q1".to_string(), "2025 Q3".to_string()];
/// let e = Evidence::new(vec![
///     Row::new("shoplifting", "food_inflation", "a", 2.0, [1.0, 3.0], 0.01, 60, s()),
///     Row::new("robbery", "cpi_inflation", "a", 1.0, [-0.5, 2.5], 0.3, 60, s()),
/// ]);
/// let c = cost_of_living_link(&e);
/// assert_eq!(c.verdict, Verdict::Mixed);
/// assert!(c.evidence.contains("shoplifting"));
/// ```
pub fn cost_of_living_link(e: &super::table::Evidence) -> Claim {
    use super::table::plain;
    let mut linked = Vec::new();
    let mut unlinked = Vec::new();
    let mut numbers: BTreeMap<String, Value> = BTreeMap::new();
    for crime in COST_OF_LIVING_CRIMES {
        // The driver with most models on the predicted side.
        let mut best: Option<(&str, usize, usize, usize)> = None;
        for (driver, sign) in COST_OF_LIVING_DRIVERS {
            let Some(s) = e.summary_of(crime, driver) else {
                continue;
            };
            let (with, against) = if *sign > 0 {
                (s.models_positive, s.models_negative)
            } else {
                (s.models_negative, s.models_positive)
            };
            numbers.insert(
                format!("{crime}__{driver}"),
                json!({"models_predicted_side": with, "models_opposite_side": against, "models_total": s.models_total}),
            );
            if best.is_none_or(|b| with > b.1) {
                best = Some((driver, with, against, s.models_total));
            }
        }
        let Some((driver, with, _, total)) = best else {
            continue;
        };
        let text = format!(
            "{}: {} ({} of {} models)",
            plain(crime),
            plain(driver),
            with,
            total
        );
        if total > 0 && 2 * with > total {
            linked.push(text);
        } else {
            unlinked.push(format!(
                "{} (at most {with} of {total} models for any driver)",
                plain(crime)
            ));
        }
    }
    let verdict = match (linked.is_empty(), unlinked.is_empty()) {
        (true, true) => Verdict::CannotBeChecked,
        (false, true) => Verdict::Supported,
        (true, false) => Verdict::NotSupported,
        (false, false) => Verdict::Mixed,
    };
    let evidence = match verdict {
        Verdict::CannotBeChecked => {
            "The evidence table has no estimates for these crimes and cost-of-living measures."
                .to_string()
        }
        _ => format!(
            "In the evidence table (each crime against CPI inflation, food inflation and real earnings growth in several model families), most models find the predicted link for {}; not for {}. These are associations over time, not proof that the cost of living causes crime.",
            if linked.is_empty() {
                "no crime".to_string()
            } else {
                linked.join("; ")
            },
            if unlinked.is_empty() {
                "none".to_string()
            } else {
                unlinked.join("; ")
            }
        ),
    };
    let mut c = Claim::new(
        "cost_of_living_link",
        "There is a stark link between a rise in the cost of living and increases in violence, robberies, shoplifting and theft.",
        MAYOR_PRESS_RELEASE,
        verdict,
        evidence,
    )
    .with_data("results/evidence.json");
    c.numbers = numbers;
    c
}
