//! `colcrime data export --out FILE.parquet`: the workspace's series written
//! as Parquet read back by colcrime with exactly the periods and values of
//! the CSV export (every bit, missing values as missing), for a quarterly
//! and a monthly table; the CSV file equals the contract's stdout CSV; the
//! format follows `--file-format` over the extension; Parquet is never
//! written to stdout. (pandas, pyarrow and polars read the same files in
//! `python/tests/test_parquet.py`.)
#![cfg(all(feature = "cli", feature = "parquet"))]

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use colcrime::series::Frame;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `colcrime --format json data export ...` in the repository root;
/// returns the exit code, stdout and stderr.
fn export(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "data", "export"])
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check_round_trip(dir: &Path, series: &str, freq: &str, first: &str) {
    let pq = dir.join(format!("{freq}.parquet"));
    let csv = dir.join(format!("{freq}.csv"));
    for p in [&pq, &csv] {
        let (code, out, err) = export(&["--series", series, "--out", p.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["first_period"], first, "{out}");
        let want = if p == &pq { "parquet" } else { "csv" };
        assert_eq!(v["file_format"], want, "{out}");
    }
    assert_eq!(&std::fs::read(&pq).unwrap()[..4], b"PAR1");
    let a = Frame::read_csv(&pq).unwrap();
    let b = Frame::read_csv(&csv).unwrap();
    common::assert_same_frame(&a, &b, freq);
    assert_eq!(
        a.index.as_ref().unwrap()[0].freq().name(),
        freq,
        "the period index is inferred as the CSV's"
    );
    // Missing values stay missing (the ragged starts of these series).
    let missing: usize = a
        .names()
        .iter()
        .map(|n| a.column(n).unwrap().iter().filter(|v| v.is_nan()).count())
        .sum();
    assert!(
        missing > 0,
        "{freq}: the export has missing values to carry"
    );
    // The CSV file is the contract's stdout CSV, byte for byte.
    let stdout = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["data", "export", "--series", series])
        .current_dir(root())
        .output()
        .unwrap()
        .stdout;
    assert_eq!(std::fs::read(&csv).unwrap(), stdout);
}

#[test]
fn parquet_export_reads_back_as_the_csv_export() {
    let dir = tempfile::tempdir().unwrap();
    check_round_trip(
        dir.path(),
        "london_robbery_q,cpi_q,real_pay_growth_q",
        "quarterly",
        "1989-01-01",
    );
    check_round_trip(dir.path(), "london_robbery,cpi", "monthly", "1989-01-01");
}

#[test]
fn file_format_overrides_the_extension_and_needs_out() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.dat");
    let (code, out, err) = export(&[
        "--series",
        "cpi_q",
        "--out",
        p.to_str().unwrap(),
        "--file-format",
        "parquet",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"file_format\":\"parquet\""), "{out}");
    assert_eq!(&std::fs::read(&p).unwrap()[..4], b"PAR1");
    let p = dir.path().join("t.parquet");
    let (code, _, err) = export(&[
        "--series",
        "cpi_q",
        "--out",
        p.to_str().unwrap(),
        "--file-format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&p)
            .unwrap()
            .starts_with("date,cpi_q\n")
    );
    // Parquet is never written to a terminal or pipe.
    let (code, _, err) = export(&["--series", "cpi_q", "--file-format", "parquet"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--out"), "{err}");
}
