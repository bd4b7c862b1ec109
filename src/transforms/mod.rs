//! Transforms of [`Series`](crate::series::Series): logs, differences,
//! growth rates, lags, aggregation to lower frequencies, deflation by a
//! price index, rates per population and alignment on a common index.
//!
//! Every transform keeps the series' metadata and provenance, and missing
//! values propagate (a difference involving a missing value is missing).
//!
//! ```
//! use colcrime::series::{Period, Series};
//! use colcrime::transforms::{diff, lag, log};
//! let s = Series::new("y", Period::year(2000), vec![1.0, std::f64::consts::E]);
//! assert_eq!(log(&s).unwrap().values()[1], 1.0);
//! assert!(lag(&s, 1).values()[0].is_nan());
//! assert_eq!(diff(&s, 1).values()[1], std::f64::consts::E - 1.0);
//! ```

mod aggregate;
mod align;
mod basic;
mod deflate;
mod rates;

pub use aggregate::{Aggregation, aggregate, rolling_sum};
pub use align::{align, overlap};
pub use basic::{diff, growth, lag, log};
pub use deflate::{deflate, rebase};
pub use rates::{interpolate_linear, per_capita};
