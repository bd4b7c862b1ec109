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

pub mod charts;
pub mod cli;
pub mod error;
pub mod forecast;
pub mod formula;
pub mod hash;
pub mod json;
pub mod models;
pub mod series;
pub mod sources;
pub mod spreadsheet;
pub mod stats;
pub mod transforms;
pub mod workspace;

pub use error::{Error, Result};
