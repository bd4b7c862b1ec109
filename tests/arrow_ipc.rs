//! Arrow IPC files and streams written by pandas (Feather v2, LZ4; a
//! `PeriodIndex` column as pyarrow's `pandas.period` type, Zstandard),
//! pyarrow (a Zstandard stream of two record batches with a dictionary
//! column) and polars (file and stream, Utf8View strings) read exactly as
//! their CSV twin: the same frame through `--data`'s reader and the same
//! series through `sources::read`; a decimal column is an error naming the
//! file, line and column. Fixtures: `tests/fixtures/arrow/` (`generate.py`
//! wrote them).
#![cfg(feature = "arrow")]

mod common;

use std::path::PathBuf;

use colcrime::series::Frame;
use colcrime::series::frame::ReadOptions;

const FILES: [&str; 5] = [
    "pandas_lz4.feather",
    "pandas_period_zstd.feather",
    "pyarrow_stream_zstd.arrows",
    "polars.arrow",
    "polars_stream.arrows",
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/arrow")
        .join(name)
}

#[test]
fn arrow_from_pandas_pyarrow_and_polars_reads_as_its_csv_twin() {
    let twin = Frame::read_csv_with(&fixture("twin.csv"), ReadOptions::long_panel()).unwrap();
    assert_eq!(twin.nrows(), 8);
    assert!(twin.column("robbery").unwrap()[1].is_nan());
    assert_eq!(
        twin.text_column("borough").unwrap()[2],
        None,
        "[x] is missing"
    );
    for f in FILES {
        let p = Frame::read_csv_with(&fixture(f), ReadOptions::long_panel()).unwrap();
        common::assert_same_frame(&p, &twin, f);
        assert_eq!(p.index.as_ref().unwrap()[0].to_string(), "2023-01", "{f}");
        let ts = Frame::read_csv(&fixture(f)).unwrap();
        assert_eq!(ts.nrows(), 8, "{f}");
    }
}

#[test]
fn arrow_sources_give_the_csv_twins_series_with_the_files_digest() {
    let twin = colcrime::sources::read(&fixture("twin.csv")).unwrap();
    for f in FILES {
        let ds = colcrime::sources::read(&fixture(f)).unwrap();
        assert_eq!(ds.series.len(), twin.series.len(), "{f}");
        for (a, b) in ds.series.iter().zip(&twin.series) {
            assert_eq!(a.name, b.name, "{f}");
            assert_eq!(a.start(), b.start(), "{f}");
            assert_eq!(a.values().len(), b.values().len(), "{f}");
            for (u, v) in a.values().iter().zip(b.values()) {
                assert!(
                    u.to_bits() == v.to_bits() || (u.is_nan() && v.is_nan()),
                    "{f}: {}",
                    a.name
                );
            }
        }
        let bytes = std::fs::read(fixture(f)).unwrap();
        assert_eq!(ds.sha256, colcrime::sources::sha256_hex(&bytes), "{f}");
        assert!(
            ds.notes.iter().any(|n| n.contains("Arrow IPC")),
            "{f}: {:?}",
            ds.notes
        );
    }
}

#[test]
fn a_decimal_column_is_an_error_naming_file_line_and_column() {
    let e = Frame::read_csv(&fixture("pyarrow_decimal.arrow")).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("pyarrow_decimal.arrow:2"), "{msg}");
    assert!(msg.contains("column \"amount\""), "{msg}");
    assert!(msg.contains("decimal"), "{msg}");
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn a_cut_arrow_file_is_an_error_not_a_panic() {
    let bytes = std::fs::read(fixture("polars.arrow")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for cut in [8, bytes.len() / 2, bytes.len() - 3] {
        let p = dir.path().join(format!("cut{cut}.arrow"));
        std::fs::write(&p, &bytes[..cut]).unwrap();
        let e = Frame::read_csv(&p).unwrap_err();
        assert!(e.to_string().contains(&format!("cut{cut}.arrow")), "{e}");
        assert_eq!(e.exit_code(), 2, "{e}");
    }
}
