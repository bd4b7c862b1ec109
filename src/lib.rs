//! # colcrime
//!
//! Link the cost of living to crime with official UK statistics.
//!
//! Data flows one way: [`sources`] read the published formats into
//! [`series::Series`]; [`transforms`] align, aggregate, log, difference,
//! deflate and turn counts into rates; [`models`] fit regressions, count
//! models and time-series models on the shared numerics of [`stats`];
//! results become JSON, [`forecast`]s,
//! [`charts`] and briefings; a [`workspace`] declares the whole chain so that
//! `colcrime run` reproduces a briefing from raw files.
//!
//! ## Cargo features
//!
//! | feature  | default | adds |
//! |----------|---------|------|
//! | `cli`    | on      | the `colcrime` binary and the `cli` module (clap, indicatif); implies `charts` and `xlsx` |
//! | `charts` | on      | the `charts` module (plotters, ab_glyph) and the `workspace` module, whose briefings draw charts |
//! | `xlsx`   | on      | reading xlsx workbooks in [`sources`] (calamine); without it a workbook is an [`Error`] naming the feature |
//!
//! The models, series, sources, transforms, formulas and forecasts need none
//! of them: `colcrime = { version = "0.1", default-features = false }`.
//!
//! ```
//! use colcrime::series::{Period, Series};
//! use colcrime::transforms;
//! let cpi = Series::new("cpi", Period::month(2024, 1).unwrap(), vec![100.0, 101.0, 102.0]);
//! let g = transforms::growth(&cpi, 1);
//! assert!((g.values()[1] - 1.0).abs() < 1e-12);
//! ```
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]

#[cfg(feature = "charts")]
pub mod charts;
#[cfg(feature = "cli")]
pub mod cli;
pub mod doc;
pub mod error;
pub mod evidence;
pub mod forecast;
pub mod formula;
pub mod hash;
pub mod json;
pub mod kinds;
pub mod models;
pub mod progress;
pub mod series;
pub mod sources;
pub mod spreadsheet;
pub mod stats;
pub mod transforms;
#[cfg(feature = "charts")]
pub mod workspace;

pub use error::{Error, Result};
