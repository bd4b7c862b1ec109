//! Parquet files written by pandas (pyarrow, Snappy), polars (Zstandard)
//! and pyarrow (LZ4) read exactly as their CSV twin: the same frame through
//! `--data`'s reader and the same series through `sources::read`; a codec
//! this build does not read (gzip) is a clear error naming the file.
//! Fixtures: `tests/fixtures/parquet/` (`generate.py` wrote them).
#![cfg(feature = "parquet")]

mod common;

use std::path::PathBuf;

use colcrime::series::Frame;
use colcrime::series::frame::ReadOptions;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/parquet")
        .join(name)
}

#[test]
fn parquet_from_pandas_polars_and_pyarrow_reads_as_its_csv_twin() {
    let twin = Frame::read_csv_with(&fixture("twin.csv"), ReadOptions::long_panel()).unwrap();
    assert_eq!(twin.nrows(), 8);
    assert!(twin.column("robbery").unwrap()[1].is_nan());
    for f in [
        "pandas_snappy.parquet",
        "polars_zstd.parquet",
        "pyarrow_lz4.parquet",
    ] {
        let p = Frame::read_csv_with(&fixture(f), ReadOptions::long_panel()).unwrap();
        common::assert_same_frame(&p, &twin, f);
        assert_eq!(p.index.as_ref().unwrap()[0].to_string(), "2023-01", "{f}");
        // The time-series reader too (the dates are monthly, each once).
        let ts = Frame::read_csv(&fixture(f)).unwrap();
        assert_eq!(ts.nrows(), 8);
    }
}

#[test]
fn parquet_sources_give_the_csv_twins_series_with_the_files_digest() {
    let twin = colcrime::sources::read(&fixture("twin.csv")).unwrap();
    for f in ["pandas_snappy.parquet", "polars_zstd.parquet"] {
        let ds = colcrime::sources::read(&fixture(f)).unwrap();
        assert_eq!(ds.series.len(), twin.series.len(), "{f}");
        for (a, b) in ds.series.iter().zip(&twin.series) {
            assert_eq!(a.name, b.name);
            assert_eq!(a.start(), b.start());
            assert_eq!(a.values().len(), b.values().len());
            for (u, v) in a.values().iter().zip(b.values()) {
                assert!(
                    u.to_bits() == v.to_bits() || (u.is_nan() && v.is_nan()),
                    "{f}: {}",
                    a.name
                );
            }
        }
        let bytes = std::fs::read(fixture(f)).unwrap();
        assert_eq!(ds.sha256, colcrime::sources::sha256_hex(&bytes));
    }
}

#[test]
fn an_unsupported_codec_is_an_error_naming_the_file() {
    let e = Frame::read_csv(&fixture("pyarrow_gzip.parquet")).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("pyarrow_gzip.parquet"), "{msg}");
    assert!(msg.contains("Parquet"), "{msg}");
    assert_eq!(e.exit_code(), 2);
}
