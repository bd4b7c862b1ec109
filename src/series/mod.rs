//! Time-indexed data: [`Period`] and [`Frequency`], the [`Series`] type with
//! its [`Provenance`], and the rectangular [`Frame`] models are fitted to.

pub mod frame;
pub mod period;
#[allow(clippy::module_inception)]
mod series;

pub use frame::Frame;
pub use period::{Frequency, Period};
pub use series::{Measure, Provenance, Series};
