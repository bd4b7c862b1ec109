//! The readers of the evidence inputs on real file shapes: the ward
//! fixture (CRLF, a cut of the newest Met ward file), and damaged copies of
//! the shipped files, each error naming the file, the line and the column.

mod common;

use std::path::PathBuf;

use colcrime::sources::census_ward::parse_ward_population;
use colcrime::sources::crime_trend::parse_crime_trend;
use colcrime::sources::met_ward::{WardOffence, parse_ward_bytes, read_ward_file};
use colcrime::sources::pfa_table::parse_pfa_table;
use common::root;

fn nd(rel: &str) -> Vec<u8> {
    std::fs::read(root().join("notebooks-data").join(rel)).unwrap()
}

/// `text` with field `col` (0-based) of line `line` (1-based) replaced.
fn damage(text: &str, line: usize, col: usize, with: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    let l = &mut lines[line - 1];
    let cr = l.ends_with('\r');
    let mut cells: Vec<String> = l
        .trim_end_matches('\r')
        .split(',')
        .map(String::from)
        .collect();
    cells[col] = with.to_string();
    *l = cells.join(",") + if cr { "\r" } else { "" };
    lines.join("\n")
}

#[test]
fn the_ward_fixture_reads_with_its_crlf_line_ends() {
    let p: PathBuf = root().join("tests/fixtures/sources/met_ward_small.csv");
    let raw = std::fs::read(&p).unwrap();
    assert!(raw.windows(2).any(|w| w == b"\r\n"));
    let t = read_ward_file(&p).unwrap();
    assert_eq!(t.months.first().unwrap().to_string(), "2025-02");
    assert_eq!(t.months.len(), 14);
    assert_eq!(t.rows.len(), 27);
    assert_eq!(t.rows[0].line, 2);
    assert!(
        t.rows
            .iter()
            .any(|r| r.ward == "West End" && WardOffence::Robbery.matches(&r.major, &r.minor))
    );
}

#[test]
fn a_bad_ward_count_names_line_and_column() {
    let text = String::from_utf8(nd(
        "met_police_ward/MPS_Ward_Level_Crime_recent24m_202403-202603.csv",
    ))
    .unwrap();
    let bad = damage(&text, 101, 7, "12a");
    let e = parse_ward_bytes("ward.csv", bad.as_bytes()).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let loc = e.location().unwrap();
    assert_eq!((loc.line, loc.column), (Some(101), Some(8)), "{e}");
    assert_eq!(loc.column_name.as_deref(), Some("202405"));
    assert!(e.to_string().contains("found \"12a\""), "{e}");
    // A missing marker is missing, not an error and not zero.
    let marked = damage(&text, 101, 7, "..");
    let t = parse_ward_bytes("ward.csv", marked.as_bytes()).unwrap();
    assert!(t.rows[99].counts[2].is_nan());
}

#[test]
fn the_older_ward_file_with_crlf_reports_the_right_line() {
    let text = String::from_utf8(nd(
        "met_police_ward/MPS_Ward_Level_Crime_recent24m_202304-202503.csv",
    ))
    .unwrap();
    assert!(text.contains("\r\n"));
    let bad = damage(&text, 5000, 5, "-3");
    let e = parse_ward_bytes("ward.csv", bad.as_bytes()).unwrap_err();
    let loc = e.location().unwrap();
    assert_eq!((loc.line, loc.column), (Some(5000), Some(6)), "{e}");
}

#[test]
fn a_bad_census_observation_names_line_and_column() {
    let text = String::from_utf8(nd(
        "london_population/census2021_ward_usual_residents_by_residence_type_london.csv",
    ))
    .unwrap();
    let bad = damage(&text, 40, 4, "many");
    let e = parse_ward_population("pop.csv", bad.as_bytes()).unwrap_err();
    let loc = e.location().unwrap();
    assert_eq!((loc.line, loc.column), (Some(40), Some(5)), "{e}");
    // A suppressed cell makes the ward's population missing.
    let marked = damage(&text, 40, 4, "[c]");
    let p = parse_ward_population("pop.csv", marked.as_bytes()).unwrap();
    let code = text.split('\n').nth(39).unwrap().split(',').next().unwrap();
    assert_eq!(p.get(code), None);
}

#[test]
fn table_p1_keeps_file_lines_across_its_multi_line_header() {
    let bytes = nd("ons_pfa_tables/ons_pfa_TableP1_counts_by_PFA_yejune2025.csv");
    let t = parse_pfa_table("p1.csv", &bytes).unwrap();
    // Six preamble lines, a header spread over three lines, then E&W on line 10.
    assert_eq!(t.header_line, 7);
    assert_eq!(t.rows[0].code, "K04000001");
    assert_eq!(t.rows[0].line, 10);
    assert_eq!(t.value("E12000007", "Robbery").unwrap(), 33_752.0);
    // Missing markers are missing, not zero.
    let text = String::from_utf8(bytes).unwrap();
    let london = text
        .split('\n')
        .position(|l| l.starts_with("E12000007"))
        .unwrap()
        + 1;
    let with = |cell: &str| {
        let mut lines: Vec<&str> = text.split('\n').collect();
        let fixed = lines[london - 1].replacen("\"33,752\"", cell, 1);
        lines[london - 1] = &fixed;
        lines.join("\n")
    };
    let m = parse_pfa_table("p1.csv", with("[x]").as_bytes()).unwrap();
    assert!(m.value("E12000007", "Robbery").unwrap().is_nan());
    let e = parse_pfa_table("p1.csv", with("n.a.").as_bytes()).unwrap_err();
    let loc = e.location().unwrap();
    assert_eq!(
        (loc.line, loc.column),
        (Some(london as u64), Some(11)),
        "{e}"
    );
    assert_eq!(loc.column_name.as_deref(), Some("Robbery"));
}

#[test]
fn a_broken_trend_file_names_line_and_column() {
    let text = String::from_utf8(nd(
        "ons_crime_trends_ew/wiah_crime_trends_ew_A5a_2002-03_to_2024-25.json",
    ))
    .unwrap();
    let bad = text.replacen("\"count\": 708742", "\"count\": 708742,,", 1);
    let e = parse_crime_trend("t.json", bad.as_bytes()).unwrap_err();
    let loc = e.location().unwrap();
    assert_eq!(loc.line, Some(10), "{e}");
    assert!(loc.column.is_some(), "{e}");
}
