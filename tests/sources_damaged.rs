//! Every reader on damaged copies of the real shipped files (issue 3, "Bad
//! input"): a value replaced by text, an empty file, a file that is not CSV,
//! a duplicated period, an unknown month name, a changed header, truncation,
//! and a BOM with CRLF line ends (which must read exactly as the original).
//! Errors name the file and the line (exit code 2); nothing panics.

use std::path::PathBuf;

use colcrime::sources::{Dataset, read_bytes};
use proptest::prelude::*;

fn nd(rel: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("notebooks-data")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The first `n` lines of a real file (keeps the tests fast).
fn head(rel: &str, n: usize) -> String {
    let text = String::from_utf8(nd(rel)).unwrap();
    text.split_inclusive('\n').take(n).collect()
}

/// Files whose rows end in a value, with a data line (0-based) to damage.
const VALUE_ROWS: &[(&str, usize)] = &[
    ("ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv", 119),
    (
        "met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv",
        119,
    ),
    (
        "met_police_borough/MPS_Borough_Level_Crime_Historic_oldclass_200801-201612.csv",
        119,
    ),
    ("london_econ/cpih_division_indices_198801-202511.csv", 119),
    ("police_recorded_crime_ew/rec-crime-pfa_2003-2018.csv", 119),
    ("london_econ/boe_bank_rate_history.csv", 60),
];

fn sums(d: &Dataset) -> Vec<(String, usize, f64)> {
    d.series
        .iter()
        .map(|s| {
            let v = s.values();
            (
                s.name.clone(),
                v.len(),
                v.iter().filter(|x| x.is_finite()).sum(),
            )
        })
        .collect()
}

#[test]
fn a_value_replaced_by_text_names_file_line_and_value() {
    for (rel, line) in VALUE_ROWS {
        let text = head(rel, 200);
        let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
        let row = lines[*line].trim_end().to_string();
        let cut = row.rfind(',').unwrap();
        let last = &row[cut + 1..];
        let damaged = if last.starts_with('"') {
            "\"12abc\"".to_string()
        } else {
            "12abc".to_string()
        };
        lines[*line] = format!("{}{}\n", &row[..=cut], damaged);
        let name = format!("damaged/{rel}");
        let e = read_bytes(&name, lines.concat().as_bytes())
            .err()
            .unwrap_or_else(|| panic!("{rel}: text in a value cell was accepted"));
        let msg = e.to_string();
        assert_eq!(e.exit_code(), 2, "{rel}: {msg}");
        assert!(msg.contains(&name), "{rel}: file not named: {msg}");
        assert!(
            msg.contains(&format!(":{}", line + 1)),
            "{rel}: line {} not named: {msg}",
            line + 1
        );
        assert!(msg.contains("12abc"), "{rel}: value not shown: {msg}");
    }
}

#[test]
fn bom_and_crlf_read_exactly_as_the_original() {
    for (rel, _) in VALUE_ROWS {
        let text = head(rel, 200);
        let plain = read_bytes(rel, text.trim_start_matches('\u{feff}').as_bytes()).unwrap();
        let crlf = format!(
            "\u{feff}{}",
            text.trim_start_matches('\u{feff}').replace('\n', "\r\n")
        );
        let other = read_bytes(rel, crlf.as_bytes()).unwrap();
        assert_eq!(sums(&plain), sums(&other), "{rel}");
    }
}

#[test]
fn empty_and_binary_files_are_clear_errors() {
    for bytes in [
        &b""[..],
        &b"   \n\n"[..],
        &[0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe, 7, 3][..],
        &b"PK\x03\x04 not really a workbook"[..],
    ] {
        let e = read_bytes("broken.csv", bytes).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{e}");
        assert!(e.to_string().contains("broken.csv"), "{e}");
    }
}

#[test]
fn a_duplicated_period_is_an_error_with_both_lines() {
    let rel = "ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv";
    let text = head(rel, 200);
    let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    let dup = lines[150].clone();
    lines.insert(151, dup);
    let e = read_bytes(rel, lines.concat().as_bytes()).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains(":152"), "{e}");
}

#[test]
fn an_unknown_month_name_is_an_error() {
    let rel = "ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv";
    let text = nd(rel);
    let text = String::from_utf8(text).unwrap();
    let i = text.find(" JAN\"").expect("a monthly row");
    let line = text[..i].matches('\n').count() + 1;
    let damaged = format!("{} JNA{}", &text[..i], &text[i + 4..]);
    let e = read_bytes(rel, damaged.as_bytes()).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let msg = e.to_string();
    assert!(msg.contains(&format!(":{line}")), "{msg}");
    assert!(msg.contains("JNA"), "{msg}");
}

#[test]
fn a_changed_header_is_refused_or_read_without_loss() {
    // Renaming the month columns of a Met file leaves no month columns to read.
    let rel = "met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv";
    let text = head(rel, 50);
    let (first, rest) = text.split_once('\n').unwrap();
    let renamed: Vec<String> = first
        .split(',')
        .enumerate()
        .map(|(i, c)| {
            if i >= 3 {
                format!("m{c}")
            } else {
                c.to_string()
            }
        })
        .collect();
    let damaged = format!("{}\n{rest}", renamed.join(","));
    match read_bytes(rel, damaged.as_bytes()) {
        Err(e) => assert_eq!(e.exit_code(), 2, "{e}"),
        Ok(d) => panic!(
            "a header without months was read as {} series",
            d.series.len()
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Truncated anywhere, with a few bytes overwritten: an answer or an
    /// error, never a panic; an error always names the file.
    #[test]
    fn damaged_real_files_never_panic(
        which in 0usize..VALUE_ROWS.len(),
        cut in 0.0f64..1.0,
        flips in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..4),
    ) {
        let (rel, _) = VALUE_ROWS[which];
        let mut bytes = head(rel, 80).into_bytes();
        let n = ((bytes.len() as f64) * cut) as usize;
        bytes.truncate(n);
        for (at, b) in flips {
            if !bytes.is_empty() {
                let i = ((bytes.len() as f64) * at) as usize % bytes.len();
                bytes[i] = b;
            }
        }
        if let Err(e) = read_bytes("damaged.csv", &bytes) {
            prop_assert!(e.to_string().contains("damaged.csv"), "{}", e);
        }
    }
}
