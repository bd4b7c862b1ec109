//! The evidence products recomputed independently from the shipped files
//! by their stated definitions (issue 14): ward hotspot shares and Gini from
//! the newest Met ward file read with the csv crate alone, London and
//! rest-of-England-and-Wales counts and rates from ONS Table P1, and the
//! claims' verdicts following from those numbers.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use colcrime::evidence::{claims, hotspots, london_ew};
use colcrime::sources::census_ward::read_ward_population;
use colcrime::sources::met_ward::{WardOffence, read_ward_file};
use colcrime::sources::pfa_table::read_pfa_table;
use common::{REL_CLOSED, REL_EXACT, assert_close, root};

fn nd(rel: &str) -> PathBuf {
    root().join("notebooks-data").join(rel)
}

const NEWEST: &str = "met_police_ward/MPS_Ward_Level_Crime_recent24m_202403-202603.csv";
const OLDER: &str = "met_police_ward/MPS_Ward_Level_Crime_recent24m_202304-202503.csv";
const CENSUS: &str =
    "london_population/census2021_ward_usual_residents_by_residence_type_london.csv";
const P1: &str = "ons_pfa_tables/ons_pfa_TableP1_counts_by_PFA_yejune2025.csv";

/// Per ward code (E05...), the sum over the last 12 month columns of rows
/// whose major (and, if given, minor) category matches, read with the csv
/// crate alone.
fn independent_ward_counts(major: &str, minor: Option<&[&str]>) -> BTreeMap<String, i64> {
    let mut rdr = csv::Reader::from_path(nd(NEWEST)).unwrap();
    let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let months: Vec<usize> = head
        .iter()
        .enumerate()
        .filter(|(_, h)| h.len() == 6 && h.bytes().all(|b| b.is_ascii_digit()))
        .map(|(i, _)| i)
        .collect();
    let last12 = &months[months.len() - 12..];
    let mut by = BTreeMap::new();
    for rec in rdr.records() {
        let r = rec.unwrap();
        if r[0].trim().to_uppercase() != major || !r[3].starts_with("E05") {
            continue;
        }
        if let Some(m) = minor
            && !m.contains(&r[1].trim().to_uppercase().as_str())
        {
            continue;
        }
        let s: i64 = last12.iter().map(|&i| r[i].parse::<i64>().unwrap()).sum();
        *by.entry(r[3].to_string()).or_insert(0) += s;
    }
    by
}

fn independent_stats(by: &BTreeMap<String, i64>) -> (usize, i64, f64, f64, f64) {
    let mut xs: Vec<i64> = by.values().copied().collect();
    xs.sort_unstable_by(|a, b| b.cmp(a));
    let n = xs.len();
    let tot: i64 = xs.iter().sum();
    let k10 = n.div_ceil(10);
    let k1 = n.div_ceil(100);
    let top10 = xs[..k10].iter().sum::<i64>() as f64 / tot as f64;
    let top1 = xs[..k1].iter().sum::<i64>() as f64 / tot as f64;
    // Gini by the mean absolute difference: sum_i sum_j |x_i - x_j| / (2 n^2 mean).
    let mut mad = 0i128;
    for a in &xs {
        for b in &xs {
            mad += i128::from((a - b).abs());
        }
    }
    let mean = tot as f64 / n as f64;
    let gini = mad as f64 / (2.0 * (n * n) as f64 * mean);
    (n, tot, top10, top1, gini)
}

#[test]
fn hotspot_shares_and_gini_follow_from_the_newest_ward_file() {
    let tables = vec![
        read_ward_file(&nd(OLDER)).unwrap(),
        read_ward_file(&nd(NEWEST)).unwrap(),
    ];
    let pop = read_ward_population(&nd(CENSUS)).unwrap();
    let h = hotspots::hotspots(&tables, &pop, &WardOffence::ALL, 10).unwrap();
    let cases: [(&str, &str, Option<&[&str]>); 4] = [
        ("robbery", "ROBBERY", None),
        ("theft", "THEFT", None),
        ("shoplifting", "THEFT", Some(&["SHOPLIFTING"])),
        (
            "theft_from_person",
            "THEFT",
            Some(&["THEFT FROM THE PERSON"]),
        ),
    ];
    for (key, major, minor) in cases {
        let by = independent_ward_counts(major, minor);
        let (n, tot, top10, top1, gini) = independent_stats(&by);
        let got = &h.offences[key];
        assert_eq!(got.period, ["2025-04".to_string(), "2026-03".to_string()]);
        assert_eq!(got.wards, n, "{key}: wards");
        assert_eq!(got.total as i64, tot, "{key}: total");
        assert_close(
            got.share_top_10pct,
            top10,
            REL_EXACT,
            &format!("{key} top 10%"),
        );
        assert_close(
            got.share_top_1pct,
            top1,
            REL_EXACT,
            &format!("{key} top 1%"),
        );
        // The Gini by mean absolute difference equals the contract's
        // ordered formula up to rounding.
        assert_close(got.gini, gini, REL_CLOSED, &format!("{key} gini"));
        // The leading wards are the largest counts, with Census rates.
        let mut ranked: Vec<(&String, &i64)> = by.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (w, (code, c)) in got.top.iter().zip(&ranked) {
            assert_eq!(&w.ward_code, *code, "{key}");
            assert_eq!(w.count as i64, **c, "{key}");
            let p = pop.get(code).unwrap();
            assert_close(
                w.rate_per_1000.unwrap(),
                **c as f64 / p * 1000.0,
                REL_EXACT,
                &format!("{key} rate {code}"),
            );
        }
        assert_eq!(got.wards_without_population, 0, "{key}");
        // Persistence one and two years back, on the same 2022 ward codes.
        let years: Vec<u32> = got.persistence.iter().map(|p| p.years_earlier).collect();
        assert_eq!(years, [1, 2], "{key}");
        for p in &got.persistence {
            assert_eq!(p.not_in_earlier_file, 0, "{key}");
            assert!(p.still_top_decile <= p.top_decile_wards, "{key}");
        }
        // Two years back is March 2024's window: the newest file's near-empty
        // first month must not be used, so it comes from the older file.
        assert!(got.persistence[1].source_file.ends_with(OLDER), "{key}");
    }
    // The West End leads robbery, as published.
    assert_eq!(h.offences["robbery"].top[0].ward, "West End");
    assert!(h.caveat.contains("daytime population"));
}

#[test]
fn concentration_curves_end_at_one_and_pass_through_the_top_decile_share() {
    let tables = vec![read_ward_file(&nd(NEWEST)).unwrap()];
    let pop = read_ward_population(&nd(CENSUS)).unwrap();
    let h = hotspots::hotspots(&tables, &pop, &[WardOffence::Robbery], 5).unwrap();
    let o = &h.offences["robbery"];
    let c = o.concentration_curve();
    assert_eq!(c.len(), o.wards + 1);
    assert_eq!(c.last(), Some(&(1.0, 1.0)));
    let (x, y) = c[o.top_10pct_wards];
    assert_close(x, o.top_10pct_wards as f64 / o.wards as f64, REL_EXACT, "x");
    assert_close(y, o.share_top_10pct, REL_EXACT, "y");
    // Without the older file there is no clean window two years back.
    assert_eq!(o.persistence.len(), 1);
    assert!(h.notes.iter().any(|n| n.contains("2024-03")));
}

/// Table P1 read with the csv crate alone: the value of `column` for `code`.
fn p1_value(code: &str, column: &str) -> i64 {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(nd(P1))
        .unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let head = rows.iter().find(|r| &r[0] == "Area Code").unwrap();
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let j = head.iter().position(|h| norm(h) == column).unwrap();
    let row = rows.iter().find(|r| &r[0] == code).unwrap();
    row[j].replace(',', "").parse().unwrap()
}

#[cfg(feature = "xlsx")]
#[test]
fn london_and_rest_of_england_and_wales_rates_follow_from_table_p1() {
    use colcrime::sources::pfa_population::read_pfa_population;
    let p1 = read_pfa_table(&nd(P1)).unwrap();
    let pop = read_pfa_population(&nd(
        "ons_pfa_tables/policeforceareatablesyearendingjune2019.xlsx",
    ))
    .unwrap();
    // Published in Table P3 of the workbook (mid-2018, rounded to 100).
    let (lp, ep) = (8_908_100.0, 59_115_800.0);
    let c = london_ew::london_vs_ew(&p1, &pop).unwrap();
    assert_eq!(c.period, "year ending June 2025");
    assert!(c.population_source.contains("mid-2018"));
    for (key, column) in [
        ("robbery", "robbery"),
        ("theft_offences", "theft offences"),
        ("shoplifting", "shoplifting"),
        ("theft_from_person", "theft from the person"),
        ("violence_with_injury", "violence with injury"),
    ] {
        let l = p1_value("E12000007", column);
        let e = p1_value("K04000001", column);
        let r = c.row(key).unwrap();
        assert_eq!(r.london_count, Some(l as u64), "{key}");
        assert_eq!(r.rest_count, Some((e - l) as u64), "{key}");
        assert_eq!(r.london_population, lp);
        assert_eq!(r.rest_population, ep - lp);
        assert_close(
            r.london_rate_per_1000.unwrap(),
            l as f64 / lp * 1000.0,
            REL_EXACT,
            key,
        );
        assert_close(
            r.rest_rate_per_1000.unwrap(),
            (e - l) as f64 / (ep - lp) * 1000.0,
            REL_EXACT,
            key,
        );
    }
    // The violence claim's verdict follows the two rates.
    let v = claims::violence_lower_in_london(&c).unwrap();
    let row = c.row("violence_with_injury").unwrap();
    let lower = row.london_rate_per_1000 < row.rest_rate_per_1000;
    assert_eq!(
        v.verdict,
        if lower {
            claims::Verdict::Supported
        } else {
            claims::Verdict::NotSupported
        }
    );
}

#[test]
fn the_robbery_claim_reads_the_national_trend() {
    let t = colcrime::sources::crime_trend::read_crime_trend(&nd(
        "ons_crime_trends_ew/wiah_crime_trends_ew_A5a_2002-03_to_2024-25.json",
    ))
    .unwrap();
    let c = claims::robbery_back_to_pre_covid(&t).unwrap();
    // 2023/24 (81,021) is 10% below 2019/20 (90,196) though rising since
    // 2020/21: part of the claim holds.
    assert_eq!(c.verdict, claims::Verdict::Mixed);
    assert_eq!(c.numbers["pre_covid_count"], 90_196.0);
    assert_eq!(c.numbers["count_2023_24"], 81_021.0);
    assert!(c.evidence.contains("10% below"));
}

#[test]
fn the_burglary_claim_reads_the_met_borough_files() {
    let files: Vec<PathBuf> = [
        "met_police_borough/MPS_Borough_Level_Crime_Historic_oldclass_200801-201612.csv",
        "met_police_borough/MPS_Borough_Level_Crime_recent24m_oldclass_201701-201812.csv",
        "met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv",
        "met_police_borough/MPS_Borough_Level_Crime_recent24m_202312-202511.csv",
    ]
    .iter()
    .map(|p| nd(p))
    .collect();
    let refs: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let met = colcrime::sources::read_many(&refs).unwrap();
    let c = claims::burglary_down_since_2016(&met).unwrap();
    // Calendar 2016 from the file that supplies it (the current-layout
    // historical file wins over the old layout on overlapping months),
    // summed over every BURGLARY row of the 32 boroughs, read with the csv
    // crate alone.
    let mut rdr = csv::Reader::from_path(&files[2]).unwrap();
    let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let cols: Vec<usize> = (0..head.len())
        .filter(|&i| head[i].starts_with("2016"))
        .collect();
    assert_eq!(cols.len(), 12);
    let mut y2016 = 0.0;
    for rec in rdr.records() {
        let r = rec.unwrap();
        let area = r[2].trim();
        if r[0].trim() == "BURGLARY"
            && area != "Unknown"
            && area != "London Heathrow and London City Airports"
        {
            y2016 += cols
                .iter()
                .map(|&i| r[i].trim().parse::<f64>().unwrap())
                .sum::<f64>();
        }
    }
    assert_eq!(c.numbers["burglary_london_2016"], y2016);
    assert_eq!(c.verdict, claims::Verdict::Supported);
}

#[test]
fn claims_are_an_open_list_in_the_contract_shape() {
    let mut list = claims::Claims::default();
    list.push(claims::Claim::new(
        "cost_of_living_link",
        "a stark link between a rise in the cost of living and increases in violence, robberies, shoplifting and theft",
        claims::MAYOR_PRESS_RELEASE,
        claims::Verdict::Mixed,
        "Shoplifting rises with food inflation in most models; robbery shows no consistent link.",
    ).number("models_agreeing", 4));
    let j: serde_json::Value = serde_json::from_str(&list.to_json_string().unwrap()).unwrap();
    let c = &j["claims"][0];
    for k in ["id", "claim", "source", "verdict", "evidence", "numbers"] {
        assert!(c.get(k).is_some(), "{k}");
    }
    assert_eq!(c["verdict"], "mixed");
}

/// Every ward has a London borough: Heathrow Villages, published under
/// the Met's aviation security unit in the newest file, is a Hillingdon
/// ward (its neighbours in the ONS code block, E05013569 Hayes Town and
/// E05013571 Hillingdon East, are Hillingdon's; the older file itself
/// publishes it under Hillingdon too).
#[test]
fn every_ward_is_labelled_with_its_london_borough() {
    use colcrime::sources::ward_borough::is_london_borough;
    let newest = read_ward_file(&nd(NEWEST)).unwrap();
    let older = read_ward_file(&nd(OLDER)).unwrap();
    // The file as published: one ward under a unit that is not a borough.
    assert!(
        newest
            .rows
            .iter()
            .any(|r| r.ward_code == "E05013570" && r.borough == "Aviation Security (SO18)")
    );
    assert!(
        older
            .rows
            .iter()
            .any(|r| r.ward_code == "E05013570" && r.borough == "Hillingdon")
    );
    let pop = read_ward_population(&nd(CENSUS)).unwrap();
    let h = hotspots::hotspots(&[older, newest], &pop, &WardOffence::ALL, 700).unwrap();
    for o in h.offences.values() {
        let bad: Vec<(&str, &str)> = o
            .ranked
            .iter()
            .filter(|w| !is_london_borough(&w.borough))
            .map(|w| (w.ward.as_str(), w.borough.as_str()))
            .collect();
        assert!(bad.is_empty(), "{}: {bad:?}", o.offence);
        let heathrow = o
            .ranked
            .iter()
            .find(|w| w.ward_code == "E05013570")
            .unwrap();
        assert_eq!(heathrow.borough, "Hillingdon");
        assert_eq!(heathrow.ward, "Heathrow Villages");
        // 21 wards in Hillingdon since the 2022 review, Heathrow Villages
        // among them; 32 boroughs in all (the City has no ward rows).
        let hillingdon = o
            .ranked
            .iter()
            .filter(|w| w.borough == "Hillingdon")
            .count();
        assert_eq!(hillingdon, 21, "{}", o.offence);
        let boroughs: std::collections::BTreeSet<&str> =
            o.ranked.iter().map(|w| w.borough.as_str()).collect();
        assert_eq!(boroughs.len(), 32, "{}", o.offence);
    }
    // The mapping is recorded and stated in the data notes.
    assert_eq!(h.relabelled.len(), 1);
    assert_eq!(h.relabelled[0].published, "Aviation Security (SO18)");
    assert_eq!(h.relabelled[0].borough.as_deref(), Some("Hillingdon"));
    let note = h
        .notes
        .iter()
        .find(|n| n.contains("Heathrow Villages"))
        .expect("a data note on Heathrow Villages");
    assert!(
        note.contains("Hillingdon") && note.contains("block of codes"),
        "{note}"
    );
    let json = serde_json::to_value(&h).unwrap();
    assert_eq!(json["relabelled"][0]["borough"], "Hillingdon");
}

/// The borough small multiples of robbery's ward rates: one panel per
/// borough, ordered by the median ward, with the medians recomputed here
/// from the ward file and the Census file read with the csv crate alone.
#[test]
fn borough_panels_of_ward_rates_follow_from_the_files() {
    use colcrime::charts::PanelScale;
    let tables = vec![read_ward_file(&nd(NEWEST)).unwrap()];
    let pop = read_ward_population(&nd(CENSUS)).unwrap();
    let h = hotspots::hotspots(&tables, &pop, &[WardOffence::Robbery], 5).unwrap();
    let chart = colcrime::evidence::charts::borough_strips_chart(&h.offences["robbery"]).unwrap();
    // Independent: counts per ward code, the Census population, the borough
    // of each code as published (Heathrow Villages moved to Hillingdon).
    let counts = independent_ward_counts("ROBBERY", None);
    let mut people: BTreeMap<String, f64> = BTreeMap::new();
    let mut rdr = csv::Reader::from_path(nd(CENSUS)).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        *people.entry(r[0].to_string()).or_default() += r[4].parse::<f64>().unwrap();
    }
    let mut borough_of: BTreeMap<String, String> = BTreeMap::new();
    let mut rdr = csv::Reader::from_path(nd(NEWEST)).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        let b = if &r[4] == "Aviation Security (SO18)" {
            "Hillingdon"
        } else {
            &r[4]
        };
        borough_of
            .entry(r[3].to_string())
            .or_insert_with(|| b.to_string());
    }
    let mut rates: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (code, n) in &counts {
        if let Some(p) = people.get(code) {
            rates
                .entry(borough_of[code].clone())
                .or_default()
                .push(*n as f64 / p * 1000.0);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    };
    let mut want: Vec<(String, f64, usize)> = rates
        .into_iter()
        .map(|(b, mut v)| (b, median(&mut v), v.len()))
        .collect();
    want.sort_by(|a, b| b.1.total_cmp(&a.1));
    assert_eq!(chart.panels.len(), want.len());
    for (p, (b, m, n)) in chart.panels.iter().zip(&want) {
        assert_eq!(&p.label, b);
        assert_eq!(p.values.len(), *n, "{b}");
        assert_close(p.median(), *m, REL_CLOSED, b);
    }
    // Rates from about 0 to over 100 per 1,000: a log scale, the ward with
    // none at its left edge (said in the subtitle).
    assert_eq!(chart.scale, PanelScale::Log);
    assert!(
        chart
            .subtitle
            .contains("the ward with none at the left edge"),
        "{}",
        chart.subtitle
    );
    let (top, bottom) = (&want[0], &want[want.len() - 1]);
    let ratio = top.1 / bottom.1;
    assert!(
        chart.title.starts_with(&format!(
            "{}'s median ward has {:.1} times the robbery rate of {}'s",
            top.0, ratio, bottom.0
        )),
        "{}",
        chart.title
    );
}
